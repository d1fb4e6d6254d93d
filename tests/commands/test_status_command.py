"""``calib status``: where each report's pre-fill stands, and the days to each deadline."""

from __future__ import annotations

import json
from pathlib import Path

from command_helpers import Calib


def test_everyone_done_with_deadlines_counted_from_today(mini_repo: Path, calib: Calib) -> None:
    result = calib("status", "--today", "2025-12-01", cwd=mini_repo)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "fy25-b (FY25 second half), phase calibration: pre-fills of everyone, on 2025-12-01\n"
        "\n"
        "Deadline             Date        When\n"
        "Pre-fills due        2025-12-05  in 4 days\n"
        "Calibration session  2025-12-12  in 11 days\n"
        "\n"
        "Report  Manager  Pre-fill  Errors  Warnings\n"
        "ash     imani    done           0         0\n"
        "bea     imani    done           0         0\n"
        "cyd     teo      done           0         0\n"
        "dev     teo      done           0         0\n"
        "\n"
        "4 pre-fill(s) expected: 4 done, 0 incomplete, 0 missing.\n"
    )


def test_missing_and_incomplete_come_first_and_fail(mini_repo: Path, calib: Calib) -> None:
    (mini_repo / "people" / "bea" / "fy25-b.yaml").unlink()
    path = mini_repo / "people" / "cyd" / "fy25-b.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("proposed_rating: above", 'proposed_rating: ""'),
        encoding="utf-8",
    )
    result = calib("status", "--today", "2025-12-06", "--format", "json", cwd=mini_repo)
    assert result.exit_code == 1
    status = json.loads(result.stdout)
    assert [(r["handle"], r["prefill"], r["errors"]) for r in status["reports"]] == [
        ("bea", "missing", 0),
        ("cyd", "incomplete", 1),
        ("ash", "done", 0),
        ("dev", "done", 0),
    ]
    assert status["reports"][0]["file"] is None
    assert status["reports"][1]["file"] == "people/cyd/fy25-b.yaml"
    assert status["deadlines"] == [
        {"name": "Pre-fills due", "date": "2025-12-05", "days": -1},
        {"name": "Calibration session", "date": "2025-12-12", "days": 6},
    ]
    assert status["counts"] == {"missing": 1, "incomplete": 1, "done": 2}
    text = calib("status", "--today", "2025-12-06", cwd=mini_repo).stdout
    assert "Pre-fills due        2025-12-05  1 day ago" in text
    assert "4 pre-fill(s) expected: 2 done, 1 incomplete, 1 missing." in text
    assert "calib new prefill HANDLE --cycle fy25-b" in text


def test_a_managers_whole_tree_only(mini_repo: Path, calib: Calib) -> None:
    result = calib("status", "--manager", "teo", "--format", "json", cwd=mini_repo)
    assert [r["handle"] for r in json.loads(result.stdout)["reports"]] == ["cyd", "dev"]
    # the director sees the whole tree below, through both managers
    result = calib("status", "--manager", "rowan", "--format", "json", cwd=mini_repo)
    assert [r["handle"] for r in json.loads(result.stdout)["reports"]] == [
        "ash",
        "bea",
        "cyd",
        "dev",
    ]
    older = calib("status", "--cycle", "fy25-a", "--manager", "imani", cwd=mini_repo)
    assert older.stdout.startswith("fy25-a (FY25 first half), phase closed: pre-fills of the tree")


def test_usage_errors(mini_repo: Path, calib: Calib) -> None:
    nobody = calib("status", "--manager", "nobody", cwd=mini_repo)
    assert nobody.exit_code == 2 and "'nobody' is nobody in people/" in nobody.stderr
    cycle = calib("status", "--cycle", "fy99", cwd=mini_repo)
    assert cycle.exit_code == 2 and "there is no cycles/fy99/cycle.yaml" in cycle.stderr
    day = calib("status", "--today", "soon", cwd=mini_repo)
    assert day.exit_code == 2 and "--today 'soon' is not a date" in day.stderr
