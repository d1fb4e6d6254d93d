"""Edit the top-level keys of a ``person.yaml`` in place, keeping everything else as written.

A person file is reviewed like code: its comments, key order, modeline and
quoting are the author's. So a change replaces only the characters of one value
(or adds or drops one key's lines), and the result is parsed back to prove the
edit did what was meant and nothing else.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from calibration.load.dialect import Core12Loader
from calibration.load.yamlio import load_text

# What a double-quoted YAML scalar must escape: anything YAML does not count as
# printable, and the characters YAML 1.1 readers (libyaml) take for line breaks.
_NOT_PLAIN_TEXT = re.compile(
    "[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]"
)


class EditError(Exception):
    """A person file cannot be edited safely; the message says what to do instead."""


def yaml_quote(value: str) -> str:
    """``value`` as a double-quoted YAML scalar that reads back as exactly ``value``.

    JSON string syntax is valid YAML; characters JSON leaves raw but YAML would
    reject or read as a line break are escaped as ``\\uXXXX`` too.
    """
    quoted = json.dumps(value, ensure_ascii=False)
    return _NOT_PLAIN_TEXT.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _root(text: str) -> MappingNode:
    loader = Core12Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise EditError(f"it does not parse ({exc.__class__.__name__})") from exc
    finally:
        loader.dispose()
    if not isinstance(node, MappingNode) or node.flow_style:
        raise EditError("its top level is not a block mapping (one key per line)")
    return node


def _find(root: MappingNode, key: str) -> tuple[Node, Node] | None:
    for key_node, value_node in root.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _value_span(text: str, key_node: Node, value_node: Node) -> tuple[int, int]:
    """Where a value's own characters start and end (an empty value sits after the colon)."""
    start, end = value_node.start_mark.index, value_node.end_mark.index
    if isinstance(value_node, ScalarNode) and value_node.value == "" and start == end:
        colon = text.index(":", key_node.end_mark.index) + 1
        return colon, colon
    return start, start + len(text[start:end].rstrip())


def _plain_ok(value: str) -> bool:
    """True when ``value`` reads back as itself unquoted (``growth``, not ``no`` or ``4``)."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9._-]*(?: [A-Za-z0-9._-]+)*", value):
        return False
    loaded = load_text(f"k: {value}\n", "value")
    return loaded.document is not None and loaded.document.data.get("k") == value


def _render(value: str | None, style: str | None) -> str:
    """A value in the style it replaces: plain stays plain where that is safe, else quoted."""
    if value is None:
        return "null"
    plain = not style  # libyaml gives "" for a plain scalar, pure-Python PyYAML None
    return value if plain and _plain_ok(value) else yaml_quote(value)


def _set(text: str, key: str, value: str | None) -> str:
    root = _root(text)
    found = _find(root, key)
    if found is None:
        rendered = _render(value, '"')
        placeholder = re.search(rf"(?m)^# {re.escape(key)}: \"\"$", text)
        if placeholder:  # the commented slot ``calib new person`` leaves for it
            return text[: placeholder.start()] + f"{key}: {rendered}" + text[placeholder.end() :]
        body = text if text.endswith("\n") or not text else text + "\n"
        return f"{body}{key}: {rendered}\n"
    key_node, value_node = found
    if not isinstance(value_node, ScalarNode):
        raise EditError(f"{key} holds a list or mapping, not one value")
    start, end = _value_span(text, key_node, value_node)
    rendered = _render(value, value_node.style)
    lead = " " if start == end and not text[start - 1 : start].isspace() else ""
    return text[:start] + lead + rendered + text[end:]


def _delete(text: str, key: str) -> str:
    found = _find(_root(text), key)
    if found is None:
        return text
    key_node, value_node = found
    start = text.rfind("\n", 0, key_node.start_mark.index) + 1
    _, end = _value_span(text, key_node, value_node)
    newline = text.find("\n", end)
    return text[:start] + text[len(text) if newline < 0 else newline + 1 :]


def edit_person(text: str, relpath: str, updates: dict[str, str | None], drop: set[str]) -> str:
    """Return ``text`` with each key of ``updates`` set (None writes null) and ``drop`` removed.

    Raises :class:`EditError` when the file's layout does not allow a safe edit,
    or when reading the result back does not give exactly the intended data.
    """
    before = read_back(text, relpath)
    out = text
    for key, value in updates.items():
        out = _set(out, key, value)
    for key in sorted(drop):
        out = _delete(out, key)
    expected: dict[str, Any] = {k: v for k, v in before.items() if k not in drop}
    expected.update(updates)
    if read_back(out, relpath) != expected:
        raise EditError("the edited file would not read back as intended")
    return out


def read_back(text: str, relpath: str) -> dict[str, Any]:
    """The data a person file holds, read the way ``calib validate`` reads it."""
    result = load_text(text, relpath)
    if result.document is None:
        problem = result.diagnostics[0].message if result.diagnostics else "it does not load"
        raise EditError(problem)
    data: dict[str, Any] = result.document.data
    return data
