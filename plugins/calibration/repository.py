"""Read a calibration repository from disk into documents and the model."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

from calibration.diagnostics import Diagnostic
from calibration.layout import REQUIRED_FILES, DataFile, iter_data_files
from calibration.model import Ladder, Org, Scale, Settings
from calibration.records import (
    audiences_from,
    cycle_from,
    ladder_from,
    outcomes_from,
    person_from,
    prefill_from,
    scale_from,
    settings_from,
    teams_from,
)
from calibration.yamlio import Document, load_file


@dataclass
class Repository:
    """A loaded repository: its documents by relative path, its model, its load problems."""

    root: Path
    org: Org
    documents: dict[str, Document] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


class NotARepositoryError(Exception):
    """The folder does not look like a calibration repository."""


def load_documents(files: list[DataFile], root: Path) -> tuple[dict[str, Document], list[Diagnostic]]:
    """Parse every file; the collector is paused because it dominates bulk parsing."""
    documents: dict[str, Document] = {}
    diagnostics: list[Diagnostic] = []
    enabled = gc.isenabled()
    gc.disable()
    try:
        for data_file in files:
            result = load_file(data_file.path, root)
            diagnostics.extend(result.diagnostics)
            if result.document is not None:
                documents[data_file.relpath] = result.document
    finally:
        if enabled:
            gc.enable()
    return documents, diagnostics


def build_org(documents: dict[str, Document], kinds: dict[str, str]) -> Org:
    """Assemble the model from parsed documents (missing rubric files give empty parts)."""

    def data(relpath: str) -> dict[str, object]:
        doc = documents.get(relpath)
        return doc.data if doc is not None else {}

    org = Org(
        ladder=ladder_from(data("rubric/ladder.yaml")) if "rubric/ladder.yaml" in documents else Ladder("", ""),
        scale=scale_from(data("rubric/ratings.yaml")) if "rubric/ratings.yaml" in documents else Scale([]),
        settings=settings_from(data("rubric/rules.yaml")) if "rubric/rules.yaml" in documents else Settings(),
        audiences=audiences_from(data("rubric/audiences.yaml")),
        teams=teams_from(data("people/teams.yaml")),
        people={},
        cycles={},
        prefills={},
        outcomes={},
    )
    for relpath, doc in documents.items():
        kind = kinds.get(relpath)
        parts = relpath.split("/")
        if kind == "person":
            org.people[parts[1]] = person_from(doc.data, parts[1], relpath)
        elif kind == "prefill":
            stem = parts[2].rsplit(".", 1)[0]
            org.prefills[(parts[1], stem)] = prefill_from(doc.data, parts[1], stem, relpath)
        elif kind == "cycle":
            org.cycles[parts[1]] = cycle_from(doc.data, parts[1], relpath)
        elif kind == "outcomes":
            org.outcomes[parts[1]] = outcomes_from(doc.data, parts[1], relpath)
    return org


def load_repository(root: Path) -> Repository:
    """Load every data file under ``root`` and build the model.

    Raises :class:`NotARepositoryError` when none of the expected folders exist,
    so a command run in the wrong place says so instead of reporting nothing.
    """
    root = root.resolve()
    if not root.is_dir() or not any((root / top).is_dir() for top in ("rubric", "people", "cycles")):
        raise NotARepositoryError(
            f"{root} is not a calibration repository (no rubric/, people/ or cycles/ folder); "
            "run the command at the top of the repository or pass its path"
        )
    files = iter_data_files(root)
    kinds = {f.relpath: f.kind for f in files}
    documents, diagnostics = load_documents(files, root)
    for relpath in REQUIRED_FILES:
        if relpath not in kinds:
            diagnostics.append(
                Diagnostic(relpath, 1, 1, "missing-file", "error", f"{relpath} is missing; every repository needs it (calib init writes one)")
            )
    return Repository(root, build_org(documents, kinds), documents, kinds, diagnostics)
