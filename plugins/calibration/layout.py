"""The repository layout: which file is which kind, found without parsing anything."""

from __future__ import annotations

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
        for folder in sorted(base.iterdir()):
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                relpath = f"{top}/{folder.name}/{path.name}"
                kind = kind_of(relpath)
                if kind is not None:
                    found.append(DataFile(path, relpath, kind))
    return found
