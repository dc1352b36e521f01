"""Reading articles: finding files, decoding them, and honouring YAML front matter."""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from flashnotes.errors import InputError
from flashnotes.extract.patterns import lazy
from flashnotes.extract.text import clean

if TYPE_CHECKING:  # pathlib is imported only to walk a folder: one article starts faster without it
    from pathlib import Path

SUFFIXES = (".md", ".markdown", ".txt")


@dataclass(frozen=True, slots=True)
class Article:
    """An article's text (cleaned, front matter blanked to keep line numbers) and metadata."""

    path: str
    text: str
    title: str = ""
    tags: tuple[str, ...] = ()
    deck: str = ""

    @property
    def is_markdown(self) -> bool:
        """Whether the article is Markdown rather than plain text."""
        return not self.path.lower().endswith(".txt")


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file in a folder that could not be read, and why."""

    path: str
    reason: str


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030; raise ValueError otherwise."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise ValueError("it looks like a binary file (it contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ValueError("it is neither UTF-8, UTF-16 with a BOM, nor GB18030") from None
    if not _looks_like_text(text):
        raise ValueError("it does not look like text in any supported encoding")
    return text


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    odd = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r") or 0xE000 <= ord(ch) <= 0xF8FF)
    return odd / len(text) < 0.01


def split_front_matter(path: str, text: str) -> tuple[dict[str, object], str]:
    """Parse a leading ``---`` YAML block; return it and the text with those lines blanked."""
    if not text.startswith("---\n"):
        return {}, text
    lines = text.split("\n")
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, text
    block = "\n".join(lines[1:end])
    meta = simple_front_matter(block)
    if meta is None:
        meta = _yaml_front_matter(path, block)
    if meta is None:
        return {}, text
    return meta, "\n" * end + "\n" + "\n".join(lines[end + 1 :])


def _yaml_front_matter(path: str, block: str) -> dict[str, object] | None:
    """The front matter read by PyYAML; None when it is not a mapping."""
    # only articles with front matter beyond simple lines need YAML: not imported at start-up
    from flashnotes.yamltext import MappingNode, YamlProblem, compose, construct

    try:
        node = compose(block) if block.strip() else None
        meta = construct(node) if node is not None else {}
    except YamlProblem as exc:
        line = exc.line + 1 if exc.line else 1
        raise InputError(path, f"the YAML front matter {exc.message}; fix it or remove the --- block", line) from None
    except ValueError as exc:  # a value YAML resolves but cannot build: the date 2022-13-45
        message = f"the YAML front matter holds a value YAML cannot read ({exc}); fix it or put it in quotes"
        raise InputError(path, message, _unbuildable_line(node)) from None
    if not isinstance(meta, dict) or not isinstance(node, MappingNode):
        return None
    for key, value in node.value:
        if key.value in _TEXT_FIELDS and not _is_text(meta.get(key.value), key.value == "tags"):
            raise InputError(path, _TEXT_FIELDS[key.value], value.start_mark.line + 2)
    return meta


def _unbuildable_line(node: object) -> int:
    """The file line of the first front-matter value that cannot be built (1 when none is found)."""
    from flashnotes.yamltext import MappingNode, construct

    for _, value in node.value if isinstance(node, MappingNode) else ():
        try:
            construct(value)
        except ValueError:
            return int(value.start_mark.line) + 2
    return 1


# Front matter as most articles write it, ``key: some words``, ``tags: [a, b]``, ``key: true``,
# ``url: https://…`` and a key over a ``- item`` list, read without PyYAML (whose import costs
# more than extracting a small article, and whose parse costs more than extracting a long one).
# Only lines that every YAML reader takes as plain text are accepted: a word character first, no
# ``:`` (but a URL's ``://``), ``#``, quotes or tabs, no YAML 1.1 boolean or null word besides a
# lower-case ``true``/``false``. Anything else, or a key given twice, goes to PyYAML.
_PLAIN = r"[^\W\d_](?:[\w .'()/+-]*[\w.'()/+-])?"
# a double-quoted text with nothing YAML would read as an escape, a line break or unprintable
_QUOTED = '"[^"\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]*"'
_STAMP = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}"  # 2022-03-23T10:59:12+08:00
_SIMPLE_LINE = lazy(
    rf"(?P<key>[A-Za-z_][\w-]*):(?: (?:(?P<url>https?://[\w./%~+-]+)|(?P<bool>true|false)|(?P<stamp>{_STAMP})"
    rf"|(?P<text>{_PLAIN}(?:, ?{_PLAIN})*)|\[(?P<list>{_PLAIN}(?:, {_PLAIN})*)\]"
    rf"|(?P<quoted>{_QUOTED})|\[(?P<quotes>{_QUOTED}(?:, {_QUOTED})*)\])|(?P<open>))"
)
_QUOTED_ITEM = lazy(_QUOTED)
_LIST_ITEM = lazy(rf"(?P<indent> +)- (?P<item>{_PLAIN})")
_RESOLVED_WORD = lazy(r"(?:y|yes|n|no|true|false|on|off|null)", re.I)
_REFUSED = object()  # a line the fast path leaves to PyYAML


def simple_front_matter(block: str) -> dict[str, object] | None:
    """The front matter when every line is one of the simple forms above, else None (PyYAML decides)."""
    meta: dict[str, object] = {}
    items: list[str] | None = None  # the ``- item`` list under the last key, while it is read
    indent = ""
    for line in block.split("\n"):
        if items is not None:
            item = _LIST_ITEM.fullmatch(line)
            if item is not None and (not items or item["indent"] == indent) and not _RESOLVED_WORD.fullmatch(item[2]):
                indent = item["indent"]
                items.append(item["item"])
                continue
            if not items:  # ``key:`` with nothing under it is null to YAML
                return None
            items = None
        m = _SIMPLE_LINE.fullmatch(line)
        if m is None or m["key"] in meta or _RESOLVED_WORD.fullmatch(m["key"]):
            return None
        value = _simple_value(m)
        if value is _REFUSED:
            return None
        meta[m["key"]] = value
        items = value if m["open"] is not None and isinstance(value, list) else None
    if items is not None and not items:  # the last key has nothing under it
        return None
    return meta or None


def _simple_value(m: re.Match[str]) -> object:
    """What YAML reads from one ``key: value`` line of the fast path's forms, or _REFUSED."""
    if m["url"] is not None:
        return m["url"]
    if m["bool"] is not None:
        return m["bool"] == "true"
    if m["text"] is not None:
        return _REFUSED if _RESOLVED_WORD.fullmatch(m["text"]) else m["text"]
    if m["quoted"] is not None:
        return m["quoted"][1:-1]
    if m["stamp"] is not None:  # a date as a title or a tag is PyYAML's to read
        return _REFUSED if m["key"] in _TEXT_FIELDS else _timestamp(m["stamp"])
    if m["key"] in ("title", "deck"):  # a list there is a type error that PyYAML reports
        return _REFUSED
    if m["open"] is not None:
        return []
    if m["quotes"] is not None:
        return [q[1:-1] for q in _QUOTED_ITEM.findall(m["quotes"])]
    items = m["list"].split(", ")
    return _REFUSED if any(_RESOLVED_WORD.fullmatch(item) for item in items) else items


def _timestamp(stamp: str) -> object:
    """The aware datetime YAML builds from ``2022-03-23T10:59:12+08:00``, or _REFUSED when there is none."""
    from datetime import datetime, timedelta, timezone

    year, month, day, hour, minute, second = (int(stamp[a : a + n]) for a, n in _STAMP_FIELDS)
    offset = timedelta(hours=int(stamp[20:22]), minutes=int(stamp[23:25]))
    try:
        zone = timezone(-offset if stamp[19] == "-" else offset)
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:  # a date that does not exist: PyYAML says so
        return _REFUSED


_STAMP_FIELDS = ((0, 4), (5, 2), (8, 2), (11, 2), (14, 2), (17, 2))  # (start, length) of each field


_TEXT_FIELDS = {
    "title": "the front matter's 'title' must be text",
    "deck": "the front matter's 'deck' must be text",
    "tags": "the front matter's 'tags' must be text or a list of texts",
}


def _is_text(value: object, listed: bool) -> bool:
    """A string (or a number or date, read as text); for tags also a flat list of those."""
    if value is None or isinstance(value, str | int | float | date):
        return True
    return listed and isinstance(value, list) and all(isinstance(v, str | int | float | date) for v in value)


def _tags(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(t for t in value.replace(",", " ").split() if t)
    if isinstance(value, list):
        return tuple(str(t).strip() for t in value if str(t).strip())
    return ()


def parse_article(path: str, data: bytes) -> Article:
    """Build an Article from a file's bytes; raise InputError when it cannot be read."""
    try:
        text = clean(decode(data))
    except ValueError as exc:
        raise InputError(path, f"cannot read this file: {exc}; save it as UTF-8") from None
    meta, body = split_front_matter(path, text)
    return Article(
        path=path,
        text=body,
        title=str(meta.get("title") or ""),
        tags=_tags(meta.get("tags")),
        deck=str(meta.get("deck") or ""),
    )


def read_article(path: str | os.PathLike[str], shown: str | None = None) -> Article:
    """Read one article file; ``shown`` is the path to report (as the user gave it)."""
    name = shown if shown is not None else os.fspath(path)
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as exc:
        raise InputError(name, f"cannot open this file ({exc.strerror}); check the path") from None
    return parse_article(name, data)


def _folder_files(folder: Path) -> list[Path]:
    found = [
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def _shown(given: str, folder: Path, file: Path) -> str:
    rel = file.relative_to(folder).as_posix()
    return f"{given.rstrip('/')}/{rel}" if given not in (".", "") else rel


def load_articles(paths: Iterable[str]) -> tuple[list[Article], list[Skipped]]:
    """Read the given files and folders (recursively, sorted); unreadable folder files are skipped."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for given in paths:
        target = given or "."  # as Path("") names the current folder
        if os.path.isdir(target):
            from pathlib import Path

            path = Path(target)
            for file in _folder_files(path):
                shown = _shown(given, path, file)
                try:
                    articles.append(read_article(file, shown))
                except InputError as exc:
                    skipped.append(Skipped(shown, str(exc)))
        elif os.path.isfile(target):
            articles.append(read_article(target, given))
        elif os.path.exists(target):
            raise InputError(given, "is not a regular file (a FIFO, socket or device); give an article or a folder")
        else:
            raise InputError(given, "no such file or folder; give an article (.md, .markdown, .txt) or a folder")
    return articles, skipped
