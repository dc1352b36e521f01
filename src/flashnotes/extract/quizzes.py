"""Quiz cards: questions the article asks and answers (headings, list items, sentences)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from flashnotes.extract.draft import Draft
from flashnotes.extract.inline import unmasked
from flashnotes.extract.prose import SOFT_BREAK, Prose
from flashnotes.extract.text import cjk_count, truncate
from flashnotes.model import Kind

ANSWER_LIMIT = 300
_NUMBERING = re.compile(
    r"^\s*(?:[#>*\s]*)(?:\d+(?:\.\d+)*[.、．):：]?|[（(]\d+[)）]|[一二三四五六七八九十]+[、.．])\s*"
)
_Q_START = re.compile(
    r"^(?:什么是|什么叫|什么时候|为什么|为何|如何|怎么|怎样|是否|哪些|哪个|哪种|何为|何时|何谓|能否|可否|有没有|有什么|有哪些|"
    r"(?:what|why|how|when|which|who|where)\b)",
    re.I,
)
_Q_END = re.compile(r"[?？][)）”\"'*_\s]*$")
_EDGE_EMPHASIS = re.compile(r"^[*_]+|[*_]+$")
_URL = re.compile(r"https?://\S+|www\.\S+")
_CITATION = re.compile(
    r"^\s*(?:参考|参考资料|参考文献|来源|出处|原文|链接|references?|sources?|see also|via)\s*[:：]?", re.I
)
_LINKISH = re.compile(r"的回答\s*-\s*知乎|discussions?$", re.I)


def strip_numbering(text: str) -> str:
    """A question without its leading list or section number."""
    return _NUMBERING.sub("", text, count=1).strip()


_LATIN = re.compile(r"[A-Za-z]{2,}")


def _substance(text: str) -> int:
    plain = unmasked(text)
    return cjk_count(plain) + 2 * len(_LATIN.findall(plain))


def is_question(text: str, *, needs_mark: bool = False) -> bool:
    """A question: ends with ``?``/``？`` or (unless ``needs_mark``) starts with a question word."""
    body = strip_numbering(text.replace(SOFT_BREAK, "")).strip("*_ ")
    if _substance(body) < 5:
        return False
    if _Q_END.search(body):
        return True
    return not needs_mark and _Q_START.match(body) is not None


def clean_answer(text: str) -> str:
    """Drop citation-only lines; what is left, cut to a first paragraph or ~300 characters."""
    kept = []
    for line in text.split("\n"):
        bare = _URL.sub("", line).strip(" -–—:：")
        if _CITATION.match(line) or (_URL.search(line) and len(bare) < 60) or _LINKISH.search(bare):
            continue
        if line.strip():
            kept.append(line.strip())
    if not kept:
        return ""
    taken = [kept[0]]
    for line in kept[1:]:
        intro = taken[-1].rstrip().endswith((":", "：")) or _substance("".join(taken)) < 12
        if not (intro or (line.startswith("• ") and taken[-1].startswith("• "))):
            break
        taken.append(line)
    return truncate("\n".join(taken), ANSWER_LIMIT)


def answered(answer: str) -> bool:
    """Whether an answer says something: more than a few characters of prose or math."""
    return len(answer.strip()) >= 4 and (_substance(answer) >= 2 or "\\(" in answer or "\\[" in answer)


def make_quiz(question: str, answer: str, line: int, heading: tuple[str, ...], rank: int = 2) -> Draft | None:
    """A quiz draft when the question has an answer worth a card."""
    question = _EDGE_EMPHASIS.sub("", strip_numbering(question)).strip()
    answer = clean_answer(answer)
    if not question or not answered(answer):
        return None
    front = truncate(question, 380)
    return Draft(Kind.QUIZ, question, front, answer, line, heading, rank)


def asks(sentence: str) -> bool:
    """Whether a sentence is shaped like a question (ends with a question mark), however short."""
    return _Q_END.search(sentence.replace(SOFT_BREAK, "")) is not None


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
        while j + 1 < len(found) and asks(found[j + 1][1]):
            j += 1
        q_end = found[j][0] + len(found[j][1])
        k = j + 1
        while k < len(found) and not asks(found[k][1]):
            k += 1
        a_end = found[k - 1][0] + len(found[k - 1][1]) if k > j + 1 else q_end
        yield offset, q_end, a_end
        i = k


def prose_quizzes(prose: Prose, heading: tuple[str, ...], follow: Callable[[], str]) -> list[Draft]:
    """Questions asked inside a paragraph, answered by what follows them (or by ``follow()``)."""
    out: list[Draft] = []
    if "?" not in prose.masked and "？" not in prose.masked:
        return out
    runs = list(question_runs(prose))
    for n, (q_start, q_end, a_end) in enumerate(runs):
        question = prose.text(q_start, q_end)
        if a_end > q_end:
            answer = prose.text(q_end, a_end)
        elif n == len(runs) - 1 and prose.masked[q_end:].strip() == "":
            answer = follow()
        else:
            continue
        draft = make_quiz(question, answer, prose.line_at(q_start), heading)
        if draft:
            out.append(draft)
    return out


def item_quiz(prose: Prose, heading: tuple[str, ...], nested: Callable[[], str]) -> list[Draft]:
    """A list item that asks: answered by the rest of the item, else by its nested content only."""
    found = prose.sentences()
    if not found or (
        "?" not in prose.masked and "？" not in prose.masked and not _Q_START.match(strip_numbering(prose.masked))
    ):
        return []
    whole = prose.text()
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
    q_end = found[last_q][0] + len(found[last_q][1])
    rest = prose.text(q_end)
    if _substance(rest) >= 30:
        question, answer = prose.text(0, q_end), rest
    else:
        question, answer = whole, nested()
    draft = make_quiz(question, answer, prose.line, heading)
    return [draft] if draft else []
