"""Small orgs written as a real repository: people, cycles, pre-fills and outcomes as YAML.

The attack tests describe an org as plain data (who reports to whom, at which
level, rated what in which cycle) and :func:`write_org` turns it into files
that pass the schemas and the cross-file rules: the mini fixture's ladder and
three-point scale, the audiences of this repository, and in every pre-fill a
delivery and an impact item with numbers and three peer observations.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

TESTS = Path(__file__).resolve().parents[1]
MINI_RUBRIC = TESTS / "fixtures" / "mini" / "rubric"
REPO_ROOT = TESTS.parent
LADDER_VERSION = "mini-3"
LEVELS = ("p1", "p2", "p3")
RATINGS = ("under", "at", "above")


@dataclass(frozen=True)
class PersonSpec:
    """A person; ``manager`` is a handle or None for the top of the org."""

    handle: str
    level: str
    manager: str | None
    team: str
    role: str = "engineer"


@dataclass(frozen=True)
class CycleSpec:
    """A cycle: ratings by handle; ``final`` is only written for a closed cycle.

    ``promotions`` holds (handle, from level, to level) decisions approved in
    the cycle; the person's file then holds the new level.
    """

    id: str
    start: str
    end: str
    phase: str
    proposed: Mapping[str, str]
    final: Mapping[str, str] = field(default_factory=dict)
    promotions: Sequence[tuple[str, str, str]] = ()


@dataclass(frozen=True)
class OrgSpec:
    """People and cycles of a small org."""

    people: Sequence[PersonSpec]
    cycles: Sequence[CycleSpec]


def _dump(path: Path, data: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True), "utf-8")


def _person(spec: PersonSpec) -> dict[str, Any]:
    return {
        "handle": spec.handle,
        "name": spec.handle.replace("-", " ").title(),
        "level": spec.level,
        "track": "lead" if spec.role != "engineer" else "maker",
        "team": spec.team,
        "manager": spec.manager,
        "role": spec.role,
        "start_date": "2019-01-07",
    }


def _prefill(
    cycle: CycleSpec, handle: str, rating: str, observers: Sequence[str]
) -> dict[str, Any]:
    day = cycle.start[:8] + "15"
    return {
        "cycle": cycle.id,
        "proposed_rating": rating,
        "evidence": [
            {
                "id": f"{handle}-{cycle.id}-delivery",
                "dimension": "execution",
                "statement": "I shipped the billing export on the agreed date, "
                "with no follow-up fixes by others.",
                "scope": "Billing service, three client teams.",
                "date": day,
            },
            {
                "id": f"{handle}-{cycle.id}-impact",
                "dimension": "results",
                "statement": "Without being asked I rebuilt the alert rules across four teams; "
                "pages closed without escalation went from 40% to 75%.",
                "metrics": {"before": "40% closed alone", "after": "75% closed alone"},
                "date": day,
            },
        ],
        "uncertainty": "Unsure the alert numbers hold once traffic doubles.",
        "project": {
            "name": "Alert rules",
            "ambiguity": "medium",
            "dependencies": "moderate",
            "novelty": "existing",
        },
        "invisible_work": "none",
        "peer_observations": [
            {
                "observer": observer,
                "relationship": "cross-team",
                "dimension": "execution",
                "observation": "The release plan meant nobody else had to stop work.",
            }
            for observer in observers
        ],
    }


def _observers(spec: OrgSpec, person: PersonSpec) -> list[str]:
    others = [p.handle for p in spec.people if p.handle not in (person.handle, person.manager)]
    return sorted(others)[:3]


def write_org(spec: OrgSpec, root: Path) -> Path:
    """Write the org under ``root`` (created) and return it."""
    rubric = root / "rubric"
    rubric.mkdir(parents=True)
    for name in ("ladder.yaml", "ratings.yaml", "rules.yaml"):
        shutil.copy(MINI_RUBRIC / name, rubric / name)
    shutil.copy(REPO_ROOT / "rubric" / "audiences.yaml", rubric / "audiences.yaml")
    teams = sorted({p.team for p in spec.people})
    _dump(
        root / "people" / "teams.yaml",
        {"teams": [{"id": t, "name": t.title(), "description": "A team."} for t in teams]},
    )
    people = {p.handle: p for p in spec.people}
    for person in spec.people:
        _dump(root / "people" / person.handle / "person.yaml", _person(person))
    for cycle in spec.cycles:
        _dump(
            root / "cycles" / cycle.id / "cycle.yaml",
            {
                "id": cycle.id,
                "name": f"Cycle {cycle.id}",
                "period": {"start": cycle.start, "end": cycle.end},
                "phase": cycle.phase,
                "ladder_version": LADDER_VERSION,
            },
        )
        for handle, rating in cycle.proposed.items():
            observers = _observers(spec, people[handle])
            _dump(
                root / "people" / handle / f"{cycle.id}.yaml",
                _prefill(cycle, handle, rating, observers),
            )
        if cycle.phase == "closed":
            _dump(root / "cycles" / cycle.id / "outcomes.yaml", _outcomes(cycle))
    return root


def _outcomes(cycle: CycleSpec) -> dict[str, Any]:
    return {
        "cycle": cycle.id,
        "ratings": [
            {"person": h, "rating": r, "rationale": "Agreed in the room after comparing levels."}
            for h, r in cycle.final.items()
        ],
        "promotions": [
            {
                "person": h,
                "from_level": before,
                "to_level": after,
                "decision": "approved",
                "rationale": "Owned cross-team work for two halves.",
            }
            for h, before, after in cycle.promotions
        ],
    }
