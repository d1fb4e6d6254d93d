"""Outlier flags on planted distributions: a lenient manager is found, ordinary noise is not."""

from __future__ import annotations

from pathlib import Path

from analysis_builder import Planted, RepoSpec, cycle, load_org, prefill, team_of

from calibration.analysis.outliers import find_outliers
from calibration.load.repository import load_repository


def test_a_clearly_lenient_manager_is_flagged(tmp_path: Path) -> None:
    people = [
        *team_of("ann", "E2", ["high", "high", "top", "high", "high"]),
        *team_of("bob", "E2", ["mid", "mid", "high", "mid", "mid", "mid"]),
        *team_of("cat", "E2", ["mid", "high", "mid", "low", "mid", "mid"]),
        *team_of("dan", "E2", ["mid", "mid", "mid", "high", "mid", "mid"]),
    ]
    flags = find_outliers(load_org(tmp_path, RepoSpec(people)), "c1")
    assert [(f.manager, f.level, f.direction) for f in flags] == [("ann", "E2", "lenient")]
    flag = flags[0]
    assert (flag.high, flag.total, flag.rest_high, flag.rest_total) == (5, 5, 3, 18)
    assert flag.p_value <= 0.1
    assert flag.handles == tuple(f"ann-{i}" for i in range(5))
    assert not flag.explained


def test_ordinary_noise_across_several_managers_is_not_flagged(tmp_path: Path) -> None:
    people = [
        *team_of("ann", "E2", ["high", "mid", "mid", "mid", "high"]),
        *team_of("bob", "E2", ["mid", "high", "mid", "mid"]),
        *team_of("cat", "E2", ["mid", "mid", "low", "high", "mid"]),
        *team_of("dan", "E2", ["high", "mid", "mid", "mid", "mid", "high"]),
        *team_of("eve", "E3", ["mid", "high", "mid", "mid"]),
        *team_of("fay", "E3", ["high", "mid", "mid", "low", "mid"]),
    ]
    assert find_outliers(load_org(tmp_path, RepoSpec(people)), "c1") == []


def test_a_harsh_manager_is_flagged_as_harsh(tmp_path: Path) -> None:
    people = [
        *team_of("ann", "E2", ["low", "mid", "mid", "mid", "mid", "mid"]),
        *team_of("bob", "E2", ["high", "high", "mid", "high"]),
        *team_of("cat", "E2", ["high", "top", "high", "mid", "high"]),
    ]
    flags = find_outliers(load_org(tmp_path, RepoSpec(people)), "c1")
    assert [(f.manager, f.direction) for f in flags] == [("ann", "harsh")]


def test_groups_below_the_minimum_size_are_skipped(tmp_path: Path) -> None:
    people = [
        *team_of("ann", "E2", ["high", "high"]),  # 2 people, minimum is 3
        *team_of("bob", "E2", ["mid", "mid", "mid", "mid", "mid", "mid"]),
    ]
    spec = RepoSpec(people)
    assert find_outliers(load_org(tmp_path / "a", spec), "c1") == []
    spec.rules["min_group_size"] = 2
    spec.rules["outlier_p_value"] = 0.05
    flags = find_outliers(load_org(tmp_path / "b", spec), "c1")
    # With two managers the test is mirrored: each is the other's "rest".
    assert sorted((f.manager, f.direction) for f in flags) == [("ann", "lenient"), ("bob", "harsh")]


def test_levels_are_compared_separately(tmp_path: Path) -> None:
    # Lenient at E3 overall, but each manager is ordinary inside their own level.
    people = [
        *team_of("ann", "E3", ["high", "high", "mid", "high"]),
        *team_of("bob", "E3", ["high", "mid", "high", "high"]),
        *team_of("cat", "E2", ["mid", "mid", "mid", "mid"]),
        *team_of("dan", "E2", ["mid", "mid", "mid", "low"]),
    ]
    assert find_outliers(load_org(tmp_path, RepoSpec(people)), "c1") == []


def test_same_order_levels_of_two_tracks_compare_when_the_ladder_says_so(tmp_path: Path) -> None:
    # E3 (ic) and M3 (manager track) share order 3: one group when tracks_compare is on.
    leads = [
        Planted(f"lead-{i}", level="M3", track="mgr", manager="bob", files={"c1": prefill("mid")})
        for i in range(6)
    ]
    people = [*team_of("ann", "E3", ["high", "high", "top", "high"]), *leads]
    flags = find_outliers(load_org(tmp_path / "a", RepoSpec(people)), "c1")
    assert sorted((f.manager, f.levels) for f in flags) == [
        ("ann", ("E3", "M3")),
        ("bob", ("E3", "M3")),
    ]
    separate = tmp_path / "b"
    load_org(separate, RepoSpec(people))
    ladder_file = separate / "rubric" / "ladder.yaml"
    ladder_file.write_text(ladder_file.read_text() + "tracks_compare: false\n")
    assert find_outliers(load_repository(separate).org, "c1") == []


def test_an_explanation_in_the_outcomes_marks_the_flag_explained(tmp_path: Path) -> None:
    people = [
        *team_of("ann", "E2", ["high", "high", "high", "high", "mid"]),
        *team_of("bob", "E2", ["mid", "mid", "mid", "mid", "mid", "high"]),
    ]
    other_level = {"outlier_explanations": [{"manager": "ann", "level": "E3", "explanation": "x"}]}
    same = {"outlier_explanations": [{"manager": "ann", "level": "E2", "explanation": "New team."}]}
    flag = find_outliers(
        load_org(tmp_path / "a", RepoSpec(people, outcomes={"c1": other_level})), "c1"
    )[0]
    assert not flag.explained
    flag = find_outliers(load_org(tmp_path / "b", RepoSpec(people, outcomes={"c1": same})), "c1")[0]
    assert flag.explained and flag.explanation == "New team."


def test_calibrated_ratings_replace_proposed_ones(tmp_path: Path) -> None:
    people = [
        *team_of("ann", "E2", ["high", "high", "high", "high", "mid"]),
        *team_of("bob", "E2", ["mid", "mid", "mid", "mid", "mid", "high"]),
    ]
    outcomes = {
        "c1": {
            "ratings": [{"person": f"ann-{i}", "rating": "mid", "rationale": "x"} for i in range(3)]
        }
    }
    spec = RepoSpec(
        people, cycles={"c1": cycle("2025-01-01", "2025-06-30", "closed")}, outcomes=outcomes
    )
    assert find_outliers(load_org(tmp_path, spec), "c1") == []


def test_without_a_high_rating_in_the_rubric_nothing_runs(tmp_path: Path) -> None:
    people = [
        *team_of("ann", "E2", ["high", "high", "top", "high", "high"]),
        *team_of("bob", "E2", ["mid", "mid", "mid", "mid", "mid"]),
    ]
    spec = RepoSpec(people)
    del spec.rules["high_rating"]
    assert find_outliers(load_org(tmp_path, spec), "c1") == []
