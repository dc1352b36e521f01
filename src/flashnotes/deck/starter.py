"""A new project: a commented deck file, a short article showing every kind of card, a .gitignore.

The files ship inside the package (``deck/starter/``). Nothing is ever overwritten:
if any of them exists already, nothing is written at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from flashnotes.errors import ProjectError

DECK_FILE = "decks/notes.yaml"
ARTICLE = "articles/welcome.md"
GITIGNORE = ".gitignore"
_SOURCES = ((DECK_FILE, "deck.yaml"), (ARTICLE, "article.md"), (GITIGNORE, "gitignore"))


@dataclass(frozen=True, slots=True)
class StarterFile:
    """One file of a new project: where it goes (relative to the project) and its text."""

    path: str
    text: str


def starter_files() -> list[StarterFile]:
    """The files of a new project."""
    folder = resources.files("flashnotes.deck") / "starter"
    return [StarterFile(path, (folder / name).read_text(encoding="utf-8")) for path, name in _SOURCES]


def create_project(target: Path) -> list[Path]:
    """Write a new project into ``target`` (created if missing); refuse, writing nothing, if any file exists."""
    files = starter_files()
    if target.exists() and not target.is_dir():
        raise ProjectError(f"{target}: exists and is not a folder; pick another place for the project")
    taken = [f.path for f in files if (target / f.path).exists()]
    if taken:
        raise ProjectError(
            f"{target}: already has {', '.join(taken)}; flashnotes init never overwrites a file, "
            "so run it in an empty folder (or move those files away)"
        )
    written = []
    try:
        for f in files:
            path = target / f.path
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as out:
                out.write(f.text)
            written.append(path)
    except OSError as exc:
        reason = f"cannot create the project ({exc.strerror}); check the folder is writable"
        raise ProjectError(f"{target}: {reason}") from None
    return written
