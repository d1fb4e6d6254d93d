"""Read a calibration repository from disk into documents and the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from calibration.diagnostics import Diagnostic
from calibration.load.batch import collector_paused, load_all
from calibration.load.cache import DocumentCache, Snapshot, store_result
from calibration.load.layout import REQUIRED_FILES, DataFile, iter_data_files
from calibration.load.positions import Document
from calibration.load.records import (
    audiences_from,
    cycle_from,
    ladder_from,
    outcomes_from,
    person_from,
    prefill_from,
    scale_from,
    settings_from,
    site_allowlist_from,
    teams_from,
)
from calibration.model import Ladder, Org, Scale, Settings


@dataclass
class Repository:
    """A loaded repository: its documents by relative path, its model, its load problems."""

    root: Path
    org: Org
    documents: dict[str, Document] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    schema_diagnostics: dict[str, list[Diagnostic]] = field(default_factory=dict)
    """Schema problems already found while loading (or taken from the cache), by file."""
    cache: DocumentCache | None = None
    snapshot: Snapshot | None = None
    """Stat rows and hashes of the files loaded, so an unchanged repository skips validation."""
    parsed: int = 0
    """How many files were parsed this time rather than taken from the cache."""

    def save_cache(self, diagnostics: list[Diagnostic] | None = None, extra: Any = None) -> None:
        """Persist what was learned (new files, looked-up positions) for the next run,
        and, given the full validation result, that result for an unchanged repository
        (with ``extra``, what a re-check of one edited file needs)."""
        if self.cache is not None:
            self.cache.save()
            if diagnostics is not None:
                store_result(self.root, self.snapshot, diagnostics, extra)


class NotARepositoryError(Exception):
    """The folder does not look like a calibration repository."""


def load_documents(
    files: list[DataFile], root: Path
) -> tuple[dict[str, Document], list[Diagnostic]]:
    """Parse every file, without the cache (see :func:`calibration.load.batch.load_all`)."""
    loaded = load_all(files, root, None)
    return loaded.documents, loaded.diagnostics


def build_org(documents: dict[str, Document], kinds: dict[str, str]) -> Org:
    """Assemble the model from parsed documents (missing rubric files give empty parts)."""

    def data(relpath: str) -> dict[str, object]:
        doc = documents.get(relpath)
        return doc.data if doc is not None else {}

    org = Org(
        ladder=ladder_from(data("rubric/ladder.yaml"))
        if "rubric/ladder.yaml" in documents
        else Ladder("", ""),
        scale=scale_from(data("rubric/ratings.yaml"))
        if "rubric/ratings.yaml" in documents
        else Scale([]),
        settings=settings_from(data("rubric/rules.yaml"))
        if "rubric/rules.yaml" in documents
        else Settings(),
        audiences=audiences_from(data("rubric/audiences.yaml")),
        site_allowlist=site_allowlist_from(data("rubric/audiences.yaml")),
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
        elif kind == "ladder" and relpath != "rubric/ladder.yaml":
            archived = ladder_from(doc.data)
            archived.source = relpath
            org.ladders.setdefault(archived.version or parts[2].rsplit(".", 1)[0], archived)
    return org


def missing_files(kinds: dict[str, str]) -> list[Diagnostic]:
    """A diagnostic for every file a repository needs that ``kinds`` does not hold."""
    return [
        Diagnostic(
            relpath,
            1,
            1,
            "missing-file",
            "error",
            f"{relpath} is missing; every repository needs it (calib init writes one)",
        )
        for relpath in REQUIRED_FILES
        if relpath not in kinds
    ]


def load_repository(root: Path, *, cache: bool = True) -> Repository:
    """Load every data file under ``root`` and build the model.

    Unchanged files come from ``.calib-cache/`` unless ``cache`` is False (see
    :mod:`calibration.load.cache`); changed ones are parsed and schema-checked, over
    two processes when there are many. Raises :class:`NotARepositoryError` when
    none of the expected folders exist, so a command run in the wrong place says
    so instead of reporting nothing.
    """
    root = root.resolve()
    if not root.is_dir() or not any(
        (root / top).is_dir() for top in ("rubric", "people", "cycles")
    ):
        raise NotARepositoryError(
            f"{root} is not a calibration repository (no rubric/, people/ or cycles/ folder); "
            "run the command at the top of the repository or pass its path"
        )
    files = iter_data_files(root)
    kinds = {f.relpath: f.kind for f in files}
    store = DocumentCache.open(root) if cache else None
    loaded = load_all(files, root, store)
    documents, diagnostics = loaded.documents, loaded.diagnostics
    diagnostics.extend(missing_files(kinds))
    with collector_paused():
        org = build_org(documents, kinds)
    return Repository(
        root,
        org,
        documents,
        kinds,
        diagnostics,
        schema_diagnostics=loaded.schema,
        cache=store,
        snapshot=loaded.snapshot,
        parsed=loaded.parsed,
    )
