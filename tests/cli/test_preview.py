"""Tests for `flashnotes preview`: pages written, decks not built yet, --open, the review history on the page."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from flashnotes.cli import main
from tests.helpers import built_project, make_project

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
NOW = ["--now", T0.isoformat()]


def test_preview_writes_one_page_per_deck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page lands in dist/NAME.html, is named on stdout, and holds the deck's cards."""
    project = built_project(tmp_path / "p", T0)
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, [*NOW, "preview", "--timezone", "UTC"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "机器学习::优化: 5 cards -> dist/opt.html"
    html = (project.root / "dist" / "opt.html").read_text(encoding="utf-8")
    assert html.count('class="fn-card"') == 5 and "动量法是一种累积历史梯度来加速收敛的方法" in html


def test_preview_shows_review_history_and_retention(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After answers in a review, the page's history chart counts them and retention explains its absence."""
    project = built_project(tmp_path / "p", T0)
    monkeypatch.chdir(project.root)
    runner = CliRunner()
    runner.invoke(main, [*NOW, "review", "--timezone", "UTC"], input="good\ngood\nq\n")
    assert runner.invoke(main, [*NOW, "preview", "--timezone", "UTC"]).exit_code == 0
    html = (project.root / "dist" / "opt.html").read_text(encoding="utf-8")
    assert "today: 2 reviews" in html and "all 2 answers" in html


def test_preview_of_a_deck_never_built_says_to_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A deck with nothing in the collection gets a warning naming `flashnotes build`, no page, exit 0."""
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, [*NOW, "preview"])
    assert result.exit_code == 0
    assert "has not been built yet; run `flashnotes build` first" in result.stderr
    assert not (project.root / "dist" / "opt.html").exists()


def test_preview_open_launches_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--open hands each written page, as a file URL, to the system's browser launcher."""
    project = built_project(tmp_path / "p", T0)
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("DISPLAY", ":0")
    opened: list[str] = []
    monkeypatch.setattr("click.launch", lambda url, **_kw: opened.append(url) or 0)
    assert CliRunner().invoke(main, [*NOW, "preview", "--open"]).exit_code == 0
    assert opened == [(project.root / "dist" / "opt.html").resolve().as_uri()]


def test_preview_unknown_deck_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Naming a deck that does not exist exits 1 with the known decks."""
    project = built_project(tmp_path / "p", T0)
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["preview", "nope"])
    assert result.exit_code == 1 and "no deck called 'nope'; known decks: opt" in result.stderr


def test_preview_open_without_a_browser_says_where_the_page_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When no browser can be started, --open warns with the page's path and still exits 0."""
    project = built_project(tmp_path / "p", T0)
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    monkeypatch.setattr("click.launch", lambda url, **_kw: 3)
    result = CliRunner().invoke(main, [*NOW, "preview", "--open"])
    assert result.exit_code == 0
    assert "could not open a browser for dist/opt.html" in result.stderr


def test_preview_open_without_a_display_starts_no_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Linux with neither DISPLAY nor WAYLAND_DISPLAY, --open starts nothing and names the pages to open."""
    project = built_project(tmp_path / "p", T0)
    monkeypatch.chdir(project.root)
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    opened: list[str] = []
    monkeypatch.setattr("click.launch", lambda url, **_kw: opened.append(url) or 0)
    result = CliRunner().invoke(main, [*NOW, "preview", "--open"])
    assert result.exit_code == 0 and opened == []
    assert "no graphical display here" in result.stderr and "open dist/opt.html in a browser yourself" in result.stderr
