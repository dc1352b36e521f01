"""Test helpers: a throwaway flashnotes project and a real Anki collection to import into."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

ARTICLE = """# 优化方法

动量法是一种累积历史梯度来加速收敛的方法。

学习率是每一步沿负梯度方向前进的步长。

## 为什么要做学习率衰减？

训练后期需要更小的步长，才能在极小值附近稳定下来。

更新公式为：

$$\\theta_{t+1} = \\theta_t - \\eta g_t$$

The ==bias term== shifts the decision boundary.
"""

DECK = """name: 机器学习::优化
articles:
  - notes/*.md
tags: [ml]
min_confidence: 0
"""


@dataclass
class Project:
    """A flashnotes project in a temporary folder."""

    root: Path

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")


def make_project(root: Path) -> Project:
    project = Project(root)
    project.write("decks/opt.yaml", DECK)
    project.write("notes/opt.md", ARTICLE)
    return project


def import_into(collection_path: Path, package: Path) -> Any:
    """Import a package into a real Anki collection (created if new); return the import log."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

    col = Collection(str(collection_path))
    try:
        options = ImportAnkiPackageOptions(
            merge_notetypes=True,
            with_scheduling=False,
            update_notes=ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        )
        return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options)).log
    finally:
        col.close()


def anki_notes(collection_path: Path) -> dict[str, dict[str, Any]]:
    """Every note in an Anki collection by GUID: fields, tags, mtime, deck names of its cards, note type."""
    from anki.collection import Collection

    col = Collection(str(collection_path))
    try:
        out = {}
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            decks = sorted({col.decks.name(card.did) for card in note.cards()})
            out[note.guid] = {
                "fields": list(note.fields),
                "tags": list(note.tags),
                "mod": note.mod,
                "decks": decks,
                "type": note.note_type()["name"],
                "cards": len(note.cards()),
            }
        return out
    finally:
        col.close()


def anki_note_types(collection_path: Path) -> list[str]:
    """The names of every note type in an Anki collection."""
    from anki.collection import Collection

    col = Collection(str(collection_path))
    try:
        return sorted(m["name"] for m in col.models.all())
    finally:
        col.close()


def built_project(root: Path, when: Any) -> Project:
    """A project whose deck is already built into its default collection at ``when``."""
    from flashnotes.collection import Collection
    from flashnotes.deck.build import build_deck
    from flashnotes.deck.deckfile import load_decks

    project = make_project(root)
    [deck] = load_decks(project.root)
    with Collection(project.root / ".flashnotes" / "collection.sqlite3") as col:
        build_deck(project.root, deck, col, project.root / "dist" / "opt.apkg", when)
    return project


# Fragments that open or close something: hostile inputs repeat them without balance.
HOSTILE_FRAGMENTS = [
    "$", "$$", "\\", "\\\\", "`", "``", "[", "]", "(", ")", "![", "](", "{{c1::", "}}", "==", "{%", "%}",
    "<!--", "-->", "<a ", ">", "*", "**", "_", "~~", "&", ";", ":a:", "a", " ", "\n", "\n\n", "# ",
    "\\(", "\\)", "\\[", "\\]", "\\begin{x}", "\\end{x}", "称为", "x ",
]  # fmt: skip


def work_ratio(run: Any, unit: str, size: int = 25_000, factor: int = 4, enough: float = 10.0) -> float:
    """How much more CPU time ``run`` takes on ``factor`` times the input: about ``factor`` when linear.

    Best of three at each size, measured twice, the better ratio kept, so a loaded machine
    cannot make a linear scanner look quadratic (which gives ``factor`` squared). Inputs
    handled in under 20 ms at the larger size count as linear: there is nothing to measure.
    A first ratio under ``enough`` (the tests' bound) is returned at once: the second
    measurement could only lower it, so it would not change a test's verdict, and skipping
    it halves what these tests cost.
    """
    import time

    def best(text: str) -> float:
        times = []
        for _ in range(3):
            start = time.process_time()
            run(text)
            times.append(time.process_time() - start)
        return min(times)

    small = unit * max(1, size // len(unit))
    large = small * factor
    ratios = []
    for _ in range(2):
        big = best(large)
        if big < 0.02:
            return float(factor)
        ratios.append(big / max(best(small), 1e-6))
        if ratios[-1] < enough:
            break
    return min(ratios)


def unsafe_markup(fragment: str) -> list[str]:
    """What in an HTML fragment could run code or reach out: script/link tags, on* attributes, URLs with a scheme."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "a", "iframe", "object", "embed", "style", "link", "meta", "base", "form"):
                found.append(f"<{tag}>")
            for name, value in attrs:
                lowered = (value or "").strip().lower()
                if name.startswith("on") or name in ("href", "style", "srcset", "action", "formaction"):
                    found.append(f"{tag} {name}=")
                elif name == "src" and (":" in lowered.split("/")[0] or lowered.startswith(("/", "\\"))):
                    found.append(f"{tag} src={value}")

    Finder().feed(fragment)
    return found
