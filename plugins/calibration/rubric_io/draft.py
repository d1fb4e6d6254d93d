"""The rubric as read from a sheet, before it becomes YAML: names resolved to ids, problems kept.

Both sheet shapes feed the same :class:`Draft`, which owns the rules a sheet
must follow whatever its shape: one spelling per level, dimension and track;
level orders that agree; no expectation listed twice.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from calibration.diagnostics import Diagnostic, Severity
from calibration.rubric_io.tables import Cell

ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
EVERY_LEVEL = frozenset({"*", "all", "all levels", "every level", "every-level", "any level"})
"""Level headings that mean the expectation holds at every level."""


def spelling_key(text: str) -> str:
    """What two spellings of one name share: case, spaces, hyphens and underscores ignored."""
    return re.sub(r"[\s_\-]+", "", text.casefold())


def slug(text: str) -> str:
    """A lowercase, hyphenated id made of ASCII letters and digits (may be empty)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:64]


@dataclass
class Known:
    """Ids of the ladder being replaced, so a re-import keeps the ids people already use."""

    levels: dict[str, str] = field(default_factory=dict)
    dimensions: dict[str, str] = field(default_factory=dict)
    tracks: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_ladder(cls, data: dict[str, Any] | None) -> Known:
        """Index an existing ``ladder.yaml`` by exact level id and by spelling of every name."""
        known = cls()
        data = data or {}
        for key, target in (
            ("levels", known.levels),
            ("dimensions", known.dimensions),
            ("tracks", known.tracks),
        ):
            items = data.get(key)
            for item in items if isinstance(items, list) else []:
                if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                    continue
                if isinstance(item.get("name"), str):
                    target.setdefault(spelling_key(item["name"]), item["id"])
                if key == "levels":
                    target[item["id"]] = item["id"]  # level ids match exactly: people hold them
                else:
                    target.setdefault(spelling_key(item["id"]), item["id"])
        return known

    def find(self, kind: str, spelled: str) -> str | None:
        """The existing id a sheet spelling stands for, if any."""
        table = {"level": self.levels, "dimension": self.dimensions, "track": self.tracks}[kind]
        return table.get(spelled) or table.get(spelling_key(spelled))


@dataclass
class DraftLevel:
    """A level of the sheet."""

    id: str
    name: str
    cell: Cell
    order: float | None = None
    order_cell: Cell | None = None
    tracks: list[str] = field(default_factory=list)
    shared: bool = False


@dataclass
class DraftDimension:
    """A dimension of the sheet."""

    id: str
    name: str
    cell: Cell
    group: str = ""


@dataclass
class DraftExpectation:
    """An expectation of the sheet; ``row_tracks`` is what its row said about tracks."""

    dimension: str
    text: str
    cell: Cell
    level: str | None = None
    row_tracks: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    proficiency: str = ""


@dataclass
class Draft:
    """Everything read from the sheet so far, and every problem found."""

    file: str
    known: Known = field(default_factory=Known)
    levels: dict[str, DraftLevel] = field(default_factory=dict)
    dimensions: dict[str, DraftDimension] = field(default_factory=dict)
    tracks: dict[str, str] = field(default_factory=dict)
    expectations: list[DraftExpectation] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    has_track_info: bool = False
    _spellings: dict[tuple[str, str], tuple[str, Cell, str]] = field(default_factory=dict)

    def report(self, cell: Cell, rule: str, severity: Severity, message: str) -> None:
        """Record a problem at the cell's row and column."""
        self.diagnostics.append(
            Diagnostic(self.file, cell.row, cell.column, rule, severity, message)
        )

    def _resolve(self, kind: str, spelled: str, cell: Cell) -> str:
        """The id of a name, reporting a second spelling of a name already seen."""
        key = spelling_key(spelled)
        seen = self._spellings.get((kind, key))
        if seen is None:
            new_id = self.known.find(kind, spelled) or self._new_id(kind, spelled)
            self._spellings[(kind, key)] = (spelled, cell, new_id)
            return new_id
        first, first_cell, known_id = seen
        if spelled != first:
            self.report(
                cell,
                f"import-{kind}-spelling",
                "error",
                f"{kind} {spelled!r} ({cell.ref}) is spelled {first!r} in {first_cell.ref}; "
                f"did you mean {first!r}? Use one spelling in both places",
            )
        return known_id

    def _new_id(self, kind: str, spelled: str) -> str:
        made = spelled if kind != "dimension" and ID.match(spelled) else slug(spelled)
        if not made:
            # a name without Latin letters gets a numbered id and keeps its text as the name
            made = f"{kind}-{len(self._spellings) + 1}"
        return made

    def level(self, cell: Cell) -> DraftLevel | None:
        """The level a cell names (None for an every-level heading such as ``*``)."""
        spelled = " ".join(cell.value.split())
        if spelled.lower() in EVERY_LEVEL:
            return None
        level_id = self._resolve("level", spelled, cell)
        if level_id not in self.levels:
            self.levels[level_id] = DraftLevel(level_id, spelled, cell)
        return self.levels[level_id]

    def dimension(self, cell: Cell, group: str = "") -> DraftDimension:
        """The dimension a cell names, created on first sight."""
        spelled = " ".join(cell.value.split())
        dim_id = self._resolve("dimension", spelled, cell)
        if dim_id not in self.dimensions:
            self.dimensions[dim_id] = DraftDimension(dim_id, spelled, cell, group)
        elif group and not self.dimensions[dim_id].group:
            self.dimensions[dim_id].group = group
        return self.dimensions[dim_id]

    def track_ids(self, cell: Cell) -> list[str]:
        """Track ids of a cell, which may list several separated by commas or semicolons."""
        self.has_track_info = True
        out = []
        for part in re.split(r"[,;\n]", cell.value):
            spelled = " ".join(part.split())
            if spelled:
                track_id = self._resolve("track", spelled, cell)
                self.tracks.setdefault(track_id, spelled)
                out.append(track_id)
        return out

    def set_order(self, level: DraftLevel, cell: Cell) -> None:
        """Record a level's order from a cell; two different orders for one level are an error."""
        try:
            order = float(cell.value.replace(",", "."))
        except ValueError:
            self.report(
                cell,
                "import-order",
                "error",
                f"order {cell.value!r} of {level.id} is not a number; write one such as 3 or 3.5",
            )
            return
        if level.order is not None and level.order != order and level.order_cell is not None:
            self.report(
                cell,
                "import-order",
                "error",
                f"level {level.id} has order {order:g} here but {level.order:g} in "
                f"{level.order_cell.ref}; give it one order",
            )
            return
        level.order, level.order_cell = order, cell

    def add(self, expectation: DraftExpectation) -> DraftExpectation:
        """Add an expectation; an exact repeat is reported and merged into the first one."""
        for other in self.expectations:
            same = (other.level, other.dimension, other.row_tracks, other.text)
            if same == (
                expectation.level,
                expectation.dimension,
                expectation.row_tracks,
                expectation.text,
            ):
                self.report(
                    expectation.cell,
                    "import-repeated",
                    "warning",
                    f"this expectation repeats the one in {other.cell.ref}; it is imported once",
                )
                other.examples.extend(e for e in expectation.examples if e not in other.examples)
                return other
        self.expectations.append(expectation)
        return expectation
