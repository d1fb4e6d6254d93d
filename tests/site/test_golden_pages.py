"""Golden tests of the core renderers, one file per page and audience.

The context is built from the fixture org with a hand-made analysis and two
hand-made findings, so these files pin down the rendering (and who sees what)
independently of the judgement aids' wording.
"""

from __future__ import annotations

import pytest
from site_helpers import FIXTURE, check_golden

from calibration.analysis import Assessment, Complexity, CycleAnalysis, Flag, Readiness
from calibration.audience import resolve_audience
from calibration.diagnostics import Diagnostic
from calibration.load.repository import load_repository
from calibration.site.context import Page, SiteContext
from calibration.site.pages.dashboard import render_dashboard
from calibration.site.pages.overview import (
    render_cycles,
    render_ladder,
    render_people_index,
    render_teams,
)
from calibration.site.pages.person import render_person

AUDIENCES = ("calibration", "org", "manager:mgr-ann")


def _analysis() -> dict[str, CycleAnalysis]:
    second = CycleAnalysis(
        cycle="second",
        assessments={
            ("eng-bo", 0): Assessment("x", "strong"),
            ("eng-bo", 1): Assessment("x", "weak", ("scope",), ("Say who was affected.",)),
            ("eng-fu", 0): Assessment("x", "adequate"),
        },
        complexity={"eng-bo": Complexity(3.0, "medium")},
        flags=[
            Flag("rating-jump", "eng-bo", "person", "Rating rose two steps since the last cycle.")
        ],
        readiness={"eng-fu": Readiness("eng-fu", "E2", "E3", "close", ("one gap left",))},
    )
    return {"second": second, "first": CycleAnalysis(cycle="first")}


def _context(audience: str) -> SiteContext:
    repo = load_repository(FIXTURE)
    org = repo.org

    def locate(relpath: str, path: tuple[str | int, ...]) -> int | None:
        doc = repo.documents.get(relpath)
        return doc.locate(path)[0] if doc else None

    return SiteContext(
        org=org,
        audience=resolve_audience(org, audience),
        cycle=org.current_cycle(),
        analyses=_analysis(),
        diagnostics=[
            Diagnostic(
                "people/eng-bo/second.yaml",
                9,
                5,
                "weak-evidence",
                "warning",
                "weak evidence: add scope",
            ),
            Diagnostic(
                "people/eng-fu/second.yaml",
                4,
                3,
                "weak-evidence",
                "warning",
                "weak evidence: add numbers",
            ),
            Diagnostic(
                "rubric/ladder.yaml", 1, 1, "ladder-version", "warning", "ladder version differs"
            ),
        ],
        source_url="https://git.example.com/org/calib/-/blob/main",
        locate=locate,
    )


def _dump(page: Page | None) -> str:
    if page is None:
        return "(no page for this audience)\n"
    return f"path: {page.path}\ntitle: {page.title}\nnav: {page.nav}\n---\n{page.body}"


def _slug(audience: str) -> str:
    return audience.replace(":", "-")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_dashboard(audience: str) -> None:
    ctx = _context(audience)
    for cycle in ctx.cycles_to_render():
        check_golden(
            f"{_slug(audience)}/dashboard-{cycle.id}.md", _dump(render_dashboard(ctx, cycle))
        )


@pytest.mark.parametrize("audience", AUDIENCES)
def test_teams(audience: str) -> None:
    ctx = _context(audience)
    assert ctx.cycle is not None
    check_golden(f"{_slug(audience)}/teams-second.md", _dump(render_teams(ctx, ctx.cycle)))


@pytest.mark.parametrize("audience", AUDIENCES)
def test_people_index(audience: str) -> None:
    ctx = _context(audience)
    assert ctx.cycle is not None
    check_golden(f"{_slug(audience)}/people-second.md", _dump(render_people_index(ctx, ctx.cycle)))


@pytest.mark.parametrize("audience", ("calibration", "manager:mgr-ann"))
@pytest.mark.parametrize("handle, cycle_id", [("eng-bo", "second"), ("eng-cy", "first")])
def test_person(audience: str, handle: str, cycle_id: str) -> None:
    ctx = _context(audience)
    page = render_person(ctx, ctx.org.people[handle], ctx.org.cycles[cycle_id])
    check_golden(f"{_slug(audience)}/person-{handle}-{cycle_id}.md", _dump(page))


def test_ladder_and_cycles_are_the_same_for_every_audience() -> None:
    pages = {a: (render_ladder(_context(a)), render_cycles(_context(a))) for a in AUDIENCES}
    assert len({(ladder.body, cycles.body) for ladder, cycles in pages.values()}) == 1
    ladder, cycles = pages["org"]
    check_golden("ladder.md", _dump(ladder))
    check_golden("cycles.md", _dump(cycles))
