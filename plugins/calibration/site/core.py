"""Pages, the context renderers read, and the registry of page builders.

A builder is a pure function ``(SiteContext) -> Iterable[Page]``. What the
audience may see is decided inside the builder from ``ctx.audience`` and
:mod:`calibration.audience`: a page or a value the audience may not see is
never produced, so nothing downstream has to filter it out.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from calibration.analysis import CycleAnalysis
from calibration.audience import may_see, people_in_scope
from calibration.diagnostics import Diagnostic
from calibration.model import Audience, Cycle, Org, Person


@dataclass(frozen=True)
class Page:
    """One generated page.

    ``path`` is the Markdown path inside the site (``people/ada/2026-h2.md``);
    ``title`` is plain text made safe by :func:`safe_title`; ``body`` is Markdown
    whose user-supplied text appears only inside raw HTML blocks, escaped or
    sanitized; ``nav`` places the page in the global navigation (None keeps it
    out, as for per-person pages, so the site stays linear in size).
    """

    path: str
    title: str
    body: str
    nav: tuple[str, ...] | None = None
    source: str | None = None


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
        return sorted((self.org.people[h] for h in self.scope if h in self.org.people), key=lambda p: p.name)

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
BUILDERS: list[PageBuilder] = []


def page_builder(func: PageBuilder) -> PageBuilder:
    """Register a page builder; builders run in registration order."""
    BUILDERS.append(func)
    return func


def render_site(ctx: SiteContext) -> list[Page]:
    """Every page of the site for ``ctx.audience``."""
    pages: list[Page] = []
    for builder in BUILDERS:
        pages.extend(builder(ctx))
    return pages
