"""`flashnotes stats`: cards by state, due counts, forecast, history and retention."""

from __future__ import annotations

from typing import Any

import click

from flashnotes.cli.common import (
    CONTEXT,
    Settings,
    day_options,
    review_setup,
    use_color,
    zone,
)


@click.command(context_settings=CONTEXT)
@click.argument("decks", nargs=-1, metavar="[DECK]...")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@day_options
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
    from flashnotes.studyday import StudyDays

    _root, path, chosen = review_setup(settings, decks)
    with Collection(path, StudyDays(zone(opts["zone_name"]), opts["rollover"])) as collection:
        reviews = Reviews(collection)
        names = chosen["chosen"] or reviews.decks()
        report = compute(
            reviews,
            deck_settings(names, chosen["configured"]),
            settings.clock(),
            zone(opts["zone_name"]),
            opts["rollover"],
        )
    if as_json:
        import json

        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_stats(report)


def _print_stats(report: Any) -> None:
    import shutil

    from flashnotes.review.termui import bars, retention_text, wrap, wrap_items

    if report.empty:
        click.echo("No cards yet. Run `flashnotes build` to make cards from your articles, then `flashnotes review`.")
        return
    color = use_color()
    columns = min(78, shutil.get_terminal_size((80, 24)).columns - 1)
    click.secho("Cards", bold=True, color=color)
    for line in wrap_items([f"{k} {v}" for k, v in report.by_state.items()], " · ", columns - 2):
        click.echo("  " + line)
    click.secho("Due", bold=True, color=color)
    due = [f"today {report.due_today}", f"tomorrow {report.due_tomorrow}", f"next 7 days {report.due_week}"]
    for line in wrap_items(due, " · ", columns - 2):
        click.echo("  " + line)
    click.secho("Due, next 30 days", bold=True, color=color)
    click.echo(bars(report.forecast, "today", "+29d"))
    click.secho("Reviews, last 30 days", bold=True, color=color)
    click.echo(bars(report.history, "-29d", "today"))
    retention = retention_text(report.retention, report.retention_reviews, sum(report.history))
    recall = "-" if report.average_recall is None else f"{report.average_recall:.1%}"
    click.echo("\n".join(wrap(f"True retention (30 days): {retention}", columns)))
    click.echo(f"Average predicted recall now: {recall}")
