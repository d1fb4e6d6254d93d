"""What the CLI commands do, as functions returning exit codes (no click here)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from calibration.repository import NotARepositoryError, Repository, load_repository


def _err(message: str) -> None:
    sys.stderr.write(f"calib: {message}\n")


def open_repository(root: Path) -> Repository | None:
    """Load the repository at ``root``, printing a usage error (and returning None) if it is not one."""
    try:
        return load_repository(root)
    except NotARepositoryError as exc:
        _err(str(exc))
        return None


def run_validate(root: Path, *, fmt: str, strict: bool, output: Path | None) -> int:
    """Validate the repository and print (or write) the report; return the exit code."""
    from calibration.reporters import REPORTERS, Report, render_summary
    from calibration.validate import RULES, validate_repository

    repo = open_repository(root)
    if repo is None:
        return 2
    diagnostics = validate_repository(repo)
    report = Report(
        diagnostics=diagnostics,
        files_checked=len(repo.kinds),
        rule_docs={rule.id: rule.doc for rule in RULES.values()},
        strict=strict,
    )
    text = REPORTERS[fmt](report)
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary_path:
        with open(summary_path, "a", encoding="utf-8") as handle:
            handle.write(render_summary(report))
    return 1 if report.failed else 0


def render_rules(fmt: str) -> str:
    """The rule list as text or as a Markdown table."""
    from calibration.validate import RULES

    rules = sorted(RULES.values(), key=lambda r: (r.group, r.id))
    if fmt == "markdown":
        lines = ["| Rule | Group | Default severity | What it checks |", "|---|---|---|---|"]
        lines += [f"| `{r.id}` | {r.group} | {r.severity} | {r.doc} |" for r in rules]
        return "\n".join(lines) + "\n"
    width = max(len(r.id) for r in rules)
    return "".join(f"{r.id:<{width}}  {r.severity:<7}  {r.doc}\n" for r in rules)
