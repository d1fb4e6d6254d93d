"""What a roster changes in ``people/``: who joins, what changes for whom, who left.

The plan is data; :mod:`calibration.hr.roster_apply` turns it into file edits
and :mod:`calibration.commands.people` prints it. A level change is held back
unless a promotion backs it or the caller allows it: levels move through
calibration, and the history rules would reject an unexplained one in review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from calibration.diagnostics import Diagnostic
from calibration.hr.roster_check import manager_of
from calibration.hr.roster_read import OPTIONAL, Roster, RosterRow
from calibration.load.records import scalar_text
from calibration.model import Org, Person

FIELDS = ("name", "level", "team", "manager", "start_date", *OPTIONAL)
"""The person keys a roster sets, in the order a plan lists them."""


@dataclass(frozen=True)
class FieldChange:
    """One key of a person file: its value now and in the roster (None is null or absent)."""

    key: str
    old: str | None
    new: str | None


@dataclass
class Entry:
    """One person the import touches."""

    handle: str
    action: str
    """``add`` (a new person), ``update`` (changed keys) or ``leave`` (not in the roster)."""
    changes: list[FieldChange] = field(default_factory=list)
    held: list[FieldChange] = field(default_factory=list)
    """Level changes left out: no approved promotion backs them and they were not allowed."""
    backing: str = ""
    """The cycle whose approved promotion backs a level change, when one does."""


@dataclass
class Plan:
    """Every entry, how many people the roster leaves as they are, and the problems found."""

    entries: list[Entry] = field(default_factory=list)
    unchanged: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def of(self, action: str) -> list[Entry]:
        """The entries of one action, by handle."""
        return sorted((e for e in self.entries if e.action == action), key=lambda e: e.handle)


def _wanted(row: RosterRow, key: str, reports: set[str], existing: Person | None) -> str | None:
    """The value the roster asks for one key; None means null (manager) or leave as is."""
    if key == "manager":
        return manager_of(row)
    value = row.value(key)
    if key == "role" and not value and existing is None:
        # A new person who manages someone in the roster is a manager; anyone else an engineer.
        return "manager" if row.value("handle") in reports else "engineer"
    return value or None


def _backing(org: Org, handle: str, level: str | None) -> str:
    """The cycle of an approved promotion of ``handle`` to ``level``, or ""."""
    for cycle in reversed(org.cycles_in_order()):
        outcomes = org.outcomes.get(cycle.id)
        for decision in outcomes.approved_for(handle) if outcomes else []:
            if decision.to_level == level:
                return cycle.id
    return ""


def _update(
    org: Org, row: RosterRow, data: dict[str, Any], reports: set[str], allow_levels: bool
) -> Entry:
    handle = row.value("handle")
    person = org.people[handle]
    entry = Entry(handle, "update")
    for key in FIELDS:
        if key not in row.cells:
            continue
        new, old = _wanted(row, key, reports, person), scalar_text(data.get(key))
        if new == old or (new is None and key != "manager"):
            continue
        change = FieldChange(key, old, new)
        if key == "level" and old is not None:
            entry.backing = _backing(org, handle, new)
            if not entry.backing and not allow_levels:
                entry.held.append(change)
                continue
        entry.changes.append(change)
    if person.left_on:  # back in the roster: they rejoined
        entry.changes.append(FieldChange("left_on", person.left_on, None))
    return entry


def _add(row: RosterRow, reports: set[str]) -> Entry:
    entry = Entry(row.value("handle"), "add")
    for key in FIELDS:
        if key in row.cells or key == "role":
            value = _wanted(row, key, reports, None)
            if value is not None or key == "manager":
                entry.changes.append(FieldChange(key, None, value))
    return entry


def plan_import(
    org: Org,
    roster: Roster,
    documents: dict[str, Any],
    *,
    left_on: str,
    allow_level_changes: bool,
) -> Plan:
    """Compare a checked roster with ``people/``; ``documents`` holds each person's data by path.

    Level changes a promotion does not back are warnings, applied only with
    ``allow_level_changes``. People missing from the roster leave on ``left_on``.
    """
    plan = Plan()
    rows = {row.value("handle"): row for row in roster.rows}
    reports = {m for m in (manager_of(row) for row in roster.rows) if m}
    for handle, row in sorted(rows.items()):
        if handle not in org.people:
            plan.entries.append(_add(row, reports))
            continue
        person = org.people[handle]
        entry = _update(org, row, documents.get(person.source) or {}, reports, allow_level_changes)
        for change in [*entry.held, *(c for c in entry.changes if c.key == "level")]:
            if not entry.backing:
                plan.diagnostics.append(_level_warning(roster, row, change, allow_level_changes))
        if entry.changes or entry.held:
            plan.entries.append(entry)
        else:
            plan.unchanged += 1
    current = [h for h, p in org.people.items() if not p.left_on]
    for handle in sorted(h for h in current if h not in rows):
        leave = FieldChange("left_on", None, left_on)
        plan.entries.append(Entry(handle, "leave", changes=[leave]))
    leaving = len(plan.of("leave"))
    if leaving > 1 and 2 * leaving >= len(current):
        plan.diagnostics.append(
            Diagnostic(
                roster.file,
                1,
                1,
                "roster-leavers",
                "warning",
                f"{leaving} of the {len(current)} people in people/ are not in the roster and "
                "would be marked as having left: is this the whole org? The import takes the "
                "roster as every current person",
            )
        )
    return plan


def _level_warning(
    roster: Roster, row: RosterRow, change: FieldChange, allowed: bool
) -> Diagnostic:
    cell = row.cell("level")
    handle = row.value("handle")
    what = (
        f"{handle}: level {change.old} -> {change.new} has no approved promotion to "
        f"{change.new} in any cycle's outcomes, so `calib validate --base` "
        "(level-change-backed) will flag it in review; "
    )
    if allowed:
        what += "applied because of --allow-level-changes"
    else:
        what += (
            "left out: record the promotion in the cycle's outcomes.yaml first, or pass "
            "--allow-level-changes if HR's level is the correct one (a correction, a hire "
            "levelled again)"
        )
    return Diagnostic(roster.file, cell.row, cell.column, "roster-level-change", "warning", what)
