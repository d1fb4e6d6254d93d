"""The release path: one version, distributions built and checked once, no stored token."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from calibration import __version__
from calibration.cli import main

CHECKOUT = Path(__file__).resolve().parents[2]
RELEASE = CHECKOUT / ".github/workflows/release.yml"
PINNED = re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}")


def release() -> dict[Any, Any]:
    data = yaml.safe_load(RELEASE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    data["on"] = data.pop(True)  # PyYAML reads the key `on` as a YAML 1.1 boolean
    return data


def test_the_version_lives_in_one_place() -> None:
    pyproject = (CHECKOUT / "pyproject.toml").read_text(encoding="utf-8")
    project = pyproject.split("[project]", 1)[1].split("\n[", 1)[0]
    assert 'dynamic = ["version"]' in project and not re.search(r"^version\s*=", project, re.M)
    assert '[tool.hatch.version]\npath = "plugins/calibration/__init__.py"' in pyproject
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output == f"calib, version {__version__}\n"


def test_publishing_runs_on_version_tags_with_trusted_publishing_only() -> None:
    text = RELEASE.read_text(encoding="utf-8")
    workflow = release()
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {}
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    assert build["permissions"] == {"contents": "read"}
    assert publish["permissions"] == {"id-token": "write"}  # on this job only
    assert publish["needs"] == "build" and publish["environment"]["name"]
    assert "secrets." not in text  # no stored token: the OIDC token is the credential
    publish_action = publish["steps"][-1]
    assert not {"password", "user", "api-token"} & set(publish_action.get("with", {}))
    runs = [step["run"] for step in build["steps"] if "run" in step]
    assert any("nox -s build" in run for run in runs)
    uses = [step["uses"] for job in (build, publish) for step in job["steps"] if "uses" in step]
    assert all(PINNED.fullmatch(action) for action in uses), uses
    # built once: the publish job checks nothing out and builds nothing, it uploads the artifact
    assert [step["uses"].split("@")[0] for step in publish["steps"]] == [
        "actions/download-artifact",
        "pypa/gh-action-pypi-publish",
    ]
    upload = next(s for s in build["steps"] if "upload-artifact" in s.get("uses", ""))
    download = publish["steps"][0]
    assert upload["with"]["name"] == download["with"]["name"]
    assert upload["with"]["path"] == download["with"]["path"] == "dist/"


def _linters() -> list[list[str]]:
    found = []
    zizmor = Path(sys.executable).parent / "zizmor"
    if zizmor.is_file() or shutil.which("zizmor"):
        found.append([str(zizmor) if zizmor.is_file() else "zizmor", "--offline"])
    actionlint = os.environ.get("CALIB_ACTIONLINT") or shutil.which("actionlint")
    if actionlint:
        found.append([actionlint])
    return found


def test_the_release_workflow_is_clean_under_the_workflow_linters() -> None:
    linters = _linters()
    if not linters:
        pytest.skip("neither zizmor nor actionlint is installed")
    for command in linters:
        done = subprocess.run([*command, str(RELEASE)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_nox_builds_on_demand_and_keeps_its_default_sessions() -> None:
    nox = pytest.importorskip("nox")
    from nox import registry

    spec = importlib.util.spec_from_file_location("noxfile_under_test", CHECKOUT / "noxfile.py")
    assert spec is not None and spec.loader is not None
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    assert nox.options.sessions == ["lint", "typing", "tests"]
    assert registry.get()["build"].default is False  # type: ignore[attr-defined]


def _tool(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (pip install -e . --group test)")


@pytest.mark.slow
def test_the_distributions_build_from_the_sdist_and_pass_twine_check(tmp_path: Path) -> None:
    _tool("build")
    _tool("twine")
    _tool("hatchling")
    # python -m build makes the sdist, then the wheel from the sdist: the sdist is complete
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp_path), CHECKOUT],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    wheel = tmp_path / f"calibration_as_code-{__version__}-py3-none-any.whl"
    sdist = tmp_path / f"calibration_as_code-{__version__}.tar.gz"
    assert sorted(tmp_path.iterdir()) == [wheel, sdist]
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        meta = Parser().parsestr(
            archive.read(f"calibration_as_code-{__version__}.dist-info/METADATA").decode()
        )
    assert meta["Version"] == __version__
    # A Source URL, when the project names one, must be a real https address.
    assert all(
        url.split(", ", 1)[1].startswith("https://") for url in meta.get_all("Project-URL") or []
    )
    for name in (
        "calibration/scaffold/install.py",
        "calibration/scaffold/template/pre-commit-config.yaml",
        "calibration/scaffold/template/pre-commit-local.yaml",
        "calibration/scaffold/template/workflow-comment.yml",
        "calibration/scaffold/template/rubric/rules.yaml",
    ):
        assert name in names, name
    with tarfile.open(sdist) as archive:
        assert f"calibration_as_code-{__version__}/README.md" in archive.getnames()
