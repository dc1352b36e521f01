"""The README's command blocks run as written: the new-project walk-through and the scripted review."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _block(after_heading: str, containing: str) -> str:
    """The first ```sh block after a heading (or paragraph) that contains ``containing``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(after_heading)
    for block in re.findall(r"```sh\n(.*?)```", text[start:], flags=re.S):
        if containing in block:
            return str(block)
    raise AssertionError(f"no sh block with {containing!r} after {after_heading!r}")


def _run(script: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HOME": str(home),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "BROWSER": "true",  # `--open` hands the page to a browser that does nothing
        "NO_COLOR": "1",
    }
    env.pop("FLASHNOTES_COLLECTION", None)
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        text=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )


def test_your_own_notes_walk_through_works_as_written(tmp_path: Path) -> None:
    """init, build, preview and review from the README succeed in a fresh home folder and make the files named."""
    result = _run(_block("## Your own notes", "flashnotes init"), tmp_path, tmp_path)
    assert result.returncode == 0, result.stderr
    notes = tmp_path / "notes"
    assert (notes / "dist" / "notes.apkg").is_file() and (notes / "dist" / "notes.html").is_file()
    assert "Nothing to review" not in result.stdout and "summary answered=0" in result.stdout


def test_scripted_review_leaves_the_repository_collection_alone(tmp_path: Path) -> None:
    """The scripted review answers a card, in a throwaway collection: nothing is written into the repository."""
    before = sorted(p.name for p in ROOT.iterdir())
    result = _run(_block("### Reviewing", "printf"), ROOT, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "answered " in result.stdout and "summary answered=1" in result.stdout
    assert sorted(p.name for p in ROOT.iterdir()) == before
