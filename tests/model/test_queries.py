"""The model's shared questions: the level held in a cycle, who is expected, completeness."""

from __future__ import annotations

from calibration.model import (
    Cycle,
    Dimension,
    Evidence,
    Ladder,
    Level,
    Org,
    Outcomes,
    Person,
    Prefill,
    PromotionDecision,
    Scale,
    Settings,
)
from calibration.model.queries import (
    answers_invisible_work,
    completeness,
    expected_people,
    level_during,
    level_held,
    missing_roles,
)


def _org(decisions: dict[str, list[tuple[str, str | None]]]) -> Org:
    """Three cycles, one engineer (today at p3); ``decisions`` per cycle: (decision, from)."""
    ladder = Ladder("1", "Ladder")
    ladder.levels = [Level(f"p{n}", f"P{n}", float(n), n) for n in (1, 2, 3)]
    ladder.dimensions = [Dimension("ship", "Shipping", 0, counts_as="delivery")]
    cycles = {
        cid: Cycle(cid, cid, start, end, "closed", f"cycles/{cid}/cycle.yaml")
        for cid, start, end in (
            ("c1", "2024-01-01", "2024-06-30"),
            ("c2", "2024-07-01", "2024-12-31"),
            ("c3", "2025-01-01", "2025-06-30"),
        )
    }
    outcomes = {}
    for cid, rows in decisions.items():
        outcomes[cid] = Outcomes(cid, f"cycles/{cid}/outcomes.yaml", cid)
        for index, (decision, from_level) in enumerate(rows):
            outcomes[cid].promotions.append(
                PromotionDecision("ada", "p3", decision, "", ("promotions", index), from_level)
            )
    ada = Person("ada", "Ada", "p3", None, None, "engineer", "2023-01-01", "people/ada/person.yaml")
    return Org(ladder, Scale([]), Settings(), {}, {}, {"ada": ada}, cycles, {}, outcomes)


def test_without_decisions_the_level_is_todays() -> None:
    assert level_during(_org({}), "ada", "c1") == "p3"


def test_a_later_approved_promotion_names_the_level_held_before_it() -> None:
    org = _org({"c2": [("approved", "p2")], "c3": [("approved", "p1")]})
    assert level_during(org, "ada", "c1") == "p2"  # the nearest later promotion counts
    assert level_during(org, "ada", "c3") == "p1"


def test_a_decision_of_the_cycle_itself_counts_whatever_was_decided() -> None:
    org = _org({"c1": [("deferred", "p1")], "c2": [("approved", "p2")]})
    assert level_during(org, "ada", "c1") == "p1"
    assert level_during(org, "ada", "c2") == "p2"


def test_a_later_decision_that_is_not_an_approval_changes_nothing() -> None:
    assert level_during(_org({"c2": [("declined", "p1")]}), "ada", "c1") == "p3"


def test_a_level_the_ladder_does_not_know_is_kept_as_an_id_but_held_as_none() -> None:
    org = _org({"c2": [("approved", "e4")]})
    assert level_during(org, "ada", "c1") == "e4"
    assert level_held(org, "ada", "c1") is None
    held = level_held(org, "ada", "c3")
    assert held is not None and held.id == "p3"


def test_completeness_follows_the_rules_that_validate_a_prefill() -> None:
    org = _org({})
    org.people["bo"] = Person("bo", "Bo", "p1", None, None, "engineer", None, "people/bo/p.yaml")
    org.people["cy"] = Person("cy", "Cy", "p1", None, None, "manager", None, "people/cy/p.yaml")
    prefill = Prefill("ada", "c1", "c1", "people/ada/c1.yaml", invisible_work="none")
    prefill.evidence.append(Evidence("ship", "Shipped the importer.", ("evidence", 0)))
    org.prefills[("ada", "c1")] = prefill
    assert [p.handle for p in expected_people(org, org.cycles["c1"])] == ["ada", "bo"]
    # the ladder has no impact dimension, so impact evidence is not asked for
    assert missing_roles(org, prefill) == []
    assert answers_invisible_work(prefill)
    facts = completeness(org, org.cycles["c1"])
    assert facts.expected == ("ada", "bo")
    assert (facts.present, facts.missing_prefill, facts.missing_evidence) == (1, ("bo",), ())
    assert (facts.few_peers, facts.no_invisible_answer) == (("ada",), ())
