"""Tests for writing a deck's package: staged under a temporary name, placed by the caller, or deleted."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from flashnotes.deck import anki
from flashnotes.deck.identity import Change, Plan, Planned
from flashnotes.deck.package import PackageJob, Packages, package_job, write
from flashnotes.deck.sources import MIN_PARALLEL, worker_pool
from flashnotes.model import Card, Kind, Source
from flashnotes.progress import NO_LEARNING

T = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
CARD = Card("c1", Kind.QUIZ, "什么是动量法？", "累积历史梯度的方法。", "动量法", Source("notes/a.md", 3, ("优化",)))


def _job(tmp_path: Path, name: str, cards: int = 3) -> PackageJob:
    items = tuple(Planned(Change.ADDED, replace(CARD, id=f"c{n}")) for n in range(cards))
    return package_job(Plan("D", items), tmp_path, tmp_path / "out" / f"{name}.apkg", T, NO_LEARNING)


def test_a_written_package_waits_under_a_temporary_name(tmp_path: Path) -> None:
    """``write`` leaves a complete package beside its place, hidden, until it is placed."""
    job = _job(tmp_path, "d")
    staged = write(job)
    out = tmp_path / "out" / "d.apkg"
    assert staged.file.parent == out.parent and staged.file.name.startswith(".d.apkg.")
    assert not out.exists() and zipfile.is_zipfile(staged.file)
    anki.place_package(staged.file, out)
    assert zipfile.is_zipfile(out) and not staged.file.exists()


@pytest.mark.parametrize("jobs", [1, 2])
def test_packages_not_taken_are_deleted(tmp_path: Path, jobs: int) -> None:
    """Leaving ``Packages`` (as a failed build does) deletes every package written but not taken."""
    with worker_pool(jobs, MIN_PARALLEL) as pool, Packages(pool) as packages:
        for name in ("a", "b", "c"):
            packages.submit(name, _job(tmp_path, name))
        taken = packages.take("b")
    assert [p.name for p in (tmp_path / "out").iterdir()] == [taken.file.name]
    assert taken.file.name.startswith(".b.apkg.")


_GATE: list[Any] = []  # an event the pool's worker inherits when it is forked: it waits on it


def _wait_for_gate() -> None:
    _GATE[0].wait(60)  # not forever: without taking back, the test fails instead of hanging


def test_a_package_no_worker_has_started_is_written_here_when_taken(tmp_path: Path) -> None:
    """While the only worker is busy, taking a package writes the queued ones here: the same bytes, no wait."""
    import multiprocessing
    import os

    _GATE[:] = [multiprocessing.get_context("fork").Event()]
    expected = {}
    names = ("a", "b", "c", "d")
    for name in names:
        staged = write(_job(tmp_path / "serial", name))
        expected[name] = staged.file.read_bytes()
        staged.file.unlink()
    with worker_pool(2, MIN_PARALLEL) as pool, Packages(pool) as packages:
        assert pool is not None
        busy = pool.submit(_wait_for_gate)
        for name in names:
            packages.submit(name, _job(tmp_path, name))
        taken = {name: packages.take(name) for name in ("d", "c")}  # "a" and "b" may be on the worker's queue
        _GATE[0].set()
        busy.result()
        taken |= {name: packages.take(name) for name in ("a", "b")}
    assert all(f".{os.getpid()}." in taken[name].file.name for name in ("c", "d"))
    assert {name: staged.file.read_bytes() for name, staged in taken.items()} == expected


def test_a_failed_build_removes_only_the_package_folders_it_created_and_left_empty(tmp_path: Path) -> None:
    """Folders made for packages go again when the build fails, unless something is in them; older ones stay."""
    from flashnotes.deck.package import removed_if_failed

    (tmp_path / "old").mkdir()
    outs = [tmp_path / "dist" / "sub" / "a.apkg", tmp_path / "kept" / "b.apkg", tmp_path / "old" / "c.apkg"]
    with pytest.raises(RuntimeError), removed_if_failed(outs):
        for out in outs:
            out.parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "kept" / "b.apkg").write_bytes(b"placed")
        raise RuntimeError("the build stops")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept", "old"]
    with removed_if_failed(outs[:1]):
        outs[0].parent.mkdir(parents=True)
    assert outs[0].parent.is_dir()  # a build that did not fail keeps them
