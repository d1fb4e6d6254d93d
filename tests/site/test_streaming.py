"""The streamed pages: rendered through the theme one at a time, indexed compactly.

Every test runs MkDocs' real build of the fixture org. The per-person and
promotion-case pages are streamed by default; ``stream: false`` hands them to
MkDocs like any page, which is what the streamed output is compared with.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
import yaml
from site_helpers import mkdocs_build

from calibration.site.prepare import squeeze


def _configure(root: Path, **changes: object) -> None:
    """Edit the fixture's mkdocs.yml: top-level keys, and calibration plugin options."""
    path = root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8").replace("!ENV [CALIB_AUDIENCE, org]", "org")
    config = yaml.safe_load(text)
    options = changes.pop("calibration", {})
    assert isinstance(options, dict)
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "calibration" in entry:
            entry["calibration"].update(options)
    config.update(changes)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def _person_pages(site: Path) -> list[Path]:
    return sorted(p for p in (site / "people").rglob("index.html") if p.parent.parent.name)


def _part(html: str, start: str, end: str) -> str:
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


def test_streamed_pages_match_what_mkdocs_renders(fixture_org: Path, tmp_path: Path) -> None:
    """Title, table of contents and article of a streamed page equal MkDocs' own render."""
    streamed = mkdocs_build(fixture_org, "calibration", tmp_path / "streamed")
    _configure(fixture_org, calibration={"stream": False})
    held = mkdocs_build(fixture_org, "calibration", tmp_path / "held")
    pages = _person_pages(streamed)
    cases = sorted((streamed / "cycles").glob("*/promotions/*/index.html"))
    assert pages and cases
    for page in pages + cases:
        mine = page.read_text(encoding="utf-8")
        theirs = (held / page.relative_to(streamed)).read_text(encoding="utf-8")
        for start, end in (
            ("<title>", "</title>"),
            ('<nav class="md-nav md-nav--secondary"', "</nav>"),
            ('<article class="md-content__inner', "</article>\n</div>"),
        ):
            assert _plain(_part(mine, start, end)) == _plain(_part(theirs, start, end)), (
                page,
                start,
            )
        assert len(mine) < len(theirs)  # the indentation and the hidden nav sections are gone


def test_search_index_holds_one_compact_entry_per_page(fixture_org: Path, tmp_path: Path) -> None:
    """Each generated page is in the index once, by title and summary, not by its text."""
    site = mkdocs_build(fixture_org, "calibration", tmp_path / "site")
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    locations = [doc["location"] for doc in docs]
    assert len(locations) == len(set(locations))
    pages = _person_pages(site)
    for page in pages:
        url = page.parent.relative_to(site).as_posix() + "/"
        (entry,) = [doc for doc in docs if doc["location"] == url]
        title = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"))
        assert title is not None and entry["title"] == title.group(1)
        assert entry["text"].startswith(entry["title"].split(",")[0])
    statements = [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in (fixture_org / "people").glob("*/*.yaml")
        if path.name != "person.yaml" and path.name != "teams.yaml"
    ]
    words = {
        " ".join(item["statement"].split()[:6])
        for data in statements
        for item in data.get("evidence") or []
        if isinstance(item, dict) and item.get("statement")
    }
    assert words
    index_text = json.dumps(docs)
    assert not [w for w in words if w in index_text]  # evidence stays on its page
    dashboards = [doc for doc in docs if doc["location"] == ""]
    assert len(dashboards) == 1 and dashboards[0]["text"]  # a listed page: its headings


def test_without_streaming_the_index_holds_whole_pages(fixture_org: Path, tmp_path: Path) -> None:
    """``stream: false`` is MkDocs' usual build: the search plugin indexes every page's text."""
    _configure(fixture_org, calibration={"stream": False})
    site = mkdocs_build(fixture_org, "calibration", tmp_path / "site")
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "alpha-one export job" in index


def test_sitemap_lists_streamed_pages(fixture_org: Path, tmp_path: Path) -> None:
    _configure(fixture_org, site_url="https://calibration.example/")
    site = mkdocs_build(fixture_org, "calibration", tmp_path / "site")
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]*)</loc>", xml)
    assert len(locs) == len(set(locs))
    pages = _person_pages(site)
    for page in pages:
        url = page.parent.relative_to(site).as_posix() + "/"
        assert f"https://calibration.example/{url}" in locs
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == xml


def test_offline_search_script_carries_the_compact_entries(
    fixture_org: Path, tmp_path: Path
) -> None:
    # The offline plugin adds a shim from a CDN unless a polyfill of that name is listed.
    _configure(fixture_org, extra={"generator": False, "polyfills": ["assets/iframe-worker.js"]})
    path = fixture_org / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- search\n", "- search\n- offline\n", 1), encoding="utf-8")
    site = mkdocs_build(fixture_org, "calibration", tmp_path / "site")
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    script = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script == f"var __index = {index}"
    assert '"location":"people/eng-bo/first.html"' in index


@pytest.mark.parametrize(
    ("html", "squeezed"),
    [
        ("<div>\n   \n  <p>a  b</p>\n</div>\n", "<div>\n<p>a  b</p>\n</div>\n"),
        ("<pre>x\n    y\n\n z</pre>\n\n  <p>", "<pre>x\n    y\n\n z</pre>\n<p>"),
        ("<TEXTAREA>a\n\n  b</TEXTAREA>  \n <script>\n  var a\n   </script>", None),
        ("no breaks   at all", None),
    ],
)
def test_squeeze_keeps_what_white_space_means(html: str, squeezed: str | None) -> None:
    expected = squeezed if squeezed is not None else html
    if html.startswith("<TEXTAREA>"):
        expected = "<TEXTAREA>a\n\n  b</TEXTAREA>\n<script>\n  var a\n   </script>"
    assert squeeze(html) == expected
