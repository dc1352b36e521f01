"""Where dev-set extraction spends its time: each pipeline stage's share, beside the whole in the same run.

Each stage function is wrapped with a CPU timer; a stage's time excludes the stages it
calls (``definitions`` without the ``make_prose`` it may trigger), and what no stage
claims is the pipeline's own glue. The timers add about a microsecond per call, so the
wrapped total runs above the plain one printed first; read the shares, not the sums.

    python benchmarks/extract_stages.py [--dev ../shared/eval/dev/articles] [--repeat 3]
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev" / "articles"
STAGES = [
    ("reader", "parse_article"),
    ("blocks", "parse_blocks"),
    ("prose", "make_prose"),
    ("explicit", "find_explicit"),
    ("hints", "might_have_exercise"),
    ("exercises", "find_exercises"),
    ("definitions", "definitions"),
    ("definitions", "heading_definition"),
    ("formulas", "inline_display"),
    ("formulas", "block_formula"),
    ("formulas", "intro_of"),
    ("quizzes", "prose_quizzes"),
    ("quizzes", "item_quiz"),
    ("quizzes", "make_quiz"),
    ("decide", "article_evidence"),
    ("quiz_features", "section_evidence"),
    ("pipeline", "choose"),
    ("formulas", "distinct_fronts"),
]
SELF: Counter[str] = Counter()
_OPEN: list[float] = []  # time spent in stages called by each open stage


def _timed(label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        _OPEN.append(0.0)
        try:
            out = fn(*args, **kwargs)
            return list(out) if hasattr(out, "__next__") else out  # a generator's work happens here
        finally:
            spent = time.process_time() - start
            SELF[label] += spent - _OPEN.pop()
            if _OPEN:
                _OPEN[-1] += spent

    return run


def wrap_stages() -> None:
    """Replace each stage function, in every flashnotes module that holds it, by its timed self."""
    importlib.import_module("flashnotes.extract.pipeline")
    for module, name in STAGES:
        original = getattr(importlib.import_module(f"flashnotes.extract.{module}"), name)
        timed = _timed(f"{module}.{name}", original)
        for loaded in list(sys.modules.values()):
            if getattr(loaded, "__name__", "").startswith("flashnotes") and getattr(loaded, name, None) is original:
                setattr(loaded, name, timed)


def extract_all(texts: list[tuple[str, bytes]]) -> float:
    from flashnotes.extract.pipeline import extract
    from flashnotes.extract.reader import parse_article

    start = time.process_time()
    for path, data in texts:
        extract(parse_article(path, data))
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=DEV, help="folder of articles [../shared/eval/dev/articles]")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = args.dev if args.dev.is_dir() else ROOT / "articles"
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".markdown", ".txt"))
    texts = [(p.name, p.read_bytes()) for p in files]
    size = sum(len(d) for _, d in texts) / 1e6
    extract_all(texts)  # warm: imports and compiled patterns
    plain = statistics.median(extract_all(texts) for _ in range(args.repeat))
    wrap_stages()
    extract_all(texts)
    SELF.clear()
    wrapped = sum(extract_all(texts) for _ in range(args.repeat)) / args.repeat
    shares = {label: spent / args.repeat / wrapped for label, spent in SELF.items()}
    print(f"{len(texts)} articles, {size:.2f} MB: {plain:.3f} s CPU, {size / plain:.2f} MB/s (unwrapped median)")
    for label, share in sorted(shares.items(), key=lambda item: -item[1]):
        print(f"  {100 * share:5.1f}%  {label}")
    print(f"  {100 * (1 - sum(shares.values())):5.1f}%  (pipeline glue: the rest)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
