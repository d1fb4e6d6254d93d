"""Golden pages of a ladder unlike the demo's: two tracks, sparse cells, a scale where 1 is best.

The fixture (tests/fixtures/ladders/two-track) has levels such as ``IC3``,
``M4`` and ``1.1``, dimensions limited to one track, several expectations per
cell, a cumulative ladder and a lower-is-better scale. Its ladder page and team
comparison are rendered with the real judgement aids and pinned as golden files.
"""

from __future__ import annotations

import pytest
from site_helpers import REPO_ROOT, check_golden

from calibration.analysis.cycle import analyze_cycle
from calibration.audience import resolve_audience
from calibration.load.repository import load_repository
from calibration.site.context import SiteContext
from calibration.site.pages.comparison import render_comparison
from calibration.site.pages.overview import render_ladder

FIXTURE = REPO_ROOT / "tests" / "fixtures" / "ladders" / "two-track"
AUDIENCES = ("calibration", "org", "manager:rahul-verma")


def _context(audience: str) -> SiteContext:
    org = load_repository(FIXTURE).org
    cycle = org.current_cycle()
    assert cycle is not None
    return SiteContext(
        org=org,
        audience=resolve_audience(org, audience),
        cycle=cycle,
        analyses={c: analyze_cycle(org, c) for c in org.cycles},
    )


def _name(audience: str, page: str) -> str:
    return f"two-track/{audience.replace(':', '-')}/{page}"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_ladder_page(audience: str) -> None:
    page = render_ladder(_context(audience))
    check_golden(_name(audience, page.path), page.body)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_team_comparison(audience: str) -> None:
    ctx = _context(audience)
    assert ctx.cycle is not None
    page = render_comparison(ctx, ctx.cycle)
    check_golden(_name(audience, page.path), page.body)


def test_ladder_page_shows_every_level_track_and_gap_of_this_ladder() -> None:
    ctx = _context("org")
    body = render_ladder(ctx).body
    for level in ctx.org.ladder.levels:
        assert level.name in body, level.id
    for track in ctx.org.ladder.tracks:
        assert track.name in body, track.id
    assert "Not expected at this level" in body  # sparse cells say so, never blank
