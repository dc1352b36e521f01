"""What the command modules share: settings, options, colour, warnings, progress."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from pathlib import Path

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def use_color() -> bool | None:
    return False if os.environ.get("NO_COLOR") else None


@dataclass(frozen=True, slots=True)
class Settings:
    """Options shared by every command."""

    collection: str | None
    now: datetime | None

    def clock(self) -> datetime:
        """The pinned time, or the real clock: the only place flashnotes reads it."""
        return self.now or datetime.now(UTC)


def warn(message: str) -> None:
    click.secho(f"Warning: {message}", fg="yellow", err=True, color=use_color())


def count(n: int, noun: str) -> str:
    """``1 card``, ``2 cards``: a number with its noun, plural when it is not one."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def one_line(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal (stderr), nothing when piped."""
    if total < 20 or not sys.stderr.isatty():
        yield lambda _n: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


class Clock:
    """The session clock: pinned (--now, or moved by the protocol's ``now``) or the real one."""

    def __init__(self, pinned: datetime | None) -> None:
        self.pinned = pinned

    def now(self) -> datetime:
        return self.pinned or datetime.now(UTC)


def day_options(fn: F) -> F:
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


def zone(name: str | None) -> Any:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not name:
        return datetime.now().astimezone().tzinfo
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(
            f"unknown time zone '{name}'; use a name like Europe/Berlin or Asia/Shanghai", param_hint="--timezone"
        ) from None


def review_setup(settings: Settings, decks: tuple[str, ...]) -> tuple[Path, Path, dict[str, Any]]:
    """The project root, the collection path and the review settings of the chosen decks."""
    from pathlib import Path

    from flashnotes.collection import default_path
    from flashnotes.deck.deckfile import find_root, load_decks, select
    from flashnotes.errors import CollectionError, DeckError

    try:
        root = find_root(Path.cwd())
        specs = load_decks(root)
    except DeckError:
        if not settings.collection:
            raise
        root, specs = Path.cwd(), []
    configured = {d.name: d.review for d in specs}
    chosen = [d.name for d in select(specs, decks)] if decks and specs else list(decks)
    path = default_path(root, settings.collection)
    if settings.collection and not path.exists():  # a mistyped --collection must not leave an empty one behind
        raise CollectionError(f"{path}: no such collection; check --collection, or run `flashnotes build` to make one")
    return root, path, {"chosen": chosen, "configured": configured}


def rel(path: Path | None, root: Path) -> str:
    if path is None:
        return "-"
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def intervals(session: Any, due: Any, now: datetime) -> dict[str, str]:
    from flashnotes.review.scheduler import format_interval

    return {r.name.lower(): format_interval(o.interval) for r, o in session.preview(due, now).items()}


def flat(text: str, raw: bool) -> str:
    from flashnotes.review.termui import card_text

    return " ".join(card_text(text, raw).split())


class PathArg(click.Path):
    """A click path given to the command as a :class:`pathlib.Path`, with pathlib imported only when
    a path is actually given (``--help`` stays fast)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from pathlib import Path

        given = super().convert(value, param, ctx)
        return Path(given.decode() if isinstance(given, bytes) else given)
