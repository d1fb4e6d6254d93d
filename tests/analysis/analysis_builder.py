"""Write small, real calibration repositories for the judgement-aid tests.

Each test describes only what it plants (who reports to whom, who is rated
what); the builder writes the rubric, people and cycle files as YAML into
``tmp_path`` and loads them with the real loader, so the records layer runs too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from calibration.load.repository import load_repository
from calibration.model import Org

RATINGS = ("low", "mid", "high", "top")
STRONG = (
    "Without being asked I rebuilt the deploy pipeline and changed its outcomes across all 6 "
    "teams; deploys went from 40 minutes to 8 minutes."
)
"""Strong, and above E2: it reads like E3's expectation ("changes outcomes across teams")."""
WEAK = "Worked on the deploy pipeline."


def default_rules() -> dict[str, Any]:
    """Rule settings the tests start from (each test overrides what it needs)."""
    return {
        "high_rating": "high",
        "low_rating": "low",
        "peer_observations": {"min": 1, "max": 5},
        "evidence_window_days": 30,
        "min_group_size": 3,
        "outlier_p_value": 0.1,
        "strong_evidence_for_high": 1,
        "new_joiner_months": 6,
        "rating_jump_steps": 2,
        "complexity": {
            "ambiguity": {"low": 0, "medium": 1, "high": 2},
            "dependencies": {"few": 0, "moderate": 1, "many": 2},
            "novelty": {"existing": 0, "new-feature": 1, "greenfield": 2},
            "high_at": 4,
            "low_at": 1,
        },
    }


def ladder() -> dict[str, Any]:
    """Three engineer levels, a manager track level at the top order, two dimensions."""
    return {
        "version": "t1",
        "name": "Test ladder",
        "cumulative": True,
        "tracks": [{"id": "ic", "name": "IC"}, {"id": "mgr", "name": "Manager"}],
        "levels": [
            {"id": "E1", "name": "Engineer one", "order": 1, "tracks": ["ic"]},
            {"id": "E2", "name": "Engineer two", "order": 2, "tracks": ["ic"]},
            {"id": "E3", "name": "Engineer three", "order": 3, "tracks": ["ic"]},
            {"id": "M3", "name": "Manager", "order": 3, "tracks": ["mgr"]},
        ],
        "dimensions": [
            {"id": "craft", "name": "Craft", "counts_as": "delivery"},
            {"id": "reach", "name": "Reach", "counts_as": "impact"},
        ],
        "expectations": [
            {"level": "E1", "dimension": "craft", "text": "Finishes small tasks."},
            {"level": "E2", "dimension": "craft", "text": "Owns whole features."},
            {"level": "E2", "dimension": "reach", "text": "Measures results."},
            {"level": "E3", "dimension": "reach", "text": "Changes outcomes across teams."},
        ],
    }


@dataclass
class Planted:
    """One engineer: level, manager, ratings per cycle and anything else for the cycle file."""

    handle: str
    level: str = "E2"
    manager: str = "mia"
    team: str = "red"
    start_date: str = "2020-01-06"
    track: str = "ic"
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # more person.yaml fields


def prefill(
    rating: str | None, *, evidence: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    """A cycle file body with sensible defaults (one strong item per dimension unless given)."""
    body: dict[str, Any] = {
        "evidence": evidence
        if evidence is not None
        else [
            {"dimension": "craft", "statement": STRONG},
            {"dimension": "reach", "statement": STRONG},
        ],
        "uncertainty": "Unsure.",
        "invisible_work": "Reviewed designs for the other team.",
        "peer_observations": [{"observer": "zed", "observation": "Solid work."}],
        **extra,
    }
    if rating is not None:
        body["proposed_rating"] = rating
    return body


@dataclass
class RepoSpec:
    """Everything a test repository holds."""

    people: list[Planted]
    cycles: dict[str, dict[str, Any]] = field(default_factory=dict)
    outcomes: dict[str, dict[str, Any]] = field(default_factory=dict)
    rules: dict[str, Any] = field(default_factory=default_rules)


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def cycle(start: str, end: str, phase: str = "prefill") -> dict[str, Any]:
    """A cycle body."""
    return {
        "name": "Cycle",
        "period": {"start": start, "end": end},
        "phase": phase,
        "ladder_version": "t1",
    }


def write_repo(root: Path, spec: RepoSpec) -> Path:
    """Write ``spec`` under ``root`` and return ``root``."""
    _dump(root / "rubric" / "ladder.yaml", ladder())
    _dump(
        root / "rubric" / "ratings.yaml",
        {"ratings": [{"id": r, "label": r.title()} for r in RATINGS]},
    )
    _dump(root / "rubric" / "rules.yaml", spec.rules)
    teams = sorted({p.team for p in spec.people} | {"red"})
    _dump(root / "people" / "teams.yaml", {"teams": [{"id": t, "name": t.title()} for t in teams]})
    managers = sorted({p.manager for p in spec.people} | {"zed"})
    for handle in managers:
        person = {
            "handle": handle,
            "name": handle.title(),
            "level": "M3",
            "track": "mgr",
            "team": "red",
            "role": "manager",
            "start_date": "2015-01-05",
            "manager": None,
        }
        _dump(root / "people" / handle / "person.yaml", person)
    for planted in spec.people:
        person = {
            "handle": planted.handle,
            "name": planted.handle.title(),
            "level": planted.level,
            "track": planted.track,
            "team": planted.team,
            "manager": planted.manager,
            "role": "engineer",
            "start_date": planted.start_date,
            **planted.extra,
        }
        _dump(root / "people" / planted.handle / "person.yaml", person)
        for cycle_id, body in planted.files.items():
            _dump(
                root / "people" / planted.handle / f"{cycle_id}.yaml", {"cycle": cycle_id, **body}
            )
    for cycle_id, body in (spec.cycles or {"c1": cycle("2025-01-01", "2025-06-30")}).items():
        _dump(root / "cycles" / cycle_id / "cycle.yaml", {"id": cycle_id, **body})
    for cycle_id, body in spec.outcomes.items():
        _dump(root / "cycles" / cycle_id / "outcomes.yaml", {"cycle": cycle_id, **body})
    return root


def load_org(root: Path, spec: RepoSpec) -> Org:
    """Write the repository and load its model."""
    return load_repository(write_repo(root, spec)).org


def team_of(manager: str, level: str, ratings: list[str], cycle_id: str = "c1") -> list[Planted]:
    """A manager's reports at one level, one per rating, named after the manager."""
    return [
        Planted(f"{manager}-{i}", level=level, manager=manager, files={cycle_id: prefill(r)})
        for i, r in enumerate(ratings)
    ]
