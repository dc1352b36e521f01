"""Tests for answers: where they end, how they are cleaned and cut."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from flashnotes.extract import answers
from flashnotes.extract.answers import answer_from, clean_answer, cut, dangling, non_answer, table_answer
from flashnotes.extract.questions import asks, body_of, is_rhetorical, substance
from flashnotes.extract.text import sentences


def test_cut_keeps_sentences_and_formulas_whole() -> None:
    """A cut falls on a sentence end, or before a formula, never inside ``\\(…\\)``."""
    assert cut("One. Two three. Four five six.", 18) == "One. Two three."
    text = "The sum is \\(" + " + ".join(f"x_{{{k}}}" for k in range(40)) + "\\) here."
    short = cut(text, 60)
    assert short == "The sum is…"


def test_clean_answer_drops_labels_citations_and_leading_images() -> None:
    """``答：``, a lone label line, a reference link and an image before the text are not the answer."""
    text = "![](fig.png)\n解答：\n答：先归一化再缩放。\n参考：https://example.com/a"
    assert clean_answer(text) == "先归一化再缩放。"


def test_answer_stops_at_the_next_real_question() -> None:
    """Blocks after a question answer it up to the next question; a rhetorical opener is skipped."""
    assert answer_from(["看到了吗？生疏的材料用短间隔。", "下一段。"]) == "生疏的材料用短间隔。\n下一段。"
    assert answer_from(["为什么会这样？", "因为……"]) == ""


def test_non_answers() -> None:
    """Deferrals, short exclamations and lone labels answer nothing."""
    assert non_answer("让我们看一组数据：")
    assert non_answer("看看加入复习后的效果！")
    assert non_answer("结论：")
    assert not non_answer("因为要学的知识太多了！而且每个知识都有自己的遗忘曲线。")


def test_dangling_emphasis_is_removed() -> None:
    """An unpaired ``**`` is dropped; paired markers are left to the renderer."""
    assert dangling("先对齐到 **j-1，再插") == "先对齐到 j-1，再插"
    assert dangling("**a** b") == "**a** b"


def test_a_lead_in_before_the_answer_is_passed_over() -> None:
    """``我们来看一个例子：`` and an image after it lead in; the answer is the text that follows."""
    assert clean_answer("我们来看一个例子：\n![](a.png)\n学习率太大时损失会发散。") == "学习率太大时损失会发散。"
    assert clean_answer("让我们看一组医学院学生的复习数据：") == "让我们看一组医学院学生的复习数据："


def test_a_collapsed_answer_title_is_not_part_of_the_answer() -> None:
    """``<summary>Show answer</summary>`` and ``查看答案`` only say the answer follows."""
    assert (
        clean_answer("Show answer\nWithout them a network is one linear map.")
        == "Without them a network is one linear map."
    )
    assert clean_answer("点击查看答案\n交叉熵衡量分布差异。") == "交叉熵衡量分布差异。"


def test_answers_that_restate_point_elsewhere_or_ask_back_say_nothing() -> None:
    """A restatement (``这就是 X 要解决的问题。``), a pointer (``提示：查看…``, ``See section 4.``), a question back."""
    assert non_answer("这就是 LoRA 要解决的问题。")
    assert non_answer("提示:查看word2vec论文的第四节。")
    assert non_answer("See section 4 of the paper.")
    assert non_answer("Have you ever tried? I did that for years.")
    assert not non_answer("这就是说，模型的秩很低。低秩分解足够表达更新。")
    assert not non_answer("Hint-free: the answer is 24.")


def test_a_hint_before_the_solution_is_not_the_answer() -> None:
    """``Hint:``/``提示：`` opening the text is dropped when the solution follows it; ``Solution.`` is a label."""
    assert clean_answer("Hint: there are 12 months.\nSolution. Assign each person a month.") == (
        "Assign each person a month."
    )
    assert clean_answer("提示：用反证法。\n证明：设它是有理数，则矛盾。") == "设它是有理数，则矛盾。"
    assert clean_answer("Hint: there are 12 months.") == "Hint: there are 12 months."


def test_a_sentence_running_into_a_display_formula_keeps_it() -> None:
    """``…adding one gives`` followed by ``\\[…\\]`` keeps the formula; after a full stop the formula is cut off."""
    formula = "\\[n^2 + 2n + 1 = (n+1)^2\\]"
    assert answer_from(["By induction, adding the next odd number gives", formula]).endswith(formula)
    assert clean_answer(f"By induction, adding the next odd number gives\n{formula}").endswith(formula)
    assert clean_answer(f"The proof is by induction on n.\n{formula}") == "The proof is by induction on n."


def test_a_table_reads_as_one_bullet_per_row() -> None:
    """Two columns read ``• a：b``; three or more put each cell after its header; a header alone says nothing."""
    assert table_answer([["问题", "答案"], ["滑动窗口", "流量控制"]]) == "• 滑动窗口：流量控制"
    assert table_answer([["", "TCP", "UDP"], ["Connection", "yes", "no"]]) == "• Connection: TCP yes; UDP no"
    assert table_answer([["", "TCP", "UDP"]]) == ""


def test_a_long_list_is_cut_between_items_and_a_long_sentence_after_a_clause() -> None:
    """A list over the limit ends at an item; a run-on sentence ends after a ``，``/``,`` with ``…``."""
    items = "\n".join(f"• 参数 {n} 的取值是 {n}.5" for n in range(40))
    back = clean_answer(items)
    assert len(back) <= 300 and back.endswith(".5") and "•…" not in back
    run_on = "，".join(["模型在训练集上表现很好但测试集上很差"] * 20)
    assert clean_answer(run_on).endswith("很差…")
    english = ", ".join(["the loss falls while the validation error rises"] * 10)
    assert clean_answer(english).endswith("rises…")


_ANSWER_LINES = st.lists(
    st.lists(
        st.sampled_from(
            [
                "> ",
                " ",
                "答：",
                "A: ",
                "我：",
                "![](f.png)",
                "https://a.io/x",
                "www.b.cn",
                "参考：",
                "Hint: ",
                "提示：",
                "• ",
                "\\[x^2\\]",
                "结论：",
                "让我们看看：",
                "Because the loss falls",
                "为什么？",
                "。",
                "：",
                "梯度下降",
                "Show answer",
                "- ",
            ]
        ),
        max_size=5,
    ).map("".join),
    max_size=7,
).map("\n".join)


def _eager_clean_answer(text: str) -> str:
    """clean_answer as it was: every line cleaned first, then the answer taken from them."""
    kept: list[str] = []
    for raw in text.split("\n"):
        line = answers._QUOTE_MARK.sub("", raw).strip()
        if not kept and not answers._IMAGE.sub("", line).strip():
            continue
        bare = answers._URL.sub("", line).strip(" -–—:：")
        if (
            answers._CITATION.match(line)
            or (answers._URL.search(line) and len(bare) < 60)
            or answers._LINKISH.search(bare)
        ):
            continue
        if not kept:
            line = answers._RESPONDENT.sub("", answers.ANSWER_LABEL.sub("", line), count=1)
            hint = answers._HINT.match(line) and len(text) > len(raw) + 1
            if answers._LABEL_LINE.match(line) or answers._ANSWER_TITLE.match(line) or hint:
                continue
        if line:
            kept.append(line)
    while len(kept) > 1 and (non_answer(kept[0]) or not answers._IMAGE.sub("", kept[0]).strip()):
        kept.pop(0)
    if not kept:
        return ""
    taken = [kept[0]]
    for line in kept[1:]:
        intro = taken[-1].rstrip().endswith((":", "：")) or substance("".join(taken)) < 12
        intro = intro or (line.startswith("\\[") and not taken[-1].rstrip().endswith(answers._STOPS))
        if not (intro or (line.startswith("• ") and taken[-1].startswith("• "))):
            break
        head = sentences(body_of(line.removeprefix("• ")))
        if head and asks(head[0][1]) and not is_rhetorical(head[0][1]):
            break
        taken.append(line)
    return dangling(cut("\n".join(taken), answers.ANSWER_LIMIT, clause=True))


@example(["discussion", "ſ"])  # case-blind, ſ is an s
@given(
    st.lists(
        st.sampled_from(["的回答", " - ", "知乎", "discussion", "DISCUSSIONS", "ſ", "s", "n", "x", "\n"]), max_size=6
    )
)
def test_the_link_test_skips_only_lines_it_cannot_match(pieces: list[str]) -> None:
    """The final-letter and 的回答 shortcut answers as the link pattern's search does."""
    line = "".join(pieces).replace("\n", "")
    assert answers._linkish(line) == (answers._LINKISH.search(line) is not None)


@given(_ANSWER_LINES)
def test_lazy_clean_answer_equals_the_eager_one(text: str) -> None:
    """Cleaning only the lines the answer is taken from gives the answer cleaning every line gave."""
    assert clean_answer(text) == _eager_clean_answer(text)
