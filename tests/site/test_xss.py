"""Hostile text in every user-written field must come out of a real build inert."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from site_helpers import edit_yaml, mkdocs_build, site_files

from calibration.site.markup.sanitize import markdown_html, rich, safe_href

pytestmark = pytest.mark.slow

HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    'Plain words {: onclick="alert(1)" }',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example/"></iframe>',
    "![tracker](https://evil.example/pixel.png)",
)
HOSTILE_NAME = "Di </title><script>alert(1)</script> Debugger"
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "srcset"}


class _Scan(HTMLParser):
    """Collects every live script body, event handler and script URL of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_script = False
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
            if (
                name in URL_ATTRS
                and value
                and value.strip().lower().startswith(("javascript:", "data:text"))
            ):
                self.urls.append(f"{tag} {name}={value}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.scripts.append(data)


def _plant(root: Path) -> None:
    def prefill(data: dict[str, Any]) -> None:
        for index, text in enumerate(HOSTILE):
            data["evidence"].append(
                {"dimension": "craft", "statement": text, "links": ["javascript:alert(1)"]}
            )
            data["peer_observations"][0]["observation"] += "\n\n" + text
            if index == 0:
                data["uncertainty"] = "\n\n".join(HOSTILE)
                data["self_assessment"] = "\n\n".join(HOSTILE)
                data["project"]["name"] = HOSTILE[1]

    edit_yaml(root / "people" / "eng-di" / "second.yaml", prefill)
    edit_yaml(root / "people" / "eng-di" / "person.yaml", lambda d: d.update(name=HOSTILE_NAME))
    edit_yaml(
        root / "people" / "teams.yaml",
        lambda d: d["teams"][0].update(name="Alpha <script>alert(1)</script>"),
    )


def test_built_site_has_no_live_hostile_markup(fixture_org: Path, tmp_path: Path) -> None:
    _plant(fixture_org)
    site = mkdocs_build(
        fixture_org, "calibration", tmp_path / "site", strict=True, validation_warnings="info"
    )
    person_page = site / "people" / "eng-di" / "second" / "index.html"
    assert person_page.is_file()
    assert "alert(1)" in person_page.read_text(), "the hostile text should still be shown, as text"
    for path, text in site_files(site):
        if path.suffix != ".html":
            continue
        scan = _Scan()
        scan.feed(text)
        assert not [s for s in scan.scripts if "alert" in s], path
        assert scan.handlers == [], path
        assert scan.urls == [], path
        assert "iframe" not in scan.tags, path
    person = _Scan()
    person.feed(person_page.read_text())
    assert "iframe" not in person.tags
    assert "img" not in person.tags
    title = person_page.read_text().split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "script" in title.lower()


@pytest.mark.parametrize("text", HOSTILE)
def test_rich_output_is_inert(text: str) -> None:
    scan = _Scan()
    scan.feed(rich(text))
    assert scan.scripts == [] and scan.handlers == [] and scan.urls == []
    assert not {"script", "img", "iframe", "svg"} & set(scan.tags)


def test_rich_keeps_harmless_formatting() -> None:
    out = rich("**bold**, *em*, `code` and [a link](https://example.org/x)\n\n- one\n- two")
    assert "<strong>bold</strong>" in out and "<em>em</em>" in out and "<code>code</code>" in out
    assert '<a href="https://example.org/x" rel="noopener">a link</a>' in out
    assert "<ul>" in out and "\n\n" not in out


@pytest.mark.parametrize(
    "url, safe",
    [
        ("https://example.org/a", True),
        ("mailto:someone@example.org", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,x", False),
        ("//evil.example/x", False),
        ("../relative", False),
        ("https://exa mple.org", False),
    ],
)
def test_safe_href(url: str, safe: bool) -> None:
    assert (safe_href(url) is not None) is safe


PROSE = st.text(
    alphabet=st.sampled_from([*list("abcXYZ019 .,;:'\"?()/-%$@^{}\n\t+*_<&=#"), "é", "ß", "\xa0"]),
    max_size=60,
)


@given(PROSE)
def test_plain_prose_shortcut_matches_markdown(text: str) -> None:
    # rich() skips Markdown for text without markup; both paths must agree on every input.
    assert rich(text) == markdown_html(text.strip())
