"""Tests for quiz cards: question headings, numbered questions, sentences, unanswered ones."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flashnotes.model import Card, Kind

Extract = Callable[..., list[Card]]


def quizzes(cards: list[Card]) -> list[Card]:
    return [c for c in cards if c.kind is Kind.QUIZ]


def test_question_heading_full_and_half_width(cards_of: Extract) -> None:
    """Headings ending in ？ or ? (or starting with 为何/What…) are answered by their section."""
    text = (
        "## 为什么要归一化？\n\n不同特征尺度差异大时，梯度下降会走之字形。\n\n"
        "### 3.1.1 What is a loss?\n\nA number to minimise.\n"
    )
    cards = quizzes(cards_of(text))
    assert [(c.front, c.back) for c in cards] == [
        ("为什么要归一化？", "不同特征尺度差异大时，梯度下降会走之字形。"),
        ("What is a loss?", "A number to minimise."),
    ]


def test_numbered_questions_answered_by_nested_text(cards_of: Extract) -> None:
    """A numbered question gets its indented answer; one with no answer makes no card."""
    text = "1. 偏置的作用是什么？\n\n   偏置让决策边界可以不过原点。\n\n2. 如何选择学习率？\n\n3. 下一个问题？\n"
    cards = quizzes(cards_of(text))
    assert [(c.front, c.back) for c in cards] == [("偏置的作用是什么？", "偏置让决策边界可以不过原点。")]


def test_question_mid_paragraph_is_answered_by_what_follows(cards_of: Extract) -> None:
    """A question sentence inside a paragraph takes the following sentences as its answer."""
    text = "We now turn to logs. First, why do we use a logarithm? Because it turns products into sums."
    [card] = quizzes(cards_of(text))
    assert card.front == "First, why do we use a logarithm?"
    assert card.back == "Because it turns products into sums."


def test_rhetorical_and_link_only_answers_make_no_card(cards_of: Extract) -> None:
    """Very short rhetorical questions and answers that are only a link are not quiz points."""
    text = "怎么办呢？\n\n1. 逻辑回归是线性模型吗？\n\n   参考：https://example.com/answer\n"
    assert quizzes(cards_of(text)) == []


def test_question_inside_code_is_ignored(cards_of: Extract) -> None:
    """A question in a code block is never a quiz point."""
    assert quizzes(cards_of("```\n# 为什么这样写？\nx = 1\n```\n")) == []


def test_leetcode_exercise(cards_of: Extract) -> None:
    """A problem statement with a worked example becomes one quiz: statement + input, output."""
    text = (
        "# 1. 两数之和\n\n## 题目描述\n\n给定整数数组 nums 和目标值 target，找出和为目标值的两个数的下标。\n\n"
        "### 示例 1\n\n```\n输入：nums = [2,7,11,15], target = 9\n输出：[0,1]\n```\n"
    )
    [card] = quizzes(cards_of(text))
    assert card.front.startswith("给定整数数组 nums 和目标值 target")
    assert card.front.endswith("输入：nums = [2,7,11,15], target = 9")
    assert card.back == "输出：[0,1]"


def test_numbered_heading_without_question_mark(cards_of: Extract) -> None:
    """A numbered Chinese heading with its question word inside (no ？) asks; its number is dropped."""
    text = "## 5.逻辑回归有什么优点\n\n实现简单，输出可以解释为概率。\n\n## 6. RNN 概述\n\n循环网络处理序列。\n"
    assert [(c.front, c.back) for c in quizzes(cards_of(text))] == [
        ("逻辑回归有什么优点", "实现简单，输出可以解释为概率。")
    ]


def test_bold_numbered_question_lines(cards_of: Extract) -> None:
    """Bold ``Q3：…？`` and ``**1-2** …？`` lines ask; the paragraph after them answers."""
    text = (
        "**Q3：为什么要使用残差连接？**\n\n残差连接让梯度直接流回浅层，缓解了深层网络的退化。\n\n"
        "**1-2** What does a residual block add?\n\nAn identity path around two layers.\n"
    )
    cards = quizzes(cards_of(text))
    assert [(c.front, c.back) for c in cards] == [
        ("为什么要使用残差连接？", "残差连接让梯度直接流回浅层，缓解了深层网络的退化。"),
        ("What does a residual block add?", "An identity path around two layers."),
    ]


def test_prompts_that_ask_for_an_answer(cards_of: Extract) -> None:
    """``简述…``, ``请详细描述…``, ``推导…`` and ``Explain/Compare…`` ask, in headings, items and bold lines."""
    text = (
        "## 简述 Dropout 的作用\n\n训练时随机丢弃神经元，减少共适应。\n\n"
        "## Explain the bias-variance trade-off\n\nSimple models underfit; flexible ones overfit.\n\n"
        "## 习题\n\n1. 推导 softmax 交叉熵的梯度。\n\n   梯度等于预测概率减去独热标签。\n\n"
        "**请详细描述批归一化的训练过程**\n\n先按小批量求均值和方差，再归一化并缩放平移。\n"
    )
    fronts = [c.front for c in quizzes(cards_of(text))]
    assert fronts == [
        "简述 Dropout 的作用",
        "Explain the bias-variance trade-off",
        "推导 softmax 交叉熵的梯度。",
        "请详细描述批归一化的训练过程",
    ]


def test_prompt_words_opening_topics_and_labels_do_not_ask(cards_of: Extract) -> None:
    """``推导过程``, ``比较结果``, ``说明：`` are a topic or a label, not a prompt."""
    text = (
        "## 推导过程\n\n对损失求导并令其为零。\n\n## 比较结果\n\nAdam 收敛更快。\n\n"
        "说明：以下代码仅作示意。\n\n代码如下。\n"
    )
    assert quizzes(cards_of(text)) == []


def test_rhetorical_and_tag_questions_make_no_card(cards_of: Extract) -> None:
    """Questions put to the reader (tag questions, rhetoric, attention checks) are not quiz points."""
    text = (
        "Ready to dive in? We start with tensors.\n\n"
        "So we're finished, right? Not quite: the loss still has to be chosen.\n\n"
        "Simple, isn't it? The rule only adds two numbers.\n\n"
        "面对遗忘我们怎能坐以待毙？看看加入复习后的效果！\n\n"
        "这可如何是好？坐在电脑前空想，是得不出结论的。\n"
    )
    assert quizzes(cards_of(text)) == []


def test_question_answered_nowhere_makes_no_card(cards_of: Extract) -> None:
    """A question followed by a heading, by another question, or by an exclamation or deferral has no answer."""
    text = (
        "为什么梯度会消失？\n\n## 下一节\n\n"
        "Why does momentum help?\n\nWhat about Nesterov?\n\nIt looks one step ahead.\n\n"
        "那么效果究竟有多好呢？让我们看一组数据：\n"
    )
    fronts = [c.front for c in quizzes(cards_of(text))]
    assert fronts == ["What about Nesterov?"]


def test_answer_skips_images_and_a_rhetorical_aside(cards_of: Extract) -> None:
    """The answer is the text after the question: an image and a reader-directed aside are passed over."""
    text = (
        "我们该怎样安排复习的间隔？\n\n![间隔](gap.png)\n\n"
        "看到一长一短的两个间隔了吗？生疏的材料用较短的间隔，熟悉的材料用较长的间隔。\n"
    )
    [card] = quizzes(cards_of(text))
    assert card.back == "生疏的材料用较短的间隔，熟悉的材料用较长的间隔。"


def test_answer_is_never_cut_inside_a_formula(cards_of: Extract) -> None:
    """A long answer is cut at a sentence boundary outside math, so its braces stay balanced."""
    terms = " + ".join(f"\\frac{{\\partial L}}{{\\partial w_{{{k}}}}}" for k in range(20))
    text = f"## What is the gradient?\n\nThe gradient of the loss with respect to all weights is ${terms}$ in full.\n"
    [card] = quizzes(cards_of(text))
    assert len(card.back) <= 300
    assert card.back.count("{") == card.back.count("}")
    assert card.back.count("\\(") == card.back.count("\\)")


def test_no_dangling_emphasis_in_a_back(cards_of: Extract) -> None:
    """Bold closing a question line never leaves a ``**`` behind in the answer."""
    text = "**为何插入对应 `dp[i][j-1]`？**\n插入一步**不减少**左边的长度 **`i`**，只让右边的目标变短。\n"
    [card] = quizzes(cards_of(text))
    assert "**" not in card.back
    assert card.back.startswith("插入一步不减少左边的长度 i")


def test_exercise_heading_makes_its_statement_a_quiz(cards_of: Extract) -> None:
    """Under ``习题1.2``/``Exercise 3`` the first paragraph is the question and the worked answer the back."""
    text = (
        "## 习题1.2\n通过经验风险最小化推导极大似然估计。\n\n**解答：**\n\n对数损失下，经验风险最小化就是极大似然。\n\n"
        "## Exercise 3\nShow that the sigmoid is symmetric about zero.\n\nBecause sigma(-x) = 1 - sigma(x) for all x.\n"
    )
    cards = quizzes(cards_of(text))
    assert [(c.front, c.back) for c in cards] == [
        ("通过经验风险最小化推导极大似然估计。", "对数损失下，经验风险最小化就是极大似然。"),
        ("Show that the sigmoid is symmetric about zero.", "Because sigma(-x) = 1 - sigma(x) for all x."),
    ]


def test_answer_label_is_dropped(cards_of: Extract) -> None:
    """An answer that opens with ``答：`` or ``Answer:`` loses the label."""
    text = "## 什么是过拟合？\n\n答：模型记住了训练集的噪声。\n"
    [card] = quizzes(cards_of(text))
    assert card.back == "模型记住了训练集的噪声。"


def test_quote_marks_task_boxes_and_labels_leave_the_question(cards_of: Extract) -> None:
    """A question in a quote, a task-list item or after a ``问题：`` label is asked without those marks."""
    text = (
        "> 为什么 ReLU 能缓解梯度消失？\n\n因为正区间的导数恒为 1。\n\n"
        "- [ ] What does dropout do?\n\n  It drops random units while training.\n\n"
        "问题：为什么要做特征归一化？\n\n让不同特征处于同一尺度。\n"
    )
    fronts = [c.front for c in quizzes(cards_of(text))]
    assert fronts == ["为什么 ReLU 能缓解梯度消失？", "What does dropout do?", "为什么要做特征归一化？"]


def test_prompt_on_the_first_line_is_answered_by_the_lines_below(cards_of: Extract) -> None:
    """``1. 请简述…。`` with the answer on the next lines of the same item (or paragraph) is one quiz."""
    text = (
        "1. 请简述随机森林的原理。\n   随机森林集成多棵决策树，每棵树用自助采样训练。\n\n"
        "Describe the role of the learning rate.\nIt scales every step of gradient descent.\n"
    )
    cards = quizzes(cards_of(text))
    assert [(c.front, c.back) for c in cards] == [
        ("请简述随机森林的原理。", "随机森林集成多棵决策树，每棵树用自助采样训练。"),
        ("Describe the role of the learning rate.", "It scales every step of gradient descent."),
    ]


def test_topic_headings_that_open_with_a_question_word_do_not_ask(cards_of: Extract) -> None:
    """``How it works``, ``What you'll learn`` and ``介绍 X`` title a section; ``How does…``, ``请介绍…`` ask."""
    text = (
        "## How it works\n\nTokens pass through the encoder.\n\n"
        "## What you'll learn\n\nAttention and its variants.\n\n"
        "## 介绍 Transformer 架构\n\n编码器和解码器都由注意力层堆叠而成。\n\n"
        "## How does attention weigh tokens\n\nBy the softmax of query-key scores.\n\n"
        "## 请介绍一下位置编码\n\n位置编码把顺序信息加进词向量。\n"
    )
    fronts = [c.front for c in quizzes(cards_of(text))]
    assert fronts == ["How does attention weigh tokens", "请介绍一下位置编码"]


def test_questions_that_only_point_back_or_console_make_no_card(cards_of: Extract) -> None:
    """``这是为什么呢？``, ``What does this mean?`` and ``你是不是也…？`` need the article open: no card."""
    text = (
        "这是为什么呢？因为点积随维度增大而变大。\n\n"
        "What does this mean? The model can run in parallel.\n\n"
        "你是不是也遇到过训练不收敛的情况？别担心，下面给出几个办法。\n\n"
        "为了解决这个问题，我们该怎么办？答案是引入多头注意力。\n\n"
        "But why would we? There is still the evaluation loop to write.\n\n"
        "Did you notice that the loss was decreasing? It fell by half.\n"
    )
    assert quizzes(cards_of(text)) == []


def test_discourse_fillers_leave_the_front(cards_of: Extract) -> None:
    """``那么问题来了，`` and ``So,`` open the sentence but are not part of the question."""
    text = (
        "那么问题来了，缩放因子应该取多少？一般取键向量维度的平方根。\n\n"
        "So, what happens if the rate is too large? The loss diverges.\n"
    )
    fronts = [c.front for c in quizzes(cards_of(text))]
    assert fronts == ["缩放因子应该取多少？", "What happens if the rate is too large?"]


def test_item_question_answered_by_the_paragraph_after_the_list(cards_of: Extract) -> None:
    """A question item with an unindented answer paragraph is answered; a list of bare questions is not."""
    text = (
        "1. 什么是过拟合？\n\n模型记住了训练集的噪声，泛化变差。\n\n"
        "思考题：\n\n- 为什么要做数据增强？\n- 如何选择批大小？\n\n这些问题留到下一章。\n"
    )
    cards = quizzes(cards_of(text))
    assert [(c.front, c.back) for c in cards] == [("什么是过拟合？", "模型记住了训练集的噪声，泛化变差。")]


def test_heading_question_answered_by_its_first_subsection(cards_of: Extract) -> None:
    """A question heading whose section opens with a sub-heading takes that subsection as its answer."""
    text = "## 为什么要用残差连接？\n\n### 梯度\n\n残差让梯度直接流回浅层。\n\n### 退化\n\n深层网络不再退化。\n"
    [card] = quizzes(cards_of(text))
    assert card.back == "残差让梯度直接流回浅层。"


def test_interviewer_label_leaves_the_question_and_case_is_kept(cards_of: Extract) -> None:
    """``友善的面试官:`` / ``Interviewer:`` are who asks, not the question; a lower-case start stays as written."""
    text = (
        "友善的面试官: 请问强化学习的使用场景有哪些呢？\n\n多序列决策问题。\n\n"
        "Interviewer: What is a replay buffer?\n\nA store of past transitions.\n\n"
        "## dp[i][j] 的含义是什么？\n\n前 i 个字符变成前 j 个字符的最少操作数。\n"
    )
    fronts = [c.front for c in quizzes(cards_of(text))]
    assert fronts == ["请问强化学习的使用场景有哪些呢？", "What is a replay buffer?", "dp[i][j] 的含义是什么？"]


def test_interview_page_shapes(cards_of: Extract) -> None:
    """``答：`` on the next line, 【问题】/【答案】 labels, a list answer that stops at the next prompt."""
    text = (
        "2、为什么要对特征做归一化\n答：梯度下降在等尺度的特征上收敛更快。\n\n"
        "【问题】什么是过拟合？\n【答案】模型记住了训练集中的噪声。\n\n"
        "**3. 梯度消失的原因有哪些？**\n\n- 激活函数饱和\n- 网络过深\n\n"
        "4. 简单介绍一下 Transformer 的结构。\n\n编码器和解码器都由注意力层堆叠而成。\n"
    )
    cards = quizzes(cards_of(text))
    assert [(c.front, c.back) for c in cards] == [
        ("为什么要对特征做归一化", "梯度下降在等尺度的特征上收敛更快。"),
        ("什么是过拟合？", "模型记住了训练集中的噪声。"),
        ("梯度消失的原因有哪些？", "• 激活函数饱和\n• 网络过深"),
        ("简单介绍一下 Transformer 的结构。", "编码器和解码器都由注意力层堆叠而成。"),
    ]


def test_a_list_of_exercise_prompts_is_not_answered_by_what_follows_it(cards_of: Extract) -> None:
    """The last prompt of an exercise list does not take the closing paragraph as its answer."""
    text = (
        "## Exercises\n\n1. Derive the gradient of the cross-entropy loss.\n"
        "1. Show that the KL divergence is non-negative.\n\nSome closing remarks about the chapter.\n"
    )
    assert quizzes(cards_of(text)) == []


def test_bold_numbered_line_with_its_number_split_off(cards_of: Extract) -> None:
    """``**4. 为什么…**`` and ``**Q3. What is…**`` ask as one line, though ``4.`` looks like a sentence end."""
    text = (
        "**4. 为什么注意力要除以根号 d**\n\n点积的方差随维度增大，缩放后 softmax 不易饱和。\n\n"
        "**Q3. What is the kernel trick**\n\nIt computes inner products in a feature space without mapping there.\n"
    )
    assert [(c.front, c.back) for c in quizzes(cards_of(text))] == [
        ("为什么注意力要除以根号 d", "点积的方差随维度增大，缩放后 softmax 不易饱和。"),
        ("What is the kernel trick", "It computes inner products in a feature space without mapping there."),
    ]


def test_bold_question_item_answered_on_its_next_line(cards_of: Extract) -> None:
    """A list item ``**How…?**`` whose answer continues on the item's next line is a quiz."""
    text = (
        "- **How would you handle imbalanced classes?**\n"
        "  Resample, reweight the loss, or judge the model by a metric the majority class cannot fool.\n"
    )
    [card] = quizzes(cards_of(text))
    assert card.front == "How would you handle imbalanced classes?"
    assert card.back.startswith("Resample, reweight the loss")


def test_quoted_question_and_answer_lose_their_quote_marks(cards_of: Extract) -> None:
    """A question and answer inside a block quote keep no ``>`` on the card."""
    text = (
        "> **问题 6：** 交叉熵为什么适合分类？\n>\n> 它是负对数似然，概率偏差大时梯度也不会消失。\n\n"
        "> Why do we clip gradients?\n> To stop one bad batch from blowing up the weights.\n"
    )
    assert [(c.front, c.back) for c in quizzes(cards_of(text))] == [
        ("交叉熵为什么适合分类？", "它是负对数似然，概率偏差大时梯度也不会消失。"),
        ("Why do we clip gradients?", "To stop one bad batch from blowing up the weights."),
    ]


def test_interview_transcript_labels_leave_question_and_answer(cards_of: Extract) -> None:
    """``面试官：讲讲…`` asks and ``我：…`` answers; neither label is on the card or becomes a term."""
    text = (
        "面试官：讲讲 Adam 和 SGD 的区别。\n\n我：Adam 为每个参数自适应地缩放步长，SGD 用统一的学习率。\n\n"
        "Interviewer: Walk me through how you would detect data leakage.\n\n"
        "Me: I would look for features computed after the label is known.\n"
    )
    cards = cards_of(text, min_confidence=0.0)
    assert [(c.front, c.back) for c in quizzes(cards)] == [
        ("讲讲 Adam 和 SGD 的区别。", "Adam 为每个参数自适应地缩放步长，SGD 用统一的学习率。"),
        (
            "Walk me through how you would detect data leakage.",
            "I would look for features computed after the label is known.",
        ),
    ]
    assert not [c for c in cards if c.kind is Kind.DEFINITION and c.key in ("Interviewer", "面试官", "我")]


def test_dotted_question_and_answer_labels_leave_the_card(cards_of: Extract) -> None:
    """``Q. …`` / ``A. …`` and ``Answer. …`` label the question and answer: neither label stays on the card."""
    text = (
        "Q. What is weight decay?\n\nA. An L2 penalty on the weights, added to the loss.\n\n"
        "Question 1. What does a pooling layer do?\nAnswer. It downsamples feature maps.\n"
    )
    assert [(c.front, c.back) for c in quizzes(cards_of(text))] == [
        ("What is weight decay?", "An L2 penalty on the weights, added to the loss."),
        ("What does a pooling layer do?", "It downsamples feature maps."),
    ]


def test_an_answer_that_only_leads_in_takes_the_list_below(cards_of: Extract) -> None:
    """``…？原因如下：`` and ``…? Here is why:`` are answered by the list after the paragraph."""
    text = (
        "为什么深层网络难以训练？原因如下：\n\n- 梯度在反向传播中逐层变小\n- 也可能逐层变大\n\n"
        "Why do we warm up the learning rate? Here is why:\n\n"
        "- early gradients are noisy\n- Adam's statistics are unsettled\n"
    )
    assert [(c.front, c.back) for c in quizzes(cards_of(text))] == [
        ("为什么深层网络难以训练？", "• 梯度在反向传播中逐层变小\n• 也可能逐层变大"),
        ("Why do we warm up the learning rate?", "• early gradients are noisy\n• Adam's statistics are unsettled"),
    ]


def test_reader_lead_ins_leave_the_front(cards_of: Extract) -> None:
    """``你可能会问：`` and ``You might ask:`` voice the question; the front keeps only the question."""
    text = (
        "你可能会问：注意力的计算量为什么随长度平方增长？因为每个位置都要和所有位置算一次相似度。\n\n"
        "You might ask: why does weight decay shrink the weights? Its gradient pulls each weight towards zero.\n"
    )
    fronts = [c.front for c in quizzes(cards_of(text))]
    assert fronts == ["注意力的计算量为什么随长度平方增长？", "Why does weight decay shrink the weights?"]


def test_a_numbered_question_label_asks_without_a_question_word(cards_of: Extract) -> None:
    """``Q3: …``, ``**问题 4：…**`` and ``问题5：…`` label a question; a ``Q-learning`` heading does not."""
    text = (
        "### Q3: Batch norm versus layer norm\n\nBatch norm averages over the batch, layer norm over one sample.\n\n"
        "**问题 4：BN 与 LN 的区别**\n\nBN 在批维度上归一化，LN 在特征维度上归一化。\n\n"
        "问题5：梯度消失的原因及解决办法\n\n梯度连乘后指数级缩小；可用残差连接和归一化缓解。\n\n"
        "## 3.2 Q-learning\n\nQ-learning learns action values off-policy.\n"
    )
    assert [c.front for c in quizzes(cards_of(text))] == [
        "Batch norm versus layer norm",
        "BN 与 LN 的区别",
        "梯度消失的原因及解决办法",
    ]


def test_an_answer_that_defers_is_answered_by_the_next_paragraph(cards_of: Extract) -> None:
    """``…? Let us see.`` and ``…？我们先来看…。`` defer: the paragraph after them is the back."""
    text = (
        "Why does attention scale by the square root of d? Let us see.\n\n"
        "Dot products grow with the dimension, and large scores push softmax into flat regions.\n\n"
        "为什么要做学习率预热？我们先来看训练初期的情况。\n\n初期梯度方差大，直接用大学习率容易发散。\n"
    )
    assert [c.back for c in quizzes(cards_of(text))] == [
        "Dot products grow with the dimension, and large scores push softmax into flat regions.",
        "初期梯度方差大，直接用大学习率容易发散。",
    ]


@pytest.mark.parametrize(
    "before",
    ["", "  ", "1. ", "**Q3：** ", "问题 4：", "- [ ] 2) ", "**", "*\t*\t*\n", "1.\u2063 ", "Q1 what", "说明：这个"],
)
def test_the_label_check_before_a_question_is_body_of_made_cheap(before: str) -> None:
    """Whether only a label stands before a question is what body_of says, however it is decided."""
    from flashnotes.extract.questions import body_of
    from flashnotes.extract.quizzes import _label_only

    assert _label_only(before) == (not body_of(before))


def test_a_labelled_statement_does_not_ask(cards_of: Extract) -> None:
    """``- Q5: Gradient clipping is….`` and ``问题1：…过拟合了。`` state: a label alone does not make them ask."""
    text = (
        "- Q5: Gradient clipping is a way to bound the update size.\n\nIt rescales large gradients.\n\n"
        "- 问题1：模型在训练集上过拟合了。\n\n需要加正则。\n"
    )
    assert quizzes(cards_of(text, min_confidence=0.0)) == []


def test_a_short_question_about_this_or_it_points_back(cards_of: Extract) -> None:
    """``How do we get around it?`` and ``这意味着什么呢？`` need the text before them: scored down, not carded."""
    text = (
        "Encoders squeeze a sentence into one vector. How do we get around it? The decoder looks back.\n\n"
        "注意力的计算量随长度平方增长。这意味着什么呢？长文本需要稀疏注意力。\n\n"
        "Why do recurrent encoders struggle with long inputs? One vector must hold the whole sentence.\n"
    )
    assert [c.front for c in quizzes(cards_of(text))] == ["Why do recurrent encoders struggle with long inputs?"]
    assert len(quizzes(cards_of(text, min_confidence=0.0))) == 3


def test_reader_directed_blog_questions_make_no_card(cards_of: Extract) -> None:
    """``你有没有遇到过…？``, ``Can we do better?``, ``Still have questions?`` and a ``Why I…`` title: no quiz."""
    text = (
        "# Why I Stopped Rereading My Notes\n\nHave you ever reread your notes and forgotten them? I did.\n\n"
        "## Can we do better?\n\nYes: space the retrieval out over growing intervals.\n\n"
        "## 写在最后\n\n面试其实不可怕，你有没有遇到过被问住的时候？多总结就好了。\n\n"
        "那么有没有办法只训练很少的参数？这就是 LoRA 要解决的问题。\n\n"
        "Still have questions? Contact support@example.com.\n"
    )
    assert quizzes(cards_of(text)) == []


def test_a_question_about_this_opening_a_section_takes_the_heading_as_subject(cards_of: Extract) -> None:
    """``Why does this matter? Because…`` first in its section asks about the heading; later in it, it points back."""
    text = (
        "## The problem with rereading\n\nWhy does this matter? Because familiarity is mistaken for knowledge.\n\n"
        "Retrieval is better. How much better is it? About half as much is forgotten.\n\n"
        "## 重参数技巧\n\n这是为什么呢？因为采样本身不可导，梯度传不回去。\n"
    )
    assert [(c.front, c.back) for c in quizzes(cards_of(text))] == [
        ("The problem with rereading: why does this matter?", "Because familiarity is mistaken for knowledge."),
        ("重参数技巧：这是为什么呢？", "因为采样本身不可导，梯度传不回去。"),
    ]


def test_a_short_answer_in_the_same_list_item_is_its_answer(cards_of: Extract) -> None:
    """``- 为什么…？因为…。`` with nothing nested is answered by the rest of the item, however short."""
    text = (
        "## 常见误区\n\n- 不相关一定独立吗？不一定，只说明没有线性关系。\n"
        "- 为什么 E(XY)=EX·EY 不能推出独立？因为这只是一个矩的等式。\n"
        "- Why is accuracy misleading? Classes are imbalanced.\n"
    )
    assert [(c.front, c.back) for c in quizzes(cards_of(text))] == [
        ("不相关一定独立吗？", "不一定，只说明没有线性关系。"),
        ("为什么 E(XY)=EX·EY 不能推出独立？", "因为这只是一个矩的等式。"),
        ("Why is accuracy misleading?", "Classes are imbalanced."),
    ]


def test_an_item_whose_rest_asks_again_or_points_elsewhere_makes_no_card(cards_of: Extract) -> None:
    """``…为什么？请给出推导过程。`` asks for more; ``Hint: see section 4`` points elsewhere: neither answers."""
    text = (
        "## 习题\n\n1. 逻辑回归是线性模型吗？为什么？请给出推导过程。\n"
        "2. How would you train phrase vectors? Hint: see section 4 of the paper.\n"
    )
    assert quizzes(cards_of(text)) == []


def test_titled_exercise_heading_skips_the_hint_and_keeps_a_proof_formula(cards_of: Extract) -> None:
    """``Problem 5: Pigeonhole`` poses an exercise answered by its solution, not its hint; a proof running
    into a display formula keeps it; ``Show that`` is a prompt, not a pointer back."""
    text = (
        "## Problem 5: Pigeonhole\n\nAmong any 13 people, show that two were born in the same month.\n\n"
        "Hint: there are only 12 months.\n\nSolution: Thirteen people in twelve months share one.\n\n"
        "## Exercise 3.1\n\nShow that the sum of the first n odd numbers is n squared.\n\n"
        "**Solution.** By induction, adding the next odd number gives\n$$n^2 + 2n + 1 = (n+1)^2$$\n"
    )
    assert [(c.front, c.back) for c in quizzes(cards_of(text))] == [
        (
            "Among any 13 people, show that two were born in the same month.",
            "Thirteen people in twelve months share one.",
        ),
        (
            "Show that the sum of the first n odd numbers is n squared.",
            "By induction, adding the next odd number gives\n\\[n^2 + 2n + 1 = (n+1)^2\\]",
        ),
    ]


def test_a_bare_na_before_a_question_word_leaves_the_front(cards_of: Extract) -> None:
    """``那到底该用什么软件？`` asks without its ``那``; ``那些模型为什么…`` keeps its word."""
    text = (
        "## 工具\n\n那为什么要用间隔重复软件？因为它替你安排复习的时间。\n\n"
        "## 模型\n\n那些大模型为什么要用 RMSNorm？因为它省掉了均值的计算。\n"
    )
    assert [c.front for c in quizzes(cards_of(text))] == ["为什么要用间隔重复软件？", "那些大模型为什么要用 RMSNorm？"]


def test_a_statement_to_judge_is_answered_on_its_line(cards_of: Extract) -> None:
    """``True or false: X. False…`` and ``判断对错：X。错误…`` are quizzes whose verdict follows the statement."""
    text = (
        "## Discussion\n\nTrue or false: heapsort is stable. False. Swapping the root can reorder equal keys.\n\n"
        "## 讨论\n\n判断对错：快速排序是稳定的。错误，交换会打乱相等元素的相对顺序。\n"
    )
    assert [(c.front, c.back) for c in quizzes(cards_of(text))] == [
        ("True or false: heapsort is stable.", "False. Swapping the root can reorder equal keys."),
        ("判断对错：快速排序是稳定的。", "错误，交换会打乱相等元素的相对顺序。"),
    ]


def test_a_dotted_answer_label_goes_before_math_too(cards_of: Extract) -> None:
    """``**Answer.** \\(O(n^2)\\)…`` loses its label as ``**Answer.** Merge…`` does."""
    text = (
        "**Question 1.** What is the worst case of quicksort?\n\n**Answer.** $O(n^2)$, on sorted input.\n\n"
        "**Question 2.** Which sorts are stable?\n\n**Answer.** Merge sort and insertion sort.\n"
    )
    assert [c.back for c in quizzes(cards_of(text))] == [
        "\\(O(n^2)\\), on sorted input.",
        "Merge sort and insertion sort.",
    ]


def test_circled_and_chinese_numeral_numbers_and_task_labels_leave_the_front(cards_of: Extract) -> None:
    """``①``, ``(一)``, ``思考题：`` and ``请简要回答：`` go; ``试比较…`` asks like ``比较…``."""
    text = (
        "## 复习\n\n① TCP 和 UDP 的区别是什么？\n\nTCP 面向连接；UDP 无连接。\n\n"
        "(一) 试比较电路交换与分组交换。\n\n电路交换独占通路；分组交换共享链路。\n\n"
        "思考题：为什么 HTTP/2 还会有队头阻塞？\n\n因为它仍然跑在一条 TCP 连接上。\n\n"
        "请简要回答：拥塞控制有哪几种算法？\n\n慢启动、拥塞避免、快重传和快恢复。\n"
    )
    assert [c.front for c in quizzes(cards_of(text))] == [
        "TCP 和 UDP 的区别是什么？",
        "试比较电路交换与分组交换。",
        "为什么 HTTP/2 还会有队头阻塞？",
        "拥塞控制有哪几种算法？",
    ]


def test_a_summary_asking_if_it_was_easy_makes_no_card(cards_of: Extract) -> None:
    """``是不是比想象中简单？`` in a wrap-up asks the reader's feeling, not a fact."""
    text = "## 小结\n\n网络这门课是不是比想象中简单？其实只要理解了分层的思想就不难。\n"
    assert quizzes(cards_of(text)) == []


def test_a_question_answered_by_a_comparison_table(cards_of: Extract) -> None:
    """``### BN 和 LN 有什么区别？`` over a table gets one bullet per row, each cell after its column's header."""
    text = (
        "### BN 和 LN 有什么区别？\n\n| | BN | LN |\n| --- | --- | --- |\n"
        "| 归一化维度 | batch 维 | 特征维 |\n| 适用场景 | CV<br>图像 | NLP |\n\n"
        "### How do TCP and UDP differ?\n\n| Property | TCP | UDP |\n| --- | --- | --- |\n| Connection | yes | no |\n"
    )
    assert [(c.front, c.back) for c in quizzes(cards_of(text))] == [
        ("BN 和 LN 有什么区别？", "• 归一化维度：BN batch 维；LN 特征维\n• 适用场景：BN CV 图像；LN NLP"),
        ("How do TCP and UDP differ?", "• Connection: TCP yes; UDP no"),
    ]


def test_colloquial_interview_prompts_ask(cards_of: Extract) -> None:
    """``讲一讲…``, ``聊聊…`` and ``说一说…`` headings ask like ``讲讲…``."""
    text = (
        "### 讲一讲 Attention 的计算过程\n\n先点积打分，缩放后做 softmax，再对 Value 加权求和。\n\n"
        "### 聊聊残差连接的作用\n\n让梯度直接流向浅层，缓解退化。\n\n"
        "### 说一说 KV Cache 是什么\n\n缓存已生成词的键和值，避免重复计算。\n"
    )
    assert [c.front for c in quizzes(cards_of(text))] == [
        "讲一讲 Attention 的计算过程",
        "聊聊残差连接的作用",
        "说一说 KV Cache 是什么",
    ]


def test_questions_answered_by_a_later_answer_section(cards_of: Extract) -> None:
    """``## Answers``/``## 参考答案`` with as many items as the question list answers it item by item;
    a count that differs pairs nothing."""
    text = (
        "## Review questions\n\n1. What is a stable sort?\n2. Why is quicksort fast in practice?\n\n"
        "## Answers\n\n1. One that keeps equal keys in their input order.\n2. Its inner loop is short.\n\n"
        "## 练习\n\n1. 什么是哈希冲突？\n2. 如何解决哈希冲突？\n\n"
        "## 参考答案\n\n1. 不同的键映射到同一个槽。\n2. 链地址法或开放地址法。\n\n"
        "## More questions\n\n1. What is a heap?\n2. What is a trie?\n3. What is a B-tree?\n\n"
        "## Solutions\n\n1. A tree with the heap order.\n2. A prefix tree.\n"
    )
    assert [(c.front, c.back) for c in quizzes(cards_of(text))] == [
        ("What is a stable sort?", "One that keeps equal keys in their input order."),
        ("Why is quicksort fast in practice?", "Its inner loop is short."),
        ("什么是哈希冲突？", "不同的键映射到同一个槽。"),
        ("如何解决哈希冲突？", "链地址法或开放地址法。"),
    ]


def test_exam_marks_leave_the_front_and_choice_options_stay_on_it(cards_of: Extract) -> None:
    """``（6分）``/``(2 points)`` go; the ``A. … B. …`` options of a choice question are on the front, not the back."""
    text = (
        "1. 简述 B 树与 B+ 树的区别。（6分）\n\n   B+ 树只在叶子存数据，叶子用链表相连。\n\n"
        "2. Which structure gives O(1) average lookup? (2 points)\n\n"
        "   A. Binary search tree\n   B. Hash table\n\n   Answer: B. It finds the bucket from the hash.\n"
    )
    assert [(c.front, c.back) for c in quizzes(cards_of(text))] == [
        ("简述 B 树与 B+ 树的区别。", "B+ 树只在叶子存数据，叶子用链表相连。"),
        (
            "Which structure gives O(1) average lookup? A. Binary search tree B. Hash table",
            "B. It finds the bucket from the hash.",
        ),
    ]


def test_a_heading_question_about_it_takes_its_parent_heading_as_subject(cards_of: Extract) -> None:
    """``## LoRA`` / ``### 它有什么缺点？`` asks about LoRA; ``## Dropout`` / ``### Why does it work?``, dropout."""
    text = (
        "## LoRA\n\n### 它有什么缺点？\n\n需要为每个任务选择秩，秩太小会欠拟合。\n\n"
        "## Dropout\n\n### Why does it work?\n\nIt averages many thinned networks.\n"
    )
    assert [c.front for c in quizzes(cards_of(text))] == ["LoRA：它有什么缺点？", "Dropout: why does it work?"]


def test_a_short_answer_does_not_run_into_the_next_question(cards_of: Extract) -> None:
    """A short answer (``不会，可以合并权重。``), then a bold follow-up question: the back stops before it."""
    text = (
        "### 推理时会不会变慢？\n\n不会，可以合并权重。\n\n**那训练时呢？**\n\n训练时多了两个小矩阵的计算。\n\n"
        "### Does LoRA slow inference?\n\nNo, the weights merge.\n\n**What about training?**\n\nIt adds two matrices.\n"
    )
    backs = {c.front: c.back for c in quizzes(cards_of(text))}
    assert backs["推理时会不会变慢？"] == "不会，可以合并权重。"
    assert backs["Does LoRA slow inference?"] == "No, the weights merge."


def test_a_bare_yes_or_no_answers_a_yes_no_question(cards_of: Extract) -> None:
    """``不会。`` or ``No.`` alone under a yes/no heading is its back; the next question stays off it."""
    text = (
        "### 推理时会不会变慢？\n\n不会。\n\n**那训练时呢？**\n\n训练时多了两个小矩阵的计算。\n\n"
        "### Does LoRA slow inference?\n\nNo.\n\n**What about training?**\n\nIt adds two matrices.\n"
    )
    backs = {c.front: c.back for c in quizzes(cards_of(text))}
    assert backs["推理时会不会变慢？"] == "不会。"
    assert backs["Does LoRA slow inference?"] == "No."


def test_a_question_about_it_under_the_article_title_still_points_back(cards_of: Extract) -> None:
    """Under the ``#`` title, ``it``/``this`` is the writer's story: ``Was it worth it?`` makes no card."""
    text = (
        "# Making our search faster\n\nWhy does this matter? Because users leave slow pages.\n\n"
        "## Was it worth it?\n\nYes. Latency fell by half.\n\n"
        "# 我们的搜索提速记录\n\n## 这值得吗？\n\n值得，延迟减半。\n"
    )
    assert quizzes(cards_of(text)) == []


def test_a_back_that_only_points_up_or_down_makes_no_card_and_a_colon_leaves_the_front(cards_of: Extract) -> None:
    """``见上文。``/``See above.`` answer nothing; ``#### 为什么要用连接池：`` asks without its colon."""
    text = (
        "### 4. 什么是回表？\n\n见上文。\n\n### 5. What is a covering index?\n\nSee above.\n\n"
        "#### 6. 为什么要用连接池：\n\n创建连接的开销很大，连接池复用已有连接。\n"
    )
    assert [c.front for c in quizzes(cards_of(text))] == ["为什么要用连接池"]
