"""Regular expressions compiled when first used, so start-up pays only for the rules an article reaches.

The extractors hold some 140 patterns; compiling them all costs more than reading a
small article. ``lazy(...)`` stands where ``re.compile(...)`` stood: it keeps the
source and compiles on the first method call, after which the compiled pattern's own
bound methods sit on the object, so a rule in a hot loop pays one attribute lookup, as
before. A Chinese-only pattern is never compiled for an English article, nor a quiz
pattern for prose that asks nothing.
"""

from __future__ import annotations

import re
from typing import Any, cast

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")


class _Lazy:
    """A pattern's source, compiled on first use; then the compiled pattern's methods."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:
        # only reached for names not yet set: the first use compiles and binds every method
        compiled = re.compile(self.pattern, self.flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        self.groups = compiled.groups
        self.groupindex = compiled.groupindex
        self.flags = compiled.flags
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


def lazy(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, deferred until the pattern is first used."""
    return cast("re.Pattern[str]", _Lazy(pattern, int(flags)))
