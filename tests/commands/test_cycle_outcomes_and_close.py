"""``calib outcomes new`` then ``calib cycle close``: the room's file, then the closing checks.

The mini repository's cycle fy25-b is in calibration, with four pre-fills and
one open promotion case (cyd, to p2).
"""

from __future__ import annotations

from pathlib import Path

from command_helpers import Calib

from calibration.load.repository import load_repository
from calibration.load.schema import check_document
from calibration.load.yamlio import load_text
from calibration.validate import validate_repository

OUTCOMES = "cycles/fy25-b/outcomes.yaml"
CYCLE = "cycles/fy25-b/cycle.yaml"


def _decide(root: Path) -> None:
    """What the room does with the skeleton: decide cyd's case and uncomment it."""
    path = root / OUTCOMES
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(("# promotions:", "#   ")):
            line = line[2:].replace("decision:", "decision: deferred")
            line = line.replace('rationale: ""', "rationale: One feature so far; revisit.")
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_skeleton_starts_from_the_proposals_and_passes_the_schema(
    mini_repo: Path, calib: Calib
) -> None:
    result = calib("outcomes", "new", "--cycle", "fy25-b", cwd=mini_repo)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {OUTCOMES}\n"
    text = (mini_repo / OUTCOMES).read_text(encoding="utf-8")
    loaded = load_text(text, OUTCOMES)
    assert loaded.document is not None and loaded.diagnostics == []
    assert check_document(loaded.document, "outcomes") == []
    data = loaded.document.data
    assert data["cycle"] == "fy25-b"
    assert [(r["person"], r["rating"]) for r in data["ratings"]] == [
        ("ash", "at"),
        ("bea", "at"),
        ("cyd", "above"),
        ("dev", "at"),
    ]
    assert '    rating: "above"  # proposed (Cyd Okoro, manager teo)' in text
    # the open case is listed with its decision to fill, commented out until decided
    assert "promotions" not in data
    assert (
        '#   - person: "cyd"\n#     from_level: "p1"\n#     to_level: "p2"\n#     decision:\n'
        in text
    )
    # the repository stays clean with it
    assert validate_repository(load_repository(mini_repo)) == []


def test_an_existing_outcomes_file_is_never_replaced(mini_repo: Path, calib: Calib) -> None:
    (mini_repo / OUTCOMES).write_text("# the room's notes\ncycle: fy25-b\n", encoding="utf-8")
    result = calib("outcomes", "new", "--cycle", "fy25-b", cwd=mini_repo)
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert (mini_repo / OUTCOMES).read_text(
        encoding="utf-8"
    ) == "# the room's notes\ncycle: fy25-b\n"
    unknown = calib("outcomes", "new", "--cycle", "fy99", cwd=mini_repo)
    assert unknown.exit_code == 2 and "known: fy25-a, fy25-b" in unknown.stderr


def test_closing_is_refused_until_every_check_passes(mini_repo: Path, calib: Calib) -> None:
    cycle = mini_repo / CYCLE
    cycle.write_text(
        cycle.read_text(encoding="utf-8").replace(
            "phase: calibration", "phase: calibration  # moves on"
        ),
        encoding="utf-8",
    )
    before = cycle.read_text(encoding="utf-8")

    no_outcomes = calib("cycle", "close", "fy25-b", cwd=mini_repo)
    assert no_outcomes.exit_code == 1
    assert no_outcomes.stdout.startswith(f"{CYCLE}:7:8: error [outcomes-coverage]")
    assert "fy25-b cannot close yet: fix the 1 problem(s) above" in no_outcomes.stderr
    assert cycle.read_text(encoding="utf-8") == before

    assert calib("outcomes", "new", "--cycle", "fy25-b", cwd=mini_repo).exit_code == 0
    undecided = calib("cycle", "close", "fy25-b", cwd=mini_repo)
    assert undecided.exit_code == 1
    assert "error [promotion-undecided] cyd has a promotion case to p2" in undecided.stdout
    assert cycle.read_text(encoding="utf-8") == before

    _decide(mini_repo)
    # an error in one of the cycle's files would be final once closed: fixed first
    prefill = mini_repo / "people" / "dev" / "fy25-b.yaml"
    good = prefill.read_text(encoding="utf-8")
    prefill.write_text(good.replace("proposed_rating: at", 'proposed_rating: ""'), encoding="utf-8")
    broken = calib("cycle", "close", "fy25-b", cwd=mini_repo)
    assert broken.exit_code == 1
    assert broken.stdout.startswith("people/dev/fy25-b.yaml:2:1: error [prefill-rating]")
    prefill.write_text(good, encoding="utf-8")

    check = calib("cycle", "close", "fy25-b", "--check", cwd=mini_repo)
    assert check.exit_code == 0 and "passes the closing checks" in check.stdout
    assert cycle.read_text(encoding="utf-8") == before

    closed = calib("cycle", "close", "fy25-b", cwd=mini_repo)
    assert closed.exit_code == 0, closed.output
    assert cycle.read_text(encoding="utf-8") == before.replace(
        "phase: calibration  # moves on", "phase: closed  # moves on"
    )
    repo = load_repository(mini_repo)
    assert repo.org.cycles["fy25-b"].phase == "closed"
    assert [d for d in validate_repository(repo) if d.severity == "error"] == []
    again = calib("cycle", "close", "fy25-b", cwd=mini_repo)
    assert again.exit_code == 0 and "already closed; nothing changed" in again.stderr


def test_the_closing_checks_leave_the_cache_of_the_repository_alone(
    mini_repo: Path, calib: Calib
) -> None:
    # validated as if closed: that result must not be what the next validate reads back
    assert calib("validate", cwd=mini_repo).exit_code == 0
    assert calib("cycle", "close", "fy25-b", cwd=mini_repo).exit_code == 1
    after = calib("validate", cwd=mini_repo)
    assert after.exit_code == 0 and "no problems" in after.stdout


def test_unknown_cycles_are_usage_errors(mini_repo: Path, calib: Calib) -> None:
    result = calib("cycle", "close", "fy99", cwd=mini_repo)
    assert result.exit_code == 2 and "there is no cycles/fy99/cycle.yaml" in result.stderr
