"""The command line: argument parsing and output only; the work happens in the core modules."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
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


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version")
def main() -> None:
    """Turn articles into spaced-repetition cards, keep them through edits, review them.

    \b
    Examples:
      flashnotes extract articles/            # list the cards found in every article
      flashnotes extract notes.md --json      # JSON Lines, one card per line
      flashnotes build                        # rebuild every deck in decks/ into dist/*.apkg
      flashnotes review                       # review what is due in the terminal
    """


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
    from flashnotes.extract import extract as extract_cards
    from flashnotes.reader import load_articles

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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
