"""The judgement rules inside ``calib validate``: severities, closed cycles, missing settings."""

from __future__ import annotations

from pathlib import Path

from analysis_builder import WEAK, Planted, RepoSpec, cycle, prefill, team_of, write_repo

from calibration.diagnostics import Diagnostic
from calibration.load.repository import load_repository
from calibration.validate import RULES, validate_repository

JUDGEMENT = {r.id for r in RULES.values() if r.group == "judgement"}


def _judged(root: Path, spec: RepoSpec) -> list[Diagnostic]:
    found = validate_repository(load_repository(write_repo(root, spec)))
    assert not [d for d in found if "internal error" in d.message], found
    return [d for d in found if d.rule in JUDGEMENT]


def _thin_high(phase: str) -> RepoSpec:
    weak_items = [
        {"dimension": "craft", "statement": WEAK},
        {"dimension": "reach", "statement": WEAK},
    ]
    people = [Planted("ann", files={"c1": prefill("high", evidence=weak_items)})]
    return RepoSpec(people, cycles={"c1": cycle("2025-01-01", "2025-06-30", phase)})


def test_every_judgement_rule_is_registered_with_a_doc_line() -> None:
    assert {
        "weak-evidence",
        "high-rating-evidence",
        "stale-evidence",
        "rating-outlier",
        "rating-jump",
        "new-joiner-high",
        "low-despite-peers",
        "team-no-invisible-work",
    } == JUDGEMENT
    assert all(RULES[r].doc and "\n" not in RULES[r].doc for r in JUDGEMENT)


def test_high_rating_evidence_is_an_error_only_in_the_room(tmp_path: Path) -> None:
    in_room = _judged(tmp_path / "a", _thin_high("calibration"))
    assert [(d.rule, d.severity) for d in in_room if d.rule == "high-rating-evidence"] == [
        ("high-rating-evidence", "error")
    ]
    before = _judged(tmp_path / "b", _thin_high("prefill"))
    assert [(d.rule, d.severity) for d in before if d.rule == "high-rating-evidence"] == [
        ("high-rating-evidence", "warning")
    ]
    weak = [d for d in before if d.rule == "weak-evidence"]
    assert len(weak) == 1, "one finding per file, listing its weak statements"
    assert "weak evidence in 2 of 2 statements: item 1 lacks" in weak[0].message
    assert "; item 2 lacks" in weak[0].message


def test_a_configured_severity_wins_over_the_escalation(tmp_path: Path) -> None:
    spec = _thin_high("calibration")
    spec.rules["severities"] = {"high-rating-evidence": "warning", "weak-evidence": "off"}
    found = _judged(tmp_path, spec)
    assert [(d.rule, d.severity) for d in found] == [("high-rating-evidence", "warning")]


def test_closed_cycles_only_answer_for_unexplained_outliers(tmp_path: Path) -> None:
    people = [
        *team_of("ann", "E2", ["high", "high", "top", "high", "high"]),
        *team_of("bob", "E2", ["mid", "mid", "high", "mid", "mid", "mid"]),
        *team_of("cat", "E2", ["mid", "high", "mid", "low", "mid", "mid"]),
        *team_of("dan", "E2", ["mid", "mid", "mid", "high", "mid", "mid"]),
    ]
    closed = {"c1": cycle("2025-01-01", "2025-06-30", "closed")}
    ratings = [{"person": p.handle, "rating": p.files["c1"]["proposed_rating"]} for p in people]
    spec = RepoSpec(people, cycles=closed, outcomes={"c1": {"ratings": ratings}})
    found = _judged(tmp_path / "a", spec)
    assert [(d.file, d.rule, d.severity) for d in found] == [
        ("cycles/c1/outcomes.yaml", "rating-outlier", "error")
    ]
    assert "Record an outlier_explanations entry for ann" in found[0].message
    spec.outcomes["c1"]["outlier_explanations"] = [
        {"manager": "ann", "level": "E2", "explanation": "A team of seniors hired this year."}
    ]
    assert _judged(tmp_path / "b", spec) == []


def test_open_cycle_outliers_warn_on_each_high_rating(tmp_path: Path) -> None:
    people = [
        *team_of("ann", "E2", ["high", "high", "top", "high", "mid"]),
        *team_of("bob", "E2", ["mid", "mid", "mid", "mid", "mid", "mid"]),
        *team_of("cat", "E2", ["mid", "mid", "mid", "low", "mid", "mid"]),
    ]
    found = [d for d in _judged(tmp_path, RepoSpec(people)) if d.rule == "rating-outlier"]
    assert [d.file for d in found] == [f"people/ann-{i}/c1.yaml" for i in range(4)]
    assert all(d.severity == "warning" and "4 of 5" in d.message for d in found)


def test_rules_skip_cleanly_when_the_rubric_lacks_their_settings(tmp_path: Path) -> None:
    spec = _thin_high("calibration")
    spec.people.append(Planted("new", start_date="2025-05-01", files={"c1": prefill("high")}))
    for key in ("high_rating", "low_rating"):
        del spec.rules[key]
    found = _judged(tmp_path, spec)
    assert {d.rule for d in found} == {"weak-evidence"}


def test_stale_evidence_counts_days_before_the_cycle_start(tmp_path: Path) -> None:
    items = [
        {"dimension": "craft", "statement": WEAK, "date": "2024-12-01"},  # 31 days before
        {"dimension": "reach", "statement": WEAK, "date": "2024-12-02"},  # 30 days before
    ]
    spec = RepoSpec([Planted("ann", files={"c1": prefill("mid", evidence=items)})])
    stale = [d for d in _judged(tmp_path, spec) if d.rule == "stale-evidence"]
    assert len(stale) == 1 and "dated 2024-12-01, more than 30 days" in stale[0].message
