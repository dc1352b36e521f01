"""The command line: argument parsing and output only; the work happens in the core modules."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from flashnotes import __version__
from flashnotes.errors import FlashnotesError

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _color() -> bool | None:
    return False if os.environ.get("NO_COLOR") else None


class _Group(click.Group):
    """Turns every FlashnotesError into ``Error: …`` and exit 1, in this one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FlashnotesError as exc:
            raise click.ClickException(str(exc)) from None


@dataclass(frozen=True, slots=True)
class Settings:
    """Options shared by every command."""

    collection: str | None
    now: datetime | None

    def clock(self) -> datetime:
        """The pinned time, or the real clock: the only place flashnotes reads it."""
        return self.now or datetime.now(UTC)


def _parse_now(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter("use an ISO time such as 2026-03-01T09:00:00+08:00") from None
    if when.tzinfo is None:
        raise click.BadParameter("give a time zone, e.g. 2026-03-01T09:00:00Z or +08:00")
    return when.astimezone(UTC)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version")
@click.option(
    "--collection",
    envvar="FLASHNOTES_COLLECTION",
    metavar="PATH",
    help="The SQLite collection [default: .flashnotes/collection.sqlite3 at the project root; "
    "env FLASHNOTES_COLLECTION].",
)
@click.option(
    "--now",
    callback=_parse_now,
    envvar="FLASHNOTES_NOW",
    metavar="TIME",
    expose_value=True,
    help="Pin the current time (ISO 8601 with a zone) for reproducible runs [env FLASHNOTES_NOW].",
)
@click.pass_context
def main(ctx: click.Context, collection: str | None, now: datetime | None) -> None:
    """Turn articles into spaced-repetition cards, keep them through edits, review them.

    \b
    Examples:
      flashnotes extract articles/            # list the cards found in every article
      flashnotes extract notes.md --json      # JSON Lines, one card per line
      flashnotes build                        # rebuild every deck in decks/ into dist/*.apkg
      flashnotes build --dry-run              # show what a build would change
    """
    ctx.obj = Settings(collection, now)


def _warn(message: str) -> None:
    click.secho(f"Warning: {message}", fg="yellow", err=True, color=_color())


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines, one card per line.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["definition", "formula", "quiz", "cloze"]),
    help="Only cards of this kind (repeatable).",
)
def extract(paths: tuple[str, ...], as_json: bool, kinds: tuple[str, ...]) -> None:
    """Extract cards from articles (.md, .markdown, .txt files or folders of them).

    \b
    Examples:
      flashnotes extract articles/
      flashnotes extract notes.md --kind definition
      flashnotes extract articles/ --json > cards.jsonl
    """
    from flashnotes.extract.pipeline import extract as extract_cards
    from flashnotes.extract.reader import load_articles

    articles, skipped = load_articles(paths)
    for skip in skipped:
        _warn(f"skipped {skip.reason}")
    total = 0
    for article in articles:
        cards = [c for c in extract_cards(article) if not kinds or c.kind.value in kinds]
        total += len(cards)
        if as_json:
            for card in cards:
                click.echo(json.dumps(card.to_json(), ensure_ascii=False))
        else:
            _print_listing(article.path, cards)
    if not as_json:
        click.echo(f"{total} cards from {len(articles)} articles", err=True)


def _print_listing(path: str, cards: list[Any]) -> None:
    color = _color()
    click.secho(f"{path}  ({len(cards)} cards)", bold=True, color=color)
    for card in cards:
        kind = click.style(f"{card.kind.value:<10}", fg="cyan")
        click.echo(f"  {card.source.line:>5}  {kind} {_one_line(card.front, 70)}", color=color)
        click.echo(f"  {'':>5}  {'':<10} → {_one_line(card.back, 70)}")


def _one_line(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal (stderr), nothing when piped."""
    if total < 20 or not sys.stderr.isatty():
        yield lambda _n: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


@main.command(context_settings=CONTEXT)
@click.argument("decks", nargs=-1, metavar="[DECK]...")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result (or plan) as JSON.")
@click.option("--out", type=click.Path(path_type=Path), help="Folder for the packages [default: dist/].")
@click.pass_obj
def build(settings: Settings, decks: tuple[str, ...], dry_run: bool, as_json: bool, out: Path | None) -> None:
    """Regenerate decks from their articles and write Anki packages.

    Every card keeps its identity (and review history) through edits; cards that
    disappeared are retired, never deleted. DECK is a deck file's name (decks/NAME.yaml)
    or its Anki deck name; with none, every deck is built.

    \b
    Examples:
      flashnotes build                  # every deck into dist/NAME.apkg
      flashnotes build attention        # one deck
      flashnotes build --dry-run        # what would be added, changed, retired
      flashnotes build --json           # a machine-readable summary
    """
    from flashnotes.collection import Collection, default_path
    from flashnotes.deck.build import build_deck, plan_deck
    from flashnotes.deck.deckfile import find_root, load_decks, resolve_articles, select

    root = find_root(Path.cwd())
    chosen = select(load_decks(root), decks)
    now = settings.clock()
    folder = out if out is not None else root / "dist"
    total = sum(len(resolve_articles(root, d)) for d in chosen)
    results = []
    with Collection(default_path(root, settings.collection)) as collection, _progress(total, "Building") as step:
        for deck in chosen:
            if dry_run:
                results.append(plan_deck(root, deck, collection, step))
            else:
                results.append(build_deck(root, deck, collection, folder / f"{deck.slug}.apkg", now, progress=step))
    for result in results:
        for warning in result.warnings:
            _warn(warning)
    if as_json:
        click.echo(json.dumps([_build_json(r, root, dry_run) for r in results], ensure_ascii=False, indent=2))
    else:
        _print_builds(results, root, dry_run)


def _rel(path: Path | None, root: Path) -> str:
    if path is None:
        return "-"
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _build_json(result: Any, root: Path, dry_run: bool) -> dict[str, object]:
    plan = result.plan
    data: dict[str, object] = {
        "deck": result.spec.name,
        "file": result.spec.file.as_posix(),
        **plan.counts(),
        "articles": len(result.articles),
        "parsed": result.parsed,
        "package": None if dry_run else _rel(result.package, root),
        "warnings": list(result.warnings),
    }
    data["cards"] = [
        {
            "id": p.card.id,
            "change": p.change.value,
            "kind": p.card.kind.value,
            "key": p.card.key,
            "path": p.card.source.path,
            "line": p.card.source.line,
        }
        for p in plan.items
        if p.change.value != "unchanged"
    ]
    return data


def _print_builds(results: list[Any], root: Path, dry_run: bool) -> None:
    from flashnotes.review.termtable import table

    color = _color()
    if dry_run:
        for result in results:
            click.secho(f"{result.spec.name}  (dry run: nothing written)", bold=True, color=color)
            for p in result.plan.items:
                if p.change.value != "unchanged":
                    mark = {"added": "+", "changed": "~", "retired": "-"}[p.change.value]
                    where = f"{p.card.source.path}:{p.card.source.line}"
                    click.echo(
                        f"  {mark} {p.change.value:<8} {p.card.kind.value:<10} {_one_line(p.card.key, 50)}  ({where})"
                    )
    rows = []
    for r in results:
        counts = r.plan.counts()
        rows.append(
            [
                r.spec.name,
                *(str(counts[k]) for k in ("added", "changed", "retired", "unchanged")),
                f"{r.parsed}/{len(r.articles)}",
                "-" if dry_run else _rel(r.package, root),
            ]
        )
    headers = ["deck", "added", "changed", "retired", "unchanged", "parsed", "package"]
    click.echo(table(headers, rows, [False, True, True, True, True, True, False]))
    from flashnotes.deck.identity import Change

    retired = sum(len(r.plan.of(Change.RETIRED)) for r in results)
    if retired and not dry_run:
        click.echo(
            f"{retired} card(s) retired: they are in the package once more, tagged flashnotes::retired. "
            "In Anki, search tag:flashnotes::retired to find them (their review history stays in the collection)."
        )


class _Clock:
    """The session clock: pinned (--now, or moved by the protocol's ``now``) or the real one."""

    def __init__(self, pinned: datetime | None) -> None:
        self.pinned = pinned

    def now(self) -> datetime:
        return self.pinned or datetime.now(UTC)


def _day_options(fn: F) -> F:
    fn = click.option(
        "--rollover",
        type=click.IntRange(0, 23),
        default=4,
        show_default=True,
        envvar="FLASHNOTES_ROLLOVER",
        help="Hour at which a new study day starts [env FLASHNOTES_ROLLOVER].",
    )(fn)
    return click.option(
        "--timezone",
        "zone_name",
        envvar="FLASHNOTES_TIMEZONE",
        metavar="ZONE",
        help="Your time zone, e.g. Asia/Shanghai [default: the system's; env FLASHNOTES_TIMEZONE].",
    )(fn)


def _zone(name: str | None) -> Any:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not name:
        return datetime.now().astimezone().tzinfo
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(
            f"unknown time zone '{name}'; use a name like Europe/Berlin or Asia/Shanghai", param_hint="--timezone"
        ) from None


def _review_setup(settings: Settings, decks: tuple[str, ...]) -> tuple[Path, Path, dict[str, Any]]:
    """The project root, the collection path and the review settings of the chosen decks."""
    from flashnotes.collection import default_path
    from flashnotes.deck.deckfile import find_root, load_decks, select
    from flashnotes.errors import DeckError

    try:
        root = find_root(Path.cwd())
        specs = load_decks(root)
    except DeckError:
        if not settings.collection:
            raise
        root, specs = Path.cwd(), []
    configured = {d.name: d.review for d in specs}
    chosen = [d.name for d in select(specs, decks)] if decks and specs else list(decks)
    return root, default_path(root, settings.collection), {"chosen": chosen, "configured": configured}


@main.command(context_settings=CONTEXT)
@click.argument("decks", nargs=-1, metavar="[DECK]...")
@click.option("--limit", type=click.IntRange(1), help="Stop after this many answers.")
@click.option("--new", "new", type=click.IntRange(0), help="New cards for this session (instead of the daily limit).")
@click.option("--cram", is_flag=True, help="Practise cards that are not due, without touching their schedule.")
@_day_options
@click.pass_obj
def review(settings: Settings, /, decks: tuple[str, ...], **opts: Any) -> None:
    """Review what is due, in the terminal.

    Keys: space reveal · 1-4 again/hard/good/easy · u undo · s suspend · b bury until tomorrow ·
    e open the source in $EDITOR · l raw LaTeX · q quit. When standard input is not a terminal,
    one command per line drives the same session (reveal, 1-4 or again/hard/good/easy, undo,
    suspend, bury, edit, raw, now TIME, quit), for scripts and tests.

    \b
    Examples:
      flashnotes review                     # everything due in every deck
      flashnotes review attention --new 5   # one deck, at most five new cards
      flashnotes review --cram --limit 20   # practise without changing the schedule
      printf 'reveal\ngood\nq\n' | flashnotes review   # scripted
    """
    from flashnotes.collection import Collection
    from flashnotes.review.driver import Driver
    from flashnotes.review.session import Options, Session, deck_settings
    from flashnotes.review.store import Reviews

    root, path, chosen = _review_setup(settings, decks)
    options = Options(_zone(opts["zone_name"]), opts["rollover"], opts["limit"], opts["new"], opts["cram"])
    clock = _Clock(settings.now)
    with Collection(path) as collection:
        reviews = Reviews(collection)
        names = chosen["chosen"] or reviews.decks()
        if not names:
            click.echo("Nothing to review yet: run `flashnotes build` first to put cards in the collection.")
            return
        session = Session(reviews, deck_settings(names, chosen["configured"]), options)
        interactive = sys.stdin.isatty() and sys.stdout.isatty()
        with contextlib.suppress(KeyboardInterrupt):  # every answer given so far is already committed
            (_tty_loop if interactive else _protocol_loop)(Driver(session), clock, root)
        _print_summary(session, clock.now(), interactive)


def _intervals(session: Any, due: Any, now: datetime) -> dict[str, str]:
    from flashnotes.review.scheduler import format_interval

    return {r.name.lower(): format_interval(o.interval) for r, o in session.preview(due, now).items()}


def _protocol_loop(driver: Any, clock: _Clock, root: Path) -> None:
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
    click.echo("front: " + _flat(card.front, driver.raw))


def _describe(event: Any, driver: Any, now: datetime) -> str:
    """The protocol's line for one event."""
    from flashnotes.review.scheduler import format_interval

    card = event.due.studied.card
    kind = event.kind.value
    if kind == "revealed":
        spans = " ".join(f"{r.name.lower()}={format_interval(o.interval)}" for r, o in event.previews.items())
        return f"back: {_flat(card.back, driver.raw)}\nintervals: {spans}"
    if kind == "answered":
        due_at = event.outcome.memory.due.isoformat() if event.outcome.memory.due else "-"
        return (
            f"answered {card.id} {event.rating.name.lower()} "
            f"interval={event.outcome.interval.total_seconds():.0f}s due={due_at}"
        )
    if kind == "nothing-to-undo":
        return "error: nothing to undo"
    if kind == "edit":
        return f"edit {card.source.path}:{card.source.line}"
    if kind == "raw":
        return "front: " + _flat(card.front, driver.raw)
    if kind == "clock":
        return f"now {now.isoformat()}"
    return f"{kind} {card.id}"


def _flat(text: str, raw: bool) -> str:
    from flashnotes.review.termui import card_text

    return " ".join(card_text(text, raw).split())


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


def _tty_loop(driver: Any, clock: _Clock, root: Path) -> None:
    """Single keys on a terminal; the screen is redrawn after each."""
    with _keyboard() as read_key:
        _tty_session(driver, clock, root, read_key)


def _tty_session(driver: Any, clock: _Clock, root: Path, read_key: Callable[[], str]) -> None:
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
    color = _color()
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
        click.secho("  " + buttons(_intervals(session, due, now)), bold=True, color=color)
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


@main.command(context_settings=CONTEXT)
@click.argument("decks", nargs=-1, metavar="[DECK]...")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@_day_options
@click.pass_obj
def stats(settings: Settings, /, decks: tuple[str, ...], as_json: bool, **opts: Any) -> None:
    """How you are doing: cards by state, what is due, a 30-day forecast and history, retention.

    \b
    Examples:
      flashnotes stats
      flashnotes stats attention --json
    """
    from flashnotes.collection import Collection
    from flashnotes.review.session import deck_settings
    from flashnotes.review.stats import compute
    from flashnotes.review.store import Reviews

    _root, path, chosen = _review_setup(settings, decks)
    with Collection(path) as collection:
        reviews = Reviews(collection)
        names = chosen["chosen"] or reviews.decks()
        report = compute(
            reviews,
            deck_settings(names, chosen["configured"]),
            settings.clock(),
            _zone(opts["zone_name"]),
            opts["rollover"],
        )
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_stats(report)


def _print_stats(report: Any) -> None:
    from flashnotes.review.termui import bars

    if report.empty:
        click.echo("No cards yet. Run `flashnotes build` to make cards from your articles, then `flashnotes review`.")
        return
    color = _color()
    click.secho("Cards", bold=True, color=color)
    click.echo("  " + " · ".join(f"{k} {v}" for k, v in report.by_state.items()))
    click.secho("Due", bold=True, color=color)
    click.echo(f"  today {report.due_today} · tomorrow {report.due_tomorrow} · next 7 days {report.due_week}")
    click.secho("Due, next 30 days", bold=True, color=color)
    click.echo(bars(report.forecast, "today", "+29d"))
    click.secho("Reviews, last 30 days", bold=True, color=color)
    click.echo(bars(report.history, "-29d", "today"))
    retention = (
        "no reviews yet"
        if report.retention is None
        else (f"{report.retention:.1%} of {report.retention_reviews} reviews")
    )
    recall = "-" if report.average_recall is None else f"{report.average_recall:.1%}"
    click.echo(f"True retention (30 days): {retention}")
    click.echo(f"Average predicted recall now: {recall}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
