"""``calib new`` and ``calib init``: valid skeletons, never overwriting, read from the rubric."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from gitutil import commit_all, git, init_repo
from terminal import run_in_terminal

from calibration.cli import main

SKELETON_RULES = {
    "prefill-rating",
    "prefill-evidence",
    "prefill-project",
    "prefill-uncertainty",
    "prefill-invisible-work",
    "peer-input-count",
}


def calib(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def diagnostics(repo: Path, *extra: str) -> tuple[int, list[dict[str, Any]]]:
    result = calib("validate", "--format", "json", *extra, str(repo))
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def new_cycle(repo: Path, cycle: str = "c3") -> None:
    result = calib(
        "new",
        "cycle",
        cycle,
        "--name",
        "Cycle three",
        "--start",
        "2026-01-01",
        "--end",
        "2026-06-30",
        "--root",
        str(repo),
    )
    assert result.exit_code == 0, result.output


def test_a_prefill_skeleton_passes_the_schema_and_is_the_checklist(git_repo: Path) -> None:
    new_cycle(git_repo)
    result = calib("new", "prefill", "eve", "--cycle", "c3", "--root", str(git_repo))
    assert result.exit_code == 0 and "wrote people/eve/c3.yaml" in result.stdout
    _code, found = diagnostics(git_repo)
    mine = [d for d in found if d["file"] == "people/eve/c3.yaml"]
    assert {d["rule"] for d in mine} == SKELETON_RULES
    assert [d for d in found if d["file"] == "cycles/c3/cycle.yaml"] == []


def test_the_skeleton_reads_ids_from_the_rubric_and_carries_the_prompts(git_repo: Path) -> None:
    new_cycle(git_repo)
    calib("new", "prefill", "eve", "--cycle", "c3", "--root", str(git_repo))
    text = (git_repo / "people/eve/c3.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/prefill.schema.json\n")
    assert "low (Low), solid (Solid), strong (Strong), top (Top)" in text
    assert "one for shipping and one for outcomes or multiplier" in text
    assert 'target_level: "E3"' in text
    assert "E2 is expected to show" in text and "Ships whole features." in text
    for prompt in (
        "won't show up in metrics",
        "before and after",
        "the scope",
        "own role",
        "least sure",
        "3 to 5",
        "directly",
        "ambiguity",
        "dependencies",
        "novelty",
    ):
        assert prompt in text, prompt
    for other_org in ("meets", "L5", "delivery:"):  # the demo org's ids never leak into another org
        assert other_org not in text


def test_files_are_never_overwritten(git_repo: Path) -> None:
    before = (git_repo / "people/eve/c2.yaml").read_bytes()
    result = calib("new", "prefill", "eve", "--cycle", "c2", "--root", str(git_repo))
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert (git_repo / "people/eve/c2.yaml").read_bytes() == before
    again = calib("new", "person", "eve", "--root", str(git_repo))
    assert again.exit_code == 1
    new_cycle(git_repo)
    assert calib("new", "cycle", "c3", "--root", str(git_repo)).exit_code == 1


def test_closed_cycles_and_unknown_names_are_refused(git_repo: Path) -> None:
    assert calib("new", "prefill", "eve", "--cycle", "c1", "--root", str(git_repo)).exit_code == 1
    unknown = calib("new", "prefill", "zed", "--cycle", "c2", "--root", str(git_repo))
    assert unknown.exit_code == 2 and "calib new person" in unknown.stderr
    bad_level = calib(
        "new",
        "person",
        "ivy",
        "--name",
        "Ivy",
        "--level",
        "L5",
        "--team",
        "core",
        "--manager",
        "mo",
        "--start-date",
        "2025-01-01",
        "--root",
        str(git_repo),
    )
    assert bad_level.exit_code == 2 and "E1, E2, E3, M, D" in bad_level.stderr


def test_a_script_missing_a_flag_gets_a_usage_error_naming_it(git_repo: Path) -> None:
    result = calib(
        "new",
        "person",
        "ivy",
        "--name",
        "Ivy",
        "--level",
        "E1",
        "--team",
        "core",
        "--root",
        str(git_repo),
    )
    assert result.exit_code == 2 and "missing --manager" in result.stderr
    cycle = calib("new", "cycle", "c3", "--name", "x", "--root", str(git_repo))
    assert cycle.exit_code == 2 and "missing --start" in cycle.stderr
    assert not (git_repo / "people/ivy").exists()


def test_a_new_person_and_cycle_are_valid(git_repo: Path) -> None:
    result = calib(
        "new",
        "person",
        "ivy",
        "--name",
        'Ivy "Quotes" O\'Neil',
        "--level",
        "E1",
        "--team",
        "edge",
        "--manager",
        "nia",
        "--start-date",
        "2025-08-01",
        "--git-username",
        "ivy-gh",
        "--root",
        str(git_repo),
    )
    assert result.exit_code == 0, result.output
    new_cycle(git_repo)
    code, found = diagnostics(git_repo)
    assert (code, found) == (0, [])


def test_a_terminal_user_is_asked_for_what_is_missing(git_repo: Path) -> None:
    # name, level (a wrong one, then asked again), team, manager, role (default),
    # start date, git username (skipped)
    answers = "Ivy Quinn\nL9\nE1\ncore\nmo\n\n2025-08-01\n\n"
    code, output = run_in_terminal(["new", "person", "ivy", "--root", str(git_repo)], answers)
    assert code == 0, output
    assert "'L9' is not a level" in output
    text = (git_repo / "people/ivy/person.yaml").read_text(encoding="utf-8")
    assert 'name: "Ivy Quinn"' in text and 'level: "E1"' in text and 'role: "engineer"' in text
    assert diagnostics(git_repo) == (0, [])


def _uncomment(text: str, start: str, prefix: str, strip: int) -> str:
    """Uncomment the example block that follows the line ``start``, as a manager would."""
    lines = text.split("\n")
    index = lines.index(start)
    lines[index] = start.replace(": []", ":").removeprefix("# ")
    index += 1
    while index < len(lines) and lines[index].startswith(prefix):
        lines[index] = lines[index][strip:]
        index += 1
    return "\n".join(lines)


def fill_in(text: str) -> str:
    """What a manager writes into the skeleton: every answer, using its commented examples."""
    text = text.replace('proposed_rating: ""', "proposed_rating: solid")
    text = _uncomment(text, "evidence: []", "#  ", 1)
    statements = iter(
        [
            "I owned the invoice retry service end to end and shipped it on 3 March, a week early.",
            "I cut failed invoice payments for 300 merchants from 4% to 1% across two teams.",
        ]
    )
    text = "\n".join(
        line.replace("I ...", next(statements)) if line.strip() == "I ..." else line
        for line in text.split("\n")
    )
    text = text.replace('    date: "YYYY-MM-DD"', '    date: "2026-03-03"')
    text = text.replace('    scope: ""', "    scope: 300 merchants, two teams")
    text = text.replace('      before: ""', "      before: 4% failed").replace(
        '      after: ""', "      after: 1% failed"
    )
    text = _uncomment(text, "# project:", "#   ", 2)
    text = text.replace('  name: ""', "  name: Invoice retries")
    text = text.replace(
        'uncertainty: ""', "uncertainty: How much of the drop came from the new card provider."
    )
    text = text.replace(
        'invisible_work: ""', "invisible_work: Rewrote the payments runbook that on-call now uses."
    )
    peers = "".join(
        f"  - observer: {who}\n    relationship: teammate\n"
        "    observation: Eve's retry design review saved us a week of rework.\n"
        for who in ("finn", "gus", "hal")
    )
    return text.replace("peer_observations: []\n", "peer_observations:\n" + peers)


def test_the_manager_flow_from_skeleton_to_green_validate_and_review(git_repo: Path) -> None:
    git(git_repo, "checkout", "-q", "main")
    new_cycle(git_repo)
    commit_all(git_repo, "open c3")
    git(git_repo, "checkout", "-q", "-b", "prefill/eve")
    assert calib("new", "prefill", "eve", "--cycle", "c3", "--root", str(git_repo)).exit_code == 0
    path = git_repo / "people/eve/c3.yaml"
    path.write_text(fill_in(path.read_text(encoding="utf-8")), encoding="utf-8")
    code, found = diagnostics(git_repo, "--base", "main")
    assert [d for d in found if d["severity"] == "error"] == [] and code == 0, found
    review = calib("review", "--base", "main", str(git_repo))
    assert review.exit_code == 0
    assert (
        "| Eve Engineer (eve) | Mo Manager (mo) | E2 | c3, added | Solid "
        "| shipping: 1 added · outcomes: 1 added |" in review.stdout
    )


OWNERS = ("--maintainer", "@acme/calibration-maintainers", "--calibration-team", "@acme/leads")


def test_init_makes_a_repository_that_validates_and_builds(tmp_path: Path) -> None:
    dest = tmp_path / "acme-calibration"
    result = calib("init", str(dest), "--name", "Acme", *OWNERS)
    assert result.exit_code == 0, result.output
    for relpath in (
        "rubric/ladder.yaml",
        "rubric/ratings.yaml",
        "rubric/rules.yaml",
        "rubric/audiences.yaml",
        "schemas/prefill.schema.json",
        "people/teams.yaml",
        "mkdocs.yml",
        "README.md",
        ".github/workflows/calibration.yml",
        ".github/workflows/calibration-comment.yml",
        ".github/pull_request_template.md",
        ".github/CODEOWNERS",
        ".github/calib-requirement.txt",
        ".pre-commit-config.yaml",
        "docs/guide/writing-a-prefill.md",
    ):
        assert (dest / relpath).is_file(), relpath
    assert not (dest / "cycles").exists()  # opened with `calib new cycle`, on the org's ladder
    code, found = diagnostics(dest)
    assert code == 0 and [d for d in found if d["severity"] == "error"] == []
    rules = (dest / "rubric/rules.yaml").read_text(encoding="utf-8")
    assert "@demo-org" not in rules and "@acme/calibration-maintainers" in rules
    assert "pip install -r .github/calib-requirement.txt" in (
        dest / ".github/workflows/calibration.yml"
    ).read_text(encoding="utf-8")
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
        cwd=dest,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert (site / "index.html").is_file() and (
        site / "guide/writing-a-prefill/index.html"
    ).is_file()


def test_init_then_the_first_people_and_prefill(tmp_path: Path) -> None:
    dest = tmp_path / "org"
    assert calib("init", str(dest), *OWNERS).exit_code == 0
    team = calib("new", "team", "example-team", "--name", "Example", "--root", str(dest))
    assert team.exit_code == 0, team.output
    new_cycle(dest, "2026-h1")
    init_repo(dest)
    commit_all(dest, "start")
    cycle = "2026-h1"
    args = ["--team", "example-team", "--start-date", "2024-05-01", "--root", str(dest)]
    assert (
        calib(
            "new", "person", "ada", "--name", "Ada", "--level", "L6", "--manager", "none", *args
        ).exit_code
        == 0
    )
    assert (
        calib(
            "new", "person", "bo", "--name", "Bo", "--level", "L4", "--manager", "ada", *args
        ).exit_code
        == 0
    )
    assert calib("new", "prefill", "bo", "--cycle", cycle, "--root", str(dest)).exit_code == 0
    text = (dest / f"people/bo/{cycle}.yaml").read_text(encoding="utf-8")
    assert (
        "meets (Meets expectations)" in text
    )  # this project's rubric was copied as the starting point
    _code, found = diagnostics(dest, "--base", "main")
    assert {
        d["rule"]
        for d in found
        if d["file"] == f"people/bo/{cycle}.yaml" and d["severity"] == "error"
    } == SKELETON_RULES


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = calib("init", str(tmp_path))
    assert result.exit_code == 1 and "not empty" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


@pytest.mark.slow
def test_the_wheel_ships_what_init_copies(tmp_path: Path) -> None:
    from gitutil import REPO_ROOT

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO_ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {done.stderr.strip()[-200:]}")
    import zipfile

    names = set(zipfile.ZipFile(next(tmp_path.glob("*.whl"))).namelist())
    for name in (
        "calibration/scaffold/template/workflow.yml",
        "calibration/scaffold/template/rubric/ladder.yaml",
        "calibration/scaffold/template/guide/writing-a-prefill.md",
        "calibration/schemas/prefill.schema.json",
    ):
        assert name in names, name
