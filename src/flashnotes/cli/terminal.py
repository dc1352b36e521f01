"""The interactive review screen: single keys, redraws, the editor."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from pathlib import Path

from flashnotes.cli.common import (
    Clock,
    intervals,
    use_color,
)


@contextmanager
def _keyboard() -> Iterator[Callable[[], str]]:
    """Single keys for the whole session: the terminal stays in cbreak mode, so no keystroke typed
    between two screens is lost (switching modes per key would flush typed-ahead input)."""
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd, termios.TCSANOW)

    def read_key() -> str:
        data = os.read(fd, 1)
        while data and data[0] >= 0x80 and len(data) < 4:
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                data += os.read(fd, 1)
        return data.decode("utf-8", "replace")

    try:
        yield read_key
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def tty_loop(driver: Any, clock: Clock, root: Path) -> None:
    """Single keys on a terminal; the screen is redrawn after each."""
    with _keyboard() as read_key:
        _tty_session(driver, clock, root, read_key)


def _tty_session(driver: Any, clock: Clock, root: Path, read_key: Callable[[], str]) -> None:
    import time

    from flashnotes.errors import ReviewError
    from flashnotes.review.protocol import Action, parse

    notice = None  # shown under the card until the next key (a redraw would wipe a plain print)
    while (due := driver.advance(clock.now())) is not None:
        shown = time.monotonic()
        while True:
            _draw(driver, due, clock.now(), notice)
            notice = None
            key = read_key()
            if key in ("", "\x04"):
                return
            try:
                command = parse(" " if key in ("\r", "\n") else key)
            except ReviewError:
                continue
            if command.action is Action.GRADE and not driver.revealed:
                command = parse("reveal")  # a grade key before the answer is shown just shows it
            event = driver.handle(command, clock.now(), min(60_000, int((time.monotonic() - shown) * 1000)))
            if event.kind.value == "edit":
                notice = _open_editor(root / due.studied.card.source.path, due.studied.card.source.line)
            if event.kind.value == "quit":
                return
            if event.ends_card:
                break


def _draw(driver: Any, due: Any, now: datetime, notice: str | None = None) -> None:
    import shutil

    from flashnotes.review.termui import Screen, card_text, screen

    session, revealed, raw = driver.session, driver.revealed, driver.raw
    card = due.studied.card
    left = session.left(now)
    view = Screen(
        deck=due.studied.deck,
        decks=len(session.decks),
        left=(left.learning, left.review, left.new),
        queue=due.queue.value,
        leech=due.studied.state.memory.leech,
        front=card_text(card.front, raw),
        back=card_text(card.back, raw) if revealed else None,
        intervals=intervals(session, due, now) if revealed else {},
        where=f"{card.source.path}:{card.source.line}",
        raw=raw,
    )
    color = use_color()
    click.clear()
    for text, style in screen(view, min(100, shutil.get_terminal_size((80, 24)).columns - 1)):
        click.echo(click.style(text, **_STYLES[style.value]) if text and color is not False else text, color=color)
    if notice:
        click.echo(click.style(notice, **_STYLES["alert"]) if color is not False else notice, color=color)


_STYLES: dict[str, dict[str, Any]] = {
    "plain": {},
    "head": {"fg": "cyan"},
    "alert": {"fg": "red", "bold": True},
    "bold": {"bold": True},
    "dim": {"dim": True},
}


def _open_editor(path: Path, line: int) -> str | None:
    """Open ``path`` at ``line`` in the user's editor; what went wrong, if it could not start."""
    import shlex
    import subprocess
    import termios

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd = sys.stdin.fileno()
    mode = termios.tcgetattr(fd)
    cooked = termios.tcgetattr(fd)
    cooked[3] |= termios.ICANON | termios.ECHO
    termios.tcsetattr(fd, termios.TCSADRAIN, cooked)
    try:
        subprocess.call([*shlex.split(editor), f"+{line}", str(path)])
    except (OSError, ValueError) as exc:  # ValueError: shlex on an unbalanced quote
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        return f"Cannot start the editor '{editor}' ({reason}): set $VISUAL or $EDITOR to your editor's command."
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, mode)
    return None
