"""The release of the demo org: what each audience may see, and that it adds up."""

from __future__ import annotations

from pathlib import Path

import pytest

from calibration.audience import people_in_scope, resolve_audience
from calibration.disclosure import Policy, Table, compute_release
from calibration.load.repository import load_repository
from calibration.model import Org

DEMO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def org() -> Org:
    return load_repository(DEMO).org


def _release(org: Org, audience: str, cycle_id: str):  # type: ignore[no-untyped-def]
    reader = resolve_audience(org, audience)
    scope = people_in_scope(org, reader)
    policy = Policy.for_audience(reader, scope)
    return compute_release(
        org,
        policy,
        org.cycles[cycle_id],
        findings_of=lambda h: h in scope and "findings" in reader.sees,
    )


def _rows(table: Table) -> list:  # type: ignore[type-arg]
    return [*table.shown, *([table.pool] if table.pool else [])]


def _assert_partitions(table: Table) -> None:
    """Shown rows and the combined row add up to the total, rating by rating."""
    assert table.total is not None
    sums = [sum(col) for col in zip(*(c.counts for c in _rows(table)), strict=True)]
    assert tuple(sums) == table.total.counts


def test_the_org_sees_no_distribution_of_the_open_cycle(org: Org) -> None:
    release = _release(org, "org", "2026-h2")
    assert release.ratings == ()
    assert "once it is closed" in release.withheld
    assert release.findings == ()  # counts of findings are for the room


def test_the_org_sees_only_final_ratings_of_a_closed_cycle(org: Org) -> None:
    release = _release(org, "org", "2026-h1")
    assert [r.kind for r in release.ratings] == ["final"]
    final = release.ratings[0]
    _assert_partitions(final.levels)
    policy = release.policy
    for cell in _rows(final.levels):
        assert cell.total >= policy.k and sum(1 for n in cell.counts if n) >= 2
    # Every level shown on its own has a manager table that adds up to the level's row.
    shown = {c.label for c in final.levels.shown}
    assert set(final.by_level) and len(final.by_level) == len(shown)
    for level_id, table in final.by_level.items():
        _assert_partitions(table)
        row = next(c for c in final.levels.shown if c.levels == (level_id,))
        assert table.total is not None and table.total.counts == row.counts


def test_the_homogeneous_junior_level_of_the_closed_cycle_is_not_shown(org: Org) -> None:
    # Every L3 of 2026-h1 was rated Meets: a row "L3: 6 of 6 Meets" would tell each of them.
    final = _release(org, "org", "2026-h1").ratings[0]
    assert all(c.levels != ("L3",) for c in final.levels.shown)
    assert "L3" not in final.by_level


def test_a_manager_sees_the_open_cycle_with_their_tree_subtracted(org: Org) -> None:
    release = _release(org, "manager:kwame-mensah", "2026-h2")
    assert [r.kind for r in release.ratings] == ["proposed"]
    policy = release.policy
    assert policy.visible
    for table in [release.ratings[0].levels, *release.ratings[0].by_level.values()]:
        for cell in _rows(table):
            assert cell.levels is not None


def test_the_room_sees_every_group(org: Org) -> None:
    release = _release(org, "calibration", "2026-h1")
    assert [r.kind for r in release.ratings] == ["proposed", "final"]
    for ratings in release.ratings:
        assert ratings.levels.pool is None and not ratings.levels.small
        assert ratings.levels.total is not None
    assert release.findings == () or all(n > 0 for _, _, n in release.findings)


def test_counts_of_findings_cover_only_people_the_reader_may_see(org: Org) -> None:
    from calibration.validate import validate_repository

    diagnostics = validate_repository(load_repository(DEMO))
    cycle = org.cycles["2026-h2"]
    room = _release_with(org, "calibration", cycle.id, diagnostics)
    assert any(rule == "new-joiner-high" for rule, _, _ in room.findings)
    # The org: no count at all, so "new-joiner-high: 1" cannot meet public start dates.
    assert _release_with(org, "org", cycle.id, diagnostics).findings == ()
    # A manager: findings about their own tree only, and never the outlier comparison.
    mine = _release_with(org, "manager:kwame-mensah", cycle.id, diagnostics)
    tree = {p.handle for p in org.tree("kwame-mensah")}
    assert mine.shown_findings
    for diag in mine.shown_findings:
        assert diag.file.split("/")[1] in tree and diag.rule != "rating-outlier"
    assert sum(n for _, _, n in mine.findings) == len(mine.shown_findings)


def _release_with(org: Org, audience: str, cycle_id: str, diagnostics: list):  # type: ignore[no-untyped-def,type-arg]
    reader = resolve_audience(org, audience)
    scope = people_in_scope(org, reader)
    return compute_release(
        org,
        Policy.for_audience(reader, scope),
        org.cycles[cycle_id],
        findings_of=lambda h: h in scope and "findings" in reader.sees,
        current=True,
        diagnostics=diagnostics,
    )
