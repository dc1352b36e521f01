"""The card model: kinds, sources and cards as frozen values with stable ids."""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class Kind(StrEnum):
    """The kinds of card the extractor makes."""

    DEFINITION = "definition"
    FORMULA = "formula"
    QUIZ = "quiz"
    CLOZE = "cloze"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a card came from: the article path as given, a 1-based line, the heading path."""

    path: str
    line: int
    heading: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Card:
    """One question/answer pair, identified by ``id`` across regenerations.

    ``confidence`` is the extractor's estimate (0-1) that a learner keeps the card;
    explicit markup and hand-written cards are 1.0.
    """

    id: str
    kind: Kind
    front: str
    back: str
    key: str
    source: Source
    tags: tuple[str, ...] = field(default=())
    confidence: float = 1.0

    def to_json(self) -> dict[str, object]:
        """The card as the JSON object ``flashnotes extract --json`` prints."""
        return {
            "id": self.id,
            "kind": self.kind.value,
            "front": self.front,
            "back": self.back,
            "key": self.key,
            "source": {
                "path": self.source.path,
                "line": self.source.line,
                "heading": " > ".join(self.source.heading),
            },
            "tags": list(self.tags),
            "confidence": self.confidence,
        }


_SPACE = re.compile(r"\s+")


class _Digest(Protocol):
    def hexdigest(self) -> str: ...


def _sha256() -> Callable[[bytes], _Digest]:
    """SHA-256 from CPython's own module: the same digest as ``hashlib``'s, without loading OpenSSL at start-up."""
    for name in ("_sha2", "_sha256"):  # Python 3.12+, 3.11
        try:
            return importlib.import_module(name).sha256  # type: ignore[no-any-return]
        except ImportError:
            continue
    import hashlib  # a build without the builtin hashes

    return hashlib.sha256


_SHA256 = _sha256()


def normalise_key(key: str) -> str:
    """The comparable form of a key: NFKC, case-folded, white space removed."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", key)).casefold()


def card_id(scope: str, kind: Kind, key: str) -> str:
    """A stable id from what identifies a card: its scope (article or deck), kind and key.

    LaTeX is case-sensitive, so a formula's key keeps its case (``W`` is not ``w``).
    """
    text = _SPACE.sub("", unicodedata.normalize("NFKC", key)) if kind is Kind.FORMULA else normalise_key(key)
    digest = _SHA256(f"{scope}\x1f{kind.value}\x1f{text}".encode())
    return digest.hexdigest()[:16]
