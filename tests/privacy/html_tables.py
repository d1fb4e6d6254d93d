"""Every HTML table of a page, as data: attributes, caption, sections, rows and cells.

A real HTML parser (the standard library's) reads the pages, so entities in
text and attribute values are decoded the way a browser decodes them, and
``colspan`` is expanded so that a cell sits under the right column heading.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

Document = tuple[str, str]
"""A page of a site: its path and its HTML (or Markdown with raw HTML blocks)."""


@dataclass
class Cell:
    """One ``th`` or ``td`` cell with its attributes and text (entities already decoded)."""

    tag: str
    attrs: dict[str, str]
    text: str = ""
    span: int = 1


@dataclass
class TableRow:
    """One ``tr``: its attributes, the section it sits in and its cells."""

    attrs: dict[str, str]
    section: str
    cells: list[Cell] = field(default_factory=list)

    def by_column(self) -> dict[int, Cell]:
        """Cells by column index, with ``colspan`` expanded."""
        out: dict[int, Cell] = {}
        column = 0
        for cell in self.cells:
            for offset in range(cell.span):
                out[column + offset] = cell
            column += cell.span
        return out


@dataclass
class Table:
    """One ``<table>`` of a page."""

    page: str
    attrs: dict[str, str]
    caption: str = ""
    rows: list[TableRow] = field(default_factory=list)

    @property
    def is_release(self) -> bool:
        """True for a table marked as publishing rating counts."""
        return "calib-release" in self.attrs.get("class", "").split()

    def header_rows(self) -> list[TableRow]:
        """Rows of ``thead``, else the first row when it holds only ``th`` cells."""
        head = [row for row in self.rows if row.section == "thead"]
        if head:
            return head
        first = self.rows[:1]
        return first if first and all(c.tag == "th" for c in first[0].cells) else []

    def body_rows(self) -> list[TableRow]:
        """Every row that is not a header row."""
        head = self.header_rows()
        return [row for row in self.rows if not any(row is h for h in head)]

    def rating_columns(self) -> dict[int, str]:
        """Column index to rating id, from header cells carrying ``data-calib-rating``."""
        out: dict[int, str] = {}
        for row in self.header_rows():
            for index, cell in row.by_column().items():
                rating = cell.attrs.get("data-calib-rating")
                if rating is not None:
                    out[index] = rating
        return out


class _TableParser(HTMLParser):
    """Collects every table of a page, nested ones included."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.tables: list[Table] = []
        self._open: list[Table] = []
        self._section: list[str] = []
        self._cell: Cell | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "table":
            self._close_cell()
            self._open.append(Table(self.page, values))
            self._section.append("")
        elif not self._open:
            return
        elif tag == "caption":
            self._caption = []
        elif tag in ("thead", "tbody", "tfoot"):
            self._section[-1] = tag
        elif tag == "tr":
            self._close_cell()
            self._open[-1].rows.append(TableRow(values, self._section[-1]))
        elif tag in ("th", "td"):
            self._close_cell()
            table = self._open[-1]
            if not table.rows:
                table.rows.append(TableRow({}, self._section[-1]))
            span = int(values["colspan"]) if values.get("colspan", "").isdigit() else 1
            self._cell = Cell(tag, values, span=max(1, span))
            table.rows[-1].cells.append(self._cell)

    def handle_endtag(self, tag: str) -> None:
        if not self._open:
            return
        if tag == "table":
            self._close_cell()
            self.tables.append(self._open.pop())
            self._section.pop()
        elif tag == "caption" and self._caption is not None:
            self._open[-1].caption = _squash("".join(self._caption))
            self._caption = None
        elif tag in ("th", "td", "tr"):
            self._close_cell()
        elif tag in ("thead", "tbody", "tfoot"):
            self._section[-1] = ""

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption.append(data)
        elif self._cell is not None:
            self._cell.text += data

    def _close_cell(self) -> None:
        if self._cell is not None:
            self._cell.text = _squash(self._cell.text)
            self._cell = None


def _squash(text: str) -> str:
    return " ".join(text.split())


def iter_tables(documents: Iterable[Document]) -> list[Table]:
    """Every table of every document, in page order."""
    tables: list[Table] = []
    for page, text in documents:
        parser = _TableParser(page)
        parser.feed(text)
        parser.close()
        tables.extend(parser.tables)
    return tables
