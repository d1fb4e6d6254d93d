"""Which files belong to a cycle, and small shared helpers of the cycle commands."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from calibration import progress
from calibration.layout import kind_of
from calibration.model import Cycle, Org


def in_cycle(relpath: str, cycle_id: str) -> bool:
    """True for ``cycles/<id>/...`` and every ``people/<handle>/<id>.yaml``."""
    if relpath.startswith(f"cycles/{cycle_id}/"):
        return True
    if kind_of(relpath) != "prefill":
        return False
    return relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0] == cycle_id


def find_cycle(org: Org, cycle_id: str | None) -> Cycle | str:
    """The cycle named ``cycle_id`` (default: the current one), or why there is none."""
    if cycle_id is None:
        current = org.current_cycle()
        return (
            current
            if current is not None
            else "there is no cycle yet; add one with `calib new cycle`"
        )
    cycle = org.cycles.get(cycle_id)
    if cycle is None:
        known = ", ".join(sorted(org.cycles)) or "none"
        return f"there is no cycles/{cycle_id}/cycle.yaml (known: {known}); pick one of them"
    return cycle


def replace_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file, then a rename)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def err(message: str) -> None:
    """A message for the person at the terminal (standard error)."""
    progress.clear()
    sys.stderr.write(f"calib: {message}\n")
