"""Site configuration that runs code after the audit or sends data out is refused unless allowed.

The check is a pure function of the configuration and the org's allowlist; a few
real builds show that plain ``mkdocs build`` and ``calib build`` both stop on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from site_helpers import edit_yaml, mkdocs_build

from calibration.cli import main
from calibration.model import SiteAllowlist
from calibration.site.config_guard import ConfigProblem, config_problems

NOTHING = SiteAllowlist()
BASE: dict[str, Any] = {
    "theme": {"name": "material"},
    "plugins": ["material/search", "calibration"],
    "hooks": [],
    "extra": {"generator": False},
    "extra_javascript": ["assets/x.js"],
    "extra_css": ["assets/calibration/calib.css"],
    "repo_url": None,
    "repo_name": None,
}


def _problems(allowlist: SiteAllowlist = NOTHING, **changes: Any) -> list[ConfigProblem]:
    return config_problems({**BASE, **changes}, allowlist)


def _explains(problem: ConfigProblem, setting: str) -> None:
    """A refusal names the setting, why, and where the org's admin would allow it."""
    assert problem.setting.startswith(setting)
    assert "site_allowlist in rubric/audiences.yaml" in problem.message
    assert any(word in problem.message for word in ("runs", "sends", "report", "call", "loads"))


def test_the_defaults_pass() -> None:
    assert _problems() == []
    plugins = ["search", "material/search", "offline", "material/offline", "calibration"]
    assert _problems(plugins=plugins) == []
    # As loaded by MkDocs: a mapping of plugin names, a second instance numbered.
    assert _problems(plugins={"material/search": 1, "material/search #2": 2}) == []


def test_hooks_are_refused_unless_listed() -> None:
    [problem] = _problems(hooks=["hooks/copy.py"])
    _explains(problem, "hooks: hooks/copy.py")
    # MkDocs registers a loaded hook as a plugin too: reported once, as a hook.
    assert _problems(hooks={"hooks/copy.py": object()}, plugins=["search", "hooks/copy.py"]) == [
        problem
    ]
    allowlist = SiteAllowlist(hooks=frozenset({"hooks/copy.py"}))
    assert _problems(allowlist, hooks=["hooks/copy.py"]) == []


def test_plugins_outside_the_allowlist_are_refused() -> None:
    [problem] = _problems(plugins=["search", "calibration", "material/blog"])
    _explains(problem, "plugins: material/blog")
    assert "'blog'" in problem.message
    for listed in ("blog", "material/blog"):
        allowlist = SiteAllowlist(plugins=frozenset({listed}))
        assert _problems(allowlist, plugins=["material/blog"]) == []
    # As written in YAML, with options
    [problem] = _problems(plugins=[{"calibration": {"audience": "org"}}, {"macros": {}}])
    _explains(problem, "plugins: macros")


def test_analytics_are_refused_unless_allowed() -> None:
    analytics = {"analytics": {"provider": "google", "property": "G-XXXX"}}
    [problem] = _problems(extra=analytics)
    _explains(problem, "extra.analytics")
    assert _problems(SiteAllowlist(analytics=True), extra=analytics) == []
    assert _problems(extra={"analytics": None}) == []


def test_repository_links_are_refused_unless_allowed() -> None:
    problems = _problems(repo_url="https://github.com/org/repo", repo_name="org/repo")
    assert [p.setting for p in problems] == ["repo_url"]
    _explains(problems[0], "repo_url")
    assert _problems(repo_name="org/repo")[0].setting == "repo_name"
    allowed = SiteAllowlist(repo_url=True)
    assert _problems(allowed, repo_url="https://github.com/org/repo", repo_name="org/repo") == []


@pytest.mark.parametrize(
    "url", ["https://cdn.example/x.js", "http://cdn.example/x.js", "//cdn.example/x.js"]
)
@pytest.mark.parametrize("setting", ["extra_javascript", "extra_css"])
def test_remote_assets_are_refused_unless_listed(setting: str, url: str) -> None:
    [problem] = _problems(**{setting: ["assets/local.js", url]})
    _explains(problem, f"{setting}: {url}")
    assert _problems(SiteAllowlist(remote_assets=frozenset({url})), **{setting: [url]}) == []


def test_script_entries_with_options_are_read() -> None:
    class Script:  # what MkDocs loads an extra_javascript entry with options into
        path = "https://cdn.example/m.js"

    assert [p.setting for p in _problems(extra_javascript=[Script()])] == [
        "extra_javascript: https://cdn.example/m.js"
    ]


def _write_hook(root: Path) -> None:
    (root / "hooks").mkdir()
    (root / "hooks" / "noop.py").write_text("def on_post_build(config):\n    pass\n")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("setting", "edit"),
    [
        ("hooks: hooks/noop.py", lambda cfg: cfg.update(hooks=["hooks/noop.py"])),
        ("repo_url", lambda cfg: cfg.update(repo_url="https://github.com/org/repo")),
        ("extra.analytics", lambda cfg: cfg["extra"].update(analytics={"provider": "google"})),
        ("extra_css: //cdn.x/y.css", lambda cfg: cfg.update(extra_css=["//cdn.x/y.css"])),
        ("plugins: material/tags", lambda cfg: cfg["plugins"].append("tags")),
    ],
)
def test_mkdocs_build_and_calib_build_refuse_it(
    fixture_org: Path, tmp_path: Path, setting: str, edit: Any
) -> None:
    from mkdocs.exceptions import Abort

    _write_hook(fixture_org)
    config = fixture_org / "mkdocs.yml"
    config.write_text(config.read_text().replace("!ENV [CALIB_AUDIENCE, org]", "org"))
    edit_yaml(config, edit)
    with pytest.raises(Abort):
        mkdocs_build(fixture_org, "org", tmp_path / "plain", strict=False)
    assert not (tmp_path / "plain" / "index.html").exists()

    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", str(fixture_org), "-a", "org", "-d", str(out)])
    assert result.exit_code == 1
    assert setting in result.output
    assert "site_allowlist in rubric/audiences.yaml" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.slow
def test_what_the_org_allowlists_builds(fixture_org: Path, tmp_path: Path) -> None:
    _write_hook(fixture_org)
    edit_yaml(
        fixture_org / "rubric" / "audiences.yaml",
        lambda data: data.update(site_allowlist={"hooks": ["hooks/noop.py"]}),
    )
    config = fixture_org / "mkdocs.yml"
    config.write_text(config.read_text() + "hooks:\n  - hooks/noop.py\n")
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", str(fixture_org), "-a", "org", "-d", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file()
