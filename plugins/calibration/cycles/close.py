"""``calib cycle close``: run the closing checks, then set ``phase: closed``.

Closing makes every file of the cycle final (``calib validate --base`` refuses
edits to them afterwards), so whatever would be an error in a closed cycle must
be fixed before: the repository is validated as if the cycle were closed
already, which is when the outcomes rules apply (outcomes present, every
engineer rated, every promotion case decided, every outlier explained), and
any error in the cycle's files refuses the close.
"""

from __future__ import annotations

import sys
from pathlib import Path

from calibration import progress
from calibration.cycles.files import err, in_cycle
from calibration.diagnostics import Diagnostic
from calibration.load.layout import replace_file
from calibration.load.repository import Repository


def closing_findings(repo: Repository, cycle_id: str) -> list[Diagnostic]:
    """The errors left in the files of ``cycle_id`` once it is closed (nothing is written).

    The repository is validated with the cycle's phase set to ``closed`` in the
    model only; that result is not kept in the cache, since it is not the
    repository's own.
    """
    from calibration.validate import validate_repository

    cycle = repo.org.cycles[cycle_id]
    repo.cache, repo.snapshot = None, None
    phase, cycle.phase = cycle.phase, "closed"
    try:
        diagnostics = validate_repository(repo)
    finally:
        cycle.phase = phase
    return [d for d in diagnostics if d.severity == "error" and in_cycle(d.file, cycle_id)]


def closed_text(text: str, relpath: str) -> str:
    """``cycle.yaml`` with ``phase: closed``, everything else as written."""
    from calibration.hr.person_edit import edit_person

    return edit_person(text, relpath, {"phase": "closed"}, set())


def run_close(root: Path, cycle_id: str, *, check: bool = False) -> int:
    """Close ``cycle_id`` when the closing checks pass; list what stops it otherwise."""
    from calibration.commands import open_repository
    from calibration.hr.person_edit import EditError

    repo = open_repository(root)
    if repo is None:
        return 2
    cycle = repo.org.find_cycle(cycle_id)
    if isinstance(cycle, str):
        err(cycle)
        return 2
    if cycle.phase == "closed":
        err(f"{cycle.id} is already closed; nothing changed")
        return 0
    problems = closing_findings(repo, cycle.id)
    progress.clear()
    for d in problems:
        sys.stdout.write(f"{d.file}:{d.line}:{d.column}: {d.severity} [{d.rule}] {d.message}\n")
    if problems:
        err(
            f"{cycle.id} cannot close yet: fix the {len(problems)} problem(s) above first (once "
            f"it is closed, its files are final), then run `calib cycle close {cycle.id}` again"
        )
        return 1
    if check:
        sys.stdout.write(f"{cycle.id} passes the closing checks; nothing was changed\n")
        return 0
    path = repo.root / cycle.source
    try:
        replace_file(path, closed_text(path.read_text(encoding="utf-8"), cycle.source))
    except (EditError, OSError) as exc:
        err(f"cannot set phase: closed in {cycle.source}: {exc}; set it by hand")
        return 1
    sys.stdout.write(
        f"closed {cycle.id}: {cycle.source} now says phase: closed. Commit it with the "
        "outcomes; from then on the cycle's files are final.\n"
    )
    return 0
