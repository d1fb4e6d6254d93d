"""Cycles, outcomes and the rubric's own consistency."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import pairwise

from calibration.model import Org
from calibration.validate.registry import Finding, rule


@rule("outcomes-coverage", "error", "cycles", per_file=False)
def check_coverage(org: Org) -> Iterator[Finding]:
    """A closed cycle's outcomes give a calibrated rating to every engineer in it, once."""
    for cycle in org.cycles.values():
        prefills = org.prefills_for(cycle.id)
        outcomes = org.outcomes.get(cycle.id)
        if cycle.phase != "closed":
            continue
        if outcomes is None:
            yield Finding(
                cycle.source,
                ("phase",),
                f"{cycle.id} is closed but cycles/{cycle.id}/outcomes.yaml is missing; record "
                "the outcomes before closing",
            )
            continue
        rated = Counter(entry.person for entry in outcomes.ratings)
        for prefill in prefills:
            if rated[prefill.handle] == 0:
                yield Finding(
                    outcomes.source,
                    ("ratings",),
                    f"{prefill.handle} has a {cycle.id} file but no calibrated rating; add one",
                )
        seen: set[str] = set()
        for entry in outcomes.ratings:  # report the repeats, not the first entry
            if entry.person in seen:
                yield Finding(
                    outcomes.source,
                    (*entry.path, "person"),
                    f"{entry.person} is rated more than once; keep one entry",
                )
            seen.add(entry.person)


@rule("outcome-rationale", "error", "cycles", per_file=False)
def check_rationale(org: Org) -> Iterator[Finding]:
    """A calibrated rating that differs from the proposal carries a rationale."""
    for outcomes in org.outcomes.values():
        for entry in outcomes.ratings:
            prefill = org.prefills.get((entry.person, outcomes.folder))
            if prefill is None or not entry.rating or not prefill.proposed_rating:
                continue
            if entry.rating != prefill.proposed_rating and not entry.rationale:
                yield Finding(
                    outcomes.source,
                    (*entry.path, "rating"),
                    f"{entry.person} was proposed {prefill.proposed_rating} and calibrated "
                    f"{entry.rating}; "
                    "add a rationale saying why the room changed it",
                )


@rule("outcome-without-file", "error", "cycles", per_file=False)
def check_outcome_files(org: Org) -> Iterator[Finding]:
    """Outcomes rate only engineers who have a file for that cycle."""
    for outcomes in org.outcomes.values():
        for entry in outcomes.ratings:
            if entry.person in org.people and (entry.person, outcomes.folder) not in org.prefills:
                yield Finding(
                    outcomes.source,
                    (*entry.path, "person"),
                    f"{entry.person} has no people/{entry.person}/{outcomes.folder}.yaml; add "
                    "the file or remove the rating",
                )


@rule("promotion-undecided", "error", "cycles", per_file=False)
def check_undecided(org: Org) -> Iterator[Finding]:
    """A closed cycle's outcomes decide every promotion case its files opened."""
    for cycle in org.cycles.values():
        outcomes = org.outcomes.get(cycle.id)
        if cycle.phase != "closed" or outcomes is None:
            continue  # a closed cycle without outcomes is reported by outcomes-coverage
        decided = {d.person for d in outcomes.promotions if d.decision}
        for prefill in org.prefills_for(cycle.id):
            if prefill.promotion is None or prefill.handle in decided:
                continue
            target = prefill.promotion.target_level or "the next level"
            yield Finding(
                outcomes.source,
                ("promotions",),
                f"{prefill.handle} has a promotion case to {target} in {cycle.id} but no "
                "decision; record approved, deferred or declined before the cycle closes",
            )


@rule("ladder-version", "warning", "cycles", per_file=False)
def check_ladder_version(org: Org) -> Iterator[Finding]:
    """A cycle names the ladder version it is calibrated against: current or archived."""
    for cycle in org.cycles.values():
        if not cycle.ladder_version:
            yield Finding(
                cycle.source, (), f"no ladder_version; add ladder_version: {org.ladder.version!r}"
            )
        elif cycle.ladder_version in org.ladders and cycle.ladder_version != org.ladder.version:
            if cycle.phase != "closed":
                yield Finding(
                    cycle.source,
                    ("ladder_version",),
                    f"this open cycle uses the archived ladder {cycle.ladder_version}, not the "
                    "current "
                    f"{org.ladder.version}; move it to {org.ladder.version!r} unless that is "
                    "intended",
                )
        elif org.ladder.version and cycle.ladder_version != org.ladder.version:
            yield Finding(
                cycle.source,
                ("ladder_version",),
                f"calibrated against ladder {cycle.ladder_version} but rubric/ladder.yaml is "
                f"{org.ladder.version}; "
                f"pages render with the current ladder until the old one is kept as "
                f"rubric/ladders/{cycle.ladder_version}.yaml",
            )


@rule("duplicate-id", "error", "rubric", per_file=False)
def check_duplicates(org: Org) -> Iterator[Finding]:
    """Levels, tracks, dimensions and ratings each have unique ids."""
    groups = [
        ("rubric/ladder.yaml", "levels", [lv.id for lv in org.ladder.levels]),
        ("rubric/ladder.yaml", "tracks", [t.id for t in org.ladder.tracks]),
        ("rubric/ladder.yaml", "dimensions", [d.id for d in org.ladder.dimensions]),
        ("rubric/ratings.yaml", "ratings", [r.id for r in org.scale.ratings]),
    ]
    for source, key, ids in groups:
        seen: set[str] = set()
        for index, item in enumerate(ids):
            if item in seen:
                yield Finding(
                    source,
                    (key, index, "id"),
                    f"{key[:-1]} id {item!r} is used twice; give one of them another id",
                )
            seen.add(item)


@rule("scale-direction", "error", "rubric", per_file=False)
def check_scale(org: Org) -> Iterator[Finding]:
    """Rating values agree with the scale's direction (ratings are listed lowest first)."""
    values = [(r, r.value) for r in org.scale.ratings if r.value is not None]
    for (prev, prev_value), (rating, value) in pairwise(values):
        assert prev_value is not None and value is not None
        wrong = (
            value <= prev_value
            if org.scale.direction == "higher-is-better"
            else value >= prev_value
        )
        if wrong:
            yield Finding(
                "rubric/ratings.yaml",
                ("ratings", rating.rank, "value"),
                f"{rating.id} is listed above {prev.id} but its value {value:g} does not fit "
                f"direction {org.scale.direction}; list ratings lowest standing first",
            )


@rule("pipeline-reference", "warning", "rubric", per_file=False)
def check_pipeline_refs(org: Org) -> Iterator[Finding]:
    """The career_level of the promotion pipeline in rubric/rules.yaml is a level of the ladder."""
    career = org.settings.pipeline.career_level
    if career and org.ladder.levels and org.ladder.level(career) is None:
        ids = ", ".join(lv.id for lv in org.ladder.levels)
        yield Finding(
            "rubric/rules.yaml",
            ("pipeline", "career_level"),
            f"career_level {career!r} is not a level id, so nobody is spared the stalled list; "
            f"use one of: {ids}",
        )


@rule("rules-reference", "error", "rubric", per_file=False)
def check_rules_refs(org: Org) -> Iterator[Finding]:
    """Ratings named in rubric/rules.yaml exist on the scale."""
    if not org.scale.ratings:
        return  # a missing scale is reported once, on rubric/ratings.yaml
    for key in ("high_rating", "low_rating"):
        value = getattr(org.settings, key)
        if value and org.scale.get(value) is None:
            ids = ", ".join(r.id for r in org.scale.ratings)
            yield Finding(
                "rubric/rules.yaml",
                (key,),
                f"{key} {value!r} is not a rating id; use one of: {ids}",
            )
