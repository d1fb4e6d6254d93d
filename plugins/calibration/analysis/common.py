"""Small questions every judgement aid asks of the model: a person's rating and level in a cycle."""

from __future__ import annotations

from calibration.model import Cycle, Level, Org, Person


def ratings_in(org: Org, cycle_id: str) -> dict[str, str | None]:
    """Every rating of the cycle at once, calibrated where decided, else proposed."""
    out = {p.handle: p.proposed_rating for p in org.prefills_for(cycle_id)}
    outcomes = org.outcomes.get(cycle_id)
    for entry in outcomes.ratings if outcomes else []:
        if entry.rating and entry.person in out:
            out[entry.person] = entry.rating
    return out


def level_in(org: Org, handle: str, cycle_id: str) -> Level | None:
    """The level ``handle`` held during ``cycle_id``.

    A promotion approved in that cycle's outcomes, or a later one, took effect
    after the cycle: its ``from_level`` is the level then. Otherwise the
    person's current level.
    """
    ordered = [c.id for c in org.cycles_in_order()]
    later = ordered[ordered.index(cycle_id) :] if cycle_id in ordered else [cycle_id]
    for cid in later:
        outcomes = org.outcomes.get(cid)
        for decision in outcomes.approved_for(handle) if outcomes else []:
            if org.ladder.level(decision.from_level) is not None:
                return org.ladder.level(decision.from_level)
    person = org.people.get(handle)
    return org.ladder.level(person.level) if person else None


def is_high(org: Org, rating: str | None) -> bool:
    """True when ``rating`` stands at or above the rubric's ``high_rating``."""
    return org.scale.at_or_above(rating, org.settings.high_rating)


def is_low(org: Org, rating: str | None) -> bool:
    """True when ``rating`` stands at or below the rubric's ``low_rating``."""
    return org.scale.at_or_below(rating, org.settings.low_rating)


def level_during(org: Org, handle: str, cycle: Cycle) -> str | None:
    """The level id a person held during ``cycle`` (also when the ladder does not know it).

    ``person.yaml`` holds today's level; a promotion approved in this cycle or
    a later one means the person was still at its ``from_level`` back then.
    """
    person = org.people.get(handle)
    level = person.level if person else None
    ordered = [c.id for c in org.cycles_in_order()]
    if cycle.id not in ordered:
        return level
    for later in reversed(ordered[ordered.index(cycle.id) :]):
        outcomes = org.outcomes.get(later)
        for decision in outcomes.promotions if outcomes else []:
            if (
                decision.person == handle
                and decision.decision == "approved"
                and decision.from_level
            ):
                level = decision.from_level
    return level


def expected_people(org: Org, cycle: Cycle) -> list[Person]:
    """People a cycle expects a file for: engineers in the org during it, and anyone with a file.

    An engineer is expected once they started by the cycle's end, unless they left
    (``left_on``) before it began.
    """
    out = []
    for person in org.people.values():
        has_file = (person.handle, cycle.id) in org.prefills
        started = not person.start_date or not cycle.end or person.start_date <= cycle.end
        # Someone who left during the period was still assessed in it; before it, not at all.
        gone = bool(person.left_on and cycle.start and person.left_on < cycle.start)
        if has_file or (person.role == "engineer" and started and not gone):
            out.append(person)
    return sorted(out, key=lambda p: (p.name, p.handle))


def name_of(org: Org, handle: str | None) -> str:
    """Display name of a person, or the handle when unknown."""
    if not handle:
        return ""
    person = org.people.get(handle)
    return person.name if person else handle


def level_label(org: Org, level_id: str | None) -> str:
    """Level as "id name" (or just the id when the ladder does not know it)."""
    if not level_id:
        return "unknown level"
    level = org.ladder.level(level_id)
    if level is None or level.name == level.id:
        return level_id
    return f"{level.id} {level.name}"
