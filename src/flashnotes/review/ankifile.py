"""Anki export files (``.colpkg``, ``.apkg``): the zip archive and the collection inside it.

This is the only module that imports ``zstandard``. Current exports hold the
collection zstd-compressed as ``collection.anki21b`` (next to a stub
``collection.anki2`` telling old Anki versions to upgrade); legacy exports hold
a plain ``collection.anki21`` or ``collection.anki2``.
"""

from __future__ import annotations

import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import zstandard

from flashnotes.errors import InputError

# newest first: a current export also holds a stub collection.anki2 that must not be read
COLLECTION_NAMES = ("collection.anki21b", "collection.anki21", "collection.anki2")
MAX_COLLECTION = 8 << 30  # a zip bomb, not a collection
_CHUNK = 1 << 20
_HINT = "export it from Anki with File > Export as a collection package (.colpkg) or a deck package with scheduling"


@contextmanager
def unpacked(path: Path) -> Iterator[Path]:
    """The collection inside an Anki export, as a temporary SQLite file removed afterwards."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, f"is a folder, not an Anki export; {_HINT}") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(path, f"not an Anki export (not a zip archive: {exc}); {_HINT}") from None
    with archive, tempfile.TemporaryDirectory(prefix="flashnotes-anki-") as folder:
        target = Path(folder) / "collection.sqlite3"
        _extract(archive, path, target)
        yield target


def _extract(archive: zipfile.ZipFile, path: Path, target: Path) -> None:
    names = set(archive.namelist())
    name = next((n for n in COLLECTION_NAMES if n in names), None)
    if name is None:
        raise InputError(path, f"not an Anki export: it holds no collection.anki21b, .anki21 or .anki2; {_HINT}")
    try:
        with archive.open(name) as member, target.open("wb") as out:
            source: IO[bytes] = zstandard.ZstdDecompressor().stream_reader(member) if name.endswith("b") else member
            _copy(source, out, path)
    except (zipfile.BadZipFile, zlib.error, zstandard.ZstdError, EOFError) as exc:
        raise InputError(path, f"the Anki export is damaged ({name}: {exc}); export it again") from None


def _copy(source: IO[bytes], out: IO[bytes], path: Path) -> None:
    """Copy in chunks, refusing a collection that unpacks to more than :data:`MAX_COLLECTION` bytes."""
    written = 0
    while chunk := source.read(_CHUNK):
        written += len(chunk)
        if written > MAX_COLLECTION:
            raise InputError(path, f"the collection inside unpacks to more than {MAX_COLLECTION >> 30} GiB; not read")
        out.write(chunk)
