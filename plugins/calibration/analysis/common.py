"""Small questions every judgement aid asks of the model: ratings in a cycle, names, labels.

The level a person held in a cycle is a model question: see :mod:`calibration.model.queries`.
"""

from __future__ import annotations

from calibration.model import Org


def ratings_in(org: Org, cycle_id: str) -> dict[str, str | None]:
    """Every rating of the cycle at once, calibrated where decided, else proposed."""
    out = {p.handle: p.proposed_rating for p in org.prefills_for(cycle_id)}
    outcomes = org.outcomes.get(cycle_id)
    for entry in outcomes.ratings if outcomes else []:
        if entry.rating and entry.person in out:
            out[entry.person] = entry.rating
    return out


def is_high(org: Org, rating: str | None) -> bool:
    """True when ``rating`` stands at or above the rubric's ``high_rating``."""
    return org.scale.at_or_above(rating, org.settings.high_rating)


def is_low(org: Org, rating: str | None) -> bool:
    """True when ``rating`` stands at or below the rubric's ``low_rating``."""
    return org.scale.at_or_below(rating, org.settings.low_rating)


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
