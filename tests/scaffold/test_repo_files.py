"""The workflow, PR template and pre-commit hook: linted, and in step with their templates."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from gitutil import REPO_ROOT

from calibration.cli import main
from calibration.scaffold.init import TEMPLATE, workflow_text

WORKFLOW = REPO_ROOT / ".github/workflows/calibration.yml"
PARTS_WORKFLOW = REPO_ROOT / ".github/workflows/calibration-site-parts.yml"


def load_workflow(text: str) -> dict[Any, Any]:
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    if True in data:  # PyYAML reads the key `on` as a YAML 1.1 boolean
        data["on"] = data.pop(True)
    return data


def run_lines(workflow: dict[Any, Any]) -> list[str]:
    return [
        step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step
    ]


def calib_commands(workflow: dict[Any, Any]) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for line in run_lines(workflow):
        for match in re.finditer(r"\bcalib ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?", line):
            found.add(tuple(part for part in match.groups() if part))
    return found


def test_the_repository_workflow_is_the_init_template_installing_from_the_checkout() -> None:
    assert WORKFLOW.read_text(encoding="utf-8") == workflow_text("pip install .")


@pytest.mark.parametrize(
    "text",
    [
        workflow_text("pip install ."),
        workflow_text('pip install "calibration-as-code==0"'),
        PARTS_WORKFLOW.read_text(encoding="utf-8"),
    ],
)
def test_every_calib_command_the_workflow_runs_exists(text: str) -> None:
    commands = calib_commands(load_workflow(text))
    expected = {"build", "assemble-site"} if "--part" in text else {"validate", "review", "build"}
    assert {c[0] for c in commands} >= expected | (
        {"codeowners"} if "review" in expected else set()
    )
    for command in commands:
        result = CliRunner().invoke(main, [*command, "--help"])
        if result.exit_code != 0 and len(command) == 2:  # the second word was an argument
            result = CliRunner().invoke(main, [command[0], "--help"])
        assert result.exit_code == 0, f"calib {' '.join(command)} --help: {result.output}"


@pytest.mark.parametrize("path", [WORKFLOW, PARTS_WORKFLOW], ids=lambda p: p.name)
def test_the_workflow_is_least_privilege_and_never_expands_untrusted_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    workflow = load_workflow(text)
    assert "pull_request_target" not in text
    assert workflow["permissions"] == {}
    for name, job in workflow["jobs"].items():
        assert job["permissions"] == {"contents": "read"}, name
    for line in run_lines(workflow):
        assert "${{" not in line, f"expression expanded inside run: {line}"
    if path == WORKFLOW:
        check = workflow["jobs"]["check"]["steps"]
        assert check[0]["with"]["fetch-depth"] == 0
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]


def _zizmor() -> str | None:
    beside = Path(sys.executable).parent / "zizmor"
    return str(beside) if beside.is_file() else shutil.which("zizmor")


def test_zizmor_finds_nothing(tmp_path: Path) -> None:
    zizmor = _zizmor()
    if zizmor is None:
        pytest.skip("zizmor is not installed (pip install zizmor)")
    packaged = tmp_path / "init-workflow.yml"
    packaged.write_text(workflow_text('pip install "calibration-as-code==0.1.0"'), encoding="utf-8")
    for path in (WORKFLOW, PARTS_WORKFLOW, packaged):
        done = subprocess.run(
            [zizmor, "--offline", str(path)], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_pull_request_template_is_the_reviewer_checklist() -> None:
    text = (REPO_ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert text == (TEMPLATE / "pull_request_template.md").read_text(encoding="utf-8")
    for question in (
        "specific",
        "above the level",
        "uncertainty",
        "direct collaborators",
        "won't show up in metrics",
    ):
        assert question in text


def test_the_pre_commit_hooks_check_the_whole_tree() -> None:
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [(h["id"], h["entry"]) for h in hooks] == [
        ("calib-validate", "calib validate"),
        ("calib-codeowners", "calib codeowners"),
    ]
    for hook in hooks:  # pre-commit installs calib itself; cross-file rules need every file
        assert hook["language"] == "python" and hook["pass_filenames"] is False, hook["id"]
        assert hook["require_serial"] is True and hook["description"], hook["id"]
    validate, owners = (re.compile(h["files"]) for h in hooks)
    assert validate.match("people/ada/2026-h1.yaml")
    assert not validate.match("docs/guide/running-a-cycle.md")
    for path in ("people/ada/person.yaml", "rubric/rules.yaml", ".github/CODEOWNERS"):
        assert owners.match(path), path
    assert not owners.match("rubric/ladder.yaml")


class _EnvLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, where ``!ENV [NAME, default]`` picks a value from the environment."""


_EnvLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node))  # type: ignore[arg-type]


# Plugin options that only make sense for the demo org: its intended warnings are
# logged as information, and its source links point at a placeholder host.
DEMO_ONLY_OPTIONS = ("validation_warnings", "source_url")


def _without_demo_options(plugins: list[object]) -> list[object]:
    out: list[object] = []
    for entry in plugins:
        if isinstance(entry, dict) and "calibration" in entry:
            options = {k: v for k, v in entry["calibration"].items() if k not in DEMO_ONLY_OPTIONS}
            entry = {"calibration": options}
        out.append(entry)
    return out


def test_the_init_mkdocs_config_follows_the_repository_one() -> None:
    ours = yaml.load((TEMPLATE / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)
    theirs = yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)
    ours["plugins"] = _without_demo_options(ours["plugins"])
    theirs["plugins"] = _without_demo_options(theirs["plugins"])
    for key in ("theme", "plugins", "markdown_extensions", "extra", "docs_dir"):
        assert ours.get(key) == theirs.get(key), key
