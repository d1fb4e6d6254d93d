"""Each rule-based flag on a small planted repository: it fires, and it stays quiet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis_builder import STRONG, WEAK, Planted, RepoSpec, cycle, load_org, prefill

from calibration.analysis import analyze_cycle
from calibration.analysis.complexity import score_project
from calibration.model import Project

TWO_CYCLES = {
    "c1": cycle("2025-01-01", "2025-06-30", "closed"),
    "c2": cycle("2025-07-01", "2025-12-31", "calibration"),
}


def _flags(tmp_path: Path, spec: RepoSpec, cycle_id: str = "c1") -> list[tuple[str, str]]:
    return [(f.id, f.subject) for f in analyze_cycle(load_org(tmp_path, spec), cycle_id).flags]


def test_rating_jump_counts_steps_on_the_scale(tmp_path: Path) -> None:
    people = [
        Planted("up", files={"c1": prefill("low"), "c2": prefill("high")}),
        Planted("one", files={"c1": prefill("mid"), "c2": prefill("high")}),
        Planted("down", files={"c1": prefill("top"), "c2": prefill("mid")}),
    ]
    spec = RepoSpec(people, cycles=TWO_CYCLES)
    found = [f for f in _flags(tmp_path, spec, "c2") if f[0] == "rating-jump"]
    assert found == [("rating-jump", "down"), ("rating-jump", "up")]


def test_rating_jump_uses_the_calibrated_rating_of_the_last_cycle(tmp_path: Path) -> None:
    people = [Planted("ann", files={"c1": prefill("mid"), "c2": prefill("top")})]
    outcomes = {"c1": {"ratings": [{"person": "ann", "rating": "high", "rationale": "x"}]}}
    spec = RepoSpec(people, cycles=TWO_CYCLES, outcomes=outcomes)
    assert ("rating-jump", "ann") not in _flags(tmp_path, spec, "c2")


def test_new_joiner_high_is_measured_at_the_cycle_end(tmp_path: Path) -> None:
    people = [
        Planted("new", start_date="2025-02-01", files={"c1": prefill("high")}),  # 4 months
        Planted("settled", start_date="2024-12-01", files={"c1": prefill("high")}),  # 6 months
        Planted("new-mid", start_date="2025-03-01", files={"c1": prefill("mid")}),
    ]
    found = [f for f in _flags(tmp_path, RepoSpec(people)) if f[0] == "new-joiner-high"]
    assert found == [("new-joiner-high", "new")]


def test_low_despite_peers_needs_most_observations_to_be_specific(tmp_path: Path) -> None:
    specific = [
        {"observer": "zed", "observation": "Her runbook cut my pages from 5 a week to 1."},
        {
            "observer": "mia",
            "observation": "Thanks to her review we caught the race before launch.",
        },
        {"observer": "zed", "observation": "Nice person."},
    ]
    vague = [
        {"observer": "zed", "observation": "Nice person."},
        {"observer": "mia", "observation": "Always helpful and friendly."},
    ]
    people = [
        Planted("low-good", files={"c1": prefill("low", peer_observations=specific)}),
        Planted("low-vague", files={"c1": prefill("low", peer_observations=vague)}),
        Planted("mid-good", files={"c1": prefill("mid", peer_observations=specific)}),
    ]
    found = [f for f in _flags(tmp_path, RepoSpec(people)) if f[0] == "low-despite-peers"]
    assert found == [("low-despite-peers", "low-good")]


def test_high_without_strong_counts_strong_above_level_items(tmp_path: Path) -> None:
    plain_strong = "I cut deploy time from 40 to 8 minutes for 6 teams."  # strong, not above level
    people = [
        Planted("backed", files={"c1": prefill("high")}),
        Planted(
            "thin",
            files={
                "c1": prefill(
                    "high",
                    evidence=[
                        {"dimension": "craft", "statement": plain_strong},
                        {"dimension": "reach", "statement": WEAK},
                    ],
                )
            },
        ),
        Planted(
            "meets",
            files={"c1": prefill("mid", evidence=[{"dimension": "craft", "statement": WEAK}])},
        ),
    ]
    found = [f for f in _flags(tmp_path, RepoSpec(people)) if f[0] == "high-without-strong"]
    assert found == [("high-without-strong", "thin")]


def test_team_without_invisible_work(tmp_path: Path) -> None:
    none: dict[str, Any] = {"invisible_work": "none"}
    people = [
        Planted("a1", team="blue", files={"c1": prefill("mid", **none)}),
        Planted("a2", team="blue", files={"c1": prefill("mid", invisible_work="None.")}),
        Planted("b1", team="red", files={"c1": prefill("mid", **none)}),
        Planted(
            "b2",
            team="red",
            files={
                "c1": prefill(
                    "mid",
                    **none,
                    evidence=[
                        {
                            "dimension": "craft",
                            "statement": STRONG,
                            "invisible": True,
                            "kind": "on-call",
                        },
                    ],
                )
            },
        ),
    ]
    found = [f for f in _flags(tmp_path, RepoSpec(people)) if f[0] == "team-no-invisible-work"]
    assert found == [("team-no-invisible-work", "blue")]


def test_complexity_mismatch_both_ways(tmp_path: Path) -> None:
    hard = {"name": "Hard", "ambiguity": "high", "dependencies": "many", "novelty": "existing"}
    easy = {"name": "Easy", "ambiguity": "low", "dependencies": "few", "novelty": "existing"}
    people = [
        Planted("mid-hard", files={"c1": prefill("mid", project=hard)}),
        Planted("high-easy", files={"c1": prefill("high", project=easy)}),
        Planted("high-hard", files={"c1": prefill("high", project=hard)}),
        Planted("mid-easy", files={"c1": prefill("mid", project=easy)}),
    ]
    found = [f for f in _flags(tmp_path, RepoSpec(people)) if f[0] == "complexity-mismatch"]
    assert found == [("complexity-mismatch", "high-easy"), ("complexity-mismatch", "mid-hard")]


def test_flags_skip_cleanly_without_their_settings(tmp_path: Path) -> None:
    hard = {"name": "Hard", "ambiguity": "high", "dependencies": "many", "novelty": "greenfield"}
    people = [
        Planted("new", start_date="2025-05-01", files={"c1": prefill("high", project=hard)}),
        Planted(
            "low",
            files={
                "c1": prefill(
                    "low",
                    peer_observations=[
                        {"observer": "zed", "observation": "Cut my pages from 5 to 1."}
                    ],
                )
            },
        ),
    ]
    spec = RepoSpec(people)
    for key in ("high_rating", "low_rating", "complexity"):
        del spec.rules[key]
    analysis = analyze_cycle(load_org(tmp_path, spec), "c1")
    assert [f.id for f in analysis.flags if f.id != "team-no-invisible-work"] == []
    assert analysis.complexity == {}


def test_complexity_score_and_bands() -> None:
    weights = {
        "ambiguity": {"low": 0, "medium": 1, "high": 3},
        "dependencies": {"few": 0, "moderate": 1, "many": 2},
        "novelty": {"existing": 0, "new-feature": 1, "greenfield": 2},
        "high_at": 5,
        "low_at": 1,
    }
    high = score_project(Project("p", "high", "moderate", "new-feature"), weights)
    assert high is not None and (high.score, high.band) == (5.0, "high")
    assert high.parts == (
        ("ambiguity", "high", 3.0),
        ("dependencies", "moderate", 1.0),
        ("novelty", "new-feature", 1.0),
    )
    low = score_project(Project("p", "low", "few", "new-feature"), weights)
    assert low is not None and low.band == "low"
    middle = score_project(Project("p", "medium", "moderate", "new-feature"), weights)
    assert middle is not None and middle.band == "medium"
    assert score_project(Project("p", "high", "many", "greenfield"), {}) is None
    unbanded = score_project(Project("p", "high", "many", "greenfield"), {"ambiguity": {"high": 9}})
    assert unbanded is not None and (unbanded.score, unbanded.band) == (9.0, "medium")
