"""YAML read defensively: front matter and deck files are untrusted text.

The only module that imports PyYAML. Before a document is composed, its event
stream (which PyYAML parses without recursion) is checked for nesting depth,
for the number of nodes once aliases are expanded (alias bombs) and for
duplicate keys; only then is the node tree composed, which PyYAML does
recursively and which the depth limit now keeps shallow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["MAX_DEPTH", "MAX_NODES", "MappingNode", "Node", "ScalarNode", "SequenceNode", "YamlProblem", "compose"]

MAX_DEPTH = 64
MAX_NODES = 100_000
MAX_CHARS = 2_000_000
STR_TAG = "tag:yaml.org,2002:str"
BOOL_TAG = "tag:yaml.org,2002:bool"


class YamlProblem(Exception):
    """Why a YAML text is refused, and the 1-based line of the text where it shows."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class _Frame:
    mapping: bool
    line: int
    anchor: str | None
    size: int = 1
    keys: dict[str, int] = field(default_factory=dict)
    at_key: bool = True


class _Limits:
    """Walks the event stream once, keeping the expanded size of every anchored node."""

    def __init__(self) -> None:
        self.stack: list[_Frame] = []
        self.anchors: dict[str, int] = {}
        self.total = 0

    def event(self, event: Event) -> None:
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, CollectionStartEvent):
            if len(self.stack) >= MAX_DEPTH:
                raise YamlProblem(f"is nested more than {MAX_DEPTH} levels deep; flatten it", line)
            self.stack.append(_Frame(isinstance(event, MappingStartEvent), line or 0, event.anchor))
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            frame = self.stack.pop()
            self._node(frame.size, frame.anchor, None, frame.line)
        elif isinstance(event, ScalarEvent):
            self._node(1, event.anchor, event.value, line)
        elif isinstance(event, AliasEvent):
            self._node(self.anchors.get(str(event.anchor), 1), None, None, line)

    def _node(self, size: int, anchor: str | None, key: str | None, line: int | None) -> None:
        if isinstance(anchor, str):
            self.anchors[anchor] = size
        self.total += size
        if self.total > MAX_NODES:
            raise YamlProblem(f"expands to more than {MAX_NODES:,} values (aliases repeated too often)", line)
        if not self.stack:
            return
        parent = self.stack[-1]
        parent.size += size
        if parent.mapping:
            if parent.at_key and key is not None and key != "<<":
                if key in parent.keys:
                    first = parent.keys[key]
                    raise YamlProblem(f"has the key '{key}' twice (first on line {first}); keep one", line)
                parent.keys[key] = line or 0
            parent.at_key = not parent.at_key


def compose(text: str) -> Node | None:
    """The node tree of one YAML document; raise YamlProblem for malformed or abusive YAML."""
    if len(text) > MAX_CHARS:
        raise YamlProblem(f"is longer than {MAX_CHARS:,} characters of YAML", 1)
    limits = _Limits()
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, NodeEvent | MappingEndEvent | SequenceEndEvent):
                limits.event(event)
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise _problem(exc) from None


def construct(node: Node) -> object:
    """The plain Python value of a composed (and so already checked) node."""
    try:
        return yaml.SafeLoader("").construct_document(node)
    except yaml.YAMLError as exc:
        raise _problem(exc) from None


def _problem(exc: yaml.YAMLError) -> YamlProblem:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and start is not None and (mark is None or start.line != mark.line):
        # where the parser gave up can be far below the mistake: name where the unclosed thing opened
        problem = f"{problem}, {context} that starts on line {start.line + 1}"
    return YamlProblem(f"is not valid YAML ({problem})", mark.line + 1 if mark else None)
