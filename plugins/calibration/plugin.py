"""The MkDocs plugin: the only module that imports MkDocs.

Each hook is an adapter of a few lines: it reads the plugin config, calls a
plain function of :mod:`calibration.site`, and turns the result into files,
nav entries, log records or a :class:`PluginError`. People's data never
passes through ``docs_dir``: pages are handed to MkDocs in memory.
"""

from __future__ import annotations

import logging
import secrets
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
import markdown
from mkdocs.commands.build import get_context
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import AnchorLink, get_toc

from calibration import progress
from calibration.model import SiteAllowlist
from calibration.site.audit import audit_site
from calibration.site.compact_index import Compact, add_compact_entries
from calibration.site.config_guard import config_problems
from calibration.site.context import Page
from calibration.site.feedback import broken_banner, error_page, warning_summary
from calibration.site.parts import Part, marker_text
from calibration.site.prepare import (
    MARKER,
    PreparedSite,
    SiteError,
    build_nav,
    docs_nav,
    front_matter,
    prepare_site,
    restore_blocks,
    squeeze,
    stash_blocks,
)

log = get_plugin_logger(__name__)
CSS_PATH = "assets/calibration/calib.css"
WATCHED = ("people", "rubric", "cycles", "schemas")
MAX_PROBLEMS = 20


class CalibrationConfig(base.Config):  # type: ignore[no-untyped-call]
    """Options of the ``calibration`` plugin in ``mkdocs.yml``."""

    repo_root = c.Optional(c.Type(str))
    """The calibration repository; default: the folder holding ``mkdocs.yml``."""
    audience = c.Type(str, default="org")
    """Who the site is for: ``org`` (default, the safest), ``calibration``, ``manager:<handle>``."""
    source_url = c.Optional(c.Type(str))
    """Base URL of the repository's files on the git host, for links back to each source YAML."""
    stream = c.Type(bool, default=True)
    """Render the pages that come one per person (or case) straight through the theme and
    write each at once (default), instead of holding every page until MkDocs' end of build.
    ``false`` hands them to MkDocs like the others: other plugins' page events then run on
    them too and the search index holds every page's whole text (evidence included), at
    the cost of memory and an index that grow with the org; for small orgs only."""
    validation_warnings = c.Choice(("warn", "info"), default="warn")
    """How validation warnings are logged: ``warn`` makes ``mkdocs build --strict`` fail on
    them; ``info`` lets a cycle whose evidence is still being written publish its site."""


class CalibrationPlugin(BasePlugin[CalibrationConfig]):  # type: ignore[no-untyped-call]
    """Render the calibration repository as the pages of one audience's private site."""

    site: PreparedSite | None = None
    audit_deferred = False
    """Set by ``calib build``: it audits the staged output itself once MkDocs has returned,
    and only then publishes it, so a second audit here would only double the cost."""
    serving = False
    """True inside ``mkdocs serve``: a build that fails keeps the preview alive (see
    :meth:`on_config`) instead of leaving the server waiting for a build that never comes."""
    broken: str | None = None
    """Why the last build of the preview failed, shown on every page until one works."""
    part: Part | None = None
    """Set by ``calib build --part K/N``: write the streamed pages of that part's share
    of the org only, for ``calib assemble-site`` to put together with the other parts."""
    _blocks: dict[str, dict[str, str]]
    _prefix = ""
    _nav: Navigation | None = None
    _compact: list[Compact]
    _summaries: dict[str, str]
    _rendering: progress.Task | None = None

    def repo_root(self, config: MkDocsConfig) -> Path:
        """The repository root, resolved against the folder of ``mkdocs.yml``."""
        base_dir = Path(config.config_file_path or ".").resolve().parent
        return (base_dir / (self.config.repo_root or ".")).resolve()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Start each run afresh; remember whether it is a live preview.

        Having this hook keeps one plugin instance across the rebuilds of ``mkdocs
        serve``, so the last good site is still there when a rebuild fails.
        """
        self.serving = command == "serve"
        self.audit_deferred = False
        self.part = None
        self.broken = None
        self.site = None
        self._nav = None
        self._compact = []
        self._summaries = {}

    def on_shutdown(self) -> None:
        """Forget the run: the instance may be reused by the next build in this process."""
        self.on_startup(command="build", dirty=False)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load, validate and render; set the nav; summarise validation warnings.

        In ``mkdocs serve`` a failed build keeps the last good site (or, before
        any, a page saying what failed) with the problem at the top of every page,
        so the browser shows it and the preview recovers on the next good save.
        """
        root = self.repo_root(config)
        _check_docs_dir(Path(config.docs_dir), root)
        progress.step(f"reading the repository for {self.config.audience}")
        try:
            site = prepare_site(
                root,
                self.config.audience,
                source_url=self.config.source_url,
                directory_urls=config.use_directory_urls,
                part=self.part,
            )
        except SiteError as exc:
            if not self.serving:
                raise PluginError(f"calibration: {exc}") from None
            self._keep_previewing(root, str(exc))
        else:
            if self.broken is not None:
                log.info("the site builds again")
            if not self.config.stream:
                site.hold_all()
            self.site, self.broken = site, None
            self._log_warnings(site)
        _refuse_unsafe_config(config, self.site)
        pages = self._pages()
        generated = {page.path for page in pages}
        extra = config.nav if config.nav else docs_nav(Path(config.docs_dir), generated)
        config.nav = build_nav(pages, extra)
        config.extra_css.append(CSS_PATH)
        return config

    def _keep_previewing(self, root: Path, message: str) -> None:
        """Serve the last good site of this repository and audience, or an error page."""
        last = self.site
        if last is not None and (
            last.repo.root != root or last.audience.name != self.config.audience
        ):
            self.site = None
        self.broken = message
        kept = (
            "the preview keeps the last good site, with this notice on every page"
            if self.site is not None
            else "the preview shows this error until the site builds"
        )
        log.error("the site cannot be rebuilt (%s):\n%s", kept, message)

    def _log_warnings(self, site: PreparedSite) -> None:
        summary = warning_summary(site.warnings)
        if summary is not None:
            warn = self.config.validation_warnings == "warn"
            log.log(logging.WARNING if warn else logging.INFO, "%s", summary)

    def _pages(self) -> list[Page]:
        return self.site.pages if self.site is not None else [error_page()]

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Add every generated page and the stylesheet as in-memory files."""
        # A fresh token per build: no text of any page can guess it.
        self._prefix = "calibblock" + secrets.token_hex(6)
        self._blocks = {}
        self._summaries = {}
        for page in self._pages():
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(
                    f"calibration: {config.docs_dir}/{page.path} clashes with a generated page; "
                    "rename it"
                )
            # Pages kept out of the nav on purpose (one per person) say so, instead of
            # being listed as omitted on every build.
            inclusion = InclusionLevel.UNDEFINED if page.nav else InclusionLevel.NOT_IN_NAV
            content, self._blocks[page.path] = stash_blocks(
                front_matter(page, compact_search=self.config.stream), self._prefix
            )
            self._summaries[page.path] = page.summary
            files.append(File.generated(config, page.path, content=content, inclusion=inclusion))
        css = (Path(__file__).parent / "site" / "assets" / "calib.css").read_text(encoding="utf-8")
        files.append(File.generated(config, CSS_PATH, content=css))
        self._rendering = progress.task("rendering pages", len(files.documentation_pages()))
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Keep the navigation: the streamed pages are rendered with it in :meth:`on_env`."""
        self._nav = nav
        return nav

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """Render and write the streamed pages (one per person and cycle, one per case).

        Each goes through the theme's page template like any other page, is
        written as soon as it is done and then forgotten, so a build's memory
        does not grow with the org. The search index gets a compact entry for
        each (title and a one-line summary, see :meth:`on_post_build`), not the
        page's whole text. Other plugins' page events do not run for them.
        """
        self._compact = []
        if self.site is None or self._nav is None:
            return env
        writer = _StreamWriter(config, files, self._nav, env)
        work = progress.task("writing people's pages")
        with _pruned_nav(config):
            for page in self.site.stream():
                html = _convert(writer.markdown, page, self._prefix)
                if self.broken is not None:
                    html = broken_banner(self.broken, stale=True) + html
                self._compact.append(writer.write(page, html))
                work.advance()
        return env

    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        """Trim a generated page's white space; note its compact search entry."""
        summary = self._summaries.pop(page.file.src_uri, None)
        if summary is None:
            return output  # a hand-written page: left as MkDocs made it
        if self.config.stream:  # else the search plugin indexed its whole text
            summary = summary or ". ".join(item.title for item in _flat_toc(page.toc))
            title = str(page.title or "")
            self._compact.append(Compact(page.url, page.canonical_url, title, summary))
        return squeeze(output)

    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        """Put the finished HTML blocks of a generated page back after Markdown ran;
        while the preview is broken, put the problem at the top of the page."""
        if self._rendering is not None:
            self._rendering.advance()
        blocks = self._blocks.pop(page.file.src_uri, None) if self._prefix else None
        html = restore_blocks(html, blocks, self._prefix) if blocks else html
        if self.broken is not None:
            html = broken_banner(self.broken, stale=self.site is not None) + html
        return html

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """Rebuild when any data file, rubric or schema changes."""
        root = self.repo_root(config)
        for folder in WATCHED:
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Audit the output; on any problem remove it and stop, so it cannot be published.

        Runs after every other plugin's ``on_post_build`` (priority -100), so that
        what they add is audited too.
        """
        self._rendering = None
        site_dir = Path(config.site_dir)
        if self._compact:
            add_compact_entries(site_dir, self._compact)
            self._compact = []
        if self.audit_deferred or self.site is None:
            return  # audited by calib build; or a preview's error page, with nothing of the org
        problems = audit_site(site_dir, self.site.repo.org, self.site.audience)
        if problems:
            _clear(site_dir)
            listed = "\n".join(f"  {p}" for p in problems[:MAX_PROBLEMS])
            more = (
                f"\n  ... and {len(problems) - MAX_PROBLEMS} more"
                if len(problems) > MAX_PROBLEMS
                else ""
            )
            raise PluginError(
                f"calibration: the site audit for {self.site.audience.name} found {len(problems)} "
                f"problem(s); the output was removed so it cannot be published:\n{listed}{more}"
            )
        (site_dir / MARKER).write_text(marker_text(self.site.audience.name, None), encoding="utf-8")


class _StreamWriter:
    """Renders streamed pages through the theme's page template, the way MkDocs renders its own."""

    def __init__(
        self, config: MkDocsConfig, files: Files, nav: Navigation, env: jinja2.Environment
    ) -> None:
        self.config = config
        self.nav = nav
        self.pages = files.documentation_pages()
        self.template = env.get_template("main.html")
        # One converter for every streamed page (reset between pages), with the
        # site's own extensions, so headings get the same ids and table of contents.
        self.markdown = markdown.Markdown(
            extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {}
        )

    def write(self, page: Page, html: str) -> Compact:
        """Render ``page`` (its body already converted to ``html``) and write it; forget it."""
        file = File.generated(self.config, page.path, content="")
        rendered = MkDocsPage(page.title, file, self.config)
        rendered.markdown = ""
        rendered.meta = {"title": page.title}
        rendered.content = html
        rendered.toc = get_toc(getattr(self.markdown, "toc_tokens", []))
        self.config._current_page = rendered
        try:
            context = get_context(self.nav, self.pages, self.config, rendered)
            output = self.template.render(context)
        finally:
            self.config._current_page = None
        path = Path(file.abs_dest_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(squeeze(output).encode("utf-8", errors="xmlcharrefreplace"))
        return Compact(rendered.url, rendered.canonical_url, page.title, page.summary)


@contextmanager
def _pruned_nav(config: MkDocsConfig) -> Iterator[None]:
    """Render with Material's ``navigation.prune`` on: a page out of the navigation has
    no open section, so every section would otherwise be written out in full, hidden."""
    before = config.theme.get("features")
    features = list(before or [])
    if "navigation.prune" not in features:
        config.theme["features"] = [*features, "navigation.prune"]
    try:
        yield
    finally:
        if before is None:
            del config.theme["features"]
        else:
            config.theme["features"] = before


def _flat_toc(toc: Iterable[AnchorLink]) -> Iterator[AnchorLink]:
    for item in toc:
        yield item
        yield from _flat_toc(item.children)


def _convert(md: markdown.Markdown, page: Page, prefix: str) -> str:
    """A streamed page's body as HTML: Markdown for its headings, its finished blocks untouched."""
    body, blocks = stash_blocks(page.body, prefix)
    md.reset()
    return restore_blocks(md.convert(body), blocks, prefix)


def _refuse_unsafe_config(config: MkDocsConfig, site: PreparedSite | None) -> None:
    """Stop the build on settings that run code after the audit or send data out.

    Without a site (a preview whose repository does not build) nothing is allowed.
    """
    allowlist = site.repo.org.site_allowlist if site is not None else SiteAllowlist()
    problems = config_problems(config, allowlist)
    if problems:
        listed = "\n".join(f"  {p}" for p in problems)
        raise PluginError(
            f"calibration: {config.config_file_path} has settings the site audit cannot vouch "
            f"for; nothing was built:\n{listed}"
        )


def _check_docs_dir(docs_dir: Path, root: Path) -> None:
    """Refuse a docs_dir that holds the people's data: another engine could publish it as is."""
    docs = docs_dir.resolve()
    for folder in ("people", "cycles"):
        data = (root / folder).resolve()
        if docs == data or docs in data.parents:
            raise PluginError(
                f"calibration: docs_dir {docs_dir} contains {folder}/; point docs_dir at a folder "
                "of hand-written pages only (for example docs/)"
            )


def _clear(site_dir: Path) -> None:
    for child in site_dir.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def run_mkdocs_build(
    config_file: Path,
    *,
    audience: str,
    site_dir: Path | None,
    strict: bool,
    stage: Callable[[Path], Path],
    part: Part | None = None,
) -> PreparedSite:
    """Run MkDocs' own build in this process for ``audience``; return what it rendered.

    ``stage`` receives the configured output folder (``site_dir``, else the one
    of the config) and returns the folder to build into instead. The caller
    audits that folder before publishing it, so the plugin leaves its audit to it.
    With ``part``, only that part's share of the streamed pages is written.
    Raises :class:`SiteError` with MkDocs' message when the configuration or the
    build fails (strict-mode warnings included).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

    try:
        cfg = load_config(
            str(config_file), site_dir=str(site_dir) if site_dir else None, strict=strict
        )
        plugin = cfg.plugins.get("calibration")
        if not isinstance(plugin, CalibrationPlugin):
            raise SiteError(
                f"{config_file} does not enable the calibration plugin; add it under plugins:"
            )
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            plugin.config.audience = audience
            plugin.audit_deferred = True
            plugin.part = part
            cfg["site_dir"] = str(stage(Path(cfg.site_dir)))
            build(cfg)
            site = plugin.site
        finally:
            cfg.plugins.on_shutdown()
    except Abort as exc:
        # MkDocs has already logged the cause; its own summary line adds nothing.
        raise SiteError(f"{exc} (the cause is logged above)") from None
    except ConfigurationError as exc:
        raise SiteError(f"{config_file}: {exc}") from None
    except MkDocsException as exc:
        raise SiteError(str(exc)) from None
    assert site is not None
    return site
