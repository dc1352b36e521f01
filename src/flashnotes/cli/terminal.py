"""The interactive review screen: single keys, redraws, the editor."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import click

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

    while (due := driver.advance(clock.now())) is not None:
        shown = time.monotonic()
        while True:
            _draw(driver, due, clock.now())
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
                _open_editor(root / due.studied.card.source.path, due.studied.card.source.line)
            if event.kind.value == "quit":
                return
            if event.ends_card:
                break


def _draw(driver: Any, due: Any, now: datetime) -> None:
    import shutil

    from flashnotes.review.termui import buttons, card_text, wrap

    session, revealed, raw = driver.session, driver.revealed, driver.raw
    color = use_color()
    columns = min(100, shutil.get_terminal_size((80, 24)).columns - 2)
    card = due.studied.card
    left = session.left(now)
    click.clear()
    leech = click.style("  LEECH", fg="red", bold=True) if due.studied.state.memory.leech else ""
    head = (
        f"{due.studied.deck}   learning {left.learning} · review {left.review} · new {left.new}   [{due.queue.value}]"
    )
    click.secho(head, fg="cyan", color=color, nl=False)
    click.echo(leech if color is not False else ("  LEECH" if due.studied.state.memory.leech else ""))
    click.echo("")
    for line in wrap(card_text(card.front, raw), columns):
        click.echo("  " + line)
    if revealed:
        click.echo("\n  " + "─" * min(40, columns))
        for line in wrap(card_text(card.back, raw), columns):
            click.echo("  " + line)
        click.echo("")
        click.secho("  " + buttons(intervals(session, due, now)), bold=True, color=color)
    where = f"{card.source.path}:{card.source.line}"
    click.echo("")
    click.secho(f"  {where}", dim=True, color=color)
    hint = "1-4 grade" if revealed else "space reveal"
    click.secho(
        f"  {hint} · u undo · s suspend · b bury · e edit · l {'Unicode' if raw else 'raw'} LaTeX · q quit",
        dim=True,
        color=color,
    )


def _open_editor(path: Path, line: int) -> None:
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
    except OSError as exc:
        click.echo(f"cannot start the editor '{editor}' ({exc.strerror}); set $EDITOR", err=True)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, mode)
