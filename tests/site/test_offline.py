"""The built site loads nothing from another host: checked on its own, then via the audit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_helpers import mkdocs_build, site_files

from calibration.audience import resolve_audience
from calibration.load.repository import load_repository
from calibration.site.audit import audit_site

pytestmark = pytest.mark.slow

# A tag that makes a browser fetch on its own, with an absolute or protocol-relative URL.
FETCHING_TAG = re.compile(
    r"<(?:script|img|iframe|source|video|audio|embed|object|image|use)\b[^>]*?"
    r"\b(?:src|srcset|data|href|xlink:href)\s*=\s*[\"']?\s*(?:https?:)?//",
    re.IGNORECASE,
)
LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
CSS_REMOTE = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"'])\s*(?:https?:)?//", re.IGNORECASE)


def _external_loads(site: Path) -> list[str]:
    found = []
    for path, text in site_files(site):
        if path.suffix in (".html", ".svg", ".xml"):
            found += [f"{path.name}: {m.group(0)[:80]}" for m in FETCHING_TAG.finditer(text)]
            for tag in LINK_TAG.findall(text):
                loads = re.search(
                    r"rel=[\"']?[^\"'>]*(stylesheet|icon|preload|prefetch|manifest)", tag, re.I
                )
                if loads and re.search(r"href=[\"']?\s*(?:https?:)?//", tag, re.I):
                    found.append(f"{path.name}: {tag[:80]}")
        if path.suffix in (".html", ".css"):
            found += [f"{path.name}: {m.group(0)[:80]}" for m in CSS_REMOTE.finditer(text)]
    return found


def test_fixture_site_loads_nothing_external(fixture_org: Path, tmp_path: Path) -> None:
    site = mkdocs_build(fixture_org, "calibration", tmp_path / "site")
    assert _external_loads(site) == []
    # the theme's web fonts are off, and so is the generator footer
    index = (site / "index.html").read_text()
    assert "fonts.googleapis" not in index and "fonts.gstatic" not in index
    assert "Made with" not in index


def test_audit_flags_external_assets(fixture_org: Path, tmp_path: Path) -> None:
    site = mkdocs_build(fixture_org, "org", tmp_path / "site")
    repo = load_repository(fixture_org)
    audience = resolve_audience(repo.org, "org")
    page = site / "ladder" / "index.html"
    page.write_text(
        page.read_text().replace(
            "</head>",
            '<link rel="stylesheet" href="https://cdn.example/x.css">'
            '<script src="//cdn.example/x.js"></script></head>',
        )
    )
    (site / "assets" / "extra.css").write_text(
        "@font-face { src: url('https://fonts.example/f.woff2'); }"
    )
    problems = {(p.file, p.check) for p in audit_site(site, repo.org, audience)}
    assert ("ladder/index.html", "external") in problems
    assert ("assets/extra.css", "external") in problems
    assert len(_external_loads(site)) == 3
