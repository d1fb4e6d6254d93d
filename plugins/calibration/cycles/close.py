"""``calib cycle close``: run the closing checks, then set ``phase: closed``.

Closing makes every file of the cycle final (``calib validate --base`` refuses
edits to them afterwards), so whatever would be an error in a closed cycle must
be fixed before: the repository is validated as if the cycle were closed
already, which is when the outcomes rules apply (outcomes present, every
engineer rated, every promotion case decided, every outlier explained), and
any error in the cycle's files refuses the close.
"""

from __future__ import annotations

from calibration.cycles.files import in_cycle
from calibration.diagnostics import Diagnostic
from calibration.load.repository import Repository
from calibration.scaffold.person_edit import edit_person
from calibration.validate import validate_repository


def closing_findings(repo: Repository, cycle_id: str) -> list[Diagnostic]:
    """The errors left in the files of ``cycle_id`` once it is closed (nothing is written).

    The repository is validated with the cycle's phase set to ``closed`` in the
    model only; that result is not kept in the cache, since it is not the
    repository's own.
    """

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

    return edit_person(text, relpath, {"phase": "closed"}, set())
