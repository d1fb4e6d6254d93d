"""The engineer's own view in a real headless Chromium: a packet and a person site.

A packet is opened straight from disk with JavaScript off (it must read
without it) and every request blocked; then axe-core checks it and the
person site's cycle page against WCAG 2.2 AA.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_site_browser import (
    ARTIFACTS,
    ROOT,
    _axe_source,
    _open,
    _serve,
    _skip_or_fail,
    browser,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CLOSED = "2026-h1"
PERSON = "lena-hoffmann"
AXE = (
    "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
    "['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']}})).violations"
    ".map(v => v.id + ': ' + v.nodes.length + ' ' + "
    "v.nodes.slice(0,2).map(n => n.target.join(' ')).join(' | '))"
)

__all__ = ["browser"]


def _calib(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "calibration", *args], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def packets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("packets") / "out"
    _calib("packets", str(ROOT), "--cycle", CLOSED, "-d", str(target))
    return target


def test_a_packet_reads_without_javascript_and_loads_nothing(packets: Path, browser: Any) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 900, "height": 1200}
    )
    requests: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("file:")
            else (requests.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    try:
        page.goto((packets / f"{PERSON}.html").as_uri())
        text = page.inner_text("main")
        assert "Your rating" in text and "The path forward" in text
        assert page.locator("h1").count() == 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "packet.png"), full_page=True)
    finally:
        context.close()
    assert requests == []


def test_the_own_view_passes_axe_wcag_aa(packets: Path, browser: Any, tmp_path: Path) -> None:
    source = _axe_source()
    if source is None:
        _skip_or_fail("axe-core not available: set CALIB_AXE_JS to axe.min.js (npm pack axe-core)")
    site = tmp_path / "site"
    _calib("build", str(ROOT), "--audience", f"person:{PERSON}", "--site-dir", str(site))
    server, base = _serve(site)
    packet_server, packet_base = _serve(packets)
    problems = []
    try:
        for kind, url in (
            ("person page", f"{base}people/{PERSON}/{CLOSED}/"),
            ("packet", f"{packet_base}{PERSON}.html"),
        ):
            page, watch = _open(browser, url)
            try:
                page.add_script_tag(content=source)
                problems += [f"{kind}: {v}" for v in page.evaluate(AXE)]
                assert watch.external == [] and watch.console_errors == [], kind
            finally:
                page.context.close()
    finally:
        server.shutdown()
        packet_server.shutdown()
    assert not problems, "\n".join(problems)
