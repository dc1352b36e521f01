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

Per kind, an L2-regularised logistic regression (scripts/logistic.py) turns the
features into a confidence. Two choices make it carry over to unseen articles:

- The penalty is chosen, not fixed: each kind with at least CHOOSE_NEGATIVES negatives
  takes the penalty of L2_GRID whose out-of-fold log loss (5 folds of the training
  articles) is lowest; a thinner kind keeps L2. Inside cross-validation this choice is
  made on each fold's training articles only, so no figure reported chose its own penalty.
- An article weighs the square root of its candidates (ARTICLE_POWER), not their count:
  one long glossary or Q&A page does not teach the model its own style.

A rule the dev set rarely shows enters as a prior weight the penalty pulls towards
(PRIORS: quiz questions put to the reader); a kind whose training articles hold no
negative at all gets its smoothed odds and those priors. --signs also holds each
feature whose direction CARDS.md states (SIGNS: labels, pronoun subjects, evaluative
bodies count against; explicit definitors for) to that direction or 0: tried, and
left off, since cross-validation did not confirm it (leave-one-out unchanged, the
fold-layout mean lower).

The threshold is the one with the best precision-weighted F-score (F0.6: precision
first, then recall: the issue's "precision first", stated once, not tuned per run) end
to end on held-out articles, chosen on cross-validated predictions (--precision 0.85
instead asks for that precision, then recall). The report shows the fitted figures
(the model scored on the articles it learned from) and the cross-validated ones (5 folds
by article, each fold's penalty, weights and threshold learned without it; and
leave-one-article-out, where each article is decided by the model the same procedure
learns from all the others, penalty and thresholds picked on 5 folds of those): the
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

from logistic import fit
from trainreport import mean_rows, nearest, spread, table, top
from trainset import Doc, gold_hits, labels, learned_from, load

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
# an article weighs (its candidates) ** ARTICLE_POWER: 0.5, the square root, so one long glossary
# does not teach the model its own style, yet an article with more candidates still says more
ARTICLE_POWER = 0.5
DROP: tuple[str, ...] = ()
PRIORS = {"quiz": QUIZ_PRIORS}  # prior weights by kind (see logistic.fit)
L2 = 3.0  # the penalty of a kind too thin to choose its own (and of every kind with --l2)
L2_GRID: tuple[float, ...] = (0.3, 1.0, 3.0, 10.0, 30.0)  # penalties choose_l2 picks from (empty: L2)
Penalty = float | dict[str, float]  # one L2 penalty, or one per kind
CHOOSE_NEGATIVES = 30  # a kind needs this many negatives to choose its own penalty (see choose_l2)
# Features whose direction CARDS.md states (by name: with --signs each may weigh 0 but never the other way)
SIGNED = False
SIGNS = {
    "t:digit_edge": -1,  # step, case and reference labels: 第1步, Case 1, 参考1
    "p:one_common_word": -1,  # section labels and discourse words alone: 注意, Note, 通常
    "p:first_r": -1,  # a pronoun or demonstrative subject: 这, 它, this, it
    "p:first_d": -1,  # a sentence adverb opening the subject: 甚至, 通常
    "p:first_c": -1,  # a conjunction opening the subject: 无论
    "b:ends_de": -1,  # an evaluative sentence: X是非常重要的
    "b:digit_start": -1,  # an incidental fact: X是2017年提出的
    "t:cut": -1,  # a subject cut short states a false fact
    "b:enumeration": -1,  # a label over a list of values
    "b:colon_end": -1,  # a bold label whose content is the list below it
    "src:zh_zhi": 1,  # the explicit definitors: X是指, X指的是
    "src:zh_define": 1,  # X被定义为
    "src:en_defined": 1,  # X is defined as
    "src:en_refers": 1,  # X refers to
}


def train(docs: list[Doc], l2: Penalty, thresholds: dict[str, float]) -> Model:
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
        penalty = l2.get(kind, L2) if isinstance(l2, dict) else l2
        bias, weights = fit(
            rows[kind],
            ys[kind],
            penalty,
            weights_of_rows=row_weights,
            priors=PRIORS.get(kind),
            signs=SIGNS if SIGNED else None,
            min_support=MIN_SUPPORT,
            drop=DROP,
        )
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
            print(f"FALSE {doc.name}: {kind} {draft.confidence:.2f} {draft.key!r}\n      {top(draft, show)}")
    for g in doc.gold:
        if not g.optional:
            found[g.kind] += id(g) in hit
            if show and id(g) not in hit:
                print(f"MISS  {doc.name}: {g.kind} {g.match!r}{nearest(doc, drafts, g, show)}")
    _COUNTS[slot] = (tp, extracted, found)
    return _COUNTS[slot]


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


def out_of_fold(docs: list[Doc], k: int, l2: Penalty) -> dict[str, Model]:
    models: dict[str, Model] = {}
    for held in folds(docs, k):
        names = {d.name for d in held}
        model = train([d for d in docs if d.name not in names], l2, {})
        models.update({d.name: model for d in held})
    return models


def deviance(docs: list[Doc], models: dict[str, Model]) -> dict[str, float]:
    """Per kind, the mean log loss of each labelled candidate's confidence under its article's model."""
    loss: dict[str, float] = defaultdict(float)
    seen: dict[str, int] = defaultdict(int)
    for doc in docs:
        model = models[doc.name]
        for draft, label in zip(doc.drafts, labels(doc), strict=True):
            kind_model = model.get(draft.kind.value) if label is not None else None
            if kind_model is None:
                continue
            p = min(max(kind_model.confidence(draft.features), 1e-6), 1 - 1e-6)
            loss[draft.kind.value] -= math.log(p if label else 1 - p)
            seen[draft.kind.value] += 1
    return {kind: loss[kind] / seen[kind] for kind in seen}


def choose_l2(docs: list[Doc], k: int, l2: float) -> Penalty:
    """Per kind, the penalty of L2_GRID with the lowest out-of-fold log loss on ``docs`` (``l2`` if no grid).

    Called on training articles only, so the articles a cross-validation fold holds out
    never choose their own penalty. A kind with fewer than CHOOSE_NEGATIVES negatives
    keeps ``l2``: a handful of candidates would decide its log loss. Ties go to the
    stronger penalty.
    """
    if not L2_GRID:
        return l2
    negatives: dict[str, int] = defaultdict(int)
    for doc in docs:
        for draft, label in zip(doc.drafts, labels(doc), strict=True):
            negatives[draft.kind.value] += label == 0
    best: dict[str, tuple[float, float]] = {}
    for penalty in L2_GRID:
        for kind, loss in deviance(docs, out_of_fold(docs, k, penalty)).items():
            if kind not in best or (loss, -penalty) < (best[kind][0], -best[kind][1]):
                best[kind] = (loss, penalty)
    return {kind: penalty if negatives[kind] >= CHOOSE_NEGATIVES else l2 for kind, (_, penalty) in best.items()}


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
        penalty = choose_l2(rest, inner or k - 1, l2)
        thresholds = pick_thresholds(rest, out_of_fold(rest, inner or k - 1, penalty), target)
        model = train(rest, penalty, thresholds)
        models.update({d.name: model for d in held})
        for kind, t in thresholds.items():
            fold_thresholds[kind] += t / k
    return evaluate(docs, scored(docs, models), bars_of(models), models if show else None), dict(fold_thresholds)


def held(docs: list[Doc], model: Model) -> list[str]:
    """The signed features the shipped model saw often enough to weigh, but left at 0: their sign held them."""
    support: dict[str, int] = defaultdict(int)
    for doc in docs:
        for draft in doc.drafts:
            for name in draft.features:
                support[name] += 1
    weighed = {n for m in model.kinds.values() for n in m.weights}
    return sorted(n for n in SIGNS if SIGNED and support[n] >= MIN_SUPPORT and n not in weighed)


def bars_of(models: dict[str, Model]) -> dict[str, dict[str, float]]:
    """Each article's thresholds: those of the model that decides it."""
    return {name: {k: m.threshold for k, m in model.kinds.items()} for name, model in models.items()}


def main() -> int:
    global DROP, ARTICLE_POWER, L2, L2_GRID, SIGNED  # noqa: PLW0603 - switches read by train() and choose_l2()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set_dir", type=Path)
    parser.add_argument("--report", action="store_true", help="only report: do not write the model file")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--l2",
        type=float,
        help="one L2 penalty for every kind (default: each kind with enough negatives picks its own from "
        f"{L2_GRID} by the log loss of inner folds, the others {L2})",
    )
    parser.add_argument(
        "--show",
        action="store_true",
        help="list the cross-validated false alarms and misses with their evidence (leave-one-out, else layout 0)",
    )
    parser.add_argument(
        "--article-power", type=float, default=ARTICLE_POWER, help="an article weighs (its candidates)^p"
    )
    parser.add_argument(
        "--signs",
        action="store_true",
        help="hold each feature whose direction CARDS.md states to that direction or 0 (tried: not confirmed)",
    )
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
    DROP = tuple(args.drop)
    ARTICLE_POWER = args.article_power
    if args.l2 is not None:
        L2, L2_GRID = args.l2, ()
    SIGNED = args.signs
    docs = load(args.set_dir)
    print(learned_from(docs))
    penalty = choose_l2(docs, args.folds, L2)
    thresholds = pick_thresholds(docs, out_of_fold(docs, args.folds, penalty), args.precision)
    model = train(docs, penalty, thresholds)
    everyone = {d.name: model for d in docs}
    fitted = evaluate(docs, scored(docs, everyone), bars_of(everyone))
    layouts = args.rotate or [0]
    show_layout = args.show and args.no_loao
    runs = [
        cross_validate(docs[r:] + docs[:r], args.folds, L2, args.precision, show=show_layout and n == 0)
        for n, r in enumerate(layouts)
    ]
    cv, cv_thresholds = runs[0]
    print(f"{len(docs)} articles; thresholds {thresholds} (mean over CV folds {cv_thresholds}); penalty {penalty}")
    if SIGNED:
        print(f"held at 0 by the sign CARDS.md gives them (the data pulled them the other way): {held(docs, model)}")
    print(table("fitted (trained and scored on the same articles):", fitted))
    title = f"cross-validated ({args.folds} folds by article, each scored by a model that never saw it)"
    print(table(f"{title}, fold layout {layouts[0]}:", cv))
    if len(runs) > 1:
        print(table(f"{title}, mean over the fold layouts {layouts}:", mean_rows([run[0] for run in runs])))
        print(spread([run[0] for run in runs]))
    if not args.no_loao:
        loao, _ = cross_validate(docs, len(docs), L2, args.precision, inner=args.folds, show=args.show)
        title = f"cross-validated leave-one-article-out ({len(docs)} folds, deterministic: no fold-layout luck)"
        print(table(f"{title}:", loao))
    if not args.report:
        OUT.write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    print(f"({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
