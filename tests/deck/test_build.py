"""Tests for building decks: caching, regeneration, dry runs, interrupted builds."""

from __future__ import annotations

import os
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from flashnotes.collection import Collection
from flashnotes.deck import anki
from flashnotes.deck.build import build_deck, plan_deck
from flashnotes.deck.cards import card_tags
from flashnotes.deck.deckfile import load_decks
from flashnotes.deck.identity import Change
from flashnotes.deck.store import Builds, Recording
from flashnotes.errors import ExportError
from tests.helpers import Project, make_project

T1 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
T2 = T1 + timedelta(days=1)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "proj")


def build(project: Project, when: datetime, collection: Collection) -> tuple[object, Path]:
    [deck] = load_decks(project.root)
    out = project.root / "dist" / "opt.apkg"
    return build_deck(project.root, deck, collection, out, when), out


def append_to_opt(project: Project, line: str) -> None:
    """Add a line at the end of the sample article ``notes/opt.md``."""
    project.write("notes/opt.md", project.read("notes/opt.md") + f"\n{line}\n")


def test_first_build_adds_every_card_and_writes_a_package(project: Project, tmp_path: Path) -> None:
    """A cold build adds all cards, parses every article and writes a valid zip package."""
    with Collection(tmp_path / "c.db") as col:
        result, out = build(project, T1, col)
        assert result.plan.counts() == {"added": 5, "changed": 0, "unchanged": 0, "retired": 0}
        assert result.parsed == 1
        assert zipfile.is_zipfile(out)
        assert len(Builds(col).cards("机器学习::优化")) == 5


def test_unchanged_articles_are_not_parsed_again(project: Project, tmp_path: Path) -> None:
    """A rebuild with no edits reads the cards from the cache and changes nothing."""
    with Collection(tmp_path / "c.db") as col:
        build(project, T1, col)
        result, _ = build(project, T2, col)
        assert result.parsed == 0
        assert result.plan.counts()["unchanged"] == 5


def test_regeneration_keeps_identity_and_retires_removed_cards(project: Project, tmp_path: Path) -> None:
    """Edited answer and key keep ids; a new card is added; a removed card is retired, not deleted."""
    with Collection(tmp_path / "c.db") as col:
        first, _ = build(project, T1, col)
        ids = {p.card.key: p.card.id for p in first.plan.items}
        text = project.read("notes/opt.md")
        text = text.replace("加速收敛", "更快地收敛").replace("学习率是每一步", "学习率(step size)是每一步")
        text = text.replace("The ==bias term== shifts the decision boundary.\n", "")
        text += "\n牛顿法是一种利用二阶导数信息的优化方法。\n"
        project.write("notes/opt.md", text)
        second, _ = build(project, T2, col)
        by_change = {c: sorted(p.card.key for p in second.plan.of(c)) for c in Change}
        assert by_change[Change.ADDED] == ["牛顿法"]
        assert by_change[Change.CHANGED] == ["动量法", "学习率(step size)"]
        assert by_change[Change.RETIRED] == ["The bias term shifts the decision boundary."]
        assert {p.card.id for p in second.plan.of(Change.CHANGED)} == {ids["动量法"], ids["学习率"]}
        stored = {s.card.key: s for s in Builds(col).cards("机器学习::优化")}
        assert stored["The bias term shifts the decision boundary."].retired == T2
        assert stored["动量法"].created == T1 and stored["动量法"].modified == T2
        assert stored["为什么要做学习率衰减？"].modified == T1


def test_dry_run_plans_without_writing(project: Project, tmp_path: Path) -> None:
    """Planning reports what would change and leaves the collection and dist/ untouched."""
    with Collection(tmp_path / "c.db") as col:
        [deck] = load_decks(project.root)
        planned = plan_deck(project.root, deck, col, lambda _: None)
        assert planned.plan.counts()["added"] == 5
        assert Builds(col).cards(deck.name) == []
        assert not (project.root / "dist").exists()


def test_interrupted_build_leaves_the_previous_package_and_collection(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If writing the package fails midway, the old package and the collection are as they were."""
    with Collection(tmp_path / "c.db") as col:
        _, out = build(project, T1, col)
        before = out.read_bytes()
        append_to_opt(project, "牛顿法是一种二阶优化方法。")

        def explode(self: object, path: str, timestamp: float | None = None) -> None:
            Path(path).write_bytes(b"half a package")
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(anki._Package, "write_to_file", explode)
        with pytest.raises(ExportError, match="cannot write the package"):
            build(project, T2, col)
        assert out.read_bytes() == before
        assert not list(out.parent.glob(".*.tmp"))
        assert "牛顿法" not in {s.card.key for s in Builds(col).cards("机器学习::优化")}


def test_tags_come_from_deck_article_and_headings(project: Project) -> None:
    """Tags have no spaces, keep Chinese, and the heading path is one hierarchical tag."""
    [deck] = load_decks(project.root)
    from flashnotes.model import Card, Kind, Source

    card = Card("1", Kind.QUIZ, "q", "a", "q", Source("a.md", 1, ("优化 方法", "动量")), ("front matter",))
    assert card_tags(deck, card) == ("ml", "front_matter", "heading::优化_方法::动量")


def test_hand_written_cards_join_the_deck(project: Project, tmp_path: Path) -> None:
    """Cards written in the deck file are built with the extracted ones."""
    deck_file = project.read("decks/opt.yaml")
    project.write("decks/opt.yaml", deck_file + "cards:\n  - front: 手写问题\n    back: 手写答案\n")
    with Collection(tmp_path / "c.db") as col:
        result, _ = build(project, T1, col)
        hand = [p.card for p in result.plan.items if p.card.key == "手写问题"]
        assert [(c.back, c.source.path, c.source.line) for c in hand] == [
            ("手写答案", "decks/opt.yaml", deck_file.count("\n") + 2)
        ]


def test_missing_image_is_a_warning_with_article_and_line(project: Project, tmp_path: Path) -> None:
    """An image an answer refers to is packaged under a hashed name; a missing one is a warning."""
    project.write("notes/img.md", "## 为什么需要图示？\n\n见下图 ![结构](fig/a.png) 与 ![丢失](fig/missing.png)。\n")
    (project.root / "notes" / "fig").mkdir()
    (project.root / "notes" / "fig" / "a.png").write_bytes(b"\x89PNG fake")
    with Collection(tmp_path / "c.db") as col:
        result, out = build(project, T1, col)
    assert result.warnings == ("notes/img.md:3: image 'fig/missing.png' not found; the card is kept without it",)
    with zipfile.ZipFile(out) as package:
        assert len(package.namelist()) == 3  # collection, media map, one image


def _rows(col: Collection) -> list[tuple[object, ...]]:
    return list(col.conn.execute("SELECT * FROM cards ORDER BY id")) + list(
        col.conn.execute("SELECT deck, path, hash, cards FROM articles ORDER BY deck, path")
    )


def test_a_rebuild_that_changes_nothing_writes_nothing(project: Project, tmp_path: Path) -> None:
    """Nothing changed: the package keeps its bytes and mtime, and no row of the collection is written."""
    with Collection(tmp_path / "c.db") as col:
        _, out = build(project, T1, col)
        data, mtime = out.read_bytes(), out.stat().st_mtime_ns
        changes = col.conn.total_changes
        again, _ = build(project, T2, col)
        assert again.untouched
        assert again.plan.counts() == {"added": 0, "changed": 0, "unchanged": 5, "retired": 0}
        assert col.conn.total_changes == changes
        assert (out.read_bytes(), out.stat().st_mtime_ns) == (data, mtime)


def test_an_edit_rebuilds_the_deck_and_writes_only_changed_rows(project: Project, tmp_path: Path) -> None:
    """An edited answer rewrites the package; of the cards only the edited one's row is written."""
    with Collection(tmp_path / "c.db") as col:
        _, out = build(project, T1, col)
        data = out.read_bytes()
        before = {r[0]: r for r in col.conn.execute("SELECT * FROM cards")}
        project.write("notes/opt.md", project.read("notes/opt.md").replace("加速收敛", "更快地收敛"))
        again, _ = build(project, T2, col)
        after = {r[0]: r for r in col.conn.execute("SELECT * FROM cards")}
        assert not again.untouched and out.read_bytes() != data
        assert [cid for cid in after if after[cid] != before[cid]] == [p.card.id for p in again.plan.of(Change.CHANGED)]


def test_a_replaced_package_is_written_again(project: Project, tmp_path: Path) -> None:
    """A package deleted or changed since the build is written again, though no card changed."""
    with Collection(tmp_path / "c.db") as col:
        _, out = build(project, T1, col)
        out.unlink()
        again, _ = build(project, T2, col)
        assert not again.untouched and zipfile.is_zipfile(out)
        assert again.plan.counts()["unchanged"] == 5


def test_new_code_extracts_again(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After flashnotes itself changed, cached extractions are not trusted: every article is parsed again."""
    from flashnotes.deck import sources

    with Collection(tmp_path / "c.db") as col:
        build(project, T1, col)
        monkeypatch.setattr(sources, "code_digest", lambda: "another-version")
        again, _ = build(project, T2, col)
        assert not again.untouched and again.parsed == 1


def test_only_the_deck_whose_article_changed_is_rebuilt(project: Project, tmp_path: Path) -> None:
    """With two decks, editing one deck's article leaves the other deck's package and rows alone."""
    from flashnotes.deck.build import build_decks

    project.write("decks/other.yaml", "name: Other\narticles: [more/b.md]\n")
    project.write("more/b.md", "# B\n\n熵是衡量不确定性的量。\n")
    with Collection(tmp_path / "c.db") as col:
        specs = load_decks(project.root)

        def run(when: datetime) -> list[object]:
            out = project.root / "dist"
            return list(build_decks(project.root, specs, col, when, out_for=lambda s: out / f"{s.slug}.apkg"))

        run(T1)
        other = project.root / "dist" / "other.apkg"
        stamp = other.stat().st_mtime_ns
        rows = list(col.conn.execute("SELECT * FROM cards WHERE deck = 'Other'"))
        append_to_opt(project, "梯度是函数增长最快的方向。")
        first, second = run(T2)
        assert not first.untouched and second.untouched  # type: ignore[attr-defined]
        assert other.stat().st_mtime_ns == stamp
        assert list(col.conn.execute("SELECT * FROM cards WHERE deck = 'Other'")) == rows


def test_a_failed_collection_write_leaves_the_previous_package(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When recording the build fails (a read-only collection), the old package is untouched and no temp is left."""
    from flashnotes.errors import CollectionError

    with Collection(tmp_path / "c.db") as col:
        _, out = build(project, T1, col)
        before = out.read_bytes()
        append_to_opt(project, "牛顿法是一种二阶优化方法。")

        def refuse(*_args: object, **_kwargs: object) -> None:
            raise CollectionError("c.db: cannot write the collection (attempt to write a readonly database)")

        monkeypatch.setattr(Recording, "state", refuse)
        with pytest.raises(CollectionError):
            build(project, T2, col)
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == ["opt.apkg"]


def test_stale_temporary_packages_of_killed_builds_are_removed(project: Project, tmp_path: Path) -> None:
    """``.NAME.apkg.PID.tmp`` left by a dead process goes; one of a live process stays."""
    dist = project.root / "dist"
    dist.mkdir()
    dead, live = dist / ".opt.apkg.999999999.tmp", dist / f".opt.apkg.{os.getppid()}.tmp"
    dead.write_bytes(b"partial")
    live.write_bytes(b"partial")
    with Collection(tmp_path / "c.db") as col:
        build(project, T1, col)
    assert sorted(p.name for p in dist.iterdir()) == sorted(["opt.apkg", live.name])


def test_a_file_where_the_package_folder_should_be_is_a_clear_error(project: Project, tmp_path: Path) -> None:
    """``dist`` being a file is an ExportError naming it, not a traceback."""
    (project.root / "dist").write_text("not a folder")
    with Collection(tmp_path / "c.db") as col, pytest.raises(ExportError, match=r"dist: is a file, not a folder"):
        build(project, T1, col)


def test_an_edit_that_changes_no_card_keeps_the_package(project: Project, tmp_path: Path) -> None:
    """Prose that makes no card (a new plain sentence) leaves the package's bytes and mtime; the cache learns it."""
    with Collection(tmp_path / "c.db") as col:
        _, out = build(project, T1, col)
        data, mtime = out.read_bytes(), out.stat().st_mtime_ns
        append_to_opt(project, "今天天气很好。")
        again, _ = build(project, T2, col)
        assert again.untouched and again.parsed == 1
        assert (out.read_bytes(), out.stat().st_mtime_ns) == (data, mtime)
        changes = col.conn.total_changes
        third, _ = build(project, T2 + timedelta(hours=1), col)
        assert third.untouched and third.parsed == 0 and col.conn.total_changes == changes


def test_a_build_interrupted_in_a_later_deck_records_nothing(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build stopped while planning its second deck (Ctrl-C) leaves no row, no package, no temporary file and
    no package folder it made, though the first deck's rows and package were already written."""
    from flashnotes.deck import build as build_module
    from flashnotes.deck.build import build_decks

    project.write("decks/other.yaml", "name: Other\narticles: [more/b.md]\n")
    project.write("more/b.md", "# B\n\n熵是衡量不确定性的量。\n")
    real, seen = build_module._plan, []

    def interrupted(spec: object, *args: object) -> object:
        seen.append(spec)
        if len(seen) == 2:
            raise KeyboardInterrupt
        return real(spec, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "_plan", interrupted)
    out = project.root / "dist"
    with Collection(tmp_path / "c.db") as col:
        with pytest.raises(KeyboardInterrupt):
            build_decks(project.root, load_decks(project.root), col, T1, out_for=lambda s: out / f"{s.slug}.apkg")
        assert col.conn.execute("SELECT count(*) FROM cards").fetchone() == (0,)
        assert col.conn.execute("SELECT count(*) FROM deck_builds").fetchone() == (0,)
    assert len(seen) == 2 and not out.exists()
