"""The one exception hierarchy: every user-facing failure is a FlashnotesError.

The CLI turns these into ``Error: …`` and exit 1 in one place; anything else
is a bug and keeps its traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


class FlashnotesError(Exception):
    """A problem the user can fix; the message says where and what to do."""


def _where(path: Path | str, line: int | None) -> str:
    return f"{path}:{line}" if line else f"{path}"


class InputError(FlashnotesError):
    """An article or path that cannot be read."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        super().__init__(f"{_where(path, line)}: {message}")


class DeckError(FlashnotesError):
    """A deck file that is missing, malformed or inconsistent."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        super().__init__(f"{_where(path, line)}: {message}")


class CollectionError(FlashnotesError):
    """The SQLite collection cannot be opened or is not ours."""


class ExportError(FlashnotesError):
    """An Anki package cannot be written."""


class ReviewError(FlashnotesError):
    """A review session or scheduler setting that cannot be honoured."""


class ProjectError(FlashnotesError):
    """A new project that cannot be created where it was asked for."""


class ModelError(FlashnotesError):
    """The packaged extraction model is missing or malformed: a broken installation."""
