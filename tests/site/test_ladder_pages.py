"""A page per level and per dimension, and an overview matrix only where it fits.

Small ladders (the fixture org, the two-track one) keep their overview table and
gain a page per level and per dimension, pinned as golden files. A ladder of 12
levels and 23 dimensions, generated here, gets no overview table: its ladder page
links the level and dimension pages instead, and a real ``mkdocs build --strict``
builds them for the org and for one engineer's own site.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from site_helpers import FIXTURE, REPO_ROOT, check_golden, mkdocs_build

from calibration.audience import resolve_audience
from calibration.load.repository import load_repository
from calibration.site.context import Page, SiteContext
from calibration.site.pages.ladder import ladder_pages
from calibration.site.pages.ladder_view import MATRIX_MAX_DIMENSIONS, MATRIX_MAX_LEVELS, matrix_fits
from calibration.site.pages.overview import render_ladder

TWO_TRACK = REPO_ROOT / "tests" / "fixtures" / "ladders" / "two-track"
MATRIX_CAPTION = "What each level is expected to show, per dimension"
LEVEL_IDS = ["E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9", "Staff+", "MGR", "DIR"]


def _context(root: Path, audience: str) -> SiteContext:
    org = load_repository(root).org
    return SiteContext(org=org, audience=resolve_audience(org, audience), cycle=org.current_cycle())


def _pages(root: Path, audience: str) -> dict[str, Page]:
    ctx = _context(root, audience)
    return {page.path: page for page in [render_ladder(ctx), *ladder_pages(ctx)]}


# --- small ladders: goldens -------------------------------------------------------------------

GOLDEN_PAGES = [
    (
        FIXTURE,
        "org",
        ["ladder/levels/E2.md", "ladder/levels/E3.md", "ladder/dimensions/teaching.md"],
    ),
    (
        TWO_TRACK,
        "two-track",
        ["ladder/levels/1.1.md", "ladder/levels/IC3.md", "ladder/dimensions/outcomes.md"],
    ),
]


@pytest.mark.parametrize(("root", "name", "paths"), GOLDEN_PAGES, ids=["org", "two-track"])
def test_level_and_dimension_pages(root: Path, name: str, paths: list[str]) -> None:
    pages = _pages(root, "org")
    for path in paths:
        page = pages[path]
        dump = f"title: {page.title}\nnav: {page.nav}\n---\n{page.body}"
        check_golden(f"ladder-pages/{name}/{path.removeprefix('ladder/')}", dump)


@pytest.mark.parametrize(
    ("root", "audiences"),
    [
        (FIXTURE, ["calibration", "manager:mgr-ann", "person:eng-bo"]),
        (TWO_TRACK, ["calibration", "manager:rahul-verma"]),
    ],
    ids=["org", "two-track"],
)
def test_the_pages_are_the_same_for_every_audience(root: Path, audiences: list[str]) -> None:
    public = _pages(root, "org")
    for audience in audiences:
        assert _pages(root, audience) == public, audience


def test_small_ladders_keep_their_overview_table() -> None:
    for root in (FIXTURE, TWO_TRACK):
        ladder = load_repository(root).org.ladder
        assert all(matrix_fits(ladder, t.id) for t in ladder.tracks) or matrix_fits(ladder, None)
        assert MATRIX_CAPTION in render_ladder(_context(root, "org")).body


def test_new_is_what_the_level_below_does_not_expect() -> None:
    pages = _pages(FIXTURE, "org")
    e3 = pages["ladder/levels/E3.md"].body
    # E2 listed craft items that E3 does not repeat: a non-cumulative ladder says so
    assert "Listed at E2 Journeyer, not here (2)" in e3
    assert '<strong class="calib-new">New</strong> Grows other engineers.' in e3
    first = pages["ladder/levels/E1.md"].body
    assert "calib-new" not in first  # nothing to compare the first level with
    assert "Its track starts here" in first


# --- a big ladder -----------------------------------------------------------------------------


def big_ladder() -> dict[str, Any]:
    """12 levels and 23 dimensions, with the fixture org's level and dimension ids among them."""
    levels = [
        {"id": level_id, "name": f"Step {order}", "order": order}
        for order, level_id in enumerate(LEVEL_IDS, start=1)
    ]
    names = ["Craft", "Reach", "Teaching", "\U0001f680 Launches"]
    dimensions = [
        {"id": "craft", "name": "Craft", "counts_as": "delivery"},
        {"id": "reach", "name": "Reach", "counts_as": "impact"},
        {"id": "teaching", "name": "Teaching", "counts_as": "impact"},
    ] + [{"id": f"d{n:02d}", "name": names[3] if n == 4 else f"Skill {n}"} for n in range(4, 24)]
    expectations = []
    for step, level in enumerate(LEVEL_IDS, start=1):
        for index, dim in enumerate(dimensions):
            if (step + index) % 4 == 0:
                continue  # sparse, as real ladders are
            expectations.append(
                {"level": level, "dimension": dim["id"], "text": f"{dim['id']} at step {step}."}
            )
            if step > 1:  # the level below's expectation, restated: not new
                expectations.append(
                    {"level": level, "dimension": dim["id"], "text": f"{dim['id']} at step 1."}
                )
    return {
        "version": "1",
        "name": "Big ladder",
        "levels": levels,
        "dimensions": dimensions,
        "expectations": expectations,
    }


@pytest.fixture
def big_repo(tmp_path: Path) -> Path:
    """The fixture org with the big ladder and no cycle (so only the ladder is at stake)."""
    root = Path(shutil.copytree(FIXTURE, tmp_path / "big"))
    shutil.rmtree(root / "cycles")
    for cycle_file in (root / "people").glob("*/*.yaml"):
        if cycle_file.name != "person.yaml":
            cycle_file.unlink()
    text = yaml.safe_dump(big_ladder(), sort_keys=False, allow_unicode=True)
    (root / "rubric" / "ladder.yaml").write_text(text, encoding="utf-8")
    return root


def test_a_big_ladder_links_level_and_dimension_pages_instead_of_one_table(big_repo: Path) -> None:
    pages = _pages(big_repo, "org")
    overview = pages["ladder.md"].body
    assert MATRIX_CAPTION not in overview
    assert (
        f"12 levels and 23 dimensions are more than one table can show (this site draws one "
        f"for at most {MATRIX_MAX_LEVELS} levels and {MATRIX_MAX_DIMENSIONS} dimensions)"
    ) in overview
    levels = [p for p in pages if p.startswith("ladder/levels/")]
    dimensions = [p for p in pages if p.startswith("ladder/dimensions/")]
    assert len(levels) == 12 and len(dimensions) == 23
    assert "ladder/levels/staff.md" in levels  # an id that is no file name gets one
    for path in [*levels, *dimensions]:
        target = path.removeprefix("ladder/").removesuffix(".md") + "/"
        assert f'href="{target}"' in overview, path
    # the widest table of any ladder page has a handful of columns, whatever the ladder's size
    widest = max(len(re.findall(r'scope="col"', t)) for p in pages.values() for t in _tables(p))
    assert widest <= 5


def _tables(page: Page) -> list[str]:
    return re.findall(r"<table.*?</table>", page.body, re.S)


def test_the_navigation_lists_levels_then_dimensions_under_the_ladder(big_repo: Path) -> None:
    pages = list(_pages(big_repo, "org").values())
    navs = [p.nav for p in pages]
    assert navs[0] == ("Ladder", "Overview")
    assert [n[2] for n in navs if n and n[1] == "Levels"] == [
        *(f"{lid} Step {n}" for n, lid in enumerate(LEVEL_IDS[:9], start=1)),
        "Staff+ Step 10",
        "MGR Step 11",
        "DIR Step 12",
    ]
    dims = [n[2] for n in navs if n and n[1] == "Dimensions"]
    assert dims[:4] == ["Craft", "Reach", "Teaching", "Launches"] and len(dims) == 23


def test_a_big_ladders_level_page(big_repo: Path) -> None:
    page = _pages(big_repo, "org")["ladder/levels/E5.md"]
    assert page.title == "Level E5 Step 5"
    body = page.body
    assert 'Compared with <a href="../E4/">E4 Step 4</a>' in body
    assert '<strong class="calib-new">New</strong> reach at step 5.' in body
    assert "<li>reach at step 1.</li>" in body  # restated from the level below: not new
    assert '<strong class="calib-new">New</strong> craft at step 1.' in body  # E4 had no craft
    assert "Listed at E4 Step 4, not here (1)</summary><ul><li>reach at step 4.</li>" in body
    assert "\U0001f680 Launches" in body  # names keep their emoji inside the page


@pytest.mark.slow
@pytest.mark.parametrize("audience", ["org", "person:eng-bo"])
def test_a_big_ladder_builds_strict(big_repo: Path, tmp_path: Path, audience: str) -> None:
    site = mkdocs_build(big_repo, audience, tmp_path / "site")
    overview = (site / "ladder" / "index.html").read_text(encoding="utf-8")
    assert MATRIX_CAPTION not in overview
    for level in ("E1", "E5", "staff", "DIR"):
        html = (site / "ladder" / "levels" / level / "index.html").read_text(encoding="utf-8")
        assert "Expected at this level" in html
    for dim in ("craft", "d04", "d23"):
        html = (site / "ladder" / "dimensions" / dim / "index.html").read_text(encoding="utf-8")
        assert "What is expected" in html
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', overview, re.S)
    assert nav is not None
    labels = re.findall(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', nav.group(0), re.S)
    seq = labels[labels.index("Ladder") :]
    assert seq[:2] == ["Ladder", "Overview"]
    assert seq[seq.index("E1 Step 1") - 1] == "Levels"
    last = seq.index("DIR Step 12")
    assert seq[last + 1 : last + 3] == ["Dimensions", "Craft"]


HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def test_hostile_ladder_text_stays_text(big_repo: Path) -> None:
    path = big_repo / "rubric" / "ladder.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["levels"][4]["name"] = f"Step 5 {HOSTILE}"
    data["levels"][4]["summary"] = HOSTILE
    data["dimensions"][5]["name"] = f"Skill {HOSTILE}"
    data["dimensions"][5]["description"] = HOSTILE
    data["expectations"][0]["text"] = HOSTILE
    data["expectations"][0]["examples"] = [HOSTILE]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    pages = _pages(big_repo, "org")
    for page in pages.values():
        assert "<script" not in page.body and "<img" not in page.body, page.path
        assert "<" not in page.title and all("<" not in label for label in page.nav or ())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["ladder/levels/E5.md"].body
