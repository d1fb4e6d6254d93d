"""``calib init``: start a new calibration repository."""

from __future__ import annotations

import sys
from pathlib import Path

from calibration.commands import fail
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
from calibration.scaffold.values import Ask, Question, ValueProblem, resolve

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
        return fail(str(exc), 1)
    except (ValueProblem, SpecError) as exc:
        return fail(str(exc), 2)
    try:
        written = init_repository(
            dest, name=name or dest.resolve().name, owners=owners, install=install
        )
        started = start_git(dest, git_toplevel(dest))
    except InitError as exc:
        return fail(str(exc), 1)
    except OSError as exc:
        return fail(f"cannot write {dest}: {exc.strerror or exc}", 2)
    sys.stdout.write(f"wrote {len(written)} files to {dest}\n")
    sys.stdout.write(f"CI installs calib from {REQUIREMENT_FILE}: {install.requirement}\n")
    if install.note:
        sys.stdout.write(f"note: {install.note}\n")
    sys.stdout.write(f"{started}\n")
    sys.stdout.write(
        "next: read README.md there: import your ladder, add teams and people, open a cycle\n"
    )
    return 0
