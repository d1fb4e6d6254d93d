"""The demo's pipeline: the planted candidate without a case is found, the near miss is not.

Lena Hoffmann (promoted one cycle ago) has no case and a Meets proposal, but
three peers from other teams name specific results: the pipeline must list
her. Chloe Nguyen, promoted at the same time, is the near miss: two such
peers (one short) and a manager who writes she is *not* close to the next
level. The issue's own examples, a manager writing "close to L5" and an
engineer with strong above-level work, are found too. ``calib demo generate``
plants both kinds in the orgs it writes.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from calibration.analysis import analyze_cycle
from calibration.analysis.cycle import flag_context
from calibration.analysis.pipeline import PIPELINE_RULES, PipelineContext
from calibration.demo import generate_org
from calibration.load.repository import load_repository
from calibration.model import Org
from calibration.validate import validate_repository

ROOT = Path(__file__).parents[2]
CANDIDATE, NEAR_MISS = "lena-hoffmann", "chloe-nguyen"

pytestmark = pytest.mark.skipif(
    not (ROOT / "people" / "teams.yaml").is_file(), reason="the demo data is not in this checkout"
)


@pytest.fixture(scope="module")
def demo() -> tuple[Org, str]:
    org = load_repository(ROOT).org
    current = org.current_cycle()
    assert current is not None
    return org, current.id


def _rule(org: Org, cycle_id: str, rule: str, handle: str) -> object:
    """Run one rule on one person with the org's settings (``org`` may be adjusted)."""
    ctx = PipelineContext(flag_context(org, org.cycles[cycle_id]), org.settings.pipeline)
    prefill = org.prefills[(handle, cycle_id)]
    level = org.ladder.level(org.people[handle].level)
    assert level is not None
    return PIPELINE_RULES[rule].check(ctx, prefill, level)


def test_the_planted_candidate_is_found(demo: tuple[Org, str]) -> None:
    org, cycle_id = demo
    found = analyze_cycle(org, cycle_id).suggestions
    assert org.prefills[(CANDIDATE, cycle_id)].promotion is None
    assert "peers-above-level" in found[CANDIDATE].rules
    assert found[CANDIDATE].target == "L5"
    cited = found[CANDIDATE].signals[0].cited
    assert len(cited) == 3 and all(c.kind == "peer_observations" for c in cited)


def test_the_near_miss_is_not_listed(demo: tuple[Org, str]) -> None:
    org, cycle_id = demo
    assert NEAR_MISS not in analyze_cycle(org, cycle_id).suggestions
    # ... although it is near: one more peer, or no negation, and it would be listed
    assert _rule(org, cycle_id, "peers-above-level", NEAR_MISS) is None
    assert _rule(org, cycle_id, "manager-words", NEAR_MISS) is None
    looser = replace(org.settings, pipeline=replace(org.settings.pipeline, peers_above_level=2))
    assert _rule(replace(org, settings=looser), cycle_id, "peers-above-level", NEAR_MISS)
    plain = replace(org.settings, pipeline=replace(org.settings.pipeline, negations=()))
    assert _rule(replace(org, settings=plain), cycle_id, "manager-words", NEAR_MISS)


def test_the_issue_examples_are_found(demo: tuple[Org, str]) -> None:
    org, cycle_id = demo
    found = analyze_cycle(org, cycle_id).suggestions
    assert {"manager-words", "case-to-revisit"} <= set(found["grace-adeyemi"].rules)
    assert "omar-farouk" in found


def test_the_demo_still_validates_without_errors() -> None:
    errors = [d for d in validate_repository(load_repository(ROOT)) if d.severity == "error"]
    assert errors == []


def test_generated_orgs_plant_candidates_and_near_misses(tmp_path: Path) -> None:
    root = generate_org(tmp_path / "org", people=60, seed=11).root
    org = load_repository(root, cache=False).org
    current = org.current_cycle()
    assert current is not None
    found = analyze_cycle(org, current.id).suggestions
    files = org.prefills_for(current.id)
    planted = [p.handle for p in files if " is close to " in p.uncertainty]
    misses = [p.handle for p in files if " is not close to " in p.uncertainty]
    assert planted and misses
    assert all("manager-words" in found[h].rules for h in planted)
    assert all(h not in found or "manager-words" not in found[h].rules for h in misses)
