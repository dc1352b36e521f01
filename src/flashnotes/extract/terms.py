"""What a definition's term may be: the subject scan back from a definitor and the checks on its shape.

Shared by the definition rules in :mod:`flashnotes.extract.definitions`; like them it works
on masked prose (math and code hidden).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from flashnotes.extract.draft import Draft
from flashnotes.extract.inline import is_masked, render, strip_emphasis, unmasked
from flashnotes.extract.prose import SOFT_BREAK, Prose
from flashnotes.extract.text import cjk_count, has_cjk, is_cjk
from flashnotes.model import Kind

RANK_DEFINITOR = 1
RANK_GLOSSARY = 2
RANK_NAMING = 3
RANK_HEADING = 4

_HARD_STOP = frozenset("。！？；!?;，,、：:（(）)「」『』【】《》<>…—\n|")
_GLOSS_START = frozenset("。！？；!?;\n")
_ALIAS_TAIL = re.compile(r"\s*[（(]([^（）()]{1,60})[)）]\s*$")
_QUOTES = "“”\"'‘’「」『』《》*_"
_EMPHASIS_TAIL = re.compile(r"(?P<em>\*\*|__)(?P<term>[^*\n]{1,60}?)(?P=em)\s*$")

_LEADING = re.compile(
    r"^(?:而且|而|但是|但|并且|且|那么|所以|因此|因而|其中|另外|此外|首先|其次|最后|同时|然而|当然|总之|"
    r"简而言之|一般来说|通常来说|简单来说|简单地说|简单的说|具体来说|具体地说|所谓的|所谓|即|"
    r"and |but |so |thus |hence |then |also )+",
    re.I,
)
_PRONOUN_ZH = re.compile(
    r"^(?:这|那|它|其|该|此|本|我|你|他|她|咱|上述|以上|下面|如下|前者|后者|每|一个|一种|一些|有些|有的|"
    r"任何|所有|很多|许多|大多数|大部分|某|各|两者|二者|人们|大家|作者|笔者|读者|同学)"
)
_PREPOSITION_ZH = re.compile(
    r"^(?:对于|关于|由于|因为|如果|假如|假设|虽然|尽管|为了|根据|通过|鉴于|随着|除了|当|若|在(?:这|那|此|该|本))"
)
_CLAUSE_ZH = re.compile(
    r"的时候|如果|因为|所以|可以|能够|需要|应该|已经|正在|我们|你们|他们|没有|只有|使用|进行|认为|觉得|"
    r"发现|知道|看到|得到|提出|包含|包括|采用|利用|属于|作为|成为|变成|等于|一下|起来|出来|下来|"
    r"什么|怎么|如何|哪|这|那|很|非常|十分|比较|更|太|只能|只有|是|首先|然后|其次|另一|另外"
)
_FUNCTION_START = re.compile(
    r"^(?:的|地|得|了|和|与|或|及|是|在(?!线)|把|被|将|从|而|但|也|都|就|还|又|并|再|否则|于是|然后|接着|"
    r"请|让|试|要|需要|应|应该|可以|个|最|常见的|常用的|另|较|特别|尤其|主要|只|仅)"
)
_ENUMERATED = re.compile(r"(?:公式|方法|步骤|解法|思路|写法|示例|例|阶段|部分|第.)[一二三四五六七八九十\d]+$")
_VARIABLE = re.compile(r"^(?:[a-z]{1,2}|.*[_^\\].*|[\u0370-\u03ff][\w]*)$")
_STOP_HEAD_ZH = re.compile(
    r"(?:层面|角度|优点|缺点|优势|劣势|目的|作用|区别|关键|核心|原因|好处|坏处|难点|问题|思路|思想|结果|贡献|意义|特点|"
    r"前提|答案|步骤|目标|任务|重点|难度|本质|原理|要点|一点|部分|动机|想法|缺陷|局限|不同|差异|联系|关系|"
    r"用途|用处|影响|效果|例子|方面|情况|一步|条件|办法|做法|理由|方向|趋势|总结|结论|主要|根本|实质)$"
)
_LABELS = frozenset(
    [
        "注意",
        "注",
        "提示",
        "示例",
        "例",
        "例如",
        "比如",
        "输入",
        "输出",
        "解释",
        "说明",
        "总结",
        "一句话总结",
        "小结",
        "参考",
        "参考资料",
        "参考文献",
        "备注",
        "优点",
        "缺点",
        "标签",
        "分类",
        "难度",
        "频率",
        "关键词",
        "关键字",
        "时间",
        "空间",
        "时间复杂度",
        "空间复杂度",
        "复杂度",
        "相关概念",
        "相关内容",
        "相关题目",
        "补充",
        "补充知识",
        "引言",
        "背景",
        "方法",
        "结论",
        "摘要",
        "概述",
        "动机",
        "实验",
        "结果",
        "讨论",
        "简介",
        "介绍",
        "前言",
        "代码",
        "答案",
        "问题",
        "题目",
        "思路",
        "解法",
        "解答",
        "方法一",
        "方法二",
        "除此之外",
        "此外",
        "另外",
        "总之",
        "因此",
        "所以",
        "其中",
        "首先",
        "其次",
        "最后",
        "同时",
        "然后",
        "接着",
        "比较",
        "对比",
        "步骤",
        "原因",
        "目的",
        "作用",
        "特点",
        "效果",
        "来源",
        "链接",
        "地址",
        "论文",
        "论文名称",
        "论文地址",
        "代码地址",
        "作者",
        "日期",
        "版本",
        "提示",
        "进阶",
        "前提",
        "记一句",
        "口诀",
        "记忆口诀",
        "核心思路",
        "要点",
        "note",
        "notes",
        "example",
        "examples",
        "input",
        "output",
        "explanation",
        "tip",
        "tips",
        "warning",
        "caution",
        "summary",
        "tldr",
        "tl;dr",
        "reference",
        "references",
        "source",
        "sources",
        "see",
        "also",
        "answer",
        "question",
        "hint",
        "proof",
        "solution",
        "step",
        "remark",
        "introduction",
        "background",
        "method",
        "methods",
        "conclusion",
        "abstract",
        "overview",
        "motivation",
        "experiments",
        "results",
        "discussion",
        "update",
        "edit",
        "code",
        "paper",
        "link",
        "definition",
        "theorem",
        "lemma",
    ]
) | {"related work", "related works", "see also", "further reading", "future work", "key takeaways"}
_PRONOUN_EN = re.compile(
    r"^(?:it|this|that|these|those|they|we|there|here|such|each|every|one|our|its|his|her|their|you|i|"
    r"which|what|how|why|another|some|many|most|all|both|either|neither|he|she|in|on|at|for|from|with|"
    r"by|as|if|when|while|because|since|although|however|thus|hence|so|then|now|also|note|for example)\b",
    re.I,
)
_VERB_EN = re.compile(
    r"\b(?:is|are|was|were|be|been|can|could|will|would|should|shall|has|have|had|do|does|did|may|might|must|"
    r"we|you|they|it)\b",
    re.I,
)
_STOP_HEAD_EN = re.compile(
    r"\b(?:drawback|drawbacks|advantage|advantages|disadvantage|problem|problems|goal|aim|idea|ideas|reason|key|"
    r"result|results|point|purpose|benefit|challenge|difference|contribution|intuition|trick|question|answer|"
    r"solution|approach|way|case|example|thing|part|step|issue|main|first|second|last|rest|former|latter|"
    r"same|following|above|below|output|input|value|values|number|figure|table|section|chapter|paper|"
    r"article|post|name|idea)$",
    re.I,
)
_BAD_ADJ_EN = re.compile(
    r"^(?:good|great|bad|nice|big|huge|key|major|minor|simple|hard|difficult|easy|very|popular|common|lot|"
    r"bit|little|few|must|natural|useful|powerful|important|crucial|special|typical|better|worse|best|"
    r"worst|little|long|short|small|large|new|old|same|different|fun|pain|problem|question|result|"
    r"case|matter|consequence|reason|way of saying|trade-off|tradeoff)\b",
    re.I,
)
_BODY_BAD_ZH = re.compile(
    r"^(?:否|不|由|从|为了|因为|由于|如何|怎么|什么|非常|很|十分|相当|比较|最|特别|极其|多少|谁|哪|可以|能|会|"
    r"要|有|没|对|一样|相同|类似|把|将|让|使|\d+\s*年)"
)
_BAD_BEFORE_SHI = frozenset("但可还于总凡若要只而正都也更却才像算不或便倒硬老真自仍还就都能会该应须得否")
_PLACEHOLDER = re.compile(r"\[(?:公式|math|Math|MATH|图片|图|image)\]")
_URL = re.compile(r"https?://\S+|www\.\S+")

_ZH_DEFINITOR = re.compile(
    r"(?P<adv>实际上|其实|本质上|事实上|实际|则|(?<!也)就(?!是))?"
    r"(?P<verb>就是指|是指|指的是|就是|即是|即为|被定义为|定义为|可以定义为|是(?!否|不是)|"
    r"(?<![手食中拇])指(?![出定向标数令针导南示明引代挥])|又称为|又称作|又称|也称为|也称作|也称|也叫做|也叫作|也叫|"
    r"也被称为|亦称为|亦称)"
)
_ALIAS_VERBS = (
    "又称为",
    "又称作",
    "又称",
    "也称为",
    "也称作",
    "也称",
    "也叫做",
    "也叫作",
    "也叫",
    "也被称为",
    "亦称为",
    "亦称",
)
_ZH_NAMING = re.compile(r"(?<![名简又也亦被])(?:被)?(?:称之为|称为|称作|叫做|叫作|命名为|(?<![不也又])叫(?=[“\"「*]))")
_EN_DEF = re.compile(
    r"\s(?:(?:is|are)\s+(?:formally\s+)?defined\s+as|refers?\s+to|denotes|(?:is|are)\s+(?:an?|the)(?=\s)|"
    r"is\s+a\s+(?:type|kind|class|family|form)\s+of)\s+",
    re.I,
)
_EN_AKA = re.compile(r"\s*,\s*(?:also\s+)?(?:known|called|referred\s+to)\s+as\s+([^,]{1,60}),\s*$", re.I)
_EN_NAMING = re.compile(
    r"(?:\bcalled|\bknown\s+as|\breferred\s+to\s+as|\brefers?\s+(?:to\s+)?(?:\S+\s+){0,3}?as|\btermed|\bnamed|"
    r"\bwe\s+call\s+(?:\S+\s+){0,3}?|\bdefin(?:e|es|ed|ing)(?:\s+\S+){0,3}?(?:\s+as)?|\bso-called)"
    r"\s+(?:the\s+|an?\s+)?(?P<em>\*\*|\*|_)(?P<term>[^*_\n]{1,60}?)(?P=em)",
    re.I,
)
_EMPHASIS_TERM = re.compile(r"(?<![\w*])(?P<em>\*\*|\*|_)(?P<term>[^*_\n]{1,60}?)(?P=em)(?![\w*])")


@dataclass(frozen=True, slots=True)
class Term:
    """A candidate term: its text without alias, the alias if any, and where it starts."""

    core: str
    alias: str
    start: int


def _strip_term(text: str) -> str:
    text = strip_emphasis(text.replace(SOFT_BREAK, "")).strip()
    return text.strip(_QUOTES + " \t").strip()


def _subject_before(
    masked: str, end: int, *, gloss: bool = False, hard: frozenset[str] = frozenset(), flat: bool = True
) -> Term | None:
    """The noun phrase that ends at ``end``: scanned back to a clause boundary (or a char in ``hard``)."""
    head = masked[:end].rstrip()
    alias = ""
    tail = _ALIAS_TAIL.search(head[-70:])
    if tail:
        alias = tail.group(1).strip()
        head = head[: len(head) - len(tail.group(0))].rstrip()
    emphasised = _EMPHASIS_TAIL.search(head[-70:])
    if emphasised:
        start = len(head) - len(emphasised.group(0)) + len(emphasised.group("em"))
        before = head[: start - len(emphasised.group("em"))].rstrip(" \t")
        if (
            gloss
            and before
            and before[-1] not in _GLOSS_START
            and before[-1] not in hard
            and not before.endswith(("-", "+", "."))
        ):
            return None
        core = _strip_term(emphasised.group("term"))
        return Term(core, _clean_alias(alias), start) if core else None
    j = len(head) - 1
    while j >= 0 and len(head) - j <= 60:
        ch = head[j]
        if ch in _HARD_STOP or ch in hard:
            break
        if ch == "." and (j + 1 >= len(head) or head[j + 1] in " \t"):
            break
        if ch in " \t" and (_cjkish(head, j - 1) or (flat and _cjkish(head, j + 1) and not is_masked(head[j - 1]))):
            break
        j -= 1
    else:
        if j >= 0:
            return None
    start = j + 1
    loose = " \t." if flat else ""
    if gloss and j >= 0 and head[j] not in _GLOSS_START and head[j] not in loose and head[j] not in hard:
        return None
    raw = head[start:]
    lead = _LEADING.match(raw)
    if lead:
        raw = raw[lead.end() :]
        start += lead.end()
    core = _strip_term(raw)
    if not core:
        return None
    return Term(core, _clean_alias(alias), start)


def _clean_alias(alias: str) -> str:
    return re.sub(r"^(?:也叫做?|又称为?|也称为?|亦称|即|或|简称|英文|英语)\s*[:：]?\s*", "", _strip_term(alias))


def _cjkish(text: str, i: int) -> bool:
    if i < 0 or i >= len(text):
        return False
    ch = text[i]
    return is_cjk(ch) or ch in "。，、；：？！“”（）"


def _latin_words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'\-+./]*", text))


def valid_term(core: str, *, allow_code: bool = False) -> bool:
    """Whether ``core`` looks like a term: a short noun phrase, not a pronoun or a clause."""
    plain = unmasked(core).strip()
    if not plain and not allow_code:
        return False
    cjk = cjk_count(plain)
    words = _latin_words(plain)
    if cjk > 16 or words > 6 or (cjk == 0 and words == 0) or (cjk == 1 and words == 0):
        return False
    if not allow_code and (is_masked(core[0]) or (cjk < 2 and any(is_masked(ch) for ch in core))):
        return False
    if plain.isdigit() or _VARIABLE.match(plain) or core.lower() in _LABELS or plain.lower() in _LABELS:
        return False
    if _PLACEHOLDER.search(core) or _URL.search(core) or "=" in core:
        return False
    if cjk:
        return _valid_chinese(plain)
    return _valid_english(plain)


def _valid_chinese(plain: str) -> bool:
    return not (
        _PRONOUN_ZH.match(plain)
        or _PREPOSITION_ZH.match(plain)
        or _CLAUSE_ZH.search(plain)
        or _FUNCTION_START.match(plain)
        or _ENUMERATED.search(plain)
        or plain.endswith(("的", "了", "地", "得", "着", "过"))
        or _STOP_HEAD_ZH.search(plain)
        or _BAD_TAIL_ZH.search(plain)
    )


def _valid_english(plain: str) -> bool:
    head = re.split(r"\s+of\s+", plain)[0]
    return not (_PRONOUN_EN.match(plain) or _VERB_EN.search(plain) or _STOP_HEAD_EN.search(head.rstrip(".")))


_BAD_TAIL_ZH = re.compile(r"[有为如即在是]$|如下$|以下$|包括$|分别$|例如$|比如$")


def _body_ok(body: str) -> bool:
    plain = _URL.sub("", unmasked(body)).strip(" ，,。.;；:：")
    if _PLACEHOLDER.fullmatch(plain.strip()) or not plain:
        return False
    return cjk_count(plain) >= 2 or _latin_words(plain) >= 2


def _asks(sentence: str) -> bool:
    return sentence.rstrip().rstrip("”\"'）)*_ ").endswith(("?", "？"))


def _question(term: str, context: str = "") -> str:
    return f"什么是{term}？" if has_cjk(term) or has_cjk(context) else f"What is {term}?"


def _key(term: Term) -> str:
    if not term.alias:
        return term.core
    space = " " if term.core[-1:].isascii() and term.core[-1:].isalnum() else ""
    return f"{term.core}{space}({term.alias})"


def _sentence_spans(prose: Prose) -> list[tuple[int, int]]:
    return prose.sentence_spans()


def _sentence_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    # spans are sorted and disjoint: a binary search, not a scan per match
    i = bisect_right(spans, (pos, _AFTER)) - 1
    if i >= 0 and pos < spans[i][1]:
        return spans[i]
    return (0, 0) if not spans else spans[-1]


_AFTER = 1 << 62


def _clause_end(masked: str, start: int, end: int) -> int:
    """Where a definition body ends: the sentence end, or a ``，而`` that starts another."""
    cut = re.search(r"[，,]\s*(?:而|但)", masked[start:end])
    return start + cut.start() if cut else end


def _draft(prose: Prose, term: Term, span: tuple[int, int], rank: int, heading: tuple[str, ...]) -> Draft:
    key = _render_masked(prose, _key(term))
    back = prose.text(*span)
    return Draft(Kind.DEFINITION, key, _question(key, back), back, prose.line_at(span[0]), heading, rank)


def _render_masked(prose: Prose, masked: str) -> str:
    return render(masked.replace(SOFT_BREAK, ""), prose.spans)
