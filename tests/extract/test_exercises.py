"""Tests for exercise cards: LeetCode-style problems, their solution idea and complexity."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from flashnotes.extract import exercises
from flashnotes.extract.blocks import parse_blocks
from flashnotes.extract.exercises import find_exercises, parse_example
from flashnotes.extract.hints import EXAMPLE_WORD, INPUT_WORD
from flashnotes.model import Card, Kind
from tests.helpers import work_ratio

Extract = Callable[..., list[Card]]

PROBLEM = (
    "# 1. 两数之和\n\n## 题目描述\n\n给定整数数组 nums 和目标值 target，找出和为目标值的两个数的下标。\n\n"
    "### 示例 1\n\n```\n输入：nums = [2,7,11,15], target = 9\n输出：[0,1]\n```\n\n"
    "### 示例 2\n\n```\n输入：nums = [3,3], target = 6\n输出：[0,1]\n```\n"
)


def quizzes(cards: list[Card]) -> list[Card]:
    return [c for c in cards if c.kind is Kind.QUIZ]


def test_back_is_the_solution_idea_with_its_complexity(cards_of: Extract) -> None:
    """With a solution section, the back is its first paragraph plus the stated time/space complexity."""
    text = PROBLEM + (
        "## 解法\n\n### 方法一：哈希表\n\n遍历数组，用哈希表记下每个数的下标，查找 target 减去当前数是否出现过。\n\n"
        "```python\nseen = {}\n```\n\n时间复杂度 $O(n)$，空间复杂度 $O(n)$。其中 $n$ 为数组长度。\n"
    )
    [card] = quizzes(cards_of(text))
    assert card.front.endswith("输入：nums = [2,7,11,15], target = 9")
    assert card.back == (
        "遍历数组，用哈希表记下每个数的下标，查找 target 减去当前数是否出现过。\n"
        "时间复杂度 \\(O(n)\\)，空间复杂度 \\(O(n)\\)。"
    )


def test_english_problem_with_a_complexity_section(cards_of: Extract) -> None:
    """An English page: approach paragraph first, then the items of its complexity section."""
    text = (
        "## Description\n\nGiven a string s, return the length of its longest palindromic subsequence.\n\n"
        '**Example 1:**\n\n```\nInput: s = "bbbab"\nOutput: 4\n```\n\n'
        "## Approach\n\nDynamic programming over intervals: dp[i][j] is the answer for s[i..j].\n\n"
        "## Complexity\n\n- Time: O(n^2)\n- Space: O(n^2)\n"
    )
    [card] = quizzes(cards_of(text))
    assert card.front.startswith("Given a string s")
    idea = "Dynamic programming over intervals: dp[i][j] is the answer for s[i..j]."
    assert card.back == idea + "\nTime: O(n^2); Space: O(n^2)"


def test_without_a_solution_the_back_is_the_output(cards_of: Extract) -> None:
    """Only a page with no solution asks for the example's output, and there is one card per problem."""
    [card] = quizzes(cards_of(PROBLEM))
    assert card.back == "输出：[0,1]"


def test_example_parts_are_found_in_one_pass() -> None:
    """Input, output and explanation come from the first example; a missing output means no example."""
    example = parse_example("示例 1：输入：s = 'ab' 输出：2 解释：两个字符。 示例 2：输入：s = '' 输出：0")
    assert example is not None
    assert (example.given, example.output, example.why) == ("s = 'ab'", "2", "两个字符。")
    assert parse_example("Input: x = 1 and nothing else") is None


def test_analysis_heading_is_the_solution_but_a_complexity_analysis_is_not(cards_of: Extract) -> None:
    """``## 分析`` heads the idea; ``## 复杂度分析`` only supplies the cost."""
    text = PROBLEM + (
        "## 复杂度分析\n\n- 时间复杂度：O(n)\n- 空间复杂度：O(n)\n\n"
        "## 分析\n\n用哈希表记下见过的数，一次遍历即可找到答案。\n"
    )
    [card] = quizzes(cards_of(text))
    assert card.back.startswith("用哈希表记下见过的数，一次遍历即可找到答案。")


def test_inline_example_after_the_statement_takes_the_labelled_solution(cards_of: Extract) -> None:
    """``示例 1：输入…输出…`` in its own paragraph: the statement is the paragraph above, the back the ``**思路**``."""
    text = (
        "# 746. 跳台阶\n\n每次可以跳 1 级或 2 级台阶，跳上 n 级台阶一共有多少种跳法？\n\n"
        "示例 1：输入：n = 3 输出：3 解释：1+1+1、1+2、2+1。\n\n"
        "**思路**：最后一跳来自 n-1 级或 n-2 级，所以 f(n) = f(n-1) + f(n-2)，两个变量滚动即可。\n\n"
        "时间复杂度 O(n)，空间复杂度 O(1)。\n"
    )
    [card] = quizzes(cards_of(text))
    assert card.front.startswith("每次可以跳 1 级或 2 级台阶")
    assert card.front.endswith("输入：n = 3")
    assert card.back.startswith("最后一跳来自 n-1 级或 n-2 级")
    assert "输出" not in card.back
    assert card.back.endswith("时间复杂度 O(n)，空间复杂度 O(1)。")


def test_solution_under_a_plain_heading_after_a_code_section(cards_of: Extract) -> None:
    """An ``## Idea`` section after a code-only ``## Python`` one is the solution, not the example's output."""
    text = (
        "# Rotate Array\n\nGiven an integer array nums, rotate it to the right by k steps in place.\n\n"
        "Example 1:\n\nInput: nums = [1,2,3,4], k = 1\nOutput: [4,1,2,3]\n\n"
        "Constraints:\n\n- 1 <= nums.length <= 10^5\n\n"
        "## Python\n\n```python\ndef rotate(nums, k): ...\n```\n\n"
        "## Idea\n\nReverse the whole array, then reverse its first k and its last n-k elements.\n"
        "Time O(n), extra space O(1).\n"
    )
    [card] = quizzes(cards_of(text))
    assert card.front.endswith("Input: nums = [1,2,3,4], k = 1")
    assert card.back.startswith("Reverse the whole array")
    assert "Output" not in card.back


def test_limits_and_sources_after_the_examples_are_no_solution(cards_of: Extract) -> None:
    """A page whose examples are followed only by its limits and its source still asks for the output."""
    text = (
        "# 344. 反转字符串\n\n编写一个函数，把输入的字符数组原地反转过来。\n\n"
        '示例 1：输入：s = ["h","i"] 输出：["i","h"]\n\n'
        "## 提示\n\n数组长度不超过十万。\n\n"
        "来源：力扣（LeetCode）\n"
    )
    [card] = quizzes(cards_of(text))
    assert card.back == '输出：["i","h"]'


def test_bold_labels_under_the_solution_are_passed_over(cards_of: Extract) -> None:
    """``**Intuition**`` labels the idea below it; both complexity items are kept."""
    text = (
        "# Contains Duplicate\n\nGiven an integer array nums, return true if any value appears at least twice.\n\n"
        "**Example 1:**\n\n```\nInput: nums = [1,2,3,1]\nOutput: true\n```\n\n"
        "## Solution\n\n### Approach 1: Hash Set\n\n**Intuition**\n\n"
        "A set answers whether a value was seen before in constant time.\n\n"
        "**Complexity Analysis**\n\n* Time complexity: O(n).\n* Space complexity: O(n).\n"
    )
    [card] = quizzes(cards_of(text))
    assert card.back == (
        "A set answers whether a value was seen before in constant time.\n"
        "Time complexity: O(n). Space complexity: O(n)."
    )


def test_problem_in_a_block_quote_keeps_no_quote_marks(cards_of: Extract) -> None:
    """A statement and example quoted with ``>`` make a front without ``>``; the solution section is the back."""
    text = (
        "# 剑指 Offer 58. 左旋转字符串\n\n"
        '> 题目：把字符串前面的 k 个字符移到末尾，返回新的字符串。\n>\n> 示例 1：\n>\n> 输入：s = "abcdef", k = 2\n'
        '> 输出："cdefab"\n\n## 解题思路\n\n切片拼接：返回 s[k:] 加上 s[:k]。\n\n时间复杂度 O(n)，空间复杂度 O(n)。\n'
    )
    [card] = quizzes(cards_of(text))
    assert ">" not in card.front
    assert card.front.startswith("把字符串前面的 k 个字符移到末尾")
    assert card.back == "切片拼接：返回 s[k:] 加上 s[:k]。\n时间复杂度 O(n)，空间复杂度 O(n)。"


def test_a_page_of_problems_makes_one_card_each(cards_of: Extract) -> None:
    """Each problem is a card; the first, without a solution, keeps its output, not the next one's idea."""
    zh = (
        "# 刷题笔记\n\n## 1. 两数之和\n\n给定整数数组 nums 和目标值 target，返回和为 target 的两个数的下标。\n\n"
        "示例 1：输入：nums = [2,7,11,15], target = 9 输出：[0,1]\n\n"
        '## 2. 有效的括号\n\n给定只含括号的字符串 s，判断括号是否成对闭合。\n\n示例 1：输入：s = "()" 输出：true\n\n'
        "### 思路\n\n用栈：左括号入栈，右括号弹出栈顶并检查是否配对。\n"
    )
    en = (
        "# Practice\n\n## 1. Single Number\n\nEvery element of nums appears twice except one: return that one.\n\n"
        "Example 1:\n\nInput: nums = [2,2,1]\nOutput: 1\n\n"
        "## 2. Majority Element\n\nReturn the element of nums that appears more than n/2 times.\n\n"
        "Example 1:\n\nInput: nums = [3,2,3]\nOutput: 3\n\n### Approach\n\nBoyer-Moore voting keeps one candidate.\n"
    )
    assert [c.back for c in quizzes(cards_of(zh))] == [
        "输出：[0,1]",
        "用栈：左括号入栈，右括号弹出栈顶并检查是否配对。",
    ]
    assert [c.back for c in quizzes(cards_of(en))] == ["Output: 1", "Boyer-Moore voting keeps one candidate."]
    assert [c.front.split("\n")[0] for c in quizzes(cards_of(en))] == [
        "Every element of nums appears twice except one: return that one.",
        "Return the element of nums that appears more than n/2 times.",
    ]


def test_many_problems_take_linear_time() -> None:
    """A page of many problems, each with an idea but no stated cost, scales linearly (the cost search stops)."""
    unit = "## 题\n\n给定一个数组，返回它的和。\n\n示例 1：输入：x = [1] 输出：1\n\n### 思路\n\n逐个累加即可。\n\n"
    assert work_ratio(lambda text: find_exercises(parse_blocks(text)), unit, size=8_000) < 10


@pytest.mark.parametrize(
    "text",
    [
        "### Q6. Coding: Two Sum\n\nGiven an array of integers `nums` and an integer `target`, return the indices "
        "of the two numbers that add up to `target`.\n\nExample 1:\nInput: nums = [2,7,11,15], target = 9\n"
        "Output: [0,1]\n\nApproach: keep a hash map from each value seen to its index and look up `target - x`.\n",
        "### 面试题 3：两数之和\n\n给定一个整数数组 nums 和一个目标值 target，"
        "请你在该数组中找出和为目标值的那两个整数，并返回它们的下标。\n\n"
        "示例 1：\n输入：nums = [2,7,11,15], target = 9\n输出：[0,1]\n\n"
        "思路：用哈希表记录每个值出现的下标，遍历时查找 target - x 是否已经出现过。\n",
    ],
)
def test_a_problem_under_a_question_label_heading_is_one_card(cards_of: Extract, text: str) -> None:
    """A heading that asks only by its label (``Q6.``, ``面试题 3：``) over a problem makes no second quiz card."""
    quizzes = [c for c in cards_of(text) if c.kind is Kind.QUIZ]
    assert len(quizzes) == 1
    assert "hash" in quizzes[0].back or "哈希" in quizzes[0].back


@pytest.mark.parametrize(
    ("text", "cost"),
    [
        (
            "## Two Sum\n\nGiven an array `nums` and a `target`, return the indices of the two numbers that add "
            "up to `target`.\n\nExample 1:\nInput: nums = [2,7,11,15], target = 9\nOutput: [0,1]\n\n"
            "Approach: keep a hash map from each value seen to its index.\n\n```python\nseen = {}\n```\n\n"
            "Complexity: $O(n)$ time, $O(n)$ space.\n",
            "Complexity: \\(O(n)\\) time",
        ),
        (
            "## 两数之和\n\n给定数组 nums 和目标值 target，返回和为 target 的两个数的下标。\n\n"
            "示例 1：\n输入：nums = [2,7,11,15], target = 9\n输出：[0,1]\n\n"
            "思路：用哈希表记录每个值出现过的下标。\n\n```python\nseen = {}\n```\n\n"
            "复杂度：$O(n)$ 时间，$O(n)$ 空间。\n",
            "复杂度：\\(O(n)\\) 时间",
        ),
    ],
)
def test_a_bare_complexity_label_after_the_code_joins_the_back(cards_of: Extract, text: str, cost: str) -> None:
    """``Complexity: O(n) time`` / ``复杂度：O(n)`` stated after the code is part of what a learner recalls."""
    [quiz] = [c for c in cards_of(text) if c.kind is Kind.QUIZ]
    assert cost in quiz.back


@given(
    st.lists(st.sampled_from(["示例", "Example", " ", "1", "１", "一", ":", "：", "Input", "输入", "x"]), max_size=9)
)
def test_an_inline_example_is_never_skipped_for_want_of_a_one(pieces: list[str]) -> None:
    """The ``1`` shortcut turns away only texts the two example patterns would turn away."""
    text = "".join(pieces)
    full = exercises._EXAMPLE_ONE.search(text) is not None and INPUT_WORD.search(text) is not None
    assert exercises._inline_example(text) == full


_RAW_BLOCK = st.lists(
    st.sampled_from(
        [
            "E",
            "e",
            "ample",
            "xample",
            "**",
            "_",
            "`",
            "[",
            "](u)",
            "&amp;",
            "&#120;",
            "&#x58;",
            "&#31034;",
            "例",
            "$",
            "\\(",
            "\\)",
            " ",
            "<b>",
            "</b>",
            "<br>",
            "> ",
            "\n",
            "样",
            "示",
            "x",
            "![a](b.png)",
            "{%",
            "%}",
            "==",
            "~~",
        ]
    ),
    max_size=12,
).map("".join)


@given(_RAW_BLOCK)
@example("E&#120;ample")  # an entity spells the x
def test_a_block_without_the_letters_of_an_example_never_renders_one(raw: str) -> None:
    """Blocks skipped before rendering (no x, X, 示, 样 or &) render to text that names no example."""
    if not exercises._may_name_example(raw):
        for code in (False, True):
            assert EXAMPLE_WORD.search(exercises._rendered(raw, code)) is None
