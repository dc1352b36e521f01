"""`flashnotes preview`: a page per deck showing every card as Anki will show it, before you import."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from pathlib import Path

from flashnotes.cli.common import CONTEXT, PathArg, Settings, count, day_options, rel, warn, zone


@click.command(context_settings=CONTEXT)
@click.argument("decks", nargs=-1, metavar="[DECK]...")
@click.option("--open", "open_pages", is_flag=True, help="Open the pages in your browser.")
@click.option("--out", type=PathArg(file_okay=False), help="Folder for the pages [default: dist/].")
@day_options
@click.pass_obj
def preview(settings: Settings, /, decks: tuple[str, ...], open_pages: bool, out: Path | None, **opts: Any) -> None:
    """Write dist/NAME.html for each deck: every card as Anki will show it, before you import the package.

    The page shows the deck as last built, grouped by article with each card's
    source line, kind and what the last build changed; a filter by kind and a search
    box; below the cards, the 30-day due forecast, the review history and true
    retention. Formulas are drawn offline (MathML): the page loads nothing from the
    network.

    \b
    Examples:
      flashnotes preview --open          # every deck, opened in the browser
      flashnotes preview attention       # one deck: dist/attention.html
    """
    from pathlib import Path

    from flashnotes.collection import Collection, default_path
    from flashnotes.deck.checks import NO_DECKS
    from flashnotes.deck.deckfile import find_root, load_decks, select
    from flashnotes.deck.page import DeckHistory, render_page
    from flashnotes.deck.preview import deck_page, write_page
    from flashnotes.deck.store import Builds
    from flashnotes.review.session import deck_settings
    from flashnotes.review.stats import compute
    from flashnotes.review.store import Reviews
    from flashnotes.review.termui import retention_text

    root = find_root(Path.cwd())
    specs = load_decks(root)
    if not specs:
        warn(NO_DECKS)
    folder = out if out is not None else root / "dist"
    now, day_zone = settings.clock(), zone(opts["zone_name"])
    written = []
    with Collection(default_path(root, settings.collection)) as collection:
        for spec in select(specs, decks):
            if not Builds(collection).cards(spec.name):
                warn(f"{spec.file.as_posix()}: '{spec.name}' has not been built yet; run `flashnotes build` first")
                continue
            report = compute(
                Reviews(collection),
                deck_settings([spec.name], {spec.name: spec.review}),
                now,
                day_zone,
                opts["rollover"],
            )
            retention = retention_text(report.retention, report.retention_reviews, sum(report.history))
            page = deck_page(root, spec, collection, folder, DeckHistory(report.forecast, report.history, retention))
            path = folder / f"{spec.slug}.html"
            write_page(path, render_page(page))
            for notice in page.notices:
                warn(f"{spec.name}: {notice}")
            click.echo(f"{spec.name}: {count(len(page.cards), 'card')} -> {rel(path, root)}")
            written.append(path)
    if open_pages and written:
        if not _has_display():
            warn(
                f"no graphical display here (DISPLAY and WAYLAND_DISPLAY are unset), so no browser is started; "
                f"open {', '.join(rel(path, root) for path in written)} in a browser yourself"
            )
            return
        for path in written:
            if click.launch(path.resolve().as_uri()) != 0:
                warn(f"could not open a browser for {rel(path, root)}; open that file in one yourself")


def _has_display() -> bool:
    """Whether a graphical browser can be started: always on macOS and Windows; on Linux and BSD only with X or Wayland.

    Without one, the system's launcher (xdg-open) can only start a text browser, which
    would fight this terminal, and it prints a line for each one it fails to find.
    """
    import os
    import sys

    if sys.platform == "darwin" or sys.platform.startswith(("win", "cygwin")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
