"""Where ``calib build`` writes: a hidden staging folder, published only once audited.

A build never lets MkDocs write into the output folder. It builds into a
hidden staging folder next to it, the command audits that once MkDocs has
returned (so no plugin or hook can add anything afterwards), and only then is
it moved into place, replacing the previous site as a whole. A failed or
killed build leaves the output folder as it was; what a killed build left
behind is tidied up by the next.
"""

from __future__ import annotations

import re
import secrets
import shutil
from pathlib import Path

from calibration.site.prepare import MARKER


def site_dir_problem(
    site_dir: Path, *, force: bool = False, protected: tuple[Path, ...] = ()
) -> str | None:
    """Why ``site_dir`` must not be replaced, or None when it is safe.

    A build replaces its output folder as a whole; a folder that holds anything
    but a previous calibration site could be someone's files (``force``: replace it
    anyway), and one that holds a ``protected`` folder (the repository) never is.
    """
    for path in protected:
        if site_dir == path or site_dir in path.parents:
            return (
                f"{site_dir} holds {path}, which a build would replace; "
                "choose an output folder outside it with -d"
            )
    if site_dir.exists() and not site_dir.is_dir():
        return f"{site_dir} exists and is not a folder"
    if force:
        return None
    if site_dir.is_dir() and any(site_dir.iterdir()) and not (site_dir / MARKER).is_file():
        return (
            f"{site_dir} is not empty and was not written by calib build (no {MARKER} file); "
            "choose another folder with -d, or pass --force to replace its contents"
        )
    return None


class OutputFolderError(Exception):
    """The output folder may not be replaced; the message says why and what to do."""


def _staged(target: Path, kind: str) -> list[Path]:
    """Folders of ``kind`` (staging, previous, removed) that builds of ``target`` left."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.calib-{kind}-[0-9a-f]{{12}}")
    if not target.parent.is_dir():
        return []
    return [p for p in target.parent.iterdir() if pattern.fullmatch(p.name)]


def recover(target: Path) -> None:
    """Undo what a killed build of ``target`` left: restore a site moved aside, drop the rest."""
    previous = _staged(target, "previous")
    if previous and not target.exists():
        # Killed between moving the old site aside and moving the new one in.
        newest = max(previous, key=lambda p: p.stat().st_mtime)
        newest.rename(target)
        previous.remove(newest)
    for stale in previous + _staged(target, "staging") + _staged(target, "removed"):
        _remove(stale)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _sibling(target: Path, kind: str) -> Path:
    return target.with_name(f".{target.name}.calib-{kind}-{secrets.token_hex(6)}")


def publish(staging: Path, target: Path) -> None:
    """Move an audited site into place, replacing the previous one as a whole."""
    previous = None
    if target.exists() or target.is_symlink():
        previous = _sibling(target, "previous")
        target.rename(previous)
    staging.rename(target)
    if previous is not None:
        # Renamed first, so that a removal cut short is never mistaken for a site to restore.
        removed = _sibling(target, "removed")
        previous.rename(removed)
        _remove(removed)


class Staging:
    """A hidden folder next to the target: MkDocs writes there, the audit reads it there."""

    def __init__(self, *, force: bool, protected: tuple[Path, ...]) -> None:
        self.force = force
        self.protected = protected
        self.target: Path | None = None
        self.path: Path | None = None

    def __call__(self, configured: Path) -> Path:
        """Check the configured output folder, tidy up after killed builds, make the staging."""
        target = configured.resolve()
        problem = site_dir_problem(target, force=True, protected=self.protected)
        if problem is None:
            recover(target)
            problem = site_dir_problem(target, force=self.force)
        if problem:
            raise OutputFolderError(problem)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.target, self.path = target, _sibling(target, "staging")
        self.path.mkdir()
        return self.path

    def discard(self) -> None:
        """Remove the staging folder, if it is still there (a failed or stopped build)."""
        if self.path is not None:
            _remove(self.path)
