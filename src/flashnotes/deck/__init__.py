"""Deck files, card identity through edits, the build and Anki packages."""
