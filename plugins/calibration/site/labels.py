"""Small facts the pages share: who has a page, names, levels, ratings and links."""

from __future__ import annotations

from calibration.analysis.common import level_label as level_label
from calibration.analysis.common import name_of as name_of
from calibration.model import Cycle, Org
from calibration.model.queries import expected_people
from calibration.site.context import SiteContext, person_path
from calibration.site.markup.html import esc, link


def has_page(ctx: SiteContext, handle: str, cycle: Cycle) -> bool:
    """True when this build holds ``people/<handle>/<cycle>.md``."""
    if handle not in ctx.scope or handle not in ctx.org.people:
        return False
    if (handle, cycle.id) in ctx.org.prefills:
        return True
    return ctx.is_current(cycle) and handle in expected_handles(ctx, cycle)


def expected_handles(ctx: SiteContext, cycle: Cycle) -> set[str]:
    """Handles of :func:`expected_people`, computed once per build and cycle."""
    key = ("expected", cycle.id)
    if key not in ctx.memo:
        ctx.memo[key] = {p.handle for p in expected_people(ctx.org, cycle)}
    found: set[str] = ctx.memo[key]
    return found


def person_ref(ctx: SiteContext, from_path: str, handle: str, cycle: Cycle) -> str:
    """A person's escaped name, linked to their page of ``cycle`` when this build holds it."""
    name = name_of(ctx.org, handle)
    if has_page(ctx, handle, cycle):
        return link(ctx.url(from_path, person_path(handle, cycle.id)), name)
    return esc(name)


def rating_label(org: Org, rating_id: str | None) -> str:
    """Rating label from the scale, or a dash when there is none."""
    return org.scale.label(rating_id) if rating_id else "—"


def calibrated(org: Org, handle: str, cycle: Cycle) -> str | None:
    """The calibrated rating of a person in a cycle, if the room decided one."""
    return org.final_rating(handle, cycle.id)


def proposed(org: Org, handle: str, cycle: Cycle) -> str | None:
    """The proposed rating of a person's pre-fill, if any."""
    prefill = org.prefills.get((handle, cycle.id))
    return prefill.proposed_rating if prefill else None


def cycle_dates(cycle: Cycle) -> str:
    """The period of a cycle in words."""
    if cycle.start and cycle.end:
        return f"{cycle.start} to {cycle.end}"
    return cycle.start or cycle.end or "no dates recorded"


VERDICT_RANK = {"weak": 0, "adequate": 1, "strong": 2}


def strength(ctx: SiteContext, cycle: Cycle, handle: str) -> str:
    """Best evidence verdict of a person in a cycle, from an index built once per cycle."""
    key = ("strength", cycle.id)
    if key not in ctx.memo:
        best: dict[str, str] = {}
        for (who, _), assessment in ctx.analysis(cycle.id).assessments.items():
            old = best.get(who)
            if old is None or VERDICT_RANK.get(assessment.verdict, -1) > VERDICT_RANK.get(old, -1):
                best[who] = assessment.verdict
        ctx.memo[key] = best
    found: dict[str, str] = ctx.memo[key]
    return found.get(handle, "")
