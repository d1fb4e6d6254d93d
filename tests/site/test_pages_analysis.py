"""Golden tests of the analysis pages, per audience, and what each audience must (not) get.

The analysis is the real one (``analyze_cycle``) over ``fixtures/analysis``.
Set ``CALIB_UPDATE_GOLDEN=1`` to rewrite the golden files instead of comparing.
"""

from __future__ import annotations

import os
import re

import pytest
from analysis_site import MARKER, analysis_pages, context, golden_dir, golden_text

from calibration.analysis import OutlierFlag
from calibration.site.pages.comparison import render_outlier

AUDIENCES = ("calibration", "org", "manager:lane")
UPDATE = os.environ.get("CALIB_UPDATE_GOLDEN") == "1"
ENGINEERS = ("Ari Quill", "Cy Tamm", "Ha Zell", "Io Abbot", "Oz Gale", "Ty Lowe", "Uma Marr")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pages_match_golden_files(audience: str) -> None:
    pages = analysis_pages(context(audience))
    folder = golden_dir(audience)
    if UPDATE:
        for path, page in pages.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(golden_text(page), encoding="utf-8")
    expected = {p.relative_to(folder).as_posix() for p in folder.rglob("*.md")}
    assert set(pages) == expected, "pages appeared or vanished; CALIB_UPDATE_GOLDEN=1 rewrites"
    for path, page in pages.items():
        golden = (folder / path).read_text(encoding="utf-8")
        assert golden_text(page) == golden, f"{audience}: {path} differs from its golden file"


def test_each_audience_gets_the_pages_it_may_see() -> None:
    calibration = analysis_pages(context("calibration"))
    org = analysis_pages(context("org"))
    manager = analysis_pages(context("manager:lane"))
    for cycle in ("h1", "h2"):
        for name in ("comparison", "invisible-work", "promotions"):
            path = f"cycles/{cycle}/{name}.md"
            assert path in calibration and path in org and path in manager
        assert f"cycles/{cycle}/agenda.md" in calibration
        assert f"cycles/{cycle}/agenda.md" not in org and f"cycles/{cycle}/agenda.md" not in manager
    cases = {p for p in calibration if "/promotions/" in p}
    assert cases == {f"cycles/h2/promotions/{h}.md" for h in ("a1", "b1", "d1")} | {
        f"cycles/h1/promotions/{h}.md" for h in ("a2", "b2")
    }
    assert not [p for p in org if "/promotions/" in p]
    assert {p for p in manager if "/promotions/" in p} == {
        "cycles/h2/promotions/a1.md",
        "cycles/h1/promotions/a2.md",
    }


def test_only_the_current_cycle_is_in_the_nav() -> None:
    pages = analysis_pages(context("calibration"))
    assert pages["cycles/h2/comparison.md"].nav == ("Team comparison",)
    assert pages["cycles/h1/comparison.md"].nav is None
    assert all(page.nav is None for path, page in pages.items() if "/promotions/" in path)


def test_org_pages_hold_no_individual_rating_evidence_or_case() -> None:
    pages = analysis_pages(context("org"))
    for path, page in pages.items():
        assert "data-calib-" not in page.body, path
        assert not MARKER.search(page.body), path
        assert "people/" not in page.body, f"{path} links to a person page"
        assert "/promotions/" not in page.body.replace('/promotions/"', ""), path
        for name in ENGINEERS:
            assert name not in page.body, f"{path} names {name}"
    # The one person named: an approved promotion of the closed cycle.
    assert "Bo Rask" in pages["cycles/h1/promotions.md"].body
    assert "Bo Rask" not in pages["cycles/h2/promotions.md"].body
    assert "once the cycle is closed" in pages["cycles/h2/promotions.md"].body


def test_manager_pages_show_their_tree_in_full_and_nobody_else() -> None:
    pages = analysis_pages(context("manager:lane"))
    body = pages["cycles/h2/comparison.md"].body
    assert 'data-calib-person="a1"' in body and "Ari Quill" in body
    people = set(
        re.findall(r'data-calib-person="([^"]+)"', "".join(p.body for p in pages.values()))
    )
    assert people <= {"a1", "a2", "a3", "a4", "a5", "a6", "e1"}
    everything = "".join(p.body for p in pages.values())
    tree = ("a1", "a2", "a3", "a4", "a5", "a6", "e1")
    for found in re.findall(r"qz(?:ev|un|gap|sa|iw)-([a-z0-9]+)-", everything):
        assert found in tree, f"confidential text of {found} on a manager:lane page"
    for found in re.findall(r"people/([a-z0-9]+)/h[12]/", everything):
        assert found in tree, f"link to the page of {found}"


def test_the_lenient_manager_is_an_outlier_with_its_reason() -> None:
    body = analysis_pages(context("calibration"))["cycles/h2/comparison.md"].body
    outliers = body[body.index("Outliers at this level") :]
    assert "Lane Orr" in outliers and "lenient" in outliers
    assert "5 of 6 (83%) rated Over the bar or above" in outliers
    assert "against 2 of 12 (17%) for the other managers" in outliers
    assert "about 1 time in 78 (p = 0.013)" in outliers
    assert "Not explained yet" in outliers
    # Nobody else is flagged at G2 or elsewhere: ordinary variation stays quiet.
    assert body.count("(lenient") + body.count("(harsh") == 1
    # An outlier compares one manager with every other manager's people, so only the
    # room that sees every rating reads it: not the org, not a director above the
    # manager, not the manager herself.
    assert (
        "Outliers at this level"
        not in analysis_pages(context("manager:quinn"))["cycles/h2/comparison.md"].body
    )
    assert (
        "Outliers at this level"
        not in analysis_pages(context("org"))["cycles/h2/comparison.md"].body
    )
    assert (
        "Outliers at this level"
        not in analysis_pages(context("manager:lane"))["cycles/h2/comparison.md"].body
    )


def test_an_explained_outlier_quotes_the_recorded_explanation() -> None:
    ctx = context("calibration")
    cycle = ctx.org.cycles["h1"]
    flag = OutlierFlag("lane", "G2", 4, 5, 1, 9, 0.02, "lenient", True, "Two <b>strong</b> cases.")
    text = render_outlier(ctx, cycle, flag)
    assert "Explained in the outcomes: <q>Two &lt;b&gt;strong&lt;/b&gt; cases.</q>" in text
    assert "Not explained yet" not in text
    assert 'data-calib-kind="flags" data-calib-person="lane"' in text


def test_pipeline_orders_cases_by_readiness_and_case_pages_map_expectations() -> None:
    pages = analysis_pages(context("calibration"))
    pipeline = pages["cycles/h2/promotions.md"].body
    assert pipeline.index("Ha Zell") < pipeline.index("Ari Quill") < pipeline.index("Ty Lowe")
    assert "<strong>Ready</strong>" in pipeline and "<strong>Not yet</strong>" in pipeline
    case = pages["cycles/h2/promotions/b1.md"].body
    assert "This ladder is cumulative" in case
    # Lower grades' expectations are marked with the grade they come from.
    assert "Finishes scoped tickets with tests. <span" in case and "(G1 Grade one)" in case
    assert "Lands work that spans several groups.</li>" in case
    for dimension in ("### Craft", "### Reach", "### Multiplier"):
        assert dimension in case
    assert "qzgap-b1-h2" in case and "Verdict: <strong>strong</strong>" in case
    assert "people/b1/h2.yaml#L" in case, "evidence links to its source line"


def test_invisible_work_lists_items_by_kind_and_who_has_none() -> None:
    pages = analysis_pages(context("calibration"))
    body = pages["cycles/h2/invisible-work.md"].body
    for heading in ("### Docs (2)", "### Mentoring (1)", "### On call (1)", "### Incident (1)"):
        assert heading in body
    nothing = body[body.index("## Nothing recorded") :]
    assert "Ed Voss" in nothing and "Mo Egan" in nothing and "answered none" in nothing
    org = analysis_pages(context("org"))["cycles/h2/invisible-work.md"].body
    assert "Counts by kind and team" in org and "qziw" not in org


def test_agenda_walks_the_five_steps_with_links() -> None:
    body = analysis_pages(context("calibration"))["cycles/h2/agenda.md"].body
    steps = ["## Flags to clear first", "## 1. Peer input", "## 2. Pre-fill review"]
    steps += ["## 3. Cross-team alignment", "## 4. Invisible work", "## 5. Promotion pipeline"]
    positions = [body.index(step) for step in steps]
    assert positions == sorted(positions)
    challenge = body[body.index("### Every Over the bar or above") : body.index("### Rated below")]
    assert "Ha Zell" in challenge and "Best evidence (strong; shows above-level scope)" in challenge
    assert challenge.index("Di Ulm") < challenge.index("Ari Quill"), "the top rating comes first"
    below = body[
        body.index("### Rated below") : body.index("### Rated Over the bar or above on a low")
    ]
    assert "Oz Gale" in below and "No Fenn" in below
    low = body[body.index("### Rated Over the bar or above on a low") : body.index("## 4.")]
    assert "Cy Tamm" in low and "Ha Zell" not in low
    assert "qzun-a1-h2" in body, "every uncertainty is on the agenda"
    assert '<a href="../../../people/a1/h2/">Ari Quill</a>' in body
