"""People who left: expected in no later cycle, never someone's manager, kept as history."""

from __future__ import annotations

from pathlib import Path

from hr_helpers import calib, roster_rows, snapshot, write_roster

from calibration.load.repository import load_repository
from calibration.model.queries import expected_people
from calibration.validate import validate_repository


def _leave(root: Path, handle: str, day: str) -> None:
    path = root / "people" / handle / "person.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f'left_on: "{day}"\n', encoding="utf-8")


def test_a_leaver_is_not_expected_in_a_cycle_that_starts_after_they_left(mini_repo: Path) -> None:
    (mini_repo / "people/cyd/fy25-b.yaml").unlink()  # fy25-b runs 2025-07-01 to 2025-12-31
    _leave(mini_repo, "cyd", "2025-06-30")
    repo = load_repository(mini_repo, cache=False)
    cycle = repo.org.cycles["fy25-b"]
    assert "cyd" not in {p.handle for p in expected_people(repo.org, cycle)}
    assert "cyd" in {p.handle for p in expected_people(repo.org, repo.org.cycles["fy25-a"])}
    assert [d for d in validate_repository(repo) if d.severity == "error"] == []


def test_someone_who_left_during_a_cycle_is_still_expected_in_it(mini_repo: Path) -> None:
    (mini_repo / "people/cyd/fy25-b.yaml").unlink()
    _leave(mini_repo, "cyd", "2025-08-15")
    repo = load_repository(mini_repo, cache=False)
    assert "cyd" in {p.handle for p in expected_people(repo.org, repo.org.cycles["fy25-b"])}


def test_left_on_must_be_a_date(mini_repo: Path) -> None:
    _leave(mini_repo, "cyd", "last summer")
    found = validate_repository(load_repository(mini_repo, cache=False))
    assert [(d.rule, d.line) for d in found if d.file == "people/cyd/person.yaml"] == [
        ("schema", 11)
    ]


def test_an_import_that_would_break_a_rule_writes_nothing(mini_repo: Path) -> None:
    # p3 becomes a lead-track level: moving Ash (maker track) there breaks unknown-track,
    # which no roster column shows; Dev, already maker at p3, is an old error and no obstacle.
    ladder = mini_repo / "rubric/ladder.yaml"
    text = ladder.read_text(encoding="utf-8")
    ladder.write_text(text.replace("    order: 3\n", "    order: 3\n    tracks: [lead]\n"), "utf-8")
    rows = roster_rows(mini_repo)
    for row in rows:
        if row["handle"] == "ash":
            row["level"] = "p3"
    roster = write_roster(mini_repo / "roster.csv", rows)
    before = snapshot(mini_repo)
    run = calib("people", "import", roster, "--apply", "--allow-level-changes", "--root", mini_repo)
    assert run.code == 1
    assert "people/ash/person.yaml" in run.stdout and "[unknown-track]" in run.stdout
    assert "people/dev/person.yaml" not in run.stdout
    assert "leave the repository invalid" in run.stdout
    assert snapshot(mini_repo) == before
