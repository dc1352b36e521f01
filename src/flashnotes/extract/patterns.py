"""Regular expressions compiled when first used, so start-up pays only for the rules an article reaches.

The extractors hold some 170 patterns; compiling them all costs more than reading a
small article. ``lazy(...)`` stands where ``re.compile(...)`` stood: it keeps the
source and compiles on the first method call, after which the compiled pattern's own
bound methods sit on the object, so a rule in a hot loop pays one attribute lookup, as
before. A Chinese-only pattern is never compiled for an English article, nor a quiz
pattern for prose that asks nothing.

Even the hundred-odd patterns one English article reaches cost more to compile (in
``re``'s pure-Python parser) than the rest of its extraction. So, as Python keeps
bytecode, the compiled matcher code of each pattern is kept in a file beside this
module's bytecode (same folder, same ``PYTHONPYCACHEPREFIX``, not written under
``PYTHONDONTWRITEBYTECODE``), keyed by the interpreter's version and ``re``'s engine
magic: a later run hands the stored code straight to the engine. A stale, foreign or
damaged file is ignored, and the result is the same pattern ``re.compile`` builds.
"""

from __future__ import annotations

import atexit
import importlib
import marshal
import os
import re
import sys
from typing import Any, cast

# the engine (C) and the pure-Python parser and code generator that re.compile runs before it
_sre: Any = importlib.import_module("_sre")
_FORMAT = 1
_MOST = 1000  # entries kept (~1 KB each; the extractors hold ~170): past that the file restarts
Key = tuple[str, int]


class CodeCache:
    """Compiled matcher code of patterns, loaded from ``path`` once and saved back when patterns were added."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._stored: dict[Key, tuple[Any, ...]] | None = None
        self._added: set[Key] = set()

    def header(self) -> tuple[int, int, str | None, int]:
        return (_FORMAT, sys.hexversion, sys.implementation.cache_tag, int(_sre.MAGIC))

    def stored(self) -> dict[Key, tuple[Any, ...]]:
        if self._stored is None:
            self._stored = {}
            if self.path is None:
                return self._stored
            try:
                with open(self.path, "rb") as file:
                    header, entries = marshal.loads(file.read())
            except (OSError, EOFError, ValueError, TypeError):
                return self._stored
            if header == self.header() and isinstance(entries, dict):
                self._stored = entries
        return self._stored

    def compile(self, pattern: str, flags: int) -> re.Pattern[str]:
        """``re.compile(pattern, flags)``, from the stored code when there is some."""
        flags = int(flags)  # a RegexFlag would not marshal
        entry = self.stored().get((pattern, flags))
        if entry is not None:
            try:
                return cast("re.Pattern[str]", _sre.compile(pattern, *entry))
            except (TypeError, ValueError, RuntimeError):  # the engine refused the code: compile afresh
                pass
        compiled = re.compile(pattern, flags)
        if self.path is not None and not sys.dont_write_bytecode:
            if not self._added:
                atexit.register(self.save)
            self._added.add((pattern, flags))
        return compiled

    def save(self) -> None:
        """Write the stored entries and the ones added since, replacing the file whole (never a torn file)."""
        if self.path is None or not self._added:
            return
        entries = dict(self.stored()) if len(self.stored()) + len(self._added) <= _MOST else {}
        try:
            entries.update({key: _code(*key) for key in self._added})
        except (ImportError, AttributeError, TypeError, ValueError):  # re internals differ here: keep compiling
            return
        self._added = set()
        temporary = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(temporary, "wb") as file:
                file.write(marshal.dumps((self.header(), entries)))
            os.replace(temporary, self.path)
        except OSError:  # a read-only install keeps compiling, as it would without bytecode
            if os.path.exists(temporary):
                os.remove(temporary)


def _code(pattern: str, flags: int) -> tuple[Any, ...]:
    """The arguments after the source that ``re._compiler.compile`` gives the engine for this pattern."""
    parser: Any = importlib.import_module("re._parser")
    compiler: Any = importlib.import_module("re._compiler")
    parsed = parser.parse(pattern, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    code = [int(op) for op in compiler._code(parsed, flags)]
    return int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _default_path() -> str | None:
    """Beside this module's bytecode: ``__pycache__/patterns-code.cpython-311.marshal``."""
    cached = globals().get("__cached__")
    tag = sys.implementation.cache_tag
    return os.path.join(os.path.dirname(cached), f"patterns-code.{tag}.marshal") if cached and tag else None


CACHE = CodeCache(_default_path())


class _Lazy:
    """A pattern's source, compiled on first use; then the compiled pattern's methods."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        # only reached for names not yet set: the first use compiles, and each name asked for is
        # bound on the object (most patterns use one or two of their methods)
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = CACHE.compile(self.pattern, self.flags)
            self.flags = compiled.flags
        value = getattr(compiled, name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


def is_compiled(pattern: re.Pattern[str]) -> bool:
    """Whether a pattern is compiled already: a :func:`lazy` one once first used, any other always."""
    return not isinstance(pattern, _Lazy) or pattern._compiled is not None


def lazy(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, deferred until the pattern is first used."""
    return cast("re.Pattern[str]", _Lazy(pattern, int(flags)))
