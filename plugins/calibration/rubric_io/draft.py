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
from calibration.rubric_io.roles import ROLE_CHOICES, parse_role, role_word, split_role_line
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
    attributes: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    """The evidence role (``counts_as``) each dimension id already has."""

    @classmethod
    def from_ladder(cls, data: dict[str, Any] | None) -> Known:
        """Index an existing ``ladder.yaml`` by exact level id and by spelling of every name."""
        known = cls()
        data = data or {}
        for key, target in (
            ("levels", known.levels),
            ("dimensions", known.dimensions),
            ("tracks", known.tracks),
            ("attributes", known.attributes),
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
                if key == "dimensions" and isinstance(item.get("counts_as"), str):
                    known.roles[item["id"]] = item["counts_as"]
        return known

    def find(self, kind: str, spelled: str) -> str | None:
        """The existing id a sheet spelling stands for, if any."""
        table = {
            "level": self.levels,
            "dimension": self.dimensions,
            "track": self.tracks,
            "attribute": self.attributes,
        }[kind]
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
    attributes: dict[str, tuple[str, Cell]] = field(default_factory=dict)


@dataclass
class DraftDimension:
    """A dimension of the sheet."""

    id: str
    name: str
    cell: Cell
    group: str = ""
    role: str | None = None
    role_cell: Cell | None = None


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
    attributes: dict[str, str] = field(default_factory=dict)
    """Attribute columns the sheet names (id to name), in the order it names them."""
    settings: dict[str, tuple[str | bool, Cell]] = field(default_factory=dict)
    """The ladder's own settings the sheet gives (name, description, cumulative)."""
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
        made = spelled if kind in ("level", "track") and ID.match(spelled) else slug(spelled)
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
        """The dimension a cell names, created on first sight; a ``Role:`` line gives its role."""
        name, role = split_role_line(cell.value)
        spelled = " ".join(name.split())
        dim_id = self._resolve("dimension", spelled, cell)
        if dim_id not in self.dimensions:
            self.dimensions[dim_id] = DraftDimension(dim_id, spelled, cell, group)
        elif group and not self.dimensions[dim_id].group:
            self.dimensions[dim_id].group = group
        if role is not None:
            self.set_role(self.dimensions[dim_id], role, cell)
        return self.dimensions[dim_id]

    def set_role(self, dimension: DraftDimension, text: str, cell: Cell) -> None:
        """Record a dimension's evidence role; an unknown word or a second role is an error."""
        role = parse_role(text)
        if role is None:
            dimension.role_cell = dimension.role_cell or cell  # reported here, not as missing
            self.report(
                cell,
                "import-role",
                "error",
                f"{text.strip()!r} ({cell.ref}) is not an evidence role; "
                f"write one of {ROLE_CHOICES}",
            )
            return
        if dimension.role is not None and dimension.role != role and dimension.role_cell:
            self.report(
                cell,
                "import-role",
                "error",
                f"dimension {dimension.name!r} has role {role_word(role)!r} here but "
                f"{role_word(dimension.role)!r} in {dimension.role_cell.ref}; give it one role",
            )
            return
        dimension.role, dimension.role_cell = role, cell

    def attribute(self, cell: Cell, spelled: str) -> str:
        """The id of an attribute column named in a heading such as ``Attribute: Scope``."""
        attr_id = self._resolve("attribute", spelled, cell)
        self.attributes.setdefault(attr_id, spelled)
        return attr_id

    def set_attribute(self, level: DraftLevel, attr_id: str, cell: Cell) -> None:
        """Record a level's attribute value; two different values for one level are an error."""
        value = "\n".join(line.strip() for line in cell.value.split("\n"))
        before = level.attributes.get(attr_id)
        if before is not None and before[0] != value:
            self.report(
                cell,
                "import-attribute",
                "error",
                f"level {level.id} has {self.attributes[attr_id]} {value!r} here but "
                f"{before[0]!r} in {before[1].ref}; give it one value",
            )
            return
        level.attributes.setdefault(attr_id, (value, cell))

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
