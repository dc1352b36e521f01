"""Tests for the Chinese word table: segmentation, part of speech and everyday frequency."""

from __future__ import annotations

import subprocess
import sys

import pytest

from flashnotes.extract.lexicon import tag, word


def test_chinese_is_segmented_into_dictionary_words_with_classes() -> None:
    """``通俗地说`` splits into a noun, a particle and a verb; adverbs and conjunctions are known."""
    assert [(t.text, t.cls) for t in tag("通俗地说")] == [("通俗", "n"), ("地", "u"), ("说", "v")]
    assert tag("通常")[0].cls == "d"
    assert tag("无论")[0].cls == "c"


def test_everyday_words_are_frequent_and_technical_ones_rare() -> None:
    """An everyday adverb has a higher frequency than a technical noun."""
    assert tag("通常")[0].zipf > tag("梯度")[0].zipf > 0


def test_unknown_characters_merge_and_latin_words_stand_alone() -> None:
    """Latin words and numbers are their own tokens; English closed-class words have a class."""
    tokens = tag("Batch Norm 第1步")
    assert [t.text for t in tokens][:2] == ["Batch", "Norm"]
    assert any(t.cls == "num" for t in tokens)
    assert tag("Therefore, this")[0].cls == "c"


def test_words_that_point_into_the_text_are_pronoun_like() -> None:
    """``Next lecture``, ``Following``, ``above`` point into the document like ``this``; ``Lecture`` does not."""
    assert tag("Next lecture")[0].cls == "r"
    assert tag("Following")[0].cls == "r"
    assert tag("the figure above")[-1].cls == "p"
    assert tag("Lecture")[0].cls == "en"


def test_a_capital_i_after_a_word_is_a_numeral_not_the_pronoun() -> None:
    """``Type I error`` holds no pronoun (it scored like ``Its probability``); ``I think`` still opens with one."""
    assert [t.cls for t in tag("Type I error")] == ["en", "en", "en"]
    assert tag("I think")[0].cls == "r"


def test_a_word_lookup_says_whether_the_table_holds_it() -> None:
    """``但是`` is a conjunction in the table; nonsense is not there."""
    entry = word("但是")
    assert entry is not None and entry.cls == "c"
    assert word("梯度消失测") is None


def test_english_text_never_loads_the_table() -> None:
    """The word table is read only when a Chinese candidate needs it: English extraction never pays for it."""
    code = (
        "from flashnotes.extract import lexicon\n"
        "from flashnotes.extract.pipeline import extract\n"
        "from flashnotes.extract.reader import parse_article\n"
        "text = b'# Optimisation\\n\\nGradient descent is an iterative method. Adam: a kind of optimiser.\\n'\n"
        "extract(parse_article('a.md', text))\n"
        "print(lexicon._table.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"


def test_a_run_of_single_characters_around_an_unknown_one_is_one_word() -> None:
    """A transliteration the table splits into characters (斐波那契) is one unknown word; known words are not merged."""
    assert tag("斐波那契数列")[0].text == "斐波那契"
    assert [t.text for t in tag("这是的")] == ["这", "是", "的"]


def test_an_aspect_particle_opening_a_phrase_starts_an_unknown_word() -> None:
    """过 or 着 cannot open a phrase as a particle: 过拟合 is one unknown word; 过 after its verb stays a particle."""
    assert [(t.text, t.cls) for t in tag("过拟合")] == [("过拟合", "x")]
    first = tag("过采样方法")[0]
    assert (first.text, first.cls) == ("过采样", "x")
    assert [t.cls for t in tag("过了一会")][:2] == ["u", "u"]  # followed by another particle: left as it is
    assert tag("学过拟合")[0].text != "学过拟合"


@pytest.mark.parametrize("phrase", ["gradient descent", "it's a 3.5-step x-ray", "L2 norm of w", "", "a--b 12.5.6"])
def test_ascii_phrases_split_as_the_full_pattern_splits_them(phrase: str) -> None:
    """The ASCII-only word pattern yields the same words as the CJK-aware one on ASCII text."""
    from flashnotes.extract import lexicon

    fast = [m.group() for m in lexicon._RUN_ASCII.finditer(phrase)]
    assert fast == [m.group() for m in lexicon._RUN.finditer(phrase)]
