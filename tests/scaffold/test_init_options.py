"""``calib init``: the owners it needs, what it records about calib, git, and no demo leftovers."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from terminal import run_in_terminal

from calibration import __version__
from calibration.cli import main
from calibration.load.repository import load_repository
from calibration.scaffold.install import from_direct_url, from_spec

CHECKOUT = Path(__file__).resolve().parents[2]
OWNERS = ("--maintainer", "@acme/calibration-maintainers", "--calibration-team", "@acme/leads")
REPO = "https://example.com/calib/calibration-as-code"
SSH = "ssh://git@example.com/calib/calibration-as-code.git"


def calib(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_script_gets_one_error_naming_every_missing_owner(tmp_path: Path) -> None:
    result = calib("init", tmp_path / "org")
    assert result.exit_code == 2
    assert "missing --maintainer, --calibration-team" in result.stderr
    assert not (tmp_path / "org").exists()
    one = calib("init", tmp_path / "org", "--maintainer", "alice")
    assert one.exit_code == 2 and "missing --calibration-team:" in one.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--maintainer", "alice", "--calibration-team", "@alice"), "only one owner"),
        (("--maintainer", "al#ice", "--calibration-team", "bo"), "'@al#ice': not a git host"),
        (("--maintainer", "al", "--calibration-team", "bo", "--calib-spec", "-e ."), "not one"),
    ],
)
def test_owners_and_specs_that_cannot_work_are_refused(
    tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    result = calib("init", tmp_path / "org", *args)
    assert result.exit_code == 2 and says in result.stderr, result.stderr
    assert not (tmp_path / "org").exists()


def test_the_owners_route_reviews_from_the_first_commit(tmp_path: Path) -> None:
    dest = tmp_path / "org"
    result = calib(
        "init", dest, *OWNERS, "--calibration-lead", "lee, @acme/room", "--maintainer", "mo"
    )
    assert result.exit_code == 0, result.output
    review = load_repository(dest).org.settings.review
    assert review.maintainers == ("@acme/calibration-maintainers", "@mo")
    assert review.calibration_team == ("@acme/leads",)
    assert review.calibration_leads == ("@lee", "@acme/room")
    codeowners = (dest / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert re.search(r"^/cycles/ +@lee @acme/room$", codeowners, re.M)
    check = subprocess.run(
        [sys.executable, "-c", "from calibration.cli import main; main()", "codeowners", "--check"],
        cwd=dest,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_terminal_is_asked_for_the_owners(tmp_path: Path) -> None:
    # maintainers (a bad name first, asked again), calibration team, leads (skipped)
    code, output = run_in_terminal(
        ["init", "org"], "bad#name\nmo ann\n@acme/team\n\n", cwd=tmp_path
    )
    assert code == 0, output
    assert "not a git host username" in output and "Calibration leads" in output
    review = load_repository(tmp_path / "org").org.settings.review
    assert (review.maintainers, review.calibration_team) == (("@mo", "@ann"), ("@acme/team",))


def _files(dest: Path) -> dict[str, str]:
    return {
        p.relative_to(dest).as_posix(): p.read_text(encoding="utf-8")
        for p in dest.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(dest).parts
    }


def test_nothing_only_the_demo_org_needs_is_copied(tmp_path: Path) -> None:
    dest = tmp_path / "org"
    assert calib("init", dest, *OWNERS).exit_code == 0
    org = load_repository(dest).org
    assert not org.teams and not org.people and not org.cycles  # the org's own, added later
    settings = org.settings
    assert settings.severities == {}  # a weak high rating blocks a merge, as by default
    assert settings.pipeline.career_level is None
    demo_handles = {p.name for p in (CHECKOUT / "people").iterdir() if p.is_dir()}
    demo_levels = {lv["id"] for lv in yaml.safe_load(
        (CHECKOUT / "rubric/ladder.yaml").read_text(encoding="utf-8"))["levels"]}  # fmt: skip
    for relpath, text in _files(dest).items():
        assert not re.search(r"__[A-Z_]+__", text), f"{relpath} keeps a template placeholder"
        lowered = text.lower()
        for word in ("demo", "planted", "kept as warnings"):
            assert word not in lowered, f"{relpath} says {word!r}"
        for handle in demo_handles:
            assert not re.search(rf"\b{re.escape(handle)}\b", text), f"{relpath}: {handle}"
    ladder = yaml.safe_load((dest / "rubric/ladder.yaml").read_text(encoding="utf-8"))
    assert not any(level in ladder["description"] for level in demo_levels)
    rules = (dest / "rubric/rules.yaml").read_text(encoding="utf-8")
    assert not any(re.search(rf"\b{level}\b", rules) for level in demo_levels)


def test_git_init_runs_unless_the_folder_is_inside_a_repository(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    result = calib("init", fresh, *OWNERS)
    assert result.exit_code == 0 and "git init -b main" in result.stdout
    assert git(fresh, "symbolic-ref", "HEAD") == "refs/heads/main"
    assert git(fresh, "rev-parse", "--show-toplevel") == str(fresh.resolve())

    inner = fresh / "calibration"
    result = calib("init", inner, *OWNERS)
    assert result.exit_code == 0 and "git init skipped" in result.stdout
    assert not (inner / ".git").exists()

    clone = tmp_path / "clone"  # an empty repository cloned from the git host
    git(tmp_path, "init", "-q", "-b", "main", str(clone))
    result = calib("init", clone, *OWNERS)
    assert result.exit_code == 0 and "git init skipped" in result.stdout
    assert calib("init", clone, *OWNERS).exit_code == 1  # now it is not empty


def test_the_workflow_and_the_hooks_install_what_the_requirement_file_records(
    tmp_path: Path,
) -> None:
    dest = tmp_path / "org"
    spec = f"calibration-as-code @ git+{REPO}.git@{'c' * 40}"
    result = calib("init", dest, *OWNERS, "--calib-spec", spec)
    assert result.exit_code == 0, result.output
    lines = (dest / ".github/calib-requirement.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not line.startswith("#")] == [spec]
    workflow = (dest / ".github/workflows/calibration.yml").read_text(encoding="utf-8")
    assert workflow.count("run: pip install -r .github/calib-requirement.txt") == 2
    assert "calibration-as-code==" not in workflow
    config = yaml.safe_load((dest / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert (repo["repo"], repo["rev"]) == (f"{REPO}.git", "c" * 40)
    hooks = yaml.safe_load((CHECKOUT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in repo["hooks"]] == [h["id"] for h in hooks]


def _source(data: dict[str, Any] | None) -> tuple[str, str, str, bool]:
    found = from_direct_url(data, version="1.2.3", repository=REPO)
    return found.requirement, found.hooks_repo, found.hooks_rev, found.note is not None


@pytest.mark.parametrize(
    ("direct_url", "expected"),
    [
        (None, ("calibration-as-code==1.2.3", REPO, "v1.2.3", False)),
        (
            {"url": f"{REPO}.git", "vcs_info": {"vcs": "git", "commit_id": "abc1"}},
            (f"calibration-as-code @ git+{REPO}.git@abc1", f"{REPO}.git", "abc1", False),
        ),
        (
            {"url": REPO, "vcs_info": {"vcs": "git", "commit_id": "abc1"}, "subdirectory": "py"},
            (f"calibration-as-code @ git+{REPO}@abc1#subdirectory=py", REPO, "abc1", False),
        ),
        (
            {"url": "file:///src/calib", "dir_info": {"editable": True}},
            ("calibration-as-code==1.2.3", REPO, "v1.2.3", True),
        ),
        (
            {"url": "file:///tmp/calibration_as_code-1.2.3-py3-none-any.whl", "archive_info": {}},
            ("calibration-as-code==1.2.3", REPO, "v1.2.3", True),
        ),
        (
            {"url": f"{REPO}/c.whl", "archive_info": {"hashes": {"sha256": "ff"}}},
            (f"calibration-as-code @ {REPO}/c.whl#sha256=ff", REPO, "v1.2.3", False),
        ),
    ],
)
def test_direct_url_json_tells_how_this_calib_was_installed(
    direct_url: dict[str, Any] | None, expected: tuple[str, str, str, bool]
) -> None:
    assert _source(json.loads(json.dumps(direct_url))) == expected


@pytest.mark.parametrize(
    ("spec", "repo", "rev"),
    [
        ("calibration-as-code==2.0.1", REPO, "v2.0.1"),
        (f"calibration-as-code @ git+{SSH}@v3", SSH, "v3"),
        ("calibration-as-code>=2", REPO, f"v{__version__}"),
    ],
)
def test_calib_spec_is_written_as_given_and_points_the_hooks(
    spec: str, repo: str, rev: str
) -> None:
    found = from_spec(spec, version=__version__, repository=REPO)
    assert (found.requirement, found.hooks_repo, found.hooks_rev) == (spec, repo, rev)


def test_an_org_name_that_looks_like_yaml_stays_a_name(tmp_path: Path) -> None:
    name = 'Acme: R&D #1 "north"'
    result = calib("init", tmp_path / "org", "--name", name, *OWNERS)
    assert result.exit_code == 0, result.output
    from mkdocs.config import load_config

    config = load_config(str(tmp_path / "org/mkdocs.yml"))
    assert config["site_name"] == f"{name} calibration"
