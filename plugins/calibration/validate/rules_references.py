"""Cross-file references: every handle, team, level, rating, cycle and dimension must exist."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from calibration.model import CalibratedRating, Org, PromotionDecision
from calibration.validate.registry import Finding, rule

GROUP = "references"


def _suggest(value: str, known: Iterable[str]) -> str:
    known = sorted(set(known))
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
    return f"known: {shown}" if known else "none are defined yet"


@rule("handle-matches-folder", "error", GROUP, per_file=True)
def check_handles(org: Org) -> Iterator[Finding]:
    """A file's own id (handle, cycle) equals the folder or file name it lives in."""
    for person in org.people.values():
        if person.declared_handle is not None and person.declared_handle != person.handle:
            yield Finding(
                person.source,
                ("handle",),
                f"handle {person.declared_handle!r} differs from the folder name "
                f"{person.handle!r}; "
                "rename the folder together with the handle (git mv), or fix the handle",
            )
    for prefill in org.prefills.values():
        if prefill.cycle is not None and prefill.cycle != prefill.file_cycle:
            yield Finding(
                prefill.source,
                ("cycle",),
                f"cycle {prefill.cycle!r} differs from the file name {prefill.file_cycle}.yaml; "
                "name the file after its cycle",
            )
    for cycle in org.cycles.values():
        if cycle.declared_id is not None and cycle.declared_id != cycle.id:
            yield Finding(
                cycle.source,
                ("id",),
                f"id {cycle.declared_id!r} differs from the folder name {cycle.id!r}; rename "
                "the folder (git mv) or fix the id",
            )
    for outcomes in org.outcomes.values():
        if outcomes.cycle is not None and outcomes.cycle != outcomes.folder:
            yield Finding(
                outcomes.source,
                ("cycle",),
                f"cycle {outcomes.cycle!r} differs from the folder name {outcomes.folder!r}; "
                f"write cycle: {outcomes.folder}",
            )


@rule("unknown-manager", "error", GROUP, per_file=False)
def check_managers(org: Org) -> Iterator[Finding]:
    """A person's manager is a person of the repository."""
    for person in org.people.values():
        if person.manager and person.manager not in org.people:
            yield Finding(
                person.source,
                ("manager",),
                f"manager {person.manager!r} has no people/{person.manager}/person.yaml; "
                f"{_suggest(person.manager, org.people)}",
            )


@rule("self-manager", "error", GROUP, per_file=False)
def check_self_manager(org: Org) -> Iterator[Finding]:
    """Nobody manages themselves."""
    for person in org.people.values():
        if person.manager == person.handle:
            yield Finding(
                person.source,
                ("manager",),
                "a person cannot be their own manager; name their manager, or null at the top "
                "of the org",
            )


@rule("manager-left", "error", GROUP, per_file=False)
def check_manager_left(org: Org) -> Iterator[Finding]:
    """A person still in the org is not managed by someone who left it."""
    for person in org.people.values():
        manager = org.people.get(person.manager) if person.manager else None
        if person.left_on or manager is None or not manager.left_on:
            continue
        yield Finding(
            person.source,
            ("manager",),
            f"manager {manager.handle} left on {manager.left_on}; name {person.handle}'s "
            "manager now (calib people import does it from the HR roster)",
        )


@rule("management-loop", "error", GROUP, per_file=False)
def check_loops(org: Org) -> Iterator[Finding]:
    """The management chain has no loop (A manages B manages A)."""
    for start in sorted(org.people):
        seen: list[str] = []
        current: str | None = start
        while current is not None and current in org.people and current not in seen:
            seen.append(current)
            current = org.people[current].manager
        if current is None or current not in seen:
            continue
        loop = seen[seen.index(current) :]
        if len(loop) < 2 or start != min(loop):
            continue  # self-management has its own rule; report each loop once
        chain = " -> ".join([*loop, loop[0]])
        yield Finding(
            org.people[start].source,
            ("manager",),
            f"management loop: {chain}; one of them needs another manager",
        )


@rule("unknown-team", "error", GROUP, per_file=False)
def check_teams(org: Org) -> Iterator[Finding]:
    """A person's team is listed in people/teams.yaml."""
    if not org.teams:
        return  # no teams at all is reported once, on people/teams.yaml
    for person in org.people.values():
        if person.team and person.team not in org.teams:
            yield Finding(
                person.source,
                ("team",),
                f"team {person.team!r} is not in people/teams.yaml; "
                f"{_suggest(person.team, org.teams)}",
            )


@rule("unknown-level", "error", GROUP, per_file=True)
def check_levels(org: Org) -> Iterator[Finding]:
    """Levels and sub-levels people hold or are promoted to exist in the ladder."""
    if not org.ladder.levels:
        return  # a missing ladder is reported once, on rubric/ladder.yaml
    level_ids = [lv.id for lv in org.ladder.levels]
    for person in org.people.values():
        level = org.ladder.level(person.level)
        if person.level and level is None:
            yield Finding(
                person.source,
                ("level",),
                f"level {person.level!r} of {person.handle} is not in rubric/ladder.yaml; "
                f"{_suggest(person.level, level_ids)} (removing or renaming a level needs "
                "everyone on it moved)",
            )
        elif level is not None and person.sublevel and person.sublevel not in level.sublevels:
            allowed = ", ".join(level.sublevels) or "none are defined"
            yield Finding(
                person.source,
                ("sublevel",),
                f"sub-level {person.sublevel!r} is not a step of {level.id}; allowed: {allowed}",
            )
    for prefill in org.prefills.values():
        promo = prefill.promotion
        ladder = org.ladder_for(prefill.file_cycle)  # a closed cycle keeps its own ladder
        if promo and promo.target_level and ladder.level(promo.target_level) is None:
            yield Finding(
                prefill.source,
                ("promotion", "target_level"),
                f"target level {promo.target_level!r} is not in the ladder; "
                f"{_suggest(promo.target_level, [lv.id for lv in ladder.levels])}",
            )
    for outcomes in org.outcomes.values():
        ladder = org.ladder_for(outcomes.folder)
        for decision in outcomes.promotions:
            if decision.to_level and ladder.level(decision.to_level) is None:
                yield Finding(
                    outcomes.source,
                    (*decision.path, "to_level"),
                    f"level {decision.to_level!r} is not in the ladder; "
                    f"{_suggest(decision.to_level, [lv.id for lv in ladder.levels])}",
                )


@rule("unknown-track", "error", GROUP, per_file=False)
def check_tracks(org: Org) -> Iterator[Finding]:
    """A person's track exists, and their level belongs to it."""
    track_ids = [t.id for t in org.ladder.tracks]
    for person in org.people.values():
        if person.track and person.track not in track_ids:
            yield Finding(
                person.source,
                ("track",),
                f"track {person.track!r} is not in rubric/ladder.yaml; "
                f"{_suggest(person.track, track_ids)}",
            )
            continue
        level = org.ladder.level(person.level)
        if level is not None and person.track and not level.on_track(person.track):
            yield Finding(
                person.source,
                ("level",),
                f"level {level.id} is not on the {person.track} track (it is on "
                f"{', '.join(level.tracks)}); pick a level of that track or change the track",
            )


@rule("unknown-rating", "error", GROUP, per_file=True)
def check_ratings(org: Org) -> Iterator[Finding]:
    """Proposed and calibrated ratings are ids of rubric/ratings.yaml."""
    if not org.scale.ratings:
        return  # a missing scale is reported once, on rubric/ratings.yaml
    ids = [r.id for r in org.scale.ratings]
    for prefill in org.prefills.values():
        if prefill.proposed_rating and org.scale.get(prefill.proposed_rating) is None:
            yield Finding(
                prefill.source,
                ("proposed_rating",),
                f"rating {prefill.proposed_rating!r} is not on the scale; "
                f"{_suggest(prefill.proposed_rating, ids)}",
            )
    for outcomes in org.outcomes.values():
        for entry in outcomes.ratings:
            if entry.rating and org.scale.get(entry.rating) is None:
                yield Finding(
                    outcomes.source,
                    (*entry.path, "rating"),
                    f"rating {entry.rating!r} is not on the scale; {_suggest(entry.rating, ids)}",
                )


@rule("unknown-cycle", "error", GROUP, per_file=True)
def check_cycles(org: Org) -> Iterator[Finding]:
    """Every people/<handle>/<cycle>.yaml and outcomes file names an existing cycle."""
    for prefill in org.prefills.values():
        if prefill.file_cycle not in org.cycles:
            yield Finding(
                prefill.source,
                ("cycle",),
                f"there is no cycles/{prefill.file_cycle}/cycle.yaml; "
                f"{_suggest(prefill.file_cycle, org.cycles)}",
            )
    for outcomes in org.outcomes.values():
        if outcomes.folder not in org.cycles:
            yield Finding(
                outcomes.source,
                ("cycle",),
                f"cycles/{outcomes.folder}/ has outcomes but no cycle.yaml; add it",
            )


@rule("unknown-person", "error", GROUP, per_file=True)
def check_people_refs(org: Org) -> Iterator[Finding]:
    """Cycle files belong to a person, and outcomes name existing people."""
    for prefill in org.prefills.values():
        if prefill.handle not in org.people:
            yield Finding(
                prefill.source,
                (),
                f"people/{prefill.handle}/ has no person.yaml; add it (calib new person)",
            )
    for outcomes in org.outcomes.values():
        entries: list[CalibratedRating | PromotionDecision] = [
            *outcomes.ratings,
            *outcomes.promotions,
        ]
        for entry in entries:
            if entry.person not in org.people:
                yield Finding(
                    outcomes.source,
                    (*entry.path, "person"),
                    f"{entry.person!r} is not a person; {_suggest(entry.person, org.people)}",
                )
        for explanation in outcomes.explanations:
            if explanation.manager and explanation.manager not in org.people:
                yield Finding(
                    outcomes.source,
                    (*explanation.path, "manager"),
                    f"{explanation.manager!r} is not a person; "
                    f"{_suggest(explanation.manager, org.people)}",
                )


@rule("unknown-observer", "error", GROUP, per_file=True)
def check_observers(org: Org) -> Iterator[Finding]:
    """Every peer observer is a person of the repository."""
    for prefill in org.prefills.values():
        for obs in prefill.observations:
            if obs.observer and obs.observer not in org.people:
                yield Finding(
                    prefill.source,
                    (*obs.path, "observer"),
                    f"observer {obs.observer!r} is not a person; "
                    f"{_suggest(obs.observer, org.people)}",
                )


@rule("unknown-dimension", "error", GROUP, per_file=True)
def check_dimensions(org: Org) -> Iterator[Finding]:
    """Evidence, observations and expectations name dimensions of the ladder."""
    if not org.ladder.dimensions:
        return  # a missing ladder is reported once, on rubric/ladder.yaml
    ids = [d.id for d in org.ladder.dimensions]
    for prefill in org.prefills.values():
        items = [*prefill.evidence, *(prefill.promotion.evidence if prefill.promotion else ())]
        for ev in items:
            if ev.dimension and org.ladder.dimension(ev.dimension) is None:
                yield Finding(
                    prefill.source,
                    (*ev.path, "dimension"),
                    f"dimension {ev.dimension!r} is not in the ladder; "
                    f"{_suggest(ev.dimension, ids)}",
                )
        for obs in prefill.observations:
            if obs.dimension and org.ladder.dimension(obs.dimension) is None:
                yield Finding(
                    prefill.source,
                    (*obs.path, "dimension"),
                    f"dimension {obs.dimension!r} is not in the ladder; "
                    f"{_suggest(obs.dimension, ids)}",
                )
    for exp in org.ladder.expectations:
        if org.ladder.dimension(exp.dimension) is None:
            yield Finding(
                "rubric/ladder.yaml",
                ("expectations", exp.index, "dimension"),
                f"dimension {exp.dimension!r} is not defined; {_suggest(exp.dimension, ids)}",
            )
        if exp.level is not None and org.ladder.level(exp.level) is None:
            yield Finding(
                "rubric/ladder.yaml",
                ("expectations", exp.index, "level"),
                f"level {exp.level!r} is not defined; "
                f"{_suggest(exp.level, [lv.id for lv in org.ladder.levels])}",
            )
