"""Tests for the text helpers: CJK tests and sentence splitting without the ideograph class."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from flashnotes.extract import text
from flashnotes.extract.text import CJK, cjk_count, has_cjk, sentences

_PIECES = [*"aZ \n.!?;。？—’é中文”", "\U000f0001", "\U00100002"]  # Latin, CJK, punctuation, placeholders


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_cjk_helpers_agree_with_the_ideograph_class(sample: str) -> None:
    """has_cjk and cjk_count give what the ideograph class finds, placeholders and Latin punctuation included."""
    found = re.findall(f"[{CJK}]", sample)
    assert has_cjk(sample) == bool(found) and cjk_count(sample) == len(found)


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_sentences_split_as_the_ideograph_aware_pattern_splits(sample: str) -> None:
    """Text without an ideograph is split by the cheap pattern exactly as the full one splits it."""
    if not has_cjk(sample):
        assert _split_with(text._SENTENCE_END_ASCII, sample) == _split_with(text._SENTENCE_END, sample)
    assert sentences(sample) == _split_with(text._SENTENCE_END, sample)


def _split_with(pattern: re.Pattern[str], sample: str) -> list[tuple[int, str]]:
    """What sentences() returns, always with the given end pattern (and not from its memory)."""
    real = text._SENTENCE_END_ASCII, text._SENTENCE_END
    text._SENTENCE_END_ASCII = text._SENTENCE_END = pattern
    try:
        return text._split(sample, first_only=False)
    finally:
        text._SENTENCE_END_ASCII, text._SENTENCE_END = real


# full-width punctuation beside what makes NFKC more than a character map: combining marks that
# compose with the narrowed character, Hangul jamo, ligatures, a non-breaking space
_NFKC_PIECES = [*"，：（）？；！Ａａ中 a.e\u0301\u0308\u1100\u1161\u11a8\ufb01\xa0\u2460\n…", "\u0301"]


@given(st.lists(st.sampled_from(_NFKC_PIECES), max_size=30).map("".join))
def test_nfkc_is_unicodedatas_nfkc(sample: str) -> None:
    """The quick NFKC gives exactly unicodedata's, when a narrowed comma meets a combining mark too."""
    assert text.nfkc(sample) == unicodedata.normalize("NFKC", sample)


_DIRT = [*"a中\r\n\t\x00\x07\x1b\x7f\x85\x9f\u200b\u200d\u2060\ufeff\u00ad\u2f08\u2e8c é"]


@given(st.lists(st.sampled_from(_DIRT), max_size=30).map("".join))
def test_clean_drops_controls_and_invisibles_as_two_passes_would(sample: str) -> None:
    """Cleaning in one pass gives what removing controls, then invisible characters, then radicals gives."""
    two = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", sample.replace("\r\n", "\n").replace("\r", "\n"))
    two = re.sub("[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", two)
    two = re.sub("[\u2e80-\u2eff\u2f00-\u2fdf]", lambda m: unicodedata.normalize("NFKC", m.group()), two)
    assert text.clean(sample) == two


@given(st.lists(st.sampled_from([*_PIECES, "e.g. ", "Dr. ", "  "]), max_size=30).map("".join))
def test_first_sentence_is_the_first_of_all_sentences(sample: str) -> None:
    """Splitting off the first sentence alone gives the first sentence the whole split gives, or None."""
    every = sentences(sample)
    assert text.first_sentence(sample) == (every[0][1] if every else None)
