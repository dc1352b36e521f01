"""Quiz cards: questions the article asks and answers (headings, list items, sentences).

A question is a sentence ending in ``?``/``？``, a heading, bold line or list item
that starts with (or, in Chinese, contains) a question word, or a prompt that asks
for an answer (``简述…``, ``推导…``, ``Explain…``). Rhetorical and tag questions
addressed to the reader are not quiz points, nor are questions nothing answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from flashnotes.extract.draft import Draft
from flashnotes.extract.inline import unmasked
from flashnotes.extract.prose import SOFT_BREAK, Prose
from flashnotes.extract.text import cjk_count, sentences
from flashnotes.model import Kind

ANSWER_LIMIT = 300
FRONT_LIMIT = 380
_SEP = r"(?:[.、．):：]|(?=[*_\s]))"
# Quote and heading marks, a task box, then a question number or label: ``> ``, ``[ ]``, ``1.2``, ``Q3：``, ``问题：``.
_NUMBERING = re.compile(
    r"^[\s#>*_]*(?:\[[ xX]\]\s*)?(?:"
    r"(?:Q|问题|问|题目|Question|Problem|Exercise|习题|练习|例题|面试题|第)\s*\d+(?:[.\-－]\d+)*\s*[题问]?\s*[.、．):：]?"
    r"|(?:Q|问题|问|题目|Question)\s*[:：]"
    rf"|\d+(?:[.\-－]\d+)*{_SEP}|[（(]\d+[)）]|[一二三四五六七八九十]+[、.．]"
    r")?[*_]*\s*",
    re.I,
)
_WH = r"什么|为什么|为何|如何|怎么|怎样|哪些|哪个|哪种|哪儿|哪里|是否|有何|何为|何时|何谓|能否|可否|有没有|多少"
# An English question word opens a question only when a question follows it: ``How does…``,
# ``Why use…``; ``How it works`` and ``What you'll learn`` are topic labels.
_Q_START = re.compile(
    rf"^(?:{_WH}|why\b|(?:what|how|when|which|who|where)(?:'s(?!\s+(?:new|next))|\s+(?:is|are|was|were|do|does|did|"
    r"can|could|should|would|will|to|much|many|long|often|kind|type|makes?|happens?)\b))",
    re.I,
)
# In Chinese the question word may stand anywhere: ``逻辑回归有什么优点``.
_Q_INSIDE = re.compile(rf"{_WH}|[吗呢]$")
_PROMPT = re.compile(
    r"^(?P<sure>请(?:你|您)?(?:详细|简要|简单|具体)?地?|试|简要)?"
    r"(?:(?P<plain>简述|简要(?:说明|介绍|描述|回答)|介绍一下|讲讲|讲一下|谈谈|谈一下|说说|说一下|列举|试述|阐述|论述|请问)"
    r"|(?P<bare>介绍|描述|叙述|概述)|说明|解释|比较|对比|推导|证明|分析|写出|给出)"
    r"|^(?:please\s+)?(?:briefly\s+)?(?:explain|describe|compare|contrast|derive|prove|show that|discuss|justify|"
    r"summari[sz]e|list the|give an?)\b",
    re.I,
)
# Prompt words that also open labels and topic headings: ``说明：``, ``推导过程``, ``比较结果``.
_PROMPT_TOPIC = re.compile(r"^\S{0,3}(?:过程|结果|如下|一下\s*$|[:：])|^[^，,。]{0,4}[:：]")
_Q_END = re.compile(r"[?？][)）”\"'*_\s]*$")
_EDGE_EMPHASIS = re.compile(r"^[*_]+|[*_]+$")
_URL = re.compile(r"https?://\S+|www\.\S+")
_CITATION = re.compile(
    r"^\s*(?:参考|参考资料|参考文献|来源|出处|原文|链接|references?|sources?|see also|via)\s*[:：]?", re.I
)
_LINKISH = re.compile(r"的回答\s*-\s*知乎|discussions?$", re.I)
_ANSWER_LABEL = re.compile(r"^\s*(?:答案?|回答|解答|解|Answer|A|Solution)\s*[:：]\s*", re.I)
_LABEL_LINE = re.compile(r"^[^\s:：]{1,8}[:：]$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LATIN = re.compile(r"[A-Za-z]{2,}")

# Rhetorical and tag questions: the writer talks to the reader, nobody is asked.
_TAG = re.compile(
    r"(?:[,，]\s*(?:right|isn't it|aren't they|isn't that so|don't you think|wouldn't you say|"
    r"no|eh|huh|ok|okay|correct)"
    r"|(?:对吧|是吧|对不对|不是吗|好吗|对么|是么|没错吧|吧))\s*[?？]\W*$",
    re.I,
)
_RHETORIC = re.compile(
    r"难道|怎能|怎么能|怎可|岂[不能有是]|何尝|何必|何不|谁不|怎会|哪能|如何是好|怎么办才好|还等什么|有没有想过|是否想过|想知道|"
    r"是不是也|有没有觉得|有没有发现|你是否也"
    r"|^(?:(?:so|and|but|now)[, ]+)?(?:ready|want|curious|sounds? good|guess what|ever wondered|have you ever|"
    r"did you know|do you remember|remember|who knew|can you (?:guess|imagine)|isn't (?:it|that)|wouldn't it|"
    r"why not|why would (?:we|you|anyone)|who cares|got it|(?:did|do|have) you (?:notice|see|spot|reali[sz]e)|"
    r"make sense|see|get it|simple|easy|cool|neat|interesting)\b",
    re.I,
)
_PERCEIVE = re.compile(
    r"^(?:你|您|大家)?(?:看到|看出|注意到|发现|明白|懂|听说过|感受到|记得)[^？?]{0,30}(?:了吗|吗)[？?]"
)
# Answers that answer nothing: a deferral, an exclamation, a pointer elsewhere.
_DEFERRAL = re.compile(
    r"^(?:让我们|我们(?:先|来|一起)|下面(?:我们)?(?:来|将)|接下来|请看|看看|别担心|不用担心|don't worry"
    r"|let's|let us|we(?:'ll| will) (?:see|find)|stay tuned|read on)",
    re.I,
)


def strip_numbering(text: str) -> str:
    """A question without its leading list, section or question number (``1.``, ``**1-1**``, ``Q3：``)."""
    return _NUMBERING.sub("", text, count=1).strip()


def _substance(text: str) -> int:
    plain = unmasked(text)
    return cjk_count(plain) + 2 * len(_LATIN.findall(plain))


def _body(text: str) -> str:
    return _EDGE_EMPHASIS.sub("", strip_numbering(text.replace(SOFT_BREAK, "")).strip("*_ ")).strip()


def is_prompt(text: str) -> bool:
    """A prompt that asks for an answer: ``简述…``, ``请详细描述…``, ``推导…``, ``Explain…``."""
    body = _body(text)
    m = _PROMPT.match(body)
    if m is None or body.endswith((":", "：")):
        return False
    rest = body[m.end() :]
    if m.group("bare") and not m.group("sure"):  # ``介绍 X`` also titles a section about X
        return False
    need = 2 if m.group("sure") or m.group("plain") else 4
    return _substance(rest) >= need and _PROMPT_TOPIC.match(rest) is None


def is_question(text: str, *, needs_mark: bool = False, anywhere: bool = False) -> bool:
    """A question: ends with ``?``/``？`` or (unless ``needs_mark``) starts with a question word or prompt.

    With ``anywhere`` (headings, bold lines), a short Chinese line may carry its
    question word anywhere: ``逻辑回归有什么优点``.
    """
    body = _body(text)
    if _substance(body) < 5:
        return False
    if _Q_END.search(body):
        return True
    if needs_mark:
        return False
    return (
        _Q_START.match(body) is not None
        or (anywhere and cjk_count(body) >= 4 and len(body) <= 60 and _Q_INSIDE.search(body) is not None)
        or is_prompt(body)
    )


def is_rhetorical(question: str) -> bool:
    """A question put to the reader rather than asked: tag questions, rhetoric, attention checks."""
    body = _body(question)
    last = sentences(body)[-1][1] if body else body
    return _TAG.search(body) is not None or _RHETORIC.search(last) is not None or _PERCEIVE.match(last) is not None


_DEMONSTRATIVE = re.compile(r"[这那它此]|\b(?:this|that|it|these|those)\b", re.I)
_WHAT_TO_DO = re.compile(r"怎么办|如何是好|what (?:can|should|do) we do", re.I)
_FILLER = re.compile(r"^(?:那么问题来了|问题来了|那么|所以|于是|好了|so|now|but|and|then|okay|ok)\s*[，,、]?\s*", re.I)


def _malformed(question: str) -> bool:
    """A question whose start was lost (a stray delimiter) or that only points back (``这是为什么呢？``)."""
    if re.match(r"[$\\,，。;；:：)）\]}]", question) is not None:
        return True
    if _DEMONSTRATIVE.search(question) is None:
        return False
    return _substance(question) <= 8 or _WHAT_TO_DO.search(question) is not None


def non_answer(answer: str) -> bool:
    """An answer that says nothing: a deferral (``让我们看看…``), a short exclamation, a lone label."""
    first = answer.strip()
    if not first:
        return True
    head = sentences(first)[0][1]
    return (
        _DEFERRAL.match(first) is not None
        or (head.endswith(("！", "!")) and len(head) < 40 and len(sentences(first)) == 1)
        or _LABEL_LINE.match(first) is not None
    )


def _math_zones(text: str) -> list[tuple[int, int]]:
    """Spans of rendered math ``\\(…\\)`` and ``\\[…\\]``: a cut must never fall inside one."""
    zones: list[tuple[int, int]] = []
    for m in re.finditer(r"\\\(|\\\[", text):
        if zones and m.start() < zones[-1][1]:
            continue
        closer = "\\)" if m.group() == "\\(" else "\\]"
        end = text.find(closer, m.end())
        zones.append((m.start(), len(text) if end < 0 else end + 2))
    return zones


def cut(text: str, limit: int) -> str:
    """Cut to at most ``limit`` characters at a sentence boundary, never inside a formula."""
    if len(text) <= limit:
        return text
    zones = _math_zones(text)

    def inside(pos: int) -> bool:
        return any(a < pos < b for a, b in zones)

    best = 0
    for offset, sentence in sentences(text):
        end = offset + len(sentence)
        if end > limit:
            break
        if not inside(end):
            best = end
    if best >= limit // 3:
        return text[:best].rstrip()
    at = limit - 1
    for a, b in zones:
        if a < at < b:
            at = a
    return text[:at].rstrip() + "…"


def _dangling(text: str) -> str:
    """Drop emphasis markers left unpaired (``**``), which would show raw on the card."""
    for mark in ("**", "__"):
        if text.count(mark) % 2:
            text = text.replace(mark, "")
    return text


def clean_answer(text: str) -> str:
    """Drop citation lines, labels and images; what is left, cut to a first paragraph or ~300 characters."""
    kept: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not kept and not _IMAGE.sub("", line).strip():
            continue
        bare = _URL.sub("", line).strip(" -–—:：")
        if _CITATION.match(line) or (_URL.search(line) and len(bare) < 60) or _LINKISH.search(bare):
            continue
        if not kept:
            line = _ANSWER_LABEL.sub("", line)
            if _LABEL_LINE.match(line):
                continue
        if line:
            kept.append(line)
    if not kept:
        return ""
    taken = [kept[0]]
    for line in kept[1:]:
        intro = taken[-1].rstrip().endswith((":", "：")) or _substance("".join(taken)) < 12
        if not (intro or (line.startswith("• ") and taken[-1].startswith("• "))):
            break
        taken.append(line)
    return _dangling(cut("\n".join(taken), ANSWER_LIMIT))


def answered(answer: str) -> bool:
    """Whether an answer says something: more than a few characters of prose or math (images aside)."""
    answer = _IMAGE.sub("", answer)
    return len(answer.strip()) >= 4 and (_substance(answer) >= 3 or "\\(" in answer or "\\[" in answer)


def make_quiz(question: str, answer: str, line: int, heading: tuple[str, ...], rank: int = 2) -> Draft | None:
    """A quiz draft when the question is asked (not rhetorical) and has an answer worth a card."""
    question = _dangling(_FILLER.sub("", _EDGE_EMPHASIS.sub("", strip_numbering(question)).strip()))
    question = question[:1].upper() + question[1:] if question[:1].isascii() else question
    answer = clean_answer(answer)
    if not question or _malformed(question) or is_rhetorical(question):
        return None
    if not answered(answer) or non_answer(answer):
        return None
    return Draft(Kind.QUIZ, cut(question, 200), cut(question, FRONT_LIMIT), answer, line, heading, rank)


def answer_from(texts: Iterable[str]) -> str:
    """The answer in the rendered blocks after a question: up to the next question, images skipped.

    A rhetorical question opening the answer (``看到…了吗？``) is dropped; any other
    question there ends the answer (with nothing before it, the question is answered nowhere).
    """
    taken: list[str] = []
    for n, text in enumerate(texts):
        if n >= 12 or len(taken) >= 8:
            break
        body = text.strip()
        if _substance(_IMAGE.sub("", body)) < 2:
            continue
        found = sentences(body)
        if found and asks(found[0][1]):
            if not is_rhetorical(found[0][1]):
                break
            body = body[found[0][0] + len(found[0][1]) :].strip()
        if body:
            taken.append(body)
    return "\n".join(taken)


def asks(sentence: str) -> bool:
    """Whether a sentence is shaped like a question (ends with a question mark), however short."""
    return _Q_END.search(sentence.replace(SOFT_BREAK, "")) is not None


def _closing(masked: str, pos: int) -> int:
    """``pos`` moved past emphasis closers that belong to the question before it (``？**``)."""
    while pos < len(masked) and masked[pos] in "*_":
        pos += 1
    return pos


def question_runs(prose: Prose) -> Iterator[tuple[int, int, int]]:
    """(question start, question end, answer end) for each run of question sentences."""
    found = prose.sentences()
    i = 0
    while i < len(found):
        offset, sentence = found[i]
        if not is_question(sentence, needs_mark=True):
            i += 1
            continue
        j = i
        while j + 1 < len(found) and asks(found[j + 1][1]) and not is_rhetorical(found[j + 1][1]):
            j += 1
        q_end = _closing(prose.masked, found[j][0] + len(found[j][1]))
        k = j + 1
        while k < len(found) and not (asks(found[k][1]) and is_question(found[k][1], needs_mark=True)):
            k += 1
        a_end = found[k - 1][0] + len(found[k - 1][1]) if k > j + 1 else q_end
        yield offset, q_end, max(a_end, q_end)
        i = k


def prose_quizzes(prose: Prose, heading: tuple[str, ...], follow: Callable[[], str]) -> list[Draft]:
    """Questions asked inside a paragraph, answered by what follows them (or by ``follow()``).

    A paragraph that is one short line (often bold) may ask without a mark:
    ``**Q3：为什么要使用残差连接**``, ``请简述 BERT 的预训练任务``.
    """
    out: list[Draft] = []
    if "?" not in prose.masked and "？" not in prose.masked:
        draft = _unmarked(prose, heading, follow, item=False)
        return [draft] if draft else []
    runs = list(question_runs(prose))
    for n, (q_start, q_end, a_end) in enumerate(runs):
        question = prose.text(q_start, q_end)
        if prose.masked[q_end:a_end].strip():
            answer = prose.text(q_end, a_end)
        elif n == len(runs) - 1 and prose.masked[q_end:].strip() == "":
            answer = follow()
        else:
            continue
        draft = make_quiz(question, answer, prose.line_at(q_start), heading)
        if draft:
            out.append(draft)
    return out


def _unmarked(prose: Prose, heading: tuple[str, ...], after: Callable[[], str], *, item: bool) -> Draft | None:
    """A block that asks without a question mark: a prompt, a question-word item or a bold line.

    The question is the whole block when it is one short line (answered by ``after()``),
    or a prompt on the block's first line with the answer on the lines below it.
    """
    found = prose.sentences()
    if not found:
        return None
    masked = prose.masked.strip()
    bold = masked.startswith(("**", "__")) and masked.endswith(("**", "__"))
    first_end = _closing(prose.masked, found[0][0] + len(found[0][1]))
    rest = prose.masked[first_end:]
    if rest.strip():
        first = prose.text(0, first_end)
        own_line = rest.lstrip(" \t")[:1] in ("\n", SOFT_BREAK)
        if not own_line or not (is_prompt(first) or (bold and is_question(first, anywhere=True))):
            return None
        answer = prose.text(first_end)
        return make_quiz(first, answer if _substance(answer) >= 10 else after(), prose.line, heading)
    whole = prose.text()
    statement = whole.endswith(("。", ".", "；", ";")) and not bold and not item and not is_prompt(whole)
    if len(whole) > 120 or statement or not is_question(whole, anywhere=bold):
        return None
    return make_quiz(whole, after(), prose.line, heading)


def item_quiz(prose: Prose, heading: tuple[str, ...], nested: Callable[[], str]) -> list[Draft]:
    """A list item that asks: answered by the rest of the item, else by its nested content only."""
    found = prose.sentences()
    if not found:
        return []
    whole = prose.text()
    if "?" not in prose.masked and "？" not in prose.masked:
        draft = _unmarked(prose, heading, nested, item=True)
        return [draft] if draft else []
    if (
        is_question(whole)
        and not any(is_question(s, needs_mark=True) for _, s in found[:-1])
        and not _Q_END.search(whole)
    ):
        draft = make_quiz(whole, nested(), prose.line, heading)
        return [draft] if draft else []
    last_q = -1
    for n, (_, sentence) in enumerate(found):
        if is_question(sentence, needs_mark=True) or (last_q >= 0 and asks(sentence)):
            last_q = n
        elif last_q >= 0:
            break
    if last_q < 0:
        return []
    q_end = _closing(prose.masked, found[last_q][0] + len(found[last_q][1]))
    rest = prose.text(q_end)
    if _substance(rest) >= 30:
        question, answer = prose.text(0, q_end), rest
    else:
        question, answer = whole, nested()
    draft = make_quiz(question, answer, prose.line, heading)
    return [draft] if draft else []


_EXERCISE_HEAD = re.compile(
    r"^(?:习题|练习|例题|思考题|Exercise|Problem)\s*\d+(?:[.\-]\d+)*\s*[:：.]?\s*$|^(?:习题|练习|Exercises?)\s*$", re.I
)


def is_exercise_heading(title: str) -> bool:
    """A heading that names one exercise (``习题1.2``, ``Exercise 3``): its first paragraph is the question."""
    return _EXERCISE_HEAD.match(title.strip("*_ ")) is not None and re.search(r"\d", title) is not None


def exercise_quiz(statement: str, answer: str, line: int, heading: tuple[str, ...]) -> Draft | None:
    """The exercise a heading names: the statement is the front, the worked answer after it the back."""
    statement = statement.strip()
    if _substance(statement) < 8:
        return None
    return make_quiz(statement, answer, line, heading, rank=1)
