"""``calib export outcomes``: the HR file of a cycle, checked against what the cycle recorded."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hr_helpers import calib, copy_demo, person_data

from calibration.load.yamlio import load_text

# The contract with HR systems: these names, in this order, in every version.
COLUMNS = [
    "handle",
    "name",
    "team",
    "manager",
    "level",
    "proposed_rating",
    "final_rating",
    "promotion",
    "new_level",
]


def _yaml(path: Path) -> dict[str, Any]:
    loaded = load_text(path.read_text(encoding="utf-8"), path.name)
    assert loaded.document is not None
    data: dict[str, Any] = loaded.document.data
    return data


def _csv_rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header, *body = list(reader)
    assert header == COLUMNS
    return [dict(zip(header, row, strict=True)) for row in body]


def _expected(root: Path, cycle: str) -> dict[str, dict[str, str]]:
    """Each row as the cycle's files say it should be, read independently of the exporter."""
    outcomes = _yaml(root / "cycles" / cycle / "outcomes.yaml")
    out: dict[str, dict[str, str]] = {}
    for entry in outcomes["ratings"]:
        handle = entry["person"]
        person = person_data(root, handle)
        prefill = _yaml(root / "people" / handle / f"{cycle}.yaml")
        out[handle] = {
            "handle": handle,
            "name": str(person["name"]),
            "team": str(person["team"]),
            "manager": str(person.get("manager") or ""),
            "level": str(person["level"]),
            "proposed_rating": prefill["proposed_rating"],
            "final_rating": entry["rating"],
            "promotion": "none",
            "new_level": "",
        }
    for decision in outcomes.get("promotions", []):
        row = out[decision["person"]]
        if decision["decision"] == "approved":
            # person.yaml holds today's level; during the cycle they were at from_level
            row.update(promotion="approved", new_level=decision["to_level"])
            row["level"] = decision["from_level"]
        else:
            row["promotion"] = "declined"
    return out


def test_csv_matches_the_outcomes_of_the_closed_cycle(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "outcomes.csv"
    run = calib("export", "outcomes", "--cycle", "2026-h1", "-o", target, "--root", demo)
    assert run.code == 0, run.stderr
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    rows = _csv_rows(target)
    expected = _expected(demo, "2026-h1")
    assert [r["handle"] for r in rows] == sorted(expected)
    assert {r["handle"]: r for r in rows} == expected
    promotions = {r["handle"]: (r["promotion"], r["new_level"]) for r in rows}
    assert promotions["chloe-nguyen"] == ("approved", "L4")
    assert promotions["grace-adeyemi"] == ("declined", "")  # deferred: not promoted
    assert {r["promotion"] for r in rows} <= {"none", "approved", "declined"}


def test_json_holds_the_same_rows(demo: Path, tmp_path: Path) -> None:
    calib("export", "outcomes", "--cycle", "2026-h1", "-o", tmp_path / "o.csv", "--root", demo)
    run = calib("export", "outcomes", "--cycle", "2026-h1", "--format", "json", "--root", demo)
    assert run.code == 0, run.stderr
    records = json.loads(run.stdout)
    assert all(list(record) == COLUMNS for record in records)
    as_text = [{k: v or "" for k, v in record.items()} for record in records]
    assert as_text == _csv_rows(tmp_path / "o.csv")
    assert records[0]["new_level"] is None  # empty is null in JSON


def test_an_open_cycle_needs_draft(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "h2.csv"
    refused = calib("export", "outcomes", "--cycle", "2026-h2", "-o", target, "--root", demo)
    assert refused.code == 1
    assert "not closed" in refused.stderr and "--draft" in refused.stderr
    assert not target.exists()
    draft = calib(
        "export", "outcomes", "--cycle", "2026-h2", "--draft", "-o", target, "--root", demo
    )
    assert draft.code == 0, draft.stderr
    rows = _csv_rows(target)
    assert rows and all(r["final_rating"] == "" and r["proposed_rating"] for r in rows)
    files = {p.parent.name for p in (demo / "people").glob("*/2026-h2.yaml")}
    assert {r["handle"] for r in rows} == files


def test_an_existing_file_is_never_replaced_without_force(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine.csv"
    target.write_text("a spreadsheet someone is working on\n", encoding="utf-8")
    run = calib("export", "outcomes", "--cycle", "2026-h1", "-o", target, "--root", demo)
    assert run.code == 1 and "--force" in run.stderr
    assert target.read_text(encoding="utf-8") == "a spreadsheet someone is working on\n"
    forced = calib(
        "export", "outcomes", "--cycle", "2026-h1", "-o", target, "--force", "--root", demo
    )
    assert forced.code == 0
    assert _csv_rows(target)


def test_a_file_that_does_not_load_stops_the_export(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "org")
    (root / "people/ethan-park/2026-h1.yaml").write_text("proposed_rating: [\n", "utf-8")
    run = calib(
        "export", "outcomes", "--cycle", "2026-h1", "-o", tmp_path / "o.csv", "--root", root
    )
    assert run.code == 1
    assert "people/ethan-park/2026-h1.yaml:" in run.stderr and "nothing written" in run.stderr
    assert not (tmp_path / "o.csv").exists()


def test_an_unknown_cycle_is_a_usage_error(demo: Path) -> None:
    run = calib("export", "outcomes", "--cycle", "2031-h9", "--root", demo)
    assert run.code == 2 and "2026-h1" in run.stderr


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_csv_cells_cannot_run_as_formulas(tmp_path: Path, name: str) -> None:
    root = copy_demo(tmp_path / "org")
    path = root / "people" / "ethan-park" / "person.yaml"
    text = path.read_text(encoding="utf-8").replace("name: Ethan Park", f"name: {json.dumps(name)}")
    path.write_text(text, encoding="utf-8")
    run = calib("export", "outcomes", "--cycle", "2026-h1", "--root", root)
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    cell = next(r["name"] for r in rows if r["handle"] == "ethan-park")
    assert cell == "'" + name
    as_json = calib("export", "outcomes", "--cycle", "2026-h1", "--format", "json", "--root", root)
    record = next(r for r in json.loads(as_json.stdout) if r["handle"] == "ethan-park")
    assert record["name"] == name  # JSON is not opened by spreadsheets: kept as written
