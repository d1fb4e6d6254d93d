"""The project's one YAML dialect: the YAML 1.2 core schema, safe, on libyaml when available.

Duplicate keys, aliases and tags outside the core schema are refused while the
data is built, so every file means the same to this loader and to an editor.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable
from typing import Any, ClassVar

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

try:  # libyaml is eight times faster; fall back to pure Python where it is missing
    from yaml._yaml import CParser as _Parser

    HAS_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]

    HAS_LIBYAML = False

if HAS_LIBYAML:
    EventLoader: type = yaml.CSafeLoader
else:  # pragma: no cover
    EventLoader = yaml.SafeLoader


class Core12Resolver(BaseResolver):
    """Implicit typing of the YAML 1.2 core schema: ``no``/``on`` stay strings, no sexagesimal."""


Core12Resolver.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
        "-+0123456789",
    ),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    Core12Resolver.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


class AliasError(ConstructorError):
    pass


_SCALAR_TAGS = ("null", "bool", "int", "float", "str")
_NODE_OF_TAG: dict[str, type[Node]] = {
    **{f"tag:yaml.org,2002:{name}": ScalarNode for name in _SCALAR_TAGS},
    "tag:yaml.org,2002:seq": SequenceNode,
    "tag:yaml.org,2002:map": MappingNode,
}
"""The node kind each core tag may be put on (``!!seq x`` would otherwise crash the constructor)."""


def _tag_name(tag: str) -> str:
    """Show a tag the way it was written: ``!!python/object`` rather than its full URI."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


class _Core12Constructor(SafeConstructor):
    """Safe constructor limited to the JSON-compatible core types.

    Duplicate keys and alias reuse are errors, mapping keys are always strings
    (as in JSON), and tags outside the core schema (timestamps, binary, sets,
    anything from Python) are refused.
    """

    yaml_constructors: ClassVar[dict[Any, Any]] = {}

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise AliasError(
                None,
                None,
                "aliases (*name) are not allowed: write the value out in full",
                node.start_mark,
            )
        expected = _NODE_OF_TAG.get(node.tag)
        if expected is not None and not isinstance(node, expected):
            raise ConstructorError(
                None,
                None,
                f"the tag {_tag_name(node.tag)} does not fit this value; remove it",
                node.start_mark,
            )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Hashable, Any]:
        if not isinstance(node, MappingNode):  # pragma: no cover - only called on mappings
            raise ConstructorError(None, None, "expected a mapping", node.start_mark)
        mapping: dict[Hashable, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise ConstructorError(
                    None,
                    None,
                    "keys must be plain text, not lists or mappings",
                    key_node.start_mark,
                )
            key = key_node.value
            if key in mapping:
                raise ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r}: each key may appear once; merge the two entries",
                    key_node.start_mark,
                )
            mapping[key] = self.construct_object(value_node, deep=True)
        return mapping

    def construct_core_bool(self, node: ScalarNode) -> bool:
        text = str(self.construct_scalar(node))
        if text.lower() not in ("true", "false"):  # 1.1 words (yes, on) only reach here via !!bool
            raise ConstructorError(
                None, None, f"{text[:40]!r} is not true or false", node.start_mark
            )
        return text.lower() == "true"

    def construct_core_int(self, node: ScalarNode) -> int:
        text = str(self.construct_scalar(node))
        try:  # an explicit !!int tag can carry anything, and huge literals hit int() limits
            if text.startswith("0o"):
                return int(text[2:], 8)
            if text.startswith("0x"):
                return int(text[2:], 16)
            return int(text, 10)
        except ValueError:
            raise ConstructorError(
                None,
                None,
                f"{text[:40]!r} is not a usable whole number; quote it if it is text",
                node.start_mark,
            ) from None

    def construct_core_float(self, node: ScalarNode) -> float:
        text = str(self.construct_scalar(node)).lower()
        if text.endswith(".inf"):
            return -math.inf if text.startswith("-") else math.inf
        if text.endswith(".nan"):
            return math.nan
        try:
            return float(text)
        except ValueError:
            raise ConstructorError(
                None,
                None,
                f"{text[:40]!r} is not a number; quote it if it is text",
                node.start_mark,
            ) from None

    def construct_core_map(self, node: MappingNode) -> Any:
        data: dict[Hashable, Any] = {}  # keys are always str: see construct_mapping
        yield data
        data.update(self.construct_mapping(node))

    def construct_core_seq(self, node: SequenceNode) -> Any:
        data: list[Any] = []
        yield data
        data.extend(self.construct_object(child, deep=True) for child in node.value)

    def construct_unknown(self, node: Node) -> Any:
        raise ConstructorError(
            None,
            None,
            f"the tag {_tag_name(node.tag)} is not allowed: remove it and write a plain value",
            node.start_mark,
        )


_CONSTRUCTORS: dict[str | None, Callable[[Any, Any], Any]] = {
    "tag:yaml.org,2002:null": SafeConstructor.construct_yaml_null,
    "tag:yaml.org,2002:bool": _Core12Constructor.construct_core_bool,
    "tag:yaml.org,2002:int": _Core12Constructor.construct_core_int,
    "tag:yaml.org,2002:float": _Core12Constructor.construct_core_float,
    "tag:yaml.org,2002:str": SafeConstructor.construct_yaml_str,
    "tag:yaml.org,2002:map": _Core12Constructor.construct_core_map,
    "tag:yaml.org,2002:seq": _Core12Constructor.construct_core_seq,
    None: _Core12Constructor.construct_unknown,  # every other tag is refused
}
for _tag_uri, _construct in _CONSTRUCTORS.items():
    _Core12Constructor.add_constructor(_tag_uri, _construct)


class Core12Loader(_Parser, _Core12Constructor, Core12Resolver):
    """The project's one YAML dialect, on libyaml when available."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Core12Constructor.__init__(self)
        Core12Resolver.__init__(self)


if not HAS_LIBYAML:  # pragma: no cover
    from yaml.composer import Composer
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class Core12Loader(  # type: ignore[no-redef]
        Reader, Scanner, _Parser, Composer, _Core12Constructor, Core12Resolver
    ):
        """Pure-Python variant of the loader."""

        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _Parser.__init__(self)  # type: ignore[call-arg]
            Composer.__init__(self)
            _Core12Constructor.__init__(self)
            Core12Resolver.__init__(self)
