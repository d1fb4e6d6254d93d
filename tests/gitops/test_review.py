"""``calib review``: golden summaries of a realistic change, in Markdown and JSON.

Regenerate the golden files after a deliberate change of wording with
``UPDATE_GOLDEN=1 pytest tests/gitops/test_review.py`` and read the diff.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitutil import commit_all, git

from calibration.cli import main
from calibration.gitops.review_render import md

Edit = Callable[[Path, str, str, str], None]
GOLDEN = Path(__file__).parent / "golden"
HOSTILE_NAME = "Ivy <img src=x onerror=alert(1)> @everyone ![p](http://x/y.png) [z](http://x)"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.stdout


def stable(text: str) -> str:
    """Commit ids change with every run: replace them."""
    return re.sub(r"\b[0-9a-f]{7}\b", "<commit>", text)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture
def reviewed(git_repo: Path, edit: Edit) -> Path:
    """main moves on (tighter outlier settings, a missing uncertainty); the branch changes a lot."""
    repo = git_repo
    git(repo, "checkout", "-q", "main")
    edit(repo, "rubric/rules.yaml", "min_group_size: 2", "min_group_size: 1\noutlier_p_value: 0.5")
    edit(
        repo,
        "people/gus/c2.yaml",
        "uncertainty: Not sure how gus handles competing requests from other teams.\n",
        "",
    )
    commit_all(repo, "main state")
    git(repo, "checkout", "-q", "-B", "change")
    eve = "people/eve/c2.yaml"
    edit(repo, eve, "proposed_rating: solid", "proposed_rating: strong")
    edit(
        repo,
        eve,
        "I owned the c2 billing export end to end",
        "I owned the c2 billing and refund exports end to end",
    )
    edit(
        repo,
        eve,
        "uncertainty:",
        (
            "  - dimension: multiplier\n"
            "    statement: I mentored 2 engineers across two teams without being asked;\n"
            "      export pages\n"
            "      escalated to me dropped from 6 a week to 0.\n"
            "    metrics:\n      before: 6 escalations a week\n      after: 0 escalations a week\n"
            "uncertainty:"
        ),
    )
    edit(
        repo,
        eve,
        "peer_observations:\n",
        (
            "peer_observations:\n"
            "  - observer: nia\n    relationship: cross-team\n"
            "    observation: Eve unblocked the edge team's refund work in a day,\n"
            "      without being asked.\n"
        ),
    )
    with (repo / eve).open("a", encoding="utf-8") as handle:
        handle.write(
            "promotion:\n  target_level: E3\n  evidence: [ship-c2]\n"
            "  gap: Has not yet led work across teams.\n"
        )
    outcomes = "cycles/c2/outcomes.yaml"
    edit(
        repo,
        outcomes,
        "    rating: solid\n    rationale: Held at Solid after discussion.",
        "    rating: strong\n"
        "    rationale: Raised after peers confirmed the refund export spanned two teams.",
    )
    edit(repo, outcomes, "  - person: finn\n    rating: solid", "  - person: finn\n    rating: low")
    with (repo / outcomes).open("a", encoding="utf-8") as handle:
        handle.write("promotions:\n  - person: hal\n    to_level: E3\n    decision: deferred\n")
    edit(
        repo,
        "people/gus/c2.yaml",
        "invisible_work:",
        "uncertainty: Whether the export numbers hold next quarter.\ninvisible_work:",
    )
    assert (
        run(
            "new",
            "person",
            "ivy",
            "--name",
            HOSTILE_NAME,
            "--level",
            "E1",
            "--team",
            "core",
            "--manager",
            "mo",
            "--start-date",
            "2025-08-01",
            "--root",
            str(repo),
        )[0]
        == 0
    )
    assert run("new", "prefill", "ivy", "--cycle", "c2", "--root", str(repo))[0] == 0
    return repo


def test_markdown_summary_matches_the_golden_file(reviewed: Path) -> None:
    code, text = run("review", "--base", "main", str(reviewed))
    assert code == 0
    check_golden("review.md", stable(text))


def test_json_summary_matches_the_golden_file(reviewed: Path) -> None:
    code, text = run("review", "--base", "main", "--format", "json", str(reviewed))
    assert code == 0
    data = json.loads(text)
    assert [e["handle"] for e in data["engineers"]] == ["eve", "finn", "gus", "hal", "ivy"]
    check_golden("review.json", stable(text))


def test_the_summary_says_what_a_reviewer_needs(reviewed: Path) -> None:
    _code, text = run("review", "--base", "main", str(reviewed))
    assert "| c2, changed | Solid → Strong |" in text
    assert "shipping: 1 edited" in text and "multiplier: 1 added" in text
    assert "peer observations 3 → 4" in text
    assert (
        "calibrated-rating-rationale" in text
    )  # finn's changed calibrated rating has no rationale
    assert "Fixed (1)" in text and "prefill-uncertainty" in text.split("Fixed (1)")[1]
    assert "Outlier appears: Mo Manager (mo) at E2 (lenient), c2" in text
    assert "case opened for E3" in text and "decision deferred for E3" in text


def test_user_text_cannot_inject_markup_or_ping_anyone(reviewed: Path) -> None:
    _code, text = run("review", "--base", "main", str(reviewed))
    assert "<img" not in text and "![" not in text and "](" not in text
    assert "@everyone" not in text and "@\u200beveryone" in text
    assert md("a|b") == "a\\|b" and md("x\ny") == "x y"


def test_an_unknown_base_is_a_usage_error(git_repo: Path) -> None:
    result = CliRunner().invoke(main, ["review", "--base", "nope", str(git_repo)])
    assert result.exit_code == 2 and "unknown ref" in result.stderr


def test_a_branch_without_changes_says_so(git_repo: Path) -> None:
    _code, text = run("review", "--base", "main", str(git_repo))
    assert "0 engineer(s) touched" in text and "No finding appears or goes away." in text


def test_findings_that_only_move_to_another_line_are_neither_new_nor_fixed(
    git_repo: Path, edit: Edit
) -> None:
    git(git_repo, "checkout", "-q", "main")
    edit(
        git_repo, "people/gus/c2.yaml", "invisible_work: Answered", "invisible_work: ''\n# Answered"
    )
    commit_all(git_repo, "a finding on main")
    git(git_repo, "checkout", "-q", "-B", "change")
    path = git_repo / "people/gus/c2.yaml"
    path.write_text(
        "# moved down by this comment\n" + path.read_text(encoding="utf-8"), encoding="utf-8"
    )
    _code, text = run("review", "--base", "main", str(git_repo))
    assert "No finding appears or goes away." in text
    assert (
        "| Gus Engineer (gus) | Nia Manager (nia) | E2 | c2, changed | Solid | unchanged | – |"
        in text
    )


def test_a_renamed_person_and_a_level_change_are_reported(git_repo: Path, edit: Edit) -> None:
    (git_repo / "people/nia").rename(git_repo / "people/nia-k")
    edit(git_repo, "people/nia-k/person.yaml", "handle: nia", "handle: nia-k")
    edit(git_repo, "people/hal/person.yaml", "level: E2", "level: E3")
    _code, data = run("review", "--base", "main", "--format", "json", str(git_repo))
    engineers = {e["handle"]: e for e in json.loads(data)["engineers"]}
    assert engineers["nia-k"]["status"] == "renamed" and engineers["nia-k"]["renamed_from"] == "nia"
    assert (engineers["hal"]["level_before"], engineers["hal"]["level_after"]) == ("E2", "E3")
    _code, text = run("review", "--base", "main", str(git_repo))
    assert "Nia Manager (nia-k), renamed from nia" in text and "| E2 → E3 |" in text
    assert "level-change-backed" in text
