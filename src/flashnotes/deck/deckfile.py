"""Deck files: ``decks/NAME.yaml`` parsed and validated strictly, with file and line in every error."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from flashnotes.errors import DeckError
from flashnotes.model import Kind
from flashnotes.settings import ReviewSettings

DECKS_DIR = "decks"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


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

    def text(self, node: Node, what: str) -> str:
        if (
            not isinstance(node, ScalarNode)
            or node.tag.endswith((":null", ":seq", ":map"))
            or not str(node.value).strip()
        ):
            raise self.fail(node, f"'{what}' must be a non-empty text")
        return str(node.value)

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
            value = kind(yaml.safe_load(node.value) if kind is float else int(str(node.value)))
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
            out.append(timedelta(**{_UNITS[m.group(2)]: float(m.group(1))}))
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
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DeckError(
            path, f"not valid YAML ({getattr(exc, 'problem', exc)})", mark.line + 1 if mark else None
        ) from None
    if root is None:
        raise DeckError(path, "the deck file is empty; it needs at least 'name' and 'articles'", 1)
    c = _Checker(path)
    fields = c.mapping(root, "the deck", _DECK_FIELDS)
    articles = c.texts(fields["articles"], "articles")
    excludes = c.texts(fields["exclude"], "exclude") if "exclude" in fields else []
    if not articles:
        raise c.fail(fields["articles"], "'articles' must list at least one path or glob")
    return DeckSpec(
        name=c.text(fields["name"], "name").strip(),
        file=path,
        articles=tuple(articles),
        kinds=_kinds(c, fields["kinds"]) if "kinds" in fields else frozenset(Kind),
        tags=tuple(t for t, _ in c.texts(fields["tags"], "tags")) if "tags" in fields else (),
        exclude=frozenset(t for t, _ in excludes),
        cards=_hand_cards(c, fields["cards"]) if "cards" in fields else (),
        review=_review(c, fields["review"]) if "review" in fields else ReviewSettings(),
        exclude_lines=tuple(excludes),
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
    """The article files a deck names (paths, folders and globs relative to the root), in stable order."""
    suffixes = (".md", ".markdown", ".txt")
    found: list[Path] = []
    seen: set[Path] = set()
    for pattern, line in deck.articles:
        matches = sorted(root.glob(pattern)) if any(ch in pattern for ch in "*?[") else [root / pattern]
        files: list[Path] = []
        for match in matches:
            if match.is_dir():
                files.extend(sorted(p for p in match.rglob("*") if p.is_file() and p.suffix.lower() in suffixes))
            elif match.is_file():
                files.append(match)
        if not files:
            raise DeckError(deck.file, f"'articles' entry '{pattern}' matches no article; fix the path or glob", line)
        for file in files:
            if file not in seen:
                seen.add(file)
                found.append(file)
    return found
