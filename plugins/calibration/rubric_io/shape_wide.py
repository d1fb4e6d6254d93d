"""The wide form: one row per dimension, one column per level, several items per cell.

Row 1 holds a label (anything, for example "Dimension") then the level ids; a
heading of ``*`` (or "all levels") is a column of expectations that hold at
every level, and a heading of ``role`` (or "evidence role") is the column of each
dimension's evidence role (see :mod:`.roles`). Right under it, optional rows
labelled ``track`` and ``order`` give each level's track(s) and order, and rows
labelled ``Attribute: NAME`` each level's value of that attribute column (see
:mod:`.settings`). Every other row starts with a dimension name, which may hold
a ``Role: ...`` line under the name instead of the role column.
A row with a name and no cells is a group heading for the dimensions below it;
a row with cells and no name continues the dimension above (what merged cells
export as). A blank cell is reported: write ``-`` when a level expects nothing.
"""

from __future__ import annotations

from calibration.rubric_io.cells import says_nothing, split_items
from calibration.rubric_io.draft import (
    Draft,
    DraftDimension,
    DraftExpectation,
    DraftLevel,
    spelling_key,
)
from calibration.rubric_io.roles import ROLE_HEADINGS, split_role_line
from calibration.rubric_io.settings import attribute_name
from calibration.rubric_io.tables import Cell, Table

META_ROWS = {"track": "track", "tracks": "track", "order": "order", "levelorder": "order"}


def _role_column(table: Table) -> int | None:
    """Index of the column headed ``role`` (or "evidence role"), if the sheet has one."""
    for cell in table.rows[0][1:]:
        if spelling_key(cell.value) in ROLE_HEADINGS:
            return cell.index
    return None


def _columns(draft: Draft, table: Table) -> tuple[dict[int, DraftLevel | None], set[int]]:
    """Level of each used column (None for an every-level column), and the columns skipped."""
    columns: dict[int, DraftLevel | None] = {}
    skipped: set[int] = set()
    seen: dict[str, Cell] = {}
    role = _role_column(table)
    for cell in table.rows[0][1:]:
        if cell.index == role:
            skipped.add(cell.index)
            continue
        if cell.blank:
            if any(not table.cell(row, cell.index).blank for row in table.rows[1:]):
                skipped.add(cell.index)
                draft.report(
                    cell,
                    "import-column",
                    "error",
                    f"{cell.ref} is empty but the column below it is not; write the level id there",
                )
            continue
        level = draft.level(cell)
        if level is not None and level.id in seen:
            skipped.add(cell.index)
            first = seen[level.id]
            if cell.value == first.value:  # another spelling is already reported as such
                draft.report(
                    cell,
                    "import-duplicate-level",
                    "error",
                    f"level {level.id} is already the heading of {first.ref}; "
                    "give each level one column",
                )
            continue
        if level is not None:
            seen[level.id] = cell
        columns[cell.index] = level
    return columns, skipped


def _meta_kind(draft: Draft, label: Cell) -> str | None:
    """What a row under the header gives: ``track``, ``order``, an attribute id, or None."""
    kind = META_ROWS.get(spelling_key(label.value))
    if kind is not None:
        return kind
    name = attribute_name(label.value)
    return f"attribute:{draft.attribute(label, name)}" if name else None


def _meta_row(
    draft: Draft, row: list[Cell], kind: str, columns: dict[int, DraftLevel | None], table: Table
) -> None:
    for index, level in columns.items():
        cell = table.cell(row, index)
        if level is None:
            continue
        if kind.startswith("attribute:") and not cell.blank:
            draft.set_attribute(level, kind.split(":", 1)[1], cell)
        elif kind == "order" and not cell.blank:
            draft.set_order(level, cell)
        elif kind == "track":
            tracks = draft.track_ids(cell)
            level.tracks.extend(t for t in tracks if t not in level.tracks)
            level.shared = level.shared or not tracks


class _WideReader:
    """Reads dimension rows, keeping the current group and dimension across rows."""

    def __init__(
        self, draft: Draft, table: Table, columns: dict[int, DraftLevel | None], skipped: set[int]
    ) -> None:
        self.draft, self.table, self.columns, self.skipped = draft, table, columns, skipped
        self.role = _role_column(table)
        self.group = ""
        self.dimension: DraftDimension | None = None
        self.first_row: dict[str, list[Cell]] = {}
        self.filled: set[tuple[str, int]] = set()

    def row(self, row: list[Cell]) -> None:
        name = self.table.cell(row, 0)
        cells = [self.table.cell(row, index) for index in self.columns]
        if name.blank and all(cell.blank for cell in cells):
            return
        if all(cell.blank for cell in cells):
            self.group, self.dimension = " ".join(name.value.split()), None
            return
        if not name.blank:
            self._start_dimension(row, name)
            role = self.table.cell(row, self.role) if self.role is not None else None
            if role is not None and not role.blank and self.dimension is not None:
                self.draft.set_role(self.dimension, role.value, role)
        elif self.dimension is None:
            self.draft.report(
                name,
                "import-blank-cell",
                "error",
                f"{name.ref} names no dimension but the row has expectations; write the dimension",
            )
            return
        assert self.dimension is not None
        for cell in cells:
            self._cell(self.dimension, cell)
        self._stray(row)

    def _start_dimension(self, row: list[Cell], name: Cell) -> None:
        dimension = self.draft.dimension(name, self.group)
        spelled = " ".join(split_role_line(name.value)[0].split())
        if dimension.id in self.first_row and spelled == dimension.name:
            first = self.first_row[dimension.id][0]
            self.draft.report(
                name,
                "import-repeated",
                "warning",
                f"dimension {dimension.name!r} already has {first.ref}; the two rows are merged",
            )
        self.first_row.setdefault(dimension.id, row)
        self.dimension = dimension

    def _cell(self, dimension: DraftDimension, cell: Cell) -> None:
        if cell.blank:
            return
        self.filled.add((dimension.id, cell.index))
        if says_nothing(cell.value):
            return
        level = self.columns[cell.index]
        for item in split_items(cell.text):
            self.draft.add(
                DraftExpectation(
                    dimension=dimension.id,
                    text=item.text,
                    cell=cell,
                    level=level.id if level is not None else None,
                    examples=item.examples,
                )
            )

    def _stray(self, row: list[Cell]) -> None:
        for cell in row[1:]:
            if cell.index not in self.columns and cell.index not in self.skipped and not cell.blank:
                self.draft.report(
                    cell,
                    "import-column",
                    "warning",
                    f"{cell.ref} is under no level heading; it is not imported",
                )

    def report_blanks(self) -> None:
        """Warn once per dimension and level whose cells were all left blank."""
        for dim_id, row in self.first_row.items():
            for index, level in self.columns.items():
                if (dim_id, index) not in self.filled:
                    cell = self.table.cell(row, index)
                    where = level.id if level is not None else "every level"
                    self.draft.report(
                        cell,
                        "import-blank-cell",
                        "warning",
                        f"{cell.ref} is blank: nothing for {self.draft.dimensions[dim_id].name} "
                        f"at {where}; write - if nothing is expected there",
                    )


def read_wide(draft: Draft, table: Table) -> None:
    """Add a wide-form table to the draft."""
    columns, skipped = _columns(draft, table)
    rows = table.rows[1:]
    while rows:
        kind = _meta_kind(draft, table.cell(rows[0], 0))
        if kind is None:
            break
        _meta_row(draft, rows[0], kind, columns, table)
        rows = rows[1:]
    reader = _WideReader(draft, table, columns, skipped)
    for row in rows:
        reader.row(row)
    reader.report_blanks()
