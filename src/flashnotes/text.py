"""Text helpers shared by the parser and the extractors: clean-up, CJK, sentences."""

from __future__ import annotations

import re
import unicodedata

# Zero-width characters and the BOM, which break word matching but carry nothing.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# C0/C1 control characters other than tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Kangxi radicals and CJK radical supplements that some sites use as look-alikes.
_RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")
CJK_PUNCT = "。，、；：？！“”‘’（）《》〈〉「」『』【】…—～·"


def clean(text: str) -> str:
    """Normalise line endings and drop invisible and control characters, keeping line count."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    return _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def has_cjk(text: str) -> bool:
    """Whether the text holds any CJK ideograph."""
    return CJK_CHAR.search(text) is not None


def cjk_count(text: str) -> int:
    """How many CJK ideographs the text holds."""
    return len(CJK_CHAR.findall(text))


_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-+]*")


def word_count(text: str) -> int:
    """Latin words plus CJK ideographs counted in pairs: a rough length in 'words'."""
    return len(_WORD.findall(text)) + (cjk_count(text) + 1) // 2


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: no space between CJK neighbours, one space otherwise."""
    out = ""
    for line in lines:
        line = line.strip()
        if not out:
            out = line
        elif not line:
            continue
        elif CJK_CHAR.match(line[0]) and (CJK_CHAR.match(out[-1]) or out[-1] in CJK_PUNCT):
            out += line
        elif out[-1] in CJK_PUNCT:
            out += line
        else:
            out += " " + line
    return out


# A sentence ends after Chinese or Western terminal punctuation. A Western
# full stop only ends one when followed by white space (or the end), so that
# decimals, "e.g." inside words and file names survive.
_SENTENCE_END = re.compile(
    r"(?<=[。！？；])[”’」』)）]*"
    r"|(?<=[!?;])[\"'”’)]*(?=\s|$|[" + CJK + r"])"
    r"|(?<![A-Z][a-z])(?<!\b[a-zA-Z])(?<=\.)[\"'”’)]*(?=\s+[^a-z\s,;:])"
)


def sentences(text: str) -> list[tuple[int, str]]:
    """Split prose into (offset, sentence) pairs; each sentence keeps its end mark."""
    out: list[tuple[int, str]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if end <= start:
            continue
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((start + lead, piece.strip()))
        start = end
    tail = text[start:]
    if tail.strip():
        lead = len(tail) - len(tail.lstrip())
        out.append((start + lead, tail.strip()))
    return out


def truncate(text: str, limit: int) -> str:
    """Cut text to at most ``limit`` characters at a sentence boundary if one is near."""
    if len(text) <= limit:
        return text
    cut = 0
    for offset, sentence in sentences(text):
        end = offset + len(sentence)
        if end > limit:
            break
        cut = end
    if cut >= limit // 3:
        return text[:cut].rstrip()
    return text[: limit - 1].rstrip() + "…"
