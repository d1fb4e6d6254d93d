"""What the room decided in the closed cycle: ratings for everyone, promotions, outlier notes."""

from __future__ import annotations

import random
from typing import Any

from calibration.analysis.outliers import find_outliers
from calibration.analysis.types import OutlierFlag
from calibration.demo import phrases
from calibration.demo.org import person_data as _person
from calibration.demo.prefill import Context, Summary
from calibration.load.records import cycle_from, outcomes_from, person_from, prefill_from
from calibration.model import Org


def _final_rank(rng: random.Random, ctx: Context, summary: Summary) -> tuple[int, str]:
    """The calibrated rank and, when it moved, why."""
    person = ctx.plan.people[summary.handle]
    high, rank = ctx.ratings.high, summary.rank
    lenient = person.manager in ctx.plan.lenient
    if rank >= high and lenient and person.performance != "high" and rng.random() < 0.7:
        return ctx.ratings.typical, rng.choice(phrases.RATIONALE_DOWN)
    if (
        rank >= high
        and summary.strong < ctx.settings.strong_evidence_for_high
        and rng.random() < 0.3
    ):
        return rank - 1, rng.choice(phrases.RATIONALE_DOWN)
    if rank < high and person.performance == "high" and rng.random() < 0.15:
        return rank + 1, rng.choice(phrases.RATIONALE_UP)
    return rank, ""


def _flags(
    ctx: Context, cycle: dict[str, Any], files: dict[str, dict[str, Any]], outcomes: dict[str, Any]
) -> list[OutlierFlag]:
    """The outliers the room will see, found by the project's own test on this cycle's data."""
    cid = str(cycle["id"])
    people = {
        h: person_from(_person(spec), h, f"people/{h}/person.yaml")
        for h, spec in ctx.plan.people.items()
    }
    org = Org(
        ladder=ctx.ladder,
        scale=ctx.scale,
        settings=ctx.settings,
        audiences={},
        teams={},
        people=people,
        cycles={cid: cycle_from(cycle, cid, f"cycles/{cid}/cycle.yaml")},
        prefills={
            (h, cid): prefill_from(d, h, cid, f"people/{h}/{cid}.yaml") for h, d in files.items()
        },
        outcomes={cid: outcomes_from(outcomes, cid, f"cycles/{cid}/outcomes.yaml")},
    )
    return find_outliers(org, cid)


def _explanations(flags: list[OutlierFlag]) -> list[dict[str, str]]:
    """One note per flagged manager and level, as the calibration leads would record it."""
    out: list[dict[str, str]] = []
    for flag in sorted(flags, key=lambda f: (f.manager, f.level)):
        bank = (
            phrases.OUTLIER_EXPLANATIONS
            if flag.direction == "lenient"
            else phrases.HARSH_EXPLANATIONS
        )
        text = bank[len(out) % len(bank)]
        out.append({"manager": flag.manager, "level": flag.level, "explanation": text})
    return out


def outcomes_file(
    rng: random.Random,
    ctx: Context,
    cycle: dict[str, Any],
    summaries: list[Summary],
    files: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """Outcomes covering every engineer with a file in the cycle, and every promotion case."""
    ratings: list[dict[str, str]] = []
    promotions: list[dict[str, str]] = []
    for summary in summaries:
        final, rationale = _final_rank(rng, ctx, summary)
        entry = {"person": summary.handle, "rating": ctx.ratings.ids[final]}
        if rationale:
            entry["rationale"] = rationale
        ratings.append(entry)
        if summary.target is None:
            continue
        person = ctx.plan.people[summary.handle]
        before = person.level_before
        decision = "approved" if before is not None else rng.choice(("deferred", "declined"))
        promotions.append(
            {
                "person": summary.handle,
                "from_level": (before or person.level).id,
                "to_level": summary.target,
                "decision": decision,
                "rationale": phrases.DECISION_RATIONALES[decision],
            }
        )
    data: dict[str, Any] = {"cycle": cycle["id"], "ratings": ratings}
    if promotions:
        data["promotions"] = promotions
    explanations = _explanations(_flags(ctx, cycle, files, data))
    if explanations:
        data["outlier_explanations"] = explanations
    return data
