"""Real `mkdocs build --strict` of the demo org at the top of the repository, per audience.

Validation warnings are logged as information here (``validation_warnings:
info``): the demo deliberately holds weak evidence and outliers for the
judgement aids to find. Everything else MkDocs could warn about (broken
links, nav entries, the theme) still fails these builds.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from site_helpers import REPO_ROOT, mkdocs_build

from calibration.load.repository import load_repository

pytestmark = pytest.mark.slow


def _a_manager() -> str:
    org = load_repository(REPO_ROOT).org
    managers = sorted(
        h for h in org.people if org.reports(h) and len(org.tree(h)) < len(org.people) - 1
    )
    assert managers, "the demo org has no manager with a partial tree"
    return managers[0]


def _broken_links(site: Path) -> list[str]:
    broken = []
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # served from any depth, so it links from the root
            continue
        base = page.parent.relative_to(site).as_posix()
        for href in re.findall(r'href="([^"#?]+)', page.read_text()):
            if re.match(r"^[a-z]+:|^//", href):
                continue
            target = site / posixpath.normpath(posixpath.join(base, href))
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{page.relative_to(site)} -> {href}")
    return broken


@pytest.mark.parametrize("audience", ["calibration", "org", "manager"])
def test_demo_builds_strict(audience: str, tmp_path: Path) -> None:
    org = load_repository(REPO_ROOT).org
    name = f"manager:{_a_manager()}" if audience == "manager" else audience
    site = mkdocs_build(REPO_ROOT, name, tmp_path / "site", strict=True, validation_warnings="info")
    assert (site / ".calib-site").is_file()  # written only after the audit passed
    assert (site / "ladder" / "index.html").is_file()
    current = org.current_cycle()
    assert current is not None
    assert (site / "cycles" / current.id / "teams" / "index.html").is_file()
    people = {p.name for p in (site / "people").iterdir()} if (site / "people").is_dir() else set()
    if audience == "org":
        assert people == set()
    elif audience == "calibration":
        assert people == {h for h in org.people if any(c == h for c, _ in org.prefills)}
    else:
        assert people and people <= {p.handle for p in org.tree(name.split(":", 1)[1])}
    assert _broken_links(site) == []
