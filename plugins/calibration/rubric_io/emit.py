"""Write ladder data as YAML that our YAML 1.2 loader reads back identically.

PyYAML's dumper decides when a string needs quotes with YAML 1.1 rules, which
would leave ``1e3`` or ``0o7`` bare (numbers to a YAML 1.2 reader) while quoting
``no``. Giving the dumper the loader's own resolver makes it quote exactly the
strings that would otherwise read back as something else, such as ``"4"``.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.emitter import Emitter
from yaml.nodes import ScalarNode
from yaml.representer import SafeRepresenter
from yaml.resolver import Resolver
from yaml.serializer import Serializer

from calibration.load.dialect import Core12Resolver

MODELINE = "# yaml-language-server: $schema=../schemas/ladder.schema.json"
_STR = "tag:yaml.org,2002:str"
_LEGACY = Resolver()


class _Dumper(Emitter, Serializer, SafeRepresenter, Core12Resolver):
    """Block style, indented lists, no anchors, YAML 1.2 quoting."""

    def __init__(self, stream: Any, **_ignored: Any) -> None:
        Emitter.__init__(self, stream, allow_unicode=True, width=96, indent=2)
        Serializer.__init__(self)
        SafeRepresenter.__init__(self, default_flow_style=False, sort_keys=False)
        Core12Resolver.__init__(self)

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # lists indented under their key, as people write them

    def ignore_aliases(self, data: Any) -> bool:
        return True  # our loader refuses aliases, so never write one

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        tag: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        if kind is ScalarNode and tag == _STR and implicit[0]:
            # also quote what a YAML 1.1 reader would take for a date or a boolean
            tag = _LEGACY.resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        return tag

    def choose_scalar_style(self) -> str:
        style: str = super().choose_scalar_style()
        return '"' if style == "'" else style  # quote the way the rest of the repository does


def _represent_str(dumper: SafeRepresenter, value: str) -> yaml.ScalarNode:
    # line breaks kept literally; long prose folded the way people write it by hand
    style = "|" if "\n" in value else (">" if len(value) > 80 else None)
    return dumper.represent_scalar(_STR, value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: dict[str, Any], header: list[str]) -> str:
    """YAML text of ``data`` under comment lines, with a blank line between top-level keys."""
    body = yaml.dump(data, Dumper=_Dumper)
    lines: list[str] = [*header]
    for line in body.splitlines():
        opens_block = line.endswith(":") and not line.startswith((" ", "-", "#"))
        if opens_block and len(lines) > len(header):
            lines.append("")  # a blank line before each list keeps long ladders readable
        lines.append(line)
    return "\n".join(lines) + "\n"


def dump_ladder(data: dict[str, Any], source_name: str) -> str:
    """``ladder.yaml`` text with the schema modeline and where it was imported from."""
    header = [
        MODELINE,
        f"# Imported from {source_name} by `calib rubric import`. The sheet holds levels,",
        "# dimensions, evidence roles (counts_as), expectations and the ladder's settings;",
        "# level names, summaries and sub-levels, and dimension descriptions and limits live",
        "# here and are kept when the sheet is imported again with --force.",
    ]
    return dump_yaml(data, header)
