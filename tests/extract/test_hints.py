"""Tests for the whole-article hints that keep a stage's module unloaded when it can find nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from flashnotes.extract.blocks import parse_blocks
from flashnotes.extract.exercises import find_exercises
from flashnotes.extract.hints import EXAMPLE_WORD, INPUT_WORD, might_have_exercise

ARTICLES = Path(__file__).resolve().parents[2] / "articles"


def test_exercise_hint_needs_an_input_after_an_example() -> None:
    """The cheap pre-check wants an example marker and an input marker after it, in that order."""
    assert might_have_exercise("Example 1: Input: nums = [1]")
    assert not might_have_exercise("Input: x. " + "For example, a long article that never gives one. " * 100)


_PROBLEM = [  # a worked-example problem in the order articles give it; the test drops and moves lines
    "## Two Sum",
    "给定一个整数数组 nums 和一个目标值 target，找出和为目标值的两个数。",
    "Given an array of integers, return the indices of the two numbers that add up to a target.",
    "**示例 1：**",
    "Example 1:",
    "输入：nums = [2,7,11,15], target = 9",
    "Input: nums = [2,7,11,15], target = 9",
    "输出：[0,1]",
    "Output: [0,1]",
    "解释：因为 nums[0] + nums[1] == 9。",
    "",
    "```python",
    "```",
]


@st.composite
def _problems(draw: st.DrawFn) -> str:
    kept = [line for line in _PROBLEM if draw(st.booleans())]
    moved = draw(st.permutations(kept)) if draw(st.booleans()) else kept
    return "\n".join(moved)


@given(_problems())
def test_the_exercise_hint_never_hides_an_exercise(text: str) -> None:
    """Whenever the exercise finder finds a problem, the hint said the article might hold one."""
    if find_exercises(parse_blocks(text)):
        assert might_have_exercise(text)


def _imports_exercises(article: Path) -> bool:
    code = (
        "import sys; from flashnotes.extract.pipeline import extract;"
        "from flashnotes.extract.reader import read_article;"
        f"extract(read_article({str(article)!r})); print('flashnotes.extract.exercises' in sys.modules)"
    )
    return (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        == "True"
    )


def test_an_article_without_a_worked_example_never_loads_the_exercise_finder() -> None:
    """Extracting prose that gives no ``Example … Input:`` leaves flashnotes.extract.exercises unimported."""
    assert not _imports_exercises(ARTICLES / "gradient-descent-en.md")


def test_an_article_with_a_worked_example_loads_it() -> None:
    """A LeetCode-style problem does load the exercise finder (so the test above can fail)."""
    assert might_have_exercise((ARTICLES / "two-sum-zh.md").read_text(encoding="utf-8"))
    assert _imports_exercises(ARTICLES / "two-sum-zh.md")


_FILL = st.sampled_from(["", " ", "x", "e", "p", "P", "示", "a\n", "in"])
_EXAMPLE = st.sampled_from(["Example", "EXAMPLE", "eXaMpLe", "Ex ample", "示例", "样例", "示"])
_INPUT = st.sampled_from(["Input", "INPUT", "İnput", "ınput", "nput", "输入", "输 入"])
_MARKS = st.tuples(_FILL, _INPUT, _FILL, _EXAMPLE, _FILL, _INPUT, st.sampled_from(["", " ", ":", " ：", "x"]), _FILL)


@given(_MARKS)
def test_the_jumping_search_answers_as_the_case_blind_one(pieces: tuple[str, ...]) -> None:
    """Trying the markers only at their ``x``/``p`` and CJK words gives what searching every position gave."""
    text = "".join(pieces)
    m = EXAMPLE_WORD.search(text)
    assert might_have_exercise(text) == (m is not None and INPUT_WORD.search(text, m.start()) is not None)
