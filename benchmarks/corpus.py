"""What the generated benchmark inputs are made of: the sample articles' paragraphs."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def paragraphs() -> list[str]:
    """Every paragraph of the sample articles (front matter left out), in a stable order."""
    out: list[str] = []
    for path in sorted((ROOT / "articles").rglob("*")):
        if path.suffix in (".md", ".txt"):
            text = path.read_text(encoding="utf-8")
            out.extend(p for p in text.split("\n\n") if p.strip() and not p.startswith("---"))
    return out
