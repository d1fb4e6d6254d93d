"""Which files and lines a change touched: the scope annotations are picked by."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from gitutil import commit_all, git

from calibration.cli import main
from calibration.gitops.changes import change_scope, changed_lines
from calibration.gitops.snapshot import compare_with

Edit = Callable[[Path, str, str, str], None]
BEFORE = b"".join(f"line {n}\n".encode() for n in range(1, 21))


def test_an_edited_line_and_the_diff_around_it() -> None:
    after = BEFORE.replace(b"line 10\n", b"line ten\n")
    lines = changed_lines(BEFORE, after)
    assert lines.added == {10}
    assert lines.context == set(range(7, 14))


def test_inserted_and_deleted_lines() -> None:
    inserted = changed_lines(BEFORE, BEFORE.replace(b"line 5\n", b"line 5\nnew a\nnew b\n"))
    assert inserted.added == {6, 7}
    deleted = changed_lines(BEFORE, BEFORE.replace(b"line 5\n", b""))
    assert deleted.added == set() and deleted.context == set(range(2, 8))


def test_a_new_file_is_changed_everywhere_and_an_unchanged_one_nowhere() -> None:
    assert changed_lines(None, b"a\nb\n").added == {1, 2, 3}
    same = changed_lines(BEFORE, BEFORE)
    assert same.added == same.context == set()


def test_the_scope_of_a_real_change(git_repo: Path, edit: Edit) -> None:
    edit(git_repo, "people/eve/c2.yaml", "proposed_rating: solid", "proposed_rating: strong")
    (git_repo / "people/gus").rename(git_repo / "people/gus-b")
    (git_repo / "people/finn/c2.yaml").unlink()
    commit_all(git_repo, "a change")
    (git_repo / "people/hal/c3.yaml").write_text("cycle: c3\n", encoding="utf-8")  # untracked
    scope = change_scope(compare_with(git_repo, "main"), "added")
    assert scope.annotate == "added" and "main" in scope.base_label
    assert set(scope.files) == {
        "people/eve/c2.yaml",
        "people/finn/c2.yaml",
        "people/gus-b/c1.yaml",
        "people/gus-b/c2.yaml",
        "people/gus-b/person.yaml",
        "people/hal/c3.yaml",
    }
    eve = (git_repo / "people/eve/c2.yaml").read_text(encoding="utf-8").split("\n")
    assert scope.files["people/eve/c2.yaml"].added == {eve.index("proposed_rating: strong") + 1}
    assert scope.files["people/gus-b/c2.yaml"].added == set(), "moved, not edited"
    assert scope.files["people/hal/c3.yaml"].added == {1, 2}
    assert scope.files["people/finn/c2.yaml"].removed
    assert not scope.files["people/eve/c2.yaml"].removed


def test_a_history_finding_is_annotated_wherever_it_points(git_repo: Path) -> None:
    (git_repo / "people/eve/c1.yaml").unlink()  # a file of the closed cycle c1
    result = CliRunner().invoke(
        main,
        ["validate", "--format", "github", "--base", "main", "--annotate", "added", str(git_repo)],
        env={"GITHUB_STEP_SUMMARY": ""},
    )
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    # Located on the cycle, a file the change does not touch: the history rules judge the
    # change itself, so their findings are annotated wherever they point.
    assert first.startswith("::error file=cycles/c1/cycle.yaml,line=1,")
    assert "title=closed-cycle-immutable" in first


def test_a_moved_folders_findings_are_neither_new_nor_fixed(git_repo: Path, edit: Edit) -> None:
    git(git_repo, "checkout", "-q", "main")
    edit(git_repo, "people/gus/c2.yaml", "invisible_work: Answered", "invisible_work: ''\n# A")
    commit_all(git_repo, "a finding on main")
    git(git_repo, "checkout", "-q", "-B", "change")
    (git_repo / "people/gus").rename(git_repo / "people/gus-b")
    edit(git_repo, "people/gus-b/person.yaml", "handle: gus", "handle: gus-b")
    result = CliRunner().invoke(
        main, ["review", "--base", "main", "--format", "json", str(git_repo)]
    )
    findings = json.loads(result.stdout)["findings"]
    new = {d["rule"] for d in findings["new"] if d["file"] == "people/gus-b/c2.yaml"}
    fixed = {d["rule"] for d in findings["fixed"] if d["file"] == "people/gus/c2.yaml"}
    assert fixed == set() and "prefill-invisible-work" not in new
