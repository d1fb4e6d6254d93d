"""``calib status``: where each report's pre-fill stands, and how long until each deadline.

A pre-fill is ``missing`` (no file), ``incomplete`` (its file has an error, which
blocks the pull request) or ``done`` (no error; warnings are counted but do not
hold it back). The people listed are those the cycle expects a file for: a
manager's whole tree with ``--manager``, else everyone.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from calibration.diagnostics import Diagnostic
from calibration.model import Cycle, Org
from calibration.model.queries import expected_people

STATES = ("missing", "incomplete", "done")
"""Pre-fill states, the ones needing work first."""


@dataclass(frozen=True)
class ReportRow:
    """One person's pre-fill of the cycle."""

    handle: str
    name: str
    manager: str | None
    prefill: str
    file: str | None
    errors: int = 0
    warnings: int = 0


@dataclass(frozen=True)
class DeadlineRow:
    """One deadline of the cycle, with the days left (negative once it has passed)."""

    name: str
    date: str
    days: int | None


@dataclass(frozen=True)
class CycleStatus:
    """Everything ``calib status`` shows."""

    cycle: str
    name: str
    phase: str | None
    today: str
    manager: str | None
    deadlines: list[DeadlineRow] = field(default_factory=list)
    reports: list[ReportRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many pre-fills are in each state."""
        found = Counter(row.prefill for row in self.reports)
        return {state: found[state] for state in STATES}


def _days(date: str, today: dt.date) -> int | None:
    try:
        return (dt.date.fromisoformat(date) - today).days
    except ValueError:
        return None


def cycle_status(
    org: Org,
    diagnostics: list[Diagnostic],
    cycle: Cycle,
    *,
    manager: str | None,
    today: dt.date,
) -> CycleStatus:
    """The state of every expected pre-fill of ``cycle`` (a manager's tree, or everyone)."""

    people = expected_people(org, cycle)
    if manager is not None:
        tree = {p.handle for p in org.tree(manager)}
        people = [p for p in people if p.handle in tree]
    by_file: dict[str, Counter[str]] = {}
    for diag in diagnostics:
        by_file.setdefault(diag.file, Counter())[diag.severity] += 1
    rows = []
    for person in people:
        prefill = org.prefills.get((person.handle, cycle.id))
        if prefill is None:
            rows.append(ReportRow(person.handle, person.name, person.manager, "missing", None))
            continue
        found = by_file.get(prefill.source, Counter())
        state = "incomplete" if found["error"] else "done"
        rows.append(
            ReportRow(
                person.handle,
                person.name,
                person.manager,
                state,
                prefill.source,
                found["error"],
                found["warning"],
            )
        )
    rows.sort(key=lambda r: (STATES.index(r.prefill), r.handle))
    deadlines = [DeadlineRow(d.name, d.date, _days(d.date, today)) for d in cycle.deadlines]
    return CycleStatus(
        cycle.id, cycle.name, cycle.phase, today.isoformat(), manager, deadlines, rows
    )


def _when(days: int | None) -> str:
    if days is None:
        return "not a date"
    if days == 0:
        return "today"
    unit = "day" if abs(days) == 1 else "days"
    return f"in {days} {unit}" if days > 0 else f"{-days} {unit} ago"


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        parts = [
            c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)
        ]
        return "  ".join(parts).rstrip()

    return [line(headers), *(line(r) for r in rows)]


def render_status_text(status: CycleStatus) -> str:
    """The status as two plain tables (deadlines, then reports) and a summary line."""
    scope = f"the tree of {status.manager}" if status.manager else "everyone"
    lines = [
        f"{status.cycle} ({status.name}), phase {status.phase or 'unknown'}: pre-fills of "
        f"{scope}, on {status.today}",
        "",
    ]
    if status.deadlines:
        rows = [[d.name, d.date, _when(d.days)] for d in status.deadlines]
        lines += [*_table(["Deadline", "Date", "When"], rows, set()), ""]
    if status.reports:
        rows = [
            [r.handle, r.manager or "-", r.prefill, str(r.errors), str(r.warnings)]
            for r in status.reports
        ]
        headers = ["Report", "Manager", "Pre-fill", "Errors", "Warnings"]
        lines += [*_table(headers, rows, {3, 4}), ""]
    counts = status.counts()
    total = len(status.reports)
    summary = ", ".join(f"{counts[s]} {s}" for s in reversed(STATES))
    lines.append(f"{total} pre-fill(s) expected: {summary}.")
    if counts["missing"] or counts["incomplete"]:
        lines.append(
            "Next: `calib new prefill HANDLE --cycle "
            f"{status.cycle}` for a missing one; `calib validate FILE` lists what an incomplete "
            "one lacks."
        )
    return "\n".join(lines) + "\n"


def render_status_json(status: CycleStatus) -> str:
    """The status as JSON: cycle, today, deadlines (with ``days``), reports and counts."""
    payload = {**asdict(status), "counts": status.counts()}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
