"""Tests of review sessions as real processes: SIGKILL mid-session, a concurrent build, a real terminal."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pexpect
import pytest

from flashnotes.collection import Collection
from flashnotes.review.memory import LogEntry
from flashnotes.review.store import Reviews
from flashnotes.review.termtable import width
from tests.helpers import Project, built_project

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return built_project(tmp_path / "proj", T0)


def _env() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", "FLASHNOTES_NOW": T0.isoformat(), "FLASHNOTES_TIMEZONE": "UTC"}


def _read_until(proc: subprocess.Popen[str], prefix: str, timeout: float = 60) -> list[str]:
    """Read stdout lines until one starts with ``prefix``; a process silent for ``timeout`` s is killed.

    Plain blocking reads with a watchdog: waiting on the descriptor with ``select`` missed a
    line that arrived together with the previous one (it sat in the pipe object's buffer).
    """
    assert proc.stdout is not None
    lines: list[str] = []
    watchdog = threading.Timer(timeout, proc.kill)
    watchdog.start()
    try:
        while line := proc.stdout.readline():
            lines.append(line.rstrip("\n"))
            if line.startswith(prefix):
                return lines
    finally:
        watchdog.cancel()
    raise AssertionError(f"no line starting with {prefix!r}; got {lines}")


def _start_review(project: Project) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "flashnotes", "review"],
        cwd=project.root,
        env=_env(),
        text=True,
        bufsize=1,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _answer(proc: subprocess.Popen[str], command: str) -> str:
    assert proc.stdin is not None
    proc.stdin.write(command + "\n")
    proc.stdin.flush()
    return _read_until(proc, "answered")[-1]


def test_sigkill_loses_no_given_answer(project: Project) -> None:
    """Answers given before kill -9 are all in the log, and the database passes integrity_check."""
    proc = _start_review(project)
    try:
        _read_until(proc, "front:")
        answered = [_answer(proc, grade).split()[1] for grade in ("good", "again", "easy")]
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=10)
        assert proc.returncode == -signal.SIGKILL
    finally:
        proc.kill()
        proc.communicate()
    with Collection(project.root / ".flashnotes" / "collection.sqlite3") as col:
        assert col.integrity_ok()
        assert [e.card_id for e in Reviews(col).log()] == answered


def test_build_runs_while_a_review_session_holds_the_collection(project: Project) -> None:
    """flashnotes build succeeds during an open review session, and the session goes on afterwards."""
    proc = _start_review(project)
    try:
        _read_until(proc, "front:")
        first = _answer(proc, "good").split()[1]
        article = project.root / "notes" / "opt.md"
        article.write_text(article.read_text(encoding="utf-8") + "\n牛顿法是一种二阶优化方法。\n", encoding="utf-8")
        build = subprocess.run(
            [sys.executable, "-m", "flashnotes", "build"],
            cwd=project.root,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert build.returncode == 0, build.stderr
        assert build.stdout.splitlines()[1].split()[1] == "1"  # one card added
        second = _answer(proc, "good").split()[1]
        assert proc.stdin is not None
        proc.stdin.write("quit\n")
        proc.stdin.flush()
        out, err = proc.communicate(timeout=20)
        assert proc.returncode == 0, err
        assert "summary answered=2" in out
    finally:
        proc.kill()
        proc.communicate()
    with Collection(project.root / ".flashnotes" / "collection.sqlite3") as col:
        assert [e.card_id for e in Reviews(col).log()] == [first, second]
        assert col.integrity_ok()


@contextmanager
def _terminal_review(project: Project, columns: int = 100) -> Iterator[pexpect.spawn]:
    """``flashnotes review`` in a real pseudo-terminal, closed afterwards whatever happens."""
    child = pexpect.spawn(
        sys.executable,
        ["-m", "flashnotes", "review"],
        cwd=str(project.root),
        env=_env(),
        encoding="utf-8",
        timeout=20,
        dimensions=(30, columns),
    )
    try:
        yield child
    finally:
        child.close(force=True)


def _log(project: Project) -> list[LogEntry]:
    with Collection(project.root / ".flashnotes" / "collection.sqlite3") as col:
        return Reviews(col).log()


def test_terminal_interface_reveal_grade_undo_quit(project: Project) -> None:
    """In a real pseudo-terminal: the front shows, space reveals, a digit grades, u undoes, q quits."""
    with _terminal_review(project) as child:
        child.expect("什么是动量法")
        child.expect("space reveal")
        child.send(" ")
        child.expect("加速收敛的方法")
        child.expect(r"\[3\] good 10m")
        child.send("3")
        child.expect("什么是学习率")
        child.send("u")
        child.expect("什么是动量法")
        child.send("q")
        child.expect("Reviewed 0 cards · again 0%")
        child.expect(pexpect.EOF)
    assert _log(project) == []


def test_keys_typed_ahead_are_not_lost(project: Project) -> None:
    """Keys typed faster than the screen redraws are all acted on (the terminal is not flushed between keys)."""
    with _terminal_review(project) as child:
        child.expect("什么是动量法")
        child.send(" 3 3 3q")
        child.expect("Reviewed 3 cards")
        child.expect(pexpect.EOF)
    assert len(_log(project)) == 3


def test_terminal_screen_holds_at_fifty_columns(project: Project) -> None:
    """In a 50-column terminal every line the screen writes fits, the answer and buttons included."""
    seen = io.StringIO()
    with _terminal_review(project, columns=50) as child:
        child.logfile_read = seen
        child.expect("什么是动量法")
        child.send(" ")
        child.expect("q quit")
        child.send("q")
        child.expect(pexpect.EOF)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.getvalue())
    lines = [line for line in re.split(r"\r?\n", text) if line.strip()]
    assert any("[1] again" in line for line in lines) and any("this deck" in line for line in lines)
    assert max(width(line) for line in lines) <= 50, lines


def test_an_editor_that_cannot_start_says_so_on_the_redrawn_screen(project: Project) -> None:
    """`e` with a missing editor shows why under the redrawn card (not printed and wiped at once), then goes on."""
    seen = io.StringIO()
    env = {**_env(), "VISUAL": "/nonexistent/editor", "EDITOR": ""}
    child = pexpect.spawn(sys.executable, ["-m", "flashnotes", "review"], cwd=str(project.root), env=env,
                          encoding="utf-8", timeout=20, dimensions=(30, 100))  # fmt: skip
    try:
        child.logfile_read = seen
        child.expect("什么是动量法")
        child.send("e")
        child.expect("(?i)cannot start the editor '/nonexistent/editor'")
        child.send("q")
        child.expect("Reviewed 0 cards")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    screens = [part for part in re.split(r"\x1b\[2J", seen.getvalue()) if "q quit" in part]
    assert "cannot start the editor" in screens[-1].lower()
