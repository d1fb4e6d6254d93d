"""Import a rubric sheet: bytes in, ``ladder.yaml`` text and located diagnostics out (no I/O)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from calibration.diagnostics import Diagnostic, count
from calibration.load.positions import Document
from calibration.load.schema import check_document
from calibration.load.yamlio import load_text
from calibration.rubric_io.assemble import ladder_data, merge
from calibration.rubric_io.draft import Draft, DraftDimension, Known
from calibration.rubric_io.emit import dump_ladder
from calibration.rubric_io.role_rules import report_coverage, report_missing, resolve_roles
from calibration.rubric_io.settings import (
    Setting,
    apply_settings,
    dropped,
    markdown_lines,
    take_rows,
)
from calibration.rubric_io.shape_long import is_long, read_long
from calibration.rubric_io.shape_wide import read_wide
from calibration.rubric_io.tables import Table, detect_format, read_csv, read_markdown
from calibration.rubric_io.text import decode, has_undecodable

LADDER = "rubric/ladder.yaml"


@dataclass
class ImportResult:
    """The imported ladder (``text`` is None when errors stopped the import) and every problem."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    data: dict[str, Any] | None = None
    text: str | None = None
    draft: Draft | None = None
    missing_roles: list[DraftDimension] = field(default_factory=list)
    """Dimensions nothing gave an evidence role (each is also an error)."""
    unknown_roles: list[str] = field(default_factory=list)
    """Names given to ``roles`` that match no dimension of the sheet."""

    @property
    def ok(self) -> bool:
        """True when the ladder can be written (warnings allowed)."""
        return self.text is not None and count(self.diagnostics)[0] == 0


def _tables(
    raw: bytes, file: str, fmt: str | None, result: ImportResult
) -> tuple[list[Table], list[Setting]]:
    decoded = decode(raw)
    if decoded.text is None:
        result.diagnostics.append(
            Diagnostic(file, 1, 1, "import-encoding", "error", decoded.problem or "cannot decode")
        )
        return [], []
    markdown = (fmt or detect_format(file, decoded.text)) == "markdown"
    tables, problems = (read_markdown if markdown else read_csv)(decoded.text, file)
    if decoded.problem is not None:
        bad = next((c for t in tables for r in t.rows for c in r if has_undecodable(c.text)), None)
        row, column = (bad.row, bad.column) if bad else (1, 1)
        where = f"{bad.ref} holds the first byte that is not UTF-8; " if bad else ""
        result.diagnostics.append(
            Diagnostic(file, row, column, "import-encoding", "error", where + decoded.problem)
        )
        return [], []
    settings: list[Setting] = []
    if markdown:
        settings = markdown_lines(decoded.text, file, problems)
    elif tables:
        tables[0], settings = take_rows(tables[0])
    result.diagnostics.extend(problems)
    tables = [t.without_title() for t in tables if any(not c.blank for r in t.rows for c in r)]
    if not tables:
        what = "no Markdown table (a header row, then a |---| row)" if markdown else "no rows"
        result.diagnostics.append(
            Diagnostic(
                file, 1, 1, "import-shape", "error", f"the file holds {what}; nothing to import"
            )
        )
    return tables, settings


def _similar_dimensions(draft: Draft) -> None:
    """Warn about dimension names one typo apart (different spellings are already errors)."""
    dims = list(draft.dimensions.values())
    for i, later in enumerate(dims):
        for earlier in dims[:i]:
            ratio = difflib.SequenceMatcher(
                None, earlier.name.casefold(), later.name.casefold()
            ).ratio()
            if ratio >= 0.88:
                draft.report(
                    later.cell,
                    "import-similar-name",
                    "warning",
                    f"dimension {later.name!r} looks like {earlier.name!r} ({earlier.cell.ref}); "
                    f"did you mean {earlier.name!r}? If they are two dimensions, ignore this",
                )
                break


def read_sheet(
    raw: bytes, file: str, *, fmt: str | None = None, known: Known | None = None
) -> ImportResult:
    """Read every table of a sheet into a draft (long or wide form, detected per table)."""
    result = ImportResult()
    tables, settings = _tables(raw, file, fmt, result)
    if not tables:
        return result
    draft = Draft(file, known or Known())
    apply_settings(draft, settings)
    for table in tables:
        (read_long if is_long(table) else read_wide)(draft, table)
    first = tables[0].rows[0][0]
    if not draft.levels:
        draft.report(
            first,
            "import-shape",
            "error",
            "no level found: row 1 should name the levels (wide form) or the columns "
            "level, dimension and expectation (long form)",
        )
    if not draft.dimensions:
        draft.report(
            first,
            "import-shape",
            "error",
            "no dimension found: name one per row (wide form) or in a dimension column (long form)",
        )
    _similar_dimensions(draft)
    result.draft = draft
    result.diagnostics.extend(draft.diagnostics)
    return result


def _removed_levels(data: dict[str, Any], existing: Document) -> list[Diagnostic]:
    kept = {level["id"] for level in data["levels"]}
    old = existing.data.get("levels")
    out = []
    for index, level in enumerate(old if isinstance(old, list) else []):
        level_id = level.get("id") if isinstance(level, dict) else None
        if isinstance(level_id, str) and level_id not in kept:
            out.append(
                existing.diagnostic(
                    ("levels", index, "id"),
                    "import-removed-level",
                    "warning",
                    f"level {level_id} is not in the sheet and leaves the ladder; "
                    "`calib validate` names anyone who still holds it",
                )
            )
    return out


def _cells(data: dict[str, Any]) -> dict[tuple[Any, Any, Any], list[Any]]:
    """Expectations per cell, in order: what matters, whatever order the cells are listed in."""
    own = {}
    for level in data.get("levels") or []:
        tracks = level.get("tracks") if isinstance(level, dict) else None
        if isinstance(tracks, list) and len(tracks) == 1:
            own[level.get("id")] = tracks[0]
    out: dict[tuple[Any, Any, Any], list[Any]] = {}
    for item in data.get("expectations") or []:
        if isinstance(item, dict):
            track = item.get("track") or own.get(item.get("level"))
            key = (item.get("level"), track, item.get("dimension"))
            out.setdefault(key, []).append(
                (item.get("text"), item.get("examples"), item.get("proficiency"))
            )
    return out


def _dimensions(data: dict[str, Any]) -> list[Any]:
    """Dimensions as compared for a version change: no ``counts_as`` means ``other``."""
    out = []
    for dim in data.get("dimensions") or []:
        if isinstance(dim, dict):
            dim = {"counts_as": "other", **dim}
        out.append(dim)
    return out


def _changed(data: dict[str, Any], old: dict[str, Any]) -> bool:
    if any(data.get(key) != old.get(key) for key in ("levels", "tracks")):
        return True
    return _dimensions(data) != _dimensions(old) or _cells(data) != _cells(old)


def _roles(result: ImportResult, roles: dict[str, str] | None, known: Known) -> None:
    """Settle every dimension's evidence role, reporting those nothing gave one."""
    draft = result.draft
    assert draft is not None
    reported = len(draft.diagnostics)
    result.unknown_roles, result.missing_roles = resolve_roles(draft, roles or {}, known.roles)
    if result.missing_roles:
        report_missing(draft, result.missing_roles)
    elif not result.unknown_roles:
        report_coverage(draft)
    result.diagnostics.extend(draft.diagnostics[reported:])


def import_rubric(
    raw: bytes,
    file: str,
    *,
    fmt: str | None = None,
    existing: Document | None = None,
    version: str | None = None,
    roles: dict[str, str] | None = None,
) -> ImportResult:
    """Import a sheet; with ``existing`` (the current ladder), keep what only the YAML holds.

    ``roles`` maps dimension ids or names to ``counts_as`` values and wins over the sheet.
    """
    old = existing.data if existing is not None else None
    known = Known.from_ladder(old)
    result = read_sheet(raw, file, fmt=fmt, known=known)
    if result.draft is None:
        return result
    _roles(result, roles, known)
    if count(result.diagnostics)[0] or result.unknown_roles:
        return result
    old_version = old.get("version") if old else None
    chosen = version or (old_version if isinstance(old_version, str) else None) or "1"
    reported = len(result.draft.diagnostics)
    data = merge(ladder_data(result.draft, chosen), old, sheet_tracks=result.draft.has_track_info)
    result.diagnostics.extend(result.draft.diagnostics[reported:])  # what assembling found
    if existing is not None and old is not None:
        result.diagnostics.extend(_removed_levels(data, existing))
        result.diagnostics.extend(dropped(result.draft, existing))
        if chosen == old_version and _changed(data, old):
            result.diagnostics.append(
                existing.diagnostic(
                    ("version",),
                    "import-version",
                    "warning",
                    f"the ladder changes but its version stays {chosen}; pass --ladder-version "
                    "with a new one so cycles calibrated against this version keep it",
                )
            )
    return _checked(result, data, file)


def _checked(result: ImportResult, data: dict[str, Any], file: str) -> ImportResult:
    """Write ``data`` as YAML and keep it only when it reads back the same and passes the schema."""
    text = dump_ladder(data, file.replace("\\", "/").rsplit("/", 1)[-1])
    loaded = load_text(text, LADDER)
    problems = loaded.diagnostics + (
        check_document(loaded.document, "ladder") if loaded.document else []
    )
    if problems or (loaded.document is not None and loaded.document.data != data):
        # the sheet produced something our own schema refuses: say so rather than write it
        result.diagnostics.extend(
            problems
            or [
                Diagnostic(
                    file,
                    1,
                    1,
                    "import-internal",
                    "error",
                    "the written YAML does not read back the same; please report this sheet",
                )
            ]
        )
        return result
    result.data, result.text = data, text
    return result
