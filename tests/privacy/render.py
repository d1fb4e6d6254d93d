"""The pages of a site without MkDocs: the page bodies hold the same raw HTML tables.

Rendering is what ``calibration.site.prepare`` does before MkDocs runs; doing
only that keeps property tests fast enough to try many orgs. The repository is
loaded, validated and analysed once, then rendered for as many audiences as
needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from html_tables import Document

from calibration.analysis import CycleAnalysis
from calibration.analysis.cycle import analyze_cycle
from calibration.audience import resolve_audience
from calibration.diagnostics import Diagnostic
from calibration.load.repository import load_repository
from calibration.model import Org
from calibration.site.context import SiteContext
from calibration.site.pages import render_site
from calibration.validate import validate_repository


@dataclass
class Renderer:
    """A loaded, validated repository, ready to render any audience's pages."""

    org: Org
    diagnostics: list[Diagnostic]
    analyses: dict[str, CycleAnalysis]

    @classmethod
    def load(cls, root: Path) -> Renderer:
        """Load and validate ``root``; analyse every cycle once."""
        repo = load_repository(root, cache=False)
        diagnostics = validate_repository(repo)
        org = repo.org
        return cls(org, diagnostics, {cid: analyze_cycle(org, cid) for cid in org.cycles})

    @property
    def errors(self) -> list[Diagnostic]:
        """Validation errors (a site is never built from a repository that has any)."""
        return [d for d in self.diagnostics if d.severity == "error"]

    def documents(self, audience_name: str) -> list[Document]:
        """Every page of the audience's site, as (path, body)."""
        ctx = SiteContext(
            org=self.org,
            audience=resolve_audience(self.org, audience_name),
            cycle=self.org.current_cycle(),
            analyses=self.analyses,
            diagnostics=self.diagnostics,
        )
        return [(page.path, page.body) for page in render_site(ctx)]
