"""Run the history rules: the registered rules whose checks compare the base with the work tree.

They run only with ``calib validate --base REF``; ``calib rules`` lists them
with the others. Findings are located in head files, so GitHub annotates the
line of the pull request that caused them.
"""

from __future__ import annotations

from pathlib import Path

from calibration.diagnostics import Diagnostic, Severity
from calibration.gitops.snapshot import compare_with
from calibration.load.comparison import Comparison
from calibration.load.repository import Repository
from calibration.validate import iter_rules
from calibration.validate.engine import locate_finding


def check_history(comparison: Comparison) -> list[Diagnostic]:
    """Every history finding of the change, with severities overridden as the head configures."""
    # Severities come from the base: a pull request must not switch off the rule guarding it.
    overrides = comparison.base.org.settings.severities
    out: list[Diagnostic] = []
    for rule in iter_rules(needs_base=True):
        setting = overrides.get(rule.id, rule.severity)
        if setting == "off":
            continue
        severity: Severity = "warning" if setting == "warning" else "error"
        try:
            found = list(rule.check(comparison))
        except Exception as exc:  # a rule bug must not hide every other finding
            message = (
                f"internal error in rule {rule.id} ({type(exc).__name__}: {exc}); please report it"
            )
            out.append(Diagnostic(".", 1, 1, rule.id, "error", message))
            continue
        out.extend(locate_finding(comparison.head.documents, f, rule.id, severity) for f in found)
    return sorted(set(out))


def history_diagnostics(root: Path, base: str, head: Repository) -> list[Diagnostic]:
    """Compare the work tree at ``root`` with ``base`` and run every history rule.

    Raises :class:`~calibration.gitops.git.GitError` when git cannot answer.
    """
    return check_history(compare_with(root, base, head=head))


def merge_diagnostics(current: list[Diagnostic], history: list[Diagnostic]) -> list[Diagnostic]:
    """Add history findings to a validation run.

    A folder/handle mismatch is reported by both ``handle-matches-folder`` and
    ``handle-rename``; the history rule knows what moved, so its message is the
    one kept on that line.
    """
    renamed = {(d.file, d.line) for d in history if d.rule == "handle-rename"}
    kept = [
        d
        for d in current
        if not (d.rule == "handle-matches-folder" and (d.file, d.line) in renamed)
    ]
    return sorted(set(kept) | set(history))
