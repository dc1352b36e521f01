"""Learn the extractor's scorer from a labelled article set, and say how well it carries over.

    pip install -e '.[train]'
    python scripts/train.py ../shared/eval/dev            # fit, write the model, report
    python scripts/train.py ../shared/eval/dev --report   # report only (CI): fitted and cross-validated

SET_DIR holds articles/ and gold/ as the dev-set scorer expects. Every candidate the
patterns propose (a draft with features) is labelled by matching it against the gold
cards exactly as the scorer matches (NFKC, lower case, no white space, the gold text a
substring of the card's key or front; the longest item met wins): met a required item
-> positive, met an optional item -> left out, met nothing -> negative; when several
candidates with different keys meet one item, only the closest (shortest extra text)
is positive, since the scorer counts the others as duplicates.

Per kind, an L2-regularised logistic regression (Newton's method, numpy) turns the
features into a confidence (the penalty pulls a weight towards its prior: 0, or the
value a rule's feature registers in its kind's PRIORS, so a rule the dev set rarely
shows still counts and enough data can overrule it; a kind whose training articles
hold no negative at all gets its smoothed odds and those priors, where it used to get
no model); the threshold is the one with the best precision-weighted F-score (F0.6:
precision first, then recall) end to end on held-out articles, chosen on
cross-validated predictions (--precision 0.85 instead asks for that precision, then recall). The
report shows the fitted figures (the model scored on the articles it learned from) and
the cross-validated ones (5 folds by article, each fold's weights and threshold learned
without it; and leave-one-article-out, where each article is decided by the model the
same procedure learns from all the others, thresholds picked on 5 folds of those): the
cross-validated figures are the ones that predict unseen articles. Leave-one-out is
deterministic (no fold-layout luck) and closest to "the shipped model on a new article".
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from trainset import Doc, Item, gold_hits, labels, learned_from, load

from flashnotes.extract.decide import score
from flashnotes.extract.draft import Draft
from flashnotes.extract.pipeline import resolve
from flashnotes.extract.quiz_features import PRIORS as QUIZ_PRIORS
from flashnotes.extract.scorer import MODEL_FILE, KindModel, Model

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "flashnotes" / "extract" / "data" / MODEL_FILE
KINDS = ("definition", "formula", "quiz", "cloze")
GRID = [round(0.05 + 0.01 * i, 2) for i in range(91)]
MIN_SUPPORT = 3
ARTICLE_POWER = 1.0
DROP: tuple[str, ...] = ()
PRIORS = {"quiz": QUIZ_PRIORS}  # prior weights by kind (see fit)


def fit(
    rows: list[dict[str, float]],
    ys: list[int],
    l2: float,
    weights_of_rows: list[float] | None = None,
    priors: dict[str, float] | None = None,
) -> tuple[float, dict[str, float]]:
    """L2-regularised, sample-weighted logistic regression by Newton's method: (bias, weights)."""
    support: dict[str, int] = defaultdict(int)
    for row in rows:
        for name in row:
            support[name] += 1
    priors = priors or {}
    names = sorted({n for n, c in support.items() if c >= MIN_SUPPORT and not n.startswith(DROP)} | set(priors))
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(rows), len(names) + 1))
    for r, row in enumerate(rows):
        for name, value in row.items():
            if name in index:
                x[r, index[name]] = value
    x[:, -1] = 1.0
    y = np.asarray(ys, dtype=float)
    sw = np.ones(len(rows)) if weights_of_rows is None else np.asarray(weights_of_rows, dtype=float)
    reg = np.full(len(names) + 1, l2)
    reg[-1] = 1e-4
    # the penalty pulls each weight towards its prior (0 unless a rule gave one), not towards 0
    prior = np.array([priors.get(n, 0.0) for n in names] + [0.0])
    w = prior.copy()
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (sw * (p - y)) + reg * (w - prior)
        hess = (x * (sw * p * (1 - p))[:, None]).T @ x + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-9:
            break
    return float(w[-1]), {n: float(w[i]) for n, i in index.items() if abs(w[i]) > 1e-6}


def train(docs: list[Doc], l2: float, thresholds: dict[str, float]) -> Model:
    rows: dict[str, list[dict[str, float]]] = defaultdict(list)
    ys: dict[str, list[int]] = defaultdict(list)
    sws: dict[str, list[float]] = defaultdict(list)
    for doc in docs:
        labelled = [(d, y) for d, y in zip(doc.drafts, labels(doc), strict=True) if y is not None]
        counts: dict[str, int] = defaultdict(int)
        for draft, _ in labelled:
            counts[draft.kind.value] += 1
        for draft, label in labelled:
            kind = draft.kind.value
            rows[kind].append(draft.features)
            ys[kind].append(label)
            # an article counts by the square root of its candidates, so one long glossary does not
            # teach the model its own style
            sws[kind].append((counts[kind] ** ARTICLE_POWER) / counts[kind])
    kinds = {}
    for kind in sorted(rows):
        if len(set(ys[kind])) < 2:
            if kind in PRIORS:  # one class seen: its smoothed odds and the priors, not no model at all
                yes = sum(ys[kind])
                bias = math.log((yes + 1) / (len(ys[kind]) - yes + 1))
                kinds[kind] = KindModel(bias, thresholds.get(kind, 0.5), dict(PRIORS[kind]))
            continue
        total = sum(sws[kind])
        row_weights = [w * len(sws[kind]) / total for w in sws[kind]]
        bias, weights = fit(rows[kind], ys[kind], l2, row_weights, PRIORS.get(kind))
        kinds[kind] = KindModel(bias, thresholds.get(kind, 0.5), weights)
    return Model(kinds)


Scored = dict[str, list[Draft]]


def scored(docs: list[Doc], models: dict[str, Model]) -> Scored:
    """Each article's drafts with the confidence its own model gives them."""
    return {doc.name: score(doc.drafts, models[doc.name]) for doc in docs}


_COUNTS: dict[tuple[str, tuple[int, ...]], tuple[dict[str, int], dict[str, int], dict[str, int]]] = {}


def _doc_counts(
    doc: Doc, drafts: list[Draft], kept: tuple[int, ...], show: Model | None = None
) -> tuple[dict[str, int], ...]:
    """One article's (true, extracted, found) counts by kind for the drafts kept (memoised by which are kept).

    The cards made depend only on which drafts pass, not on their confidence, so a
    threshold sweep or a fold that keeps the same drafts reuses the count. ``show``: the
    article's model, to print its false alarms and misses with the evidence that decided them.
    """
    slot = (doc.name, kept)
    if not show and slot in _COUNTS:
        return _COUNTS[slot]
    tp: dict[str, int] = defaultdict(int)
    extracted: dict[str, int] = defaultdict(int)
    found: dict[str, int] = defaultdict(int)
    hit: set[int] = set()
    for draft in resolve(drafts[i] for i in kept):
        kind = draft.kind.value
        extracted[kind] += 1
        fresh = [g for g in gold_hits(doc, draft) if id(g) not in hit]
        if fresh:
            best = max(fresh, key=lambda g: len(g.match))
            hit.add(id(best))
            if best.optional:
                extracted[kind] -= 1
            else:
                tp[kind] += 1
        elif show:
            print(f"FALSE {doc.name}: {kind} {draft.confidence:.2f} {draft.key!r}\n      {_top(draft, show)}")
    for g in doc.gold:
        if not g.optional:
            found[g.kind] += id(g) in hit
            if show and id(g) not in hit:
                print(f"MISS  {doc.name}: {g.kind} {g.match!r}{_nearest(doc, drafts, g, show)}")
    _COUNTS[slot] = (tp, extracted, found)
    return _COUNTS[slot]


def _top(draft: Draft, model: Model, n: int = 8) -> str:
    """A candidate's strongest evidence for --show: each feature's weighted share of the score."""
    kind_model = model.get(draft.kind.value)
    weights = kind_model.weights if kind_model else {}
    parts = sorted(((name, weights.get(name, 0.0) * v) for name, v in draft.features.items()), key=lambda t: -abs(t[1]))
    return " ".join(f"{name}{w:+.2f}" for name, w in parts[:n])


def _nearest(doc: Doc, drafts: list[Draft], item: Item, model: Model) -> str:
    """The most confident candidate that would have met a missed gold item, for --show ('' if none did)."""
    meeting = [d for d in drafts if d.features and item in gold_hits(doc, d)]
    if not meeting:
        return "  (no candidate proposed)"
    best = max(meeting, key=lambda d: d.confidence)
    return f"  best candidate {best.confidence:.2f} {best.key!r}\n      {_top(best, model)}"


_DECIDED: dict[int, tuple[list[Draft], list[tuple[str | None, float]]]] = {}


def _decided(drafts: list[Draft]) -> list[tuple[str | None, float]]:
    """Each draft's scored kind (None: not scored) and confidence, worked out once per scored list."""
    slot = _DECIDED.get(id(drafts))
    if slot is None or slot[0] is not drafts:
        if len(_DECIDED) > 4096:
            _DECIDED.clear()
        slot = (drafts, [(d.kind.value if d.features else None, d.confidence) for d in drafts])
        _DECIDED[id(drafts)] = slot  # the list is kept with its entry, so its id is not reused meanwhile
    return slot[1]


def evaluate(
    docs: list[Doc], drafts: Scored, bars: dict[str, dict[str, float]], show: dict[str, Model] | None = None
) -> dict[str, dict]:
    """End-to-end figures by the scorer's rules; ``bars`` gives each article's threshold by kind.

    ``show`` (each article's model) prints every false alarm and miss with its evidence.
    """
    tp: dict[str, int] = defaultdict(int)
    extracted: dict[str, int] = defaultdict(int)
    required: dict[str, int] = defaultdict(int)
    found: dict[str, int] = defaultdict(int)
    for doc in docs:
        bar = bars[doc.name]
        mine = drafts[doc.name]
        kept = tuple(i for i, (kind, c) in enumerate(_decided(mine)) if kind is None or c >= bar.get(kind, 0.0))
        counts = _doc_counts(doc, mine, kept, show[doc.name] if show else None)
        for total, part in zip((tp, extracted, found), counts, strict=True):
            for kind, n in part.items():
                total[kind] += n
        for g in doc.gold:
            if not g.optional:
                required[g.kind] += 1
    out = {}
    for kind in (*KINDS, "all"):
        if kind == "all":
            t, e, r, f = sum(tp.values()), sum(extracted.values()), sum(required.values()), sum(found.values())
        else:
            t, e, r, f = tp[kind], extracted[kind], required[kind], found[kind]
        p = t / e if e else (1.0 if r == 0 else 0.0)
        rc = f / r if r else 1.0
        out[kind] = {"precision": p, "recall": rc, "f1": 2 * p * rc / (p + rc) if p + rc else 0.0, "cards": e}
    return out


def folds(docs: list[Doc], k: int) -> list[list[Doc]]:
    return [docs[i::k] for i in range(k)]


def out_of_fold(docs: list[Doc], k: int, l2: float) -> dict[str, Model]:
    models: dict[str, Model] = {}
    for held in folds(docs, k):
        names = {d.name for d in held}
        model = train([d for d in docs if d.name not in names], l2, {})
        models.update({d.name: model for d in held})
    return models


def pick_thresholds(docs: list[Doc], models: dict[str, Model], target: float) -> dict[str, float]:
    """Per scored kind, the threshold with the best F1 among those whose precision reaches ``target``."""
    kinds = sorted({k for m in models.values() for k in m.kinds})
    drafts = scored(docs, models)
    chosen = {kind: 0.5 for kind in kinds}
    for _ in range(2 if len(kinds) > 1 else 1):
        for kind in kinds:
            ranks: list[tuple[float, float]] = []
            for t in GRID:
                trial = {**chosen, kind: t}
                row = evaluate(docs, drafts, {d.name: trial for d in docs})[kind]
                if target > 1.0:  # an F-beta criterion: beta = target - 1 (e.g. 1.5 -> F0.5)
                    beta2 = (target - 1.0) ** 2
                    p, r = row["precision"], row["recall"]
                    fb = (1 + beta2) * p * r / (beta2 * p + r) if p + r else 0.0
                    ranks.append((1.0, fb))
                else:
                    ok = row["precision"] >= target
                    ranks.append((float(ok), row["f1"] if ok else row["precision"]))
            chosen[kind] = _middle_of_best(ranks)
    return chosen


def _middle_of_best(ranks: list[tuple[float, float]]) -> float:
    """The threshold in the middle of the first run of best-ranked ones (the widest margin on both sides).

    When few negatives are seen, every threshold between the highest negative and the
    lowest positive ties: the lowest of them would sit just above the negatives seen.
    """
    best = max(ranks)
    first = ranks.index(best)
    last = first
    while last + 1 < len(ranks) and ranks[last + 1] == best:
        last += 1
    return GRID[(first + last) // 2]


def cross_validate(
    docs: list[Doc], k: int, l2: float, target: float, *, inner: int | None = None, show: bool = False
) -> tuple[dict[str, dict], dict[str, float]]:
    """Figures on each fold from weights and thresholds learned on the other folds only.

    The thresholds of a fold are picked on ``inner`` folds of the other articles (default
    ``k - 1``); ``k = len(docs)`` with ``inner = 5`` is leave-one-article-out, each article
    decided by the model the shipping procedure would learn from all the others.
    """
    models: dict[str, Model] = {}
    fold_thresholds: dict[str, float] = defaultdict(float)
    for held in folds(docs, k):
        names = {d.name for d in held}
        rest = [d for d in docs if d.name not in names]
        thresholds = pick_thresholds(rest, out_of_fold(rest, inner or k - 1, l2), target)
        model = train(rest, l2, thresholds)
        models.update({d.name: model for d in held})
        for kind, t in thresholds.items():
            fold_thresholds[kind] += t / k
    return evaluate(docs, scored(docs, models), bars_of(models), models if show else None), dict(fold_thresholds)


def bars_of(models: dict[str, Model]) -> dict[str, dict[str, float]]:
    """Each article's thresholds: those of the model that decides it."""
    return {name: {k: m.threshold for k, m in model.kinds.items()} for name, model in models.items()}


def table(title: str, rows: dict[str, dict]) -> str:
    lines = [title, f"  {'kind':<11}{'precision':>10}{'recall':>8}{'f1':>7}{'cards':>7}"]
    for kind, r in rows.items():
        lines.append(f"  {kind:<11}{r['precision']:>10.3f}{r['recall']:>8.3f}{r['f1']:>7.3f}{r['cards']:>7}")
    return "\n".join(lines)


def mean_rows(runs: list[dict[str, dict]]) -> dict[str, dict]:
    """Each kind's figures averaged over several cross-validation runs (fold layouts)."""
    return {
        kind: {m: sum(run[kind][m] for run in runs) / len(runs) for m in ("precision", "recall", "f1")}
        | {"cards": round(sum(run[kind]["cards"] for run in runs) / len(runs))}
        for kind in runs[0]
    }


def spread(runs: list[dict[str, dict]]) -> str:
    """How far the fold layouts disagree: each kind's lowest and highest precision and F1."""
    lines = ["  range over the fold layouts (precision, f1):"]
    for kind in runs[0]:
        ps = [run[kind]["precision"] for run in runs]
        fs = [run[kind]["f1"] for run in runs]
        lines.append(f"  {kind:<11}{min(ps):.3f}-{max(ps):.3f}   {min(fs):.3f}-{max(fs):.3f}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set_dir", type=Path)
    parser.add_argument("--report", action="store_true", help="only report: do not write the model file")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=3.0, help="L2 penalty of the logistic regression")
    parser.add_argument(
        "--show",
        action="store_true",
        help="list the cross-validated false alarms and misses with their evidence (leave-one-out, else layout 0)",
    )
    parser.add_argument("--article-power", type=float, default=1.0, help="an article weighs (its candidates)^p")
    parser.add_argument(
        "--rotate",
        type=int,
        action="append",
        help="shift which articles share a fold (repeatable: each is one fold layout, and the report adds their mean)",
    )
    parser.add_argument(
        "--no-loao",
        action="store_true",
        help="skip the leave-one-article-out figures (each article scored by a model learned from all the others)",
    )
    parser.add_argument("--drop", action="append", default=[], help="leave out features starting so (ablation)")
    parser.add_argument(
        "--precision",
        type=float,
        default=1.6,
        help="threshold criterion: a precision to reach (<= 1), or 1 + beta for the best F-beta (1.6: F0.6)",
    )
    args = parser.parse_args()
    if not (args.set_dir / "articles").is_dir():
        print(f"train: {args.set_dir}/articles is not a folder", file=sys.stderr)
        return 2
    start = time.perf_counter()
    global DROP, ARTICLE_POWER  # noqa: PLW0603 - switches read by fit() and train()
    DROP = tuple(args.drop)
    ARTICLE_POWER = args.article_power
    docs = load(args.set_dir)
    print(learned_from(docs))
    thresholds = pick_thresholds(docs, out_of_fold(docs, args.folds, args.l2), args.precision)
    model = train(docs, args.l2, thresholds)
    everyone = {d.name: model for d in docs}
    fitted = evaluate(docs, scored(docs, everyone), bars_of(everyone))
    layouts = args.rotate or [0]
    show_layout = args.show and args.no_loao
    runs = [
        cross_validate(docs[r:] + docs[:r], args.folds, args.l2, args.precision, show=show_layout and n == 0)
        for n, r in enumerate(layouts)
    ]
    cv, cv_thresholds = runs[0]
    print(f"{len(docs)} articles; thresholds {thresholds} (mean over CV folds {cv_thresholds})")
    print(table("fitted (trained and scored on the same articles):", fitted))
    title = f"cross-validated ({args.folds} folds by article, each scored by a model that never saw it)"
    print(table(f"{title}, fold layout {layouts[0]}:", cv))
    if len(runs) > 1:
        print(table(f"{title}, mean over the fold layouts {layouts}:", mean_rows([run[0] for run in runs])))
        print(spread([run[0] for run in runs]))
    if not args.no_loao:
        loao, _ = cross_validate(docs, len(docs), args.l2, args.precision, inner=args.folds, show=args.show)
        title = f"cross-validated leave-one-article-out ({len(docs)} folds, deterministic: no fold-layout luck)"
        print(table(f"{title}:", loao))
    if not args.report:
        OUT.write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    print(f"({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
