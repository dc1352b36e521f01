"""Extraction throughput: generate a corpus of >= 20 MB of articles and extract every card.

Prints MB/s (one core, CPU seconds) beside a 3-regex pass over the same bytes measured in the same
run, their ratio, and peak memory. The target is the dev-set one of ``speed_table.py`` (>= 8 MB/s, or
the issue's own ratio to that reference on a slower machine); this corpus is a second, larger check
of it, made only of the sample articles' paragraphs.

    python benchmarks/extract_speed.py [--mb 20]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import corpus  # benchmarks/, beside this script
from flashnotes.extract.pipeline import extract
from flashnotes.extract.reader import load_articles
from rows_extract import devset_verdict, three_regex_pass

ROOT = Path(__file__).resolve().parent.parent


def generate(folder: Path, megabytes: float, seed: int = 7) -> int:
    """Write articles made by shuffling the sample articles' paragraphs; return the bytes written."""
    rng = random.Random(seed)
    paragraphs = corpus.paragraphs()
    target = int(megabytes * 1024 * 1024)
    written = n = 0
    while written < target:
        body = "\n\n".join(rng.choice(paragraphs) for _ in range(60))
        text = f"# 第 {n} 篇 Article {n}\n\n{body}\n"
        data = text.encode("utf-8")
        (folder / f"a{n:05d}.md").write_bytes(data)
        written += len(data)
        n += 1
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        size = generate(folder, args.mb)
        texts = [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())]
        start = time.process_time()
        articles, _ = load_articles([str(folder)])
        cards = sum(len(extract(a)) for a in articles)
        elapsed = time.process_time() - start
        start = time.process_time()
        three_regex_pass(texts)
        reference = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus      {size / 1e6:8.1f} MB in {len(articles)} articles")
    print(f"cards       {cards:8d}")
    rate, ratio = size / 1e6 / elapsed, reference / elapsed
    target, ok = devset_verdict(rate, ratio)
    print(f"time        {elapsed:8.2f} s CPU")
    print(f"throughput  {rate:8.2f} MB/s   3-regex pass {size / 1e6 / reference:.1f} MB/s: {ratio:.3f}x")
    print(f"target      {target}: {'ok' if ok else 'MISSED'}")
    print(f"peak RSS    {peak:8.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
