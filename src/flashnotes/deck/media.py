"""Images for a package: only regular image files inside the project, copied under content-hashed names.

Article text is untrusted: a remote source, an absolute path, a ``../`` path or a
symlink leading outside the project, or anything that is not a regular image file
is never read, let alone packaged; the card is kept without the image and the
build warns, naming the article and line.
"""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path

from flashnotes.model import Card

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif"})
MAX_IMAGE_BYTES = 50 * 1024 * 1024
_REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.I)


def project_image(root: Path, article: str, src: str) -> tuple[Path | None, str]:
    """The file an article's image reference names, if it may be packaged; else None and why not."""
    if _REMOTE.match(src):
        return None, "is remote; cards only show images from the project"
    if src.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", src):
        return None, "is an absolute path; use a path relative to the article, inside the project"
    try:
        path = ((root / article).parent / src).resolve(strict=True)
        info = path.stat()
    except (OSError, RuntimeError):
        return None, "not found"
    if not path.is_relative_to(root.resolve()):
        return None, "leads outside the project; only images inside the project are packaged"
    if not stat.S_ISREG(info.st_mode) or path.suffix.lower() not in IMAGE_SUFFIXES:
        return None, f"is not an image file ({', '.join(sorted(IMAGE_SUFFIXES))})"
    if info.st_size > MAX_IMAGE_BYTES:
        return None, f"is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB"
    return path, ""


class Media:
    """Images referenced by cards, copied under content-hashed names into a staging folder."""

    def __init__(self, root: Path, staging: Path) -> None:
        self.root = root
        self.staging = staging
        self.files: dict[str, Path] = {}
        self.warnings: list[str] = []

    def _line_of(self, card: Card, src: str) -> int:
        """The line of the article that refers to ``src`` (the card's line if it cannot be found)."""
        try:
            lines = (self.root / card.source.path).read_text(encoding="utf-8", errors="replace").split("\n")
        except OSError:
            return card.source.line
        return next((n for n, line in enumerate(lines, 1) if src in line), card.source.line)

    def rename(self, card: Card, src: str) -> str | None:
        """The packaged name of a card's image, or None (with a warning) when it is not packaged."""
        path, why = project_image(self.root, card.source.path, src)
        if path is None:
            line = self._line_of(card, src)
            self.warnings.append(f"{card.source.path}:{line}: image '{src}' {why}; the card is kept without it")
            return None
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.warnings.append(f"{card.source.path}: image '{src}' cannot be read ({exc.strerror}); left out")
            return None
        name = hashlib.sha256(data).hexdigest()[:16] + path.suffix.lower()
        if name not in self.files:
            target = self.staging / name
            target.write_bytes(data)
            self.files[name] = target
        return name
