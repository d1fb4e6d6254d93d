"""Source positions: a parsed document and the line and column of any path inside it.

Positions are looked up lazily (:meth:`Document.locate`), because keeping node
marks for every file costs more than parsing (see docs on performance).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from calibration.diagnostics import Diagnostic, PathPart
from calibration.load.dialect import Core12Loader


def _child(node: Node, part: PathPart) -> tuple[Node | None, Node | None]:
    """Return (child node, its key node or None) of ``part`` under ``node``."""
    if isinstance(node, MappingNode) and isinstance(part, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == part:
                return value_node, key_node
    elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part], None
    return None, None


def _is_block(node: Node) -> bool:
    return isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


@dataclass
class Document:
    """A parsed data file: its text, its data, and marks computed on demand."""

    relpath: str
    text: str
    data: Any
    _root: Node | None = field(default=None, repr=False)
    marks: dict[tuple[tuple[PathPart, ...], bool], tuple[int, int]] = field(
        default_factory=dict, repr=False, compare=False
    )
    """Positions already looked up, kept so a cached document needs no re-parse to locate."""

    def node(self) -> Node | None:
        """The composed node tree (computed once, only for files with a diagnostic)."""
        if self._root is None:
            loader = Core12Loader(self.text)
            try:
                self._root = loader.get_single_node()
            except yaml.YAMLError:  # pragma: no cover - the text already loaded once
                return None
            finally:
                loader.dispose()
        return self._root

    def forget_tree(self) -> None:
        """Drop the node tree (it is composed again if a position is needed later)."""
        self._root = None

    def locate(self, path: Sequence[PathPart], *, key: bool = False) -> tuple[int, int]:
        """Return the 1-based (line, column) of the value at ``path``.

        With ``key=True`` and a path ending in a mapping key, point at the key
        itself; a block mapping or list is always reported at its key. A path
        that does not exist resolves to its deepest existing parent.
        """
        memo = (tuple(path), key)
        found = self.marks.get(memo)
        if found is None:
            found = self.marks[memo] = self._locate(path, key)
        return found

    def _locate(self, path: Sequence[PathPart], key: bool) -> tuple[int, int]:
        node = self.node()
        if node is None:
            return 1, 1
        key_node: Node | None = None  # the key through which ``node`` was reached, if any
        for part in path:
            child, child_key = _child(node, part)
            if child is None:
                break
            node, key_node = child, child_key
        else:
            if key and key_node is not None:
                return _mark(key_node)
        # A block mapping or list starts on the line after its key; the key line is
        # where a reader (and a pull-request annotation) expects the problem.
        if key_node is not None and _is_block(node):
            return _mark(key_node)
        return _mark(node)

    def diagnostic(
        self,
        path: Sequence[PathPart],
        rule: str,
        severity: str,
        message: str,
        *,
        key: bool = False,
    ) -> Diagnostic:
        """Build a diagnostic pointing at ``path`` in this document."""
        line, column = self.locate(path, key=key)
        return Diagnostic(self.relpath, line, column, rule, severity, message, tuple(path))  # type: ignore[arg-type]
