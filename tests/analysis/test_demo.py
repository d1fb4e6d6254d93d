"""The demo organisation's planted stories are surfaced by the aids and by ``calib validate``.

The demo data plants a lenient manager, a high rating resting on weak evidence
and a strong promotion case in the cycle under calibration; these checks find
them from the data, without naming anyone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from calibration.analysis import analyze_cycle
from calibration.load.repository import load_repository
from calibration.model import Org
from calibration.validate import validate_repository

ROOT = Path(__file__).parents[2]

pytestmark = pytest.mark.skipif(
    not (ROOT / "people" / "teams.yaml").is_file(), reason="the demo data is not in this checkout"
)


@pytest.fixture(scope="module")
def demo() -> tuple[Org, str]:
    org = load_repository(ROOT).org
    current = org.current_cycle()
    assert current is not None
    return org, current.id


def test_a_lenient_manager_is_flagged(demo: tuple[Org, str]) -> None:
    org, cycle_id = demo
    lenient = [f for f in analyze_cycle(org, cycle_id).outliers if f.direction == "lenient"]
    print(
        "\nlenient:", [(f.manager, f.level, f.high, f.total, round(f.p_value, 3)) for f in lenient]
    )
    assert lenient


def test_a_high_rating_on_weak_evidence_is_challenged(demo: tuple[Org, str]) -> None:
    org, cycle_id = demo
    analysis = analyze_cycle(org, cycle_id)
    all_weak = {
        handle
        for handle in {h for h, _ in analysis.assessments}
        if analysis.strength(handle) == "weak"
    }
    challenged = {f.subject for f in analysis.flags if f.id == "high-without-strong"}
    print("\nhigh on weak evidence:", sorted(all_weak & challenged))
    assert all_weak & challenged


def test_a_promotion_case_is_ready_and_a_thin_one_is_not(demo: tuple[Org, str]) -> None:
    org, cycle_id = demo
    readiness = analyze_cycle(org, cycle_id).readiness
    print("\nreadiness:", {h: r.status for h, r in readiness.items()})
    assert "ready" in {r.status for r in readiness.values()}
    assert "not-yet" in {r.status for r in readiness.values()}


def test_validate_reports_them(demo: tuple[Org, str]) -> None:
    found = validate_repository(load_repository(ROOT))
    rules = {d.rule for d in found}
    assert {"rating-outlier", "high-rating-evidence", "weak-evidence"} <= rules
    assert not [d for d in found if "internal error" in d.message]
