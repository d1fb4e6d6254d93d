"""``calib build``, ``calib assemble-site`` and ``calib audit-site``: stage, build, audit, publish.

The site is built into a staging folder (:mod:`calibration.site.staging`),
audited once MkDocs has returned, and only then published; whatever fails,
the output folder is left as it was.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from calibration import progress
from calibration.commands import fail, say
from calibration.load.repository import NotARepositoryError, load_repository
from calibration.site.parts import Part, describe, marker_text
from calibration.site.prepare import MARKER, SiteError
from calibration.site.staging import OutputFolderError, Staging, publish, site_dir_problem

MAX_LISTED = 20


def audience_problem(root: Path, audience: str) -> str | None:
    """A cheap check of the audience name before a build: is it defined, does the person exist?"""
    from calibration.audience import AudienceError, find_audience, unknown_audience
    from calibration.load.records import audiences_from
    from calibration.load.yamlio import load_file

    loaded = load_file(root / "rubric" / "audiences.yaml", root)
    data = loaded.document.data if loaded.document is not None else {}
    defined = audiences_from(data if isinstance(data, dict) else {})
    try:
        _, handle = find_audience(defined, audience)
    except AudienceError as exc:
        return str(exc)
    if handle is None or (handle and (root / "people" / handle / "person.yaml").is_file()):
        return None
    # the full check of the person (in people/, with reports) comes with the build
    return str(unknown_audience(audience, defined))


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
        return fail(
            f"no MkDocs configuration at {config}; pass --config, "
            "or add a mkdocs.yml that enables the calibration plugin",
            2,
        )
    unknown = audience_problem(root, audience)
    if unknown:
        return fail(unknown, 2)
    if part is not None and audience.startswith("person:"):
        return fail(
            f"{audience}'s site holds that person's own pages only; build it without --part", 2
        )
    protected = (root.resolve(), config.resolve().parent)
    target = site_dir.resolve() if site_dir else None
    problem = site_dir_problem(target, force=force, protected=protected) if target else None
    if problem:
        return fail(problem, 2)
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
        say(str(exc))
        return 2, 0, ""
    except SiteError as exc:
        say(f"build failed: {exc}")
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
        say(
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
        return fail(str(exc), 2)
    if not site_dir.is_dir():
        return fail(
            f"{site_dir} is not a folder; pass the folder a build wrote (for example site/)", 2
        )
    progress.step(f"auditing {site_dir} for {audience}")
    problems = audit_site(site_dir, repo.org, who)
    progress.clear()
    for problem in problems:
        sys.stdout.write(f"{problem}\n")
    if problems:
        return fail(f"audit failed: {len(problems)} problem(s); do not publish {site_dir}", 1)
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
    from calibration.site.assemble import AssembleError, assemble, read_parts
    from calibration.site.audit import audit_site

    try:
        repo = load_repository(root)
        who = resolve_audience(repo.org, audience)
        built = read_parts([p.resolve() for p in parts], audience, MARKER)
    except (NotARepositoryError, AudienceError, AssembleError) as exc:
        return fail(str(exc), 2)
    target = site_dir.resolve()
    inside = next((b.path for b in built if b.path in target.parents), None)
    if inside is not None:
        return fail(
            f"{site_dir} is inside the part {inside}; choose an output folder outside the parts", 2
        )
    protected = (root.resolve(), *(b.path for b in built))
    staging = Staging(force=force, protected=protected)
    started = time.monotonic()
    try:
        try:
            path = staging(site_dir)
        except OutputFolderError as exc:
            return fail(str(exc), 2)
        problems = assemble(built, path, MARKER)
        if not problems:
            progress.step(f"auditing the site for {audience}")
            problems = [str(p) for p in audit_site(path, repo.org, who)]
        if problems:
            progress.clear()
            _list(problems)
            return fail(
                f"assembling failed: {len(problems)} problem(s) in the site for {audience}; "
                f"nothing was published and {staging.target} was left as it was",
                1,
            )
        pages = sum(1 for page in path.rglob("*.html") if page.name != "404.html")
        (path / MARKER).write_text(marker_text(audience, None), encoding="utf-8")
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


def _list(problems: list[str]) -> None:
    for problem in problems[:MAX_LISTED]:
        sys.stderr.write(f"  {problem}\n")
    if len(problems) > MAX_LISTED:
        sys.stderr.write(f"  ... and {len(problems) - MAX_LISTED} more\n")
