"""One engineer's cycle file: a proposed rating, evidence, peer input and context.

Ratings, dimensions and levels come from the rubric; how strong the evidence is
follows the engineer's planted performance, and lenient managers propose high
ratings that their evidence does not carry (the outliers calibration should catch).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from calibration.analysis.words import WordLists
from calibration.demo import phrases
from calibration.demo.cases import back_high_rating, pipeline_story, strong_above_level
from calibration.demo.org import OrgPlan, PersonSpec, TeamSpec
from calibration.demo.text import Writer, metric
from calibration.model import Dimension, Ladder, Level, Scale, Settings

BANKS = {
    ("delivery", True): phrases.STRONG_DELIVERY,
    ("delivery", False): phrases.WEAK_DELIVERY,
    ("outcome", True): phrases.STRONG_OUTCOME,
    ("outcome", False): phrases.WEAK_OUTCOME,
    ("multiplier", True): phrases.STRONG_MULTIPLIER,
    ("multiplier", False): phrases.WEAK_MULTIPLIER,
}
STRONG_SHARE = {"low": 0.2, "mid": 0.45, "high": 0.75}


@dataclass(frozen=True)
class CyclePlan:
    """A cycle of the synthetic org."""

    id: str
    name: str
    start: date
    end: date
    phase: str


@dataclass(frozen=True)
class RatingPlan:
    """The scale as the generator uses it: ids lowest first, the typical and the high rank."""

    ids: tuple[str, ...]
    typical: int
    high: int

    @classmethod
    def from_rubric(cls, scale: Scale, settings: Settings) -> RatingPlan:
        """Read the typical rating as the one just below the configured high rating."""
        ids = tuple(r.id for r in scale.ratings)
        high = (
            ids.index(settings.high_rating) if settings.high_rating in ids else max(1, len(ids) - 2)
        )
        return cls(ids, max(0, high - 1), high)


@dataclass(frozen=True)
class Summary:
    """What the outcomes of a closed cycle need to know about one file."""

    handle: str
    rank: int
    strong: int
    target: str | None


@dataclass
class Context:
    """Everything shared by the files of one org."""

    ladder: Ladder
    ratings: RatingPlan
    settings: Settings
    plan: OrgPlan
    banks: dict[str, str]
    teams: dict[str, TeamSpec]
    neighbours: dict[str, list[str]]
    everyone: list[str]
    words: WordLists
    scale: Scale


def dimension_banks(ladder: Ladder) -> dict[str, str]:
    """Map each dimension to a bank: delivery, outcome or multiplier (by ``counts_as``)."""
    out: dict[str, str] = {}
    impact = other = 0
    for dim in ladder.dimensions:
        if dim.counts_as == "delivery":
            out[dim.id] = "delivery"
        elif dim.counts_as == "impact":
            out[dim.id] = ("outcome", "multiplier")[impact % 2]
            impact += 1
        else:
            out[dim.id] = ("multiplier", "outcome")[other % 2]
            other += 1
    return out


def propose(rng: random.Random, person: PersonSpec, style: str, ratings: RatingPlan) -> int:
    """The rank a manager proposes, from the planted performance and the manager's style."""
    typical, high, top = ratings.typical, ratings.high, len(ratings.ids) - 1
    below = max(0, typical - 1)
    if person.performance == "low":
        choices = (
            {below: 80, typical: 20} if style != "lenient" else {below: 30, typical: 60, high: 10}
        )
    elif person.performance == "high":
        choices = {high: 65, min(top, high + 1): 10, typical: 25}
        if style == "harsh":
            choices = {typical: 60, high: 40}
    else:
        choices = {typical: 90, high: 7, below: 3}
        if style == "lenient":
            choices = {typical: 42, high: 55, below: 3}
    ranks = sorted(choices)
    return rng.choices(ranks, [choices[r] for r in ranks])[0]


def _day(rng: random.Random, cycle: CyclePlan) -> str:
    span = max(0, (cycle.end - cycle.start).days - 7)
    return (cycle.start + timedelta(days=rng.randint(0, span))).isoformat()


def _item(
    rng: random.Random,
    writer: Writer,
    ctx: Context,
    person: PersonSpec,
    dim: Dimension,
    strong: bool,
    cycle: CyclePlan,
) -> dict[str, Any]:
    kind = ctx.banks.get(dim.id, "outcome")
    measured = metric(rng) if strong and kind == "outcome" else None
    item: dict[str, Any] = {
        "dimension": dim.id,
        "statement": writer.statement(BANKS[(kind, strong)], strong, measured),
    }
    if measured is not None and rng.random() < 0.7:
        item["metrics"] = {"before": measured.before, "after": measured.after}
    if strong and rng.random() < 0.4:
        item["scope"] = f"{rng.randint(2, 6)} {rng.choice(phrases.SCOPE_NOUNS)}"
    item["date"] = _day(rng, cycle)
    if rng.random() < 0.35:
        host = rng.choice(phrases.LINK_HOSTS)
        item["links"] = [f"https://{host}/{person.team}/{rng.randint(100, 9999)}"]
    return item


def evidence(
    rng: random.Random, writer: Writer, ctx: Context, person: PersonSpec, cycle: CyclePlan
) -> list[dict[str, Any]]:
    """Four to eight items: one delivery item, one impact item, the rest mixed, strong and weak."""
    dims = [
        d
        for d in ctx.ladder.dimensions
        if ctx.ladder.dimension_applies(d, person.level.id, person.track)
    ]
    dims = dims or list(ctx.ladder.dimensions)
    chosen = [
        rng.choice(group)
        for group in (
            [d for d in dims if d.counts_as == "delivery"],
            [d for d in dims if d.counts_as == "impact"],
        )
        if group
    ]
    count = rng.randint(4, 8)
    chosen += [rng.choice(dims) for _ in range(count - len(chosen))]
    share = STRONG_SHARE[person.performance]
    items = [_item(rng, writer, ctx, person, dim, rng.random() < share, cycle) for dim in chosen]
    if rng.random() < 0.3:
        multipliers = [d for d in dims if ctx.banks.get(d.id) == "multiplier"] or dims
        items[-1] = {
            "dimension": rng.choice(multipliers).id,
            "statement": writer.pick(phrases.INVISIBLE_ITEMS),
            "date": _day(rng, cycle),
            "invisible": True,
            "kind": rng.choice(phrases.INVISIBLE_KINDS),
        }
    items.sort(key=lambda item: item["date"])
    for index, item in enumerate(items, start=1):
        if item["statement"].startswith("I ") or rng.random() < 0.2:
            items[index - 1] = {"id": f"ev{index}", **item}
    return items


def observers(
    rng: random.Random, ctx: Context, person: PersonSpec, count: int
) -> list[tuple[str, str]]:
    """``count`` distinct (observer, relationship) pairs: teammates first, then other teams."""
    plan = ctx.plan
    blocked = {person.handle, person.manager}
    mates = [h for h in ctx.teams[person.team].members if h not in blocked]
    rng.shuffle(mates)
    picked: list[tuple[str, str]] = []
    for handle in mates[: rng.randint(1, min(3, count))]:
        lower = plan.people[handle].level.order < person.level.order
        picked.append((handle, "mentee" if lower and rng.random() < 0.4 else "teammate"))
    nearby = ctx.neighbours.get(person.team, [])
    for attempt in range(60):
        if len(picked) >= count:
            break
        if nearby and attempt < 30:
            team = ctx.teams[rng.choice(nearby)]
            candidate = rng.choice([*team.members, team.manager])
        else:
            candidate = rng.choice(ctx.everyone)
        if candidate in blocked or any(candidate == h for h, _ in picked):
            continue
        role = plan.people[candidate].role
        picked.append((candidate, "stakeholder" if role != "engineer" else "cross-team"))
    return picked


def _project(
    rng: random.Random, writer: Writer, ctx: Context, person: PersonSpec
) -> dict[str, str]:
    """Top-project context; more senior engineers get harder projects more often."""
    levels = ctx.plan.levels.engineer
    seniority = (
        levels.index(person.level) / max(1, len(levels) - 1) if person.level in levels else 0.5
    )
    weights = (1.5 - seniority, 1.0, 0.3 + seniority * 1.5)
    return {
        "name": writer.project,
        "ambiguity": rng.choices(("low", "medium", "high"), weights)[0],
        "dependencies": rng.choices(("few", "moderate", "many"), weights)[0],
        "novelty": rng.choices(("existing", "new-feature", "greenfield"), weights)[0],
    }


def _promotion(
    rng: random.Random, ctx: Context, items: list[dict[str, Any]], target: Level
) -> dict[str, Any]:
    """A case citing the file's strongest items by id, and the gap that remains."""
    cited = [item["id"] for item in items if "id" in item][:3]
    if not cited:
        items[-1] = {"id": f"ev{len(items)}", **items[-1]}
        cited = [items[-1]["id"]]
    return {"target_level": target.id, "evidence": cited, "gap": rng.choice(phrases.GAPS)}


def _case_target(
    rng: random.Random, ctx: Context, person: PersonSpec, closed: bool
) -> Level | None:
    """Exactly one level up by the ladder's ``order``, on the engineer's own levels."""
    if closed and person.level_before is not None:
        return person.level
    if person.performance != "high" or person.level_before is not None:
        return None
    if rng.random() >= (0.25 if closed else 0.4):
        return None
    above = ctx.ladder.next_levels(person.level.id, person.track)
    ours = [lv for lv in above if lv in ctx.plan.levels.engineer]
    return ours[0] if ours else None


def _observation(rng: random.Random, writer: Writer, strong: bool) -> str:
    if not strong:
        return writer.pick(phrases.OBSERVATIONS_WEAK)
    detail = [writer.pick(phrases.OBSERVATION_DETAILS)] if rng.random() < 0.6 else []
    return " ".join([writer.pick(phrases.OBSERVATIONS_STRONG), *detail])


def cycle_file(
    rng: random.Random, ctx: Context, person: PersonSpec, cycle: CyclePlan, closed: bool
) -> tuple[dict[str, Any], Summary]:
    """The cycle file of ``person`` and what its outcomes need to know."""
    team = ctx.teams[person.team]
    peers = [ctx.plan.people[h].name.split()[0] for h in team.members if h != person.handle][:4]
    writer = Writer(rng, person.name.split()[0], team.system, peers)
    style = (
        "lenient"
        if person.manager in ctx.plan.lenient
        else "harsh"
        if person.manager in ctx.plan.harsh
        else "fair"
    )
    rank = propose(rng, person, style, ctx.ratings)
    items = evidence(rng, writer, ctx, person, cycle)
    need = ctx.settings.strong_evidence_for_high
    if rank >= ctx.ratings.high and need > 0:
        dims = [
            d for d in ctx.ladder.dimensions if d.counts_as != "delivery"
        ] or ctx.ladder.dimensions
        if not back_high_rating(rng, writer, items, dims, need, ctx.words, person.name):
            rank = ctx.ratings.typical
    low, high = max(3, ctx.settings.peer_min), min(5, ctx.settings.peer_max)
    watchers = observers(rng, ctx, person, rng.randint(low, max(low, high)))
    share = STRONG_SHARE[person.performance]
    data: dict[str, Any] = {
        "cycle": cycle.id,
        "proposed_rating": ctx.ratings.ids[rank],
        "project": _project(rng, writer, ctx, person),
        "evidence": items,
        "invisible_work": writer.pick(phrases.INVISIBLE_ANSWERS),
        "uncertainty": writer.pick(phrases.UNCERTAINTIES),
        "peer_observations": [
            {
                "observer": handle,
                "relationship": relation,
                **({"dimension": rng.choice(items)["dimension"]} if rng.random() < 0.6 else {}),
                "observation": _observation(rng, writer, rng.random() < share),
            }
            for handle, relation in watchers
        ],
    }
    if rng.random() < 0.4:
        data["self_assessment"] = writer.pick(phrases.SELF_ASSESSMENTS)
    target = _case_target(rng, ctx, person, closed)
    if target is not None:
        data["promotion"] = _promotion(rng, ctx, items, target)
    levels = ctx.plan.levels.engineer
    above = [lv for lv in ctx.ladder.next_levels(person.level.id, person.track) if lv in levels]
    story = "" if closed else pipeline_story(person, above, cycle.id, target is not None)
    data["uncertainty"] = story or data["uncertainty"]
    strong = strong_above_level(items, ctx.words, person.name) if rank >= ctx.ratings.high else 0
    return data, Summary(person.handle, rank, strong, target.id if target else None)
