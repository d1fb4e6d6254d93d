"""The MkDocs plugin's hooks, through real MkDocs configs and builds of the fixture org."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

import pytest
from site_helpers import edit_yaml, mkdocs_build

from calibration.site.context import Page
from calibration.site.prepare import build_nav, docs_nav, front_matter


def test_build_nav_nests_and_orders() -> None:
    pages = [
        Page("index.md", "Home", "", nav=("Home",)),
        Page("cycles/index.md", "Cycles", "", nav=("Cycles",), nav_order=1),
        Page("ladder.md", "Ladder", "", nav=("Ladder",)),
        Page("people/a/c.md", "A", "", nav=None),
        Page("x/one.md", "One", "", nav=("Section", "One")),
        Page("x/two.md", "Two", "", nav=("Section", "Two")),
    ]
    nav = build_nav(pages, ["about.md"])
    assert nav == [
        {"Home": "index.md"},
        {"Ladder": "ladder.md"},
        {"Section": [{"One": "x/one.md"}, {"Two": "x/two.md"}]},
        {"Cycles": "cycles/index.md"},
        "about.md",
    ]


def test_docs_nav_groups_folders(tmp_path: Path) -> None:
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "b.md").write_text("# B")
    (tmp_path / "guide" / "a.md").write_text("# A")
    (tmp_path / "about.md").write_text("# About")
    (tmp_path / "index.md").write_text("# would clash")
    assert docs_nav(tmp_path, {"index.md"}) == ["about.md", {"Guide": ["guide/a.md", "guide/b.md"]}]


def test_front_matter_title_cannot_break_out() -> None:
    text = front_matter(Page("p.md", 'Ann "quoted" \\ title', "body"))
    assert text.startswith('---\ntitle: "Ann quoted  title"\n')


def _primary_nav(html: str) -> str:
    match = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', html, re.S)
    assert match is not None
    return match.group(0)


@pytest.mark.slow
def test_person_pages_stay_out_of_the_nav(fixture_org: Path, tmp_path: Path) -> None:
    site = mkdocs_build(fixture_org, "calibration", tmp_path / "site")
    page = (site / "people" / "eng-bo" / "second" / "index.html").read_text()
    nav = _primary_nav(page)
    base = "people/eng-bo/second/"
    targets = {
        posixpath.normpath(posixpath.join(base, href))
        for href in re.findall(r'href="([^"#]*)"', nav)
    }
    assert targets, "the nav links somewhere"
    assert not [t for t in targets if t.startswith("people/")]
    assert "About this fixture" in nav  # the hand-written page is in the nav too
    # out of the nav, but still found by search
    assert (
        '"location":"people/eng-bo/second/' in (site / "search" / "search_index.json").read_text()
    )


@pytest.mark.slow
def test_validation_warnings_fail_strict_builds(fixture_org: Path, tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort

    def weaken(data: dict[str, Any]) -> None:
        data["evidence"][0] = {"dimension": "craft", "statement": "I helped with some things."}

    edit_yaml(fixture_org / "people" / "eng-di" / "second.yaml", weaken)
    with pytest.raises(Abort):
        mkdocs_build(fixture_org, "org", tmp_path / "strict")
    # logged as information instead, the same data builds
    mkdocs_build(fixture_org, "org", tmp_path / "info", validation_warnings="info")
    assert (tmp_path / "info" / "index.html").is_file()


@pytest.mark.slow
def test_validation_errors_stop_the_build(fixture_org: Path, tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort

    person = fixture_org / "people" / "eng-bo" / "person.yaml"
    person.write_text(person.read_text().replace('level: "E2"', 'level: "NOPE"'))
    with pytest.raises(Abort):
        mkdocs_build(fixture_org, "org", tmp_path / "s", strict=False)
    assert not (tmp_path / "s" / "index.html").exists()


@pytest.mark.slow
def test_a_docs_page_may_not_replace_a_generated_one(fixture_org: Path, tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort

    (fixture_org / "docs" / "ladder.md").write_text("# My own ladder")
    with pytest.raises(Abort):
        mkdocs_build(fixture_org, "org", tmp_path / "s", strict=False)


def test_docs_dir_may_not_hold_the_data(fixture_org: Path, tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort

    config = fixture_org / "mkdocs.yml"
    config.write_text(config.read_text().replace("docs_dir: docs", "docs_dir: people"))
    with pytest.raises(Abort):
        mkdocs_build(fixture_org, "org", tmp_path / "s", strict=False)


def test_serve_watches_the_data_folders(fixture_org: Path) -> None:
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    cfg = load_config(str(fixture_org / "mkdocs.yml"))
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(fixture_org))
    try:
        cfg.plugins["calibration"].on_serve(server, config=cfg, builder=lambda: None)
        watched = set(server._watched_paths)
    finally:
        server.server_close()
    for folder in ("people", "rubric", "cycles"):
        assert str((fixture_org / folder).resolve()) in watched
