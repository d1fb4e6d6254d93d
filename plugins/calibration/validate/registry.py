"""The rule registry: small functions with a kebab-case id, a default severity and a doc line.

One registry holds every rule: those that read one checkout (a file's own content, or
several files together) and the history rules, flagged ``needs_base``, which compare
the work tree with a base ref and run only when one is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from calibration.diagnostics import PathPart, Severity
from calibration.model import Prefill


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


Check = Callable[..., Iterator[Finding]]
"""A rule's check: of the :class:`~calibration.model.Org`, or with ``needs_base`` of the
:class:`~calibration.gitops.snapshot.Comparison` of the base with the work tree."""

CheckT = TypeVar("CheckT", bound=Check)


@dataclass(frozen=True)
class Rule:
    """A registered rule."""

    id: str
    severity: Severity
    doc: str
    check: Check
    group: str
    per_file: bool | None = None
    """What the rule reads of pre-fills, so one edited pre-fill re-checks only what it must:
    True, a pre-fill's own content and only for findings in that file (with any file but
    other pre-fills); False, of pre-fills only their :func:`shared_facts`; None, unknown
    (every edit then re-validates the whole repository). Not used with ``needs_base``."""
    needs_base: bool = False
    """The rule compares the work tree with a base ref (``calib validate --base``)."""


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
    rule_id: str,
    severity: Severity,
    group: str,
    *,
    per_file: bool | None = None,
    needs_base: bool = False,
) -> Callable[[CheckT], CheckT]:
    """Register ``check`` under ``rule_id``; its docstring's first line documents it.

    ``per_file`` declares what the rule reads of pre-fills (see :attr:`Rule.per_file`);
    ``needs_base`` makes it a history rule, whose check takes the comparison with a base.
    """

    def register(check: CheckT) -> CheckT:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        doc = (check.__doc__ or "").strip().splitlines()[0] if check.__doc__ else ""
        RULES[rule_id] = Rule(rule_id, severity, doc, check, group, per_file, needs_base)
        return check

    return register


def iter_rules(*, needs_base: bool) -> Iterator[Rule]:
    """The history rules (``needs_base=True``), or the rules that read one checkout alone."""
    return (r for r in RULES.values() if r.needs_base is needs_base)


def finding_severity(
    rule_id: str, severity: str, overrides: Mapping[str, str], finding: Finding
) -> str:
    """The severity a finding is reported at: the one ``rubric/rules.yaml`` sets for its rule,
    else the finding's own, else ``severity`` (the rule's)."""
    return severity if rule_id in overrides else (finding.severity or severity)
