"""Managers whose share of high ratings at a level stands apart from the rest of the org.

For each level (levels of the same ``order`` on different tracks form one group
when the ladder's ``tracks_compare`` is true), each manager with at least
``min_group_size`` people there is compared with everyone else at that level
(who must number at least as many) by Fisher's exact test; a p-value at or
under ``outlier_p_value`` is a flag.
The flag is ``explained`` when the cycle's outcomes record an explanation for
that manager (and that level, when the explanation names one).
"""

from __future__ import annotations

from collections import defaultdict

from calibration.analysis.common import is_high, ratings_in
from calibration.analysis.stats import fisher_exact
from calibration.analysis.types import OutlierFlag
from calibration.model import Level, Org
from calibration.model.queries import level_held

Member = tuple[str, str, Level, bool]  # handle, manager, level, rated high


def _members(org: Org, cycle_id: str) -> list[Member]:
    out: list[Member] = []
    ratings = ratings_in(org, cycle_id)
    for prefill in org.prefills_for(cycle_id):
        person = org.people.get(prefill.handle)
        rating = ratings.get(prefill.handle)
        level = level_held(org, prefill.handle, cycle_id)
        if person is None or not person.manager or level is None or org.scale.get(rating) is None:
            continue
        out.append((prefill.handle, person.manager, level, is_high(org, rating)))
    return out


def _groups(org: Org, members: list[Member]) -> dict[str, list[Member]]:
    groups: dict[str, list[Member]] = defaultdict(list)
    for member in members:
        level = member[2]
        groups[f"order:{level.order}" if org.ladder.tracks_compare else level.id].append(member)
    return groups


def _explanation(org: Org, cycle_id: str, manager: str, levels: set[str]) -> str | None:
    outcomes = org.outcomes.get(cycle_id)
    for entry in outcomes.explanations if outcomes else []:
        if entry.manager == manager and (entry.level is None or entry.level in levels):
            return entry.explanation
    return None


def _test(
    org: Org, cycle_id: str, manager: str, own: list[Member], group: list[Member], group_high: int
) -> OutlierFlag | None:
    rest_total = len(group) - len(own)
    if min(len(own), rest_total) < max(1, org.settings.min_group_size):
        return None
    high = sum(m[3] for m in own)
    rest_high = group_high - high
    p_value = fisher_exact(high, len(own) - high, rest_high, rest_total - rest_high)
    if p_value > org.settings.outlier_p_value:
        return None
    levels = {m[2].id: m[2] for m in group}
    level_ids = sorted(levels, key=lambda i: (levels[i].order, levels[i].index))
    own_ids = sorted({m[2].id for m in own}, key=lambda i: (levels[i].order, levels[i].index))
    explanation = _explanation(org, cycle_id, manager, set(level_ids))
    lenient = high * rest_total > rest_high * len(own)
    return OutlierFlag(
        manager=manager,
        level=max(own_ids, key=lambda i: sum(m[2].id == i for m in own)),
        high=high,
        total=len(own),
        rest_high=rest_high,
        rest_total=rest_total,
        p_value=p_value,
        direction="lenient" if lenient else "harsh",
        explained=explanation is not None,
        explanation=explanation or "",
        levels=tuple(level_ids),
        handles=tuple(sorted(m[0] for m in own)),
    )


def find_outliers(org: Org, cycle_id: str) -> list[OutlierFlag]:
    """Every manager-and-level whose high-rating share differs significantly from the rest."""
    if org.scale.get(org.settings.high_rating) is None:
        return []
    flags: list[OutlierFlag] = []
    for group in _groups(org, _members(org, cycle_id)).values():
        # one pass per group: testing each manager against a fresh scan is quadratic
        by_manager: dict[str, list[Member]] = defaultdict(list)
        for member in group:
            by_manager[member[1]].append(member)
        group_high = sum(m[3] for m in group)
        for manager in sorted(by_manager):
            flag = _test(org, cycle_id, manager, by_manager[manager], group, group_high)
            if flag is not None:
                flags.append(flag)
    return sorted(flags, key=lambda f: (f.p_value, f.manager, f.level))
