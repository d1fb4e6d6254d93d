"""The ladder pages in a real headless Chromium: no sideways scrolling on a phone, and axe-clean.

WCAG 1.4.10 asks for content that reflows at 320 CSS pixels. The big ladder's
overview, level and dimension pages, and the widest overview table the site
still draws (10 levels, 5 dimensions), are loaded at that width; the page may
not be wider than the window. With ``CALIB_AXE_JS`` pointing at ``axe.min.js``
the same pages are checked against WCAG 2.2 AA.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from site_helpers import FIXTURE, mkdocs_build
from test_ladder_pages import big_ladder

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/lib/chromium/chromium")
REQUIRED = os.environ.get("CALIB_REQUIRE_BROWSER") == "1"
WIDEST = {"E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "MGR", "DIR"}
PAGES = {
    "big": ["ladder/", "ladder/levels/E5/", "ladder/levels/staff/", "ladder/dimensions/d04/"],
    "widest": ["ladder/", "ladder/levels/E8/", "ladder/dimensions/teaching/"],
}


def _skip_or_fail(reason: str) -> None:
    if REQUIRED:
        pytest.fail(reason + " (CALIB_REQUIRE_BROWSER=1 makes this a failure)")
    pytest.skip(reason)


def _widest_ladder() -> dict[str, Any]:
    """The most the overview table still shows: 10 levels and 5 dimensions, long words in it."""
    data = big_ladder()
    data["levels"] = [lv for lv in data["levels"] if lv["id"] in WIDEST]
    data["dimensions"] = data["dimensions"][:5]
    dims = {d["id"] for d in data["dimensions"]}
    data["expectations"] = [
        {**e, "text": e["text"] + " Internationalisation-readiness-and-observability."}
        for e in data["expectations"]
        if e["level"] in WIDEST and e["dimension"] in dims
    ]
    return data


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The big ladder and the widest table ladder, built strict and served on localhost."""
    out: dict[str, str] = {}
    servers = []
    for name, ladder in (("big", big_ladder()), ("widest", _widest_ladder())):
        root = Path(shutil.copytree(FIXTURE, tmp_path_factory.mktemp(name) / "repo"))
        shutil.rmtree(root / "cycles")
        for cycle_file in (root / "people").glob("*/*.yaml"):
            if cycle_file.name != "person.yaml":
                cycle_file.unlink()
        text = yaml.safe_dump(ladder, sort_keys=False, allow_unicode=True)
        (root / "rubric" / "ladder.yaml").write_text(text, encoding="utf-8")
        site = mkdocs_build(root, "org", root / "site")
        handler = functools.partial(_Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        out[name] = f"http://127.0.0.1:{server.server_address[1]}/"
    yield out
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium from the system package."""
    if not CHROMIUM.exists():
        _skip_or_fail("Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("playwright is not installed")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--no-first-run"]
        )
        yield instance
        instance.close()


def _open(browser: Any, url: str, width: int) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 800})
    local = url.split("/")[2]
    context.route(
        "**/*",
        lambda route: route.continue_() if local in route.request.url else route.abort(),
    )
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return page


@pytest.mark.parametrize("ladder", sorted(PAGES))
def test_no_sideways_scrolling_at_320_pixels(
    served: dict[str, str], browser: Any, ladder: str
) -> None:
    wide = []
    for path in PAGES[ladder]:
        page = _open(browser, served[ladder] + path, 320)
        try:
            sizes = page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth,"
                " Math.max(...[...document.querySelectorAll('.md-content table')]"
                ".map(t => t.getBoundingClientRect().right), 0)]"
            )
        finally:
            page.context.close()
        if sizes[0] > sizes[1] or sizes[2] > sizes[1]:
            wide.append(f"{path}: page {sizes[0]}px, widest table ends at {sizes[2]}px")
    assert not wide, "\n".join(wide)


@pytest.mark.parametrize("ladder", sorted(PAGES))
def test_ladder_pages_pass_axe_wcag_aa(served: dict[str, str], browser: Any, ladder: str) -> None:
    path = os.environ.get("CALIB_AXE_JS")
    if not path or not Path(path).is_file():
        _skip_or_fail("axe-core not available: set CALIB_AXE_JS to axe.min.js (npm pack axe-core)")
    assert path is not None
    source = Path(path).read_text(encoding="utf-8")
    problems = []
    for page_path in PAGES[ladder]:
        page = _open(browser, served[ladder] + page_path, 1280)
        try:
            page.add_script_tag(content=source)
            found = page.evaluate(
                "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
                "['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']}})).violations"
                ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(' | '))"
            )
        finally:
            page.context.close()
        problems += [f"{page_path}: {v}" for v in found]
    assert not problems, "\n".join(problems)
