"""One convention for the repository across commands: found upward like git, or --root.

The old positional ROOT of build, review, codeowners, packets and audit-site
still works, with a note pointing at --root.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from command_helpers import Calib

from calibration.load.layout import find_root

SITE_FIXTURE = Path(__file__).resolve().parents[1] / "site" / "fixtures" / "org"


def test_find_root_walks_up_from_files_and_folders(mini_repo: Path, tmp_path: Path) -> None:
    assert find_root(mini_repo) == mini_repo.resolve()
    assert find_root(mini_repo / "people" / "ash") == mini_repo.resolve()
    assert find_root(mini_repo / "people" / "ash" / "fy25-b.yaml") == mini_repo.resolve()
    assert find_root(mini_repo / "cycles" / "fy25-b") == mini_repo.resolve()
    assert find_root(tmp_path / "nowhere") is None  # not inside any repository


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["status", "--today", "2025-12-01"],
        ["new", "team", "gamma", "--name", "Gamma"],
        ["outcomes", "new", "--cycle", "fy25-b"],
        ["cycle", "close", "fy25-b", "--check"],
        ["evidence", "check", "fy25-b.yaml"],
        ["rubric", "export", "--format", "csv"],
        ["export", "outcomes", "--cycle", "fy25-a"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_commands_work_from_a_subfolder(mini_repo: Path, calib: Calib, args: list[str]) -> None:
    result = calib(*args, cwd=mini_repo / "people" / "ash")
    assert "not a calibration repository" not in result.output, result.output
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output


def test_root_option_names_another_repository(
    mini_repo: Path, tmp_path: Path, calib: Calib
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = calib(
        "new", "team", "gamma", "--name", "Gamma", "--root", str(mini_repo), cwd=elsewhere
    )
    assert result.exit_code == 0, result.output
    assert "id: gamma" in (mini_repo / "people" / "teams.yaml").read_text(encoding="utf-8")
    outside = calib("status", cwd=elsewhere)
    assert outside.exit_code == 2 and "is not a calibration repository" in outside.stderr


def test_the_old_positional_root_still_works_with_a_note(tmp_path: Path, calib: Calib) -> None:
    import shutil

    org = tmp_path / "org"
    shutil.copytree(SITE_FIXTURE, org)
    site = tmp_path / "site"
    result = calib("build", str(org), "-a", "org", "-d", str(site), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "`calib build ROOT` is deprecated; use `calib build --root ROOT`" in result.stderr
    audit = calib("audit-site", str(site), str(org), "-a", "org", cwd=tmp_path)
    assert audit.exit_code == 0, audit.output
    assert "deprecated" in audit.stderr
    # the new form says nothing of the kind
    again = calib("audit-site", str(site), "--root", str(org), "-a", "org", cwd=tmp_path)
    assert again.exit_code == 0 and "deprecated" not in again.output
    owners = calib("codeowners", "--check", str(org), cwd=tmp_path)
    assert "`calib codeowners ROOT` is deprecated" in owners.stderr
    assert "not a calibration repository" not in owners.output


def test_giving_the_repository_twice_is_a_usage_error(mini_repo: Path, calib: Calib) -> None:
    result = calib("codeowners", str(mini_repo), "--root", str(mini_repo))
    assert result.exit_code == 2
    assert "give the repository once, with --root" in result.stderr


def test_a_real_process_finds_the_root_from_a_subfolder(mini_repo: Path) -> None:
    script = Path(sys.executable).with_name("calib")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "calibration"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    done = subprocess.run(
        [*command, "validate", "fy25-b.yaml"],
        cwd=mini_repo / "people" / "cyd",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "1 files checked: no problems.\n" and done.stderr == ""
