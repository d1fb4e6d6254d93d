"""Time at level and progression speed, from the record alone.

The day a person reached the level they held in a cycle is, in this order:
the end of the last cycle whose outcomes approved a promotion before it (a
promotion takes effect once its cycle ends); the ``level_since`` date of
``person.yaml`` when they still hold that level and no outcome records how
they got there; else the start date, which is only an upper bound. Time is
measured at the end of the cycle, so a page reads the same whenever it is built.

Thresholds come from ``pipeline`` in ``rubric/rules.yaml``: ``stalled_cycles``
(with ``career_level`` above which staying is no stall) and ``fast_cycles``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from calibration.analysis.types import Step, Tenure
from calibration.model import Cycle, Org, PromotionDecision
from calibration.model.queries import level_during


def parse_date(text: str | None) -> date | None:
    """A YYYY-MM-DD text as a date, or None when it is missing or malformed."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (0 when ``end`` is not after ``start``)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(0, months)


def cycle_months(cycle: Cycle) -> int | None:
    """How many months a cycle's period spans (a half-year is 6), or None without dates."""
    start, end = parse_date(cycle.start), parse_date(cycle.end)
    if start is None or end is None or end < start:
        return None
    return max(1, months_between(start, end) + 1)


def _cycles(months: int | None, length: int | None) -> int | None:
    """Cycles of ``length`` months touched by ``months`` at the level (at least this one)."""
    if months is None or not length:
        return None
    return max(1, -(-months // length))


def _approved(org: Org, handle: str) -> list[tuple[Cycle, PromotionDecision]]:
    """Approved promotions of one person, oldest cycle first."""
    out = []
    for cycle in org.cycles_in_order():
        outcomes = org.outcomes.get(cycle.id)
        for decision in outcomes.approved_for(handle) if outcomes else []:
            out.append((cycle, decision))
    return out


def _steps(org: Org, handle: str, upto: list[str]) -> tuple[Step, ...]:
    """Approved promotions in the cycles ``upto``, each with the time at the level it left."""
    person = org.people.get(handle)
    since, counted_from = parse_date(person.start_date if person else None), "start_date"
    steps = []
    for cycle, decision in _approved(org, handle):
        if cycle.id not in upto:
            break
        end = parse_date(cycle.end)
        months = months_between(since, end) if since and end else None
        length = cycle_months(cycle)
        steps.append(
            Step(
                decision.from_level,
                decision.to_level,
                cycle.id,
                months,
                _cycles(months, length),
                counted_from,
            )
        )
        since, counted_from = end, "promotion"
    return tuple(steps)


def tenure_in(org: Org, handle: str, cycle: Cycle) -> Tenure:
    """How long ``handle`` had held the level they held during ``cycle``, at its end."""
    ordered = [c.id for c in org.cycles_in_order()]
    upto = ordered[: ordered.index(cycle.id) + 1] if cycle.id in ordered else [cycle.id]
    before = upto[:-1]
    person = org.people.get(handle)
    level = level_during(org, handle, cycle.id)
    approved = _approved(org, handle)
    earlier = [(c, d) for c, d in approved if c.id in before]
    later = [(c, d) for c, d in approved if c.id not in before]
    since: date | None = None
    basis, basis_cycle = "unknown", None
    if earlier and parse_date(earlier[-1][0].end) is not None:
        since, basis, basis_cycle = parse_date(earlier[-1][0].end), "promotion", earlier[-1][0].id
    elif person is not None and not later and parse_date(person.level_since) is not None:
        since, basis = parse_date(person.level_since), "level_since"
    elif person is not None and parse_date(person.start_date) is not None:
        since, basis = parse_date(person.start_date), "start_date"
    end = parse_date(cycle.end)
    months = months_between(since, end) if since and end else None
    return Tenure(
        handle=handle,
        level=level,
        since=since.isoformat() if since else None,
        basis=basis,
        basis_cycle=basis_cycle,
        months=months,
        cycles=_cycles(months, cycle_months(cycle)),
        steps=_steps(org, handle, upto),
    )


def is_stalled(org: Org, tenure: Tenure) -> bool:
    """At the level for ``stalled_cycles`` or more, below the ``career_level`` if one is set."""
    settings = org.settings.pipeline
    if settings.stalled_cycles <= 0 or tenure.cycles is None:
        return False
    career = org.ladder.level(settings.career_level)
    held = org.ladder.level(tenure.level)
    if career is not None and held is not None and held.order >= career.order:
        return False
    return tenure.cycles >= settings.stalled_cycles


def fast_reason(org: Org, tenure: Tenure, in_pipeline: str = "") -> str:
    """Why ``tenure`` counts as moving fast, in words, or ``""`` when it does not.

    Fast is a promotion approved after at most ``fast_cycles`` at the old level,
    or being in the pipeline (``in_pipeline`` names how: a case, a suggestion)
    after at most ``fast_cycles`` at the current one.
    """
    limit = org.settings.pipeline.fast_cycles
    if limit <= 0:
        return ""
    reasons = []
    last = tenure.steps[-1] if tenure.steps else None
    if last is not None and last.cycles is not None and last.cycles <= limit:
        reasons.append(
            f"promoted from {last.from_level or 'an earlier level'} to {last.to_level} in "
            f"{last.cycle} after {last.cycles} cycle(s) at {last.from_level or 'that level'}"
        )
    if in_pipeline and tenure.cycles is not None and tenure.cycles <= limit:
        reasons.append(f"{in_pipeline} after {tenure.cycles} cycle(s) at {tenure.level}")
    return "; ".join(reasons)


def tenures(org: Org, cycle: Cycle, handles: Iterable[str]) -> dict[str, Tenure]:
    """Time at level of several people at the end of ``cycle``, by handle."""
    return {h: tenure_in(org, h, cycle) for h in handles if h in org.people}


BASIS_WORDS = {
    "promotion": "promoted in {cycle}",
    "level_since": "level_since in person.yaml",
    "start_date": "the start date: no promotion is recorded, so this is an upper bound",
}


def since_words(tenure: Tenure) -> str:
    """Where the time at level counts from, in words ("2024-09-02, promoted in 2026-h1")."""
    if tenure.since is None:
        return "not known: no promotion, level_since or start date recorded"
    basis = BASIS_WORDS.get(tenure.basis, tenure.basis).format(cycle=tenure.basis_cycle or "")
    return f"{tenure.since} ({basis})"


def duration_words(tenure: Tenure) -> str:
    """How long, in months and cycles ("27 months, 5 cycles"), or "unknown"."""
    if tenure.months is None:
        return "unknown"
    months = f"{tenure.months} month{'s' if tenure.months != 1 else ''}"
    if tenure.cycles is None:
        return months
    return f"{months}, {tenure.cycles} cycle{'s' if tenure.cycles != 1 else ''}"


def step_words(step: Step) -> str:
    """One promotion and the time it took, in words."""
    took = ""
    if step.months is not None:
        counted = " (counted from the start date)" if step.counted_from == "start_date" else ""
        took = f", after {step.months} months at {step.from_level or 'the level before'}{counted}"
    return f"{step.from_level or '?'} to {step.to_level or '?'} in {step.cycle}{took}"
