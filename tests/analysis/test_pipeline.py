"""Each pipeline rule on a small planted repository: it finds its candidate, not the near miss.

Everyone planted here has recent start dates and no strong evidence unless a
test says otherwise, so exactly the rule under test can raise them. Which
items are strong and above the level is planted as the evidence judgement's
verdict (``strong``), so these tests pin the pipeline, not that judgement.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis_builder import WEAK, Planted, RepoSpec, cycle, default_rules, load_org, prefill

from calibration.analysis import Assessment, Suggestion, analyze_cycle
from calibration.analysis.cycle import org_words
from calibration.analysis.flags import FlagContext
from calibration.analysis.pipeline import PIPELINE_RULES, find_suggestions
from calibration.load.records import settings_from

RECENT = "2024-09-02"  # two cycles at the level by the end of c1: never "long"
TWO_CYCLES = {
    "c1": cycle("2025-01-01", "2025-06-30", "closed"),
    "c2": cycle("2025-07-01", "2025-12-31", "calibration"),
}
SPECIFIC = "Her runbook cut our pages from 5 a week to 1."


def plain(rating: str | None = "mid", **extra: Any) -> dict[str, Any]:
    """A cycle file that raises no rule: weak evidence, one vague observation."""
    return prefill(rating, evidence=[{"dimension": "craft", "statement": WEAK}], **extra)


def person(handle: str, files: dict[str, dict[str, Any]], **kwargs: Any) -> Planted:
    return Planted(handle, start_date=kwargs.pop("start_date", RECENT), files=files, **kwargs)


def suggestions(
    tmp_path: Path, spec: RepoSpec, cycle_id: str = "c1", strong: dict[str, int] | None = None
) -> dict[str, Suggestion]:
    """Suggestions of a cycle; ``strong`` says how many of a person's first items are
    strong and above the level (every other item is weak)."""
    org = load_org(tmp_path, spec)
    known = {}
    for found in org.prefills_for(cycle_id):
        for index, ev in enumerate(found.evidence):
            above = index < (strong or {}).get(found.handle, 0)
            verdict = "strong" if above else "weak"
            known[(found.handle, index)] = Assessment(ev.statement, verdict, above_level=above)
    ctx = FlagContext(org, org.cycles[cycle_id], org_words(org), known_assessments=known)
    return find_suggestions(ctx)


def items(count: int) -> list[dict[str, str]]:
    return [{"dimension": "craft", "statement": f"Item {i}. {WEAK}"} for i in range(count)]


def rules_of(found: dict[str, Suggestion]) -> dict[str, tuple[str, ...]]:
    return {handle: s.rules for handle, s in found.items()}


def _rated(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {"ratings": [{"person": h, "rating": r, "rationale": "room"} for h, r in pairs]}


def test_every_rule_is_registered_with_a_doc() -> None:
    assert set(PIPELINE_RULES) == {
        "sustained-high",
        "strong-above-level",
        "peers-above-level",
        "long-at-level",
        "manager-words",
        "case-to-revisit",
    }
    assert all(rule.doc.endswith(".") for rule in PIPELINE_RULES.values())


def test_sustained_high_needs_the_calibrated_rating_of_the_last_cycle(tmp_path: Path) -> None:
    people = [
        person("ann", {"c1": plain("high"), "c2": plain("high")}),
        # near miss: proposed high last cycle, but the room calibrated it down
        person("bea", {"c1": plain("high"), "c2": plain("top")}),
        person("cal", {"c1": plain("mid"), "c2": plain("high")}),
    ]
    outcomes = {"c1": _rated(("ann", "high"), ("bea", "mid"), ("cal", "mid"))}
    found = suggestions(tmp_path, RepoSpec(people, cycles=TWO_CYCLES, outcomes=outcomes), "c2")
    assert rules_of(found) == {"ann": ("sustained-high",)}
    cited = [c.text for c in found["ann"].signals[0].cited]
    assert cited == ["Cycle: High (calibrated)", "Cycle: High (proposed)"]
    assert {c.kind for c in found["ann"].signals[0].cited} == {"ratings"}


def test_strong_above_level_counts_strong_items_that_show_scope(tmp_path: Path) -> None:
    people = [
        person("cat", {"c1": prefill("mid", evidence=items(3))}),
        person("dan", {"c1": prefill("mid", evidence=items(3))}),  # near miss: one item short
    ]
    found = suggestions(tmp_path, RepoSpec(people), strong={"cat": 2, "dan": 1})
    assert rules_of(found) == {"cat": ("strong-above-level",)}
    assert [c.path for c in found["cat"].signals[0].cited] == [("evidence", 0), ("evidence", 1)]
    assert {c.kind for c in found["cat"].signals[0].cited} == {"evidence"}


def _observations(*items: tuple[str, str]) -> list[dict[str, str]]:
    return [{"observer": who, "observation": text} for who, text in items]


def test_peers_above_level_needs_specific_results_seen_from_outside(tmp_path: Path) -> None:
    outsiders = [Planted(h, team="blue") for h in ("oli", "pat", "quin")]
    three = _observations(("oli", SPECIFIC), ("pat", SPECIFIC), ("quin", SPECIFIC))
    # near miss: two outsiders with results, and an outsider with praise only
    two = _observations(("oli", SPECIFIC), ("pat", SPECIFIC), ("quin", "Great to work with."))
    # a teammate counts when the result is above the level
    above = "Without being asked he cut our build from 20 minutes to 4 for all 5 teams."
    mixed = _observations(("oli", SPECIFIC), ("pat", SPECIFIC), ("zed", above))
    people = [
        *outsiders,
        person("eve", {"c1": plain(peer_observations=three)}),
        person("fay", {"c1": plain(peer_observations=two)}),
        person("gus", {"c1": plain(peer_observations=mixed)}),
    ]
    found = suggestions(tmp_path, RepoSpec(people))
    assert rules_of(found) == {"eve": ("peers-above-level",), "gus": ("peers-above-level",)}
    assert {c.kind for c in found["eve"].signals[0].cited} == {"peer_observations"}
    assert found["eve"].signals[0].cited[0].text.startswith("Oli: Her runbook")


def test_long_at_level_needs_some_strong_above_level_work_now(tmp_path: Path) -> None:
    people = [
        person("hal", {"c1": prefill("mid", evidence=items(2))}, start_date="2019-01-07"),
        person("ivy", {"c1": plain()}, start_date="2019-01-07"),  # long, but nothing above
        person("jo", {"c1": prefill("mid", evidence=items(2))}),  # above-level work, but recent
    ]
    found = suggestions(tmp_path, RepoSpec(people), strong={"hal": 1, "jo": 1})
    assert rules_of(found) == {"hal": ("long-at-level",)}
    assert "at E2 for 13 cycles (started 2019-01-07)" in found["hal"].signals[0].reason


def test_manager_words_name_a_level_above_and_are_not_negated(tmp_path: Path) -> None:
    words = {
        "kim": "She is close to E3 in my view, but I have not written a case.",
        "ned": "Honestly close to the next level on delivery; the rest is unsure.",
        "pam": "Already operating at Engineer three scope.",
        "lou": "He is not close to E3 yet.",  # negated
        "max": "Unsure whether she is ready for E3.",  # a question
        "oz": "Close to E2 already.",  # their own level, not above
        "rex": "Close to the release; E3 is far off.",  # the level is in another clause
    }
    people = [person(h, {"c1": plain(uncertainty=text)}) for h, text in words.items()]
    found = suggestions(tmp_path, RepoSpec(people))
    assert rules_of(found) == {h: ("manager-words",) for h in ("kim", "ned", "pam")}
    cited = found["kim"].signals[0].cited[0]
    assert (cited.kind, cited.text) == (
        "uncertainty",
        "She is close to E3 in my view, but I have not written a case",
    )


def _case(target: str = "E3") -> dict[str, Any]:
    return {"target_level": target, "evidence": [], "gap": "Scope."}


def test_case_to_revisit_follows_a_deferred_or_undecided_case(tmp_path: Path) -> None:
    people = [
        person("pia", {"c1": plain(promotion=_case()), "c2": plain()}),
        person("ros", {"c1": plain(promotion=_case()), "c2": plain()}),  # never decided
        person("quy", {"c1": plain(promotion=_case()), "c2": plain()}),  # declined: not raised
        person("sam", {"c1": plain(promotion=_case()), "c2": plain(promotion=_case())}),
    ]
    outcomes = {
        "c1": {
            **_rated(*((h, "mid") for h in ("pia", "ros", "quy", "sam"))),
            "promotions": [
                {"person": "pia", "to_level": "E3", "decision": "deferred", "rationale": "Later."},
                {"person": "quy", "to_level": "E3", "decision": "declined"},
                {"person": "sam", "to_level": "E3", "decision": "deferred"},
            ],
        }
    }
    found = suggestions(tmp_path, RepoSpec(people, cycles=TWO_CYCLES, outcomes=outcomes), "c2")
    assert rules_of(found) == {"pia": ("case-to-revisit",), "ros": ("case-to-revisit",)}
    assert found["pia"].signals[0].cited[0].text == "Cycle: deferred. Later."
    assert "never decided" in found["ros"].signals[0].reason


def test_cases_decisions_and_top_levels_are_never_suggested(tmp_path: Path) -> None:
    strong = {"uncertainty": "Close to E3 now."}
    people = [
        person("has-case", {"c1": plain(promotion=_case(), **strong)}),
        person("decided", {"c1": plain(**strong)}),
        person("at-top", {"c1": plain(uncertainty="Close to the next level.")}, level="E3"),
        person("open", {"c1": plain(**strong)}),
    ]
    outcomes = {
        "c1": {"promotions": [{"person": "decided", "to_level": "E3", "decision": "declined"}]}
    }
    found = suggestions(tmp_path, RepoSpec(people, outcomes=outcomes))
    assert list(found) == ["open"]
    assert found["open"].level == "E2" and found["open"].target == "E3"


def _pipeline_rules(**pipeline: Any) -> dict[str, Any]:
    return {**default_rules(), "pipeline": pipeline}


def test_min_rules_and_switching_a_rule_off(tmp_path: Path) -> None:
    people = [
        person("one", {"c1": prefill("mid", evidence=items(2))}),
        person("both", {"c1": prefill("mid", evidence=items(2), uncertainty="Close to E3.")}),
    ]
    strong = {"one": 2, "both": 2}
    spec = RepoSpec(people, rules=_pipeline_rules(min_rules=2))
    assert list(suggestions(tmp_path / "a", spec, strong=strong)) == ["both"]
    spec = RepoSpec(people, rules=_pipeline_rules(strong_above_level=0))
    assert rules_of(suggestions(tmp_path / "b", spec, strong=strong)) == {
        "both": ("manager-words",)
    }
    off = _pipeline_rules(manager_words={"phrases": []}, strong_above_level=0)
    assert suggestions(tmp_path / "c", RepoSpec(people, rules=off), strong=strong) == {}


def test_the_cycle_analysis_carries_the_suggestions(tmp_path: Path) -> None:
    people = [person("kim", {"c1": plain(uncertainty="Close to E3 in my view.")})]
    analysis = analyze_cycle(load_org(tmp_path, RepoSpec(people)), "c1")
    assert list(analysis.suggestions) == ["kim"]


def test_settings_read_the_pipeline_section_and_keep_defaults() -> None:
    settings = settings_from(
        {
            "pipeline": {
                "peers_above_level": 2,
                "stalled_cycles": 0,
                "career_level": "E3",
                "revisit_decisions": ["deferred", "declined"],
                "manager_words": {"phrases": ["ready for"], "negations": []},
            }
        }
    ).pipeline
    assert settings.peers_above_level == 2 and settings.stalled_cycles == 0
    assert settings.career_level == "E3"
    assert settings.revisit_decisions == ("deferred", "declined")
    assert settings.close_phrases == ("ready for",) and settings.negations == ()
    assert settings.next_level_words == ("next level", "level above", "promotion")
    assert settings.strong_above_level == 2 and settings.min_rules == 1
