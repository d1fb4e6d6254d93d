"""How a new repository installs calib: the way the calib that ran ``calib init`` was installed.

CI installs from one requirements file, and pre-commit installs this project's
repository at a ``rev:``. Both follow the installation of the running calib,
which PEP 610's ``direct_url.json`` describes: absent after an install from a
package index, with ``vcs_info`` after one from git, with ``dir_info`` or
``archive_info`` after one from a folder or a file, which CI may not reach.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import metadata
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from calibration import __version__

DISTRIBUTION = "calibration-as-code"
REQUIREMENT_FILE = ".github/calib-requirement.txt"
_PINNED = re.compile(r"===?\s*(?P<version>[0-9][0-9A-Za-z.+!-]*)\s*$")


class SpecError(Exception):
    """A ``--calib-spec`` that cannot be one line of a requirements file."""


@dataclass(frozen=True)
class InstallSource:
    """What a new repository installs: a requirement for CI, a repository and rev for hooks."""

    requirement: str
    hooks_repo: str
    """The git repository pre-commit installs the hooks from; empty: local hooks instead."""
    hooks_rev: str
    note: str | None = None
    """Said to whoever runs ``calib init`` when the source recorded is not this calib's own."""


def release_tag(version: str) -> str:
    """The git tag of a release (the release workflow publishes on these)."""
    return f"v{version}"


def project_repository() -> str | None:
    """This project's git repository, from the ``Source`` URL of the installed metadata."""
    try:
        urls: list[str] = metadata.metadata(DISTRIBUTION).get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in map(str, urls):
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("source", "repository") and url.strip():
            return url.strip()
    return None


def _released(version: str, repository: str, note: str | None = None) -> InstallSource:
    return InstallSource(f"{DISTRIBUTION}=={version}", repository, release_tag(version), note)


def from_direct_url(data: dict[str, Any] | None, *, version: str, repository: str) -> InstallSource:
    """The source recorded for ``direct_url.json`` holding ``data`` (None: from an index)."""
    if data is None:
        return _released(version, repository)
    url = str(data.get("url", ""))
    vcs = data.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("commit_id") and not url.startswith("file:"):
        commit = str(vcs["commit_id"])
        kind = str(vcs.get("vcs", "git"))
        subdirectory = data.get("subdirectory")
        suffix = f"#subdirectory={subdirectory}" if subdirectory else ""
        requirement = f"{DISTRIBUTION} @ {kind}+{url}@{commit}{suffix}"
        if kind == "git":
            return InstallSource(requirement, url, commit)
        note = f"pre-commit installs hooks from git only: the hooks use release {version}"
        return InstallSource(requirement, repository, release_tag(version), note)
    archive = data.get("archive_info")
    if isinstance(archive, dict) and url.startswith(("https:", "http:")):
        hashes = archive.get("hashes")
        digest = hashes.get("sha256") if isinstance(hashes, dict) else None
        pin = f"#sha256={digest}" if digest else ""
        return InstallSource(f"{DISTRIBUTION} @ {url}{pin}", repository, release_tag(version), None)
    where = "an editable folder" if (data.get("dir_info") or {}).get("editable") else "a local file"
    return _released(
        version,
        repository,
        f"this calib was installed from {where}, which CI cannot reach, so the new repository "
        f"installs the release {DISTRIBUTION}=={version}; pass --calib-spec to choose another",
    )


def _git_source(spec: str) -> tuple[str, str] | None:
    """The repository and revision of a ``... @ git+URL@REV`` requirement, as pip splits it."""
    _, found, rest = spec.partition("git+")
    if not found or not rest.strip():
        return None
    parts = urlsplit(rest.split()[0].split("#", 1)[0])
    if "@" not in parts.path:
        return None
    path, rev = parts.path.rsplit("@", 1)
    return (urlunsplit(parts._replace(path=path)), rev) if rev else None


def from_spec(spec: str, *, version: str, repository: str) -> InstallSource:
    """The source ``--calib-spec SPEC`` asks for: SPEC as it is, hooks from the same place."""
    spec = spec.strip()
    if not spec or "\n" in spec or "\r" in spec or spec.startswith("-"):
        raise SpecError(
            f"--calib-spec {spec!r} is not one requirement (such as "
            f"'{DISTRIBUTION}=={version}' or '{DISTRIBUTION} @ git+URL@COMMIT')"
        )
    git = _git_source(spec)
    if git is not None:
        return InstallSource(spec, *git)
    pinned = _PINNED.search(spec)
    if pinned:
        return InstallSource(spec, repository, release_tag(pinned["version"]))
    note = f"the hooks in .pre-commit-config.yaml use release {version}; move rev: as you need"
    return InstallSource(spec, repository, release_tag(version), note)


def _direct_url() -> dict[str, Any] | None:
    try:
        text = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def this_calib(spec: str | None = None) -> InstallSource:
    """How a new repository installs the calib that is running now (or ``spec``)."""
    # Without a Source URL in the metadata the hooks cannot name a repository; they are
    # then written as local hooks that pre-commit installs from the same requirement.
    repository = project_repository() or ""
    if spec is not None:
        return from_spec(spec, version=__version__, repository=repository)
    return from_direct_url(_direct_url(), version=__version__, repository=repository)
