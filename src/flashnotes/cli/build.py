"""`flashnotes build`: decks regenerated into Anki packages, with a summary of what changed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from pathlib import Path

from flashnotes.cli.common import (
    CONTEXT,
    Settings,
    day_options,
    one_line,
    progress,
    rel,
    use_color,
    warn,
    zone,
)


@click.command(context_settings=CONTEXT)
@click.argument("decks", nargs=-1, metavar="[DECK]...")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result (or plan) as JSON.")
@click.option("--out", type=click.Path(file_okay=False), help="Folder for the packages [default: dist/].")
@click.option(
    "--jobs",
    type=click.IntRange(1),
    envvar="FLASHNOTES_JOBS",
    help="Processes for extracting many articles [default: every core; env FLASHNOTES_JOBS].",
)
@day_options
@click.pass_obj
def build(settings: Settings, /, decks: tuple[str, ...], **opts: Any) -> None:
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
    import json
    import sys
    from pathlib import Path

    dry_run, as_json, out, jobs = opts["dry_run"], opts["as_json"], opts["out"], opts["jobs"]

    from flashnotes.collection import Collection, default_path
    from flashnotes.deck.build import build_decks
    from flashnotes.deck.deckfile import find_root, load_decks, resolve_articles, select
    from flashnotes.deck.sources import default_jobs

    root = find_root(Path.cwd())
    specs = load_decks(root)
    if not specs:
        from flashnotes.deck.checks import NO_DECKS

        warn(NO_DECKS)
        if not decks:  # nothing to build: no empty table, no collection made
            if as_json:
                click.echo("[]")
            return
    chosen = select(specs, decks)
    now = settings.clock()
    folder = Path(out) if out is not None else root / "dist"
    # the progress bar needs the article count only on a terminal
    total = sum(len(resolve_articles(root, d)) for d in chosen) if sys.stderr.isatty() else 0
    from flashnotes.studyday import StudyDays

    learner = StudyDays(zone(opts["zone_name"]), opts["rollover"])
    with (
        Collection(default_path(root, settings.collection), learner) as collection,
        progress(total, "Building") as step,
    ):
        results = build_decks(
            root,
            chosen,
            collection,
            now,
            out_for=lambda deck: folder / f"{deck.slug}.apkg",
            learning_for=lambda deck: _learning(collection, deck, opts),
            dry_run=dry_run,
            jobs=jobs or default_jobs(),
            progress=step,
        )
    for result in results:
        for warning in result.warnings:
            warn(warning)
    if as_json:
        click.echo(json.dumps([_build_json(r, root, dry_run) for r in results], ensure_ascii=False, indent=2))
    else:
        _print_builds(results, root, dry_run)


def _learning(collection: Any, deck: Any, days: dict[str, Any]) -> Any:
    """The learning progress of a deck's reviewed cards, for its package."""
    from flashnotes.progress import Learning
    from flashnotes.review.ankiexport import deck_progress
    from flashnotes.review.history_store import History
    from flashnotes.review.store import Reviews
    from flashnotes.studyday import StudyDays

    history = History(collection)
    history.assign_revlog_ids()
    day = StudyDays(zone(days["zone_name"]), days["rollover"])
    return Learning(deck_progress(Reviews(collection), history, deck.name, deck.review, day), day.rollover)


def _build_json(result: Any, root: Path, dry_run: bool) -> dict[str, object]:
    plan = result.plan
    data: dict[str, object] = {
        "deck": result.spec.name,
        "file": result.spec.file.as_posix(),
        **plan.counts(),
        "articles": len(result.articles),
        "parsed": result.parsed,
        "package": None if dry_run else rel(result.package, root),
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

    color = use_color()
    if dry_run:
        for result in results:
            click.secho(f"{result.spec.name}  (dry run: nothing written)", bold=True, color=color)
            for p in result.plan.items:
                if p.change.value != "unchanged":
                    mark = {"added": "+", "changed": "~", "retired": "-"}[p.change.value]
                    where = f"{p.card.source.path}:{p.card.source.line}"
                    click.echo(
                        f"  {mark} {p.change.value:<8} {p.card.kind.value:<10} {one_line(p.card.key, 50)}  ({where})"
                    )
    rows = []
    for r in results:
        counts = r.plan.counts()
        rows.append(
            [
                r.spec.name,
                *(str(counts[k]) for k in ("added", "changed", "retired", "unchanged")),
                f"{r.parsed}/{len(r.articles)}",
                "-" if dry_run else rel(r.package, root),
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
