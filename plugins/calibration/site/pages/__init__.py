"""The pages of a site: every page builder, listed once, in the order the site shows them.

A build runs the builders of :data:`LISTED` (or of :data:`PERSONAL` for a
``person:<handle>`` audience) and keeps their pages until its end; their order
is the order of the navigation, a page's ``nav_order`` aside. It then runs the
builders of :data:`STREAMED` and writes each of their pages as it comes.
"""

from __future__ import annotations

from collections.abc import Iterator

from calibration.site.context import Page, PageBuilder, SiteContext
from calibration.site.pages.agenda import agenda_pages
from calibration.site.pages.comparison import comparison_pages
from calibration.site.pages.invisible import invisible_pages
from calibration.site.pages.ladder import level_and_dimension_pages
from calibration.site.pages.overview import core_pages, person_pages
from calibration.site.pages.own_view import own_pages
from calibration.site.pages.promotions import promotion_case_pages, promotion_pages

LISTED: tuple[PageBuilder, ...] = (
    core_pages,
    level_and_dimension_pages,
    # The analysis pages follow the calibration session: its steps 3 to 5, then its agenda.
    comparison_pages,
    invisible_pages,
    promotion_pages,
    agenda_pages,
)
"""Builders of the org's audiences' listed pages: the navigation's pages and a few more."""

STREAMED: tuple[PageBuilder, ...] = (
    person_pages,
    promotion_case_pages,
)
"""Builders of pages that come one per person (or case) and stay out of the navigation.

A build renders these last, one at a time, and writes each as soon as it is
done, so the memory a build needs does not grow with the number of people.
Their pages must have ``nav=None``.
"""

PERSONAL: tuple[PageBuilder, ...] = (own_pages,)
"""Builders of a personal audience's site (``person:<handle>``): all its pages, none streamed."""


def render_listed(ctx: SiteContext) -> list[Page]:
    """The pages a build holds until its end: the navigation's pages and the other few.

    A personal audience gets its own pages only: none of the org's pages, so
    no aggregate and nothing about anyone else.
    """
    builders = PERSONAL if ctx.audience.is_personal else LISTED
    pages: list[Page] = []
    for builder in builders:
        pages.extend(builder(ctx))
    return pages


def stream_pages(ctx: SiteContext) -> Iterator[Page]:
    """The pages of :data:`STREAMED`, rendered one at a time, lazily."""
    if ctx.audience.is_personal:
        return
    for builder in STREAMED:
        for page in builder(ctx):
            if page.nav is not None:
                raise ValueError(f"{page.path}: a streamed page cannot be in the navigation")
            if ctx.part is not None and (page.about is None or not ctx.writes_pages_of(page.about)):
                # A builder that forgot its part would write the page twice, or never.
                raise ValueError(f"{page.path}: a streamed page of another part, or of no one")
            yield page


def render_site(ctx: SiteContext) -> list[Page]:
    """Every page of the site for ``ctx.audience``, held in memory (tests, small sites)."""
    return render_listed(ctx) + list(stream_pages(ctx))
