"""The command line: argument parsing and output only; the work happens in the core modules.

One module per command group; this one holds the group, its shared options and the one
place where a FlashnotesError becomes ``Error: …`` and exit 1.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import click

from flashnotes import __version__
from flashnotes.cli.anki import import_anki
from flashnotes.cli.build import build
from flashnotes.cli.common import CONTEXT, Settings
from flashnotes.cli.extract import extract
from flashnotes.cli.init import init
from flashnotes.cli.preview import preview
from flashnotes.cli.review import review
from flashnotes.cli.stats import stats
from flashnotes.errors import FlashnotesError


class _Group(click.Group):
    """Turns every FlashnotesError into ``Error: …`` and exit 1, in this one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FlashnotesError as exc:
            raise click.ClickException(str(exc)) from None


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
      flashnotes init notes                   # start a project: a deck file and an article to copy from
      flashnotes extract articles/            # list the cards found in every article
      flashnotes extract notes.md --json      # JSON Lines, one card per line
      flashnotes build                        # rebuild every deck in decks/ into dist/*.apkg
      flashnotes build --dry-run              # show what a build would change
      flashnotes preview --open               # see every card as Anki will show it
      flashnotes import-anki collection.colpkg  # bring reviews done in Anki into the review log
    """
    ctx.obj = Settings(collection, now)


for _command in (init, extract, build, preview, review, stats, import_anki):
    main.add_command(_command)
