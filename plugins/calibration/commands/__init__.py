"""What each ``calib`` command does, as functions returning exit codes (no click here).

One module per command group; :mod:`calibration.cli` parses the options and
calls them. Only this layer prints to the terminal: the libraries it calls
return values or raise, and what they say reaches the person through
:func:`say` and :func:`fail`.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from calibration import progress

if TYPE_CHECKING:
    from calibration.load.repository import Repository
    from calibration.model import Cycle


def say(message: str) -> None:
    """Tell the person at the terminal ``message`` on standard error, as ``calib: message``."""
    progress.clear()
    sys.stderr.write(f"calib: {message}\n")


def fail(message: str, code: int) -> int:
    """Say why the command stops, and return its exit ``code``."""
    say(message)
    return code


def open_repository(root: Path, *, cache: bool = True) -> Repository | None:
    """Load the repository at ``root``; print a usage error and return None if it is not one."""
    from calibration.load.repository import NotARepositoryError, load_repository

    try:
        return load_repository(root, cache=cache)
    except NotARepositoryError as exc:
        say(str(exc))
        return None


def open_cycle(root: Path, cycle_id: str) -> tuple[Repository, Cycle] | None:
    """The repository at ``root`` and its cycle ``cycle_id``; say what is wrong and return
    None when either cannot be had (both are usage errors)."""
    repo = open_repository(root)
    if repo is None:
        return None
    cycle = repo.org.find_cycle(cycle_id)
    if isinstance(cycle, str):
        say(cycle)
        return None
    return repo, cycle


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file in one step, so an interrupted run never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
