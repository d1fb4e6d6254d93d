"""What a person sees: the demo org's sites in a real headless Chromium.

Builds the demo repository for two audiences with ``calib build``, serves each
site on localhost, and drives Debian's Chromium through Playwright. Every
request to another host is aborted and counted; console errors fail the test.
Screenshots of the main pages land in ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from calibration.load.repository import load_repository

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/lib/chromium-browser/chromium-browser")
REQUIRED = os.environ.get("CALIB_REQUIRE_BROWSER") == "1"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _chromium() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return None


def _skip_or_fail(reason: str) -> None:
    if REQUIRED:
        pytest.fail(reason + " (CALIB_REQUIRE_BROWSER=1 makes this a failure)")
    pytest.skip(reason)


@dataclass
class Served:
    """A built site served on localhost."""

    root: Path
    base: str
    audience: str


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _build(audience: str, target: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "calibration",
            "build",
            str(ROOT),
            "--audience",
            audience,
            "--site-dir",
            str(target),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, f"calib build failed:\n{result.stdout}\n{result.stderr}"


def _serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Served]]:
    """The calibration and org sites of the demo, built once and served."""
    out: dict[str, Served] = {}
    servers = []
    for audience in ("calibration", "org"):
        target = tmp_path_factory.mktemp(audience) / "site"
        _build(audience, target)
        server, base = _serve(target)
        servers.append(server)
        out[audience] = Served(target, base, audience)
    yield out
    for server in servers:
        server.shutdown()


@dataclass
class Watch:
    """What a page did: console errors and requests to other hosts."""

    console_errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium from the system package."""
    executable = _chromium()
    if executable is None:
        _skip_or_fail("Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("playwright is not installed")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()


def _open(browser: Any, url: str) -> tuple[Any, Watch]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch = Watch()
    local = urlparse(url).netloc

    def route(route: Any) -> None:
        if urlparse(route.request.url).netloc == local or route.request.url.startswith("data:"):
            route.continue_()
        else:
            watch.external.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on(
        "console",
        lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: watch.console_errors.append(str(exc)))
    page.goto(url, wait_until="networkidle")
    return page, watch


def _page_kinds(site: Served) -> dict[str, str]:
    repo = load_repository(ROOT)
    cycle = repo.org.current_cycle()
    assert cycle is not None
    kinds = {
        "home": "",
        "ladder": "ladder/",
        "teams": f"cycles/{cycle.id}/teams/",
        "comparison": f"cycles/{cycle.id}/comparison/",
        "invisible-work": f"cycles/{cycle.id}/invisible-work/",
        "promotions": f"cycles/{cycle.id}/promotions/",
    }
    if site.audience == "calibration":
        prefill = repo.org.prefills_for(cycle.id)[0]
        kinds["people"] = f"cycles/{cycle.id}/people/"
        kinds["person"] = f"people/{prefill.handle}/{cycle.id}/"
        kinds["agenda"] = f"cycles/{cycle.id}/agenda/"
        case = next((p for p in repo.org.prefills_for(cycle.id) if p.promotion), None)
        if case is not None:
            kinds["promotion-case"] = f"cycles/{cycle.id}/promotions/{case.handle}/"
    return {
        kind: path
        for kind, path in kinds.items()
        if (site.root / path / "index.html").exists() or path == ""
    }


@pytest.mark.parametrize("audience", ["calibration", "org"])
def test_every_page_kind_loads_offline_without_errors(
    sites: dict[str, Served], browser: Any, audience: str
) -> None:
    site = sites[audience]
    kinds = _page_kinds(site)
    expected = {"home", "ladder", "teams", "comparison"} | (
        {"person", "agenda", "people"} if audience == "calibration" else set()
    )
    assert expected <= set(kinds), f"missing page kinds: {expected - set(kinds)}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for kind, path in kinds.items():
        page, watch = _open(browser, site.base + path)
        try:
            assert page.title(), f"{kind} has no title"
            assert not watch.console_errors, f"{kind}: console errors {watch.console_errors}"
            assert not watch.external, f"{kind}: requests to other hosts {watch.external}"
            page.screenshot(path=str(ARTIFACTS / f"{audience}-{kind}.png"), full_page=False)
        finally:
            page.context.close()


def _search(browser: Any, site: Served, query: str) -> list[str]:
    page, watch = _open(browser, site.base)
    try:
        page.keyboard.press("/")  # Material's shortcut focuses the search box
        # Type key by key: Material searches on keyboard events, not on a filled value.
        page.keyboard.type(query, delay=30)
        page.wait_for_timeout(1500)
        results = page.locator(".md-search-result__item").all_inner_texts()
        assert not watch.external
        return results
    finally:
        page.context.close()


def test_search_finds_an_engineer_on_the_calibration_site(
    sites: dict[str, Served], browser: Any
) -> None:
    repo = load_repository(ROOT)
    cycle = repo.org.current_cycle()
    assert cycle is not None
    handle = repo.org.prefills_for(cycle.id)[0].handle
    surname = repo.org.people[handle].name.split()[-1]
    results = _search(browser, sites["calibration"], surname)
    assert any(surname in text for text in results), f"no result for {surname}: {results}"


def test_search_finds_nothing_confidential_on_the_org_site(
    sites: dict[str, Served], browser: Any
) -> None:
    repo = load_repository(ROOT)
    cycle = repo.org.current_cycle()
    assert cycle is not None
    # Probe with words of confidential text that no public source (guides, rubric) uses,
    # so a hit on the org site can only come from a leak.
    public = " ".join(
        p.read_text(encoding="utf-8").lower()
        for p in [
            *ROOT.joinpath("docs").rglob("*.md"),
            *ROOT.joinpath("rubric").glob("*.yaml"),
            ROOT / "people" / "teams.yaml",
        ]
    )
    probes: list[str] = []
    for prefill in repo.org.prefills_for(cycle.id)[:6]:
        texts = [prefill.uncertainty, prefill.evidence[0].statement]
        for text in texts:
            words = [
                w for w in text.split() if len(w) > 7 and w.isalpha() and w.lower() not in public
            ]
            probes.extend(words[:1])
    assert probes
    # The probes are confidential text that is in the calibration site's pages (its
    # search index keeps a compact entry per page, so search would not find them there).
    calibration = " ".join(
        page.read_text(encoding="utf-8") for page in sites["calibration"].root.rglob("*.html")
    )
    assert all(p in calibration for p in probes), "the probes should be on the calibration site"
    for probe in probes:
        assert _search(browser, sites["org"], probe) == [], f"org search found {probe!r}"


def test_keyboard_reaches_content_first(sites: dict[str, Served], browser: Any) -> None:
    page, _ = _open(browser, sites["org"].base + "ladder/")
    try:
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.textContent")
        assert focused and "skip" in focused.lower(), f"first Tab lands on {focused!r}"
    finally:
        page.context.close()


def _axe_source() -> str | None:
    path = os.environ.get("CALIB_AXE_JS")
    if path and Path(path).is_file():
        return Path(path).read_text(encoding="utf-8")
    return None


@pytest.mark.parametrize("audience", ["calibration", "org"])
def test_pages_pass_axe_wcag_aa(sites: dict[str, Served], browser: Any, audience: str) -> None:
    source = _axe_source()
    if source is None:
        _skip_or_fail("axe-core not available: set CALIB_AXE_JS to axe.min.js (npm pack axe-core)")
    site = sites[audience]
    problems = []
    for kind, path in _page_kinds(site).items():
        page, _ = _open(browser, site.base + path)
        try:
            page.add_script_tag(content=source)
            result = page.evaluate(
                "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
                "['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']}})).violations"
                ".map(v => v.id + ': ' + v.nodes.length + ' ' + "
                "v.nodes.slice(0,2).map(n => n.target.join(' ')).join(' | '))"
            )
            problems.extend(f"{kind}: {v}" for v in result)
        finally:
            page.context.close()
    assert not problems, "\n".join(problems)


def teardown_module() -> None:
    """Keep the screenshot folder but drop empty leftovers."""
    if ARTIFACTS.exists() and not any(ARTIFACTS.iterdir()):
        shutil.rmtree(ARTIFACTS)
