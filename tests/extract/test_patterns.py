"""Tests for patterns compiled on first use."""

from __future__ import annotations

import re

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
