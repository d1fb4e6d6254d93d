"""What a change means for calibration: the data behind ``calib review`` (rendering is elsewhere).

Everything here is a pure function of a :class:`Comparison` and the
diagnostics of both sides, so the summary is golden-testable.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field, replace

from calibration.diagnostics import Diagnostic, fingerprints
from calibration.model import Evidence, Org, Prefill


@dataclass(frozen=True)
class EvidenceDelta:
    """Evidence items of one dimension added, removed and edited."""

    dimension: str
    added: int = 0
    removed: int = 0
    edited: int = 0


@dataclass
class FileChange:
    """One person's cycle file: ``status`` is added, changed or deleted."""

    cycle: str
    status: str
    rating_before: str | None
    rating_after: str | None
    evidence: list[EvidenceDelta] = field(default_factory=list)
    peers_before: int = 0
    peers_after: int = 0
    fields: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CalibratedChange:
    """A calibrated rating in a cycle's outcomes, before and after."""

    cycle: str
    before: str | None
    after: str | None


@dataclass
class EngineerChange:
    """Everything the change does to one engineer."""

    handle: str
    name: str
    manager: str | None
    level_before: str | None
    level_after: str | None
    status: str  # added, changed, deleted, renamed, or "" when only their files changed
    renamed_from: str | None = None
    files: list[FileChange] = field(default_factory=list)
    calibrated: list[CalibratedChange] = field(default_factory=list)


@dataclass(frozen=True)
class GroupShift:
    """Proposed ratings of one manager's reports at one level, before and after."""

    cycle: str
    manager: str
    level: str
    before: tuple[tuple[str, int], ...]
    after: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class OutlierChange:
    """An outlier flag that appears or goes away."""

    cycle: str
    manager: str
    level: str
    direction: str
    change: str  # "appears" or "goes away"


@dataclass(frozen=True)
class PromotionChange:
    """A promotion case opened, changed or withdrawn, or a decision recorded."""

    handle: str
    cycle: str
    change: str
    target: str | None
    decision: str | None = None


@dataclass
class ReviewSummary:
    """The whole summary of one change."""

    base_label: str
    engineers: list[EngineerChange] = field(default_factory=list)
    distribution: list[GroupShift] = field(default_factory=list)
    outliers: list[OutlierChange] = field(default_factory=list)
    promotions: list[PromotionChange] = field(default_factory=list)
    new_findings: list[Diagnostic] = field(default_factory=list)
    fixed_findings: list[Diagnostic] = field(default_factory=list)
    new_fingerprints: list[str] = field(default_factory=list)
    """The fingerprint of each new finding, as ``calib validate --format json`` gives it."""
    fixed_fingerprints: list[str] = field(default_factory=list)
    other_files: list[str] = field(default_factory=list)


def _same(a: Evidence, b: Evidence) -> bool:
    fields = (
        "dimension",
        "statement",
        "scope",
        "before",
        "after",
        "date",
        "links",
        "invisible",
        "kind",
        "id",
    )
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def _similar(a: Evidence, b: Evidence) -> float:
    if a.id and a.id == b.id:
        return 1.0
    return difflib.SequenceMatcher(None, a.statement, b.statement).ratio()


def evidence_deltas(before: list[Evidence], after: list[Evidence]) -> list[EvidenceDelta]:
    """Per dimension: identical items cancel, similar ones (same id or text) count as edited."""
    dims = list(dict.fromkeys(ev.dimension or "(no dimension)" for ev in [*before, *after]))
    out: list[EvidenceDelta] = []
    for dim in dims:
        old = [e for e in before if (e.dimension or "(no dimension)") == dim]
        new = [e for e in after if (e.dimension or "(no dimension)") == dim]
        for item in list(new):
            match = next((o for o in old if _same(o, item)), None)
            if match is not None:
                old.remove(match)
                new.remove(item)
        edited = 0
        for item in list(new):
            scored = sorted(((_similar(o, item), i) for i, o in enumerate(old)), reverse=True)
            if scored and scored[0][0] >= 0.5:
                old.pop(scored[0][1])
                new.remove(item)
                edited += 1
        if old or new or edited:
            out.append(EvidenceDelta(dim, added=len(new), removed=len(old), edited=edited))
    return out


def _fields_changed(before: Prefill, after: Prefill) -> list[str]:
    checks = (
        ("uncertainty", before.uncertainty != after.uncertainty),
        ("project", before.project != after.project),
        ("invisible work", before.invisible_work != after.invisible_work),
        ("self-assessment", before.self_assessment != after.self_assessment),
        ("promotion case", before.promotion != after.promotion),
    )
    changed = [name for name, differs in checks if differs]
    same_count = len(before.observations) == len(after.observations)
    if same_count and before.observations != after.observations:
        changed.append("peer observations")  # a change of count is shown as numbers instead
    return changed


def file_change(cycle: str, before: Prefill | None, after: Prefill | None) -> FileChange:
    """How one cycle file of a person changed."""
    status = "added" if before is None else "deleted" if after is None else "changed"
    empty = Prefill(handle="", cycle=None, file_cycle=cycle, source="")
    old, new = before or empty, after or empty
    change = FileChange(
        cycle=cycle,
        status=status,
        rating_before=old.proposed_rating,
        rating_after=new.proposed_rating,
        evidence=evidence_deltas(old.evidence, new.evidence),
        peers_before=len(old.observations),
        peers_after=len(new.observations),
    )
    if before is not None and after is not None:
        change.fields = _fields_changed(before, after)
    return change


Fingerprinted = list[tuple[Diagnostic, str]]


def new_and_fixed(
    before: list[Diagnostic], after: list[Diagnostic], moved: dict[str, str] | None = None
) -> tuple[Fingerprinted, Fingerprinted]:
    """Findings only after (new) and only before (fixed), each with its fingerprint.

    Findings are matched by fingerprint, their rule and subject (file and JSON
    path): one whose numbers or line moved is the same finding. ``moved`` maps
    a file's old path to its new one, so a moved file's findings stay the same.
    """
    moved = moved or {}
    old = fingerprints(replace(d, file=moved.get(d.file, d.file)) for d in before)
    now = fingerprints(after)
    old_set, now_set = set(old), set(now)
    return (
        [(d, print_) for d, print_ in zip(after, now, strict=True) if print_ not in old_set],
        [(d, print_) for d, print_ in zip(before, old, strict=True) if print_ not in now_set],
    )


def ratings_by_group(org: Org, cycle: str) -> dict[tuple[str, str], Counter[str]]:
    """Proposed ratings of a cycle, counted per (manager, level)."""
    groups: dict[tuple[str, str], Counter[str]] = {}
    for prefill in org.prefills_for(cycle):
        person = org.people.get(prefill.handle)
        if person is None or not prefill.proposed_rating:
            continue
        key = (person.manager or "", person.level or "")
        groups.setdefault(key, Counter())[prefill.proposed_rating] += 1
    return groups
