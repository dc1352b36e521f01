"""Tests for patterns compiled on first use."""

from __future__ import annotations

import importlib
import marshal
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from flashnotes.extract import patterns
from flashnotes.extract.patterns import CodeCache, lazy


def test_a_lazy_pattern_is_not_compiled_until_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """Defining a pattern compiles nothing; the first search compiles it once."""
    monkeypatch.setattr(patterns, "CACHE", CodeCache(None))
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


def _every_lazy_pattern() -> list[tuple[str, int]]:
    """The source and flags of every pattern the extractors hold."""
    package = Path(patterns.__file__).parent
    out: set[tuple[str, int]] = set()
    for path in sorted(package.glob("*.py")):
        module = importlib.import_module(f"flashnotes.extract.{path.stem}")
        for value in vars(module).values():
            if type(value).__name__ == "_Lazy":
                out.add((value.pattern, re.compile(value.pattern, value.flags).flags & ~re.U))
    return sorted(out)


def _refusing(pattern: str, flags: int = 0) -> re.Pattern[str]:
    raise AssertionError(f"compiled {pattern!r} though its code was stored")


def test_stored_code_builds_the_pattern_re_compile_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every extractor pattern, saved and loaded back, equals re.compile's (same code) without compiling again."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    every = _every_lazy_pattern()
    assert len(every) > 100
    first = CodeCache(str(tmp_path / "code.marshal"))
    for source, flags in every:
        first.compile(source, flags)
    first.save()
    again = CodeCache(str(tmp_path / "code.marshal"))
    expected = {(source, flags): re.compile(source, flags) for source, flags in every}
    monkeypatch.setattr(re, "compile", _refusing)
    for (source, flags), pattern in expected.items():
        assert again.compile(source, flags) == pattern


@pytest.mark.parametrize("damage", ["foreign", "garbage", "truncated", "bad-entry"])
def test_a_foreign_or_damaged_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    """A file from another interpreter, or not a cache at all, or holding nonsense code, leaves re.compile's pattern."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = tmp_path / "code.marshal"
    cache = CodeCache(str(path))
    cache.compile(r"(?P<w>a+)b", 0)
    cache.save()
    header, entries = marshal.loads(path.read_bytes())
    if damage == "foreign":
        path.write_bytes(marshal.dumps(((header[0], header[1] + 1, *header[2:]), entries)))
    elif damage == "garbage":
        path.write_bytes(b"not a cache")
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:20])
    else:
        path.write_bytes(marshal.dumps((header, {key: (0, [999, 1], 0, {}, ()) for key in entries})))
    pattern = CodeCache(str(path)).compile(r"(?P<w>a+)b", 0)
    assert pattern == re.compile(r"(?P<w>a+)b") and pattern.groupindex == {"w": 1}


def test_nothing_is_written_when_python_writes_no_bytecode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under PYTHONDONTWRITEBYTECODE the cache is read but never written, as with bytecode."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    cache = CodeCache(str(tmp_path / "sub" / "code.marshal"))
    cache.compile(r"x+", 0)
    cache.save()
    assert not (tmp_path / "sub").exists()


def test_the_cache_sits_beside_the_module_bytecode() -> None:
    """The default file is in the folder of patterns.py's own bytecode, so PYTHONPYCACHEPREFIX moves it too."""
    path = patterns.CACHE.path
    assert path is not None and patterns.__cached__ is not None
    assert Path(path).parent == Path(patterns.__cached__).parent and path.endswith(".marshal")


def test_a_python_whose_re_internals_differ_saves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When re's private compiler cannot give the code, the pattern still compiles and no file is written."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)

    def missing(pattern: str, flags: int) -> tuple[Any, ...]:
        raise AttributeError("module 're._compiler' has no attribute '_code'")

    monkeypatch.setattr(patterns, "_code", missing)
    cache = CodeCache(str(tmp_path / "code.marshal"))
    assert cache.compile(r"a|b", 0) == re.compile(r"a|b")
    cache.save()
    assert not (tmp_path / "code.marshal").exists()


def test_the_extractors_call_no_regular_expression_by_its_source() -> None:
    """Every extractor pattern is a ``lazy()`` constant (compiled once, cached), never ``re.sub(r"…")``."""
    folder = Path(patterns.__file__).parent
    literal = re.compile(r"\bre\.(?:sub|subn|search|match|fullmatch|split|findall|finditer)\(")
    calls = [
        f"{path.name}:{n}"
        for path in sorted(folder.glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert calls == []


def test_is_compiled_tells_a_lazy_pattern_used_from_one_not_yet_used() -> None:
    """A lazy pattern reads as compiled only once first used; a re.compile pattern always does."""
    fresh = patterns.lazy(r"never-used-before-\d+")
    assert not patterns.is_compiled(fresh)
    assert fresh.fullmatch("never-used-before-1") is not None
    assert patterns.is_compiled(fresh) and patterns.is_compiled(re.compile("x"))
