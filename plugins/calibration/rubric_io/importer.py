"""Import a rubric sheet: bytes in, ``ladder.yaml`` text and located diagnostics out (no I/O)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from calibration.diagnostics import Diagnostic, count
from calibration.rubric_io.assemble import ladder_data, merge
from calibration.rubric_io.draft import Draft, Known
from calibration.rubric_io.emit import dump_ladder
from calibration.rubric_io.shape_long import is_long, read_long
from calibration.rubric_io.shape_wide import read_wide
from calibration.rubric_io.tables import Table, detect_format, read_csv, read_markdown
from calibration.rubric_io.text import decode, has_undecodable
from calibration.validate.schema import check_document
from calibration.yamlio import Document, load_text

LADDER = "rubric/ladder.yaml"


@dataclass
class ImportResult:
    """The imported ladder (``text`` is None when errors stopped the import) and every problem."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    data: dict[str, Any] | None = None
    text: str | None = None
    draft: Draft | None = None

    @property
    def ok(self) -> bool:
        """True when the ladder can be written (warnings allowed)."""
        return self.text is not None and count(self.diagnostics)[0] == 0


def _tables(raw: bytes, file: str, fmt: str | None, result: ImportResult) -> list[Table]:
    decoded = decode(raw)
    if decoded.text is None:
        result.diagnostics.append(
            Diagnostic(file, 1, 1, "import-encoding", "error", decoded.problem or "cannot decode")
        )
        return []
    reader = read_markdown if (fmt or detect_format(file, decoded.text)) == "markdown" else read_csv
    tables, problems = reader(decoded.text, file)
    if decoded.problem is not None:
        bad = next((c for t in tables for r in t.rows for c in r if has_undecodable(c.text)), None)
        row, column = (bad.row, bad.column) if bad else (1, 1)
        where = f"{bad.ref} holds the first byte that is not UTF-8; " if bad else ""
        result.diagnostics.append(
            Diagnostic(file, row, column, "import-encoding", "error", where + decoded.problem)
        )
        return []
    result.diagnostics.extend(problems)
    tables = [t.without_title() for t in tables if any(not c.blank for r in t.rows for c in r)]
    if not tables:
        what = (
            "no Markdown table (a header row, then a |---| row)"
            if reader is read_markdown
            else "no rows"
        )
        result.diagnostics.append(
            Diagnostic(
                file, 1, 1, "import-shape", "error", f"the file holds {what}; nothing to import"
            )
        )
    return tables


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
    tables = _tables(raw, file, fmt, result)
    if not tables:
        return result
    draft = Draft(file, known or Known())
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


def _changed(data: dict[str, Any], old: dict[str, Any]) -> bool:
    if any(data.get(key) != old.get(key) for key in ("levels", "dimensions", "tracks")):
        return True
    return _cells(data) != _cells(old)


def import_rubric(
    raw: bytes,
    file: str,
    *,
    fmt: str | None = None,
    existing: Document | None = None,
    version: str | None = None,
) -> ImportResult:
    """Import a sheet; with ``existing`` (the current ladder), keep what only the YAML holds."""
    old = existing.data if existing is not None else None
    result = read_sheet(raw, file, fmt=fmt, known=Known.from_ladder(old))
    if result.draft is None or count(result.diagnostics)[0]:
        return result
    old_version = old.get("version") if old else None
    chosen = version or (old_version if isinstance(old_version, str) else None) or "1"
    reported = len(result.draft.diagnostics)
    data = merge(ladder_data(result.draft, chosen), old, sheet_tracks=result.draft.has_track_info)
    result.diagnostics.extend(result.draft.diagnostics[reported:])  # what assembling found
    if existing is not None and old is not None:
        result.diagnostics.extend(_removed_levels(data, existing))
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
