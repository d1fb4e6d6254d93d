"""Pages, the context renderers read, and the type of a page builder.

A builder is a pure function ``(SiteContext) -> Iterable[Page]``. What the
audience may see is decided inside the builder from ``ctx.audience`` and
:mod:`calibration.audience`: a page or a value the audience may not see is
never produced, so nothing downstream has to filter it out. The builders of a
site, in order, are listed in :mod:`calibration.site.pages`.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from calibration.analysis import CycleAnalysis
from calibration.audience import may_see, people_in_scope
from calibration.diagnostics import Diagnostic, PathPart
from calibration.disclosure import CycleRelease, Policy, compute_release
from calibration.model import Audience, Cycle, Org, Person
from calibration.site.markup.html import esc
from calibration.site.parts import Part, part_of_people

Locator = Callable[[str, tuple[PathPart, ...]], int | None]


@dataclass(frozen=True)
class Page:
    """One generated page.

    ``path`` is the Markdown path inside the site (``people/ada/2026-h2.md``);
    ``title`` is plain text made safe by :func:`safe_title`; ``body`` is Markdown
    whose user-supplied text appears only inside raw HTML blocks, escaped or
    sanitized; ``nav`` places the page in the global navigation (None keeps it
    out, as for per-person pages, so the site stays linear in size);
    ``nav_order`` moves an entry after those with a smaller value (stable
    otherwise), so a page built early can still sit at the end of the nav.
    """

    path: str
    title: str
    body: str
    nav: tuple[str, ...] | None = None
    source: str | None = None
    nav_order: int = 0
    summary: str = ""
    """Plain text the search index keeps for a streamed page instead of its whole text."""
    about: str | None = None
    """Whose page a streamed page is (a handle): a build in parts writes it in that
    person's part (see :mod:`calibration.site.parts`)."""


@dataclass
class SiteContext:
    """What every renderer may read: the model, the audience, the analysis, the links."""

    org: Org
    audience: Audience
    cycle: Cycle | None
    analyses: dict[str, CycleAnalysis] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source_url: str | None = None
    directory_urls: bool = True
    locate: Locator | None = None
    # Per-build memo for facts renderers derive repeatedly (who is expected in a cycle...),
    # so that pages listing every person stay linear in the size of the org.
    memo: dict[tuple[str, str], Any] = field(default_factory=dict)
    part: Part | None = None
    """Set when the site is built in parts: this build writes the streamed pages of
    its share of the org only (:mod:`calibration.site.parts`)."""
    _scope: set[str] | None = None

    @property
    def scope(self) -> set[str]:
        """Handles whose individual records this build shows."""
        if self._scope is None:
            self._scope = people_in_scope(self.org, self.audience)
        return self._scope

    def sees(self, handle: str, kind: str) -> bool:
        """True when this build may show ``kind`` content about ``handle``."""
        return may_see(self.org, self.audience, handle, kind, scope=self.scope)

    def people_in_scope(self) -> list[Person]:
        """People whose pages this build holds, by name."""
        return sorted(
            (self.org.people[h] for h in self.scope if h in self.org.people), key=lambda p: p.name
        )

    def writes_pages_of(self, handle: str) -> bool:
        """True when this build writes ``handle``'s streamed pages (always, unless in parts)."""
        if self.part is None:
            return True
        key = ("parts", "")
        if key not in self.memo:
            teams = {h: person.team for h, person in self.org.people.items()}
            self.memo[key] = part_of_people(teams, self.scope, self.part.count)
        return bool(self.memo[key].get(handle) == self.part.index)

    def url(self, from_path: str, to_path: str, anchor: str = "") -> str:
        """Relative URL from one generated page to another (both Markdown paths)."""
        target = _page_url(to_path, self.directory_urls)
        source = _page_url(from_path, self.directory_urls)
        base = source.rstrip("/") if self.directory_urls else posixpath.dirname(source)
        rel = posixpath.relpath(target.rstrip("/") or ".", base or ".")
        if self.directory_urls:
            rel = "./" if rel == "." else rel + "/"
        return rel + (f"#{anchor}" if anchor else "")

    def source_link(self, relpath: str, line: int | None = None) -> str | None:
        """Link to a source YAML file on the git host, when ``source_url`` is configured."""
        if not self.source_url:
            return None
        return self.source_url.rstrip("/") + "/" + relpath + (f"#L{line}" if line else "")

    def line_of(self, relpath: str, path: tuple[PathPart, ...] = ()) -> int | None:
        """Line of the value at ``path`` in a source file, when a locator is configured."""
        if self.locate is None or not path:
            return None
        return self.locate(relpath, path)

    def source_ref(
        self, relpath: str, path: tuple[PathPart, ...] = (), *, label: str = "Source"
    ) -> str:
        """HTML naming the YAML file (and line) a value comes from, linked when possible."""
        line = self.line_of(relpath, path)
        where = esc(relpath) + (f", line {line}" if line else "")
        url = self.source_link(relpath, line)
        target = f'<a href="{esc(url)}">{where}</a>' if url else f"<code>{where}</code>"
        return f'<span class="calib-source">{esc(label)}: {target}</span>'

    def analysis(self, cycle_id: str) -> CycleAnalysis:
        """The judgement aids of one cycle (empty when none were computed)."""
        found = self.analyses.get(cycle_id)
        return found if found is not None else CycleAnalysis(cycle_id)

    @property
    def policy(self) -> Policy:
        """The disclosure rules of this build's audience."""
        key = ("policy", "")
        if key not in self.memo:
            self.memo[key] = Policy.for_audience(self.audience, self.scope)
        found: Policy = self.memo[key]
        return found

    def release(self, cycle: Cycle) -> CycleRelease:
        """Every aggregate this audience may see about ``cycle``, computed once per build."""
        key = ("release", cycle.id)
        if key not in self.memo:
            analysis = self.analysis(cycle.id)
            self.memo[key] = compute_release(
                self.org,
                self.policy,
                cycle,
                findings_of=lambda handle: self.sees(handle, "findings"),
                current=self.is_current(cycle),
                complexity={h: c.score for h, c in analysis.complexity.items()},
                diagnostics=self.diagnostics,
            )
        found: CycleRelease = self.memo[key]
        return found

    def is_current(self, cycle: Cycle) -> bool:
        """True for the cycle the home page is about."""
        return self.cycle is not None and cycle.id == self.cycle.id

    def cycles_to_render(self) -> list[Cycle]:
        """The current cycle first, then every earlier one, newest first."""
        others = [c for c in reversed(self.org.cycles_in_order()) if not self.is_current(c)]
        return ([self.cycle] if self.cycle is not None else []) + others

    def cycle_nav(self, cycle: Cycle, label: str) -> tuple[str, ...] | None:
        """Nav entry of a per-cycle page: the current cycle's pages only.

        Earlier cycles are reached from the cycle list and their dashboards,
        which keeps the global navigation the same size whatever the history.
        """
        return (label,) if self.is_current(cycle) else None


def cycle_path(cycle_id: str, name: str) -> str:
    """Markdown path of a per-cycle page, such as ``cycles/2026-h2/teams.md``."""
    return f"cycles/{cycle_id}/{name}.md"


def person_path(handle: str, cycle_id: str) -> str:
    """Markdown path of one engineer's page for one cycle."""
    return f"people/{handle}/{cycle_id}.md"


def promotion_case_path(cycle_id: str, handle: str) -> str:
    """Markdown path of one promotion case page."""
    return f"cycles/{cycle_id}/promotions/{handle}.md"


def _page_url(path: str, directory_urls: bool) -> str:
    stem = path[:-3] if path.endswith(".md") else path
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


_TITLE_KEEP = re.compile(r"[^\w .,'()/&+-]", re.UNICODE)


def safe_title(text: str) -> str:
    """Make user text safe as a page title, which themes print without escaping.

    Keeps letters, digits, spaces and a few punctuation marks; anything that
    could open markup (``<``, ``"``, backticks) is dropped, and ``&`` becomes "and".
    """
    text = unicodedata.normalize("NFC", text).replace("&", " and ")
    return re.sub(r"\s+", " ", _TITLE_KEEP.sub("", text)).strip() or "Untitled"


PageBuilder = Callable[[SiteContext], Iterable[Page]]
"""A pure function from the context to pages; :mod:`calibration.site.pages` lists them all."""
