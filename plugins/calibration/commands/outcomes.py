"""``calib outcomes new``: start a cycle's outcomes file from what its pre-fills propose."""

from __future__ import annotations

from pathlib import Path

from calibration.commands import fail, open_cycle


def run_new_outcomes(root: Path, cycle_id: str) -> int:
    """Write ``cycles/<id>/outcomes.yaml``; an existing file is never replaced (exit 1)."""
    from calibration.commands.new import write_new
    from calibration.load.schema import check_document
    from calibration.load.yamlio import load_text
    from calibration.scaffold.outcomes import render_outcomes

    opened = open_cycle(root, cycle_id)
    if opened is None:
        return 2
    repo, cycle = opened
    relpath = f"cycles/{cycle_id}/outcomes.yaml"
    if (repo.root / relpath).exists():
        return fail(f"{relpath} already exists; edit it instead (nothing was written)", 1)
    text = render_outcomes(repo.org, cycle)
    loaded = load_text(text, relpath)
    problems = loaded.diagnostics + (
        check_document(loaded.document, "outcomes") if loaded.document else []
    )
    if problems:  # ids from the files that YAML or the schema cannot hold: say so, write nothing
        first = problems[0]
        return fail(
            f"the skeleton would not pass the schema ({first.message}); please report this", 1
        )
    return write_new(repo.root, relpath, text)
