"""Tests for the card model: ids and the JSON shape."""

from __future__ import annotations

import hashlib

import pytest

from flashnotes.model import Card, Kind, Source, card_id, normalise_key


def test_card_id_ignores_case_width_and_spacing() -> None:
    """Keys that differ only in case, full-width forms or white space give the same id."""
    assert card_id("d", Kind.DEFINITION, "Batch Norm") == card_id("d", Kind.DEFINITION, "batchnorm")
    assert normalise_key("ＡＢＣ ｄ") == "abcd"
    assert card_id("d", Kind.DEFINITION, "x") != card_id("d", Kind.QUIZ, "x")


@pytest.mark.parametrize(
    ("kind", "key"), [(Kind.DEFINITION, "Batch Norm"), (Kind.FORMULA, "E = mc^2"), (Kind.QUIZ, "注意力？")]
)
def test_card_id_is_the_sha256_of_scope_kind_and_key(kind: Kind, key: str) -> None:
    """The id is the first 16 hex digits of hashlib's SHA-256 (the builtin hash module must give the same)."""
    text = key.replace(" ", "") if kind is Kind.FORMULA else normalise_key(key)
    expected = hashlib.sha256(f"notes/a.md\x1f{kind.value}\x1f{text}".encode()).hexdigest()[:16]
    assert card_id("notes/a.md", kind, key) == expected


def test_to_json_has_exactly_the_documented_fields() -> None:
    """JSON output carries id, kind, front, back, key, source{path,line,heading}, tags and confidence only."""
    card = Card("1", Kind.QUIZ, "Q", "A", "Q", Source("a.md", 3, ("H1", "H2")), ("t",), 0.75)
    assert card.to_json() == {
        "id": "1",
        "kind": "quiz",
        "front": "Q",
        "back": "A",
        "key": "Q",
        "source": {"path": "a.md", "line": 3, "heading": "H1 > H2"},
        "tags": ["t"],
        "confidence": 0.75,
    }
