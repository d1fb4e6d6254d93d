"""Read a sheet into tables of located cells: CSV (any common delimiter) or Markdown tables.

Every cell keeps where it came from so each problem can be reported at
``file:row:column``. For CSV the row is the spreadsheet row (a record, however
many lines its cells span) and the column is the spreadsheet column; for
Markdown the row is the line and the column the character where the cell starts.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from calibration.diagnostics import Diagnostic
from calibration.rubric_io.text import clean

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SEPARATOR_CELL = re.compile(r"^:?-{1,}:?$")


def column_letter(index: int) -> str:
    """Spreadsheet name of a 0-based column index (0 is A, 26 is AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


@dataclass(frozen=True)
class Cell:
    """One cleaned cell and its place in the file."""

    row: int
    column: int
    index: int
    text: str
    ref: str

    @property
    def blank(self) -> bool:
        """True when the cell holds nothing but spaces."""
        return not self.text.strip()

    @property
    def value(self) -> str:
        """The cell text without surrounding spaces."""
        return self.text.strip()


@dataclass
class Table:
    """A table of the sheet: a header row and the rows below it."""

    rows: list[list[Cell]] = field(default_factory=list)

    def without_title(self) -> Table:
        """The table from its header on: leading rows with fewer than two cells are a title."""
        rows = list(self.rows)
        while len(rows) > 1 and sum(not c.blank for c in rows[0]) < 2:
            rows.pop(0)
        return Table(rows)

    def cell(self, row: list[Cell], index: int) -> Cell:
        """The cell of ``row`` at column ``index``; a row too short gets a blank cell."""
        if index < len(row):
            return row[index]
        last = row[-1] if row else None
        line = last.row if last else 1
        return Cell(line, index + 1, index, "", f"{column_letter(index)}{line}")


def make_cell(
    file: str,
    where: tuple[int, int, int],
    raw: str,
    ref: str,
    out: list[Diagnostic],
    exact: Callable[[str], int] | None = None,
) -> Cell:
    """A cleaned cell at (row, column, index), reporting what cleaning replaced or removed.

    ``exact`` gives the column of a character in a text file, where the column is
    the character's own; in CSV it is the spreadsheet column of the cell.
    """
    row, column, index = where
    text, hidden, first = clean(raw)
    if hidden:
        stray = raw.replace("\r\n", "\n").replace("\r", "\n")[first or 0]
        out.append(
            Diagnostic(
                file,
                row,
                exact(stray) if exact is not None else column,
                "import-hidden-character",
                "warning",
                f"{ref} holds {', '.join(hidden)}; replaced with plain spaces or removed "
                "(fix the sheet too, or the next import warns again)",
            )
        )
    return Cell(row, column, index, text, ref)


def _delimiter(first_line: str) -> str:
    """The delimiter a header line uses: the most frequent of comma, semicolon and tab."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(text: str, file: str) -> tuple[list[Table], list[Diagnostic]]:
    """Read CSV (comma, semicolon or tab separated) into one table."""
    diagnostics: list[Diagnostic] = []
    first, _, rest = text.partition("\n")
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        delimiter, text = first.strip()[4], rest  # Excel's hint line names the delimiter
    else:
        delimiter = _delimiter(first)
    table = Table()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            table.rows.append(
                [
                    make_cell(
                        file,
                        (number, i + 1, i),
                        raw,
                        f"cell {column_letter(i)}{number}",
                        diagnostics,
                    )
                    for i, raw in enumerate(record)
                ]
            )
    except csv.Error as exc:
        diagnostics.append(
            Diagnostic(
                file, number + 1, 1, "import-syntax", "error", f"cannot read this row as CSV: {exc}"
            )
        )
    return [table], diagnostics


def _split_row(line: str) -> list[tuple[int, str]]:
    """Split one Markdown table line into (0-based start column, raw text) per cell."""
    cells: list[tuple[int, str]] = []
    start, escaped = 0, False
    body = line.rstrip()
    lead = len(body) - len(body.lstrip())
    if body.lstrip().startswith("|"):
        start = lead + 1
    for i in range(start, len(body)):
        char = body[i]
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            cells.append((start, body[start:i]))
            start = i + 1
    if start < len(body) and body[start:].strip():
        cells.append((start, body[start:]))
    return cells


def is_separator(line: str) -> bool:
    """True for the ``|---|---|`` line under a Markdown table's header."""
    cells = _split_row(line)
    return bool(cells) and all(_SEPARATOR_CELL.match(raw.strip()) for _, raw in cells)


def _md_cell(
    file: str, number: int, index: int, start: int, raw: str, out: list[Diagnostic]
) -> Cell:
    text = _BR.sub("\n", raw.strip()).replace("\\|", "|")
    column = start + 1 + (len(raw) - len(raw.lstrip()))

    def exact(char: str) -> int:
        # a Markdown file is text: point at the character itself, not at its cell
        return start + 1 + max(raw.find(char), 0)

    return make_cell(
        file, (number, column, index), text, f"line {number} cell {index + 1}", out, exact
    )


def read_markdown(text: str, file: str) -> tuple[list[Table], list[Diagnostic]]:
    """Read every Markdown pipe table of the file; each one is read as its own sheet."""
    diagnostics: list[Diagnostic] = []
    tables: list[Table] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines) - 1:
        if "|" not in lines[i] or not is_separator(lines[i + 1]):
            i += 1
            continue
        table = Table()
        rows = [i, *range(i + 2, len(lines))]
        for number in rows:
            line = lines[number]
            if number > i and (not line.strip() or "|" not in line):
                break
            cells = _split_row(line)
            table.rows.append(
                [
                    _md_cell(file, number + 1, k, start, raw, diagnostics)
                    for k, (start, raw) in enumerate(cells)
                ]
            )
            i = number
        tables.append(table)
        i += 1
    return tables, diagnostics


def detect_format(name: str, text: str) -> str:
    """``markdown`` or ``csv``, from the file name, else from the content."""
    lower = name.lower()
    if lower.endswith((".md", ".markdown")):
        return "markdown"
    if lower.endswith((".csv", ".tsv")):
        return "csv"
    lines = text.split("\n")
    for a, b in itertools.pairwise(lines):
        if "|" in a and is_separator(b):
            return "markdown"
    return "csv"
