"""Deck files: ``decks/NAME.yaml`` parsed and validated strictly, with file and line in every error."""

from __future__ import annotations

import glob
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from flashnotes.errors import DeckError
from flashnotes.model import Kind
from flashnotes.settings import ReviewSettings
from flashnotes.yamltext import BOOL_TAG, STR_TAG, MappingNode, Node, ScalarNode, SequenceNode, YamlProblem, compose

DECKS_DIR = "decks"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_STEP = timedelta(days=365)


@dataclass(frozen=True, slots=True)
class HandCard:
    """A card written by hand in the deck file."""

    front: str
    back: str
    tags: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class DeckSpec:
    """One deck file, validated."""

    name: str
    file: Path
    articles: tuple[tuple[str, int], ...]
    kinds: frozenset[Kind] = frozenset(Kind)
    tags: tuple[str, ...] = ()
    exclude: frozenset[str] = frozenset()
    cards: tuple[HandCard, ...] = ()
    review: ReviewSettings = field(default_factory=ReviewSettings)
    exclude_lines: tuple[tuple[str, int], ...] = ()  # each ``exclude`` entry with its line, for warnings
    min_confidence: float | None = None
    allow_outside: bool = False

    @property
    def slug(self) -> str:
        """The deck file's stem: the package name and how the CLI selects the deck."""
        return self.file.stem


def find_root(start: Path) -> Path:
    """The project root: the nearest folder at or above ``start`` that holds ``decks/``."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / DECKS_DIR).is_dir():
            return folder
    raise DeckError(
        start, f"no {DECKS_DIR}/ folder here or above; run inside a flashnotes project or create decks/NAME.yaml"
    )


class _Checker:
    """Validates one deck file's node tree; every failure is a DeckError with file and line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, node: Node, message: str) -> DeckError:
        return DeckError(self.path, message, node.start_mark.line + 1)

    def mapping(self, node: Node, what: str, allowed: dict[str, bool]) -> dict[str, Node]:
        if not isinstance(node, MappingNode):
            raise self.fail(node, f"{what} must be a mapping of fields")
        out: dict[str, Node] = {}
        for key_node, value in node.value:
            key = str(key_node.value)
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(key_node, f"unknown field '{key}' in {what}; known fields: {known}")
            out[key] = value
        for key, required in allowed.items():
            if required and key not in out:
                raise self.fail(node, f"{what} is missing the required field '{key}'")
        return out

    def text(self, node: Node, what: str, *, strict: bool = False) -> str:
        """A non-empty scalar as text; ``strict``: it must be a YAML string, not a number or true/false."""
        if (
            not isinstance(node, ScalarNode)
            or node.tag.endswith((":null", ":seq", ":map"))
            or not str(node.value).strip()
        ):
            raise self.fail(node, f"'{what}' must be a non-empty text")
        if strict and node.tag != STR_TAG:
            raise self.fail(node, f"'{what}' must be text, not '{node.value}' (put it in quotes to mean the text)")
        return str(node.value)

    def flag(self, node: Node, what: str) -> bool:
        if not isinstance(node, ScalarNode) or node.tag != BOOL_TAG:
            raise self.fail(node, f"'{what}' must be true or false")
        return str(node.value).lower() in ("true", "yes", "on", "y")

    def texts(self, node: Node, what: str) -> list[tuple[str, int]]:
        if isinstance(node, ScalarNode):
            return [(self.text(node, what), node.start_mark.line + 1)]
        if not isinstance(node, SequenceNode):
            raise self.fail(node, f"'{what}' must be a list of texts")
        return [(self.text(item, what), item.start_mark.line + 1) for item in node.value]

    def number(self, node: Node, what: str, kind: type, low: float, high: float) -> float:
        if not isinstance(node, ScalarNode):
            raise self.fail(node, f"'{what}' must be a number")
        try:
            value = kind(float(str(node.value)) if kind is float else int(str(node.value)))
        except (TypeError, ValueError):
            raise self.fail(node, f"'{what}' must be a {'whole number' if kind is int else 'number'}") from None
        if not low <= value <= high:
            raise self.fail(node, f"'{what}' must be between {low:g} and {high:g}")
        return float(value)

    def steps(self, node: Node, what: str) -> tuple[timedelta, ...]:
        out = []
        for value, line in self.texts(node, what) if not _empty_list(node) else []:
            m = _DURATION.match(value)
            if not m:
                raise DeckError(self.path, f"'{what}' entries look like 1m, 10m, 1h or 1d (got '{value}')", line)
            amount = float(m.group(1)) * _SECONDS[m.group(2)]
            if not 0 < amount <= MAX_STEP.total_seconds():
                raise DeckError(self.path, f"'{what}' entries must be at most 365d (got '{value}')", line)
            out.append(timedelta(seconds=amount))
        return tuple(out)


def _empty_list(node: Node) -> bool:
    return isinstance(node, SequenceNode) and not node.value


_DECK_FIELDS = {
    "name": True,
    "articles": True,
    "kinds": False,
    "tags": False,
    "exclude": False,
    "cards": False,
    "review": False,
    "min_confidence": False,
    "allow_outside": False,
}
_REVIEW_FIELDS = {
    "desired_retention": False,
    "learning_steps": False,
    "relearning_steps": False,
    "maximum_interval": False,
    "new_per_day": False,
    "reviews_per_day": False,
}


def _review(c: _Checker, node: Node) -> ReviewSettings:
    fields = c.mapping(node, "review", _REVIEW_FIELDS)
    base = ReviewSettings()
    readers: dict[str, Callable[[Node], object]] = {
        "desired_retention": lambda n: c.number(n, "desired_retention", float, 0.7, 0.99),
        "learning_steps": lambda n: c.steps(n, "learning_steps"),
        "relearning_steps": lambda n: c.steps(n, "relearning_steps"),
        "maximum_interval": lambda n: int(c.number(n, "maximum_interval", int, 1, 36500)),
        "new_per_day": lambda n: int(c.number(n, "new_per_day", int, 0, 100000)),
        "reviews_per_day": lambda n: int(c.number(n, "reviews_per_day", int, 0, 1000000)),
    }
    values = {key: readers[key](value) for key, value in fields.items()}
    return ReviewSettings(**{**{f: getattr(base, f) for f in _REVIEW_FIELDS}, **values})


def _hand_cards(c: _Checker, node: Node) -> tuple[HandCard, ...]:
    if not isinstance(node, SequenceNode):
        raise c.fail(node, "'cards' must be a list of {front, back} entries")
    out = []
    for item in node.value:
        fields = c.mapping(item, "a card", {"front": True, "back": True, "tags": False})
        tags = tuple(t for t, _ in c.texts(fields["tags"], "tags")) if "tags" in fields else ()
        out.append(
            HandCard(c.text(fields["front"], "front"), c.text(fields["back"], "back"), tags, item.start_mark.line + 1)
        )
    return tuple(out)


def _kinds(c: _Checker, node: Node) -> frozenset[Kind]:
    kinds = set()
    for value, line in c.texts(node, "kinds"):
        try:
            kinds.add(Kind(value))
        except ValueError:
            known = ", ".join(k.value for k in Kind)
            raise DeckError(c.path, f"unknown kind '{value}' in 'kinds'; use {known}", line) from None
    return frozenset(kinds)


def parse_deck(path: Path, text: str) -> DeckSpec:
    """Validate one deck file's text; raise DeckError naming file, line and field."""
    try:
        root = compose(text)
    except YamlProblem as exc:
        raise DeckError(path, f"the deck file {exc.message}", exc.line) from None
    if root is None:
        raise DeckError(path, "the deck file is empty; it needs at least 'name' and 'articles'", 1)
    c = _Checker(path)
    fields = c.mapping(root, "the deck", _DECK_FIELDS)
    articles = c.texts(fields["articles"], "articles")
    excludes = c.texts(fields["exclude"], "exclude") if "exclude" in fields else []
    if not articles:
        raise c.fail(fields["articles"], "'articles' must list at least one path or glob")
    return DeckSpec(
        name=c.text(fields["name"], "name", strict=True).strip(),
        file=path,
        articles=tuple(articles),
        kinds=_kinds(c, fields["kinds"]) if "kinds" in fields else frozenset(Kind),
        tags=tuple(t for t, _ in c.texts(fields["tags"], "tags")) if "tags" in fields else (),
        exclude=frozenset(t for t, _ in excludes),
        cards=_hand_cards(c, fields["cards"]) if "cards" in fields else (),
        review=_review(c, fields["review"]) if "review" in fields else ReviewSettings(),
        exclude_lines=tuple(excludes),
        allow_outside=c.flag(fields["allow_outside"], "allow_outside") if "allow_outside" in fields else False,
        min_confidence=(
            c.number(fields["min_confidence"], "min_confidence", float, 0.0, 1.0)
            if "min_confidence" in fields
            else None
        ),
    )


def load_decks(root: Path) -> list[DeckSpec]:
    """Every deck file in ``root/decks`` (sorted), validated, with unique names."""
    files = sorted((root / DECKS_DIR).glob("*.yaml")) + sorted((root / DECKS_DIR).glob("*.yml"))
    decks: list[DeckSpec] = []
    seen: dict[str, Path] = {}
    for file in files:
        try:
            if not stat.S_ISREG(file.stat().st_mode):
                raise DeckError(file, "is not a regular file (a folder, FIFO or device); remove it from decks/")
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise DeckError(file, f"cannot read the deck file ({exc}); save it as UTF-8") from None
        deck = parse_deck(file.relative_to(root), text)
        if deck.name in seen:
            raise DeckError(
                deck.file, f"the deck name '{deck.name}' is already used by {seen[deck.name]}; rename one", 1
            )
        seen[deck.name] = deck.file
        decks.append(deck)
    return decks


def select(decks: list[DeckSpec], wanted: tuple[str, ...]) -> list[DeckSpec]:
    """The decks named on the command line (by file stem or deck name), or all of them."""
    if not wanted:
        return decks
    out: list[DeckSpec] = []
    for want in wanted:
        match = [d for d in decks if want in (d.slug, d.name)]
        if not match:
            known = ", ".join(d.slug for d in decks) or "none"
            raise DeckError(DECKS_DIR, f"no deck called '{want}'; known decks: {known}")
        out.extend(m for m in match if m not in out)
    return out


def resolve_articles(root: Path, deck: DeckSpec) -> list[Path]:
    """The article files a deck names (paths, folders and globs relative to the root), in stable order.

    Every file must be a regular file inside the project (after following symlinks)
    unless the deck says ``allow_outside: true``; a FIFO, socket or device is an
    error, never opened.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    inside = root.resolve()
    folders: dict[Path, Path] = {}
    for pattern, line in deck.articles:
        where = _Entry(deck, pattern, line)
        files = [f for match in where.matches(root) for f in where.files(match)]
        if not files:
            raise where.error("matches no article; fix the path or glob")
        for file in files:
            real = _real_path(file, folders)
            if not deck.allow_outside and not real.is_relative_to(inside):
                raise where.error(
                    f"leads outside the project ({file}); move the article into the project "
                    "or add 'allow_outside: true' to the deck file"
                )
            if real not in seen:
                seen.add(real)
                found.append(file)
    return found


def _real_path(file: Path, folders: dict[Path, Path]) -> Path:
    """``file.resolve()``, each folder resolved once (in ``folders``): a file that is no symlink is an entry
    of its folder's real path (one ``lstat`` instead of one for every part of the path, for every file)."""
    if file.is_symlink():
        return file.resolve()
    folder = folders.get(file.parent)
    if folder is None:
        folder = folders[file.parent] = file.parent.resolve()
    return folder / file.name


def article_path(root: Path, file: Path) -> str:
    """How an article is named in cards: relative to the project root (``../`` when it lies outside)."""
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(file, root)).as_posix()


_SUFFIXES = (".md", ".markdown", ".txt")


@dataclass(frozen=True, slots=True)
class _Entry:
    """One 'articles' entry of a deck file, for its matches and its errors."""

    deck: DeckSpec
    pattern: str
    line: int

    def error(self, message: str) -> DeckError:
        return DeckError(self.deck.file, f"'articles' entry '{self.pattern}' {message}", self.line)

    def matches(self, root: Path) -> list[Path]:
        if Path(self.pattern).is_absolute() or self.pattern.startswith("~"):
            if not self.deck.allow_outside:
                raise self.error(
                    "is an absolute path; give a path relative to the project root "
                    "or add 'allow_outside: true' to the deck file"
                )
            return [Path(p) for p in sorted(glob.glob(self.pattern, recursive=True))]
        if any(ch in self.pattern for ch in "*?["):
            return sorted(root.glob(self.pattern))
        return [root / self.pattern]

    def files(self, match: Path) -> list[Path]:
        """The article files a match stands for: itself, or a folder's articles; non-regular files refused."""
        if match.is_dir():
            candidates = sorted(p for p in match.rglob("*") if p.suffix.lower() in _SUFFIXES)
        elif match.exists() or match.is_symlink():
            candidates = [match]
        else:
            return []
        out = []
        for path in candidates:
            try:
                mode = path.stat().st_mode
            except OSError:
                continue  # a broken symlink names nothing
            if stat.S_ISDIR(mode):
                continue
            if not stat.S_ISREG(mode):
                raise self.error(f"matches {path}, which is not a regular file (a FIFO, socket or device); remove it")
            out.append(path)
        return out
