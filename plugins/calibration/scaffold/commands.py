"""What ``calib new ...`` does, as functions returning exit codes (no click here)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from calibration.commands import open_repository
from calibration.scaffold.init import (
    InitError,
    Owners,
    check_target,
    git_toplevel,
    init_repository,
    owner_problem,
    parse_owners,
    start_git,
)
from calibration.scaffold.install import REQUIREMENT_FILE, SpecError, this_calib
from calibration.scaffold.prefill import render_prefill
from calibration.scaffold.records import (
    cycle_questions,
    person_questions,
    render_cycle,
    render_person,
)
from calibration.scaffold.text import schema_pattern
from calibration.scaffold.values import Ask, Question, ValueProblem, resolve


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


OWNER_QUESTIONS = (
    ("maintainers", "--maintainer", "Maintainers (own rubric/, workflows, CODEOWNERS)", False),
    ("calibration_team", "--calibration-team", "Calibration team (second approvers)", False),
    ("calibration_leads", "--calibration-lead", "Calibration leads (own cycles/)", True),
)
"""The review owners ``calib init`` needs: (key, flag, prompt, optional)."""


def resolve_owners(given: dict[str, tuple[str, ...]], ask: Ask | None) -> Owners:
    """The owners from flags, else asked in a terminal; a script missing any gets all named."""
    missing = [
        flag for key, flag, _, optional in OWNER_QUESTIONS if not optional and not given[key]
    ]
    if missing and ask is None:
        raise ValueProblem(
            f"missing {', '.join(missing)}: who approves what in CODEOWNERS (git usernames or "
            "@org/team names; repeat a flag or separate names with commas)"
        )
    values: dict[str, tuple[str, ...]] = {}
    for key, flag, prompt, optional in OWNER_QUESTIONS:
        names = parse_owners(given[key])
        if not names and ask is not None:
            question = Question(
                key, flag, f"{prompt}, separated by spaces", owner_problem, None, optional
            )
            names = parse_owners([resolve([question], {}, ask)[key]])
        problem = owner_problem(" ".join(names)) if names else None
        if problem is not None:
            raise ValueProblem(f"{flag}: {problem}")
        values[key] = names
    owners = Owners(**values)
    problem = owners.problem()
    if problem is not None:
        raise ValueProblem(problem)
    return owners


def run_init(
    dest: Path,
    name: str | None,
    owners_given: dict[str, tuple[str, ...]],
    calib_spec: str | None,
    ask: Ask | None,
) -> int:
    """Create a new calibration repository in ``dest``, start git there, say what to do next."""
    try:
        check_target(dest)
        owners = resolve_owners(owners_given, ask)
        install = this_calib(calib_spec)
    except InitError as exc:
        _err(str(exc))
        return 1
    except (ValueProblem, SpecError) as exc:
        _err(str(exc))
        return 2
    try:
        written = init_repository(
            dest, name=name or dest.resolve().name, owners=owners, install=install
        )
        started = start_git(dest, git_toplevel(dest))
    except InitError as exc:
        _err(str(exc))
        return 1
    except OSError as exc:
        _err(f"cannot write {dest}: {exc.strerror or exc}")
        return 2
    sys.stdout.write(f"wrote {len(written)} files to {dest}\n")
    sys.stdout.write(f"CI installs calib from {REQUIREMENT_FILE}: {install.requirement}\n")
    if install.note:
        sys.stdout.write(f"note: {install.note}\n")
    sys.stdout.write(f"{started}\n")
    sys.stdout.write(
        "next: read README.md there: import your ladder, add teams and people, open a cycle\n"
    )
    return 0
