"""Small helpers to write YAML skeletons by hand, so their comments stay where people read them."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from calibration.load.resources import load_schema

WIDTH = 88


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML and quotes anything safely)."""
    return json.dumps(value, ensure_ascii=False)


def comment(text: str, indent: int = 0) -> list[str]:
    """``text`` as ``# `` comment lines wrapped to the skeleton width."""
    pad = " " * indent
    out: list[str] = []
    for paragraph in text.split("\n"):
        lead = paragraph[: len(paragraph) - len(paragraph.lstrip())]
        hanging = lead + ("   " if paragraph.lstrip()[:2].rstrip(".").isdigit() else "")
        wrapped = textwrap.wrap(
            paragraph, WIDTH - indent - 2, subsequent_indent=hanging, break_on_hyphens=False
        )
        out += [f"{pad}# {line}".rstrip() for line in wrapped or [""]]
    return out


def modeline(kind: str, depth: int) -> str:
    """The editor modeline pointing at the repository's copy of a schema."""
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json"


def schema_enum(kind: str, *path: str) -> list[str]:
    """The allowed values of one enum of a shipped schema (``$defs`` are followed by name)."""
    node: Any = load_schema(kind)
    for part in path:
        node = node[part]
    return [str(v) for v in node["enum"]]


def schema_pattern(kind: str, *path: str) -> str:
    """The pattern of one string property of a shipped schema."""
    node: Any = load_schema(kind)
    for part in path:
        node = node[part]
    return str(node["pattern"])


def listing(ids: list[str], labels: dict[str, str] | None = None) -> str:
    """``a (A), b (B)`` or ``a, b``."""
    if labels:
        return ", ".join(
            f"{i} ({labels[i]})" if labels.get(i) and labels[i] != i else i for i in ids
        )
    return ", ".join(ids)
