"""Rule-based flags for the calibration room: each a small function with its own id.

Thresholds come from ``rubric/rules.yaml``; a flag whose setting is missing
(no ``high_rating``, no ``low_rating``, no complexity weights) does not run.
Ratings are the calibrated ones where the cycle has them, else the proposed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from calibration.analysis.collect import assess_evidence, score_projects
from calibration.analysis.common import is_high, is_low, ratings_in
from calibration.analysis.peers import corroborates
from calibration.analysis.types import Assessment, Complexity, Flag
from calibration.analysis.words import WordLists
from calibration.model import Cycle, Org, Prefill

RATING_PATH = ("proposed_rating",)


@dataclass
class FlagContext:
    """What every flag reads: the model, the cycle, and the other aids' results.

    Verdicts and project scores are computed on first use unless given, so a
    flag that needs neither costs nothing extra.
    """

    org: Org
    cycle: Cycle
    words: WordLists
    known_assessments: dict[tuple[str, int], Assessment] | None = None
    known_complexity: dict[str, Complexity] | None = None

    @cached_property
    def assessments(self) -> dict[tuple[str, int], Assessment]:
        """Verdicts of the cycle's evidence, keyed by (handle, item index)."""
        if self.known_assessments is not None:
            return self.known_assessments
        return assess_evidence(self.org, self.cycle.id, self.words)

    @cached_property
    def strong_above(self) -> dict[str, int]:
        """Per handle, the evidence items that are strong and show above-level scope."""
        counts: dict[str, int] = {}
        for (handle, _), found in self.assessments.items():
            if found.verdict == "strong" and found.above_level:
                counts[handle] = counts.get(handle, 0) + 1
        return counts

    @cached_property
    def complexity(self) -> dict[str, Complexity]:
        """Project complexity per handle."""
        if self.known_complexity is not None:
            return self.known_complexity
        return score_projects(self.org, self.cycle.id)

    @cached_property
    def ratings(self) -> dict[str, str | None]:
        """Everyone's rating in this cycle, calibrated where decided, else proposed."""
        return ratings_in(self.org, self.cycle.id)

    def rating(self, handle: str) -> str | None:
        """The person's rating in this cycle."""
        return self.ratings.get(handle)

    def label(self, handle: str) -> str:
        """The display label of the person's rating in this cycle."""
        return self.org.scale.label(self.rating(handle))


FlagCheck = Callable[[FlagContext], Iterator[Flag]]
FLAGS: dict[str, FlagCheck] = {}


def flag(flag_id: str) -> Callable[[FlagCheck], FlagCheck]:
    """Register a flag function under its id."""

    def register(check: FlagCheck) -> FlagCheck:
        FLAGS[flag_id] = check
        return check

    return register


def _person_flag(flag_id: str, prefill: Prefill, message: str) -> Flag:
    return Flag(flag_id, prefill.handle, "person", message, prefill.source, RATING_PATH)


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@flag("rating-jump")
def rating_jump(ctx: FlagContext) -> Iterator[Flag]:
    """The rating moved at least ``rating_jump_steps`` places on the scale since the last cycle."""
    org, previous = ctx.org, ctx.org.previous_cycle(ctx.cycle.id)
    if previous is None:
        return
    earlier = ratings_in(org, previous.id)
    for prefill in org.prefills_for(ctx.cycle.id):
        now = org.scale.get(ctx.rating(prefill.handle))
        before = org.scale.get(earlier.get(prefill.handle))
        if now is None or before is None:
            continue
        steps = now.rank - before.rank
        if abs(steps) >= org.settings.rating_jump_steps:
            way = "up" if steps > 0 else "down"
            yield _person_flag(
                "rating-jump",
                prefill,
                f"moved {abs(steps)} steps {way} since {previous.id} ({before.label} to "
                f"{now.label}); the room should hear what changed",
            )


@flag("new-joiner-high")
def new_joiner_high(ctx: FlagContext) -> Iterator[Flag]:
    """A high rating within ``new_joiner_months`` of the start date (measured at the cycle end)."""
    org, end = ctx.org, _date(ctx.cycle.end)
    if end is None or org.scale.get(org.settings.high_rating) is None:
        return
    for prefill in org.prefills_for(ctx.cycle.id):
        person = org.people.get(prefill.handle)
        start = _date(person.start_date) if person else None
        if start is None or start > end or not is_high(org, ctx.rating(prefill.handle)):
            continue
        months = _months_between(start, end)
        if months < org.settings.new_joiner_months:
            yield _person_flag(
                "new-joiner-high",
                prefill,
                f"rated {ctx.label(prefill.handle)} after {months} month(s) in the org (started "
                f"{start.isoformat()}); check the case covers enough of the period",
            )


def specific_observations(ctx: FlagContext, prefill: Prefill) -> int:
    """Peer observations that name a specific result (see :mod:`calibration.analysis.peers`)."""
    return sum(corroborates(obs.observation, ctx.words) for obs in prefill.observations)


@flag("low-despite-peers")
def low_despite_peers(ctx: FlagContext) -> Iterator[Flag]:
    """A low rating while more than half of the peer observations name specific results."""
    org = ctx.org
    if org.scale.get(org.settings.low_rating) is None:
        return
    for prefill in org.prefills_for(ctx.cycle.id):
        total = len(prefill.observations)
        if not total or not is_low(org, ctx.rating(prefill.handle)):
            continue
        specific = specific_observations(ctx, prefill)
        if specific * 2 > total:
            yield _person_flag(
                "low-despite-peers",
                prefill,
                f"rated {ctx.label(prefill.handle)} while {specific} of {total} peer observations "
                "describe specific results; reconcile the two before the room does",
            )


def strong_above_level(ctx: FlagContext, handle: str) -> int:
    """How many of a person's evidence items are strong and show above-level scope."""
    return ctx.strong_above.get(handle, 0)


@flag("high-without-strong")
def high_without_strong(ctx: FlagContext) -> Iterator[Flag]:
    """A high rating with fewer than ``strong_evidence_for_high`` strong, above-level items."""
    org, need = ctx.org, ctx.org.settings.strong_evidence_for_high
    if org.scale.get(org.settings.high_rating) is None or need <= 0:
        return
    for prefill in org.prefills_for(ctx.cycle.id):
        if not is_high(org, ctx.rating(prefill.handle)):
            continue
        count = strong_above_level(ctx, prefill.handle)
        if count < need:
            yield _person_flag(
                "high-without-strong",
                prefill,
                f"rated {ctx.label(prefill.handle)} with {count} strong above-level evidence "
                f"item(s); the room will ask for {need}",
            )


def _has_invisible(prefill: Prefill) -> bool:
    answer = (prefill.invisible_work or "").strip().rstrip(".").lower()
    return bool(prefill.invisible_items()) or answer not in ("", "none")


@flag("team-no-invisible-work")
def team_no_invisible_work(ctx: FlagContext) -> Iterator[Flag]:
    """A whole team whose files record no invisible work this cycle."""
    org = ctx.org
    teams: dict[str, list[Prefill]] = {}
    for prefill in org.prefills_for(ctx.cycle.id):
        person = org.people.get(prefill.handle)
        if person is not None and person.team:
            teams.setdefault(person.team, []).append(prefill)
    for team, prefills in sorted(teams.items()):
        if any(_has_invisible(p) for p in prefills):
            continue
        index = list(org.teams).index(team) if team in org.teams else None
        name = org.teams[team].name if team in org.teams else team
        yield Flag(
            "team-no-invisible-work",
            team,
            "team",
            f"nobody in {name} ({len(prefills)} people) has invisible work recorded; ask who made "
            "the team's work possible in ways we have not talked about",
            "people/teams.yaml",
            ("teams", index) if index is not None else (),
        )


@flag("complexity-mismatch")
def complexity_mismatch(ctx: FlagContext) -> Iterator[Flag]:
    """Below the high rating on a high-complexity project, or high on a low-complexity one."""
    org = ctx.org
    if org.scale.get(org.settings.high_rating) is None:
        return
    for prefill in org.prefills_for(ctx.cycle.id):
        band = ctx.complexity.get(prefill.handle)
        rating = ctx.rating(prefill.handle)
        if band is None or org.scale.get(rating) is None:
            continue
        high = is_high(org, rating)
        if (band.band == "high" and not high) or (band.band == "low" and high):
            yield _person_flag(
                "complexity-mismatch",
                prefill,
                f"{ctx.label(prefill.handle)} on a {band.band}-complexity project "
                f"(score {band.score:g}); compare with peers' projects in the room",
            )


def run_flags(ctx: FlagContext) -> list[Flag]:
    """Every flag of every registered check, in registry order."""
    return [found for check in FLAGS.values() for found in check(ctx)]
