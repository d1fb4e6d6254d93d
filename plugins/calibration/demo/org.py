"""The shape of a synthetic org: people, teams of 5 to 9, managers and directors.

Which ladder levels engineers, managers and directors hold is read from the
ladder itself: with two or more tracks, the first track is the engineers' and
the second the leaders'; without tracks, a level that shares its ``order`` with
a level listed before it is taken as the parallel people-leadership level.
"""

from __future__ import annotations

import math
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from calibration.demo import phrases
from calibration.model import Ladder, Level


@dataclass(frozen=True)
class LevelPlan:
    """The levels each role holds, most junior first."""

    engineer: tuple[Level, ...]
    manager: Level
    director: Level
    engineer_track: str | None = None
    leader_track: str | None = None


@dataclass
class PersonSpec:
    """One person of the synthetic org, before it is written as ``person.yaml``."""

    handle: str
    name: str
    level: Level
    team: str
    manager: str | None
    role: str
    start: date
    track: str | None = None
    performance: str = "mid"
    level_before: Level | None = None


@dataclass
class TeamSpec:
    """A team, its manager and its engineers."""

    id: str
    name: str
    description: str
    group: str
    system: str = ""
    manager: str = ""
    members: list[str] = field(default_factory=list)


@dataclass
class OrgPlan:
    """Everyone, every team, and the managers planted as lenient or harsh raters."""

    levels: LevelPlan
    people: dict[str, PersonSpec]
    teams: list[TeamSpec]
    engineers: list[str]
    lenient: frozenset[str] = frozenset()
    harsh: frozenset[str] = frozenset()


def plan_levels(ladder: Ladder) -> LevelPlan:
    """Split the ladder's levels between engineers and people leaders (see module doc)."""
    if len(ladder.tracks) >= 2:
        ic_track, lead_track = ladder.tracks[0].id, ladder.tracks[1].id
        engineer = ladder.ordered_levels(ic_track)
        leaders = [lv for lv in ladder.ordered_levels(lead_track) if lead_track in lv.tracks]
        if not leaders:
            leaders = engineer[len(engineer) // 2 :]
        return LevelPlan(tuple(engineer), leaders[0], leaders[-1], ic_track, lead_track)
    seen: set[float] = set()
    engineer, leaders = [], []
    for level in ladder.levels:
        (leaders if level.order in seen else engineer).append(level)
        seen.add(level.order)
    engineer.sort(key=lambda lv: (lv.order, lv.index))
    leaders.sort(key=lambda lv: (lv.order, lv.index))
    if not leaders:
        leaders = [engineer[min(len(engineer) - 1, (len(engineer) * 3) // 5)], engineer[-1]]
    return LevelPlan(tuple(engineer), leaders[0], leaders[-1])


def _level_weights(count: int) -> list[float]:
    """A bell over the engineer levels, centred in the lower middle, thin at the top."""
    centre, spread = 0.35 * (count - 1), max(0.6, 0.22 * count)
    return [math.exp(-0.5 * ((i - centre) / spread) ** 2) for i in range(count)]


def _sizes(rng: random.Random, total: int, low: int, high: int) -> list[int]:
    """Split ``total`` into parts of ``low`` to ``high`` (a smaller part only if total < low)."""
    sizes: list[int] = []
    remaining = total
    while remaining >= low + high:
        size = rng.randint(low, high)
        sizes.append(size)
        remaining -= size
    if remaining > high:
        first = rng.randint(remaining - high, high) if remaining - high >= low else low
        first = max(low, min(first, remaining - low))
        sizes.append(first)
        remaining -= first
    if remaining:
        sizes.append(remaining)
    return sizes


def ascii_slug(text: str) -> str:
    """Lower-case ASCII slug of a name (accents folded, spaces to hyphens)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join("".join(c if c.isalnum() else " " for c in folded.lower()).split())


def _names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` distinct (handle, display name) pairs."""
    pairs = [(f, last) for f in phrases.FIRST_NAMES for last in phrases.LAST_NAMES]
    rng.shuffle(pairs)
    out: list[tuple[str, str]] = []
    used: set[str] = set()
    round_number = 1
    while len(out) < count:
        for first, last in pairs:
            handle = ascii_slug(f"{first} {last}") + (
                f"-{round_number}" if round_number > 1 else ""
            )
            if handle not in used:
                used.add(handle)
                out.append((handle, f"{first} {last}"))
                if len(out) == count:
                    break
        round_number += 1
    return out


def _teams(rng: random.Random, sizes: list[int]) -> list[TeamSpec]:
    combos = [(a, k) for a in phrases.AREAS for k in phrases.TEAM_KINDS]
    rng.shuffle(combos)
    teams = []
    for index, _size in enumerate(sizes):
        area, kind = combos[index % len(combos)]
        suffix = index // len(combos)
        team_id = f"{area}-{kind}" + (f"-{suffix + 1}" if suffix else "")
        name = f"{area.capitalize()} {kind}" + (f" {suffix + 1}" if suffix else "")
        system = rng.choice(phrases.SYSTEMS)
        teams.append(TeamSpec(team_id, name, f"Owns {system} and the tools around it.", "", system))
    return teams


def _random_start(rng: random.Random, latest: date, years: int) -> date:
    return latest - timedelta(days=rng.randint(0, 365 * years))


def _leaders(
    rng: random.Random,
    levels: LevelPlan,
    teams: list[TeamSpec],
    names: list[tuple[str, str]],
    hired_by: date,
) -> dict[str, PersonSpec]:
    """Directors over groups of 3 to 7 teams, a head above them, a manager per team."""
    people: dict[str, PersonSpec] = {}
    group_sizes = _sizes(rng, len(teams), 3, 7) if len(teams) >= 3 else [len(teams)]
    pool = iter(names)
    head: str | None = None
    if len(group_sizes) > 1:
        handle, name = next(pool)
        head = handle
        people[handle] = PersonSpec(
            handle,
            name,
            levels.director,
            teams[0].id,
            None,
            "director",
            _random_start(rng, hired_by, 10),
            levels.leader_track,
        )
    start = 0
    for group_index, size in enumerate(group_sizes):
        base = phrases.GROUP_NAMES[group_index % len(phrases.GROUP_NAMES)]
        group = base + (
            f" {group_index // len(phrases.GROUP_NAMES) + 1}"
            if group_index >= len(phrases.GROUP_NAMES)
            else ""
        )
        director, name = next(pool)
        members = teams[start : start + size]
        people[director] = PersonSpec(
            director,
            name,
            levels.director,
            members[0].id,
            head,
            "director",
            _random_start(rng, hired_by, 9),
            levels.leader_track,
        )
        for team in members:
            team.group = group
            handle, name = next(pool)
            team.manager = handle
            people[handle] = PersonSpec(
                handle,
                name,
                levels.manager,
                team.id,
                director,
                "manager",
                _random_start(rng, hired_by, 8),
                levels.leader_track,
            )
        start += size
    return people


def plan_org(
    rng: random.Random, ladder: Ladder, engineers: int, *, hired_by: date, joiners_from: date
) -> OrgPlan:
    """Plan an org of ``engineers`` engineers; about 5% joined on or after ``joiners_from``."""
    levels = plan_levels(ladder)
    team_sizes = _sizes(rng, engineers, 5, 9) if engineers >= 5 else [engineers]
    teams = _teams(rng, team_sizes)
    leader_count = len(teams) + max(1, math.ceil(len(teams) / 3)) + 1
    names = _names(rng, engineers + leader_count)
    people = _leaders(rng, levels, teams, names[engineers:], hired_by)
    weights = _level_weights(len(levels.engineer))
    engineer_handles: list[str] = []
    pool = iter(names[:engineers])
    for team, size in zip(teams, team_sizes, strict=True):
        for _ in range(size):
            handle, name = next(pool)
            level = rng.choices(levels.engineer, weights)[0]
            joined = (
                joiners_from + timedelta(days=rng.randint(0, 60))
                if rng.random() < 0.05
                else _random_start(rng, hired_by, 8)
            )
            performance = rng.choices(("low", "mid", "high"), (12, 68, 20))[0]
            spec = PersonSpec(
                handle,
                name,
                level,
                team.id,
                team.manager,
                "engineer",
                joined,
                levels.engineer_track,
                performance,
            )
            position = levels.engineer.index(level)
            if performance == "high" and position > 0 and joined < hired_by and rng.random() < 0.3:
                spec.level_before = levels.engineer[position - 1]
            people[handle] = spec
            team.members.append(handle)
            engineer_handles.append(handle)
    managers = [team.manager for team in teams]
    marked = rng.sample(managers, k=min(len(managers), max(1, round(len(managers) * 0.18))))
    cut = max(1, (len(marked) * 2) // 3) if len(marked) > 1 else len(marked)
    return OrgPlan(
        levels, people, teams, engineer_handles, frozenset(marked[:cut]), frozenset(marked[cut:])
    )


def person_data(spec: PersonSpec) -> dict[str, Any]:
    """The ``person.yaml`` data of one person."""
    data: dict[str, Any] = {
        "handle": spec.handle,
        "name": spec.name,
        "level": spec.level.id,
        "team": spec.team,
        "manager": spec.manager,
        "role": spec.role,
        "start_date": spec.start.isoformat(),
    }
    if spec.track:
        data["track"] = spec.track
    data["git_username"] = spec.handle[:39].rstrip("-")
    return data
