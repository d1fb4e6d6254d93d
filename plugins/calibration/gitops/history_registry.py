"""The registry of history rules: checks over (base, head) with an id, a severity and a doc line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from calibration.diagnostics import Severity
from calibration.gitops.snapshot import Comparison
from calibration.validate.registry import Finding

GROUP = "history"


HistoryCheck = Callable[[Comparison], Iterator[Finding]]


@dataclass(frozen=True)
class HistoryRule:
    """A registered rule over (base, head)."""

    id: str
    severity: Severity
    doc: str
    check: HistoryCheck
    group: str = GROUP


HISTORY_RULES: dict[str, HistoryRule] = {}


def history_rule(rule_id: str, severity: Severity) -> Callable[[HistoryCheck], HistoryCheck]:
    """Register ``check`` under ``rule_id``; its docstring's first line documents it."""

    def register(check: HistoryCheck) -> HistoryCheck:
        if rule_id in HISTORY_RULES:
            raise ValueError(f"history rule {rule_id} registered twice")
        doc = (check.__doc__ or "").strip().splitlines()[0] if check.__doc__ else ""
        HISTORY_RULES[rule_id] = HistoryRule(rule_id, severity, doc, check)
        return check

    return register
