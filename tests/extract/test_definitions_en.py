"""Tests for English definitions and glossary lines: which run-in labels are terms and which are not."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashnotes.extract import definitions_en
from flashnotes.extract.pipeline import candidates
from flashnotes.extract.prose import make_prose
from flashnotes.extract.reader import parse_article
from flashnotes.model import Card, Kind

Extract = Callable[..., list[Card]]

NOTE = (
    "# Optimisation notes\n\n## Convergence\n\n"
    "Gradient descent is an iterative method that follows the negative gradient of the loss.\n\n"
    "{line}\n"
)


def definition_keys(cards: list[Card]) -> list[str]:
    return [c.key for c in cards if c.kind is Kind.DEFINITION]


def features_of(text: str, key: str, name: str = "note.md") -> dict[str, float]:
    """The evidence of the first candidate keyed ``key``."""
    found = [d for d in candidates(parse_article(name, text.encode("utf-8"))) if d.key == key]
    assert found, f"no candidate {key!r}"
    return found[0].features


@pytest.mark.parametrize(
    "line",
    [
        "Proof sketch: the loss decreases at every step because the gradient is bounded.",
        "Next lecture: the transformer architecture and its attention heads.",
        "Step 1: The input is a sequence of tokens mapped to vectors.",
        "The following is an example of a schedule that halves the step size every epoch.",
    ],
)
def test_an_english_run_in_label_makes_no_card(cards_of: Extract, line: str) -> None:
    """Proof sketches, pointers to the next lecture and numbered steps are labels, not terms."""
    keys = definition_keys(cards_of(NOTE.format(line=line)))
    assert keys == ["Gradient descent"]


def test_a_marked_glossary_term_beside_them_is_kept(cards_of: Extract) -> None:
    """A bold glossary term in the same note still makes its card."""
    line = "- **Weight decay**: a regulariser that shrinks every weight towards zero at each update."
    assert "Weight decay" in definition_keys(cards_of(NOTE.format(line=line)))


@pytest.mark.parametrize(
    ("text", "key", "unmarked"),
    [
        ("# 笔记\n\n前文先说明背景。\n\n策略：每一步都选当前收益最大的动作。\n", "策略", True),
        ("# 笔记\n\n前文先说明背景。\n\n- **策略**：让经验风险最小。\n", "策略", False),
        ("# 笔记\n\n前文先说明背景。\n\n策略(policy)：智能体选择动作的规则。\n", "策略(policy)", False),
        ("# Notes\n\nSome context first.\n\nProof sketch: the loss decreases at every step.\n", "Proof sketch", True),
    ],
)
def test_an_unmarked_run_in_glossary_term_is_evidence_of_a_label(text: str, key: str, unmarked: bool) -> None:
    """In Markdown a term is marked (bold, or its other name in brackets); a bare ``X：`` opening a line says so."""
    assert ("t:unmarked" in features_of(text, key)) is unmarked


def test_plain_text_marks_nothing_so_nothing_counts_as_unmarked() -> None:
    """A .txt article has lost its bold: the same line there carries no such evidence."""
    text = "前文先说明背景。\n\n策略：每一步都选当前收益最大的动作。\n"
    assert "t:unmarked" not in features_of(text, "策略", name="note.txt")


def candidate_keys(cards_of: Extract, text: str) -> list[str]:
    return definition_keys(cards_of(text, min_confidence=0))


def test_a_numbered_step_proposes_no_definition_of_what_it_handles(cards_of: Extract) -> None:
    """``Step 2: The output is …`` describes the procedure; the same sentence alone is still a candidate."""
    assert "output" not in candidate_keys(cards_of, "Step 2: The output is a vector of class scores.")
    assert "output" in candidate_keys(cards_of, "The output is a vector of class scores.")


def test_a_plural_pair_is_no_term_but_a_name_with_and_is(cards_of: Extract) -> None:
    """``A and B are …`` is two terms; ``Divide and conquer is …`` is one name."""
    assert candidate_keys(cards_of, "Precision and recall are the two halves of the F1 score.") == []
    assert "Divide and conquer" in candidate_keys(
        cards_of, "Divide and conquer is a strategy that splits a problem into smaller ones of the same kind."
    )


# pieces that make and break naming and definitor matches and sentence ends: markers in both cases,
# the letters IGNORECASE equates with i, k and s (İ, ı, K, ſ), emphasis, CJK, end marks and blanks
_PIECES = st.sampled_from(
    ["called **X**", "KNOWN as _term_", "we call it *Y*", "defining the **Z**", "so-called ", "termed ", "named ",
     "refers to", "REFERRED to as", " is a ", " Is the ", " are an ", " ıs a ", "İS", "iſ", "K", "denotes",
     "the ", "a ", "**", "*", "_", "X", "term", "多头注意力", "。", ". ", "! ", "!_", "?", "；", "）", "\n", " ",
     "\t", "\u3000", "Word", "e.g. "]
)  # fmt: skip
_BLOCKS = st.lists(_PIECES, max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(_BLOCKS)
def test_a_naming_in_any_sentence_passes_the_block_test(text: str) -> None:
    """english_namings skips a block may_name rejects: that must never hide a sentence's match."""
    prose = make_prose(text, 1)
    if any(definitions_en._EN_NAMING.search(sentence) for _, sentence in prose.sentences()):
        assert definitions_en.may_name(prose.masked)


@settings(max_examples=400, deadline=None)
@given(_BLOCKS)
def test_the_block_tests_pass_every_block_an_english_rule_can_use(text: str) -> None:
    """A definitor anywhere passes may_define; a naming or emphasised term needs '*' or '_' (the gate's other half)."""
    if definitions_en._EN_DEF.search(text):
        assert definitions_en.may_define(text)
    if definitions_en._EN_NAMING.search(text) or definitions_en._EMPHASIS_TERM.search(text):
        assert "*" in text or "_" in text
