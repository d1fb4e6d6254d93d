"""The site audit reads pages as a browser does: encoded or hidden loads and text are caught.

Most cases write one file into a minimal site (an index and that file) and audit
it for the fixture org's ``org`` audience, which may see nobody's records. The
last case is a real build whose escaped prose merely mentions ``url(...)``.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from site_helpers import copy_fixture, edit_yaml

from calibration.audience import resolve_audience
from calibration.cli import main
from calibration.load.repository import load_repository
from calibration.model import Org, SiteAllowlist
from calibration.site.audit import AuditProblem, audit_site, css_urls, is_remote

CDN = "https://cdn.example/x.png"


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Org:
    return load_repository(copy_fixture(tmp_path_factory.mktemp("evasion") / "org")).org


def secret_of(org: Org, handle: str) -> str:
    """A confidential text of ``handle``: their uncertainty in a cycle."""
    return next(p.uncertainty for p in org.prefills.values() if p.handle == handle)


@pytest.fixture(scope="module")
def secret(org: Org) -> str:
    """A confidential text the org audience may not see."""
    text = secret_of(org, "eng-bo")
    assert len(text.split()) >= 8
    return text


def _audit(site: Path, org: Org, files: dict[str, str]) -> list[AuditProblem]:
    site.mkdir()
    (site / "index.html").write_text("<p>Home</p>", encoding="utf-8")
    for name, text in files.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return audit_site(site, org, resolve_audience(org, "org"))


def _page(body: str) -> dict[str, str]:
    return {"page.html": f"<!doctype html><html><head></head><body>{body}</body></html>"}


def _found(problems: list[AuditProblem]) -> set[tuple[str, str]]:
    return {(p.file, p.check) for p in problems}


LOADS = {
    "entity in src": '<img src="&#104;ttps://cdn.example/x.png">',
    "hex entity": '<img src="&#x68;ttps://cdn.example/x.png">',
    "tab inside the scheme": '<img src="ht&Tab;tps://cdn.example/x.png">',
    "leading space": '<img src="  https://cdn.example/x.png">',
    "unquoted, upper case": "<IMG SRC=HTTPS://CDN.EXAMPLE/X.PNG>",
    "slash for a space": '<img/src="https://cdn.example/x.png">',
    "backslashes": '<img src="\\\\cdn.example\\x.png">',
    "attribute holding a >": '<img title="a>b" src="//cdn.example/x.png">',
    "srcset candidate": '<img src="a.png" srcset="a.png 1x, https://cdn.example/b.png 2x">',
    "picture source": '<picture><source srcset="//cdn.example/b.png"><img src="a.png"></picture>',
    "poster": '<video poster="//cdn.example/p.png"></video>',
    "background": '<table background="https://cdn.example/b.png"></table>',
    "object data": '<object data="https://cdn.example/x.svg"></object>',
    "embed": '<embed src="https://cdn.example/x">',
    "iframe": '<iframe src="https://cdn.example/"></iframe>',
    "form action": '<form action="https://collect.example/"><input name="q"></form>',
    "formaction": '<form><button formaction="https://collect.example/">Go</button></form>',
    "input image": '<input type="image" src="https://cdn.example/i.png" alt="go">',
    "link stylesheet": '<link rel="stylesheet" href="https://cdn.example/x.css">',
    "link preconnect": '<link rel="preconnect" href="https://cdn.example">',
    "link without rel": '<link href="https://cdn.example/x.css">',
    "svg image": '<svg><image href="https://cdn.example/i.png"/></svg>',
    "svg feImage": '<svg><filter><feImage xlink:href="https://cdn.example/i.png"/></filter></svg>',
    "svg use": '<svg><use href="https://cdn.example/s.svg#icon"/></svg>',
    "svg animation": '<svg><image href="a.png"><set attributeName="href" to="//cdn.example/i"/>'
    "</image></svg>",
    "meta refresh": '<meta http-equiv="refresh" content="0; URL=\'https://elsewhere.example/\'">',
    "base": '<base href="https://cdn.example/">',
    "style attribute": f'<div style="background: url({CDN})"></div>',
    "entity in style attribute": '<div style="background:url(&#104;ttps://cdn.example/x.png)">',
    "css escape": '<div style="background:url(\\68ttps://cdn.example/x.png)"></div>',
    "css escape with space": '<div style="background:url(\\000068 ttps://cdn.example/x.png)">',
    "escaped function name": '<div style="background:u\\72l(https://cdn.example/x.png)"></div>',
    "style element import": '<style>@import "https://cdn.example/x.css";</style>',
    "escaped at-rule": "<style>@\\69mport '//cdn.example/x.css';</style>",
    "import after a comment": '<style>@import/**/"https://cdn.example/x.css";</style>',
    "image-set": '<style>a{background:image-set(url(a.png) 1x, "https://cdn.example/b.png" 2x)}'
    "</style>",
    "unclosed style to the end": '<style>@import "https://cdn.example/x.css";',
    "self-closed style": '<style/>@import "https://cdn.example/x.css";</style>',
    "srcdoc": '<iframe srcdoc="&lt;img src=&quot;https://cdn.example/x&quot;&gt;"></iframe>',
    "data: document": '<iframe src="data:text/html;base64,'
    + base64.b64encode(b'<img src="https://cdn.example/x">').decode()
    + '"></iframe>',
    "inline script writing a tag": "<script>document.write('<img src=\"https://cdn.example/x\">')"
    "</script>",
}


@pytest.mark.parametrize("body", LOADS.values(), ids=LOADS.keys())
def test_every_way_of_loading_from_another_host_is_caught(
    body: str, org: Org, tmp_path: Path
) -> None:
    assert ("page.html", "external") in _found(_audit(tmp_path / "site", org, _page(body)))


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("assets/x.css", "a { background: url(\\68ttps://cdn.example/x.png) }"),
        ("assets/x.css", "/* a comment */ @import '//cdn.example/x.css';"),
        ("assets/x.css", '@font-face { src: url("https://fonts.example/f.woff2") }'),
        ("img/x.svg", '<svg xmlns="http://www.w3.org/2000/svg"><image href="//cdn.example/i"/>'),
        # An SVG file is XML: a browser decodes entities inside its <style>.
        ("img/y.svg", "<svg><style>a{fill:url(&#104;ttps://cdn.example/p#x)}</style></svg>"),
    ],
)
def test_stylesheets_and_svg_files_are_checked(
    name: str, text: str, org: Org, tmp_path: Path
) -> None:
    assert (name, "external") in _found(_audit(tmp_path / "site", org, {name: text}))


NOT_LOADS = {
    "prose mentioning css": '<p>Use url(https://cdn.example/x.png), @import "https://x.example/";'
    " and image-set(&quot;https://cdn.example/y.png&quot; 1x)</p>",
    "prose mentioning markup": '<p><code>&lt;img src="https://cdn.example/x.png"&gt;</code></p>',
    "a link": '<a href="https://git.example/org/repo/blob/main/x.yaml">Source</a>',
    "an svg link": '<svg><a xlink:href="https://git.example/">x</a></svg>',
    "a canonical link": '<link rel="canonical" href="https://site.example/page/">',
    "local and data urls": '<img src="../x.png"><img src="data:image/png;base64,AAAA">'
    "<div style=\"background:url('data:image/svg+xml,<svg/>')\"></div>",
    "svg namespace": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    "</svg>",
    "a title holding a url": '<span title="see https://cdn.example/x.png">x</span>',
}


@pytest.mark.parametrize("body", NOT_LOADS.values(), ids=NOT_LOADS.keys())
def test_what_does_not_load_is_not_flagged(body: str, org: Org, tmp_path: Path) -> None:
    assert _audit(tmp_path / "site", org, _page(body)) == []


def test_scripts_are_checked_as_before(org: Org, tmp_path: Path) -> None:
    # The theme's bundle holds URLs in strings that never load; a script file is not
    # read for loads (inline scripts keep the checks they always had).
    bundle = 'var u="https://github.com/api";fetch(u+"/repos");var c="url(https://x.example)";'
    assert _audit(tmp_path / "site", org, {"assets/bundle.js": bundle}) == []


def test_an_allowlisted_remote_asset_passes(org: Org, tmp_path: Path) -> None:
    allowed = replace(org, site_allowlist=SiteAllowlist(remote_assets=frozenset({CDN})))
    body = f'<img src="{CDN}"><img src="https://cdn.example/other.png">'
    problems = _audit(tmp_path / "site", allowed, _page(body))
    assert [p.message for p in problems] == [
        "<img src> loads https://cdn.example/other.png from another host"
    ]


def test_confidential_text_in_attributes_comments_and_hidden_characters(
    org: Org, secret: str, tmp_path: Path
) -> None:
    clean = secret.replace('"', "")
    pages = {
        "title.html": f'<abbr title="{clean}">?</abbr>',
        "encoded.html": '<img alt="' + "".join(f"&#{ord(c)};" for c in secret) + '" src="a.png">',
        "meta.html": f'<meta name="description" content="{clean.upper()}">',
        "comment.html": f"<p>Home</p><!-- {secret} -->",
        "shy.html": "<p>" + secret.replace("e", "e&shy;").replace("o", "o\u200b") + "</p>",
    }
    found = _found(_audit(tmp_path / "site", org, pages))
    assert {(name, "text") for name in pages} <= found


def test_confidential_text_written_with_markup_characters_is_found(
    org: Org, tmp_path: Path
) -> None:
    # Text holding "<" or "&" is shown escaped: the audit compares what a reader sees.
    root = copy_fixture(tmp_path / "org")
    statement = "Cut p99 latency from 900ms to < 200ms & kept errors <= 0.1% for the payments API"

    def change(data: dict[str, Any]) -> None:
        data["uncertainty"] = statement

    edit_yaml(root / "people" / "eng-bo" / "second.yaml", change)
    changed = load_repository(root).org
    shown = statement.replace("&", "&amp;").replace("<", "&lt;")
    assert ("page.html", "text") in _found(_audit(tmp_path / "site", changed, _page(shown)))


def test_markers_and_links_are_read_after_decoding(org: Org, tmp_path: Path) -> None:
    pages = {
        # The old pattern stopped at the ">" inside the title.
        "marker.html": '<div title="a>b" data-calib-person="eng-bo" data-calib-kind="evidence">',
        "encoded.html": '<div data-calib-person="&#101;ng-bo" data-calib-kind="uncertainty">',
        "entity-link.html": '<a href="../people/&#101;ng-bo/second/">x</a>',
        "percent-link.html": '<a href="people/%65ng-fu/">y</a>',
        "promo-link.html": '<a href="promotions/eng-&#102;u/">z</a>',
    }
    found = _found(_audit(tmp_path / "site", org, {k: v for k, v in pages.items()}))
    assert {("marker.html", "marker"), ("encoded.html", "marker")} <= found
    assert {
        ("entity-link.html", "link"),
        ("percent-link.html", "link"),
        ("promo-link.html", "link"),
    } <= found


def test_url_and_css_helpers() -> None:
    assert is_remote(" //cdn.example/x") and is_remote("HTTPS://x") and is_remote("ftp://x")
    assert is_remote("\\\\cdn.example\\x") and is_remote("ht\ttps://x")
    assert not is_remote("../x.png") and not is_remote("data:image/png,x")
    assert not is_remote("#top") and not is_remote("mailto:a@example.com")
    css = "a{b:url( 'x.png' )} @import url(\"//c.example/y.css\"); /* url(https://d.example) */"
    assert list(css_urls(css)) == ["//c.example/y.css", "https://d.example", "x.png"]


@pytest.mark.slow
def test_prose_that_mentions_css_and_markup_builds(fixture_org: Path, tmp_path: Path) -> None:
    prose = (
        "We ship url(https://cdn.example/x.png) and @import 'https://cdn.example/y.css' "
        'in <img src="https://cdn.example/z.png"> for partners.'
    )

    def describe(data: dict[str, list[dict[str, str]]]) -> None:
        data["teams"][0]["description"] = prose

    edit_yaml(fixture_org / "people" / "teams.yaml", describe)
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", str(fixture_org), "-a", "org", "-d", str(out)])
    assert result.exit_code == 0, result.output
    pages = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert "We ship url(https://cdn.example/x.png)" in pages
    assert "&lt;img src=" in pages


def test_a_short_hidden_text_inside_a_visible_one_is_no_leak(tmp_path: Path) -> None:
    # mgr-ann sees eng-bo's evidence, not eng-fu's; eng-fu's whole statement is
    # seven words of eng-bo's, so showing eng-bo's statement shows no words of eng-fu.
    root = copy_fixture(tmp_path / "org")
    short = "Improved the performance of the checkout service."
    longer = f"{short} Product signed off on the trade-offs in writing."

    def evidence(statement: str) -> Callable[[dict[str, Any]], None]:
        def change(data: dict[str, Any]) -> None:
            data["evidence"][0]["statement"] = statement

        return change

    edit_yaml(root / "people" / "eng-fu" / "second.yaml", evidence(short))
    edit_yaml(root / "people" / "eng-bo" / "second.yaml", evidence(longer))
    changed = load_repository(root).org
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(f"<p>{longer}</p>", encoding="utf-8")
    assert audit_site(site, changed, resolve_audience(changed, "manager:mgr-ann")) == []
    (site / "index.html").write_text("<p>" + secret_of(changed, "eng-fu") + "</p>")
    found = audit_site(site, changed, resolve_audience(changed, "manager:mgr-ann"))
    assert [p.check for p in found] == ["text"]
