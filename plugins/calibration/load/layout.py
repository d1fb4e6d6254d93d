"""The repository layout: which file is which kind, found without parsing anything."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

RUBRIC_FILES = {
    "rubric/ladder.yaml": "ladder",
    "rubric/ratings.yaml": "ratings",
    "rubric/rules.yaml": "rules",
    "rubric/audiences.yaml": "audiences",
    "people/teams.yaml": "teams",
}
REQUIRED_FILES = ("rubric/ladder.yaml", "rubric/ratings.yaml", "people/teams.yaml")
LADDER_ARCHIVE = "rubric/ladders"
"""Earlier ladder versions, one ``<version>.yaml`` each, so closed cycles keep theirs."""


@dataclass(frozen=True)
class DataFile:
    """A data file of the repository and the kind of record it holds."""

    path: Path
    relpath: str
    kind: str


def kind_of(relpath: str) -> str | None:
    """Return the kind of record at ``relpath`` (posix, relative to the root), or None."""
    if relpath in RUBRIC_FILES:
        return RUBRIC_FILES[relpath]
    parts = relpath.split("/")
    if len(parts) != 3 or not parts[2].endswith((".yaml", ".yml")):
        return None
    top, folder, name = parts
    stem = name.rsplit(".", 1)[0]
    if f"{top}/{folder}" == LADDER_ARCHIVE:
        return "ladder"
    if top == "people":
        return "person" if stem == "person" else "prefill"
    if top == "cycles" and stem in ("cycle", "outcomes"):
        return stem
    return None


def iter_data_files(root: Path) -> list[DataFile]:
    """List every data file under ``root`` in a stable order."""
    found: list[DataFile] = []
    for relpath in RUBRIC_FILES:
        path = root / relpath
        if path.exists() or path.is_symlink():
            found.append(DataFile(path, relpath, RUBRIC_FILES[relpath]))
    archive = root / LADDER_ARCHIVE
    if archive.is_dir():
        for path in sorted(archive.iterdir()):
            relpath = f"{LADDER_ARCHIVE}/{path.name}"
            if path.is_file() and kind_of(relpath) == "ladder":
                found.append(DataFile(path, relpath, "ladder"))
    for top in ("people", "cycles"):
        base = root / top
        if not base.is_dir():
            continue
        # os.scandir knows which entries are folders without a stat call each, which
        # matters at tens of thousands of files
        with os.scandir(base) as entries:
            folders = sorted(e.name for e in entries if e.is_dir())
        for name in folders:
            folder = base / name
            for file_name in sorted(os.listdir(folder)):
                relpath = f"{top}/{name}/{file_name}"
                kind = kind_of(relpath)
                if kind is not None:
                    found.append(DataFile(folder / file_name, relpath, kind))
    return found


def scan_relpaths(root: Path) -> list[tuple[str, str]]:
    """(relpath, kind) of every data file, as :func:`iter_data_files` lists them, but
    without building path objects: the cheap listing a cached re-validation needs."""
    found = [(r, k) for r, k in RUBRIC_FILES.items() if os.path.lexists(os.path.join(root, r))]
    archive = os.path.join(root, LADDER_ARCHIVE)
    if os.path.isdir(archive):
        for name in sorted(os.listdir(archive)):
            relpath = f"{LADDER_ARCHIVE}/{name}"
            if os.path.isfile(os.path.join(archive, name)) and kind_of(relpath) == "ladder":
                found.append((relpath, "ladder"))
    for top in ("people", "cycles"):
        base = os.path.join(root, top)
        if not os.path.isdir(base):
            continue
        with os.scandir(base) as entries:
            folders = sorted(e.name for e in entries if e.is_dir())
        for name in folders:
            for file_name in sorted(os.listdir(os.path.join(base, name))):
                relpath = f"{top}/{name}/{file_name}"
                kind = kind_of(relpath)
                if kind is not None:
                    found.append((relpath, kind))
    return found


def is_repository_root(folder: Path) -> bool:
    """True when ``folder`` holds a calibration repository: ``rubric/`` and ``people/`` folders."""
    return (folder / "rubric").is_dir() and (folder / "people").is_dir()


def find_root(start: Path) -> Path | None:
    """The repository holding ``start``: the nearest folder upward, like git, or None.

    ``start`` may be a file or a folder; a file starts the search at its folder.
    """
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        if is_repository_root(folder):
            return folder
    return None


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
