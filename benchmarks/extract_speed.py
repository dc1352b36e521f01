"""Extraction throughput: generate a corpus of >= 20 MB of articles and extract every card.

Prints MB/s (one core) and peak memory. Target: >= 5 MB/s.

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
        start = time.perf_counter()
        articles, _ = load_articles([str(folder)])
        cards = sum(len(extract(a)) for a in articles)
        elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus      {size / 1e6:8.1f} MB in {len(articles)} articles")
    print(f"cards       {cards:8d}")
    print(f"time        {elapsed:8.2f} s")
    print(f"throughput  {size / 1e6 / elapsed:8.2f} MB/s   (target >= 5 MB/s)")
    print(f"peak RSS    {peak:8.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
