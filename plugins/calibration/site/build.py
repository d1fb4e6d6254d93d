"""The ``calib build`` and ``calib audit-site`` work: guard the output folder, build, audit."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from calibration.repository import NotARepositoryError, load_repository
from calibration.site.prepare import MARKER, SiteError


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
    # The plugin audited every output file in on_post_build (run_mkdocs_build insists
    # on the plugin), removing the output and failing the build on any problem.
    (built / MARKER).write_text(f"audience: {audience}\n", encoding="utf-8")
    _progress(f"site for {audience} written to {built} and audited")
    return 0


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
