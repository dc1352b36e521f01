"""Tests for package media: only regular image files inside the project, by content hash; never outside."""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flashnotes.collection import Collection
from flashnotes.deck.build import build_deck
from flashnotes.deck.deckfile import load_decks
from flashnotes.deck.media import project_image
from tests.helpers import make_project, unsafe_markup

T1 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture
def root(tmp_path: Path) -> Path:
    project = tmp_path / "proj"
    (project / "notes" / "fig").mkdir(parents=True)
    (project / "notes" / "fig" / "a.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(b"secret image")
    (project / "notes" / "fig" / "link.png").symlink_to(tmp_path / "secret.png")
    (project / "notes" / "fig" / "notes.txt").write_text("not an image")
    os.mkfifo(project / "notes" / "fig" / "pipe.png")
    return project


@pytest.mark.parametrize(
    ("src", "why"),
    [
        ("http://evil.example/t.png", "remote"),
        ("//evil.example/t.png", "remote"),
        ("data:image/png;base64,AAAA", "remote"),
        ("/etc/passwd", "absolute"),
        ("../../secret.png", "outside the project"),
        ("fig/link.png", "outside the project"),
        ("fig/notes.txt", "not an image"),
        ("fig/pipe.png", "not an image"),
        ("fig/missing.png", "not found"),
    ],
)
def test_images_from_outside_the_project_or_not_regular_images_are_refused(root: Path, src: str, why: str) -> None:
    """Remote, absolute, ``../``, symlinked-out, non-image, FIFO and missing images are never read."""
    path, reason = project_image(root, "notes/a.md", src)
    assert path is None and why in reason


def test_an_image_inside_the_project_is_accepted(root: Path) -> None:
    """A regular image file next to the article resolves to itself."""
    assert project_image(root, "notes/a.md", "fig/a.png") == ((root / "notes" / "fig" / "a.png").resolve(), "")


HOSTILE = """# Danger

Links :: see [a[b[c]]](javascript:alert(1)) and `[x](javascript:alert(2))` now

Alt :: ![x" onerror="alert(3)](fig/a.png) here

Remote :: ![](http://evil.example/t.png) and ![](/etc/passwd) and ![](../../secret.png)

Linked :: ![](fig/link.png) and ![](fig/pipe.png) and <img src=x onerror=alert(4)><script>alert(5)</script>
"""


def test_a_built_package_holds_only_safe_html_and_media_from_inside_the_project(root: Path, tmp_path: Path) -> None:
    """Every note field of a package built from hostile text is safe; its media is the one inside image."""
    make_project(root)
    (root / "notes" / "opt.md").write_text(HOSTILE, encoding="utf-8")
    [deck] = load_decks(root)
    out = tmp_path / "opt.apkg"
    with Collection(tmp_path / "c.db") as col:
        result = build_deck(root, deck, col, out, T1)
    with zipfile.ZipFile(out) as package:
        media = json.loads(package.read("media"))
        stored = {name: package.read(key) for key, name in media.items()}
        (tmp_path / "col.anki2").write_bytes(package.read("collection.anki2"))
    assert list(stored.values()) == [PNG]
    with sqlite3.connect(tmp_path / "col.anki2") as db:
        fields = [f for (flds,) in db.execute("SELECT flds FROM notes") for f in flds.split("\x1f")]
    assert len(fields) >= 12
    assert [(f, unsafe_markup(f)) for f in fields if unsafe_markup(f)] == []
    assert sum("outside the project" in w for w in result.warnings) == 2
