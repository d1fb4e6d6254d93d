"""High proposed ratings that can stand in the room: strong, above-level evidence items.

The generator checks its own items with the project's evidence assessment, so
a ladder or word list of any org still gets files that validate; when the items
cannot carry a high rating, the proposal falls back to the typical rating.
"""

from __future__ import annotations

import random
from typing import Any

from calibration.analysis.evidence import assess
from calibration.analysis.words import WordLists
from calibration.demo import phrases
from calibration.demo.text import Writer, metric
from calibration.model import Dimension, Evidence


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
