"""The pre-fill skeleton: every prompt of the calibration practice, as comments next to its key.

The skeleton passes the schema as written. The empty answers are flagged by
the pre-fill rules until the manager fills them in: that is the checklist.
"""

from __future__ import annotations

from calibration.model import Cycle, Dimension, Org, Person
from calibration.scaffold.text import comment, listing, modeline, q, schema_enum


def _dimensions(org: Org, person: Person, role: str) -> list[Dimension]:
    return [
        d
        for d in org.ladder.dimensions
        if d.counts_as == role and org.ladder.dimension_applies(d, person.level, person.track)
    ]


def _header(org: Org, person: Person, cycle: Cycle) -> list[str]:
    level = org.ladder.level(person.level)
    level_text = f"{level.id} ({level.name})" if level else str(person.level)
    return [
        modeline("prefill", 2),
        *comment(
            f"{person.name} ({person.handle}), {level_text}, cycle {cycle.id} ({cycle.name}).\n"
            "Written by `calib new prefill`. Fill in every empty value and uncomment the "
            "examples, then run `calib validate --base main`. Until then validate lists "
            "what is still missing (rating, evidence, uncertainty, project, invisible work, "
            "peer observations): that list is expected, and it is your checklist."
        ),
        f"cycle: {q(cycle.id)}",
        "",
    ]


def _rating(org: Org) -> list[str]:
    ids = [r.id for r in org.scale.ratings]
    labels = {r.id: r.label for r in org.scale.ratings}
    lines = comment(f"Proposed rating, one of: {listing(ids, labels)}.")
    high = org.settings.high_rating
    if high and org.scale.get(high) is not None:
        lines += comment(
            f"{labels[high]} and above is challenged in the room. It needs work whose scope is "
            "above the level's expectation and impact documented specifically enough to "
            "survive questioning. It is not a reward for effort or hours."
        )
    return [*lines, 'proposed_rating: ""', ""]


def _expectations(org: Org, person: Person, dims: list[Dimension]) -> list[str]:
    items = [
        f"  - {dim.id}: {exp.text}"
        for dim in dims
        for exp in org.ladder.expectations
        if exp.dimension == dim.id and exp.level == person.level
    ]
    if not items:
        return []
    return comment(
        f"What {person.level} is expected to show (rubric/ladder.yaml):\n" + "\n".join(items)
    )


def _evidence(org: Org, person: Person) -> list[str]:
    delivery = _dimensions(org, person, "delivery")
    impact = _dimensions(org, person, "impact")
    lines = comment(
        "Evidence: at least two items, one for "
        f"{' or '.join(d.id for d in delivery) or 'delivery'} and one for "
        f"{' or '.join(d.id for d in impact) or 'impact or leverage'}. "
        "A strong statement has four parts:\n"
        "  1. what was done, in one plain sentence, with their own role (I/she/he, not we);\n"
        "  2. the scope: how many teams, users, services or engineers; "
        "self-identified? long-standing?\n"
        "  3. the state before and after, with numbers where possible;\n"
        "  4. why it is above the level, if it is (identified and drove, without being asked, "
        "across four teams, owned end to end).\n"
        "Outcomes, not outputs: say what changed, not only what shipped. Avoid vague verbs "
        "(helped, supported, worked on) without a result. Several separate examples make a "
        "pattern; one big win does not. Write it while the dashboards still show the numbers."
    )
    lines += _expectations(org, person, [*delivery, *impact])
    lines += comment("Replace [] with the items, for example:")
    lines.append("evidence: []")
    for dims, what in (
        (delivery, "what was shipped, when, without rework by others"),
        (impact, "what changed because of the work, or who they multiplied"),
    ):
        dim = dims[0].id if dims else (org.ladder.dimensions[0].id if org.ladder.dimensions else "")
        lines += [
            f"#  - dimension: {dim}",
            f"#    statement: >-  # {what}",
            "#      I ...",
            '#    scope: ""  # who or what was affected',
            "#    metrics:",
            '#      before: ""',
            '#      after: ""',
            '#    date: "YYYY-MM-DD"',
            "#    links: []",
        ]
    return [*lines, ""]


def _project() -> list[str]:
    ambiguity = schema_enum("prefill", "$defs", "project", "properties", "ambiguity")
    dependencies = schema_enum("prefill", "$defs", "project", "properties", "dependencies")
    novelty = schema_enum("prefill", "$defs", "project", "properties", "novelty")
    return [
        *comment(
            "Project context: their top project this cycle. Two identical ratings are not "
            "equal if one was earned on an ambiguous, cross-team project and the other on a "
            "stable system. Uncomment and pick one value on each line:"
        ),
        "# project:",
        '#   name: ""',
        f"#   ambiguity: {ambiguity[0]}  # {' | '.join(ambiguity)}",
        f"#   dependencies: {dependencies[0]}  # {' | '.join(dependencies)}",
        f"#   novelty: {novelty[0]}  # {' | '.join(novelty)}",
        "",
    ]


def _open_questions() -> list[str]:
    return [
        *comment(
            "Uncertainty: the one area where you are least sure of this rating. It is "
            "surfaced in the room, never hidden."
        ),
        'uncertainty: ""',
        "",
        *comment(
            "Invisible work: what did they do this period that won't show up in metrics? "
            "(on-call that prevented an outage, docs others rely on, reviews, a thread that "
            "stopped a wrong decision). Write `none` if there is nothing; mark matching "
            "evidence items with invisible: true."
        ),
        'invisible_work: ""',
        "",
    ]


def _peers(org: Org, person: Person) -> list[str]:
    low, high = org.settings.peer_min, org.settings.peer_max
    relationships = schema_enum("prefill", "$defs", "observation", "properties", "relationship")
    dims = " | ".join(d.id for d in org.ladder.dimensions)
    return [
        *comment(
            f"Peer observations: {low} to {high}, from people who worked with {person.name} "
            "directly, across teams where possible; not you (the pre-fill is your view) and "
            "not the engineer. What did they see, specifically? This is not a formal 360. "
            "Leverage is mostly visible to peers, so ask about it. Replace [] with:"
        ),
        "peer_observations: []",
        "#  - observer: handle-of-a-collaborator",
        f"#    relationship: {relationships[0]}  # {' | '.join(relationships)}",
        f"#    dimension: {org.ladder.dimensions[0].id if org.ladder.dimensions else ''}  # {dims}",
        "#    observation: >-",
        "#      ...",
        "",
    ]


def _promotion(org: Org, person: Person) -> list[str]:
    targets = [lv.id for lv in org.ladder.next_levels(person.level or "", person.track)]
    if not targets:
        return []
    return [
        *comment(
            "Only if they operate above their level: a promotion case. Cite the evidence ids "
            "that show the target level's expectations, and state the gap that remains."
        ),
        "# promotion:",
        f"#   target_level: {q(targets[0])}  # {' | '.join(targets)}",
        "#   evidence: []  # ids of the evidence items above (add id: to those items)",
        '#   gap: ""',
        "",
    ]


def render_prefill(org: Org, person: Person, cycle: Cycle) -> str:
    """The skeleton of ``people/<handle>/<cycle>.yaml``."""
    lines = [
        *_header(org, person, cycle),
        *_rating(org),
        *_evidence(org, person),
        *_project(),
        *_open_questions(),
        *_peers(org, person),
        *_promotion(org, person),
        *comment(
            "Optional: the engineer's own summary. "
            "What did you do this period that won't show up in your metrics?"
        ),
        '# self_assessment: ""',
    ]
    return "\n".join(lines) + "\n"
