"""Part of speech and everyday frequency of the words in a short phrase (a candidate term).

Chinese comes from a compact table derived from jieba's dictionary (``data/lexicon.tsv``,
MIT, notice in ``data/LICENSE-jieba.txt``; rebuilt by ``scripts/build_lexicon.py``),
segmented by jieba's own rule: the split that maximises the product of word
frequencies. The table is read lazily, the first time a Chinese phrase is tagged, and
only candidate terms are ever tagged, never whole sentences. English has no table:
its closed word classes (pronouns and the words that point into the text like them: ``next``,
``previous``, ``following``; determiners, auxiliaries, prepositions, conjunctions, connectives)
are listed here, and every other word is a content word.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from functools import cache, lru_cache

from flashnotes.extract.patterns import lazy

MAX_WORD = 4
_UNKNOWN = "x"

# jieba's tags folded into the classes the features use.
_CLASS = {
    "n": "n", "nz": "n", "ng": "n", "nt": "n", "nrt": "n", "nrfg": "n", "j": "n", "s": "n",
    "vn": "vn", "v": "v", "vg": "v", "vd": "v", "vi": "v", "vq": "v",
    "a": "a", "ag": "a", "an": "a", "b": "a", "z": "a",
    "d": "d", "ad": "d", "c": "c", "p": "p", "r": "r",
    "u": "u", "uj": "u", "uv": "u", "ul": "u", "uz": "u", "ud": "u", "ug": "u", "y": "u", "e": "u", "o": "u", "k": "u",
    "m": "m", "mq": "m", "q": "m", "t": "t", "tg": "t", "f": "t", "i": "i", "l": "i",
}  # fmt: skip

_EN_CLOSED = {
    "r": "i me my we our us you your he him his she her it its they them their this that these those "
    "which who whom whose what there here one next previous preceding following former latter aforementioned",
    "u": "a an the some any each every all both either neither no such another other "
    "is are was were be been being am can could will would shall should may might must do does did "
    "has have had not",
    "p": "of in on at by for with from to into onto over under above below about as than via per within without "
    "between",
    "c": "and or but nor so yet if when while because since although though unless whereas then thus hence "
    "therefore however moreover furthermore meanwhile otherwise instead also indeed finally first second",
}
_EN_CLASS = {word: cls for cls, words in _EN_CLOSED.items() for word in words.split()}
_RUN = lazy(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z][A-Za-z'\-]*|\d+(?:\.\d+)?")
_RUN_ASCII = lazy(r"[A-Za-z][A-Za-z'\-]*|\d+(?:\.\d+)?")  # the same on ASCII, without the slow-to-compile class


@dataclass(frozen=True, slots=True)
class Token:
    """One word: its text, coarse class (n, v, vn, a, d, c, p, r, u, m, t, i, g, x unknown, en, num) and frequency.

    ``zipf`` is log10 of occurrences per billion words in jieba's corpus (0 when unknown),
    so ordinary words score 4-7 and rare technical words 0-3.
    """

    text: str
    cls: str
    zipf: float


@cache
def _table() -> tuple[dict[str, tuple[str, str]], float]:
    # read next to this module: importlib.resources (or pathlib) would cost more at start-up than the table
    with open(os.path.join(os.path.dirname(__file__), "data", "lexicon.tsv"), encoding="utf-8") as file:
        text = file.read()
    header, _, body = text.partition("\n")
    total = float(header.split("\t")[2])
    flat = body.replace("\n", "\t").split("\t")
    return dict(zip(flat[0::3], zip(flat[1::3], flat[2::3], strict=False), strict=False)), total


def _zipf(freq: float, total: float) -> float:
    return max(0.0, math.log10(freq * 1e9 / total))


@lru_cache(maxsize=65536)
def _entry(text: str) -> tuple[float, Token] | None:
    """The cost (-log probability) and token of a dictionary word, computed once per word."""
    table, total = _table()
    raw = table.get(text)
    if raw is None:
        return None
    freq = float(raw[0])
    return math.log(total / freq), Token(text, _CLASS.get(raw[1], "g"), _zipf(freq, total))


def _segment_cjk(run: str) -> list[Token]:
    """jieba's maximum-probability split of a CJK run over the table; unknown characters merge."""
    table, total = _table()
    unknown = math.log(total)  # an unknown single character: frequency 1
    n = len(run)
    cost = [0.0] * (n + 1)
    size_at = [1] * (n + 1)
    for i in range(n - 1, -1, -1):
        best, best_size = unknown + cost[i + 1], 1
        for size in range(1, min(MAX_WORD, n - i) + 1):
            piece = run[i : i + size]
            if piece in table:  # most pieces are no word: a set test, not a memo look-up, says so
                here = _entry(piece)[0] + cost[i + size]  # type: ignore[index]
                if here < best:
                    best, best_size = here, size
        cost[i], size_at[i] = best, best_size
    tokens: list[Token] = []
    i = 0
    while i < n:
        size = size_at[i]
        piece = run[i : i + size]
        entry = _entry(piece) if piece in table else None
        if entry is not None:
            tokens.append(entry[1])
        elif tokens and tokens[-1].cls == _UNKNOWN:
            tokens[-1] = Token(tokens[-1].text + piece, _UNKNOWN, 0.0)
        else:
            tokens.append(Token(piece, _UNKNOWN, 0.0))
        i += size
    return _merge_single_runs(_opening_particle(tokens))


_ASPECT = frozenset("过着")  # aspect particles: they follow a verb, so one opening a phrase starts a word


def _opening_particle(tokens: list[Token]) -> list[Token]:
    """An aspect particle opening the phrase is the first character of an unknown word (过拟合, 过采样).

    jieba's table splits ``过拟合`` into ``过`` (particle) + ``拟合``; a particle cannot open
    a phrase, so, as jieba's HMM would, the two are read as one word it does not know.
    """
    if len(tokens) >= 2 and tokens[0].text in _ASPECT and tokens[1].cls in ("n", "v", "vn", "a"):
        return [Token(tokens[0].text + tokens[1].text, _UNKNOWN, 0.0), *tokens[2:]]
    return tokens


def _merge_single_runs(tokens: list[Token]) -> list[Token]:
    """Three or more single characters in a row, one of them unknown, are one unknown word (斐波那契).

    jieba's HMM guesses such words; a run of single characters around an unknown one is the usual sign.
    """
    out: list[Token] = []
    run: list[Token] = []
    for token in [*tokens, Token("", "", 0.0)]:
        if len(token.text) == 1:
            run.append(token)
            continue
        if len(run) >= 3 and any(t.cls in (_UNKNOWN, "g") for t in run):
            out.append(Token("".join(t.text for t in run), _UNKNOWN, 0.0))
        else:
            out.extend(run)
        run = []
        if token.text:
            out.append(token)
    return out


def word(text: str) -> Token | None:
    """The dictionary entry of one Chinese word, or None when the table does not hold it."""
    entry = _entry(text)
    return entry[1] if entry is not None else None


@lru_cache(maxsize=8192)
def tag(phrase: str) -> tuple[Token, ...]:
    """The words of a short phrase with their class and frequency (Chinese segmented, English split)."""
    out: list[Token] = []
    for m in (_RUN_ASCII if phrase.isascii() else _RUN).finditer(phrase):
        piece = m.group()
        first = piece[0]
        if first.isdigit():
            out.append(Token(piece, "num", 0.0))
        elif first.isascii():
            # after another word a capital I is a numeral (Type I error, Phase I), not the pronoun
            cls = "en" if piece == "I" and out else _EN_CLASS.get(piece.lower(), "en")
            out.append(Token(piece, cls, 6.0 if cls != "en" else 0.0))
        else:
            out.extend(_segment_cjk(piece))
    return tuple(out)
