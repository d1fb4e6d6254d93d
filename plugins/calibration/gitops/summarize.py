"""Assemble the review summary of a change from both sides of a :class:`Comparison`."""

from __future__ import annotations

from collections.abc import Callable

from calibration.analysis.types import CycleAnalysis
from calibration.diagnostics import Diagnostic
from calibration.gitops.review import (
    CalibratedChange,
    EngineerChange,
    FileChange,
    GroupShift,
    OutlierChange,
    PromotionChange,
    ReviewSummary,
    file_change,
    new_and_fixed,
    ratings_by_group,
)
from calibration.load.comparison import Comparison
from calibration.model import Org
from calibration.validate.rules_history import person_moves

Analyze = Callable[[Org, str], CycleAnalysis]


def _changed_paths(c: Comparison) -> list[str]:
    return sorted(p for p in set(c.base_files) | set(c.head_files) if c.changed(p))


def _outcome_people(c: Comparison) -> set[str]:
    """People whose calibrated rating or promotion decision differs between the sides."""
    people: set[str] = set()
    for cycle in set(c.base.org.outcomes) | set(c.head.org.outcomes):
        before, after = c.base.org.outcomes.get(cycle), c.head.org.outcomes.get(cycle)
        for side, other in ((before, after), (after, before)):
            if side is None:
                continue
            for rating in side.ratings:
                theirs = other.rating_of(rating.person) if other else None
                if theirs is None or theirs.rating != rating.rating:
                    people.add(rating.person)
            for decision in side.promotions:
                match = [
                    d
                    for d in (other.promotions if other else [])
                    if d.person == decision.person and d.to_level == decision.to_level
                ]
                if not match or match[0].decision != decision.decision:
                    people.add(decision.person)
    return people


def moved_files(c: Comparison) -> dict[str, str]:
    """Files moved between the sides, old path -> new: git's renames and moved person folders."""
    moved = dict(c.renames)
    for old, new in person_moves(c).items():
        for relpath in c.base_files:
            if relpath.startswith(f"people/{old}/"):
                moved.setdefault(relpath, f"people/{new}/" + relpath.split("/", 2)[2])
    return moved


def touched(c: Comparison) -> dict[str, str]:
    """Engineers the change touches, head handle -> base handle (they differ after a rename)."""
    moves = person_moves(c)
    handles = {
        p.split("/")[1] for p in _changed_paths(c) if p.startswith("people/") and p.count("/") == 2
    }
    handles |= _outcome_people(c)
    out: dict[str, str] = {}
    for handle in sorted(handles):
        if handle in moves:  # the old folder of a move: reported under the new one
            continue
        old = next((o for o, n in moves.items() if n == handle), handle)
        out[handle] = old
    return out


def _files(c: Comparison, handle: str, old: str) -> list[FileChange]:
    stems = set()
    for files, who in ((c.base_files, old), (c.head_files, handle)):
        for relpath in files:
            parts = relpath.split("/")
            if (
                len(parts) == 3
                and parts[0] == "people"
                and parts[1] == who
                and parts[2].endswith(".yaml")
                and parts[2] != "person.yaml"
            ):
                stems.add(parts[2][:-5])
    out = []
    for cycle in sorted(stems):
        before_bytes = c.base_files.get(f"people/{old}/{cycle}.yaml")
        after_bytes = c.head_files.get(f"people/{handle}/{cycle}.yaml")
        if before_bytes == after_bytes:
            continue
        change = file_change(
            cycle, c.base.org.prefills.get((old, cycle)), c.head.org.prefills.get((handle, cycle))
        )
        change.status = (
            "added" if before_bytes is None else "deleted" if after_bytes is None else "changed"
        )
        out.append(change)
    return out


def engineer_change(c: Comparison, handle: str, old: str) -> EngineerChange:
    """Everything the change does to one engineer."""
    now, was = c.head.org.people.get(handle), c.base.org.people.get(old)
    person = now or was
    if was is None and now is not None:
        status = "added"
    elif now is None and was is not None:
        status = "deleted"
    elif old != handle:
        status = "renamed"
    else:
        status = "changed" if c.changed(f"people/{handle}/person.yaml") else ""
    change = EngineerChange(
        handle=handle,
        name=person.name if person else handle,
        manager=person.manager if person else None,
        level_before=was.level if was else None,
        level_after=now.level if now else None,
        status=status,
        renamed_from=old if old != handle else None,
        files=_files(c, handle, old),
    )
    for cycle in sorted(set(c.base.org.outcomes) | set(c.head.org.outcomes)):
        before, after = c.base.org.outcomes.get(cycle), c.head.org.outcomes.get(cycle)
        rating_before = before.rating_of(old) if before else None
        rating_after = after.rating_of(handle) if after else None
        pair = (
            rating_before.rating if rating_before else None,
            rating_after.rating if rating_after else None,
        )
        if pair[0] != pair[1]:
            change.calibrated.append(CalibratedChange(cycle, *pair))
    return change


def affected_cycles(c: Comparison) -> list[str]:
    """Cycles whose files changed, plus the current cycle when people changed."""
    cycles: set[str] = set()
    for relpath in _changed_paths(c):
        parts = relpath.split("/")
        if parts[0] == "cycles" and len(parts) >= 3:
            cycles.add(parts[1])
        elif parts[0] == "people" and len(parts) == 3:
            stem = parts[2].rsplit(".", 1)[0]
            if stem == "person":
                current = c.head.org.current_cycle()
                if current is not None:
                    cycles.add(current.id)
            elif stem in c.head.org.cycles or stem in c.base.org.cycles:
                cycles.add(stem)
    return sorted(cycles)


def distribution_shifts(c: Comparison, cycles: list[str]) -> list[GroupShift]:
    """Per cycle, manager and level: how the proposed ratings move (unmoved groups left out)."""
    rank = {r.id: r.rank for r in c.head.org.scale.ratings}
    shifts = []
    for cycle in cycles:
        before, after = ratings_by_group(c.base.org, cycle), ratings_by_group(c.head.org, cycle)
        for key in sorted(set(before) | set(after)):
            old, new = before.get(key), after.get(key)
            if old == new:
                continue

            def ordered(counts: dict[str, int] | None) -> tuple[tuple[str, int], ...]:
                return tuple(
                    sorted((counts or {}).items(), key=lambda kv: (rank.get(kv[0], 99), kv[0]))
                )

            shifts.append(GroupShift(cycle, key[0], key[1], ordered(old), ordered(new)))
    return shifts


def outlier_changes(c: Comparison, cycles: list[str], analyze: Analyze) -> list[OutlierChange]:
    """Outlier flags that appear or go away in the affected cycles."""
    out = []
    for cycle in cycles:
        before = {(o.manager, o.level, o.direction) for o in analyze(c.base.org, cycle).outliers}
        after = {(o.manager, o.level, o.direction) for o in analyze(c.head.org, cycle).outliers}
        out += [OutlierChange(cycle, *flag, "appears") for flag in sorted(after - before)]
        out += [OutlierChange(cycle, *flag, "goes away") for flag in sorted(before - after)]
    return out


def _case_changes(c: Comparison, engineers: list[EngineerChange]) -> list[PromotionChange]:
    out = []
    for eng in engineers:
        old = eng.renamed_from or eng.handle
        for change in eng.files:
            before = c.base.org.prefills.get((old, change.cycle))
            after = c.head.org.prefills.get((eng.handle, change.cycle))
            was = before.promotion if before else None
            now = after.promotion if after else None
            case = now or was
            if was == now or case is None:
                continue
            kind = "opened" if was is None else "withdrawn" if now is None else "changed"
            out.append(PromotionChange(eng.handle, change.cycle, kind, case.target_level))
    return out


def promotion_changes(c: Comparison, engineers: list[EngineerChange]) -> list[PromotionChange]:
    """Promotion cases opened, changed or withdrawn in pre-fills; decisions recorded in outcomes."""
    out = _case_changes(c, engineers)
    for cycle in sorted(set(c.head.org.outcomes)):
        recorded = c.head.org.outcomes[cycle]
        earlier = c.base.org.outcomes.get(cycle)
        known = {
            (d.person, d.to_level): d.decision for d in (earlier.promotions if earlier else [])
        }
        for decision in recorded.promotions:
            if known.get((decision.person, decision.to_level), "") != decision.decision:
                out.append(
                    PromotionChange(
                        decision.person, cycle, "decided", decision.to_level, decision.decision
                    )
                )
    return out


def summarize(
    c: Comparison,
    base_findings: list[Diagnostic],
    head_findings: list[Diagnostic],
    analyze: Analyze,
) -> ReviewSummary:
    """The review summary of the change between the base and the work tree."""
    engineers = [engineer_change(c, handle, old) for handle, old in touched(c).items()]
    cycles = affected_cycles(c)
    new, fixed = new_and_fixed(base_findings, head_findings, moved_files(c))
    return ReviewSummary(
        base_label=c.base_label,
        engineers=engineers,
        distribution=distribution_shifts(c, cycles),
        outliers=outlier_changes(c, cycles, analyze),
        promotions=promotion_changes(c, engineers),
        new_findings=[d for d, _print in new],
        fixed_findings=[d for d, _print in fixed],
        new_fingerprints=[print_ for _d, print_ in new],
        fixed_fingerprints=[print_ for _d, print_ in fixed],
        other_files=[p for p in _changed_paths(c) if not p.startswith(("people/", "cycles/"))],
    )
