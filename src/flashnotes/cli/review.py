"""`flashnotes review`: the session, driven by keys on a terminal or by one command per line."""

from __future__ import annotations

import contextlib
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from pathlib import Path

from flashnotes.cli.common import (
    CONTEXT,
    Clock,
    Settings,
    day_options,
    flat,
    review_setup,
    zone,
)
from flashnotes.cli.terminal import tty_loop


@click.command(context_settings=CONTEXT)
@click.argument("decks", nargs=-1, metavar="[DECK]...")
@click.option("--limit", type=click.IntRange(1), help="Stop after this many answers.")
@click.option("--new", "new", type=click.IntRange(0), help="New cards for this session (instead of the daily limit).")
@click.option("--cram", is_flag=True, help="Practise cards that are not due, without touching their schedule.")
@day_options
@click.pass_obj
def review(settings: Settings, /, decks: tuple[str, ...], **opts: Any) -> None:
    """Review what is due, in the terminal.

    \b
    Keys:
      space  reveal the answer           u  undo the last action
      1-4    again / hard / good / easy  s  suspend the card
      e      open the source in $EDITOR  b  bury it until tomorrow
      l      raw LaTeX on / off          q  quit, with a summary

    When standard input is not a terminal, one command per line drives the same
    session (reveal, 1-4 or again/hard/good/easy, undo, suspend, bury, edit, raw,
    now TIME, quit), for scripts and tests.

    \b
    Examples:
      flashnotes review                      # everything due in every deck
      flashnotes review attention --new 5    # one deck, at most five new cards
      flashnotes review --cram --limit 20    # practise, schedule untouched
      printf 'reveal\\ngood\\nquit\\n' | flashnotes review   # scripted
    """
    from flashnotes.collection import Collection
    from flashnotes.review.driver import Driver
    from flashnotes.review.session import Options, Session, deck_settings
    from flashnotes.review.store import Reviews
    from flashnotes.studyday import StudyDays

    root, path, chosen = review_setup(settings, decks)
    options = Options(zone(opts["zone_name"]), opts["rollover"], opts["limit"], opts["new"], opts["cram"])
    clock = Clock(settings.now)
    with Collection(path, StudyDays(options.zone, options.rollover)) as collection:
        reviews = Reviews(collection)
        names = chosen["chosen"] or reviews.decks()
        if not names:
            click.echo("Nothing to review yet: run `flashnotes build` first to put cards in the collection.")
            return
        session = Session(reviews, deck_settings(names, chosen["configured"]), options)
        interactive = sys.stdin.isatty() and sys.stdout.isatty()
        with contextlib.suppress(KeyboardInterrupt):  # every answer given so far is already committed
            (tty_loop if interactive else _protocol_loop)(Driver(session), clock, root)
        _print_summary(session, clock.now(), interactive)


def _protocol_loop(driver: Any, clock: Clock, root: Path) -> None:
    """One command per line on stdin; one line per event on stdout."""
    import time

    from flashnotes.errors import ReviewError
    from flashnotes.review.protocol import Action, parse

    while (due := driver.advance(clock.now())) is not None:
        _echo_card(driver, due, clock.now())
        shown = time.monotonic()
        while True:
            line = sys.stdin.readline()
            if not line:
                return
            try:
                command = parse(line)
            except ReviewError as exc:
                click.echo(f"error: {exc}")
                continue
            if command.action is Action.NOW:
                clock.pinned = command.when
            event = driver.handle(command, clock.now(), min(60_000, int((time.monotonic() - shown) * 1000)))
            click.echo(_describe(event, driver, clock.now()))
            if event.kind.value == "quit":
                return
            if event.ends_card:
                break


def _echo_card(driver: Any, due: Any, now: datetime) -> None:
    card = due.studied.card
    left = driver.session.left(now)
    leech = " leech" if due.studied.state.memory.leech else ""
    click.echo(
        f"card {card.id} queue={due.queue.value} deck={due.studied.deck} "
        f"left={left.learning}/{left.review}/{left.new}{leech}"
    )
    click.echo("front: " + flat(card.front, driver.raw))


def _describe(event: Any, driver: Any, now: datetime) -> str:
    """The protocol's line for one event."""
    from flashnotes.review.scheduler import format_interval

    card = event.due.studied.card
    kind = event.kind.value
    if kind == "revealed":
        spans = " ".join(f"{r.name.lower()}={format_interval(o.interval)}" for r, o in event.previews.items())
        return f"back: {flat(card.back, driver.raw)}\nintervals: {spans}"
    if kind == "answered":
        memory = event.outcome.memory
        day = None if memory.due_day is None else driver.session.days.start(memory.due_day)
        when = memory.due or day
        due_at = when.isoformat() if when else "-"
        return (
            f"answered {card.id} {event.rating.name.lower()} "
            f"interval={event.outcome.interval.total_seconds():.0f}s due={due_at}"
        )
    if kind == "nothing-to-undo":
        return "error: nothing to undo"
    if kind == "edit":
        return f"edit {card.source.path}:{card.source.line}"
    if kind == "raw":
        return "front: " + flat(card.front, driver.raw)
    if kind == "clock":
        return f"now {now.isoformat()}"
    return f"{kind} {card.id}"


def _print_summary(session: Any, now: datetime, interactive: bool) -> None:
    summary = session.summary
    nxt = session.next_due()
    if not interactive:
        click.echo(
            f"summary answered={summary.answered} again={summary.again} "
            f"seconds={summary.milliseconds / 1000:.0f} next_due={nxt.isoformat() if nxt else '-'}"
        )
        return
    from flashnotes.review.scheduler import format_interval

    when = (
        "nothing scheduled"
        if nxt is None
        else ("now" if nxt <= now else f"in {format_interval(nxt - now)} ({nxt.astimezone():%Y-%m-%d %H:%M})")
    )
    minutes, seconds = divmod(summary.milliseconds // 1000, 60)
    click.clear()
    cards = "card" if summary.answered == 1 else "cards"
    click.echo(f"Reviewed {summary.answered} {cards} · again {summary.again_rate:.0%} · time {minutes}:{seconds:02d}")
    click.echo(f"Next card due: {when}")
