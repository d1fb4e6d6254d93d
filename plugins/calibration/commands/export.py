"""``calib export outcomes``: a cycle's outcomes as a file for an HR system."""

from __future__ import annotations

import sys
from pathlib import Path

from calibration.commands import fail, open_cycle, say, write_atomic
from calibration.diagnostics import Diagnostic
from calibration.reporters import REPORTERS, Report


def _load_problems(diagnostics: list[Diagnostic], cycle_id: str) -> list[Diagnostic]:
    """Files of the cycle (and person files) that did not load: their rows would be wrong."""
    return [
        d
        for d in diagnostics
        if d.severity == "error"
        and (
            d.file.startswith(f"cycles/{cycle_id}/")
            or d.file.endswith((f"/{cycle_id}.yaml", "/person.yaml"))
        )
    ]


def run_export_outcomes(
    root: Path, *, cycle_id: str, fmt: str, output: Path | None, draft: bool, force: bool
) -> int:
    """Write a cycle's outcomes as CSV or JSON; 0 written, 1 refused, 2 usage error."""
    from calibration.hr.export import outcome_rows, render_csv, render_json

    opened = open_cycle(root, cycle_id)
    if opened is None:
        return 2
    repo, cycle = opened
    if cycle.phase != "closed" and not draft:
        return fail(
            f"{cycle_id} is in phase {cycle.phase or 'unknown'}, not closed: its outcomes are "
            "not final. Close it first, or pass --draft for a provisional file (final_rating "
            "empty where the room has not decided)",
            1,
        )
    broken = _load_problems(repo.diagnostics, cycle_id)
    if broken:
        sys.stderr.write(REPORTERS["text"](Report(broken, files_checked=len(repo.kinds))))
        return fail(
            "these files do not load, so their rows would be missing or wrong; nothing written", 1
        )
    if output is not None and output.exists() and not force:
        return fail(f"{output} already exists; pass --force to replace it (nothing written)", 1)
    rows = outcome_rows(repo.org, cycle)
    text = (render_json if fmt == "json" else render_csv)(rows)
    if output is None:
        sys.stdout.write(text)
        return 0
    # a byte-order mark makes Excel open a CSV file as UTF-8
    write_atomic(output, text.encode("utf-8-sig" if fmt == "csv" else "utf-8"))
    draft_note = " (draft: the cycle is not closed)" if cycle.phase != "closed" else ""
    say(f"wrote {output}: {len(rows)} people of {cycle_id}{draft_note}")
    return 0
