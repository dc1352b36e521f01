"""Evidence about a candidate card, as named features in [0, 1] for the scorer.

Feature names are ``group:name``; groups: ``src`` (which pattern proposed it), ``t``
(the term's shape), ``p`` (the term's words: part of speech and everyday frequency),
``b`` (what the body starts with, how long it is), ``w`` (where it stands: list item,
first sentence, heading) and ``a`` (the article: does the term recur, is it in a heading).
Only candidate terms and the first words of their bodies are tagged, never sentences.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from flashnotes.extract import lexicon
from flashnotes.extract.inline import unmasked
from flashnotes.extract.text import cjk_count

Features = dict[str, float]

_KIND_OF = re.compile(
    r"^\s*(?:一种|一类|一个|一组|一套|一系列|某种|一门|a\s+(?:kind|type|class|family|form|set|method|way|measure)\s+of\b)",
    re.I,
)
_ARTICLE = re.compile(r"^\s*(?:an?|the)\s", re.I)
_DIGIT = re.compile(r"\d")
_UPPER_RUN = re.compile(r"[A-Z]{2,}")
_PUNCT = re.compile(r"[,;:!?，；：！？、/|·]")
_LY = re.compile(r"\b[A-Za-z]{3,}ly\b")
_ENDS = "。.;；，,!！:：)）"
_FUNCTION = ("v", "d", "c", "p", "r", "u", "m", "num")
_GRAMMAR = frozenset({"d", "c", "p", "r", "u", "m", "num", "t"})
_HEADS = frozenset({"n", "vn", "x", "en", "g"})
_DEFINING = frozenset(
    {"src:zh_zhi", "src:zh_define", "src:en_defined", "src:en_refers", "src:zh_naming", "src:en_naming"}
)
_SPACE = re.compile(r"\s+")


def norm(text: str) -> str:
    """NFKC, case-folded, without white space or emphasis: how terms are compared."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).casefold().replace("*", "")


def _bucket(value: int, edges: Iterable[int], name: str, out: Features) -> None:
    label = "0"
    for edge in edges:
        if value >= edge:
            label = str(edge)
    out[f"{name}{label}"] = 1.0


def term_features(core: str, alias: str, *, before: str = "", emphasised: bool = False, cut: bool = False) -> Features:
    """The term's shape and words; ``before`` is the text just before it in its clause."""
    plain = unmasked(core).strip()
    out = _shape_features(plain)
    if alias:
        out["t:alias"] = 1.0
    if emphasised:
        out["t:emph"] = 1.0
    if cut:
        out["t:cut"] = 1.0
    if len(plain) != len(core.strip()):
        out["t:code"] = 1.0
    out.update(_word_features(plain, "p"))
    if before:
        prev = lexicon.tag(before[-6:])
        if prev:
            out[f"t:prev_{prev[-1].cls}"] = 1.0
    return out


def _shape_features(plain: str) -> Features:
    out: Features = {}
    cjk = cjk_count(plain)
    words = len(re.findall(r"[A-Za-z]+", plain))
    _bucket(cjk, (1, 3, 5, 9), "t:cjk", out)
    _bucket(words, (1, 2, 4), "t:words", out)
    if cjk and words:
        out["t:mixed"] = 1.0
    if _DIGIT.search(plain):
        out["t:digit"] = 1.0
        if plain[-1:].isdigit() or plain[:1].isdigit():
            out["t:digit_edge"] = 1.0
    if _UPPER_RUN.search(plain):
        out["t:acronym"] = 1.0
    if not cjk and plain[:1].isupper():
        out["t:upper_start"] = 1.0
    if _PUNCT.search(plain):
        out["t:punct"] = 1.0
    if _LY.search(plain):
        out["t:ly"] = 1.0
    return out


def _word_features(plain: str, group: str) -> Features:
    tokens = lexicon.tag(plain)
    out: Features = {}
    if not tokens:
        return out
    out[f"{group}:first_{tokens[0].cls}"] = 1.0
    if tokens[0].cls == "v" and tokens[0].zipf >= 4.8 and len(tokens) > 1:
        out[f"{group}:verb_opener"] = 1.0
    out[f"{group}:last_{tokens[-1].cls}"] = 1.0
    for token in tokens:
        if token.cls in _FUNCTION:
            out[f"{group}:has_{token.cls}"] = 1.0
    out[f"{group}:tokens"] = min(len(tokens), 6) / 6
    known = [t.zipf for t in tokens if t.cls not in ("x", "en", "num")]
    oov = sum(1 for t in tokens if t.cls in ("x", "en"))
    out[f"{group}:oov"] = oov / len(tokens)
    if known:
        out[f"{group}:common"] = max(known) / 7
        out[f"{group}:rare"] = min(known) / 7
    if len(tokens) == 1 and known and known[0] >= 4.5:
        out[f"{group}:one_common_word"] = 1.0
    if any(t.cls in _GRAMMAR for t in tokens):
        out[f"{group}:grammar"] = 1.0
    elif tokens[-1].cls in _HEADS:
        out[f"{group}:clean"] = 1.0
    return out


def body_features(body: str) -> Features:
    """What the defining part says first and how long it is."""
    plain = unmasked(body).strip()
    out: Features = {}
    if _KIND_OF.match(plain):
        out["b:kind_of"] = 1.0
    elif _ARTICLE.match(plain):
        out["b:article"] = 1.0
    _bucket(len(plain), (8, 20, 60, 150), "b:len", out)
    bare = plain.rstrip(_ENDS)
    if bare.endswith("的"):
        out["b:ends_de"] = 1.0
    if bare.endswith(("之一", "one of them")):
        out["b:one_of"] = 1.0
    if plain.endswith((":", "：")):
        out["b:colon_end"] = 1.0
    if _DIGIT.match(plain):
        out["b:digit_start"] = 1.0
    tail = lexicon.tag(bare[-6:]) if bare else []
    if tail and tail[-1].cls in _HEADS and "的" in bare[-12:-1]:
        out["b:genus"] = 1.0
    head = lexicon.tag(plain[:6])
    if head and head[0].cls not in ("x", "en", "num") and head[0].zipf >= 5.5:
        out["b:first_common"] = 1.0
    return out


def definition_features(
    source: str, core: str, alias: str, body: str, *, sentence: int = 0, before: str = "", emphasised: bool = False,
    cut: bool = False,
) -> Features:  # fmt: skip
    """Every local feature of one definition candidate; ``sentence`` is its sentence's number in the block."""
    out: Features = {f"src:{source}": 1.0}
    out.update(term_features(core, alias, before=before, emphasised=emphasised, cut=cut))
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
