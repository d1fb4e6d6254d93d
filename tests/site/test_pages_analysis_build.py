"""The analysis pages in real builds, against hostile text, and on an org with other vocabulary."""

from __future__ import annotations

import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from analysis_site import FIXTURE, MARKER, analysis_pages, context

REPO_ROOT = Path(__file__).resolve().parents[2]
MINI = REPO_ROOT / "tests" / "fixtures" / "mini"
HOSTILE = (
    "<script>alert(1)</script> [x](javascript:alert(2)) {: onclick=alert(3) } "
    "<img src=x onerror=alert(4)>"
)
BAD_TAGS = {"script", "iframe", "object", "embed", "img", "style", "base", "form"}


class _Markup(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BAD_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"{tag} {name}={value}")


def _problems(html: str) -> list[str]:
    parser = _Markup()
    parser.feed(html)
    return parser.problems


def _calib(*args: str) -> subprocess.CompletedProcess[str]:
    calib = Path(sys.executable).parent / "calib"
    return subprocess.run([str(calib), *args], capture_output=True, text=True, timeout=600)


@pytest.mark.slow
@pytest.mark.parametrize("audience", ["calibration", "org"])
def test_real_build_renders_the_pages_and_passes_the_audit(tmp_path: Path, audience: str) -> None:
    root = shutil.copytree(FIXTURE, tmp_path / "repo")
    site = tmp_path / "site"
    result = _calib("build", str(root), "--audience", audience, "-d", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    if audience == "calibration":
        page = (site / "cycles/h2/comparison/index.html").read_text(encoding="utf-8")
        assert '<svg class="calib-chart" role="img" aria-label="' in page and "<title>" in page
        assert '<table class="calib-table calib-release"' in page
    else:
        # The closed cycle's final ratings are seven of one and one of another: the one
        # would learn everyone else's rating, so the org gets no distribution at all.
        page = (site / "cycles/h1/index.html").read_text(encoding="utf-8")
        assert "Calibrated ratings by level: not shown" in page
        assert "calib-release" not in page
    agenda = site / "cycles" / "h2" / "agenda" / "index.html"
    assert agenda.is_file() == (audience == "calibration")
    if audience == "org":
        for path in site.rglob("*"):
            if path.is_file() and path.suffix in (".html", ".json", ".xml"):
                text = path.read_text(encoding="utf-8", errors="replace")
                assert not MARKER.search(text), f"confidential text in {path.relative_to(site)}"


def _edit(path: Path, change: dict[str, object], *keys: str | int) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    target = data
    for key in keys:
        target = target[key]
    target.update(change)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_hostile_text_comes_out_inert(tmp_path: Path) -> None:
    root = shutil.copytree(FIXTURE, tmp_path / "repo")
    _edit(root / "people/a1/person.yaml", {"name": HOSTILE})
    _edit(root / "people/lane/person.yaml", {"name": "Lane " + HOSTILE})
    _edit(
        root / "people/a1/h2.yaml",
        {"statement": HOSTILE, "kind": "docs", "invisible": True},
        "evidence",
        0,
    )
    _edit(root / "people/a1/h2.yaml", {"uncertainty": HOSTILE, "invisible_work": HOSTILE})
    _edit(root / "people/a1/h2.yaml", {"observation": HOSTILE}, "peer_observations", 0)
    _edit(root / "people/a1/h2.yaml", {"gap": HOSTILE, "name": HOSTILE}, "promotion")
    _edit(root / "rubric/ratings.yaml", {"label": "Over " + HOSTILE}, "ratings", 2)
    _edit(root / "rubric/ladder.yaml", {"name": "Grade " + HOSTILE}, "levels", 1)
    _edit(root / "rubric/ladder.yaml", {"name": "Craft " + HOSTILE}, "dimensions", 0)
    for audience in ("calibration", "org", "manager:lane"):
        for path, page in analysis_pages(context(audience, root)).items():
            # Render as MkDocs would, with attribute lists on: nothing may become markup.
            html = markdown.markdown(page.body, extensions=["toc", "attr_list", "md_in_html"])
            assert not _problems(html), f"{audience} {path}: {_problems(html)}"
            assert "<" not in page.title


def test_an_org_with_other_names_renders_from_its_own_rubric() -> None:
    for audience in ("room", "everyone", "lead:imani"):
        pages = analysis_pages(context(audience, MINI))
        assert "cycles/fy25-b/comparison.md" in pages
        body = pages["cycles/fy25-b/comparison.md"].body
        assert "Exceeds" not in body
        # The org sees no distribution of an open cycle; the lead sees their own people.
        assert ("At the bar" in body) == (audience != "everyone")
        assert ("cycles/fy25-b/agenda.md" in pages) == (audience == "room")
