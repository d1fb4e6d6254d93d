"""Time at level from the record: approved promotions, ``level_since``, or the start date."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis_builder import Planted, RepoSpec, cycle, default_rules, load_org, prefill

from calibration.analysis.tenure import (
    duration_words,
    fast_reason,
    is_stalled,
    since_words,
    step_words,
    tenure_in,
)
from calibration.load.repository import load_repository
from calibration.model import Org
from calibration.validate import validate_repository

CYCLES = {
    "c1": cycle("2025-01-01", "2025-06-30", "closed"),
    "c2": cycle("2025-07-01", "2025-12-31", "calibration"),
}


def _promoted(handle: str, from_level: str = "E1", to_level: str = "E2") -> dict[str, Any]:
    return {
        "ratings": [{"person": handle, "rating": "mid"}],
        "promotions": [
            {
                "person": handle,
                "from_level": from_level,
                "to_level": to_level,
                "decision": "approved",
            }
        ],
    }


def _org(tmp_path: Path, people: list[Planted], **spec: Any) -> Org:
    return load_org(tmp_path, RepoSpec(people, cycles=CYCLES, **spec))


def test_without_a_promotion_time_counts_from_the_start_date(tmp_path: Path) -> None:
    org = _org(tmp_path, [Planted("ann", start_date="2024-09-02", files={"c2": prefill("mid")})])
    tenure = tenure_in(org, "ann", org.cycles["c2"])
    assert (tenure.level, tenure.since, tenure.basis) == ("E2", "2024-09-02", "start_date")
    # 15 whole months by 2025-12-31; the time touches 3 half-year cycles
    assert (tenure.months, tenure.cycles) == (15, 3)
    assert "upper bound" in since_words(tenure)
    assert duration_words(tenure) == "15 months, 3 cycles"


def test_an_approved_promotion_restarts_the_clock_when_its_cycle_ends(tmp_path: Path) -> None:
    ann = Planted(
        "ann", start_date="2023-01-02", files={"c1": prefill("mid"), "c2": prefill("mid")}
    )
    org = _org(tmp_path, [ann], outcomes={"c1": _promoted("ann")})
    during = tenure_in(org, "ann", org.cycles["c1"])
    assert (during.level, during.basis, during.since) == ("E1", "start_date", "2023-01-02")
    after = tenure_in(org, "ann", org.cycles["c2"])
    assert (after.level, after.basis, after.basis_cycle) == ("E2", "promotion", "c1")
    assert (after.since, after.months, after.cycles) == ("2025-06-30", 6, 1)
    (step,) = after.steps
    assert (step.from_level, step.to_level, step.cycle, step.months) == ("E1", "E2", "c1", 29)
    assert step_words(step) == "E1 to E2 in c1, after 29 months at E1 (counted from the start date)"


def test_level_since_dates_a_level_reached_before_the_record(tmp_path: Path) -> None:
    bea = Planted("bea", start_date="2019-01-07", extra={"level_since": "2024-07-01"})
    cal = Planted(
        "cal",
        start_date="2019-01-07",
        extra={"level_since": "2024-07-01"},
        files={"c1": prefill("mid")},
    )
    org = _org(tmp_path, [bea, cal], outcomes={"c1": _promoted("cal")})
    tenure = tenure_in(org, "bea", org.cycles["c2"])
    assert (tenure.basis, tenure.since, tenure.months) == ("level_since", "2024-07-01", 17)
    assert org.people["bea"].level_since == "2024-07-01"
    # a recorded promotion wins over the date in the file
    assert tenure_in(org, "cal", org.cycles["c2"]).basis == "promotion"
    # and the date is about today's level, not the one held before the promotion
    assert tenure_in(org, "cal", org.cycles["c1"]).basis == "start_date"


def test_level_since_passes_the_schema(tmp_path: Path) -> None:
    good = Planted("ann", extra={"level_since": "2024-07-01"})
    bad = Planted("bob", extra={"level_since": "last spring"})
    root = tmp_path / "repo"
    load_org(root, RepoSpec([good, bad], cycles=CYCLES))
    found = validate_repository(load_repository(root))
    schema = [d.file for d in found if d.rule == "schema"]
    assert schema == ["people/bob/person.yaml"]


def _rules(**pipeline: Any) -> dict[str, Any]:
    return {**default_rules(), "pipeline": pipeline}


def test_stalled_counts_cycles_below_the_career_level(tmp_path: Path) -> None:
    people = [
        Planted("long", start_date="2021-01-04"),
        Planted("senior", level="E3", start_date="2021-01-04"),
        Planted("short", start_date="2024-01-08"),
    ]
    org = _org(tmp_path, people, rules=_rules(stalled_cycles=6, career_level="E3"))
    c2 = org.cycles["c2"]
    stalled = [h for h in ("long", "senior", "short") if is_stalled(org, tenure_in(org, h, c2))]
    assert stalled == ["long"]  # E3 is a career level; "short" has 4 cycles
    org.settings.pipeline.stalled_cycles = 0
    assert not is_stalled(org, tenure_in(org, "long", c2))


def test_moving_fast_is_a_quick_promotion_or_the_pipeline_soon_after_one(tmp_path: Path) -> None:
    quick = Planted("quick", start_date="2024-09-02", files={"c1": prefill("mid")})
    slow = Planted("slow", start_date="2021-01-04", files={"c1": prefill("mid")})
    outcomes = {
        "c1": {
            "ratings": [{"person": h, "rating": "mid"} for h in ("quick", "slow")],
            "promotions": [
                {"person": h, "from_level": "E1", "to_level": "E2", "decision": "approved"}
                for h in ("quick", "slow")
            ],
        }
    }
    org = _org(tmp_path, [quick, slow], outcomes=outcomes, rules=_rules(fast_cycles=2))
    c2 = org.cycles["c2"]
    # quick: 9 months at E1 (2 cycles); slow: 53 months
    assert fast_reason(org, tenure_in(org, "quick", c2)).startswith("promoted from E1 to E2 in c1")
    assert fast_reason(org, tenure_in(org, "slow", c2)) == ""
    # one cycle at E2 and already in the pipeline again
    assert fast_reason(org, tenure_in(org, "slow", c2), "a promotion case") == (
        "a promotion case after 1 cycle(s) at E2"
    )
