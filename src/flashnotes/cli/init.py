"""`flashnotes init`: a new project to start from, and the next three commands to run."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from pathlib import Path

from flashnotes.cli.common import CONTEXT, PathArg, use_color

_NEXT = (
    ("flashnotes build", "cards from articles/ into dist/notes.apkg"),
    ("flashnotes preview --open", "every card as Anki will show it, before you import"),
    ("flashnotes review", "study the cards in the terminal"),
)


@click.command(context_settings=CONTEXT)
@click.argument("folder", metavar="[DIR]", default=".", type=PathArg(file_okay=False))
def init(folder: Path) -> None:
    """Start a project in DIR (default: here): a deck file, an article showing every kind of card, a .gitignore.

    Nothing is overwritten: if any of those files exists, init stops and writes nothing.

    \b
    Examples:
      flashnotes init notes     # a new project in ./notes
      flashnotes init           # in the current folder
    """
    from flashnotes.deck.starter import create_project

    written = create_project(folder)
    color = use_color()
    import shlex
    from pathlib import Path

    where = "this folder" if folder.resolve() == Path.cwd().resolve() else f"{folder}{os.sep}"
    click.secho(f"Created a flashnotes project in {where}:", bold=True, color=color)
    for path in written:
        click.echo(f"  {path.relative_to(folder).as_posix()}")
    click.echo("")
    steps = "Next, in this folder:" if where == "this folder" else f"Next, after `cd {shlex.quote(str(folder))}`:"
    click.secho(steps, bold=True, color=color)
    width = max(len(command) for command, _ in _NEXT)
    for command, what in _NEXT:
        click.echo(f"  {command:<{width}}   # {what}")
