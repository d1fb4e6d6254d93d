"""``calib cycle close``: run the closing checks, then set ``phase: closed``."""

from __future__ import annotations

import sys
from pathlib import Path

from calibration import progress
from calibration.commands import fail, open_cycle, say
from calibration.load.layout import replace_file


def run_close(root: Path, cycle_id: str, *, check: bool = False) -> int:
    """Close ``cycle_id`` when the closing checks pass; list what stops it otherwise."""
    from calibration.cycles.close import closed_text, closing_findings
    from calibration.scaffold.person_edit import EditError

    opened = open_cycle(root, cycle_id)
    if opened is None:
        return 2
    repo, cycle = opened
    if cycle.phase == "closed":
        say(f"{cycle.id} is already closed; nothing changed")
        return 0
    problems = closing_findings(repo, cycle.id)
    progress.clear()
    for d in problems:
        sys.stdout.write(f"{d.file}:{d.line}:{d.column}: {d.severity} [{d.rule}] {d.message}\n")
    if problems:
        return fail(
            f"{cycle.id} cannot close yet: fix the {len(problems)} problem(s) above first (once "
            f"it is closed, its files are final), then run `calib cycle close {cycle.id}` again",
            1,
        )
    if check:
        sys.stdout.write(f"{cycle.id} passes the closing checks; nothing was changed\n")
        return 0
    path = repo.root / cycle.source
    try:
        replace_file(path, closed_text(path.read_text(encoding="utf-8"), cycle.source))
    except (EditError, OSError) as exc:
        return fail(f"cannot set phase: closed in {cycle.source}: {exc}; set it by hand", 1)
    sys.stdout.write(
        f"closed {cycle.id}: {cycle.source} now says phase: closed. Commit it with the "
        "outcomes; from then on the cycle's files are final.\n"
    )
    return 0
