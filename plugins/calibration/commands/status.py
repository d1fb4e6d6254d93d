"""``calib status``: where each report's pre-fill stands, and the days to each deadline."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from calibration import progress
from calibration.commands import fail, open_repository


def run_status(
    root: Path,
    *,
    manager: str | None,
    cycle_id: str | None,
    fmt: str,
    today: dt.date | None = None,
) -> int:
    """Print the status; exit 0 when every pre-fill listed is done, 1 when some are not."""
    from calibration.cycles.status import cycle_status, render_status_json, render_status_text
    from calibration.validate import validate_repository

    repo = open_repository(root)
    if repo is None:
        return 2
    org = repo.org
    if manager is not None and manager not in org.people:
        known = ", ".join(sorted({p.manager for p in org.people.values() if p.manager})[:12])
        return fail(
            f"{manager!r} is nobody in people/ (managers: {known or 'none'}); pass a handle", 2
        )
    cycle = org.find_cycle(cycle_id)
    if isinstance(cycle, str):
        return fail(cycle, 2)
    status = cycle_status(
        org,
        validate_repository(repo),
        cycle,
        manager=manager,
        today=today or dt.date.today(),
    )
    render = render_status_json if fmt == "json" else render_status_text
    progress.clear()
    sys.stdout.write(render(status))
    counts = status.counts()
    return 1 if counts["missing"] or counts["incomplete"] else 0
