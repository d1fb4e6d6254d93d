"""``calib new person|prefill|cycle|team``: write a skeleton that passes the schema."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from calibration.commands import fail, open_repository
from calibration.scaffold.prefill import render_prefill
from calibration.scaffold.records import (
    cycle_questions,
    person_questions,
    render_cycle,
    render_person,
)
from calibration.scaffold.text import schema_pattern
from calibration.scaffold.values import Ask, ValueProblem, resolve


def write_new(root: Path, relpath: str, text: str) -> int:
    """Create ``relpath`` under ``root``; an existing file is never replaced (exit 1)."""
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        return fail(f"{relpath} already exists; edit it instead (nothing was written)", 1)
    sys.stdout.write(f"wrote {relpath}\n")
    return 0


def run_new_person(root: Path, handle: str, given: dict[str, str | None], ask: Ask | None) -> int:
    """Write ``people/<handle>/person.yaml``."""
    repo = open_repository(root)
    if repo is None:
        return 2
    pattern = schema_pattern("person", "properties", "handle")
    if not re.fullmatch(pattern, handle):
        return fail(
            f"{handle!r} is not a valid handle: lower-case letters, digits and dashes "
            f"(pattern {pattern})",
            2,
        )
    if (repo.root / "people" / handle).exists():
        return fail(
            f"people/{handle}/ already exists; pick another handle (nothing was written)", 1
        )
    try:
        values = resolve(person_questions(repo.org), given, ask)
    except ValueProblem as exc:
        return fail(str(exc), 2)
    return write_new(repo.root, f"people/{handle}/person.yaml", render_person(handle, values))


def run_new_prefill(root: Path, handle: str, cycle_id: str | None, ask: Ask | None) -> int:
    """Write ``people/<handle>/<cycle>.yaml``; a terminal is offered the current open cycle."""
    repo = open_repository(root)
    if repo is None:
        return 2
    org = repo.org
    person = org.people.get(handle)
    if person is None:
        known = ", ".join(sorted(org.people)[:12]) or "nobody yet"
        return fail(
            f"{handle!r} has no people/{handle}/person.yaml (known: {known}); "
            "add them with `calib new person`",
            2,
        )
    if cycle_id is None:
        current = org.current_cycle()
        if ask is None or current is None:
            return fail("missing --cycle: the id of the cycle this pre-fill is for", 2)
        cycle_id = ask("Cycle", current.id).strip()
    cycle = org.cycles.get(cycle_id)
    if cycle is None:
        return fail(
            f"there is no cycles/{cycle_id}/cycle.yaml "
            f"(known: {', '.join(sorted(org.cycles)) or 'none'}); add it with `calib new cycle`",
            2,
        )
    if cycle.phase == "closed":
        return fail(
            f"{cycle_id} is closed: its files are final and cannot change; pick an open cycle", 1
        )
    return write_new(
        repo.root, f"people/{handle}/{cycle_id}.yaml", render_prefill(org, person, cycle)
    )


def run_new_cycle(root: Path, cycle_id: str, given: dict[str, str | None], ask: Ask | None) -> int:
    """Write ``cycles/<id>/cycle.yaml``."""
    repo = open_repository(root)
    if repo is None:
        return 2
    pattern = schema_pattern("cycle", "properties", "id")
    if not re.fullmatch(pattern, cycle_id):
        return fail(
            f"{cycle_id!r} is not a valid cycle id: letters, digits, dots, dashes "
            f"(pattern {pattern})",
            2,
        )
    if (repo.root / "cycles" / cycle_id / "cycle.yaml").exists():
        return fail(
            f"cycles/{cycle_id}/cycle.yaml already exists; edit it instead (nothing was written)", 1
        )
    try:
        values = resolve(cycle_questions(), given, ask)
    except ValueProblem as exc:
        return fail(str(exc), 2)
    if values["end"] < values["start"]:
        return fail(f"--end {values['end']} is before --start {values['start']}", 2)
    return write_new(
        repo.root, f"cycles/{cycle_id}/cycle.yaml", render_cycle(repo.org, cycle_id, values)
    )


def run_new_team(root: Path, team_id: str, given: dict[str, str | None], ask: Ask | None) -> int:
    """Add team ``team_id`` to ``people/teams.yaml``; an existing id is never added twice."""
    from calibration.load.layout import replace_file
    from calibration.scaffold.team import TEAMS, TeamFileError, added_text, team_questions, teams_of

    repo = open_repository(root)
    if repo is None:
        return 2
    pattern = schema_pattern("teams", "properties", "teams", "items", "properties", "id")
    if not re.fullmatch(pattern, team_id):
        return fail(f"{team_id!r} is not a valid team id: lower-case letters, digits and dashes", 2)
    path = repo.root / TEAMS
    text = path.read_text(encoding="utf-8") if path.is_file() else None
    try:
        existing = teams_of(text) if text is not None else []
    except TeamFileError as exc:
        return fail(str(exc), 1)
    known = [t for t in existing if isinstance(t, dict) and t.get("id") == team_id]
    if known:
        return fail(
            f"team {team_id!r} is already in {TEAMS} (name: {known[0].get('name')!r}); "
            "pick another id or edit that team (nothing was written)",
            1,
        )
    try:
        values = resolve(team_questions(), given, ask)
        out = added_text(text, team_id, values)
    except ValueProblem as exc:
        return fail(str(exc), 2)
    except TeamFileError as exc:
        return fail(str(exc), 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, out)
    sys.stdout.write(f"added team {team_id} to {TEAMS}\n")
    return 0
