"""What ``calib new ...`` does, as functions returning exit codes (no click here)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from calibration.commands import open_repository
from calibration.scaffold.prefill import render_prefill
from calibration.scaffold.records import (
    cycle_questions,
    person_questions,
    render_cycle,
    render_person,
)
from calibration.scaffold.text import schema_pattern
from calibration.scaffold.values import Ask, ValueProblem, resolve


def _err(message: str) -> None:
    sys.stderr.write(f"calib: {message}\n")


def write_new(root: Path, relpath: str, text: str) -> int:
    """Create ``relpath`` under ``root``; an existing file is never replaced (exit 1)."""
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        _err(f"{relpath} already exists; edit it instead (nothing was written)")
        return 1
    sys.stdout.write(f"wrote {relpath}\n")
    return 0


def run_new_person(root: Path, handle: str, given: dict[str, str | None], ask: Ask | None) -> int:
    """Write ``people/<handle>/person.yaml``."""
    repo = open_repository(root)
    if repo is None:
        return 2
    pattern = schema_pattern("person", "properties", "handle")
    if not re.fullmatch(pattern, handle):
        _err(
            f"{handle!r} is not a valid handle: lower-case letters, digits and dashes "
            f"(pattern {pattern})"
        )
        return 2
    if (repo.root / "people" / handle).exists():
        _err(f"people/{handle}/ already exists; pick another handle (nothing was written)")
        return 1
    try:
        values = resolve(person_questions(repo.org), given, ask)
    except ValueProblem as exc:
        _err(str(exc))
        return 2
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
        _err(
            f"{handle!r} has no people/{handle}/person.yaml (known: {known}); "
            "add them with `calib new person`"
        )
        return 2
    if cycle_id is None:
        current = org.current_cycle()
        if ask is None or current is None:
            _err("missing --cycle: the id of the cycle this pre-fill is for")
            return 2
        cycle_id = ask("Cycle", current.id).strip()
    cycle = org.cycles.get(cycle_id)
    if cycle is None:
        _err(
            f"there is no cycles/{cycle_id}/cycle.yaml "
            f"(known: {', '.join(sorted(org.cycles)) or 'none'}); add it with `calib new cycle`"
        )
        return 2
    if cycle.phase == "closed":
        _err(f"{cycle_id} is closed: its files are final and cannot change; pick an open cycle")
        return 1
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
        _err(
            f"{cycle_id!r} is not a valid cycle id: letters, digits, dots, dashes "
            f"(pattern {pattern})"
        )
        return 2
    if (repo.root / "cycles" / cycle_id / "cycle.yaml").exists():
        _err(f"cycles/{cycle_id}/cycle.yaml already exists; edit it instead (nothing was written)")
        return 1
    try:
        values = resolve(cycle_questions(), given, ask)
    except ValueProblem as exc:
        _err(str(exc))
        return 2
    if values["end"] < values["start"]:
        _err(f"--end {values['end']} is before --start {values['start']}")
        return 2
    return write_new(
        repo.root, f"cycles/{cycle_id}/cycle.yaml", render_cycle(repo.org, cycle_id, values)
    )


def run_init(dest: Path, name: str | None) -> int:
    """Create a new calibration repository in ``dest`` and say what to do next."""
    import datetime as dt

    from calibration.scaffold.init import InitError, init_repository

    try:
        written = init_repository(dest, name=name or dest.resolve().name, today=dt.date.today())
    except InitError as exc:
        _err(str(exc))
        return 1
    except OSError as exc:
        _err(f"cannot write {dest}: {exc.strerror or exc}")
        return 2
    sys.stdout.write(f"wrote {len(written)} files to {dest}\n")
    sys.stdout.write("next: read README.md there, adapt rubric/, then `calib validate`\n")
    return 0
