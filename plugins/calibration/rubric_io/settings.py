"""The ladder's own settings in a sheet: ``Name:``, ``Description:`` and ``Cumulative:`` lines.

Above the table, a line of a Markdown file or a row of a CSV file (the label in
its first cell, the value after the colon or in the next cell) gives the
ladder's name, its description, and whether each level includes the
expectations of the levels below it (``Cumulative: yes`` or ``no``). Attribute
columns of the levels table are named inside the table: a wide-form row
labelled ``Attribute: Scope`` right under the header, or a long-form column
headed ``Attribute: Scope``.

What the sheet leaves out is left out: the description, the cumulative flag and
the attribute columns of the ladder being replaced describe that ladder, and a
template's text must not end up describing another org's. Only the name is
kept when the sheet gives none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from calibration.diagnostics import Diagnostic
from calibration.load.positions import Document
from calibration.rubric_io.draft import Draft
from calibration.rubric_io.tables import Cell, Table, is_separator, make_cell

_SETTING = re.compile(
    r"^[*_]*\s*(name|description|cumulative)\s*[*_]*\s*:\s*[*_]*\s*(.*)$",
    re.IGNORECASE | re.DOTALL,
)
ATTRIBUTE = re.compile(r"^attribute\s*:\s*(.+)$", re.IGNORECASE | re.DOTALL)
"""A wide-form row label or a long-form column heading naming an attribute column."""
_YES = frozenset({"yes", "y", "true", "1", "on"})
_NO = frozenset({"no", "n", "false", "0", "off"})
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class Setting:
    """One ``Key: value`` setting and the cell (or line) it was written in."""

    key: str
    value: str
    cell: Cell


def attribute_name(text: str) -> str | None:
    """The attribute a heading such as ``Attribute: Scope of impact`` names, or None."""
    match = ATTRIBUTE.match(text.strip())
    return " ".join(match.group(1).split()) if match else None


def take_rows(table: Table) -> tuple[Table, list[Setting]]:
    """The setting rows above a CSV table's header, and the table without them."""
    rows: list[list[Cell]] = []
    found: list[Setting] = []
    for position, row in enumerate(table.rows):
        filled = [cell for cell in row if not cell.blank]
        match = _SETTING.match(filled[0].value) if filled else None
        if match:
            value = match.group(2).strip() or (filled[1].value if len(filled) > 1 else "")
            found.append(Setting(match.group(1).lower(), value, filled[0]))
            continue
        if len(filled) >= 2:  # the header: settings only come above it
            rows.extend(table.rows[position:])
            break
        rows.append(row)
    return Table(rows), found


def markdown_lines(text: str, file: str, out: list[Diagnostic]) -> list[Setting]:
    """The setting lines of a Markdown file above its first table."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found: list[Setting] = []
    for number, line in enumerate(lines, start=1):
        if "|" in line and number < len(lines) and is_separator(lines[number]):
            break
        if not _SETTING.match(line.strip()):
            continue  # prose around the table is not imported, whatever it holds
        column = len(line) - len(line.lstrip()) + 1
        cell = make_cell(file, (number, column, 0), line.strip(), f"line {number}", out)
        match = _SETTING.match(cell.value)
        if match:
            value = _BR.sub("\n", match.group(2)).strip()
            found.append(Setting(match.group(1).lower(), value, cell))
    return found


def apply_settings(draft: Draft, settings: list[Setting]) -> None:
    """Record the sheet's settings on the draft; a repeated or unreadable one is an error."""
    for setting in settings:
        if setting.key in draft.settings:
            first = draft.settings[setting.key][1]
            draft.report(
                setting.cell,
                "import-setting",
                "error",
                f"{setting.key} is already given in {first.ref}; give it once",
            )
            continue
        value: str | bool = setting.value
        if setting.key == "cumulative":
            word = setting.value.strip().lower()
            if word not in _YES | _NO:
                draft.report(
                    setting.cell,
                    "import-setting",
                    "error",
                    f"Cumulative: {setting.value!r} is neither yes nor no; write one of them",
                )
                continue
            value = word in _YES
        draft.settings[setting.key] = (value, setting.cell)


def settings_data(draft: Draft) -> dict[str, Any]:
    """The ladder keys the sheet's settings and attribute columns give, in file order."""
    data: dict[str, Any] = {}
    name = draft.settings.get("name")
    if name and name[0]:
        data["name"] = name[0]
    description = draft.settings.get("description")
    if description and description[0]:
        data["description"] = description[0]
    if "cumulative" in draft.settings:
        data["cumulative"] = draft.settings["cumulative"][0]
    if draft.attributes:
        data["attributes"] = [
            {"id": attr_id, **({"name": name} if name != attr_id else {})}
            for attr_id, name in draft.attributes.items()
        ]
    return data


def dropped(draft: Draft, existing: Document) -> list[Diagnostic]:
    """Warnings for the replaced ladder's settings the sheet does not carry on."""
    old = existing.data
    heard = set(draft.settings)
    out = []
    if old.get("description") and "description" not in heard:
        out.append(("description", "the description", "a 'Description: ...' line"))
    if old.get("cumulative") is True and "cumulative" not in heard:
        out.append(("cumulative", "cumulative: true", "a 'Cumulative: yes' line"))
    if old.get("attributes") and not draft.attributes:
        out.append(("attributes", "the attribute columns", "'Attribute: NAME' rows or columns"))
    return [
        existing.diagnostic(
            (key,),
            "import-setting",
            "warning",
            f"{what} of the current ladder is not in the sheet and is left out; "
            f"if it still holds, add {how} to the sheet (see `calib rubric export`)",
        )
        for key, what, how in out
    ]
