"""Extraction: an article's blocks to cards, explicit markup first, then the heuristics."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from flashnotes.extract import answers, decide, definitions, formulas, questions, quiz_features, quizzes
from flashnotes.extract.blocks import Block, BlockKind, parse_blocks
from flashnotes.extract.contract import keeps_contract
from flashnotes.extract.draft import Draft
from flashnotes.extract.explicit import find_explicit
from flashnotes.extract.hints import might_have_exercise
from flashnotes.extract.inline import SpanKind, unmasked
from flashnotes.extract.patterns import lazy
from flashnotes.extract.prose import Prose, make_prose
from flashnotes.extract.reader import Article
from flashnotes.extract.scorer import Model, packaged_model
from flashnotes.extract.terms import BRACKET_TAIL, clean_back
from flashnotes.extract.text import first_sentence, nfkc
from flashnotes.model import Card, Kind, Source, card_id

if TYPE_CHECKING:  # the exercise finder is imported when an article may hold an exercise
    from flashnotes.extract.exercises import Found

_PROSE = (BlockKind.PARAGRAPH, BlockKind.ITEM)
_SKIP = lazy(r"<!--\s*flashnotes\s*:\s*skip\s*-->", re.I)
_BOLD_LINE = lazy(r"(?P<em>\*\*|__)(?P<label>[^*_\n]{1,60}?)(?P=em)\s*[:：]?")
_RULE_ROW = lazy(r"[|:\-\s]+")
_BR = lazy(r"<br\s*/?>", re.I)
_PLURAL = lazy(r"(?<=[a-z]{3})s$")
_KEY_NOISE = lazy(r"[\s*_`“”\"']+")
_DOT_SLASH = lazy(r"^(?:\./)+")
_ASK_NOISE = lazy(r"[\s?？]+")
_REFERENCES = lazy(r"参考|引用|文献|references?|bibliography|further reading|citations?|资料", re.I)


class _Context:
    """Blocks of one article with their prose scanned once, on demand."""

    def __init__(self, blocks: list[Block], flat: bool) -> None:
        self.blocks = blocks
        self.flat = flat
        self._prose: dict[int, Prose] = {}
        self._references: dict[str, bool] = {}
        self.claimed: set[int] = set()
        self.keyed = answers.answer_key(blocks, self._asks) if answers.has_answer_key(blocks) else {}

    def under_references(self, title: str) -> bool:
        """Whether a section titled so lists references (asked once per title: its blocks share it)."""
        found = self._references.get(title)
        if found is None:
            found = self._references[title] = _REFERENCES.search(title) is not None
        return found

    def prose(self, i: int) -> Prose:
        if i not in self._prose:
            self._prose[i] = make_prose(self.blocks[i].text, self.blocks[i].line, self.flat)
        return self._prose[i]

    def section_text(self, i: int) -> str:
        """What follows a heading up to the next heading, rendered.

        A section that opens straight with a sub-heading (not itself a question) is
        answered by that first subsection, its title kept as a lead-in.
        """
        parts: list[str] = []
        for j in range(i + 1, len(self.blocks)):
            block = self.blocks[j]
            if block.kind is BlockKind.RULE:  # a thematic break ends the section's answer (an outro follows)
                break
            if block.kind is BlockKind.HEADING:
                title = block.heading[-1] if block.heading else ""
                if any(parts) or block.level <= self.blocks[i].level or questions.is_question(title, anywhere=True):
                    break
                parts.append(title.rstrip("：:") + "：")
                continue
            parts.append(self.render(j))
        return "\n".join(p for p in parts if p)

    def nested_text(self, i: int) -> str:
        """The blocks nested inside list item i (indented at least to its content)."""
        item = self.blocks[i]
        parts: list[str] = []
        for j in range(i + 1, len(self.blocks)):
            block = self.blocks[j]
            if block.kind is BlockKind.HEADING or block.indent < item.level - 1 or block.indent <= item.indent:
                break
            parts.append(self.render(j))
        return "\n".join(p for p in parts if p)

    def item_answer(self, i: int) -> str:
        """What answers a question in list item i: its nested blocks, else the paragraphs after the list.

        The fallback is not taken inside a list of questions, whose last item would
        otherwise be answered by whatever follows the list, unless that opens with an
        answer label (``证明：…``, ``Solution: …``).
        """
        nested = self.nested_text(i)
        if not nested and i in self.keyed:  # ``## Answers`` later holds the same-numbered answer
            return self.render(self.keyed[i]).removeprefix("• ")
        if nested or (i + 1 < len(self.blocks) and self.blocks[i + 1].kind is BlockKind.ITEM):
            return nested
        if i > 0 and self.blocks[i - 1].kind is BlockKind.ITEM and self._asks(i - 1) and not self._labelled(i + 1):
            return ""
        return self.follow(i)

    def _labelled(self, j: int) -> bool:
        """Whether block j is a paragraph opening with an answer label (``答：``, ``证明：``, ``Solution.``)."""
        block = self.blocks[j] if j < len(self.blocks) else None
        return (
            block is not None
            and block.kind is BlockKind.PARAGRAPH
            and answers.ANSWER_LABEL.match(block.text) is not None
        )

    def _asks(self, j: int) -> bool:
        """Whether list item j is a question, alone or answered on its own line (``Does r matter? Not really.``)."""
        first = first_sentence(self.prose(j).text())
        return first is not None and questions.is_question(first)

    def render(self, j: int) -> str:
        block = self.blocks[j]
        if block.kind in _PROSE:
            text = self.prose(j).text()
            return ("• " + text) if block.kind is BlockKind.ITEM else text
        if block.kind is BlockKind.MATH and formulas.is_formula(block.text):
            return f"\\[{formulas.display(block.text)}\\]"
        if block.kind is BlockKind.TABLE:  # ``### BN 和 LN 有什么区别？`` answered by a comparison table
            rows = [[make_prose(c, block.line, self.flat).text() for c in r] for r in _table_rows(block)]
            return answers.table_answer(rows)
        return ""

    def follow(self, i: int) -> str:
        """What answers a question ending block i: the blocks after it, up to the next question or heading."""
        return answers.answer_from(self.rendered_after(i))

    def rendered_after(self, i: int) -> Iterator[str]:
        """The rendered blocks after block i up to the next heading, lazily."""
        for j in range(i + 1, len(self.blocks)):
            if self.blocks[j].kind in (BlockKind.HEADING, BlockKind.RULE):
                return
            yield self.render(j)

    def intro(self, i: int) -> str:
        """The nearest sentence before the display math at block i that says what it is.

        Display math in between is passed over, and so is prose that only connects
        (``也即：``), up to three blocks back and never across a heading.
        """
        j, looked = i - 1, 0
        while j >= 0 and i - j < 8 and looked < 3 and self.blocks[i].line - self.blocks[j].end <= 20:
            kind = self.blocks[j].kind
            if kind in _PROSE:
                text = formulas.intro_of(self.prose(j))
                if text:
                    return text
                looked += 1
            elif kind is not BlockKind.MATH:
                return ""
            j -= 1
        return ""

    def bold_label(self, i: int) -> str:
        """The bold line standing as a sub-heading a few blocks above block i (``**Variance**``), or ""."""
        for j in range(i - 1, max(-1, i - 4), -1):
            block = self.blocks[j]
            if block.kind is BlockKind.HEADING:
                return ""
            if block.kind is BlockKind.PARAGRAPH:
                m = _BOLD_LINE.fullmatch(block.text.strip())
                if m:
                    return m.group("label").strip().rstrip(":：")
        return ""


def _title_of(blocks: list[Block], statement: frozenset[int]) -> set[int]:
    """The heading right above a problem's statement: the exercise card is that problem's one card.

    ``### Q6. Coding: Two Sum`` asks by its label; as a quiz it took the statement as its back.
    """
    first = min(statement, default=0) - 1
    return {first} if first >= 0 and blocks[first].kind is BlockKind.HEADING else set()


def _skipped(blocks: list[Block]) -> set[int]:
    out: set[int] = set()
    for i, block in enumerate(blocks):
        if block.kind is BlockKind.COMMENT and _SKIP.search(block.text) and i + 1 < len(blocks):
            out.add(i + 1)
    return out


def _table_rows(block: Block) -> list[list[str]]:
    """A table's rows of stripped cells, its rule line left out."""
    return [
        [_BR.sub(" ", c).strip() for c in row.strip().strip("|").split("|")]
        for row in block.text.split("\n")
        if row.strip() and not _RULE_ROW.fullmatch(row)
    ]


def _table_cells(block: Block) -> list[str]:
    cells: list[str] = []
    for row in block.text.split("\n"):
        if _RULE_ROW.fullmatch(row):
            continue
        for cell in row.strip().strip("|").split("|"):
            cells.extend(_BR.split(cell))
    return [c.strip() for c in cells if c.strip()]


def _first_prose(ctx: _Context, i: int) -> int | None:
    for j in range(i + 1, min(i + 4, len(ctx.blocks))):
        kind = ctx.blocks[j].kind
        if kind is BlockKind.PARAGRAPH:
            return j
        if kind is BlockKind.HEADING:
            return None
    return None


def _parent_level(blocks: list[Block], i: int) -> int:
    """The level of the heading that heading i sits under (0 when none): 1 is the article's title."""
    for j in range(i - 1, -1, -1):
        if blocks[j].kind is BlockKind.HEADING and blocks[j].level < blocks[i].level:
            return blocks[j].level
    return 0


def _heading_drafts(ctx: _Context, i: int) -> list[Draft]:
    block = ctx.blocks[i]
    title = block.heading[-1] if block.heading else ""
    out: list[Draft] = []
    if questions.is_question(title, anywhere=True):
        parent = block.heading[:-1]
        subject = quizzes.subject_of(title, parent) if _parent_level(ctx.blocks, i) > 1 else ""  # ``## LoRA``
        quiz = quizzes.make_quiz(
            title, ctx.section_text(i), block.line, parent, rank=1, where="heading", subject=subject
        )
        if quiz:
            out.append(quiz)
        return out
    first = _first_prose(ctx, i)
    if first is not None and questions.is_exercise_heading(title):
        quiz = quizzes.exercise_quiz(ctx.prose(first).text(), ctx.follow(first), ctx.blocks[first].line, block.heading)
        if quiz:
            ctx.claimed.add(first)
            out.append(quiz)
        return out
    if first is not None:
        draft = definitions.heading_definition(ctx.prose(first), title, block.heading)
        if draft:
            out.append(draft)
    return out


def _caption(ctx: _Context, i: int) -> bool:
    """Whether block i sits right under a figure, or starts with one: its labels are a caption's."""
    spans = ctx.prose(i).spans
    if spans and spans[0].kind is SpanKind.IMAGE:
        return True
    if i == 0 or ctx.blocks[i - 1].kind is not BlockKind.PARAGRAPH:
        return False
    before = ctx.prose(i - 1).spans
    return (
        bool(before) and all(s.kind is SpanKind.IMAGE for s in before) and not unmasked(ctx.prose(i - 1).masked).strip()
    )


def _with_display(ctx: _Context, i: int, draft: Draft) -> Draft:
    """A definition whose back ends the block with a colon is completed by the display formula below it.

    ``Pre-LN 是先对输入做 LN 再送进子层：`` with its formula on the next lines: the back dangled at the colon.
    """
    back = draft.back.rstrip()
    if not back.endswith((":", "：")) or i + 1 >= len(ctx.blocks) or ctx.blocks[i + 1].kind is not BlockKind.MATH:
        return draft
    if not ctx.prose(i).text().rstrip().endswith(back):
        return draft
    formula = ctx.render(i + 1)
    return replace(draft, back=clean_back(f"{back}\n{formula}")) if formula else draft


def _prose_drafts(ctx: _Context, i: int) -> list[Draft]:
    block = ctx.blocks[i]
    prose = ctx.prose(i)
    where: dict[str, float] = {"w:item": 1.0} if block.kind is BlockKind.ITEM else {}
    if i == 0 or ctx.blocks[i - 1].kind is BlockKind.HEADING:
        where["w:section_first"] = 1.0
    found = [_with_display(ctx, i, d) for d in definitions.definitions(prose, block.heading)]
    if _caption(ctx, i):  # "Left: …" under a figure labels the picture; it defines nothing
        found = [d for d in found if "src:gloss" not in d.features]
    out = decide.with_features(found, where)
    out.extend(formulas.inline_display(prose, block.heading))
    if block.kind is BlockKind.ITEM:
        out.extend(quizzes.item_quiz(prose, block.heading, lambda: ctx.item_answer(i)))
    else:
        # a section under a sub-heading, not the article's title: ``this`` there is the heading's subject
        opens = "w:section_first" in where and i > 0 and ctx.blocks[i - 1].level > 1
        out.extend(quizzes.prose_quizzes(prose, block.heading, lambda: ctx.follow(i), opens_section=opens))
    return out


def draft_cards(blocks: list[Block], flat: bool = False, exercise_hint: bool = True) -> list[Draft]:
    """Every candidate card of an article, before duplicates are resolved.

    ``flat`` marks plain text, where a space after CJK often stands for a lost line break.
    """
    ctx = _Context(blocks, flat)
    skip = _skipped(blocks)
    explicit = find_explicit(blocks, skip)
    drafts = list(explicit.drafts)
    used = set(explicit.used) | skip
    for exercise in _find_exercises(blocks) if exercise_hint else []:
        drafts.append(exercise.draft)
        used |= exercise.used
        used |= _title_of(blocks, exercise.used)
    for i, block in enumerate(blocks):
        if i in used or i in ctx.claimed:
            continue
        if block.kind is BlockKind.HEADING:
            drafts.extend(_heading_drafts(ctx, i))
        elif block.kind in _PROSE:
            if block.heading and ctx.under_references(block.heading[-1]):
                continue
            drafts.extend(_prose_drafts(ctx, i))
        elif block.kind is BlockKind.MATH:
            draft = formulas.block_formula(block.text, block.line, block.heading, ctx.intro(i), ctx.bold_label(i))
            if draft:
                drafts.append(draft)
        elif block.kind is BlockKind.TABLE:
            for cell in _table_cells(block):
                cell_drafts = definitions.definitions(make_prose(cell, block.line, flat), block.heading)
                drafts.extend(decide.with_features(cell_drafts, {"w:table": 1.0}))
    return formulas.distinct_fronts([d for d in drafts if not _false_definition(d)])


def _find_exercises(blocks: list[Block]) -> list[Found]:
    """The worked-example problems; the exercise finder is imported only for an article that may hold one."""
    from flashnotes.extract import exercises

    return exercises.find_exercises(blocks)


def _false_definition(draft: Draft) -> bool:
    """A definition whose term is a label (``Q1``, ``问题4``, ``面试官``) or whose body asks instead of stating."""
    if draft.kind is not Kind.DEFINITION or not draft.features:
        return False
    if questions.is_question_label(draft.key) or questions.is_speaker(draft.key):
        return True
    first = first_sentence(draft.back)
    return first is not None and questions.asks(first)


def dedupe_key(draft: Draft) -> tuple[str, str]:
    """Drafts with equal dedupe keys are the same card: keep the best-ranked one.

    A formula is the same only when its LaTeX is (white space aside): case and
    subscripts matter, so a matrix form ``\\mathbf{W}`` is not its vector form ``\\mathbf{w}``.
    """
    if draft.kind is Kind.FORMULA:
        return "formula", formulas.formula_key(nfkc(draft.key))
    key = nfkc(draft.key).casefold()
    if draft.kind is Kind.DEFINITION:
        key = BRACKET_TAIL.sub("", key)
        key = _PLURAL.sub("", key.strip())
    return draft.kind.value, _KEY_NOISE.sub("", key)


def _asked(draft: Draft) -> str:
    """A front in the form two cards asking the same thing share (``什么是临界区？`` = ``什么是临界区``)."""
    return _ASK_NOISE.sub("", nfkc(draft.front).casefold())


def resolve(drafts: Iterable[Draft]) -> list[Draft]:
    """One draft per key (lowest rank, then earliest line), in source order.

    A definition asking what the article's own question asks (``1. 什么是临界区？`` answered
    by ``…称为临界区。``) is left to that quiz card, whose back is the article's whole answer.
    """
    best: dict[tuple[str, str], Draft] = {}
    for draft in drafts:
        if not draft.key.strip() or not draft.front.strip() or not draft.back.strip():
            continue
        k = dedupe_key(draft)
        old = best.get(k)
        if old is None or (draft.rank, draft.line) < (old.rank, old.line):
            best[k] = draft
    asked = {_asked(d) for d in best.values() if d.kind is Kind.QUIZ}
    kept = (d for d in best.values() if d.kind is not Kind.DEFINITION or _asked(d) not in asked)
    return sorted(kept, key=lambda d: (d.line, d.kind.value))


def article_scope(article: Article) -> str:
    """The article's identity for card ids: its path, normalised."""
    return _DOT_SLASH.sub("", article.path.replace("\\", "/"))


def candidates(article: Article) -> list[Draft]:
    """Every candidate card of an article with all its evidence, before any decision."""
    hint = might_have_exercise(article.text)
    blocks = parse_blocks(article.text)
    drafts = draft_cards(blocks, flat=not article.is_markdown, exercise_hint=hint)
    headings = {b.heading[-1] for b in blocks if b.kind is BlockKind.HEADING and b.heading}
    return quiz_features.section_evidence(decide.article_evidence(drafts, article.text, headings))


def choose(drafts: list[Draft], model: Model, min_confidence: float | None = None) -> list[Draft]:
    """The cards among the candidates: scored, kept when confident enough, one per key."""
    scored = decide.score(drafts, model)
    return resolve(d for d in scored if decide.passes(d, model, min_confidence))


def extract(
    article: Article, scope: str | None = None, *, min_confidence: float | None = None, model: Model | None = None
) -> list[Card]:
    """All cards of one article; ids are derived from ``scope`` (default: the article path).

    A scored card is kept when its confidence reaches its kind's learned threshold, or
    ``min_confidence`` when given (lower it for more cards, raise it for surer ones).
    """
    scope = scope if scope is not None else article_scope(article)
    chosen = choose(candidates(article), packaged_model() if model is None else model, min_confidence)
    return [
        Card(
            id=card_id(scope, draft.kind, draft.key),
            kind=draft.kind,
            front=draft.front,
            back=draft.back,
            key=draft.key,
            source=Source(article.path, draft.line, draft.heading),
            tags=article.tags,
            confidence=round(draft.confidence, 3),
        )
        for draft in chosen
        if keeps_contract(draft.kind, draft.front, draft.back)
    ]
