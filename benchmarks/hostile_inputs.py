"""Hostile inputs of issue 9: each must be extracted in under 1 s.

Every input repeats one fragment to 100 KB (the Chinese line: one 1 MB line of
ordinary prose); each runs in its own process with a time limit, so one that
still hangs is reported instead of stopping the run. Beside each time is the
time for ordinary article text of the same size, measured in the same run, and
the ratio of the two.

    python benchmarks/hostile_inputs.py [--limit 20]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.0
KB = 1000

# name -> (repeated fragment, size in bytes)
CASES: dict[str, tuple[str, int]] = {
    "\\\\$a": ("\\\\$a", 100 * KB),
    "![a](": ("![a](", 100 * KB),
    "[a](": ("[a](", 100 * KB),
    "{{c1::": ("{{c1::", 100 * KB),
    "==a ": ("==a ", 100 * KB),
    "{%": ("{%", 100 * KB),
    "称为": ("称为", 100 * KB),
    "Example": ("Example", 100 * KB),
    "Example Input:": ("Example Input: ", 100 * KB),
    "Q: lines": ("Q: 为什么？\n\n", 100 * KB),
    "bold questions": ("**Q1：为什么要用残差连接？**\n\n", 100 * KB),
    "> $$ lines": ("> $$\n", 100 * KB),
    "<!--": ("<!--", 100 * KB),
    "**a ": ("**a ", 100 * KB),
    "\\[ lines": ("\\[\n", 100 * KB),
    "heading spaces": ("# a" + " " * 1000 + "b\n", 100 * KB),
}
CHINESE_LINE = "1 MB Chinese line"


def _ordinary(size: int, one_line: bool) -> str:
    """Text of the sample articles, repeated to ``size`` bytes (CJK prose on one line if asked)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "articles").rglob("*.md"))]
    if one_line:
        lines = [ln.strip() for t in texts for ln in t.split("\n")]
        text = "".join(ln for ln in lines if ln and not ln.startswith(("#", "$", "|", "-", "`")) and _cjk(ln))
    else:
        text = "\n\n".join(texts)
    data = text.encode("utf-8")
    data = (data * (size // len(data) + 1))[:size]
    return data.decode("utf-8", errors="ignore")


def _cjk(line: str) -> bool:
    return sum("\u4e00" <= ch <= "\u9fff" for ch in line) > len(line) / 2


def _input(name: str) -> str:
    if name == CHINESE_LINE:
        return _ordinary(1000 * KB, one_line=True)
    if name.startswith("reference "):
        size, one_line = name.removeprefix("reference ").split(":")
        return _ordinary(int(size), one_line == "1")
    unit, size = CASES[name]
    return unit * (size // len(unit.encode("utf-8")))


def _time_one(name: str) -> float:
    from flashnotes.extract.pipeline import extract
    from flashnotes.extract.reader import parse_article

    data = _input(name).encode("utf-8")
    start = time.perf_counter()
    extract(parse_article("hostile.md", data))
    return time.perf_counter() - start


def _run(name: str, limit: float) -> float | None:
    """Seconds to extract the named input in a fresh process, or None past ``limit``."""
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--one", name], capture_output=True, text=True, timeout=limit, check=True
        )
    except subprocess.TimeoutExpired:
        return None
    return float(done.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=float, default=20.0, help="seconds before an input counts as hung")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(f"{_time_one(args.one):.6f}")
        return 0
    references = {
        100 * KB: _run(f"reference {100 * KB}:0", args.limit),
        1000 * KB: _run(f"reference {1000 * KB}:0", args.limit),
    }
    print(f"{'input':<20} {'size':>7} {'time':>9} {'ordinary':>9} {'ratio':>7}  target < {TARGET:g} s")
    slow = 0
    for name in [*CASES, CHINESE_LINE]:
        size = 1000 * KB if name == CHINESE_LINE else CASES[name][1]
        took, ref = _run(name, args.limit), references[size]
        ok = took is not None and took < TARGET
        slow += not ok
        shown = f"{took:8.3f}s" if took is not None else f">{args.limit:g}s".rjust(9)
        ref_shown = f"{ref:8.3f}s" if ref is not None else "-".rjust(9)
        ratio = f"{took / ref:6.1f}x" if took is not None and ref else "-".rjust(7)
        print(f"{name!s:<20} {size // KB:>5}KB {shown} {ref_shown} {ratio}  {'ok' if ok else 'SLOW'}")
    print(f"{slow} of {len(CASES) + 1} inputs over {TARGET:g} s")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
