"""The ``calib build`` and ``calib audit-site`` work: stage, build, audit, publish.

``calib build`` never lets MkDocs write into the output folder. It builds into
a hidden staging folder next to it, audits that once MkDocs has returned (so no
plugin or hook can add anything afterwards), and only then moves it into place,
replacing the previous site as a whole. A failed or killed build leaves the
output folder as it was; what a killed build left behind is tidied up by the next.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from calibration import progress
from calibration.load.repository import NotARepositoryError, load_repository
from calibration.site.parts import Part, describe, marker_text
from calibration.site.prepare import MARKER, SiteError

if TYPE_CHECKING:
    from calibration.site.assemble import BuiltPart

MAX_LISTED = 20


def _err(message: str) -> None:
    progress.clear()
    sys.stderr.write(f"calib: {message}\n")


def audience_problem(root: Path, audience: str) -> str | None:
    """A cheap check of the audience name before a build: is it defined, does the person exist?"""
    from calibration.load.records import audiences_from
    from calibration.load.yamlio import load_file

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


def site_dir_problem(
    site_dir: Path, *, force: bool = False, protected: tuple[Path, ...] = ()
) -> str | None:
    """Why ``site_dir`` must not be replaced, or None when it is safe.

    A build replaces its output folder as a whole; a folder that holds anything
    but a previous calibration site could be someone's files (``force``: replace it
    anyway), and one that holds a ``protected`` folder (the repository) never is.
    """
    for path in protected:
        if site_dir == path or site_dir in path.parents:
            return (
                f"{site_dir} holds {path}, which a build would replace; "
                "choose an output folder outside it with -d"
            )
    if site_dir.exists() and not site_dir.is_dir():
        return f"{site_dir} exists and is not a folder"
    if force:
        return None
    if site_dir.is_dir() and any(site_dir.iterdir()) and not (site_dir / MARKER).is_file():
        return (
            f"{site_dir} is not empty and was not written by calib build (no {MARKER} file); "
            "choose another folder with -d, or pass --force to replace its contents"
        )
    return None


class _Above(logging.StreamHandler):  # type: ignore[type-arg]
    """Log records on their own lines, above the progress line rather than through it."""

    def emit(self, record: logging.LogRecord) -> None:
        progress.clear()
        super().emit(record)


def _log_handler() -> logging.Handler:
    """Show MkDocs' warnings and errors; its step-by-step information is the progress line's."""
    handler = _Above(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


class OutputFolderError(Exception):
    """The output folder may not be replaced; the message says why and what to do."""


def _staged(target: Path, kind: str) -> list[Path]:
    """Folders of ``kind`` (staging, previous, removed) that builds of ``target`` left."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.calib-{kind}-[0-9a-f]{{12}}")
    if not target.parent.is_dir():
        return []
    return [p for p in target.parent.iterdir() if pattern.fullmatch(p.name)]


def recover(target: Path) -> None:
    """Undo what a killed build of ``target`` left: restore a site moved aside, drop the rest."""
    previous = _staged(target, "previous")
    if previous and not target.exists():
        # Killed between moving the old site aside and moving the new one in.
        newest = max(previous, key=lambda p: p.stat().st_mtime)
        newest.rename(target)
        previous.remove(newest)
    for stale in previous + _staged(target, "staging") + _staged(target, "removed"):
        _remove(stale)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _sibling(target: Path, kind: str) -> Path:
    return target.with_name(f".{target.name}.calib-{kind}-{secrets.token_hex(6)}")


def publish(staging: Path, target: Path) -> None:
    """Move an audited site into place, replacing the previous one as a whole."""
    previous = None
    if target.exists() or target.is_symlink():
        previous = _sibling(target, "previous")
        target.rename(previous)
    staging.rename(target)
    if previous is not None:
        # Renamed first, so that a removal cut short is never mistaken for a site to restore.
        removed = _sibling(target, "removed")
        previous.rename(removed)
        _remove(removed)


class Staging:
    """A hidden folder next to the target: MkDocs writes there, the audit reads it there."""

    def __init__(self, *, force: bool, protected: tuple[Path, ...]) -> None:
        self.force = force
        self.protected = protected
        self.target: Path | None = None
        self.path: Path | None = None

    def __call__(self, configured: Path) -> Path:
        """Check the configured output folder, tidy up after killed builds, make the staging."""
        target = configured.resolve()
        problem = site_dir_problem(target, force=True, protected=self.protected)
        if problem is None:
            recover(target)
            problem = site_dir_problem(target, force=self.force)
        if problem:
            raise OutputFolderError(problem)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.target, self.path = target, _sibling(target, "staging")
        self.path.mkdir()
        return self.path

    def discard(self) -> None:
        """Remove the staging folder, if it is still there (a failed or stopped build)."""
        if self.path is not None:
            _remove(self.path)


def run_build(
    root: Path,
    *,
    audience: str,
    site_dir: Path | None,
    config_file: Path | None,
    force: bool,
    strict: bool,
    part: Part | None = None,
) -> int:
    """Build the site of ``audience`` into a staging folder, audit it, then publish it.

    With ``part``, build that part of a site built in parts (its listed pages and
    its share of the streamed ones), for ``calib assemble-site``.
    Returns the exit code. Whatever fails, the target folder is left as it was.
    """
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
    if part is not None and audience.startswith("person:"):
        _err(f"{audience}'s site holds that person's own pages only; build it without --part")
        return 2
    protected = (root.resolve(), config.resolve().parent)
    target = site_dir.resolve() if site_dir else None
    problem = site_dir_problem(target, force=force, protected=protected) if target else None
    if problem:
        _err(problem)
        return 2
    staging = Staging(force=force, protected=protected)
    started = time.monotonic()
    try:
        code, pages, held = _build_audit_publish(config, audience, target, strict, staging, part)
    finally:
        staging.discard()
    if code:
        return code
    seconds = time.monotonic() - started
    what = f"the {audience} site" if part is None else f"part {part} of the {audience} site"
    sys.stdout.write(f"built {what}: {pages} page(s){held} in {staging.target} ({seconds:.1f} s)\n")
    return 0


def _build_audit_publish(
    config: Path,
    audience: str,
    site_dir: Path | None,
    strict: bool,
    staging: Staging,
    part: Part | None,
) -> tuple[int, int, str]:
    """Build, audit and publish; return the exit code, the number of pages published
    and, for a part, whose pages it holds."""
    from calibration.plugin import run_mkdocs_build
    from calibration.site.audit import audit_site

    os.environ["CALIB_AUDIENCE"] = audience
    # Material's end-of-life banner is addressed to site authors, not to calib's users.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = _log_handler()
    try:
        site = run_mkdocs_build(
            config, audience=audience, site_dir=site_dir, strict=strict, stage=staging, part=part
        )
    except OutputFolderError as exc:
        _err(str(exc))
        return 2, 0, ""
    except SiteError as exc:
        _err(f"build failed: {exc}")
        return 1, 0, ""
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    assert staging.path is not None and staging.target is not None
    # Audited here, after MkDocs returned: nothing a plugin or hook does can come later.
    progress.step(f"auditing the site for {audience}")
    problems = audit_site(staging.path, site.repo.org, site.audience)
    if problems:
        progress.clear()
        _list([str(p) for p in problems])
        _err(
            f"audit failed: {len(problems)} problem(s) in the site for {audience}; "
            f"nothing was published and {staging.target} was left as it was"
        )
        return 1, 0, ""
    pages = sum(1 for page in staging.path.rglob("*.html") if page.name != "404.html")
    held = ""
    if part is not None and site.context is not None:
        teams = {h: person.team for h, person in site.repo.org.people.items()}
        mine = [h for h in site.context.scope if site.context.writes_pages_of(h)]
        held = f" (the people's pages of {describe(teams, mine)})"
    (staging.path / MARKER).write_text(marker_text(audience, part), encoding="utf-8")
    publish(staging.path, staging.target)
    progress.clear()
    return 0, pages, held


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
    progress.step(f"auditing {site_dir} for {audience}")
    problems = audit_site(site_dir, repo.org, who)
    progress.clear()
    for problem in problems:
        sys.stdout.write(f"{problem}\n")
    if problems:
        _err(f"audit failed: {len(problems)} problem(s); do not publish {site_dir}")
        return 1
    sys.stdout.write(
        f"audit passed: nothing in {site_dir} that {audience} may not see, and no external asset\n"
    )
    return 0


def run_assemble(
    parts: list[Path], *, audience: str, root: Path, site_dir: Path, force: bool
) -> int:
    """Assemble the parts of ``audience``'s site, check its links, audit it, then publish it.

    Returns the exit code. Whatever fails, ``site_dir`` is left as it was.
    """
    from calibration.audience import AudienceError, resolve_audience
    from calibration.site.assemble import AssembleError, read_parts
    from calibration.site.audit import audit_site

    try:
        repo = load_repository(root)
        who = resolve_audience(repo.org, audience)
        built = read_parts([p.resolve() for p in parts], audience, MARKER)
    except (NotARepositoryError, AudienceError, AssembleError) as exc:
        _err(str(exc))
        return 2
    target = site_dir.resolve()
    inside = next((b.path for b in built if b.path in target.parents), None)
    if inside is not None:
        _err(f"{site_dir} is inside the part {inside}; choose an output folder outside the parts")
        return 2
    protected = (root.resolve(), *(b.path for b in built))
    staging = Staging(force=force, protected=protected)
    started = time.monotonic()
    try:
        try:
            path = staging(site_dir)
        except OutputFolderError as exc:
            _err(str(exc))
            return 2
        problems = _assemble_checked(built, path)
        if not problems:
            progress.step(f"auditing the site for {audience}")
            problems = [str(p) for p in audit_site(path, repo.org, who)]
        if problems:
            progress.clear()
            _list(problems)
            _err(
                f"assembling failed: {len(problems)} problem(s) in the site for {audience}; "
                f"nothing was published and {staging.target} was left as it was"
            )
            return 1
        pages = sum(1 for page in path.rglob("*.html") if page.name != "404.html")
        (path / MARKER).write_text(f"audience: {audience}\n", encoding="utf-8")
        assert staging.target is not None
        publish(path, staging.target)
    finally:
        staging.discard()
    progress.clear()
    seconds = time.monotonic() - started
    sys.stdout.write(
        f"assembled the {audience} site from {len(built)} part(s): {pages} page(s) "
        f"in {staging.target} ({seconds:.1f} s)\n"
    )
    return 0


def _assemble_checked(built: list[BuiltPart], path: Path) -> list[str]:
    """Merge the parts into ``path``; what does not fit, or links nowhere, as problems."""
    from calibration.site.assemble import (
        AssembleError,
        broken_links,
        merge_files,
        merge_search_index,
        merge_sitemaps,
    )

    progress.step(f"assembling {len(built)} part(s)")
    try:
        merge_files(built, path, MARKER)
        merge_search_index(built, path)
        merge_sitemaps(built, path)
    except AssembleError as exc:
        return [str(exc)]
    progress.step("checking every link between the parts")
    return list(broken_links(path))


def _list(problems: list[str]) -> None:
    for problem in problems[:MAX_LISTED]:
        sys.stderr.write(f"  {problem}\n")
    if len(problems) > MAX_LISTED:
        sys.stderr.write(f"  ... and {len(problems) - MAX_LISTED} more\n")
