"""Run the command line interface as ``python -m flashnotes``."""

from flashnotes.cli import main

main()
