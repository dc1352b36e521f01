"""Evidence about a candidate card, as named features in [0, 1] for the scorer.

Feature names are ``group:name``; groups: ``src`` (which pattern proposed it), ``t``
(the term's shape), ``p`` (the term's words: part of speech and everyday frequency),
``b`` (what the body starts with, how long it is), ``w`` (where it stands: list item,
first sentence, heading) and ``a`` (the article: does the term recur, is it in a heading).
Only candidate terms and the first words of their bodies are tagged, never sentences.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from flashnotes.extract import lexicon
from flashnotes.extract.inline import unmasked
from flashnotes.extract.patterns import lazy
from flashnotes.extract.terms import BRACKET_TAIL, ends_in_bracket
from flashnotes.extract.text import cjk_count, nfkc

Features = dict[str, float]

_KIND_OF = lazy(
    r"^\s*(?:一种|一类|一个|一组|一套|一系列|某种|一门|a\s+(?:kind|type|class|family|form|set|method|way|measure)\s+of\b)",
    re.I,
)
_ONE_OF = lazy(r"^\s*(?:一个|一组|一套|一系列|一项)")
_GENUS = lazy(r"的([\u4e00-\u9fff]{1,6})$")  # "…的优化方法": the clause ends in a head noun after 的
_CLAUSE = lazy(r"[，,。；;：:！？!?]")
_ARTICLE = lazy(r"^\s*(?:an?|the)\s", re.I)
_DIGIT = lazy(r"\d")
_LATIN_WORD = lazy(r"[A-Za-z][A-Za-z]*")  # [A-Za-z]+ with a class first: the engine skips to it in C
# \b[A-Z][A-Z0-9]{1,7}\b with its first letter before the boundary test: the engine skips to it in C
_ACRONYM = lazy(r"[A-Z](?<=\b[A-Z])[A-Z0-9]{1,7}\b")
_ENDS = "。.;；，,!！:：)）"
_FUNCTION = ("v", "d", "c", "p", "r", "u", "m", "num")
# feature names by word class, made once rather than formatted per token
_HAS = {cls: f"p:has_{cls}" for cls in _FUNCTION}
_FIRST = {
    cls: f"p:first_{cls}"
    for cls in ("n", "vn", "v", "a", "d", "c", "p", "r", "u", "m", "t", "i", "g", "x", "en", "num")
}
_GRAMMAR = frozenset({"d", "c", "p", "r", "u", "m", "num", "t"})
_HEADS = frozenset({"n", "vn", "x", "en", "g"})
_DEFINING = frozenset(
    {
        "src:zh_zhi",
        "src:zh_define",
        "src:en_defined",
        "src:en_refers",
        "src:zh_naming",
        "src:zh_call_as",
        "src:en_naming",
    }
)
_ITEM_SEP = lazy(r"[、,，/|；;]")


def norm(text: str) -> str:
    """NFKC, case-folded, without white space or emphasis: how terms are compared."""
    # str.split() splits at exactly the characters re's \s matches
    return "".join(nfkc(text).split()).casefold().replace("*", "")


Buckets = tuple[tuple[int, ...], tuple[str, ...]]


def buckets(edges: tuple[int, ...], name: str) -> Buckets:
    """Rising edges and the feature name of each bucket: ``name0`` below the first, ``name<edge>`` from each edge."""
    if list(edges) != sorted(set(edges)):
        raise ValueError(f"bucket edges must rise: {edges}")
    return edges, (f"{name}0", *(f"{name}{edge}" for edge in edges))


def _bucket(value: int, spec: Buckets, out: Features) -> None:
    """Mark the bucket ``value`` falls in: the one of the last edge it reaches (names made once, not per call)."""
    edges, names = spec
    out[names[bisect_right(edges, value)]] = 1.0


_CJK_BUCKETS = buckets((1, 3, 5, 9), "t:cjk")
_WORD_BUCKETS = buckets((1, 2, 4), "t:words")
_LEN_BUCKETS = buckets((8, 20, 60, 150), "b:len")


def term_features(core: str, alias: str, *, emphasised: bool = False, cut: bool = False) -> Features:
    """The term's shape and its words' part of speech and everyday frequency."""
    plain = unmasked(core).strip()
    out = _shape_features(plain)
    if alias:
        out["t:alias"] = 1.0
    if emphasised:
        out["t:emph"] = 1.0
    if cut:
        out["t:cut"] = 1.0
    out.update(_word_features(plain, glossed=bool(alias)))
    return out


def _shape_features(plain: str) -> Features:
    out: Features = {}
    cjk = cjk_count(plain)
    _bucket(cjk, _CJK_BUCKETS, out)
    _bucket(len(_LATIN_WORD.findall(plain)), _WORD_BUCKETS, out)
    if _DIGIT.search(plain):
        out["t:digit"] = 1.0
        if plain[-1:].isdigit() or plain[:1].isdigit():
            out["t:digit_edge"] = 1.0  # "参考1", "Case 2", "1-3 …": a numbered label
    if _ACRONYM.search(plain):
        out["t:acronym"] = 1.0
    if plain[:1].isupper() and not cjk:
        out["t:upper_start"] = 1.0
    return out


def _word_features(plain: str, *, glossed: bool = False) -> Features:
    tokens = lexicon.tag(plain)
    out: Features = {}
    if not tokens:
        return out
    out[_FIRST.get(tokens[0].cls) or f"p:first_{tokens[0].cls}"] = 1.0
    if tokens[0].cls == "v" and tokens[0].zipf >= 4.8 and len(tokens) > 1:
        out["p:verb_opener"] = 1.0  # "注意目标函数", "证明模型": an everyday verb opens a clause
    grammar = False
    for token in tokens:
        cls = token.cls
        if cls in _FUNCTION:
            out[_HAS[cls]] = 1.0
        grammar = grammar or cls in _GRAMMAR
    if len(tokens) == 1 and tokens[0].cls not in ("x", "en", "num") and tokens[0].zipf >= 4.5 and not glossed:
        # "原因", "通常", "意思": an everyday word alone is a label; but one the author glosses with its
        # name in another language ("状态(state)", "动作(action)") is a term of the subject
        out["p:one_common_word"] = 1.0
    if grammar:
        out["p:grammar"] = 1.0
    elif tokens[-1].cls in _HEADS:
        out["p:clean"] = 1.0
    return out


def body_features(body: str) -> Features:
    """What the defining part says first, how long it is, and whether it is a list of values."""
    plain = unmasked(body).strip()
    out: Features = {}
    if _KIND_OF.match(plain):
        out["b:kind_of"] = 1.0
    elif _ARTICLE.match(plain):
        out["b:article"] = 1.0
    if _genus_head(plain):
        out["b:genus"] = 1.0
    _bucket(len(plain), _LEN_BUCKETS, out)
    bare = plain.rstrip(_ENDS)
    if bare.endswith("的"):
        out["b:ends_de"] = 1.0  # "X是非常重要的": an evaluation, not a definition
    if bare.endswith(("之一", "one of them")):
        out["b:one_of"] = 1.0
    if plain.endswith((":", "：")):
        out["b:colon_end"] = 1.0
    if _DIGIT.match(plain):
        out["b:digit_start"] = 1.0
    items = [i for i in _ITEM_SEP.split(bare) if i.strip()]
    if len(items) >= 3 and sum(len(i.strip()) for i in items) / len(items) <= 8:
        out["b:enumeration"] = 1.0  # "标签：动态规划、字符串、数组": a label over a list of values
    return out


def _genus_head(plain: str) -> bool:
    """Whether the body's first clause is a noun phrase ``…的`` + head noun (``…加速收敛的优化方法``).

    A definition names the genus its term belongs to; an evaluation (``…是非常重要的``) or a
    predicate (``…是2017年提出的``) ends without one. A clause that opens with a preposition
    (``针对…的词``) or holds a perfective ``了`` (``实现了…的能力``) is a predicate or an
    adverbial, whatever noun it ends in.
    """
    stop = _CLAUSE.search(plain)
    clause = (plain[: stop.start()] if stop else plain).strip()
    if "的" not in clause:
        return False  # the genus follows a 的, which cutting a bracketed tail cannot add
    clause = BRACKET_TAIL.sub("", clause) if ends_in_bracket(clause) else clause
    head = _GENUS.search(clause)
    if head is None or "了" in clause:
        return False
    tokens = lexicon.tag(head.group(1))
    if not tokens or tokens[-1].cls not in ("n", "vn"):
        return False
    first = lexicon.tag(clause[:6])
    return bool(first) and first[0].cls != "p"


def definition_features(
    source: str, core: str, alias: str, body: str, *, sentence: int = 0, emphasised: bool = False, cut: bool = False
) -> Features:
    """Every local feature of one definition candidate; ``sentence`` is its sentence's number in the block."""
    out: Features = {f"src:{source}": 1.0}
    out.update(term_features(core, alias, emphasised=emphasised, cut=cut))
    out.update(body_features(body))
    if sentence == 0:
        out["w:first_sentence"] = 1.0
    if "p:clean" in out:
        if "b:kind_of" in out:
            out["x:clean_kind_of"] = 1.0
        if f"src:{source}" in _DEFINING:
            out["x:clean_defining"] = 1.0
        if alias or emphasised:
            out["x:clean_marked"] = 1.0
    return out
