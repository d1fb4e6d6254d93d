"""Questions about the model that several layers ask, each answered here once.

The level a person held during a cycle (:func:`level_during`, :func:`level_held`),
the people a cycle expects a pre-fill from (:func:`expected_people`), and how
complete a pre-fill and a cycle are (:func:`missing_roles`,
:func:`answers_invisible_work`, :func:`completeness`). The validator, the
analysis, the disclosure policy and the pages all read these answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from calibration.model.cycles import Cycle
from calibration.model.org import Org
from calibration.model.people import Person, Prefill
from calibration.model.rubric import Level

EVIDENCE_ROLES = ("delivery", "impact")
"""The ``counts_as`` roles a complete pre-fill covers, in the order they are reported."""


def level_during(org: Org, handle: str, cycle_id: str) -> str | None:
    """The level id ``handle`` held during ``cycle_id`` (also when the ladder does not know it).

    ``person.yaml`` holds today's level. A decision about the person in the
    cycle's own outcomes records the level the case was made from, whatever was
    decided; failing that, a promotion approved in a later cycle means the person
    was still at its ``from_level`` back then (the nearest such cycle counts).
    """
    outcomes = org.outcomes.get(cycle_id)
    for decision in outcomes.promotions if outcomes else []:
        if decision.person == handle and decision.from_level:
            return decision.from_level
    ordered = [c.id for c in org.cycles_in_order()]
    for later in ordered[ordered.index(cycle_id) + 1 :] if cycle_id in ordered else []:
        outcomes = org.outcomes.get(later)
        for decision in outcomes.approved_for(handle) if outcomes else []:
            if decision.from_level:
                return decision.from_level
    person = org.people.get(handle)
    return person.level if person else None


def level_held(org: Org, handle: str, cycle_id: str) -> Level | None:
    """The ladder level of :func:`level_during`, or None when the ladder does not know it."""
    return org.ladder.level(level_during(org, handle, cycle_id))


def expected_people(org: Org, cycle: Cycle) -> list[Person]:
    """People a cycle expects a file for: engineers in the org during it, and anyone with a file.

    An engineer is expected once they started by the cycle's end, unless they left
    (``left_on``) before it began.
    """
    out = []
    for person in org.people.values():
        has_file = (person.handle, cycle.id) in org.prefills
        started = not person.start_date or not cycle.end or person.start_date <= cycle.end
        # Someone who left during the period was still assessed in it; before it, not at all.
        gone = bool(person.left_on and cycle.start and person.left_on < cycle.start)
        if has_file or (person.role == "engineer" and started and not gone):
            out.append(person)
    return sorted(out, key=lambda p: (p.name, p.handle))


def missing_roles(org: Org, prefill: Prefill) -> list[str]:
    """The evidence roles (delivery, impact) the ladder asks for that no evidence item covers.

    A role no dimension of the ladder carries is not asked for.
    """
    asked = {d.counts_as for d in org.ladder.dimensions}
    covered = org.evidence_roles(prefill)
    return [role for role in EVIDENCE_ROLES if role in asked and role not in covered]


def answers_invisible_work(prefill: Prefill) -> bool:
    """True when the invisible-work question has an answer (an explicit ``none`` is one)."""
    return bool(prefill.invisible_work)


@dataclass(frozen=True)
class Completeness:
    """Who a cycle expects, and which of them fall short of a complete pre-fill, by gap."""

    expected: tuple[str, ...]
    present: int
    observations: int
    """Peer observations recorded over the pre-fills present."""
    missing_prefill: tuple[str, ...]
    missing_evidence: tuple[str, ...]
    few_peers: tuple[str, ...]
    no_invisible_answer: tuple[str, ...]


def completeness(org: Org, cycle: Cycle) -> Completeness:
    """How complete ``cycle`` is over :func:`expected_people`, handles in that order."""
    expected = [p.handle for p in expected_people(org, cycle)]
    gaps: dict[str, list[str]] = {
        "missing_prefill": [],
        "missing_evidence": [],
        "few_peers": [],
        "no_invisible_answer": [],
    }
    present = observations = 0
    for handle in expected:
        prefill = org.prefills.get((handle, cycle.id))
        if prefill is None:
            gaps["missing_prefill"].append(handle)
            continue
        present += 1
        observations += len(prefill.observations)
        if missing_roles(org, prefill):
            gaps["missing_evidence"].append(handle)
        if len(prefill.observations) < org.settings.peer_min:
            gaps["few_peers"].append(handle)
        if not answers_invisible_work(prefill):
            gaps["no_invisible_answer"].append(handle)
    return Completeness(
        expected=tuple(expected),
        present=present,
        observations=observations,
        missing_prefill=tuple(gaps["missing_prefill"]),
        missing_evidence=tuple(gaps["missing_evidence"]),
        few_peers=tuple(gaps["few_peers"]),
        no_invisible_answer=tuple(gaps["no_invisible_answer"]),
    )
