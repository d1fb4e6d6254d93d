"""From a repository to the pages of one audience's site.

:func:`prepare_site` is what the MkDocs plugin calls: load, validate, resolve
the audience, analyse every cycle, render. It raises :class:`SiteError` with a
message a person can act on instead of letting a traceback through. Nothing
here imports MkDocs; the plugin module is the only adapter to it.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from calibration.diagnostics import Diagnostic, PathPart
from calibration.load.repository import NotARepositoryError, Repository, load_repository
from calibration.model import Audience
from calibration.site.context import Page, SiteContext
from calibration.site.markup.html import BLOCK_CLOSE, BLOCK_OPEN
from calibration.site.parts import Part

MAX_LISTED = 10
MARKER = ".calib-site"


class SiteError(Exception):
    """The site cannot be built; the message says why and what to do."""


@dataclass
class PreparedSite:
    """Everything a build needs after the repository was read and rendered.

    ``pages`` are the pages MkDocs builds like any other (the navigation's and a
    few more); :meth:`stream` renders the rest, one page per person and cycle or
    per promotion case, lazily, so that a build can write each and forget it.
    """

    repo: Repository
    audience: Audience
    pages: list[Page]
    warnings: list[Diagnostic] = field(default_factory=list)
    context: SiteContext | None = None

    def stream(self) -> Iterator[Page]:
        """The streamed pages, rendered one at a time; a clash with a listed page is a bug."""
        from calibration.site.pages import stream_pages

        if self.context is None:
            return
        yield from unique_paths(stream_pages(self.context), {page.path for page in self.pages})

    def all_pages(self) -> list[Page]:
        """Every page, held in memory: for tests and small sites."""
        return self.pages + list(self.stream())

    def hold_all(self) -> None:
        """Render the streamed pages now and keep them with the others; stream nothing."""
        self.pages = self.all_pages()
        self.context = None


def unique_paths(pages: Iterable[Page], seen: set[str]) -> Iterator[Page]:
    """``pages`` as they come, stopping at a path already in ``seen`` (which grows)."""
    for page in pages:
        if page.path in seen:
            raise SiteError(
                f"two page builders produced {page.path}; this is a bug, please report it"
            )
        seen.add(page.path)
        yield page


def _listing(diagnostics: Iterable[Diagnostic]) -> str:
    items = list(diagnostics)
    lines = [
        f"  {d.file}:{d.line}:{d.column}: {d.severity} [{d.rule}] {d.message}"
        for d in items[:MAX_LISTED]
    ]
    if len(items) > MAX_LISTED:
        lines.append(f"  ... and {len(items) - MAX_LISTED} more (run `calib validate` for all)")
    return "\n".join(lines)


TREES_KEPT = 64
"""Documents whose YAML node trees the site's line lookups keep at once (see :func:`_locator`)."""


def _locator(repo: Repository) -> Any:
    """Line numbers for the pages' source references, holding few node trees at a time.

    A lookup composes the file's node tree; kept for every file, the trees of a
    10,000-engineer org took over a gigabyte. The pages look a file's lines up
    together, so the most recently used few are kept and the rest composed again
    if ever needed; each document keeps the positions it found either way.
    """
    recent: OrderedDict[str, Any] = OrderedDict()

    def locate(relpath: str, path: tuple[PathPart, ...]) -> int | None:
        doc = repo.documents.get(relpath)
        if doc is None:
            return None
        line = doc.locate(path)[0]
        recent[relpath] = doc
        recent.move_to_end(relpath)
        if len(recent) > TREES_KEPT:
            recent.popitem(last=False)[1].forget_tree()
        return line

    return locate


def prepare_site(
    root: Path,
    audience_name: str,
    *,
    source_url: str | None = None,
    directory_urls: bool = True,
    part: Part | None = None,
) -> PreparedSite:
    """Load and validate the repository at ``root``; render every page ``audience_name`` may see.

    With ``part``, the streamed pages are those of that part's share of the org
    only (a site built in parts, see :mod:`calibration.site.parts`).
    """
    from calibration.analysis.cycle import analyze_cycle
    from calibration.audience import AudienceError, resolve_audience
    from calibration.site.pages import render_listed
    from calibration.validate import validate_repository

    try:
        repo = load_repository(root)
    except NotARepositoryError as exc:
        raise SiteError(str(exc)) from None
    diagnostics = validate_repository(repo)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise SiteError(
            f"the repository has {len(errors)} validation error(s); fix them before building:\n"
            + _listing(errors)
        )
    try:
        audience = resolve_audience(repo.org, audience_name)
    except AudienceError as exc:
        raise SiteError(str(exc)) from None
    ctx = SiteContext(
        org=repo.org,
        audience=audience,
        cycle=repo.org.current_cycle(),
        analyses={cid: analyze_cycle(repo.org, cid) for cid in repo.org.cycles},
        diagnostics=diagnostics,
        source_url=source_url,
        directory_urls=directory_urls,
        locate=_locator(repo),
        part=part,
    )
    pages = list(unique_paths(render_listed(ctx), set()))
    warnings = [d for d in diagnostics if d.severity != "error"]
    return PreparedSite(repo, audience, pages, warnings, context=ctx)


def build_nav(pages: list[Page], extra: list[Any]) -> list[Any]:
    """MkDocs nav: pages with ``nav`` set, nested by their tuple, then ``extra`` entries."""
    tree: list[Any] = []
    for page in sorted((p for p in pages if p.nav), key=lambda p: p.nav_order):
        assert page.nav is not None
        level = tree
        for label in page.nav[:-1]:
            section = next(
                (e for e in level if isinstance(e, dict) and isinstance(e.get(label), list)), None
            )
            if section is None:
                section = {label: []}
                level.append(section)
            level = section[label]
        level.append({page.nav[-1]: page.path})
    return tree + list(extra)


def docs_nav(docs_dir: Path, generated: set[str]) -> list[Any]:
    """Nav entries for hand-written Markdown pages, one section per folder."""
    entries: list[Any] = []
    if not docs_dir.is_dir():
        return entries
    for path in sorted(docs_dir.iterdir(), key=lambda p: (p.is_dir(), p.name)):
        rel = path.relative_to(docs_dir).as_posix()
        if path.is_file() and path.suffix == ".md" and rel not in generated:
            entries.append(rel)
        elif path.is_dir() and not path.name.startswith("."):
            inner = [
                f.relative_to(docs_dir).as_posix()
                for f in sorted(path.rglob("*.md"))
                if f.relative_to(docs_dir).as_posix() not in generated
            ]
            if inner:
                entries.append({path.name.replace("-", " ").replace("_", " ").capitalize(): inner})
    return entries


def front_matter(page: Page, *, compact_search: bool = False) -> str:
    """The page as Markdown text with a front matter holding only its (already safe) title.

    With ``compact_search`` the search plugin is told to leave the page out
    (``search: exclude``): the plugin adds a compact entry for it instead (see
    :mod:`calibration.site.compact_index`), because parsing every generated table for the
    index costs more than the rest of the page's build and makes an index no
    browser can load at scale.
    """
    title = page.title.replace("\\", "").replace('"', "")
    search = "search:\n  exclude: true\n" if compact_search else ""
    return f'---\ntitle: "{title}"\n{search}---\n\n{page.body}'


_BETWEEN_LINES = re.compile(r"[ \t]*\n\s*")
_KEEP_SPACE = re.compile(r"(<(pre|textarea|script)\b.*?</\2\s*>)", re.DOTALL | re.IGNORECASE)


def squeeze(html: str) -> str:
    """``html`` with every run of blank lines and indentation cut to one line break.

    The theme's templates leave kilobytes of indentation on every page; a browser
    shows a run of white space holding a line break the same as one line break.
    The content of ``pre``, ``textarea`` and ``script`` elements is left as it is.
    """
    parts = _KEEP_SPACE.split(html)
    # split() with two groups yields: text, whole kept element, its tag name, text, ...
    out = []
    for index in range(0, len(parts), 3):
        out.append(_BETWEEN_LINES.sub("\n", parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)


_MARKERS = re.compile(re.escape(BLOCK_OPEN) + "|" + re.escape(BLOCK_CLOSE))


def stash_blocks(body: str, prefix: str) -> tuple[str, dict[str, str]]:
    """Swap each finished HTML block of a page for a one-word paragraph.

    Python-Markdown would otherwise re-parse every generated table and list
    through its HTML block parser, the largest cost of a big build; the HTML is
    already final and escaped, so it is put back untouched after conversion
    (:func:`restore_blocks`). Nested blocks travel inside their outer block.
    """
    blocks: dict[str, str] = {}
    out: list[str] = []
    depth, start, last = 0, 0, 0
    for match in _MARKERS.finditer(body):
        if match.group(0) == BLOCK_OPEN:
            if depth == 0:
                out.append(body[last : match.start()])
                start = match.end()
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                token = f"{prefix}{len(blocks):06d}"
                blocks[token] = body[start : match.start()]
                out.append(f"\n\n{token}\n\n")
                last = match.end()
    if depth != 0:  # unbalanced markers: leave the page to Markdown as it is
        return body, {}
    out.append(body[last:])
    return "".join(out), blocks


def restore_blocks(html: str, blocks: dict[str, str], prefix: str) -> str:
    """Put the stashed blocks back in place of their token paragraphs."""
    if not blocks:
        return html
    pattern = re.compile(
        r"<p>(" + re.escape(prefix) + r"\d{6})</p>|(" + re.escape(prefix) + r"\d{6})"
    )
    return pattern.sub(lambda m: blocks.get(m.group(1) or m.group(2), m.group(0)), html)
