"""`flashnotes import-anki`: reviews done in Anki merged into flashnotes' review log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from pathlib import Path

from flashnotes.cli.common import CONTEXT, PathArg, Settings, day_options, review_setup, warn, zone


@click.command("import-anki", context_settings=CONTEXT)
@click.argument("file", type=PathArg(dir_okay=True))
@click.option("--dry-run", is_flag=True, help="Say what would be merged; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@day_options
@click.pass_obj
def import_anki(settings: Settings, /, file: Path, dry_run: bool, as_json: bool, **days: Any) -> None:
    """Merge the reviews of an Anki export (.colpkg, or .apkg with scheduling) into the review log.

    Cards are matched by note GUID; answers given in Anki join the log once however
    often the file is imported, "set due date" and "forget" apply as the changes they
    are, and every touched card's state is recomputed from its whole merged history.
    Cards Anki has and flashnotes does not are reported, not imported.

    \b
    Examples:
      flashnotes import-anki ~/Desktop/collection.colpkg
      flashnotes import-anki deck.apkg --dry-run     # what would be merged
      flashnotes import-anki deck.apkg --json
    """
    from flashnotes.collection import Collection
    from flashnotes.errors import CollectionError
    from flashnotes.review.ankiimport import import_anki as run
    from flashnotes.studyday import StudyDays

    _root, path, chosen = review_setup(settings, ())
    if not path.exists():
        raise CollectionError(f"{path}: no flashnotes collection yet; run `flashnotes build` first")
    with Collection(path) as collection:
        known = _known(collection, chosen["configured"])
        report = run(collection, file, known, StudyDays(zone(days["zone_name"]), days["rollover"]), dry_run=dry_run)
    if report.no_history:
        warn(f"{file}: the file holds no review history; in Anki, export with scheduling information included")
    if as_json:
        import json

        click.echo(json.dumps(_json(report, file), ensure_ascii=False, indent=2))
    else:
        _print(report, file)


def _known(collection: Any, configured: dict[str, Any]) -> Any:
    from flashnotes.deck.anki import BASIC_MODEL_ID, CLOZE_MODEL_ID, note_guid
    from flashnotes.deck.store import Builds
    from flashnotes.review.ankiimport import Known
    from flashnotes.review.store import Reviews

    builds = Builds(collection)
    stored = [s for deck in Reviews(collection).decks() for s in builds.cards(deck)]
    return Known(
        {note_guid(s.id): s.id for s in stored},
        {s.id: s.deck for s in stored},
        {s.id for s in stored if s.retired is None},
        {BASIC_MODEL_ID, CLOZE_MODEL_ID},
        configured,
    )


def _json(report: Any, file: Path) -> dict[str, object]:
    return {
        "file": str(file),
        "dry_run": report.dry_run,
        "answers": report.answers,
        "forgotten": report.forgotten,
        "rescheduled": report.rescheduled,
        "cards": report.cards,
        "card_ids": list(report.touched),
        "already_known": report.already,
        "unknown": [{"guid": u.guid, "ord": u.ord, "reviews": u.reviews} for u in report.unknown],
        "missing": list(report.missing),
        "other_cards": report.other_cards,
    }


def _print(report: Any, file: Path) -> None:
    verb = "would merge" if report.dry_run else "merged"
    click.echo(
        f"{file}: {verb} {report.answers} answer(s), {report.forgotten} forget(s) and {report.rescheduled}"
        f" due-date change(s) into {report.cards} card(s); {report.already} review(s) were already in flashnotes."
    )
    if report.unknown:
        guids = ", ".join(u.guid for u in report.unknown[:5])
        click.echo(
            f"{len(report.unknown)} card(s) of flashnotes note types are not flashnotes cards (added in Anki, from"
            f" another collection, or a cloze note's second card): not imported (note GUIDs {guids})."
        )
    if report.missing:
        click.echo(
            f"{len(report.missing)} flashnotes card(s) of these decks are not in the file (deleted in Anki?);"
            " their history in flashnotes is kept: " + ", ".join(report.missing[:10])
        )
    if report.other_cards:
        click.echo(f"{report.other_cards} card(s) of other note types were left alone.")
