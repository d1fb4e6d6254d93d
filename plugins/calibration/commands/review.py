"""``calib review``: what a change means for calibration, for a PR comment or job summary."""

from __future__ import annotations

import sys
from pathlib import Path

from calibration.commands import fail, open_repository


def run_review(root: Path, *, base: str, fmt: str) -> int:
    """Print what the change between ``base`` and the work tree means for calibration."""
    from calibration.analysis.cycle import analyze_cycle
    from calibration.gitops.git import GitError
    from calibration.gitops.history import check_history, merge_diagnostics
    from calibration.gitops.review_render import render_json, render_markdown
    from calibration.gitops.snapshot import compare_with
    from calibration.gitops.summarize import summarize
    from calibration.validate import validate_repository

    repo = open_repository(root)
    if repo is None:
        return 2
    try:
        comparison = compare_with(root, base, head=repo)
    except GitError as exc:
        return fail(str(exc), 2)
    head_findings = merge_diagnostics(validate_repository(repo), check_history(comparison))
    summary = summarize(
        comparison, validate_repository(comparison.base), head_findings, analyze_cycle
    )
    sys.stdout.write(render_json(summary) if fmt == "json" else render_markdown(summary, repo.org))
    return 0
