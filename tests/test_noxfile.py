"""The noxfile keeps no versions of its own, and the guides config cannot drift from docs/.

Tool versions live once, in pyproject.toml's ``[dependency-groups]``; the sessions install
the project or those groups, and nox's own bound is declared once more only where nox has
to be installed before anything can read pyproject.toml.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import yaml
from nox import project

CHECKOUT = Path(__file__).resolve().parents[1]
NOXFILE = CHECKOUT / "noxfile.py"
PYPROJECT = project.load_toml(CHECKOUT / "pyproject.toml")
GROUPS = PYPROJECT["dependency-groups"]
# Where nox is installed before pyproject.toml can be read.
BOOTSTRAPS = [CHECKOUT / ".ci" / "run", CHECKOUT / ".github" / "workflows" / "release.yml"]


def _calls(name: str) -> list[ast.Call]:
    """Every call in noxfile.py of a function or method called ``name``."""
    tree = ast.parse(NOXFILE.read_text(encoding="utf-8"))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", getattr(node.func, "id", None)) == name
    ]


def _needs_version() -> str:
    tree = ast.parse(NOXFILE.read_text(encoding="utf-8"))
    for statement in tree.body:
        if (
            isinstance(statement, ast.Assign)
            and ast.unparse(statement.targets[0]) == "nox.needs_version"
            and isinstance(statement.value, ast.Constant)
        ):
            return str(statement.value.value)
    raise AssertionError("noxfile.py sets no literal nox.needs_version")


def test_sessions_install_the_project_or_pyproject_groups_only() -> None:
    installs = _calls("install")
    assert installs
    for call in installs:
        for arg in call.args:
            if isinstance(arg, ast.Starred):
                assert ast.unparse(arg.value).startswith("group("), ast.unparse(call)
            else:
                assert isinstance(arg, ast.Constant) and arg.value in {"-e", "."}, (
                    f"{ast.unparse(call)}: declare the tool in pyproject.toml's "
                    "[dependency-groups] and install the group"
                )


def test_every_group_a_session_installs_is_declared() -> None:
    named = {arg.value for call in _calls("group") for arg in call.args}
    assert named and all(isinstance(name, str) for name in named)
    assert named <= set(GROUPS), named - set(GROUPS)
    for name in GROUPS:  # and every group resolves, include-group entries too
        assert project.dependency_groups(PYPROJECT, name)


def test_the_nox_version_is_declared_once_and_bootstrapped_to_match() -> None:
    needs = _needs_version()
    declared = {
        requirement
        for name in GROUPS
        for requirement in project.dependency_groups(PYPROJECT, name)
        if requirement.startswith("nox")
    }
    assert declared == {f"nox{needs}"}, f"the nox bound in pyproject.toml must be {needs}"
    for path in BOOTSTRAPS:
        assert f'"nox{needs}"' in path.read_text(encoding="utf-8"), path


def test_slow_and_on_demand_sessions_stay_out_of_the_default_run() -> None:
    # Read, not run: loading the noxfile twice in one process registers its sessions twice.
    tree = ast.parse(NOXFILE.read_text(encoding="utf-8"))
    on_demand = {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        for decorator in node.decorator_list
        if isinstance(decorator, ast.Call)
        and ast.unparse(decorator.func) == "nox.session"
        and any(k.arg == "default" and ast.unparse(k.value) == "False" for k in decorator.keywords)
    }
    assert on_demand == {"docs", "build", "demo", "bench"}


def _pages(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _pages(value)]
    return [page for item in nav for page in _pages(item)]


def test_the_guides_config_lists_every_page_under_docs() -> None:
    config = yaml.safe_load((CHECKOUT / "mkdocs.guides.yml").read_text(encoding="utf-8"))
    docs = CHECKOUT / config["docs_dir"]
    on_disk = sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*.md"))
    assert sorted(_pages(config["nav"])) == on_disk, "add the page to mkdocs.guides.yml's nav"
    assert config["site_dir"].startswith("site/")  # git-ignored, next to the demo's sites
    assert config["theme"]["font"] is False and "repo_url" not in config  # loads nothing remote
