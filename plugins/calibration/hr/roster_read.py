"""Read an HR roster export (CSV) into rows of located cells.

Only the shape is checked here: the header, the encoding, required cells and the
syntax of handles, dates and usernames. Whether a level, team or manager exists
is a question for :mod:`calibration.hr.roster_check`, which knows the repository.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from calibration.diagnostics import Diagnostic, Severity
from calibration.rubric_io.tables import Cell, Table, read_csv
from calibration.rubric_io.text import decode, has_undecodable
from calibration.scaffold.text import schema_enum, schema_pattern

REQUIRED = ("handle", "name", "level", "team", "manager", "start_date")
OPTIONAL = ("git_username", "role", "track", "sublevel", "email")
"""Read when present; a blank cell keeps what the person's file says."""
NO_MANAGER = "none"
"""A manager cell saying there is none (as ``calib new person`` takes it); blank does too."""

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class RosterRow:
    """One person of the roster: their cells by column name, and the row they came from."""

    row: int
    cells: dict[str, Cell]

    def value(self, column: str) -> str:
        """The cell's text without surrounding spaces, or "" when the column is absent."""
        cell = self.cells.get(column)
        return cell.value if cell is not None else ""

    def cell(self, column: str) -> Cell:
        """The cell of one column (the row's first cell when the column is absent)."""
        return self.cells.get(column) or next(iter(self.cells.values()))


@dataclass
class Roster:
    """Every row of a roster file, and what is wrong with it."""

    file: str
    rows: list[RosterRow] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, cell: Cell, rule: str, message: str, *, warning: bool = False) -> None:
        """Record a problem at a cell's row and column."""
        severity: Severity = "warning" if warning else "error"
        self.diagnostics.append(
            Diagnostic(self.file, cell.row, cell.column, rule, severity, message)
        )


def column_key(name: str) -> str:
    """A header name as a column id: any case, spaces, dashes or underscores (``Start Date``)."""
    return re.sub(r"[\s_-]+", "", name.casefold())


_KNOWN = {column_key(c): c for c in (*REQUIRED, *OPTIONAL)}


def _table(raw: bytes, roster: Roster) -> Table | None:
    """The sheet's one table, or None after reporting why it cannot be read."""
    decoded = decode(raw)
    if decoded.text is None:
        roster.diagnostics.append(
            Diagnostic(roster.file, 1, 1, "roster-encoding", "error", decoded.problem or "")
        )
        return None
    tables, problems = read_csv(decoded.text, roster.file)
    table = tables[0].without_title()
    if decoded.problem is not None:
        bad = next((c for r in table.rows for c in r if has_undecodable(c.text)), None)
        where = f"{bad.ref} holds the first byte that is not UTF-8; " if bad else ""
        roster.diagnostics.append(
            Diagnostic(
                roster.file,
                bad.row if bad else 1,
                bad.column if bad else 1,
                "roster-encoding",
                "error",
                where + decoded.problem,
            )
        )
        return None
    roster.diagnostics.extend(problems)
    if not any(not c.blank for r in table.rows for c in r):
        roster.diagnostics.append(
            Diagnostic(roster.file, 1, 1, "roster-columns", "error", "the file holds no rows")
        )
        return None
    return table


def _header(table: Table, roster: Roster) -> dict[str, int] | None:
    """Column name -> index from the header row, or None when a required column is missing."""
    header = table.rows[0]
    columns: dict[str, int] = {}
    ignored = []
    for cell in header:
        name = _KNOWN.get(column_key(cell.value))
        if name is None:
            if not cell.blank:
                ignored.append(cell.value)
        elif name in columns:
            roster.report(cell, "roster-columns", f"a second {name} column; keep one")
        else:
            columns[name] = cell.index
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        roster.report(
            header[0],
            "roster-columns",
            f"the header row lacks {', '.join(missing)}; the roster needs the columns "
            f"{', '.join(REQUIRED)} (optional: {', '.join(OPTIONAL)})",
        )
        return None
    if ignored:
        roster.report(
            header[0],
            "roster-columns",
            f"not read: {', '.join(repr(c) for c in ignored)} (the import reads "
            f"{', '.join((*REQUIRED, *OPTIONAL))})",
            warning=True,
        )
    return columns


def read_roster(raw: bytes, file: str) -> Roster:
    """Read the roster's header and rows; every cell problem is reported, nothing raises."""
    roster = Roster(file)
    table = _table(raw, roster)
    columns = _header(table, roster) if table is not None else None
    if table is None or columns is None:
        return roster
    for cells in table.rows[1:]:
        if all(c.blank for c in cells):
            continue
        row = RosterRow(cells[0].row, {name: table.cell(cells, i) for name, i in columns.items()})
        roster.rows.append(row)
        check_syntax(row, roster)
    if not roster.rows:
        roster.report(
            table.rows[0][0],
            "roster-columns",
            "the roster lists nobody; export every current person (the import marks anyone "
            "missing as having left)",
        )
    return roster


def check_syntax(row: RosterRow, roster: Roster) -> None:
    """Report cells whose text cannot be right whatever the repository holds."""
    for name, cell in row.cells.items():
        if "\n" in cell.value:
            roster.report(
                cell,
                "roster-value",
                f"{cell.ref} ({name}) holds a line break; put the value on one line",
            )
    for name in ("handle", "name", "level", "team", "start_date"):
        if not row.value(name):
            roster.report(row.cell(name), "roster-value", f"{name} is blank; fill it in")
    handle = row.value("handle")
    if handle and not is_handle(handle):
        slug = re.sub(r"[^a-z0-9]+", "-", handle.casefold()).strip("-")[:64] or "a-handle"
        roster.report(
            row.cell("handle"),
            "roster-handle",
            f"handle {handle!r} cannot be a folder name: use lower-case letters, digits and "
            f"dashes, starting with a letter or digit, at most 64 (for example {slug!r})",
        )
    _check_date(row, "start_date", roster)
    git = row.value("git_username")
    git_pattern = schema_pattern("person", "properties", "git_username")
    if git and not re.fullmatch(git_pattern, git):
        roster.report(
            row.cell("git_username"),
            "roster-value",
            f"git_username {git!r} is not a username on a git host (letters, digits and "
            "dashes, at most 39); correct it or leave the cell blank",
        )
    role = row.value("role")
    roles = schema_enum("person", "properties", "role")
    if role and role not in roles:
        roster.report(
            row.cell("role"), "roster-value", f"role {role!r} is not one of {', '.join(roles)}"
        )


def is_handle(value: str) -> bool:
    """True when ``value`` can be a handle, and so a folder name under ``people/``."""
    pattern = schema_pattern("person", "properties", "handle")
    return len(value) <= 64 and re.fullmatch(pattern, value) is not None


def is_date(value: str) -> bool:
    """True for a real calendar day written YYYY-MM-DD."""
    if not _DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _check_date(row: RosterRow, name: str, roster: Roster) -> None:
    value = row.value(name)
    if value and not is_date(value):
        roster.report(
            row.cell(name),
            "roster-date",
            f"{name} {value!r} is not a date written YYYY-MM-DD; export the column as "
            "ISO dates (a day like 03/05/2021 means two different days in two countries)",
        )
