"""Tests for a deck's sources: reading and hashing articles, the inputs digest, extraction in a pool."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flashnotes.collection import Collection
from flashnotes.deck.deckfile import load_decks
from flashnotes.deck.sources import MIN_PARALLEL, extract_all, inputs_digest, read_articles, worker_pool
from tests.helpers import ARTICLE, Project, make_project

T1 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LINES = [
    "动量法是一种累积历史梯度来加速收敛的方法。",
    "Gradient descent is an iterative method that follows the negative gradient.",
    "## 为什么要做学习率衰减？\n\n训练后期需要更小的步长。",
    "$$\\theta_{t+1} = \\theta_t - \\eta g_t$$",
    "Q: What is a tensor?\nA: A multi-dimensional array.",
    "所谓正则化，就是在目标中加入惩罚。",
]


def _many(root: Path, count: int) -> Project:
    project = make_project(root)
    rng = random.Random(4)
    for n in range(count):
        body = "\n\n".join(rng.choice(LINES) for _ in range(6))
        project.write(f"notes/a{n:03d}.md", f"# 文章 {n}\n\n术语{n}是第 {n} 篇文章的概念。\n\n{body}\n")
    return project


def test_a_parallel_build_equals_a_serial_one(tmp_path: Path) -> None:
    """Extracting and writing in a process pool gives the same packages, byte for byte, and the same rows."""
    from flashnotes.deck.build import build_decks

    project = _many(tmp_path / "p", MIN_PARALLEL + 8)
    project.write("decks/more.yaml", "name: More\narticles: [notes/a00*.md]\n")
    specs = load_decks(project.root)
    found = []
    for jobs in (1, 2):
        with Collection(tmp_path / f"c{jobs}.db") as col:
            out = tmp_path / f"out{jobs}"
            results = build_decks(
                project.root, specs, col, T1, out_for=lambda s, o=out: o / f"{s.slug}.apkg", jobs=jobs
            )
            rows = list(col.conn.execute("SELECT * FROM cards ORDER BY id"))
            rows += list(col.conn.execute("SELECT deck, path, hash, cards FROM articles ORDER BY deck, path"))
            packages = sorted((p.name, p.read_bytes()) for p in out.iterdir())
            found.append((packages, rows, [r.plan.counts() for r in results]))
    assert len(found[0][0]) == 2 and sum(c["added"] for c in found[0][2]) > MIN_PARALLEL
    assert found[0] == found[1]


def test_pool_extraction_keeps_order_and_raises_the_same_error(tmp_path: Path) -> None:
    """The pool returns cards in task order, and an unreadable article raises its own error."""
    tasks = [(f"d/{n}.md", f"{n}.md", ARTICLE.replace("动量法", f"动量法{n}").encode()) for n in range(MIN_PARALLEL)]
    from flashnotes.errors import InputError

    with worker_pool(2, len(tasks)) as pool:
        assert pool is not None
        assert extract_all(tasks, pool) == extract_all(tasks)
        bad = [*tasks, ("d/bad.md", "bad.md", b"\x00\x01binary")]
        with pytest.raises(InputError, match=r"bad\.md"):
            extract_all(bad, pool)


def test_inputs_digest_follows_every_article_and_the_deck_file(tmp_path: Path) -> None:
    """The digest changes when an article's content or the deck's settings change, and only then."""
    project = make_project(tmp_path / "p")
    [deck] = load_decks(project.root)
    first = inputs_digest(deck, read_articles(project.root, deck))
    assert inputs_digest(deck, read_articles(project.root, deck)) == first
    project.write("notes/opt.md", ARTICLE + "\n新的一段。\n")
    edited = inputs_digest(deck, read_articles(project.root, deck))
    project.write("decks/opt.yaml", project.read("decks/opt.yaml").replace("[ml]", "[ml, extra]"))
    [retagged] = load_decks(project.root)
    assert len({first, edited, inputs_digest(retagged, read_articles(project.root, retagged))}) == 3
