"""LaTeX as readable Unicode for the terminal (an approximation; ``l`` shows the raw LaTeX).

This is the only module that imports ``pylatexenc``.
"""

from __future__ import annotations

import re

from pylatexenc.latex2text import LatexNodes2Text

_CONVERTER = LatexNodes2Text(math_mode="text", strict_latex_spaces=False)
_SUB = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_SUP = str.maketrans("0123456789+-=()nitT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵗᵀ")
_SCRIPT = re.compile(r"([_^])(?:\{([^{}]*)\}|([A-Za-z0-9]))")
_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)


def _script(m: re.Match[str]) -> str:
    body = m.group(2) if m.group(2) is not None else m.group(3)
    table = _SUB if m.group(1) == "_" else _SUP
    plain = body.replace(" ", "")
    mapped = plain.translate(table)
    # "{}" ends a preceding macro name, so \theta_t does not read as a macro called \thetaₜ
    if plain and all(a != b for a, b in zip(mapped, plain, strict=True)):
        return "{}" + mapped
    return "{}" + (f"{m.group(1)}({body})" if len(plain) > 1 else f"{m.group(1)}{body}")


def to_unicode(latex: str) -> str:
    """An approximate Unicode rendering of one formula."""
    scripted = _SCRIPT.sub(_script, latex.replace(r"\top", "T"))
    try:
        text = _CONVERTER.latex_to_text(scripted)
    except (ValueError, IndexError):  # pylatexenc gives up on some malformed input
        return latex
    return re.sub(r"[ \t]+", " ", text).strip()


def render_math(text: str, raw: bool = False) -> str:
    """Card text with every ``\\(…\\)`` and ``\\[…\\]`` shown as Unicode (or left raw)."""
    if raw:
        return text

    def convert(m: re.Match[str]) -> str:
        inline, display = m.group(1), m.group(2)
        return to_unicode(inline) if inline is not None else "\n    " + to_unicode(display) + "\n"

    return _MATH.sub(convert, text)
