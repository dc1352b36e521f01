"""The command line: argument parsing and output only; the work happens in the core modules."""

from __future__ import annotations

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
    from flashnotes.build import build_deck, plan_deck
    from flashnotes.decks import find_root, load_decks, resolve_articles, select
    from flashnotes.storage import Collection, default_path

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
    from flashnotes.termtable import table

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
    retired = sum(len(r.plan.of(r.plan.items[0].change.__class__.RETIRED)) for r in results if r.plan.items)
    if retired and not dry_run:
        click.echo(
            f"{retired} card(s) retired: they are in the package once more, tagged flashnotes::retired. "
            "In Anki, search tag:flashnotes::retired to find them (their review history stays in the collection)."
        )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
