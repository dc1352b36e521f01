"""Quiz cards: questions the article asks and answers (headings, list items, sentences).

Which text asks is ``questions``' business, what answers it ``answers``'; this module
pairs them into cards (a question with nothing to put on the back makes none) and leaves
whether a question is really asked (not rhetorical, not a deferral) to the scorer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from flashnotes.extract.answers import ANSWER_LABEL, LABELLED_ANSWER, answered, clean_answer, cut, dangling, leads_in
from flashnotes.extract.draft import Draft
from flashnotes.extract.patterns import lazy
from flashnotes.extract.prose import SOFT_BREAK, Prose
from flashnotes.extract.questions import (
    FILLER,
    asks,
    body_of,
    broken,
    drop_speaker,
    ends_asking,
    is_prompt,
    is_question,
    is_rhetorical,
    opens_like_question,
    plainly_asks,
    points_back,
    strip_edge_emphasis,
    strip_numbering,
    substance,
    to_judge,
)
from flashnotes.extract.quiz_features import quiz_features
from flashnotes.extract.text import has_cjk
from flashnotes.model import Kind

FRONT_LIMIT = 380
_CONTENT = lazy(r"[^\s*_]")
_REQUEST = lazy(r"\s*(?:请|please\b)", re.I)
# An exam's marks after a question: ``（5分）``, ``(2 points)``, ``[3 marks]``.
SCORE = lazy(r"\s*[（(【\[]\s*\d+(?:\.\d+)?\s*(?:分|points?|pts?|marks?)\s*[)）】\]]\s*", re.I)
# The options of a choice question on one line: ``A. Binary search tree B. Hash table C. …``.
_OPTIONS = lazy(r"^\s*[(（]?A[.．、)）]\s*\S.*?\s[(（]?B[.．、)）]\s*\S")


def make_quiz(
    raw: str,
    answer: str,
    line: int,
    heading: tuple[str, ...],
    rank: int = 2,
    *,
    where: str = "sentence",
    same_block: bool = False,
    subject: str = "",
) -> Draft | None:
    """A quiz candidate for any question with something after it to put on the back.

    Whether it is asked (not rhetorical, not pointing back) and answered (not a
    deferral) is evidence for the scorer: ``where`` says where the question stands
    (heading, line, bold, item, lead, sentence, exercise) and ``same_block`` whether
    its answer is in its own block. A ``subject`` (the heading a question about
    ``this``/``it`` opens) goes before the question: ``The problem with rereading: why
    does this matter?``.
    """
    bare = drop_speaker(strip_edge_emphasis(strip_numbering(raw)).strip())
    filler = FILLER.match(bare)  # anchored and never empty: its one match is at the start, if any
    question = SCORE.sub(" ", dangling(bare[filler.end() :] if filler else bare)).strip().rstrip(":：").rstrip()
    if question != bare and question[:1].isascii():  # ``So, what…`` becomes ``What…``
        question = question[:1].upper() + question[1:]
    first, _, rest = answer.strip().partition("\n")
    options = ""
    if _OPTIONS.match(first) and rest.strip():  # a choice question: the options belong on the front
        options, answer = first.strip(), rest
    answer = clean_answer(answer)
    if not question or broken(question) or not answered(answer):
        return None  # nothing to ask, or nothing to put on the back: no card could be made
    if subject:
        question = with_subject(subject, question)
    features = quiz_features(raw, question, answer, where, same_block=same_block)
    if subject:  # the heading says what ``this``/``it`` is: the question no longer points back
        features.pop("q:points_back", None)
        if not any(k in features for k in ("q:tag", "q:rhetoric", "q:perceive", "q:empty")):
            features.pop("q:to_reader", None)
    front = cut(f"{question} {options}" if options else question, FRONT_LIMIT)
    return Draft(Kind.QUIZ, cut(question, 200), front, answer, line, heading, rank, features=features)


def subject_of(question: str, heading: tuple[str, ...]) -> str:
    """The heading a question about ``this``/``it`` is about, when it opens that heading's section; or ""."""
    if not heading or not points_back(body_of(question)) or is_question(heading[-1], anywhere=True):
        return ""
    return heading[-1]


def with_subject(subject: str, question: str) -> str:
    """A question about ``this``/``it`` that opens a section, with the section's heading before it."""
    subject = strip_edge_emphasis(strip_numbering(subject)).strip().rstrip(":：")
    if has_cjk(subject + question):
        return f"{subject}：{question}"
    if question[:2].isalpha() and question[0].isupper() and question[1].islower():
        question = question[0].lower() + question[1:]
    return f"{subject}: {question}"


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


def prose_quizzes(
    prose: Prose, heading: tuple[str, ...], follow: Callable[[], str], *, opens_section: bool = False
) -> list[Draft]:
    """Questions asked inside a paragraph, answered by what follows them (or by ``follow()``).

    A paragraph that is one short line (often bold) may ask without a mark:
    ``**Q3：为什么要使用残差连接**``, ``请简述 BERT 的预训练任务``. A question about
    ``this``/``it`` opening the paragraph that ``opens_section`` is about the section's
    heading, which becomes its subject (``Why does this matter? Because…``).
    """
    out: list[Draft] = []
    if "?" not in prose.masked and "？" not in prose.masked:
        draft = _unmarked(prose, heading, follow, item=False)
        return [draft] if draft else []
    runs = list(question_runs(prose))
    for n, (q_start, q_end, a_end) in enumerate(runs):
        question = prose.text(q_start, q_end)
        same = bool(prose.masked[q_end:a_end].strip())
        last = n == len(runs) - 1 and prose.masked[a_end:].strip() == ""
        if same:
            answer = prose.text(q_end, a_end)
            if last and leads_in(answer):  # ``…？原因如下：`` and the list below answers
                answer, same = f"{answer}\n{follow()}", False
        elif n == len(runs) - 1 and prose.masked[q_end:].strip() == "":
            answer = follow()
        else:
            continue
        first = _label_only(prose.masked[:q_start])  # only a number or a label before it
        where = "sentence" if not first else "lead" if prose.masked[q_end:a_end].strip() else "line"
        subject = subject_of(question, heading) if first and opens_section else ""
        draft = make_quiz(
            question, answer, prose.line_at(q_start), heading, where=where, same_block=same, subject=subject
        )
        if draft:
            out.append(draft)
    return out


def _label_only(text: str) -> bool:
    """``not body_of(text)``, without running body_of over a long paragraph before each of its questions.

    body_of removes only the leading numbering, white space, ``*`` and ``_``: text that still
    has another character once its numbering is stripped (the usual case) keeps a body.
    """
    if _CONTENT.search(strip_numbering(text.replace(SOFT_BREAK, ""))):
        return False
    return not body_of(text)


def _unmarked(prose: Prose, heading: tuple[str, ...], after: Callable[[], str], *, item: bool) -> Draft | None:
    """A block that asks without a question mark: a prompt, a question-word item or a bold line.

    The question is the whole block when it is one short line (answered by ``after()``),
    or a prompt on the block's first line with the answer on the lines below it.
    """
    masked = prose.masked.strip()
    bold = masked.startswith(("**", "__")) and masked.endswith(("**", "__"))
    if not bold and not opens_like_question(masked):
        return None  # most paragraphs: no mark, no question word up front, nothing to ask
    if not item and ANSWER_LABEL.match(masked):
        return None  # ``证明：若…则…`` as a paragraph is the proof of the question before it
    where = "item" if item else "bold" if bold else "line"
    labelled = LABELLED_ANSWER.search(prose.masked)
    if labelled and is_question(prose.text(0, labelled.start()), anywhere=True):
        question, answer = prose.text(0, labelled.start()), prose.text(labelled.start())
        return make_quiz(question, answer, prose.line, heading, where=where, same_block=True)
    found = prose.sentences()
    if not found:
        return None
    lead = 1 if len(found) > 1 and not body_of(found[0][1]) else 0  # ``**4.`` split off as a sentence
    first_end = _closing(prose.masked, found[lead][0] + len(found[lead][1]))
    rest = prose.masked[first_end:]
    if rest.strip() and not SCORE.fullmatch(rest):  # ``简述…。（6分）``: the marks are not an answer
        first = prose.text(0, first_end)
        own_line = rest.lstrip(" \t")[:1] in ("\n", SOFT_BREAK)
        judged = to_judge(first)  # ``True or false: X. False, because…`` answers on the same line
        if not (own_line or judged) or not (is_prompt(first) or (bold and is_question(first, anywhere=True))):
            return None
        answer = prose.text(first_end)
        same = substance(answer) >= 10
        return make_quiz(first, answer if same else after(), prose.line, heading, where=where, same_block=same)
    whole = prose.text()
    statement = whole.endswith(("。", ".", "；", ";")) and not bold and not item and not is_prompt(whole)
    if len(whole) > 120 or statement or not is_question(whole, anywhere=bold):
        return None
    return make_quiz(whole, after(), prose.line, heading, where=where)


def item_quiz(prose: Prose, heading: tuple[str, ...], nested: Callable[[], str]) -> list[Draft]:
    """A list item that asks: answered by the rest of the item, else by its nested content only."""
    found = prose.sentences()
    if not found:
        return []
    if "?" not in prose.masked and "？" not in prose.masked:
        draft = _unmarked(prose, heading, nested, item=True)
        return [draft] if draft else []
    whole = prose.text()
    if (
        is_question(whole)
        and not any(is_question(s, needs_mark=True) for _, s in found[:-1])
        and not ends_asking(whole)
    ):
        draft = make_quiz(whole, nested(), prose.line, heading, where="item")
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
    # A long rest answers; a short one (``为什么…？因为…。``) only when nothing is nested under the item.
    below = "" if substance(rest) >= 30 else nested()
    asks_more = plainly_asks(rest) or _REQUEST.match(rest) is not None  # ``…为什么？请给出推导过程。``
    short = substance(rest) >= 6 and not asks_more and not answered(clean_answer(below))
    same = substance(rest) >= 30 or short
    question, answer = (prose.text(0, q_end), rest) if same else (whole, below)
    draft = make_quiz(question, answer, prose.line, heading, where="item", same_block=same)
    return [draft] if draft else []


def exercise_quiz(statement: str, answer: str, line: int, heading: tuple[str, ...]) -> Draft | None:
    """The exercise a heading names: the statement is the front, the worked answer after it the back."""
    statement = statement.strip()
    if substance(statement) < 8:
        return None
    return make_quiz(statement, answer, line, heading, rank=1, where="exercise")
