"""High proposed ratings that can stand in the room, and pipeline stories without a case.

The generator checks its own items with the project's evidence assessment, so
a ladder or word list of any org still gets files that validate; when the items
cannot carry a high rating, the proposal falls back to the typical rating.

In the open cycle some managers write that a strong engineer is close to the
next level without writing a case (the pipeline should find them), and a few
write that someone is *not* close yet (a near miss it must leave out).
"""

from __future__ import annotations

import random
from typing import Any

from calibration.analysis.evidence import assess
from calibration.analysis.words import WordLists
from calibration.demo import phrases
from calibration.demo.org import PersonSpec
from calibration.demo.text import Writer, metric
from calibration.model import Dimension, Evidence, Level


def strong_above_level(items: list[dict[str, Any]], words: WordLists, name: str) -> int:
    """How many items the evidence check judges strong and above the level."""
    count = 0
    for item in items:
        metrics = item.get("metrics", {})
        model = Evidence(
            item["dimension"],
            item["statement"],
            (),
            scope=item.get("scope", ""),
            before=metrics.get("before", ""),
            after=metrics.get("after", ""),
        )
        found = assess(item["statement"], words=words, evidence=model, name=name)
        count += found.verdict == "strong" and found.above_level
    return count


def case_item(rng: random.Random, writer: Writer, dim: Dimension, day: str) -> dict[str, Any]:
    """An item with every part of a strong statement: outcome, scope, before-after, own role."""
    measured = metric(rng)
    return {
        "dimension": dim.id,
        "statement": writer.statement(phrases.CASE_STATEMENTS, True, measured),
        "scope": f"{rng.randint(2, 6)} {rng.choice(phrases.SCOPE_NOUNS)}",
        "metrics": {"before": measured.before, "after": measured.after},
        "date": day,
    }


def back_high_rating(
    rng: random.Random,
    writer: Writer,
    items: list[dict[str, Any]],
    dims: list[Dimension],
    need: int,
    words: WordLists,
    name: str,
) -> bool:
    """Rewrite items on ``dims`` until ``need`` are strong and above level; report success.

    Items on other dimensions (the delivery one) and invisible-work items are kept.
    """
    by_id = {d.id: d for d in dims}
    for index in range(len(items) - 1, -1, -1):
        if strong_above_level(items, words, name) >= need:
            return True
        dim = by_id.get(items[index]["dimension"])
        if dim is None or items[index].get("invisible"):
            continue
        replacement = case_item(rng, writer, dim, items[index]["date"])
        if "id" in items[index]:
            replacement = {"id": items[index]["id"], **replacement}
        items[index] = replacement
    return strong_above_level(items, words, name) >= need


CANDIDATE_SHARE = 0.5
"""Share of strong engineers without a case whose manager says they are close to the next level."""
NEAR_MISS_SHARE = 0.1
"""Share of typical engineers whose manager says they are not close yet."""


def pipeline_story(person: PersonSpec, above: list[Level], cycle_id: str, has_case: bool) -> str:
    """An uncertainty that plants a pipeline candidate or a near miss, or ``""`` for neither.

    Drawn from its own generator seeded by the person and cycle, so planting
    stories leaves every other value of the org as it was.
    """
    if has_case or not above:
        return ""
    draw = random.Random(f"pipeline:{person.handle}:{cycle_id}").random()
    first, target = person.name.split()[0], above[0].id
    if person.performance == "high" and draw < CANDIDATE_SHARE:
        return (
            f"{first} is close to {target} in my view, but I have not written a case this "
            "cycle; I am not sure it would pass yet."
        )
    if person.performance == "mid" and draw < NEAR_MISS_SHARE:
        return f"{first} is not close to {target} yet; the work still stays inside the team."
    return ""
