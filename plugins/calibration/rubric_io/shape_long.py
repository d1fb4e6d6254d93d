"""The long form: one row per expectation, in ``level``, ``dimension`` and ``expectation`` columns.

Optional columns: ``track`` (one id, or several separated by commas), ``order``
(the level's order), ``group`` (the dimension's group), ``role`` (the dimension's
evidence role, see :mod:`.roles`), ``example`` (one per line or bullet),
``proficiency``, and ``Attribute: NAME`` columns (the level's value of that
attribute column; see :mod:`.settings`). Level and dimension values may be
repeated on every row of the level or dimension, and must then agree.

A level of ``*`` means every level; an expectation of ``-`` registers the level
and dimension with nothing expected; a row with only an example adds it to the
expectation above. A blank level or dimension is taken from the row above (what
merged cells export as).
"""

from __future__ import annotations

from calibration.rubric_io.cells import says_nothing, split_examples
from calibration.rubric_io.draft import (
    Draft,
    DraftDimension,
    DraftExpectation,
    DraftLevel,
    spelling_key,
)
from calibration.rubric_io.roles import ROLE_HEADINGS
from calibration.rubric_io.settings import attribute_name
from calibration.rubric_io.tables import Cell, Table

COLUMNS = {
    "track": "track",
    "tracks": "track",
    "level": "level",
    "levelid": "level",
    "dimension": "dimension",
    "expectation": "expectation",
    "expectations": "expectation",
    "example": "example",
    "examples": "example",
    "proficiency": "proficiency",
    "order": "order",
    "levelorder": "order",
    "group": "group",
    "dimensiongroup": "group",
    **dict.fromkeys(ROLE_HEADINGS, "role"),
}


def header_columns(row: list[Cell]) -> dict[str, int]:
    """Map known column names (any case, spacing or hyphenation) to their index."""
    found: dict[str, int] = {}
    for cell in row:
        name = COLUMNS.get(spelling_key(cell.value))
        if name is not None and name not in found:
            found[name] = cell.index
    return found


def is_long(table: Table) -> bool:
    """True when the header names a dimension and an expectation column."""
    columns = header_columns(table.rows[0]) if table.rows else {}
    return "dimension" in columns and "expectation" in columns


def attribute_columns(draft: Draft, row: list[Cell]) -> dict[int, str]:
    """Index and attribute id of each ``Attribute: NAME`` column."""
    found: dict[int, str] = {}
    for cell in row:
        name = attribute_name(cell.value)
        if name:
            found[cell.index] = draft.attribute(cell, name)
    return found


def _check_header(
    draft: Draft, table: Table, columns: dict[str, int], attributes: dict[int, str]
) -> bool:
    header = table.rows[0]
    used = set(columns.values()) | set(attributes)
    for cell in header:
        if cell.index not in used and not cell.blank:
            known = ", ".join([*sorted(set(COLUMNS.values())), "Attribute: NAME"])
            draft.report(
                cell,
                "import-column",
                "warning",
                f"column {cell.value!r} is not read (known columns: {known})",
            )
    if "level" not in columns:
        draft.report(
            header[0],
            "import-column",
            "error",
            "the long form needs a level column (next to dimension and expectation)",
        )
        return False
    return True


class _LongReader:
    """Reads rows in order, remembering the row above for blank cells and example rows."""

    def __init__(
        self, draft: Draft, table: Table, columns: dict[str, int], attributes: dict[int, str]
    ) -> None:
        self.draft, self.table, self.columns = draft, table, columns
        self.attributes = attributes
        self.level_cell: Cell | None = None
        self.dimension_cell: Cell | None = None
        self.last: DraftExpectation | None = None

    def get(self, row: list[Cell], name: str) -> Cell | None:
        index = self.columns.get(name)
        return None if index is None else self.table.cell(row, index)

    def _inherit(self, cell: Cell, above: Cell | None, what: str) -> Cell | None:
        if not cell.blank:
            return cell
        if above is None:
            self.draft.report(
                cell, "import-blank-cell", "error", f"no {what} in {cell.ref}; fill it in"
            )
            return None
        self.draft.report(
            cell,
            "import-blank-cell",
            "warning",
            f"no {what} in {cell.ref}; using {above.value!r} from the row above",
        )
        return above

    def row(self, row: list[Cell]) -> None:
        if all(cell.blank for cell in row):
            return
        example = self.get(row, "example")
        text_cell = self.table.cell(row, self.columns["expectation"])
        if text_cell.blank and example is not None and not example.blank and self.last is not None:
            # an example on a row of its own belongs to the expectation above
            self.last.examples.extend(split_examples(example.text))
            return
        level_cell = self._inherit(
            self.table.cell(row, self.columns["level"]), self.level_cell, "level"
        )
        dim_cell = self._inherit(
            self.table.cell(row, self.columns["dimension"]), self.dimension_cell, "dimension"
        )
        if level_cell is None or dim_cell is None:
            return
        self.level_cell, self.dimension_cell = level_cell, dim_cell
        level, dimension = self.draft.level(level_cell), self.draft.dimension(dim_cell)
        self._attributes(row, level, dimension)
        self._expectation(row, level, dimension)

    def _attributes(
        self, row: list[Cell], level: DraftLevel | None, dimension: DraftDimension
    ) -> None:
        order, group = self.get(row, "order"), self.get(row, "group")
        if level is not None and order is not None and not order.blank:
            self.draft.set_order(level, order)
        if group is not None and not group.blank and not dimension.group:
            dimension.group = " ".join(group.value.split())
        role = self.get(row, "role")
        if role is not None and not role.blank:
            self.draft.set_role(dimension, role.value, role)
        for index, attr_id in self.attributes.items():
            cell = self.table.cell(row, index)
            if level is not None and not cell.blank:
                self.draft.set_attribute(level, attr_id, cell)

    def _tracks(self, row: list[Cell], level: DraftLevel | None) -> list[str]:
        cell = self.get(row, "track")
        tracks = self.draft.track_ids(cell) if cell is not None else []
        if level is not None and cell is not None:
            if not tracks:
                level.shared = True
            level.tracks.extend(t for t in tracks if t not in level.tracks)
        return tracks

    def _expectation(
        self, row: list[Cell], level: DraftLevel | None, dimension: DraftDimension
    ) -> None:
        tracks = self._tracks(row, level)
        text_cell = self.table.cell(row, self.columns["expectation"])
        example_cell, proficiency = self.get(row, "example"), self.get(row, "proficiency")
        examples = split_examples(example_cell.text) if example_cell is not None else []
        if text_cell.blank:
            self.draft.report(
                text_cell,
                "import-blank-cell",
                "warning",
                f"no expectation in {text_cell.ref}; write - if nothing is expected here",
            )
            return
        if says_nothing(text_cell.value):
            self.last = None
            return
        self.last = self.draft.add(
            DraftExpectation(
                dimension=dimension.id,
                text="\n".join(line.strip() for line in text_cell.value.split("\n")),
                cell=text_cell,
                level=level.id if level is not None else None,
                row_tracks=tracks,
                examples=examples,
                proficiency=proficiency.value if proficiency is not None else "",
            )
        )


def read_long(draft: Draft, table: Table) -> None:
    """Add a long-form table to the draft."""
    columns = header_columns(table.rows[0])
    attributes = attribute_columns(draft, table.rows[0])
    if not _check_header(draft, table, columns, attributes):
        return
    reader = _LongReader(draft, table, columns, attributes)
    for row in table.rows[1:]:
        reader.row(row)
