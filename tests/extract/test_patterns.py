"""Tests for patterns compiled on first use."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest

from flashnotes.extract.patterns import lazy


def test_a_lazy_pattern_is_not_compiled_until_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """Defining a pattern compiles nothing; the first search compiles it once."""
    compiled: list[str] = []
    real = re.compile

    def counting(pattern: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", counting)
    pattern = lazy(r"a+b")
    assert compiled == []
    assert pattern.search("xaab") is not None and pattern.findall("ab aab") == ["ab", "aab"]
    assert compiled == ["a+b"]


@pytest.mark.parametrize("text", ["Foo foo FOO", "", "no match here", "foo\nfoo"])
def test_a_lazy_pattern_answers_as_the_compiled_one(text: str) -> None:
    """Every method gives what re.compile's pattern gives, flags included."""
    source, flags = r"^(?P<w>fo+)", re.I | re.M
    ours, theirs = lazy(source, flags), re.compile(source, flags)
    assert [m.span() for m in ours.finditer(text)] == [m.span() for m in theirs.finditer(text)]
    assert ours.sub("x", text) == theirs.sub("x", text)
    assert ours.split(text) == theirs.split(text)
    assert bool(ours.match(text)) == bool(theirs.match(text))
    assert ours.groupindex == theirs.groupindex and ours.flags == theirs.flags


def _sample_texts() -> list[str]:
    root = Path(__file__).resolve().parents[2] / "articles"
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.suffix in (".md", ".txt")]
    return [*texts, "Example 1: Input: x = 1 所谓注意力，就是一种机制。我们把它叫做“注意力”，也称为 attention。"]


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("definitions", "_ZH_DEFINITOR"),
        ("definitions", "_ZH_NAMING"),
        ("definitions", "_ANY_EN"),
        ("definitions_en", "_EN_NAMING"),
    ],
)
def test_a_first_character_lookahead_changes_no_match(module: str, name: str) -> None:
    """A pattern given a lookahead over its first characters (for speed) finds what it finds without it."""
    pattern = getattr(importlib.import_module(f"flashnotes.extract.{module}"), name)
    lookahead = re.match(r"\(\?=\[[^\]]+\]\)", pattern.pattern)
    assert lookahead is not None, "the pattern lost its lookahead"
    source = pattern.pattern[lookahead.end() :]
    allowed = set(lookahead.group()[4:-2])
    fold = bool(pattern.flags & re.I)
    first = _first_chars(_parser.parse(source, pattern.flags).data)
    assert {c.lower() if fold else c for c in first} <= {c.lower() if fold else c for c in allowed}
    plain = re.compile(source, pattern.flags)
    for text in _sample_texts():
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]


_parser: Any = importlib.import_module("re._parser")  # the parse tree tells a pattern's first characters
_ZERO_WIDTH = {_parser.AT, _parser.ASSERT, _parser.ASSERT_NOT}


def _first_chars(items: list[tuple[Any, Any]]) -> set[str]:
    """Every character a match of this parsed sequence can start with (literal alternatives only)."""
    out: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _parser.LITERAL:
            return out | {chr(av)}
        if op is _parser.SUBPATTERN:
            return out | _first_chars(av[3].data)
        if op is _parser.BRANCH:
            return out | set().union(*(_first_chars(alt.data) for alt in av[1]))
        if op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT):
            out |= _first_chars(av[2].data)
            if av[0] > 0:
                return out
            continue
        if op is _parser.IN and all(o is _parser.LITERAL for o, _ in av):
            return out | {chr(c) for _, c in av}
        raise AssertionError(f"cannot tell the first characters of {op}")
    raise AssertionError("the pattern can match the empty string")
