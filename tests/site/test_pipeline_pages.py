"""Who sees the pipeline's suggestions, the grid and the time-at-level lists.

Suggestions are per person and only for audiences that may see that person's
promotion cases: the room and the person's management chain, never ``org``.
The grid and the lists of people stalled or moving fast are the room's alone.
The render tests use the real analysis of ``fixtures/analysis``; the build
tests plant a marker inside the words a suggestion quotes and look for it in
every file of real builds, as the leak test does.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from analysis_site import FIXTURE, analysis_pages, context
from site_helpers import copy_fixture, edit_yaml, mkdocs_build, site_files

LANE_TREE = {"a1", "a2", "a3", "a4", "a5", "a6", "e1"}
PLANTED = {"a3": "lane", "b3": "moss"}  # people without a case whose manager says "close to G3"
ROOM_ONLY = ("## Rating against readiness", "## Time at level", "calib-grid", "Moving fast")


@pytest.fixture(scope="module")
def org_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The analysis fixture with two planted suggestions, in and out of lane's tree."""
    root = tmp_path_factory.mktemp("pipeline-render") / "org"
    shutil.copytree(FIXTURE, root)
    for handle in PLANTED:

        def change(data: dict[str, Any]) -> None:
            data["uncertainty"] = "Close to G3 in my view; nobody has written the case yet."

        edit_yaml(root / "people" / handle / "h2.yaml", change)
    return root


def _suggested(body: str) -> set[str]:
    """Handles of the people listed under "Without a case" on a page."""
    if "Without a case, suggested by the record" not in body:
        return set()
    section = body.split("Without a case, suggested by the record", 1)[1].split("\n## ", 1)[0]
    return set(
        re.findall(r'data-calib-kind="promotion_cases" data-calib-person="([^"]+)"', section)
    )


def test_the_room_sees_every_suggestion_the_grid_and_the_lists(org_root: Path) -> None:
    ctx = context("calibration", org_root)
    expected = set(ctx.analysis("h2").suggestions)
    assert set(PLANTED) <= expected and expected - LANE_TREE
    pages = analysis_pages(ctx)
    body = pages["cycles/h2/promotions.md"].body
    assert _suggested(body) == expected
    assert _suggested(pages["cycles/h2/agenda.md"].body) == expected
    for text in ROOM_ONLY:
        assert text in body
    assert '<svg class="calib-chart calib-grid" role="img" aria-label=' in body
    grid = body.split("## Rating against readiness", 1)[1].split("\n## ", 1)[0]
    assert "<table" in grid and "<caption>" in grid  # the chart's text alternative


def test_a_manager_sees_suggestions_about_their_tree_only(org_root: Path) -> None:
    expected = set(context("calibration", org_root).analysis("h2").suggestions) & LANE_TREE
    pages = analysis_pages(context("manager:lane", org_root))
    assert "a3" in expected
    assert _suggested(pages["cycles/h2/promotions.md"].body) == expected
    for path, page in pages.items():
        assert _suggested(page.body) <= LANE_TREE, path
        assert "b3" not in _suggested(page.body), path
        for text in ROOM_ONLY:
            assert text not in page.body, f"{path} shows the room's {text}"


def test_the_org_never_sees_a_suggestion(org_root: Path) -> None:
    for path, page in analysis_pages(context("org", org_root)).items():
        assert "Without a case" not in page.body, path
        assert "calib-signals" not in page.body, path
        for text in ROOM_ONLY:
            assert text not in page.body, path


ANN_TREE = {"eng-bo", "eng-cy", "eng-di"}
MARKERS = {"eng-bo": "zqpipebo", "eng-fu": "zqpipefu"}


def _close_to_next_level(root: Path, handle: str) -> None:
    def change(data: dict[str, Any]) -> None:
        data.pop("promotion", None)
        # a rating the room would not challenge, so the build has no error to stop on
        data["proposed_rating"] = "at"
        data["uncertainty"] = f"Close to E3 in my view {MARKERS[handle]}, yet nobody wrote a case."

    edit_yaml(root / "people" / handle / "second.yaml", change)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_fixture(tmp_path_factory.mktemp("pipeline") / "org")
    for handle in MARKERS:
        _close_to_next_level(root, handle)
    return root


def _build(root: Path, audience: str, out: Path) -> dict[str, str]:
    site = mkdocs_build(root, audience, out, strict=True, validation_warnings="info")
    return {path.relative_to(site).as_posix(): body for path, body in site_files(site)}


def _promotions(files: dict[str, str]) -> str:
    return files["cycles/second/promotions/index.html"]


@pytest.mark.slow
def test_built_sites_hold_suggestions_only_where_they_may(planted: Path, tmp_path: Path) -> None:
    room = _build(planted, "calibration", tmp_path / "cal")
    assert all(marker in _promotions(room) for marker in MARKERS.values())
    assert "Rating against readiness" in _promotions(room)

    ann = _build(planted, "manager:mgr-ann", tmp_path / "ann")
    signals = _promotions(ann).split('class="calib-signals"', 1)[1]
    assert MARKERS["eng-bo"] in signals
    assert not any(MARKERS["eng-fu"] in body for body in ann.values())
    assert not any("Rating against readiness" in body for body in ann.values())

    org = _build(planted, "org", tmp_path / "org")
    for path, body in org.items():
        assert not any(marker in body for marker in MARKERS.values()), path
        assert "calib-signals" not in body and "Without a case" not in body, path
