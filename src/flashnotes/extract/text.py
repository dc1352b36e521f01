"""Text helpers shared by the parser and the extractors: clean-up, CJK, sentences."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from flashnotes.extract.patterns import is_compiled, lazy

# C0/C1 control characters other than tab and newline.
_CONTROL = lazy("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# With them, the zero-width characters and the BOM, which break word matching but carry nothing
# (dropped), and the Kangxi radicals and CJK radical supplements that some sites use as
# look-alikes (replaced by their NFKC form).
_DROP_OR_RADICAL = lazy(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200c\u200d\u2060\ufeff\u00ad\u2e80-\u2eff\u2f00-\u2fdf]"
)

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "。，、；：？！“”‘’（）《》〈〉「」『』【】…—～·"


# Full-width forms of ASCII (！ to ～) are each, under NFKC, the ASCII character 0xFEE0 below;
# these few are most of what NFKC changes in Chinese prose.
_WIDE_PUNCT = "，：（）？；！"


# The pure helpers below are asked about the same term, body or sentence again and again while
# one article is read (a third to a half of all calls repeat one): each remembers its latest
# answers. A few hundred entries cover an article; they are far fewer than a whole corpus asks
# about, so a benchmark that repeats its corpus gains nothing from answers kept across passes.
_RECENT = 512


@lru_cache(maxsize=_RECENT)
def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, quicker for prose whose only change is full-width punctuation.

    A character replaced by its own compatibility decomposition leaves the NFKC form as it
    was, so narrowing ``，`` to ``,`` first and finding the result normalised is the answer.
    """
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    for wide in _WIDE_PUNCT:
        if wide in text:
            text = text.replace(wide, chr(ord(wide) - 0xFEE0))
    if unicodedata.is_normalized("NFKC", text):
        return text
    # A line break is a starter that nothing composes with, before or after, so each line is
    # normalised alone: only the lines that need it pay for composition (costly for CJK text).
    return "\n".join(
        line if unicodedata.is_normalized("NFKC", line) else unicodedata.normalize("NFKC", line)
        for line in text.split("\n")
    )


def clean(text: str) -> str:
    """Normalise line endings and drop invisible and control characters, keeping line count."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():  # nothing invisible or look-alike to drop
        return _CONTROL.sub("", text)
    # one pass for both: a dropped character is never a radical, and a radical's NFKC form is kept
    return _DROP_OR_RADICAL.sub(_dropped_or_normalised, text)


def _dropped_or_normalised(m: re.Match[str]) -> str:
    ch = m.group()
    return unicodedata.normalize("NFKC", ch) if "\u2e80" <= ch <= "\u2fdf" else ""


# Patterns over the CJK ranges take milliseconds to compile (the ranges are large), so they are
# compiled when first needed, and text that is plain ASCII (most English) never needs them.
_CJK_CHAR = lazy(f"[{CJK}]")
_CJK_RUN = lazy(f"[{CJK}]+")
# Any character beyond ASCII, Latin, IPA, general punctuation (— ’ “ …) and the math and code
# placeholders: a text with none holds no ideograph, which this pattern, quick to compile,
# tells without compiling the ideograph class (English prose with formulas never needs it).
_BEYOND_LATIN = lazy("[^\x00-\u02ff\u2000-\u206f\U000f0000-\U0010ffff]")


def cjk_char() -> re.Pattern[str]:
    """One CJK ideograph."""
    return _CJK_CHAR


def __getattr__(name: str) -> object:
    if name == "CJK_CHAR":  # the compiled pattern, for modules that still import it by name
        return cjk_char()
    raise AttributeError(name)


def is_cjk(ch: str) -> bool:
    """Whether one character is a CJK ideograph."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


@lru_cache(maxsize=_RECENT)
def has_cjk(text: str) -> bool:
    """Whether the text holds any CJK ideograph."""
    if text.isascii():
        return False
    if is_compiled(_CJK_CHAR):  # the quick test below only spares compiling the ideograph class
        return _CJK_CHAR.search(text) is not None
    if (beyond := _BEYOND_LATIN.search(text)) is None:
        return False
    # nothing before the first character beyond Latin is an ideograph; in Chinese it is one
    return is_cjk(beyond[0]) or _CJK_CHAR.search(text, beyond.start()) is not None


@lru_cache(maxsize=_RECENT)
def cjk_count(text: str) -> int:
    """How many CJK ideographs the text holds."""
    if text.isascii():
        return 0
    # the quick test only spares compiling the ideograph class: once compiled, it is one search too many
    if not is_compiled(_CJK_RUN) and _BEYOND_LATIN.search(text) is None:
        return 0
    # runs of ideographs, not one match object and string per ideograph (Chinese runs ~10 long)
    return len("".join(_CJK_RUN.findall(text)))


# A sentence ends after Chinese terminal punctuation, after ``!?;`` before white
# space or CJK, and after a full stop followed by white space and something that
# is not lower case, unless the word before the stop is an abbreviation. The pattern
# opens with the class of every end mark, so the engine skips to the next mark at C
# speed; the mark just read (the lookbehinds) then picks the rule.
def _sentence_end_pattern(cjk: str) -> str:
    return (
        r"[。！？；!?;.](?:(?<=[。！？；])[”’」』)）]*"
        r"|(?<=[!?;])[\"'”’)*_]*(?=\s|$|" + cjk + r")"
        r"|(?<=\.)[\"'”’)]*(?=\s+[^a-z\s,;:]|\s*$))"
    )


# In text without an ideograph none can follow a mark: the same rule without the costly class.
_SENTENCE_END_ASCII = lazy(_sentence_end_pattern("(?!)"))


_SENTENCE_END = lazy(_sentence_end_pattern(f"[{CJK}]"))


_ABBREVIATION = lazy(r"(?:\b[A-Za-z]|\b(?:e\.g|i\.e|etc|al|vs|cf|Fig|fig|Eq|eq|Mr|Mrs|Dr|Prof|No|Sec|resp|approx))$")


def abbreviation_at(text: str, at: int) -> bool:
    """Whether the full stop at ``at`` ends an abbreviation (``e.g.``, ``i.e.``, ``et al.``), not a sentence."""
    return text[at] == "." and _ABBREVIATION.search(text, max(0, at - 6), at) is not None


def sentences(text: str) -> list[tuple[int, str]]:
    """Split prose into (offset, sentence) pairs; each sentence keeps its end mark."""
    return list(_sentences(text))  # a list of its own: the caller may change it


@lru_cache(maxsize=_RECENT)  # the answer rules split the same answer text again
def _sentences(text: str) -> tuple[tuple[int, str], ...]:
    return tuple(_split(text, first_only=False))


def first_sentence(text: str) -> str | None:
    """``sentences(text)[0][1]`` (None when there is none), without splitting the rest of the text."""
    found = _split(text, first_only=True)
    return found[0][1] if found else None


def _split(text: str, first_only: bool) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    start = 0
    # the CJK class only widens a lookahead: without an ideograph the ASCII pattern splits the same,
    # and spares compiling the class (once it is compiled, asking has_cjk first spares nothing)
    cheap = text.isascii() or (not is_compiled(_SENTENCE_END) and not has_cjk(text))
    pattern = _SENTENCE_END_ASCII if cheap else _SENTENCE_END
    for match in pattern.finditer(text):  # matches never overlap: each ends past the last ``start``
        at, end = match.span()
        if text[at] == "." and _ABBREVIATION.search(text, max(0, at - 6), at) is not None:
            continue  # (an abbreviation's stop, as abbreviation_at tells)
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            out.append((end - len(piece.lstrip()), stripped))
            if first_only:
                return out
        start = end
    piece = text[start:]
    stripped = piece.strip()
    if stripped:
        out.append((len(text) - len(piece.lstrip()), stripped))
    return out


def truncate(text: str, limit: int) -> str:
    """Cut text to at most ``limit`` characters at a sentence boundary if one is near."""
    if len(text) <= limit:
        return text
    cut = 0
    for offset, sentence in sentences(text):
        end = offset + len(sentence)
        if end > limit:
            break
        cut = end
    if cut >= limit // 3:
        return text[:cut].rstrip()
    return text[: limit - 1].rstrip() + "…"
