"""Doubling the org must not more than roughly double the work (counted, never timed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from calibration.load import memo
from calibration.load.repository import load_repository
from calibration.model import Org
from calibration.site.prepare import prepare_site
from calibration.validate import RULES, iter_rules, validate_repository
from calibration.validate.registry import Finding, Rule, rule

from .counting import count_lines

ROUGHLY_DOUBLE = 2.3
"""Allowed growth when the org doubles: linear work grows by about 2 (fixed costs make it less)."""
PER_RULE = 3.0
"""Allowed growth of one rule: its own inputs (say, observations of low-rated people) can grow
faster than the org by chance in a random org, so one rule gets more room than the whole; work
that compares everyone with everyone grows by 4 and is still caught."""
MEANINGFUL = 5000
"""Rules running fewer lines than this at the small size do too little to judge."""


def _validate_work(root: Path) -> tuple[int, int]:
    memo.TABLES.clear()  # remembered verdicts would make the second org cheaper
    repo = load_repository(root, cache=False)
    _, lines = count_lines(lambda: validate_repository(repo))
    return repo.parsed, lines


def _rule_work(root: Path, rules: list[Rule]) -> dict[str, int]:
    """Lines each rule runs on its own (shared analysis is paid by the first rule asking)."""
    memo.TABLES.clear()
    org = load_repository(root, cache=False).org
    work: dict[str, int] = {}
    for checked in rules:
        work[checked.id] = count_lines(lambda: list(checked.check(org)))[1]  # noqa: B023
    return work


def test_validation_work_grows_linearly(org_150: Path, org_300: Path) -> None:
    """Files parsed and lines run by the rules and judgement aids roughly double, no more."""
    parsed_small, work_small = _validate_work(org_150)
    parsed_large, work_large = _validate_work(org_300)
    assert 1.8 < parsed_large / parsed_small < 2.2
    assert work_large / work_small < ROUGHLY_DOUBLE, (work_small, work_large)


def test_each_rule_grows_linearly(org_150: Path, org_300: Path) -> None:
    """Judged rule by rule, so a quadratic rule is not hidden by the others' linear work."""
    rules = list(iter_rules(needs_base=False))
    small, large = _rule_work(org_150, rules), _rule_work(org_300, rules)
    grown = {
        rule_id: round(large[rule_id] / lines, 2)
        for rule_id, lines in small.items()
        if lines >= MEANINGFUL and large[rule_id] / lines >= PER_RULE
    }
    assert not grown, f"work more than doubles with the org: {grown}"


def test_site_work_grows_linearly(org_150: Path, org_300: Path) -> None:
    """Pages rendered for the calibration room, and the lines run for them, roughly double."""
    memo.TABLES.clear()
    small, work_small = count_lines(lambda: prepare_site(org_150, "calibration").all_pages())
    memo.TABLES.clear()
    large, work_large = count_lines(lambda: prepare_site(org_300, "calibration").all_pages())
    assert 1.8 < len(large) / len(small) < 2.2
    assert work_large / work_small < ROUGHLY_DOUBLE, (work_small, work_large)


def test_the_counter_sees_a_quadratic_rule(org_150: Path, org_300: Path) -> None:
    """The measure can fail: a rule comparing every person with every other is caught."""

    def pairs(org: Org) -> Iterator[Finding]:
        people = list(org.people.values())
        for a in people:
            for b in people:
                if a is not b and a.handle == b.handle:
                    yield Finding(a.source, (), "two people share a handle")

    rule("test-quadratic", "warning", "test")(pairs)
    try:
        quadratic = [RULES["test-quadratic"]]
        small, large = _rule_work(org_150, quadratic), _rule_work(org_300, quadratic)
    finally:
        del RULES["test-quadratic"]
    assert small["test-quadratic"] >= MEANINGFUL
    assert large["test-quadratic"] / small["test-quadratic"] > PER_RULE
