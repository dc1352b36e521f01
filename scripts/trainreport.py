"""The training report's pieces: figure tables, their mean and range over fold layouts, and --show's evidence.

Used by scripts/train.py.
"""

from __future__ import annotations

from trainset import Doc, Item, gold_hits

from flashnotes.extract.draft import Draft
from flashnotes.extract.scorer import Model


def top(draft: Draft, model: Model, n: int = 8) -> str:
    """A candidate's strongest evidence for --show: each feature's weighted share of the score."""
    kind_model = model.get(draft.kind.value)
    weights = kind_model.weights if kind_model else {}
    parts = sorted(((name, weights.get(name, 0.0) * v) for name, v in draft.features.items()), key=lambda t: -abs(t[1]))
    return " ".join(f"{name}{w:+.2f}" for name, w in parts[:n])


def nearest(doc: Doc, drafts: list[Draft], item: Item, model: Model) -> str:
    """The most confident candidate that would have met a missed gold item, for --show ('' if none did)."""
    meeting = [d for d in drafts if d.features and item in gold_hits(doc, d)]
    if not meeting:
        return "  (no candidate proposed)"
    best = max(meeting, key=lambda d: d.confidence)
    return f"  best candidate {best.confidence:.2f} {best.key!r}\n      {top(best, model)}"


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
