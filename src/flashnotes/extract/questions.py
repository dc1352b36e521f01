"""What a question looks like: marks, question words, prompts, numbering, rhetoric.

A question is a sentence ending in ``?``/``？``, a heading, bold line or list item
that starts with (or, in Chinese, contains) a question word, or a prompt that asks
for an answer (``简述…``, ``推导…``, ``Explain…``). Rhetorical and tag questions
addressed to the reader, and questions that only point back (``这是为什么呢？``),
are not quiz points.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flashnotes.extract.inline import unmasked
from flashnotes.extract.patterns import lazy
from flashnotes.extract.prose import SOFT_BREAK
from flashnotes.extract.text import cjk_count, has_cjk, sentences

_SEP = r"(?:[.、．)）:：]|(?=[*_\s]))"
# Quote and heading marks, a task box, then a question number or label: ``> ``, ``[ ]``, ``1.2``, ``Q3：``, ``问题：``.
_NUMBERING = lazy(
    r"^[\s#>*_]*(?:\[[ xX]\]\s*)?(?:"
    r"(?:Q|问题|问|题目|Question|Problem|Exercise|习题|练习|例题|面试题|第)\s*\d+(?:[.\-－]\d+)*\s*[题问]?\s*[.、．):：]?"
    r"|(?:问题|题目|思考题|练习|习题|例题|面试题|第)[一二三四五六七八九十百]+[题问]?\s*[.、．):：]"
    r"|(?:Question|Problem|Exercise)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten)\s*[.．:：)]"
    r"|(?:Q|问题|问|题目|思考题|练习题?|习题|例题|面试题|Question)\s*[:：]|(?:Q|Question)[.．](?=\s)"
    rf"|\d+(?:[.\-－]\d+)*{_SEP}|[（(](?:\d+|[一二三四五六七八九十]+)[)）]|[一二三四五六七八九十]+[、.．]|[①-⑳]"
    r")?[*_]*\s*",
    re.I,
)
# The characters a numbering can open with (case-blind, like it): a test derives them from _NUMBERING's syntax.
NUMBERING_CHARS = r"\s\d#(*>EPQ\[_①-⑳一七三九习二五例八六十四思第练问面题（"
_NUMBERING_START = lazy(f"[{NUMBERING_CHARS}]", re.I)
_WH = r"什么|为什么|为何|如何|怎么|怎样|哪些|哪个|哪种|哪儿|哪里|是否|有何|何为|何时|何谓|能否|可否|有没有|多少"
# An English question word opens a question only when a question follows it: ``How does…``,
# ``Why use…``; ``How it works`` and ``What you'll learn`` are topic labels.
_Q_START = lazy(
    rf"^(?:{_WH}|why\b(?!\s+(?:I|we|you|they|he|she|my|our)\b)|(?:what|how|when|which|who|where)(?:'s(?!\s+(?:new|next))|\s+(?:is|are|was|were|do|does|did|"
    r"can|could|should|would|will|to|much|many|long|often|kind|type|makes?|happens?)\b))",
    re.I,
)
# In Chinese the question word may stand anywhere: ``逻辑回归有什么优点``.
_Q_INSIDE = lazy(rf"{_WH}|[吗呢]$")
# A title that tells how the writer did something, with no mark: ``我是怎么背下单词的`` (``Why I…``: see _Q_START).
_NARRATIVE = lazy(r"^(?:我|笔者|本人)(?:是|就是)?(?:怎么|如何|怎样)|^我们(?:是|就是)(?:怎么|如何|怎样).*的$")
_PROMPT = lazy(
    r"^(?P<sure>请(?:你|您)?(?:详细|简要|简单|具体)?地?|试|简要|简单)?"
    r"(?:(?P<plain>简述|简要(?:说明|介绍|描述|回答)|介绍一下|介绍下|讲讲|讲一讲|讲一下|谈谈|谈一谈|谈一下|说说|说一说|说一下"
    r"|聊聊|聊一聊|聊一下|列举|试述|阐述|论述|请问)"
    r"|(?P<bare>介绍|描述|叙述|概述|举例说明|举例|列出|画出|指出|计算|求出|设计|实现)|说明|解释|比较|对比|推导|证明|分析|写出|给出)"
    r"|^(?:please\s+)?(?:briefly\s+)?(?:explain|describe|compare|contrast|derive|prove|show that|discuss|justify|"
    r"summari[sz]e|list the|give an?|outline|walk (?:me|us) through|tell (?:me|us) (?:about|how|why|what))\b",
    re.I,
)
# A statement to judge: ``True or false: heapsort is stable.``, ``判断对错：快速排序是稳定的。``
_JUDGE = lazy(r"^(?:true or false|true/false|判断(?:对错|正误|真假)|判断题)\s*[:：?？]?\s*(?=\S)", re.I)
# The characters the three openings above can start with (case-blind, like them): a test derives
# them from the patterns' own syntax and fails when a new opening word starts with another.
OPENING_CHARS = "bcdeghjlopstw为举什介何写分列判叙可哪多如实对怎指推描是有概比求画简给聊能解计讲论设证试说请谈阐"
# Any of the three openings, tried in one match (a paragraph with no mark is asked all three);
# the lookahead turns most texts away at their first character, before the hundred words are tried.
_OPENS = lazy(
    f"(?=[{OPENING_CHARS}])(?:" + "|".join(f"(?:{p.pattern})" for p in (_Q_START, _PROMPT, _JUDGE)) + ")", re.I
)
_OPENING_START = lazy(f"[{OPENING_CHARS}]", re.I)
# A first character that could lead to an opening: one the openings or a numbering start with, or a
# soft break (removed before the body). Any other is the body's own first character and opens nothing.
_MAY_OPEN = lazy(f"[{NUMBERING_CHARS}{OPENING_CHARS}{SOFT_BREAK}]", re.I)
# Prompt words that also open labels and topic headings: ``说明：``, ``推导过程``, ``比较结果``.
_PROMPT_TOPIC = lazy(r"^\S{0,3}(?:过程|结果|如下|一下\s*$|[:：])|^[^，,。]{0,4}[:：]")
# ``证明：若 X 与 Y 独立，则…`` states what to prove after the colon: a prompt, not a label.
_CLAIM = lazy(r"^\s*[:：]\s*(?:若|如果|假设|if\b|suppose\b)[^。.]*(?:则|那么|then\b)", re.I)
Q_END = lazy(r"[?？][)）”\"'*_\s]*$")
_LATIN = lazy(r"[A-Za-z]{2,}")
_DIGIT = lazy(r"\d")

# Rhetorical and tag questions: the writer talks to the reader, nobody is asked.
_TAG = lazy(
    r"(?:[,，]\s*(?:right|isn't it|aren't they|isn't that so|don't you think|wouldn't you say|"
    r"no|eh|huh|ok|okay|correct)"
    r"|(?:对吧|是吧|对不对|不是吗|好吗|对么|是么|没错吧|吧))\s*[?？]\W*$",
    re.I,
)
# Said to the reader in Chinese; each word opens with a character of its own, so a search jumps
# between those characters (the ``你/您/大家`` opening is written out for each).
_ASKED_OF_YOU = r"(?:有没有|是否|可曾|曾经|有)(?:也|曾|曾经)?(?:遇到|碰到|经历|见过|有过|试过|感到|感觉|想过)"
_RHETORIC_CJK = (
    rf"你{_ASKED_OF_YOU}|您{_ASKED_OF_YOU}|大家{_ASKED_OF_YOU}|"
    r"难道|怎能|怎么能|怎可|岂[不能有是]|何尝|何必|何不|谁不|怎会|哪能|如何是好|怎么办才好|还等什么|有没有想过|是否想过|想知道|"
    r"是不是(?:比想象中|比你想的|没(?:有)?(?:那么|想象中))|比想象中(?:的)?(?:简单|容易)|"
    r"是不是也|有没有觉得|有没有发现|你是否也|是不是(?:很|特别|非常|挺|超)|何乐而不为|你猜|谁能想到|这还用说"
)
_RHETORIC_WORDS = (
    r"what could (?:possibly )?go wrong|how hard can it be|what's not to like|what's the catch|what gives"
    r"|what if (?:we|you|i) could|why should (?:you|we|i|anyone) care"
    r"|who would have (?:thought|guessed)"
    r"|^(?:(?:so|and|but|now)[, ]+)?(?:ready|want|curious|sounds?|guess what|ever wondered|have you ever|"
    r"did you know|do you remember|remember|who knew|can you (?:guess|imagine)|isn't (?:it|that)|wouldn't it|"
    r"why not|why would (?:we|you|anyone)|who cares|(?:did|do|have) you (?:notice|see|spot|reali[sz]e)|"
    r"(?:see|notice) how)\b"
)
_RHETORIC_IN_CJK = lazy(_RHETORIC_CJK)
_RHETORIC_IN_WORDS = lazy(_RHETORIC_WORDS, re.I)
# A one-word reaction put as a question, only when the question is that short: ``See?``,
# ``Simple, isn't it?``, ``Makes sense?`` (``Simple linear regression: what is it?`` asks).
_REACTION = lazy(
    r"^(?:(?:so|and|but|now)[, ]+)?(?:sounds?|makes? sense|see|get it|got it|simple|easy|cool|neat|interesting)\b"
    r"(?:\W+\w+){0,3}\W*$",
    re.I,
)
# A question that names nothing: every word is a function word (``Can we do better?``,
# ``Still have questions?``, ``Any questions?``, ``还有问题吗？``). Answered or not, its front
# cannot be understood without the article.
_FUNCTION_WORDS = (
    "a an the so and but now then ok okay well can could should would will shall may might must do does "
    "did is are was were be have has had we you i it this that there here us our your one still any "
    "anything something else more better worse faster further next again really even actually ever yet "
    "questions question need help want what why how which who where when"
)
_EMPTY_WORDS = frozenset(_FUNCTION_WORDS.split())
_EMPTY_ZH = lazy(
    r"^(?:那|那么|所以)?(?:我们|你|您|大家)?(?:还)?(?:能|可以|有|会)?(?:做得|变得)?"
    r"(?:更好|更快|更进一步|问题|疑问|别的办法|其他办法)(?:吗|么|呢)?[?？]"
)
_PERCEIVE = lazy(r"^(?:你|您|大家)?(?:看到|看出|注意到|发现|明白|懂|听说过|感受到|记得)[^？?]{0,30}(?:了吗|吗)[？?]")


# A question's or answer's label at the start of a phrase: ``Q1``, ``问题 4``, ``第3题``,
# ``Question 6:``, ``Exercise 2.1``, ``A:``, ``Answer 2``, ``答案``, ``Solution``.
_QUESTION_LABEL = lazy(
    r"^[*_\s]*(?:(?:问题|问|题目|Question|Problem|Exercise|习题|练习|例题|思考题|面试题|"
    r"答|答案|回答|解答|解|Answer|Solution)\s*(?:\d+(?:[.\-－]\d+)*)?[*_]*\s*(?:$|[:：.、．)）\s])"
    r"|[QA]\s*(?:\d+(?:[.\-－]\d+)*[*_]*\s*(?:$|[:：.、．)）\s])|[*_]*\s*(?:$|[:：]))"
    r"|第\s*\d+\s*[题问][*_]*\s*(?:$|[:：.、．)）\s]))",
    re.I,
)


# A numbered question label opening a line: ``Q3：``, ``问题 2.``, ``Question 4:``, ``面试题5、``, ``第6题``.
_NUMBERED_QUESTION = lazy(
    r"^[\s#>*_]*(?:(?:Q|问题|Question|面试题)\s*\d+(?:[.\-－]\d+)*|第\s*\d+\s*题)[*_]*\s*[.、．:：)）]?[*_]*\s*\S",
    re.I,
)


_STOPS = ("。", ".", "；", ";", "！", "!")


def labelled_question(text: str) -> bool:
    """Whether a line opens with a numbered question label: the author says it asks, mark or not."""
    return _NUMBERED_QUESTION.match(text) is not None


def is_question_label(term: str) -> bool:
    """Whether a phrase opens with a question's or answer's label (``Q1``, ``问题4``, ``Answer:``): never a term."""
    return _QUESTION_LABEL.match(term) is not None


def strip_numbering(text: str) -> str:
    """A question without its leading list, section or question number (``1.``, ``**1-1**``, ``Q3：``).

    Every part of ``_NUMBERING`` is optional, so it matches at the start of any text: the text
    after that match is what ``_NUMBERING.sub(..., count=1)`` would leave, without building it.
    """
    if _NUMBERING_START.match(text) is None:
        return text.strip()  # no character a numbering opens with: its match is empty
    m = _NUMBERING.match(text)
    return (text[m.end() :] if m else text).strip()


@lru_cache(maxsize=256)
def substance(text: str) -> int:
    """How much a text says: CJK characters plus two for each Latin word, math and code aside.

    Kept for the last texts: a question, its rest and its answer are each measured more than once.
    """
    plain = unmasked(text)
    return cjk_count(plain) + 2 * len(_LATIN.findall(plain))


@lru_cache(maxsize=256)
def body_of(text: str) -> str:
    """The words of a question line: numbering, labels and the emphasis around it removed (kept for the
    last few hundred texts: the rules ask it of the same sentence again and again)."""
    bare = strip_numbering(drop_speaker(text.replace(SOFT_BREAK, "").lstrip("*_ "))).strip("*_ ")
    return strip_edge_emphasis(bare).strip()


def strip_edge_emphasis(text: str) -> str:
    """The run of ``*``/``_`` opening the text goes, and the run closing it, or closing it before a final
    line break, as substituting the pattern ``^[*_]+|[*_]+$`` would (``$`` matches there too)."""
    body = text.lstrip("*_")
    if body.endswith("\n"):
        return body[:-1].rstrip("*_") + "\n"
    return body.rstrip("*_")


def drop_speaker(text: str) -> str:
    """``SPEAKER.sub("", text)``: the label ends with a colon, so a text without one is left as it is.

    SPEAKER is anchored at the start and never matches empty: only its one match there is removed.
    """
    if ":" not in text and "：" not in text:
        return text
    m = SPEAKER.match(text)
    return text[m.end() :] if m else text


def ends_asking(text: str) -> bool:
    """``Q_END.search(text) is not None`` at the last mark only: a mark is no closer, so no other
    can be followed by closers and white space alone."""
    last = max(text.rfind("?"), text.rfind("？"))
    return last >= 0 and Q_END.match(text, last) is not None


def is_prompt(text: str) -> bool:
    """A prompt that asks for an answer: ``简述…``, ``请详细描述…``, ``推导…``, ``Explain…``."""
    body = body_of(text)
    if _OPENING_START.match(body) is None:
        return False  # neither a judge nor a prompt word starts with this character
    if (judge := _JUDGE.match(body)) is not None:
        return substance(body[judge.end() :]) >= 4
    m = _PROMPT.match(body)
    if m is None or body.endswith((":", "：")):
        return False
    rest = body[m.end() :]
    if m.group("bare") and not m.group("sure"):  # ``介绍 X`` also titles a section about X
        return False
    need = 2 if m.group("sure") or m.group("plain") else 4
    return substance(rest) >= need and (_PROMPT_TOPIC.match(rest) is None or _CLAIM.match(rest) is not None)


def is_question(text: str, *, needs_mark: bool = False, anywhere: bool = False) -> bool:
    """A question: ends with ``?``/``？`` or (unless ``needs_mark``) starts with a question word or prompt.

    With ``anywhere`` (headings, bold lines), a short Chinese line may carry its
    question word anywhere: ``逻辑回归有什么优点``.
    """
    if needs_mark and "?" not in text and "？" not in text:
        return False  # the body is cut from the text: with no mark in the text, none ends the body
    body = body_of(text)
    if substance(body) < 5:
        return False
    if ends_asking(body):
        return True
    if needs_mark or _NARRATIVE.match(body):
        return False
    return (
        _Q_START.match(body) is not None
        or (anywhere and cjk_count(body) >= 4 and len(body) <= 60 and _Q_INSIDE.search(body) is not None)
        or is_prompt(body)
        or (len(body) <= 80 and not body.endswith(_STOPS) and labelled_question(text))
    )


def to_judge(text: str) -> bool:
    """A statement put to the learner to judge (``True or false: …``, ``判断对错：…``)."""
    return _JUDGE.match(body_of(text)) is not None and is_prompt(text)


def plainly_asks(text: str) -> bool:
    """A question beyond doubt: a mark, an opening question word, or a prompt like ``简述``/``请…``.

    Bare verbs (``写出…``, ``推导…``) are left out: a list of steps opens with them too.
    """
    body = body_of(text)
    if ends_asking(body) or _Q_START.match(body):
        return substance(body) >= 5
    m = _PROMPT.match(body)
    return (m is not None and bool(m.group("sure") or m.group("plain")) and is_prompt(body)) or to_judge(body)


def opens_like_question(text: str) -> bool:
    """A cheap first look: does the text open with a question word or a prompt verb?"""
    head = text[:80]
    if ":" not in head and "：" not in head and _MAY_OPEN.match(head) is None:
        # no speaker, no mark or numbering to strip: the body starts with this first character,
        # which no opening starts with, nor a question label (its first characters open numberings)
        return False
    return _OPENS.match(body_of(head)) is not None or labelled_question(head)


def starts_with_question_word(text: str) -> bool:
    """Whether the question opens with a question word (``为什么…``, ``How does…``)."""
    return _Q_START.match(body_of(text)) is not None


def rhetoric_marks(question: str) -> frozenset[str]:
    """What makes a question one put to the reader: ``tag`` (``…, right?``, ``对吧？``), ``rhetoric``
    (``难道…``, ``Ready to…?``, ``你是否想过…``), ``perceive`` (``看到…了吗？``); empty when none."""
    body = body_of(question)
    last = sentences(body)[-1][1] if body else body
    marks = {"tag"} if _TAG.search(body) else set()
    if _RHETORIC_IN_CJK.search(last) or _RHETORIC_IN_WORDS.search(last) or _REACTION.match(last):
        marks.add("rhetoric")
    if _PERCEIVE.match(last):
        marks.add("perceive")
    if names_nothing(last):
        marks.add("empty")
    return frozenset(marks)


def names_nothing(question: str) -> bool:
    """A question made only of function words: ``Can we do better?``, ``Any questions?``, ``还有问题吗？``."""
    if _EMPTY_ZH.match(question.strip()):
        return True
    if has_cjk(question):
        return False
    words = _LATIN_WORDS.findall(question.lower().replace("'s", " is"))
    return 0 < len(words) <= 6 and all(w in _EMPTY_WORDS for w in words)


def is_rhetorical(question: str) -> bool:
    """A question put to the reader rather than asked: tag questions, rhetoric, attention checks."""
    return bool(rhetoric_marks(question))


# ``that`` points back (``Why is that?``, ``What does that look like?``) unless it opens a clause
# after a verb of showing or saying (``Show that …``, ``Prove that …``, ``so that``). The lookahead
# only lets the fifteen lookbehinds run where a ``that`` starts, instead of at every character.
_DEMONSTRATIVE = lazy(
    r"[这那它此]|\b(?:this|it|these|those)\b|"
    r"(?=that\b)(?<!show )(?<!shows )(?<!prove )(?<!verify )(?<!check )(?<!note )(?<!given )(?<!assume )(?<!so )"
    r"(?<!such )(?<!means )(?<!mean )(?<!say )(?<!says )(?<!know )\bthat\b",
    re.I,
)
_WHAT_TO_DO = lazy(r"怎么办|如何是好|what (?:can|should|do) we do", re.I)
# Who asks, in an interview transcript: ``友善的面试官: …``, ``Interviewer: …``.
SPEAKER = lazy(r"^[^:：，,。？?]{0,8}(?:面试官|面试者|候选人|提问者|interviewer|candidate)\s*[:：]\s*", re.I)


def is_speaker(term: str) -> bool:
    """Whether a phrase is who speaks in a transcript (``面试官``, ``Interviewer``): never a term."""
    return SPEAKER.fullmatch(term.strip("*_ ") + ":") is not None


FILLER = lazy(
    r"^(?:(?:你|您|大家)?(?:可能|也许|或许)?会(?:问|好奇|想)\s*[:：，,]|有人会问\s*[:：，,]"
    r"|(?:you|one) (?:might|may|could) (?:ask|wonder|be curious)\s*[:,]"
    r"|请?(?:简要|简单)?回答(?:下列|以下)?(?:问题)?\s*[:：]|answer the following(?: questions?)?\s*[:：]"
    r"|那么问题来了|问题来了|那么|那(?=到底|究竟|该|我们|怎么|如何|为什么|为何)|所以|于是|好了"
    r"|(?:so|now|but|and|then|okay|ok)\b)\s*[，,、]?\s*",
    re.I,
)


_BROKEN_START = lazy(r"[$\\,，。;；:：)）\]}]")
_LATIN_WORDS = lazy(r"[A-Za-z']+")


def broken(question: str) -> bool:
    """A question whose start was lost: it opens with a stray delimiter or a closing bracket."""
    return _BROKEN_START.match(question) is not None


def points_back(question: str) -> bool:
    """A short question about ``this``/``it``/``这``: it only points back at the text before it.

    ``这是为什么呢？``, ``那该怎么办？``, ``How do we get around it?``, ``What does this mean in
    practice?`` (up to about eight CJK characters or six English words).
    """
    if _DEMONSTRATIVE.search(question) is None:
        return False
    short = 8 if has_cjk(question) else 12  # an English word counts 2
    return substance(question) <= short or _WHAT_TO_DO.search(question) is not None


def asks(sentence: str) -> bool:
    """Whether a sentence is shaped like a question (ends with a question mark), however short."""
    return ends_asking(sentence.replace(SOFT_BREAK, ""))


# ``Exercise 3.1``, ``习题 2``, also with a title: ``Problem 5: Pigeonhole``, ``例题3 二分查找``.
_EXERCISE_HEAD = lazy(
    r"^(?:习题|练习|例题|思考题|Exercise|Problem)\s*\d+(?:[.\-]\d+)*\s*(?:[:：.\-–—]?\s*$|(?:[:：.\-–—]|\s)\s*[^?？]{1,40}$)"
    r"|^(?:习题|练习|Exercises?)\s*$",
    re.I,
)


def is_exercise_heading(title: str) -> bool:
    """A heading that names one exercise (``习题1.2``, ``Exercise 3``): its first paragraph is the question."""
    return _EXERCISE_HEAD.match(title.strip("*_ ")) is not None and _DIGIT.search(title) is not None
