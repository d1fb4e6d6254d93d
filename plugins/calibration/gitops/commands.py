"""What ``calib codeowners`` and ``calib review`` do, as functions returning exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

from calibration.commands import open_repository


def _err(message: str) -> None:
    sys.stderr.write(f"calib: {message}\n")


def run_codeowners(root: Path, *, check: bool, force: bool = False) -> int:
    """Write ``.github/CODEOWNERS`` (or, with ``check``, report a stale one as a diff)."""
    from calibration.gitops.codeowners import (
        MARKER,
        PATH,
        CodeownersError,
        render_codeowners,
        stale_diff,
    )

    repo = open_repository(root)
    if repo is None:
        return 2
    try:
        expected = render_codeowners(repo.org)
    except CodeownersError as exc:
        _err("cannot write CODEOWNERS:\n  " + str(exc).replace("\n", "\n  "))
        return 1
    target = repo.root / PATH
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    diff = stale_diff(current, expected)
    if check:
        if diff:
            sys.stdout.write(diff)
            _err(
                f"{PATH} is out of date with people/ and rubric/rules.yaml; "
                "run `calib codeowners` and commit it"
            )
            return 1
        sys.stdout.write(f"{PATH} is up to date.\n")
        return 0
    if not diff:
        sys.stdout.write(f"{PATH} is already up to date.\n")
        return 0
    if current is not None and MARKER not in current and not force:
        _err(
            f"{PATH} exists and was not written by calib; "
            "move it away or pass --force to replace it"
        )
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(expected, encoding="utf-8")
    sys.stdout.write(f"wrote {PATH}\n")
    return 0


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
        _err(str(exc))
        return 2
    head_findings = merge_diagnostics(validate_repository(repo), check_history(comparison))
    summary = summarize(
        comparison, validate_repository(comparison.base), head_findings, analyze_cycle
    )
    sys.stdout.write(render_json(summary) if fmt == "json" else render_markdown(summary, repo.org))
    return 0
