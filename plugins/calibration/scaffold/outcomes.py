"""``calib outcomes new``: the outcomes file of a cycle, started from what its files propose.

Every pre-fill's proposed rating is written as the starting final rating, so
the room only edits what it changes. Open promotion cases and unexplained
outliers are listed as commented entries: each needs a decision the room has
not taken yet, and the closing checks refuse the cycle until it is recorded.
The skeleton passes the schema as written.
"""

from __future__ import annotations

from calibration.analysis.outliers import find_outliers
from calibration.model import Cycle, Org, Prefill
from calibration.model.queries import level_during
from calibration.scaffold.text import comment, listing, modeline, q


def _header(org: Org, cycle: Cycle) -> list[str]:
    ids = [r.id for r in org.scale.ratings]
    labels = {r.id: r.label for r in org.scale.ratings}
    return [
        modeline("outcomes", 2),
        *comment(
            f"What the room decided in the calibration of {cycle.name or cycle.id}. Written by "
            "`calib outcomes new` from the pre-fills: each rating below starts as the "
            "manager's proposal. Change a rating where the room decided otherwise, and add a "
            "rationale wherever the final rating differs from the proposal (validate asks "
            f"for it). Ratings: {listing(ids, labels)}."
        ),
        f"cycle: {q(cycle.id)}",
        "",
    ]


def _who(org: Org, prefill: Prefill) -> str:
    person = org.people.get(prefill.handle)
    if person is None:
        return "proposed"
    manager = f", manager {person.manager}" if person.manager else ""
    return " ".join(f"proposed ({person.name}{manager})".split())  # one line, whatever the name


def _ratings(org: Org, prefills: list[Prefill]) -> list[str]:
    proposed = [p for p in prefills if p.proposed_rating]
    undecided = [p for p in prefills if not p.proposed_rating]
    lines = ["ratings:" if proposed else "ratings: []"]
    for prefill in proposed:
        assert prefill.proposed_rating is not None
        lines += [
            f"  - person: {q(prefill.handle)}",
            f"    rating: {q(prefill.proposed_rating)}  # {_who(org, prefill)}",
        ]
    if undecided:
        lines += comment(
            "No proposed rating in these pre-fills yet: decide in the room, then uncomment "
            "each entry with its rating (and move it under ratings: if that list is empty).",
            2,
        )
        for prefill in undecided:
            lines += [f"  # - person: {q(prefill.handle)}", '  #   rating: ""']
    return [*lines, ""]


def _promotions(org: Org, cycle: Cycle, prefills: list[Prefill]) -> list[str]:

    cases = [p for p in prefills if p.promotion is not None]
    if not cases:
        return [*comment("No pre-fill of this cycle opens a promotion case."), ""]
    lines = comment(
        "Open promotion cases. For each, write the decision (approved, deferred or declined) "
        "and why, then uncomment the list: `calib cycle close` refuses the cycle while a case "
        "is undecided."
    )
    lines.append("# promotions:")
    for prefill in cases:
        assert prefill.promotion is not None
        level = level_during(org, prefill.handle, cycle.id)
        lines.append(f"#   - person: {q(prefill.handle)}")
        if level:
            lines.append(f"#     from_level: {q(level)}")
        lines += [
            f"#     to_level: {q(prefill.promotion.target_level or '')}",
            "#     decision:",
            '#     rationale: ""',
        ]
    return [*lines, ""]


def _outliers(org: Org, cycle: Cycle) -> list[str]:

    flags = [f for f in find_outliers(org, cycle.id) if not f.explained]
    if not flags:
        return []
    lines = comment(
        "Managers whose share of high proposed ratings at a level stands apart from the rest "
        "of the org. Record what the room concluded for each, then uncomment the list: an "
        "unexplained outlier keeps the cycle from closing."
    )
    lines.append("# outlier_explanations:")
    for flag in flags:
        lines += [
            f"#   - manager: {q(flag.manager)}",
            f"#     level: {q(flag.level)}",
            f'#     explanation: ""  # {flag.high} of {flag.total} high, against '
            f"{flag.rest_high} of {flag.rest_total} for the rest",
        ]
    return [*lines, ""]


def render_outcomes(org: Org, cycle: Cycle) -> str:
    """The text of ``cycles/<id>/outcomes.yaml`` for the pre-fills of ``cycle``."""
    prefills = org.prefills_for(cycle.id)
    lines = [
        *_header(org, cycle),
        *_ratings(org, prefills),
        *_promotions(org, cycle, prefills),
        *_outliers(org, cycle),
    ]
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
