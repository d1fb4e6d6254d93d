"""``calib validate PATH...``: findings of some files, with every cross-file rule still run."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from command_helpers import Calib


def _replace(root: Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not once in {relpath}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _break_two(root: Path) -> None:
    """An error in ash's person file and one in bea's."""
    _replace(root, "people/ash/person.yaml", "name: Ash Morrow", 'name: ""')
    _replace(root, "people/bea/person.yaml", "team: ", "team: nowhere-")


def test_one_file_reports_only_its_own_findings(mini_repo: Path, calib: Calib) -> None:
    _break_two(mini_repo)
    everything = calib("validate", str(mini_repo))
    assert "people/ash/person.yaml" in everything.stdout
    assert "people/bea/person.yaml" in everything.stdout

    result = calib("validate", str(mini_repo / "people" / "ash" / "person.yaml"))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("people/ash/person.yaml:3:7: error [schema]")
    assert "people/bea" not in result.stdout
    assert "1 files checked: 1 error(s), 0 warning(s) in 1 file(s)." in lines


def test_a_folder_reports_the_files_under_it(mini_repo: Path, calib: Calib) -> None:
    _break_two(mini_repo)
    result = calib("validate", "people/bea", cwd=mini_repo)
    assert result.exit_code == 1
    assert {line.split(":")[0] for line in result.stdout.splitlines()[:-2]} == {
        "people/bea/person.yaml"
    }
    assert "3 files checked" in result.stdout  # person.yaml and two cycle files


def test_cross_file_rules_still_read_the_whole_repository(mini_repo: Path, calib: Calib) -> None:
    # dev leaves people/: ash's pre-fill names dev as an observer, which only a rule
    # reading both folders can tell; asking for ash's file alone still reports it
    (mini_repo / "people" / "dev" / "person.yaml").unlink()
    result = calib("validate", "people/ash/fy25-b.yaml", cwd=mini_repo)
    assert result.exit_code == 1
    assert "people/ash/fy25-b.yaml:38:15: error [unknown-observer]" in result.stdout
    assert "people/dev" not in result.stdout


def test_paths_are_relative_to_the_working_directory_and_find_the_root(
    mini_repo: Path, calib: Calib
) -> None:
    _break_two(mini_repo)
    here = mini_repo / "people" / "ash"
    result = calib("validate", "person.yaml", cwd=here)
    assert result.exit_code == 1
    assert result.stdout.startswith("people/ash/person.yaml:3:7: error [schema]")
    # no path at all, in a subfolder: the whole repository, found upward
    result = calib("validate", cwd=here)
    assert "people/bea/person.yaml" in result.stdout and "people/ash" in result.stdout


def test_the_cached_result_is_filtered_the_same_way(mini_repo: Path, calib: Calib) -> None:
    _break_two(mini_repo)
    first = calib("validate", "people/ash", cwd=mini_repo)
    assert (mini_repo / ".calib-cache").is_dir()
    again = calib("validate", "people/ash", cwd=mini_repo)  # nothing changed: the stored result
    assert again.stdout == first.stdout and again.exit_code == first.exit_code == 1


def test_paths_it_cannot_check_are_usage_errors(
    mini_repo: Path, tmp_path: Path, calib: Calib
) -> None:
    (mini_repo / "notes.txt").write_text("not data", encoding="utf-8")
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("a: 1\n", encoding="utf-8")
    cases = {
        ("people/nobody.yaml",): "people/nobody.yaml does not exist",
        ("notes.txt",): "notes.txt is not a file calib reads",
        # the first path names the repository; the others must be inside it
        ("people/ash", str(outside)): "is outside the repository at",
    }
    for paths, says in cases.items():
        result = calib("validate", *paths, cwd=mini_repo)
        assert result.exit_code == 2, paths
        assert says in result.stderr and "Traceback" not in result.output


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_paths_with_base_keep_the_changes_own_findings_first(mini_repo: Path, calib: Calib) -> None:
    _git(mini_repo, "init", "-q", "-b", "main")
    _git(mini_repo, "-c", "user.name=T", "-c", "user.email=t@example.com", "add", "-A")
    _git(mini_repo, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "b")
    _break_two(mini_repo)
    # one more finding in bea's folder that is not on a changed line
    _replace(mini_repo, "people/bea/fy25-b.yaml", "uncertainty: First", 'uncertainty: ""\n# First')
    result = calib("validate", "--base", "main", "--format", "json", "people/bea", cwd=mini_repo)
    found = json.loads(result.stdout)["diagnostics"]
    assert {d["file"] for d in found} <= {"people/bea/person.yaml", "people/bea/fy25-b.yaml"}
    places = [d["in_change"] for d in found]
    assert places == sorted(places, key=["added-line", "diff-context", "file", None].index)
    assert places[0] == "added-line"
