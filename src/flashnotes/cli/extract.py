"""`flashnotes extract`: cards found in articles, listed or as JSON Lines."""

from __future__ import annotations

from typing import Any

import click

from flashnotes.cli.common import (
    CONTEXT,
    count,
    one_line,
    use_color,
    warn,
)


@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines, one card per line.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["definition", "formula", "quiz", "cloze"]),
    help="Only cards of this kind (repeatable).",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    metavar="X",
    help="Keep learned cards whose confidence is at least X (0-1) instead of the built-in threshold.",
)
def extract(paths: tuple[str, ...], as_json: bool, kinds: tuple[str, ...], min_confidence: float | None) -> None:
    """Extract cards from articles (.md, .markdown, .txt files or folders of them).

    \b
    Examples:
      flashnotes extract articles/
      flashnotes extract notes.md --kind definition
      flashnotes extract articles/ --json > cards.jsonl
      flashnotes extract notes.md --min-confidence 0.9   # fewer, surer cards
    """
    import json

    from flashnotes.extract.pipeline import extract as extract_cards
    from flashnotes.extract.reader import load_articles

    articles, skipped = load_articles(paths)
    for skip in skipped:
        warn(f"skipped {skip.reason}")
    total = 0
    for article in articles:
        cards = [c for c in extract_cards(article, min_confidence=min_confidence) if not kinds or c.kind.value in kinds]
        total += len(cards)
        if as_json:
            for card in cards:
                click.echo(json.dumps(card.to_json(), ensure_ascii=False))
        else:
            _print_listing(article.path, cards)
    if not as_json:
        click.echo(f"{count(total, 'card')} from {count(len(articles), 'article')}", err=True)


def _print_listing(path: str, cards: list[Any]) -> None:
    color = use_color()
    click.secho(f"{path}  ({count(len(cards), 'card')})", bold=True, color=color)
    for card in cards:
        kind = click.style(f"{card.kind.value:<10}", fg="cyan")
        click.echo(f"  {card.source.line:>5}  {kind} {one_line(card.front, 70)}", color=color)
        click.echo(f"  {'':>5}  {'':<10} → {one_line(card.back, 70)}")
