"""From a repository to the pages of one audience's site, and the ``calib build`` work around it.

:func:`prepare_site` is what the MkDocs plugin calls: load, validate, resolve
the audience, analyse every cycle, render. It raises :class:`SiteError` with a
message a person can act on instead of letting a traceback through. Nothing
here imports MkDocs; the plugin module is the only adapter to it.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from calibration.diagnostics import Diagnostic, PathPart
from calibration.model import Audience
from calibration.repository import NotARepositoryError, Repository, load_repository
from calibration.site.core import Page, SiteContext, render_site

# Page modules register their builders on import; the order here is the nav order.
PAGE_MODULES = ("calibration.site.pages_core", "calibration.site.pages_analysis")
MAX_LISTED = 10
MARKER = ".calib-site"


class SiteError(Exception):
    """The site cannot be built; the message says why and what to do."""


@dataclass
class PreparedSite:
    """Everything a build needs after the repository was read and rendered."""

    repo: Repository
    audience: Audience
    pages: list[Page]
    warnings: list[Diagnostic] = field(default_factory=list)


def load_page_modules() -> None:
    """Import every page module that is installed, registering its builders once."""
    for name in PAGE_MODULES:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


def _listing(diagnostics: Iterable[Diagnostic]) -> str:
    items = list(diagnostics)
    lines = [
        f"  {d.file}:{d.line}:{d.column}: {d.severity} [{d.rule}] {d.message}"
        for d in items[:MAX_LISTED]
    ]
    if len(items) > MAX_LISTED:
        lines.append(f"  ... and {len(items) - MAX_LISTED} more (run `calib validate` for all)")
    return "\n".join(lines)


def _locator(repo: Repository) -> Any:
    def locate(relpath: str, path: tuple[PathPart, ...]) -> int | None:
        doc = repo.documents.get(relpath)
        return doc.locate(path)[0] if doc is not None else None

    return locate


def prepare_site(
    root: Path,
    audience_name: str,
    *,
    source_url: str | None = None,
    directory_urls: bool = True,
) -> PreparedSite:
    """Load and validate the repository at ``root``; render every page ``audience_name`` may see."""
    from calibration.analysis.cycle import analyze_cycle
    from calibration.audience import AudienceError, resolve_audience
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
    load_page_modules()
    ctx = SiteContext(
        org=repo.org,
        audience=audience,
        cycle=repo.org.current_cycle(),
        analyses={cid: analyze_cycle(repo.org, cid) for cid in repo.org.cycles},
        diagnostics=diagnostics,
        source_url=source_url,
        directory_urls=directory_urls,
        locate=_locator(repo),
    )
    pages = render_site(ctx)
    seen: set[str] = set()
    for page in pages:
        if page.path in seen:
            raise SiteError(
                f"two page builders produced {page.path}; this is a bug, please report it"
            )
        seen.add(page.path)
    return PreparedSite(repo, audience, pages, [d for d in diagnostics if d.severity != "error"])


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


def front_matter(page: Page) -> str:
    """The page as Markdown text with a front matter holding only its (already safe) title."""
    title = page.title.replace("\\", "").replace('"', "")
    return f'---\ntitle: "{title}"\n---\n\n{page.body}'


def _progress(message: str) -> None:
    """A progress line, on a terminal only: pipes and CI logs stay quiet."""
    if sys.stderr.isatty():
        sys.stderr.write(f"calib: {message}\n")


def _err(message: str) -> None:
    sys.stderr.write(f"calib: {message}\n")


def audience_problem(root: Path, audience: str) -> str | None:
    """A cheap check of the audience name before a build: is it defined, does the person exist?"""
    from calibration.records import audiences_from
    from calibration.yamlio import load_file

    loaded = load_file(root / "rubric" / "audiences.yaml", root)
    data = loaded.document.data if loaded.document is not None else {}
    defined = audiences_from(data if isinstance(data, dict) else {})
    family, sep, handle = audience.partition(":")
    if audience in defined and not audience.endswith(":"):
        return None
    if (
        sep
        and f"{family}:" in defined
        and handle
        and (root / "people" / handle / "person.yaml").is_file()
    ):
        return None
    known = (
        ", ".join(sorted(n + ("<handle>" if n.endswith(":") else "") for n in defined)) or "none"
    )
    return f"unknown audience {audience!r}; rubric/audiences.yaml defines: {known}"


def site_dir_problem(site_dir: Path) -> str | None:
    """Why ``site_dir`` must not be written into, or None when it is safe.

    MkDocs empties its output folder first; a folder that holds anything but a
    previous calibration site could be someone's files.
    """
    if site_dir.exists() and not site_dir.is_dir():
        return f"{site_dir} exists and is not a folder"
    if site_dir.is_dir() and any(site_dir.iterdir()) and not (site_dir / MARKER).is_file():
        return (
            f"{site_dir} is not empty and was not written by calib build (no {MARKER} file); "
            "choose another folder with -d, or pass --force to replace its contents"
        )
    return None


def _log_handler() -> logging.Handler:
    """Show MkDocs' warnings always and its progress on a terminal only."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.INFO if sys.stderr.isatty() else logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


def run_build(
    root: Path,
    *,
    audience: str,
    site_dir: Path | None,
    config_file: Path | None,
    force: bool,
    strict: bool,
) -> int:
    """Build the site of ``audience`` with MkDocs, then audit it; return the exit code."""
    from calibration.plugin import run_mkdocs_build

    config = config_file or root / "mkdocs.yml"
    if not config.is_file():
        _err(
            f"no MkDocs configuration at {config}; pass --config, "
            "or add a mkdocs.yml that enables the calibration plugin"
        )
        return 2
    unknown = audience_problem(root, audience)
    if unknown:
        _err(unknown)
        return 2
    target = site_dir.resolve() if site_dir else None
    if target is not None and not force:
        problem = site_dir_problem(target)
        if problem:
            _err(problem)
            return 2
    os.environ["CALIB_AUDIENCE"] = audience
    # Material's end-of-life banner is addressed to site authors, not to calib's users.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _progress(f"building the site for {audience} ...")
    handler = _log_handler()
    try:
        built = run_mkdocs_build(config, audience=audience, site_dir=target, strict=strict)
    except SiteError as exc:
        _err(f"build failed: {exc}")
        return 1
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    code = run_audit(built, audience=audience, root=root)
    if code == 0:
        (built / MARKER).write_text(f"audience: {audience}\n", encoding="utf-8")
        _progress(f"site for {audience} written to {built}")
    return code


def run_audit(site_dir: Path, *, audience: str, root: Path) -> int:
    """Audit a built site for ``audience``; print each problem; return the exit code."""
    from calibration.audience import AudienceError, resolve_audience
    from calibration.site.audit import audit_site

    try:
        repo = load_repository(root)
        who = resolve_audience(repo.org, audience)
    except (NotARepositoryError, AudienceError) as exc:
        _err(str(exc))
        return 2
    if not site_dir.is_dir():
        _err(f"{site_dir} is not a folder; pass the folder a build wrote (for example site/)")
        return 2
    _progress(f"auditing {site_dir} for {audience} ...")
    problems = audit_site(site_dir, repo.org, who)
    for problem in problems:
        sys.stdout.write(f"{problem}\n")
    if problems:
        _err(f"audit failed: {len(problems)} problem(s); do not publish {site_dir}")
        return 1
    _progress("audit passed: nothing this audience may not see, and no external asset")
    return 0
