"""A closed cycle's outcomes as rows for an HR system: one per person, columns that never move.

The columns are a contract with whatever reads the file, so they are fixed here
and only ever added to at the end. Values are ids (ratings, levels), never labels,
because labels are reworded and ids are what the other system maps.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import astuple, dataclass

from calibration.model import Cycle, Org
from calibration.model.queries import level_during

COLUMNS = (
    "handle",
    "name",
    "team",
    "manager",
    "level",
    "proposed_rating",
    "final_rating",
    "promotion",
    "new_level",
)

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class OutcomeRow:
    """One person's outcome of a cycle; fields follow :data:`COLUMNS`, None is empty."""

    handle: str
    name: str
    team: str | None
    manager: str | None
    level: str | None
    proposed_rating: str | None
    final_rating: str | None
    promotion: str
    """``none``, ``approved`` or ``declined`` (a deferred case is not a promotion: declined)."""
    new_level: str | None


def _promotion(org: Org, cycle: Cycle, handle: str) -> tuple[str, str | None]:
    """The cycle's promotion outcome for ``handle`` and the level it grants."""
    outcomes = org.outcomes.get(cycle.id)
    decisions = [d for d in (outcomes.promotions if outcomes else []) if d.person == handle]
    approved = [d for d in decisions if d.decision == "approved"]
    if approved:
        return "approved", approved[-1].to_level
    return ("declined", None) if decisions else ("none", None)


def outcome_rows(org: Org, cycle: Cycle) -> list[OutcomeRow]:
    """A row for everyone in the cycle: with a file for it, rated or decided in its outcomes.

    ``level`` is the level held during the cycle, so a promotion it approved shows
    as ``level`` -> ``new_level`` even after ``person.yaml`` moved on.
    """
    outcomes = org.outcomes.get(cycle.id)
    handles = {h for (h, c) in org.prefills if c == cycle.id}
    if outcomes is not None:
        handles |= {entry.person for entry in outcomes.ratings}
        handles |= {decision.person for decision in outcomes.promotions}
    rows = []
    for handle in sorted(handles):
        person = org.people.get(handle)
        prefill = org.prefills.get((handle, cycle.id))
        promotion, new_level = _promotion(org, cycle, handle)
        rows.append(
            OutcomeRow(
                handle=handle,
                name=person.name if person else handle,
                team=person.team if person else None,
                manager=person.manager if person else None,
                level=level_during(org, handle, cycle.id),
                proposed_rating=prefill.proposed_rating if prefill else None,
                final_rating=org.final_rating(handle, cycle.id),
                promotion=promotion,
                new_level=new_level,
            )
        )
    return rows


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading formula character gets a ``'`` first."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def render_csv(rows: list[OutcomeRow]) -> str:
    """CSV with a header row; every cell is made spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([spreadsheet_safe(v or "") for v in astuple(row)])
    return buffer.getvalue()


def render_json(rows: list[OutcomeRow]) -> str:
    """A JSON array of objects keyed by :data:`COLUMNS`; empty values are null."""
    records = [dict(zip(COLUMNS, astuple(row), strict=True)) for row in rows]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
