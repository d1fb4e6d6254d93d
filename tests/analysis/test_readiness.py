"""Promotion readiness on planted cases: ready, close and not yet, with their reasons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis_builder import STRONG, WEAK, Planted, RepoSpec, load_org, prefill

from calibration.analysis import analyze_cycle

ADEQUATE = "I cut deploy time from 40 to 8 minutes."  # no scope, no above-level language
SPECIFIC = [
    {
        "observer": "zed",
        "dimension": "reach",
        "observation": "Our deploys went from 40 to 8 minutes.",
    },
    {
        "observer": "mia",
        "dimension": "craft",
        "observation": "Thanks to her pipeline we ship daily.",
    },
]
VAGUE = [
    {"observer": "zed", "dimension": "reach", "observation": "Great to work with."},
    {"observer": "mia", "dimension": "craft", "observation": "Very reliable."},
]


def _case(
    handle: str,
    items: list[tuple[str, str]],
    peers: list[dict[str, Any]],
    target: str = "E3",
    level: str = "E2",
) -> Planted:
    evidence = [{"id": f"e{i}", "dimension": d, "statement": s} for i, (d, s) in enumerate(items)]
    body = prefill(
        "mid",
        evidence=evidence,
        peer_observations=peers,
        promotion={
            "target_level": target,
            "evidence": [e["id"] for e in evidence],
            "gap": "A second cross-team project.",
        },
    )
    return Planted(handle, level=level, files={"c1": body})


def test_ready_close_and_not_yet(tmp_path: Path) -> None:
    people = [
        _case("ready", [("craft", STRONG), ("reach", STRONG)], SPECIFIC),
        _case("close", [("craft", STRONG), ("reach", ADEQUATE)], SPECIFIC),
        _case("notyet", [("craft", WEAK), ("reach", ADEQUATE)], VAGUE),
    ]
    spec = RepoSpec(people)
    spec.rules["strong_evidence_for_high"] = 2
    readiness = analyze_cycle(load_org(tmp_path, spec), "c1").readiness
    assert {h: r.status for h, r in readiness.items()} == {
        "ready": "ready",
        "close": "close",
        "notyet": "not-yet",
    }
    ready = readiness["ready"]
    assert (ready.current_level, ready.target_level) == ("E2", "E3")
    assert ready.covered == (("craft", "strong"), ("reach", "strong"))
    assert (ready.peer_corroboration, ready.peer_total, ready.strong_above) == (2, 2, 2)
    assert ready.gap == "A second cross-team project."
    assert ready.reasons[-1] == "stated gap: A second cross-team project."
    close = readiness["close"]
    assert any("1 strong above-level item(s) cited; 2 needed" in r for r in close.reasons)
    notyet = readiness["notyet"]
    assert any("no adequate or strong evidence for: craft" in r for r in notyet.reasons)
    assert any("0 of 2 peer observation(s)" in r for r in notyet.reasons)


def test_expectations_are_cumulative_for_the_target_level(tmp_path: Path) -> None:
    org = load_org(tmp_path, RepoSpec([_case("ann", [("craft", STRONG)], SPECIFIC)]))
    case = analyze_cycle(org, "c1").readiness["ann"]
    assert dict(case.expectations) == {
        "craft": ("Finishes small tasks.", "Owns whole features."),
        "reach": ("Measures results.", "Changes outcomes across teams."),
    }
    assert case.covered == (("craft", "strong"), ("reach", ""))


def test_peers_on_other_dimensions_do_not_count_when_tagged(tmp_path: Path) -> None:
    peers = [{"observer": "zed", "dimension": "reach", "observation": "Cut our pages from 9 to 2."}]
    org = load_org(tmp_path, RepoSpec([_case("ann", [("craft", STRONG)], peers)]))
    case = analyze_cycle(org, "c1").readiness["ann"]
    assert (case.peer_corroboration, case.peer_total) == (0, 0)


def test_untagged_peers_all_count(tmp_path: Path) -> None:
    peers = [{"observer": "zed", "observation": "Cut our pages from 9 to 2."}]
    org = load_org(tmp_path, RepoSpec([_case("ann", [("craft", STRONG)], peers)]))
    case = analyze_cycle(org, "c1").readiness["ann"]
    assert (case.peer_corroboration, case.peer_total) == (1, 1)


def test_a_case_without_evidence_or_with_a_target_below_is_not_yet(tmp_path: Path) -> None:
    people = [
        _case("empty", [], SPECIFIC),
        _case("down", [("craft", STRONG), ("reach", STRONG)], SPECIFIC, target="E1"),
    ]
    readiness = analyze_cycle(load_org(tmp_path, RepoSpec(people)), "c1").readiness
    assert readiness["empty"].status == "not-yet"
    assert readiness["empty"].reasons[0] == "the case cites no evidence"
    assert readiness["down"].status == "not-yet"
    assert readiness["down"].reasons[0] == "target E1 is not above E2"


def test_no_case_no_readiness_and_unknown_target_is_skipped(tmp_path: Path) -> None:
    people = [
        Planted("plain", files={"c1": prefill("mid")}),
        _case("ghost", [("craft", STRONG)], SPECIFIC, target="E9"),
    ]
    assert analyze_cycle(load_org(tmp_path, RepoSpec(people)), "c1").readiness == {}


def test_analysis_of_an_unknown_cycle_is_empty(tmp_path: Path) -> None:
    org = load_org(tmp_path, RepoSpec([Planted("ann", files={"c1": prefill("mid")})]))
    analysis = analyze_cycle(org, "nope")
    assert (analysis.assessments, analysis.flags, analysis.readiness) == ({}, [], {})
