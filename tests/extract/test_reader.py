"""Tests for reading articles: encodings, clean-up, front matter, folders."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashnotes.errors import InputError
from flashnotes.extract.reader import load_articles, parse_article, read_article, simple_front_matter

TEXT = "# 标题\n\n梯度下降是一种迭代优化方法。\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("gb18030"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "gb18030"],
)
def test_encodings_decode_to_the_same_text(data: bytes) -> None:
    """UTF-8 with or without BOM, UTF-16 with BOM and GB18030 all read as the same text."""
    assert parse_article("a.md", data).text == TEXT


def test_crlf_zero_width_and_control_characters_are_cleaned() -> None:
    """CRLF becomes LF; zero-width spaces and control characters vanish; line count is kept."""
    raw = "第一行\r\n梯\u200b度\x07下降\r\n第三行".encode()
    text = parse_article("a.md", raw).text
    assert text == "第一行\n梯度下降\n第三行"


def test_kangxi_radicals_become_ordinary_characters() -> None:
    """Look-alike Kangxi radicals (⽼) are read as the ordinary ideograph (老)."""
    assert parse_article("a.md", "⽼板".encode()).text == "老板"


def test_front_matter_is_honoured_and_lines_are_kept() -> None:
    """title, tags and deck come from front matter; the body keeps its original line numbers."""
    raw = "---\ntitle: 笔记\ntags: [ml, 优化]\ndeck: 机器学习\n---\n正文在第六行\n"
    article = parse_article("a.md", raw.encode())
    assert (article.title, article.tags, article.deck) == ("笔记", ("ml", "优化"), "机器学习")
    assert article.text.split("\n")[5] == "正文在第六行"


def test_malformed_front_matter_names_the_line() -> None:
    """Broken YAML front matter is an InputError naming the file and line."""
    with pytest.raises(InputError, match=r"a\.md:\d+: the YAML front matter"):
        parse_article("a.md", b"---\ntitle: [unclosed\n---\nbody\n")


def test_binary_file_is_a_clear_error(tmp_path: Path) -> None:
    """A binary file is an InputError that names it, never a decoding traceback."""
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match=r"image\.md: cannot read this file"):
        read_article(path)


def test_folder_is_read_recursively_in_stable_order_and_skips_bad_files(tmp_path: Path) -> None:
    """A folder yields its articles sorted by relative path; an unreadable one is skipped, not fatal."""
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.md").write_text("z", encoding="utf-8")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "c.markdown").write_text("c", encoding="utf-8")
    (tmp_path / "ignored.py").write_text("x", encoding="utf-8")
    (tmp_path / "bad.md").write_bytes(b"\x00\x01\x02")
    articles, skipped = load_articles([str(tmp_path)])
    assert [Path(a.path).relative_to(tmp_path).as_posix() for a in articles] == ["a.txt", "b/z.md", "c.markdown"]
    assert [Path(s.path).name for s in skipped] == ["bad.md"]


def test_missing_path_is_an_error() -> None:
    """A path that does not exist is an InputError that says what to give instead."""
    with pytest.raises(InputError, match="no such file or folder"):
        load_articles(["does/not/exist.md"])


@pytest.mark.parametrize(
    ("front", "message", "line"),
    [
        (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}' if i > 1 else '*a'] * 10)}]\n" for i in range(1, 8)),
            "expands to more than",
            None,
        ),
        ("tags: " + "[" * 5000 + "]" * 5000 + "\n", "nested more than", 2),
        ("title: a\ntitle: b\n", "has the key 'title' twice", 3),
        ("title: [a, b]\n", "'title' must be text", 2),
        ("tags: {a: b}\n", "'tags' must be text or a list of texts", 2),
    ],
)
def test_hostile_front_matter_is_an_error_naming_article_and_line(front: str, message: str, line: int | None) -> None:
    """Alias bombs, deep nesting, duplicate keys and wrong types in front matter are InputErrors, not crashes."""
    with pytest.raises(InputError) as info:
        parse_article("notes/a.md", f"---\n{front}---\n正文。\n".encode())
    assert message in str(info.value) and str(info.value).startswith("notes/a.md:")
    if line is not None:
        assert str(info.value).startswith(f"notes/a.md:{line}:")


def test_a_fifo_given_as_an_article_is_an_error_and_never_opened(tmp_path: Path) -> None:
    """A FIFO would block a read: naming one is an InputError, and one inside a folder is left out."""
    os.mkfifo(tmp_path / "p.md")
    with pytest.raises(InputError, match=r"p\.md: is not a regular file"):
        load_articles([str(tmp_path / "p.md")])
    assert load_articles([str(tmp_path)]) == ([], [])


def test_front_matter_numbers_and_dates_are_read_as_text() -> None:
    """``title: 2024-01-01`` or ``tags: [2024]`` are ordinary front matter, not type errors."""
    article = parse_article("a.md", "---\ntitle: 2024-01-01\ntags: [2024, ml]\n---\n正文。\n".encode())
    assert (article.title, article.tags) == ("2024-01-01", ("2024", "ml"))


@pytest.mark.parametrize(
    "block",
    [
        "title: Gradient descent, briefly\ntags: optimization",
        "title: 注意力机制笔记\ntags: [transformer, attention]",
        "title: Don't panic (a guide)\ndeck: ML/basics\nauthor: A. N. Other",
        "tags: [a b, c-d, e.f]\nsource: https",
    ],
)
def test_simple_front_matter_reads_as_yaml_does(block: str) -> None:
    """Front matter read without PyYAML is exactly what PyYAML reads from the same lines."""
    from flashnotes.yamltext import compose, construct

    node = compose(block)
    assert node is not None
    assert simple_front_matter(block) == construct(node)


@pytest.mark.parametrize(
    "block",
    [
        "title: yes",
        "tags: [ml, off]",
        "title: a: b",
        "title: a # comment",
        "title: 'quoted'",
        "title: 2024-01-01",
        "title: [a, b]",
        "title: a\ntitle: b",
        "null: a",
        "title: a ",
        "  title: a",
        "",
    ],
)
def test_front_matter_that_yaml_might_read_otherwise_is_left_to_yaml(block: str) -> None:
    """Booleans, nulls, numbers, quotes, comments, lists as titles, repeats: PyYAML decides, not the fast path."""
    assert simple_front_matter(block) is None


def test_a_front_matter_date_that_does_not_exist_is_an_error_naming_its_line() -> None:
    """``date: 2022-13-45`` (YAML reads a date, Python cannot build it) is an InputError at its line, not a crash."""
    with pytest.raises(InputError) as info:
        parse_article("notes/a.md", "---\ntitle: A\ndate: 2022-13-45\n---\n正文。\n".encode())
    assert str(info.value).startswith("notes/a.md:3:") and "month must be in 1..12" in str(info.value)


_FRONT_LINES = st.sampled_from(
    [
        *("title: A guide", "tags: ml", "deck: ML/basics", "difficulty: 中等", "tags: [a b, c-d]", "a: x, y"),
        *("comments: true", "math: false", "title: true", "tags: false", "a: yes", "b: True", "c: null"),
        *(
            "edit_url: https://github.com/a/b/0053.Maximum%20Subarray/README.md",
            "u: http://x.org/a~b",
            "u: https://a:8/",
        ),
        *(
            "tags:",
            "title:",
            "list:",
            "  - 数组",
            "  - 分治",
            "    - deep",
            "- flush",
            "  - yes",
            "  - a b",
            "   - odd",
        ),
        *("  more", "x: a # note", "y: 'q'", "z: 2024-01-01", 'title: "间隔重复：e 天内，从入门到入土"', 'a: "x \\ y"'),
        *('tags: ["间隔重复", "原创"]', 'tags: ["a, b", "c"]', 'title: ["x"]', 'q: "a"b"', 'e: ""', 'f: "#x: y"'),
        *("date: 2022-03-23T10:59:12+08:00", "d: 2022-13-45T10:59:12+08:00", "d: 2022-03-23T10:59:12-05:30"),
        *("title: 2022-03-23T10:59:12+08:00", "d: 2022-03-23T25:00:00+00:00", "d: 2022-03-23T10:59:12+24:00"),
    ]
)


@settings(max_examples=600)
@given(st.lists(_FRONT_LINES, min_size=1, max_size=7))
def test_front_matter_the_fast_path_reads_is_what_pyyaml_reads(lines: list[str]) -> None:
    """Whatever front matter the fast path accepts (booleans, URLs, ``- item`` lists too), PyYAML reads the same."""
    from flashnotes.yamltext import compose, construct

    block = "\n".join(lines)
    fast = simple_front_matter(block)
    if fast is not None:
        node = compose(block)
        assert node is not None and construct(node) == fast
