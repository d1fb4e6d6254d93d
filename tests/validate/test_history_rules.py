"""``calib validate --base``: the history rules, against real git repositories."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from gitutil import GIT_MINI, commit_all, git, init_repo

from calibration.cli import main

Edit = Callable[[Path, str, str, str], None]


def validate(repo: Path, *extra: str) -> tuple[int, list[dict[str, Any]]]:
    """Run ``calib validate --base main`` and return the exit code and the diagnostics."""
    result = CliRunner().invoke(
        main, ["validate", "--format", "json", "--base", "main", *extra, str(repo)]
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def of_rule(diagnostics: list[dict[str, Any]], rule: str) -> list[dict[str, Any]]:
    return [d for d in diagnostics if d["rule"] == rule]


def test_an_untouched_branch_is_clean(git_repo: Path) -> None:
    code, diagnostics = validate(git_repo)
    assert (code, diagnostics) == (0, [])


def test_editing_a_closed_cycle_file_is_refused_on_the_changed_line(
    git_repo: Path, edit: Edit
) -> None:
    edit(git_repo, "people/eve/c1.yaml", "proposed_rating: solid", "proposed_rating: strong")
    code, diagnostics = validate(git_repo)
    found = of_rule(diagnostics, "closed-cycle-immutable")
    assert code == 1
    assert [(d["file"], d["line"]) for d in found] == [("people/eve/c1.yaml", 2)]
    assert "c1 is closed" in found[0]["message"]


def test_changing_closed_outcomes_is_refused_even_when_committed(
    git_repo: Path, edit: Edit
) -> None:
    edit(
        git_repo,
        "cycles/c1/outcomes.yaml",
        "  - person: hal\n    rating: solid",
        "  - person: hal\n    rating: strong",
    )
    commit_all(git_repo, "bump hal")
    _code, diagnostics = validate(git_repo)
    found = of_rule(diagnostics, "closed-cycle-immutable")
    assert [(d["file"], d["line"]) for d in found] == [("cycles/c1/outcomes.yaml", 10)]


def test_adding_and_deleting_closed_cycle_files_is_refused(git_repo: Path) -> None:
    (git_repo / "people/finn/c1.yaml").unlink()
    shutil.copy(git_repo / "people/dana/person.yaml", git_repo / "cycles/c1/notes.yaml")
    _code, diagnostics = validate(git_repo)
    messages = [d["message"] for d in of_rule(diagnostics, "closed-cycle-immutable")]
    assert any("people/finn/c1.yaml was deleted" in m for m in messages)
    assert any("cycles/c1/notes.yaml adds a file" in m for m in messages)


def test_reopening_a_closed_cycle_is_refused(git_repo: Path, edit: Edit) -> None:
    edit(git_repo, "cycles/c1/cycle.yaml", "phase: closed", "phase: calibration")
    _code, diagnostics = validate(git_repo)
    found = of_rule(diagnostics, "closed-cycle-immutable")
    assert len(found) == 1 and "reopening c1" in found[0]["message"]
    assert found[0]["line"] == 6


def test_open_cycles_and_closing_a_cycle_are_allowed(git_repo: Path, edit: Edit) -> None:
    edit(git_repo, "people/eve/c2.yaml", "proposed_rating: solid", "proposed_rating: strong")
    edit(git_repo, "cycles/c2/cycle.yaml", "phase: calibration", "phase: closed")
    _code, diagnostics = validate(git_repo)
    assert of_rule(diagnostics, "closed-cycle-immutable") == []


def test_a_changed_calibrated_rating_needs_its_own_rationale(git_repo: Path, edit: Edit) -> None:
    edit(
        git_repo,
        "cycles/c2/outcomes.yaml",
        "    rating: solid\n    rationale",
        "    rating: strong\n    rationale",
    )
    edit(
        git_repo,
        "cycles/c2/outcomes.yaml",
        "  - person: finn\n    rating: solid",
        "  - person: finn\n    rating: low",
    )
    _code, diagnostics = validate(git_repo)
    found = {
        d["message"].split("'")[0]: d for d in of_rule(diagnostics, "calibrated-rating-rationale")
    }
    assert set(found) == {"eve", "finn"}
    assert "the rationale is the one written for solid" in found["eve"]["message"]
    assert found["eve"]["line"] == 5
    assert "add a rationale" in found["finn"]["message"]


def test_a_rewritten_rationale_satisfies_the_rule(git_repo: Path, edit: Edit) -> None:
    edit(
        git_repo,
        "cycles/c2/outcomes.yaml",
        "    rating: solid\n    rationale: Held at Solid after discussion.",
        "    rating: strong\n"
        "    rationale: Raised after peers confirmed the export work spanned two teams.",
    )
    _code, diagnostics = validate(git_repo)
    assert of_rule(diagnostics, "calibrated-rating-rationale") == []


def test_a_level_change_needs_an_approved_promotion(git_repo: Path, edit: Edit) -> None:
    edit(git_repo, "people/eve/person.yaml", "level: E2", "level: E3")
    _code, diagnostics = validate(git_repo)
    found = of_rule(diagnostics, "level-change-backed")
    assert [(d["file"], d["line"]) for d in found] == [("people/eve/person.yaml", 3)]
    edit(
        git_repo,
        "cycles/c2/outcomes.yaml",
        "  - person: finn\n    rating: solid\n",
        "  - person: finn\n    rating: solid\n"
        "promotions:\n  - person: eve\n    to_level: E3\n    decision: deferred\n",
    )
    _code, diagnostics = validate(git_repo)
    assert "c2 decided deferred" in of_rule(diagnostics, "level-change-backed")[0]["message"]
    edit(git_repo, "cycles/c2/outcomes.yaml", "decision: deferred", "decision: approved")
    _code, diagnostics = validate(git_repo)
    assert of_rule(diagnostics, "level-change-backed") == []


def test_a_handle_changed_without_its_folder(git_repo: Path, edit: Edit) -> None:
    edit(git_repo, "people/hal/person.yaml", "handle: hal", "handle: hal-b")
    _code, diagnostics = validate(git_repo)
    found = of_rule(diagnostics, "handle-rename")
    assert len(found) == 1 and "git mv people/hal people/hal-b" in found[0]["message"]
    # the history rule replaces the plain folder check on that line
    assert of_rule(diagnostics, "handle-matches-folder") == []


def test_a_folder_moved_without_its_handle(git_repo: Path) -> None:
    git(git_repo, "mv", "people/finn", "people/finnegan")
    _code, diagnostics = validate(git_repo)
    found = of_rule(diagnostics, "handle-rename")
    assert [d["file"] for d in found] == ["people/finnegan/person.yaml"]
    assert "the handle is still finn" in found[0]["message"]


def test_a_folder_move_git_has_not_seen_yet_is_paired_by_handle(git_repo: Path) -> None:
    shutil.move(git_repo / "people/finn", git_repo / "people/finnegan")
    _code, diagnostics = validate(git_repo)
    assert "the handle is still finn" in of_rule(diagnostics, "handle-rename")[0]["message"]


def test_renaming_a_person_with_closed_history_is_refused(git_repo: Path, edit: Edit) -> None:
    git(git_repo, "mv", "people/finn", "people/finnegan")
    edit(git_repo, "people/finnegan/person.yaml", "handle: finn", "handle: finnegan")
    _code, diagnostics = validate(git_repo)
    found = of_rule(diagnostics, "handle-rename")
    assert len(found) == 1 and "closed cycle(s) c1" in found[0]["message"]


def test_renaming_a_person_without_closed_history_is_allowed(git_repo: Path, edit: Edit) -> None:
    (git_repo / "people/nia").rename(git_repo / "people/nia-k")
    edit(git_repo, "people/nia-k/person.yaml", "handle: nia", "handle: nia-k")
    for handle in ("gus", "hal"):
        edit(git_repo, f"people/{handle}/person.yaml", "manager: nia", "manager: nia-k")
    commit_all(git_repo, "rename nia")
    code, diagnostics = validate(git_repo)
    assert of_rule(diagnostics, "handle-rename") == []
    assert code == 0, diagnostics


def test_history_rules_are_listed_with_the_others() -> None:
    result = CliRunner().invoke(main, ["rules"])
    for rule in (
        "closed-cycle-immutable",
        "calibrated-rating-rationale",
        "level-change-backed",
        "handle-rename",
    ):
        assert rule in result.output


def test_a_pull_request_cannot_switch_off_the_rule_guarding_it(git_repo: Path, edit: Edit) -> None:
    edit(
        git_repo,
        "rubric/rules.yaml",
        "min_group_size: 2",
        "min_group_size: 2\nseverities:\n  closed-cycle-immutable: off",
    )
    edit(git_repo, "people/eve/c1.yaml", "proposed_rating: solid", "proposed_rating: strong")
    code, diagnostics = validate(git_repo)
    assert code == 1 and of_rule(diagnostics, "closed-cycle-immutable")


def test_unknown_ref_and_missing_git_repo_are_usage_errors(git_repo: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--base", "no-such-branch", str(git_repo)])
    assert result.exit_code == 2 and "unknown ref 'no-such-branch'" in result.stderr
    plain = tmp_path / "plain"
    shutil.copytree(git_repo, plain, ignore=shutil.ignore_patterns(".git"))
    result = CliRunner().invoke(main, ["validate", "--base", "main", str(plain)])
    assert result.exit_code == 2 and "not inside a git repository" in result.stderr


def test_the_base_is_the_merge_base_so_later_main_commits_do_not_count(
    git_repo: Path, edit: Edit
) -> None:
    git(git_repo, "checkout", "-q", "main")
    edit(
        git_repo,
        "cycles/c2/outcomes.yaml",
        "  - person: finn\n    rating: solid",
        "  - person: finn\n    rating: low\n    rationale: Agreed in the room.",
    )
    commit_all(git_repo, "main moves on")
    git(git_repo, "checkout", "-q", "change")
    code, diagnostics = validate(git_repo)
    assert (code, diagnostics) == (0, [])


def test_a_calibration_folder_inside_a_larger_repository(tmp_path: Path, edit: Edit) -> None:
    top = tmp_path / "mono"
    shutil.copytree(GIT_MINI, top / "hr" / "calibration")
    init_repo(top)
    commit_all(top, "base")
    root = top / "hr" / "calibration"
    edit(root, "people/eve/c1.yaml", "proposed_rating: solid", "proposed_rating: strong")
    _code, diagnostics = validate(root)
    assert [d["file"] for d in of_rule(diagnostics, "closed-cycle-immutable")] == [
        "people/eve/c1.yaml"
    ]
