"""The rule registry: small functions with a kebab-case id, a default severity and a doc line."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from calibration.diagnostics import PathPart, Severity
from calibration.model import Org, Prefill


@dataclass(frozen=True)
class Finding:
    """What a rule found: a file, a path inside it, and a message saying how to fix it."""

    file: str
    path: tuple[PathPart, ...]
    message: str
    key: bool = False
    severity: Severity | None = None
    """Raise this finding above the rule's default (e.g. an error once a cycle is in the room);
    a severity configured in ``rubric/rules.yaml`` still wins."""
    related: tuple[tuple[PathPart, ...], ...] = ()
    """Further places the finding is about (one finding for several statements): their
    lines are added to the message once the file's positions are known."""
    line: int | None = None
    """A line already known (a changed line, found by diffing text): the finding is reported
    there, at column 1, instead of at ``path``."""


Check = Callable[[Org], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered cross-file rule."""

    id: str
    severity: Severity
    doc: str
    check: Check
    group: str
    per_file: bool | None = None
    """What the rule reads of pre-fills, so one edited pre-fill re-checks only what it must:
    True, a pre-fill's own content and only for findings in that file (with any file but
    other pre-fills); False, of pre-fills only their :func:`shared_facts`; None, unknown
    (every edit then re-validates the whole repository)."""


RULES: dict[str, Rule] = {}


def shared_facts(prefill: Prefill) -> tuple[object, ...]:
    """All that a rule declared ``per_file=False`` may read of a pre-fill (besides its place).

    An edit that leaves these alone cannot change such a rule's findings.
    """
    answer = (prefill.invisible_work or "").strip().rstrip(".").lower()
    promotion = prefill.promotion
    return (
        prefill.cycle,
        prefill.proposed_rating,
        promotion is not None,
        promotion.target_level if promotion else None,
        bool(prefill.invisible_items()) or answer not in ("", "none"),
    )


def rule(
    rule_id: str, severity: Severity, group: str, *, per_file: bool | None = None
) -> Callable[[Check], Check]:
    """Register ``check`` under ``rule_id``; its docstring's first line documents it.

    ``per_file`` declares what the rule reads of pre-fills (see :attr:`Rule.per_file`).
    """

    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        doc = (check.__doc__ or "").strip().splitlines()[0] if check.__doc__ else ""
        RULES[rule_id] = Rule(rule_id, severity, doc, check, group, per_file)
        return check

    return register


def finding_severity(
    rule_id: str, severity: str, overrides: Mapping[str, str], finding: Finding
) -> str:
    """The severity a finding is reported at: the one ``rubric/rules.yaml`` sets for its rule,
    else the finding's own, else ``severity`` (the rule's)."""
    return severity if rule_id in overrides else (finding.severity or severity)
