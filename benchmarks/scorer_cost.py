"""What the learned scorer's evidence costs extraction: MB/s with it, and with it stubbed out, in one run.

The evidence is the word-table tagging of candidate terms (part of speech, frequency),
the feature dictionaries and the article-wide recurrence counts. The reference run
replaces them with no-ops (every candidate then carries only its pattern's name), so
the ratio is the price of the evidence alone. Target: the evidence must not halve
throughput (ratio >= 0.5).

    python benchmarks/scorer_cost.py [--mb 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_speed import generate  # the same corpus as the throughput benchmark
from flashnotes.extract import decide, definitions, definitions_en, lexicon, terms
from flashnotes.extract.pipeline import extract
from flashnotes.extract.reader import Article, load_articles

TARGET = 0.5


def _bare_features(source: str, *_args: object, **_kwargs: object) -> dict[str, float]:
    return {f"src:{source}": 1.0}


@contextmanager
def without_evidence() -> Iterator[None]:
    """Every evidence step a no-op: no tagging, no feature dictionaries, no recurrence counts."""
    with (
        mock.patch.object(definitions, "definition_features", _bare_features),
        mock.patch.object(definitions_en, "definition_features", _bare_features),
        mock.patch.object(definitions, "coordinated", lambda *_a: False),
        mock.patch.object(definitions, "_fused_copula", lambda *_a: False),
        mock.patch.object(terms, "_leading_connectives", lambda _raw: 0),
        mock.patch.object(decide, "article_evidence", lambda drafts, *_a: drafts),
        mock.patch.object(lexicon, "tag", lambda _phrase: ()),
    ):
        yield


def _seconds(articles: list[Article]) -> float:
    start = time.perf_counter()
    for article in articles:
        extract(article)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        size = generate(Path(tmp), args.mb)
        articles, _ = load_articles([tmp])
        _seconds(articles[:20])  # warm the word table and the pattern caches
        with_it = min(_seconds(articles) for _ in range(2))
        with without_evidence():
            bare = min(_seconds(articles) for _ in range(2))
    mb = size / 1e6
    ratio = bare / with_it
    print(f"corpus             {mb:8.1f} MB in {len(articles)} articles")
    print(f"with evidence      {mb / with_it:8.2f} MB/s")
    print(f"evidence stubbed   {mb / bare:8.2f} MB/s   (reference, same run)")
    print(f"ratio              {ratio:8.2f}        (target >= {TARGET}: {'ok' if ratio >= TARGET else 'SLOW'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
