"""Helpers of the analysis page tests: contexts built from a fixture with the real judgement aids.

``fixtures/analysis`` is a small valid org with its own vocabulary (grades
G1-G3, ratings "r-low" to "r-top", dimensions craft / reach / multiplier):
manager ``lane`` rates 5 of 6 at G2 high against 2 of 12 for everyone else,
``pike`` has a group of 3 (one below k = 4), three promotion cases of
different readiness, invisible work of several kinds, and every confidential
text carries a unique marker (``qzev-``, ``qzun-``, ``qzob``, ``qzgap-``,
``qzsa-``, ``qziw-``) so tests can tell whether it leaked.
"""

from __future__ import annotations

import re
from pathlib import Path

from calibration.analysis.cycle import analyze_cycle
from calibration.audience import resolve_audience
from calibration.load.repository import load_repository
from calibration.site.context import Page, SiteContext
from calibration.site.pages.agenda import agenda_pages
from calibration.site.pages.comparison import comparison_pages
from calibration.site.pages.invisible import invisible_pages
from calibration.site.pages.promotions import promotion_case_pages, promotion_pages

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "analysis"
GOLDEN = HERE / "golden" / "analysis"
SOURCE_URL = "https://git.example.invalid/calibration/blob/main"
MARKER = re.compile(r"qz(?:ev|un|ob|gap|sa|iw)")
BUILDERS = (
    comparison_pages,
    invisible_pages,
    promotion_pages,
    promotion_case_pages,
    agenda_pages,
)


def context(audience: str, root: Path = FIXTURE) -> SiteContext:
    """A site context for ``audience`` over the org at ``root``, as a real build makes it."""
    repo = load_repository(root)
    org = repo.org

    def locate(relpath: str, path: tuple[str | int, ...]) -> int | None:
        doc = repo.documents.get(relpath)
        return doc.locate(path)[0] if doc is not None else None

    return SiteContext(
        org=org,
        audience=resolve_audience(org, audience),
        cycle=org.current_cycle(),
        analyses={cycle_id: analyze_cycle(org, cycle_id) for cycle_id in org.cycles},
        source_url=SOURCE_URL,
        locate=locate,
    )


def analysis_pages(ctx: SiteContext) -> dict[str, Page]:
    """Every page the analysis builders produce for ``ctx``, by path."""
    return {page.path: page for builder in BUILDERS for page in builder(ctx)}


def golden_text(page: Page) -> str:
    """A page as one text: its metadata, then its body."""
    return f"title: {page.title}\nnav: {page.nav}\nsource: {page.source}\n---\n{page.body}"


def golden_dir(audience: str) -> Path:
    """Folder of one audience's golden files (``manager:lane`` -> ``manager-lane``)."""
    return GOLDEN / audience.replace(":", "-")
