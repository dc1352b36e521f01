"""Tests for defensive YAML: depth, alias expansion and duplicate keys checked before composing."""

from __future__ import annotations

import pytest

from flashnotes.yamltext import MAX_DEPTH, YamlProblem, compose, construct


def _bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (_bomb(), "expands to more than", 5),
        ("[" * 5000 + "]" * 5000, f"nested more than {MAX_DEPTH} levels", 1),
        ("- " * 5000 + "x", f"nested more than {MAX_DEPTH} levels", 1),
        ("name: a\nname: b\n", "has the key 'name' twice (first on line 1)", 2),
        ("a: {b: 1, b: 2}\n", "has the key 'b' twice", 1),
        ("a: [1\n", "is not valid YAML", 2),
        ("a: !!python/object:os.system x\n", "is not valid YAML", 1),
    ],
)
def test_abusive_or_malformed_yaml_is_refused_with_its_line(text: str, message: str, line: int) -> None:
    """Alias bombs, deep nesting, duplicate keys and unknown tags are problems naming a line, never a crash."""
    with pytest.raises(YamlProblem) as info:
        node = compose(text)
        assert node is not None
        construct(node)
    assert message in info.value.message and info.value.line == line


def test_an_unclosed_bracket_names_the_line_it_opened_on() -> None:
    """A `[` left open is reported where the parser stops and, as well, on the line where the list began."""
    with pytest.raises(YamlProblem) as info:
        compose("name: n\ntags: [a, b   # a comment\n\nreview:\n  new_per_day: 5\n")
    assert "while parsing a flow sequence that starts on line 2" in info.value.message
    assert info.value.line == 4


def test_ordinary_anchors_merge_keys_and_nesting_still_read() -> None:
    """Modest aliases, ``<<`` merges and a few levels of nesting are ordinary YAML and are read."""
    node = compose("base: &b {x: 1}\nmine:\n  <<: *b\n  y: [[1, 2], [3]]\n")
    assert node is not None and construct(node) == {"base": {"x": 1}, "mine": {"x": 1, "y": [[1, 2], [3]]}}
