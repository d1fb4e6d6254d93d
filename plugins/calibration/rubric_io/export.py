"""Write a ladder back as a sheet, in the long or the wide form, as CSV or a Markdown table.

The export is what the import reads: importing an export gives the same levels,
dimensions, evidence roles, expectations, attribute columns and ladder settings
(``Name:``, ``Description:`` and ``Cumulative:`` rows above the table). The wide
form cannot hold a proficiency or an expectation limited to one track of a
shared level; exporting such a ladder in the wide form says what it leaves out
(the long form holds everything).
"""

from __future__ import annotations

import csv
import io

from calibration.model import Expectation, Ladder, Level
from calibration.rubric_io.cells import Item, render_examples, render_items
from calibration.rubric_io.roles import role_word

EVERY = "*"


def settings_rows(ladder: Ladder) -> list[list[str]]:
    """The ``Name:``, ``Description:`` and ``Cumulative:`` rows that go above the table."""
    rows = [["Name:", ladder.name]] if ladder.name else []
    rows += [["Description:", ladder.description]] if ladder.description else []
    return rows + ([["Cumulative:", "yes"]] if ladder.cumulative else [])


def _attribute_headings(ladder: Ladder) -> list[str]:
    return [f"Attribute: {name}" for _, name in ladder.attributes]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _row_track(exp: Expectation | None, level: Level | None) -> str:
    if exp is not None and exp.track is not None:
        return exp.track
    return ", ".join(level.tracks) if level is not None else ""


def _cell_expectations(ladder: Ladder, level: str | None, dimension: str) -> list[Expectation]:
    return [e for e in ladder.expectations if e.level == level and e.dimension == dimension]


def long_rows(ladder: Ladder) -> list[list[str]]:
    """One row per expectation, and a ``-`` row for each empty cell so nothing is lost."""
    has_tracks = bool(ladder.tracks) or any(lv.tracks for lv in ladder.levels)
    has_groups = any(d.group for d in ladder.dimensions)
    has_proficiency = any(e.proficiency for e in ladder.expectations)
    header = [*(["track"] if has_tracks else []), "level", "order", *_attribute_headings(ladder)]
    header += ["dimension", *(["group"] if has_groups else []), "role", "expectation", "example"]
    header += ["proficiency"] if has_proficiency else []
    rows = [header]

    def row(level: Level | None, dim_index: int, exp: Expectation | None) -> list[str]:
        dim = ladder.dimensions[dim_index]
        out = [_row_track(exp, level)] if has_tracks else []
        out += [level.id if level else EVERY, _number(level.order) if level else ""]
        out += [level.attribute(key) if level else "" for key, _ in ladder.attributes]
        out += [dim.name, *([dim.group] if has_groups else []), role_word(dim.counts_as)]
        out += [exp.text if exp else "-", render_examples(list(exp.examples)) if exp else ""]
        return out + ([exp.proficiency if exp else ""] if has_proficiency else [])

    for level in ladder.levels:
        for index, dim in enumerate(ladder.dimensions):
            cell = _cell_expectations(ladder, level.id, dim.id)
            rows += [row(level, index, exp) for exp in cell] or [row(level, index, None)]
    for index, dim in enumerate(ladder.dimensions):
        rows += [row(None, index, exp) for exp in _cell_expectations(ladder, None, dim.id)]
    return rows


def wide_rows(ladder: Ladder) -> tuple[list[list[str]], list[str]]:
    """One row per dimension, one column per level; also what the wide form had to leave out."""
    every = any(e.level is None for e in ladder.expectations)
    columns: list[Level | None] = [*ladder.levels, *([None] if every else [])]
    rows = [["dimension", *(lv.id if lv else EVERY for lv in columns), "role"]]
    if ladder.tracks or any(lv.tracks for lv in ladder.levels):
        rows.append(["track", *(", ".join(lv.tracks) if lv else "" for lv in columns), ""])
    rows.append(["order", *(_number(lv.order) if lv else "" for lv in columns), ""])
    for (key, _), heading in zip(ladder.attributes, _attribute_headings(ladder), strict=True):
        rows.append([heading, *(lv.attribute(key) if lv else "" for lv in columns), ""])
    group = ""
    for dim in ladder.dimensions:
        if dim.group and dim.group != group:
            rows.append([dim.group, *("" for _ in columns), ""])
        group = dim.group
        cells = []
        for level in columns:
            items = [
                Item(e.text, list(e.examples))
                for e in _cell_expectations(ladder, level.id if level else None, dim.id)
            ]
            cells.append(render_items(items))
        rows.append([dim.name, *cells, role_word(dim.counts_as)])
    return rows, _left_out(ladder)


def _left_out(ladder: Ladder) -> list[str]:
    lost = []
    proficiency = [e for e in ladder.expectations if e.proficiency]
    if proficiency:
        lost.append(f"{len(proficiency)} target proficiency value(s)")
    tracked = [e for e in ladder.expectations if e.track is not None and not _implied(ladder, e)]
    if tracked:
        lost.append(f"the track limit of {len(tracked)} expectation(s) on shared levels")
    if _groups_lossy(ladder):
        lost.append("dimension groups (grouped dimensions must come first, each group together)")
    return lost


def _implied(ladder: Ladder, exp: Expectation) -> bool:
    level = ladder.level(exp.level)
    return level is not None and level.tracks == (exp.track,)


def _groups_lossy(ladder: Ladder) -> bool:
    """True when group heading rows cannot say which dimension is in which group."""
    seen: list[str] = []
    for dim in ladder.dimensions:
        if seen and seen[-1] != dim.group and (dim.group in seen or not dim.group):
            return True  # a heading row opens a group, and nothing closes one
        if not seen or seen[-1] != dim.group:
            seen.append(dim.group)
    return False


def to_csv(rows: list[list[str]], settings: list[list[str]] | None = None) -> str:
    """CSV text that spreadsheets open as is (every multi-line cell quoted), settings first."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([*(settings or []), *rows])
    return buffer.getvalue()


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>") or " "


def to_markdown(rows: list[list[str]], settings: list[list[str]] | None = None) -> str:
    """A Markdown pipe table under its setting lines; line breaks in a cell become ``<br>``."""
    header, *body = rows
    lines = [f"{key} {value.replace(chr(10), '<br>')}" for key, value in settings or []]
    lines += [""] if lines else []
    lines += ["| " + " | ".join(_md_cell(c) for c in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in body]
    return "\n".join(lines) + "\n"
