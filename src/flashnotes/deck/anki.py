"""Anki packages: notes, note types and decks written with genanki.

This is the only module that imports ``genanki``. Note type ids are hard-coded
so every build (and every user) shares the same two note types; deck ids come
from the deck name and note GUIDs from the card id, so re-importing a package
updates notes instead of duplicating them. Each note carries the time its
content last changed, so Anki's "update if newer" leaves untouched notes (and
edits made to them in Anki) alone; that time strictly increases with every
change of a note, so two builds within one second still update Anki. A note
may carry its card's learning progress (scheduling and revlog rows), which
Anki takes when the package is imported with "Import any learning progress"
and the card is new to it.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import itertools
import json
import os
import sqlite3
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import genanki

from flashnotes.errors import ExportError
from flashnotes.progress import EPOCH, CardProgress

BASIC_MODEL_ID = 1733516801
CLOZE_MODEL_ID = 1733516802
RETIRED_TAG = "flashnotes::retired"

# The note types' CSS. A formula wider than the card scrolls inside its own box (MathJax draws
# formulas as ``mjx-container`` elements) instead of running off the card.
CSS = """
.card { font-family: -apple-system, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", sans-serif;
        font-size: 20px; text-align: left; color: #222; background: #fff; line-height: 1.5;
        overflow-wrap: anywhere; }
.source { margin-top: 1.5em; font-size: 12px; color: #888; }
.nightMode .card { color: #eee; background: #222; }
img { max-width: 100%; }
pre, table { display: block; max-width: 100%; overflow-x: auto; }
mjx-container[display="true"] { display: block; max-width: 100%; overflow-x: auto; overflow-y: hidden; }
mjx-container:not([display="true"]) { display: inline-block; max-width: 100%; overflow-x: auto;
        overflow-y: hidden; vertical-align: middle; }
"""

_SOURCE = '<div class="source">{{Source}}</div>'
BASIC_FRONT = "{{Front}}"
BASIC_BACK = '{{FrontSide}}<hr id="answer">{{Back}}' + _SOURCE
CLOZE_FRONT = "{{cloze:Text}}"
CLOZE_BACK = "{{cloze:Text}}<br>{{Extra}}" + _SOURCE


def basic_model() -> genanki.Model:
    """The Q/A note type: Front, Back and a Source field showing article, heading and line."""
    return genanki.Model(
        BASIC_MODEL_ID,
        "flashnotes Basic",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": BASIC_FRONT,
                "afmt": BASIC_BACK,
            }
        ],
        css=CSS,
    )


def cloze_model() -> genanki.Model:
    """The cloze note type: Text with deletions, Extra and Source."""
    return genanki.Model(
        CLOZE_MODEL_ID,
        "flashnotes Cloze",
        fields=[{"name": "Text"}, {"name": "Extra"}, {"name": "Source"}],
        templates=[{"name": "Cloze", "qfmt": CLOZE_FRONT, "afmt": CLOZE_BACK}],
        css=CSS,
        model_type=genanki.Model.CLOZE,
    )


def deck_id(name: str) -> int:
    """A stable Anki deck id derived from the deck name."""
    return (1 << 30) + int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) % (1 << 30)


def note_mod(previous: datetime | None, now: datetime) -> datetime:
    """When a note whose content changes at ``now`` was modified: whole seconds, always after ``previous``.

    Anki imports a note only if it is newer than the copy it holds, and note times
    are whole seconds: a change one second after the last one would otherwise be lost.
    """
    stamp = int(now.timestamp())
    if previous is not None:
        stamp = max(stamp, int(previous.timestamp()) + 1)
    return datetime.fromtimestamp(stamp, UTC)


def note_guid(card_id: str) -> str:
    """The note GUID for a card id."""
    return str(genanki.guid_for("flashnotes", card_id))


@dataclass(frozen=True, slots=True)
class NoteSpec:
    """One note to write: already-rendered HTML fields, tags and when its content last changed."""

    card_id: str
    cloze: bool
    fields: tuple[str, str, str]
    tags: tuple[str, ...]
    modified: datetime
    progress: CardProgress | None = None


class _Note(genanki.Note):  # type: ignore[misc]
    """A genanki note that writes its own modification time instead of the package's, and its progress."""

    def __init__(self, *args: Any, mod: int, progress: CardProgress | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mod = mod
        self.progress = progress

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
        # genanki stamps the note (and its cards) with the timestamp it is given: give it ours.
        super().write_to_db(cursor, self.mod, deck_id, id_gen)
        if self.progress is not None:
            _write_progress(cursor, self.progress)


def _write_progress(cursor: Any, progress: CardProgress) -> None:
    """Scheduling and revlog rows onto the note's first card (for a cloze note, its first deletion's)."""
    # genanki wrote this note's cards last, each with its id given: lastrowid is one of them
    (nid,) = cursor.execute("SELECT nid FROM cards WHERE id = ?", (cursor.lastrowid,)).fetchone()
    (cid,) = cursor.execute("SELECT id FROM cards WHERE nid = ? ORDER BY ord LIMIT 1", (nid,)).fetchone()
    s = progress.scheduling
    memory = {"s": s.stability, "d": s.difficulty, "lrt": s.last_review}
    data = json.dumps({k: v for k, v in memory.items() if v is not None}) if s.stability is not None else ""
    cursor.execute(
        "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, lapses = ?, left = ?,"
        " data = ? WHERE id = ?",
        (int(s.type), int(s.queue), s.due, s.interval, s.factor, s.reps, s.lapses, s.left, data, cid),
    )
    cursor.executemany(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)",
        [(r.id, cid, r.ease, r.interval, r.last_interval, r.factor, r.duration_ms, r.kind) for r in progress.revlog],
    )


_ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can carry


class _Package(genanki.Package):  # type: ignore[misc]
    """A package whose collection counts days like the learner: created on the epoch, rolling over at their hour."""

    def __init__(self, *args: Any, rollover: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rollover = rollover

    def write_to_file(self, file: str, timestamp: float | None = None) -> None:
        """As genanki writes it, but the collection is built in memory (no temporary database synced to
        disk) and every zip entry carries the package's time: the same build gives the same bytes."""
        when = datetime.now(UTC).timestamp() if timestamp is None else timestamp
        conn = sqlite3.connect(":memory:")
        try:
            self.write_to_db(conn.cursor(), when, itertools.count(int(when * 1000)))
            conn.commit()
            data = conn.serialize()
        finally:
            conn.close()
        stamp = datetime.fromtimestamp(max(when, _ZIP_EPOCH), UTC).timetuple()[:6]
        with zipfile.ZipFile(file, "w") as out:
            out.writestr(zipfile.ZipInfo("collection.anki2", stamp), data)
            out.writestr(
                zipfile.ZipInfo("media", stamp), json.dumps(dict(enumerate(map(os.path.basename, self.media_files))))
            )
            for idx, path in enumerate(self.media_files):
                out.writestr(zipfile.ZipInfo(str(idx), stamp), Path(path).read_bytes())

    def write_to_db(self, cursor: Any, timestamp: float, id_gen: Any) -> None:
        super().write_to_db(cursor, timestamp, id_gen)
        if self.rollover is None:
            return
        # Anki shifts imported due days by the difference between the two collections' creation days,
        # so day numbers here are days since the epoch; schedVer 2 stops Anki converting the cards from v1.
        (conf,) = cursor.execute("SELECT conf FROM col").fetchone()
        settings = {**json.loads(conf), "schedVer": 2, "rollover": self.rollover, "creationOffset": 0}
        created = int(datetime(EPOCH.year, EPOCH.month, EPOCH.day, 12, tzinfo=UTC).timestamp())
        cursor.execute("UPDATE col SET crt = ?, conf = ?", (created, json.dumps(settings)))


def _note(spec: NoteSpec, basic: genanki.Model, cloze: genanki.Model) -> _Note:
    return _Note(
        model=cloze if spec.cloze else basic,
        fields=list(spec.fields),
        guid=note_guid(spec.card_id),
        tags=list(spec.tags),
        mod=int(spec.modified.timestamp()),
        progress=spec.progress,
    )


def write_package(
    path: Path,
    deck_name: str,
    notes: Sequence[NoteSpec],
    media: Sequence[Path],
    when: datetime,
    *,
    rollover: int = 4,
    then: Callable[[Path], None] | None = None,
    place: bool = True,
) -> Path:
    """Write a package atomically: into a temporary file next to ``path``, then moved into place.

    ``then`` runs on the finished temporary file before it replaces ``path`` (the build
    records itself there): if it fails, the previous package is left as it was. With
    ``place=False`` the finished temporary file is left for the caller to move (see
    :func:`place_package`) and returned. ``rollover`` is the learner's day rollover hour,
    for the due days of notes carrying progress.
    """
    basic, cloze = basic_model(), cloze_model()
    deck = genanki.Deck(deck_id(deck_name), deck_name)
    for spec in notes:
        deck.add_note(_note(spec, basic, cloze))
    with_progress = any(spec.progress is not None for spec in notes)
    package = _Package(deck, media_files=[str(m) for m in media], rollover=rollover if with_progress else None)
    _make_folder(path.parent)
    remove_stale_temps(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    written = False
    try:
        package.write_to_file(str(tmp), timestamp=when.timestamp())
        if then is not None:
            then(tmp)
        if place:
            os.replace(tmp, path)
        written = True
    except OSError as exc:
        raise ExportError(f"{path}: cannot write the package ({exc.strerror}); check the folder is writable") from None
    finally:
        if place or not written:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    return path if place else tmp


def place_package(tmp: Path, path: Path) -> None:
    """Move a package left by ``write_package(..., place=False)`` into place (it is gone either way)."""
    try:
        os.replace(tmp, path)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write the package ({exc.strerror}); check the folder is writable") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _make_folder(folder: Path) -> None:
    """The package folder, created if missing; a clear error when it cannot be."""
    for parent in (folder, *folder.parents):
        if parent.exists() and not parent.is_dir():
            raise ExportError(f"{parent}: is a file, not a folder; move it away or choose another --out folder")
        if parent.exists():
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(
            f"{folder}: cannot create the package folder ({exc.strerror}); choose another --out"
        ) from None


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove ``.NAME.PID.tmp`` files that builds killed mid-write left next to ``path``; return them."""
    removed = []
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2 : -len(".tmp")]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                tmp.unlink()
                removed.append(tmp)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # our own leftover from an earlier build in this process: ours to replace
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
