"""``calib people import``: a roster from HR becomes person files, or a located list of problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hr_helpers import calib, person_data, roster_rows, snapshot, write_roster

HIRE = {
    "handle": "zoe-adams",
    "name": "Zoë Adams",
    "level": "L3",
    "team": "payments",
    "manager": "priya-raman",
    "start_date": "2026-09-01",
    "git_username": "zadams",
}


def _changed_roster(root: Path) -> list[dict[str, str]]:
    """Today's roster with a new hire, Ana moved to Growth under Kwame, and Marcus gone."""
    rows = [r for r in roster_rows(root) if r["handle"] != "marcus-bell"]
    for row in rows:
        if row["handle"] == "ana-silva":
            row.update(team="growth", manager="kwame-mensah")
    return [*rows, HIRE]


def _errors(root: Path) -> list[str]:
    run = calib("validate", root, "--format", "json", "--no-cache")
    return [
        f"{d['file']} [{d['rule']}]"
        for d in json.loads(run.stdout)["diagnostics"]
        if d["severity"] == "error"
    ]


def test_dry_run_says_what_would_change_and_writes_nothing(demo_copy: Path) -> None:
    roster = write_roster(demo_copy / "roster.csv", _changed_roster(demo_copy))
    before = snapshot(demo_copy)
    run = calib("people", "import", roster, "--root", demo_copy, "--left-on", "2026-08-31")
    assert run.code == 0, run.stdout + run.stderr
    assert snapshot(demo_copy) == before
    assert not (demo_copy / ".calib-cache").exists()
    assert "1 to add, 1 to change, 1 leaving, 46 unchanged (dry run" in run.stdout
    assert "+ zoe-adams: name Zoë Adams, level L3, team payments" in run.stdout
    assert "~ ana-silva: team platform -> growth; manager hiroshi-tanaka -> kwame-mensah" in (
        run.stdout
    )
    assert "marked left_on 2026-08-31" in run.stdout and "- marcus-bell: Marcus Bell" in run.stdout


def test_apply_writes_files_that_validate_and_a_second_run_changes_nothing(
    demo_copy: Path,
) -> None:
    roster = write_roster(demo_copy / "roster.csv", _changed_roster(demo_copy))
    moved = (demo_copy / "people/ana-silva/person.yaml").read_text(encoding="utf-8")
    run = calib(
        "people", "import", roster, "--apply", "--root", demo_copy, "--left-on", "2026-08-31"
    )
    assert run.code == 0, run.stdout + run.stderr

    new_file = (demo_copy / "people/zoe-adams/person.yaml").read_text(encoding="utf-8")
    assert new_file.startswith("# yaml-language-server: $schema=../../schemas/person.schema.json")
    assert "Written by `calib new person`" in new_file  # the same skeleton
    assert person_data(demo_copy, "zoe-adams") == {
        **HIRE,
        "role": "engineer",
    }
    # the move edits two values in place and leaves every other line as it was
    after = (demo_copy / "people/ana-silva/person.yaml").read_text(encoding="utf-8")
    assert after == moved.replace("team: platform", "team: growth").replace(
        "manager: hiroshi-tanaka", "manager: kwame-mensah"
    )
    # the leaver keeps their folder and every cycle file, with the day they left
    assert person_data(demo_copy, "marcus-bell")["left_on"] == "2026-08-31"
    assert (demo_copy / "people/marcus-bell/2026-h1.yaml").is_file()

    assert _errors(demo_copy) == []
    before = snapshot(demo_copy)
    again = calib(
        "people", "import", roster, "--apply", "--root", demo_copy, "--left-on", "2026-09-30"
    )
    assert again.code == 0
    assert "0 to add, 0 to change, 0 leaving, 48 unchanged" in again.stdout
    assert snapshot(demo_copy) == before


# (cells to set on one row, or a row to add) -> where the problem is reported
BAD_ROWS = [
    ({"level": "L9"}, "3 [roster-level]"),
    ({"team": "paymnts"}, "4 [roster-team]"),
    ({"manager": "priya-ramen"}, "5 [roster-manager]"),
    ({"manager": "zoe-adams"}, "5 [roster-manager]"),  # a manager who manages themselves
    ({"start_date": "01/09/2026"}, "6 [roster-date]"),
    ({"start_date": "2026-02-30"}, "6 [roster-date]"),
    ({"handle": "Zoe Adams"}, "1 [roster-handle]"),
    ({"handle": "../zoe"}, "1 [roster-handle]"),
    ({"git_username": "zoe_adams!"}, "7 [roster-value]"),
    ({"name": ""}, "2 [roster-value]"),
    ({"manager": "marcus-bell"}, "5 [roster-manager]"),  # would be marked as left
]


@pytest.mark.parametrize(("cells", "where"), BAD_ROWS, ids=[w for _, w in BAD_ROWS])
def test_a_bad_row_is_located_and_nothing_is_written(
    demo_copy: Path, cells: dict[str, str], where: str
) -> None:
    rows = [r for r in roster_rows(demo_copy) if r["handle"] != "marcus-bell"]
    rows.append({**HIRE, **cells})
    roster = write_roster(demo_copy / "roster.csv", rows)
    before = snapshot(demo_copy)
    run = calib("people", "import", roster, "--apply", "--root", demo_copy)
    assert run.code == 1
    row = len(rows) + 1  # the header is row 1
    assert run.located() == [f"{row}:{where.split()[0]} error {where.split()[1]}"]
    assert "nothing written" in run.stderr
    assert snapshot(demo_copy) == before


def test_duplicates_and_loops_are_located(demo_copy: Path) -> None:
    rows = roster_rows(demo_copy)
    rows += [
        {**HIRE},
        {**HIRE, "name": "Zoe Adams again"},
        {**HIRE, "handle": "loop-a", "manager": "loop-b"},
        {**HIRE, "handle": "loop-b", "manager": "loop-a"},
    ]
    roster = write_roster(demo_copy / "roster.csv", rows)
    before = snapshot(demo_copy)
    run = calib("people", "import", roster, "--apply", "--root", demo_copy)
    assert run.code == 1
    second = len(rows) - 1  # the header is row 1: the last row of the sheet is len(rows) + 1
    assert run.located() == [
        f"{second}:1 error [roster-duplicate]",
        f"{second + 1}:5 error [roster-manager]",
    ]
    assert f"zoe-adams is on row {second - 1} too" in run.stdout
    assert "loop-a -> loop-b -> loop-a" in run.stdout
    assert snapshot(demo_copy) == before


def test_header_names_in_any_case_with_a_byte_order_mark(demo_copy: Path) -> None:
    roster = write_roster(demo_copy / "roster.csv", roster_rows(demo_copy))
    rest = roster.read_text(encoding="utf-8").split("\n", 1)[1]
    header = "Handle,NAME,Level,Team,Manager,Start Date,Git Username\n"
    roster.write_bytes(b"\xef\xbb\xbf" + (header + rest).encode("utf-8"))
    run = calib("people", "import", roster, "--root", demo_copy)
    assert run.code == 0, run.stdout
    assert "0 to add, 0 to change, 0 leaving, 48 unchanged" in run.stdout


def test_a_roster_that_is_not_utf8_is_refused_at_its_first_bad_cell(demo_copy: Path) -> None:
    rows = [*roster_rows(demo_copy), {**HIRE, "name": "Zoë Adams"}]
    roster = write_roster(demo_copy / "roster.csv", rows, encoding="cp1252")
    run = calib("people", "import", roster, "--apply", "--root", demo_copy)
    assert run.code == 1
    first = next(i for i, r in enumerate(rows, start=2) if not r["name"].isascii())
    assert run.located() == [f"{first}:2 error [roster-encoding]"]
    assert "CSV UTF-8" in run.stdout


def test_a_level_change_needs_a_promotion_or_an_explicit_flag(demo_copy: Path) -> None:
    rows = roster_rows(demo_copy)
    for row in rows:
        if row["handle"] == "isabela-costa":
            row["level"] = "L5"
    roster = write_roster(demo_copy / "roster.csv", rows)
    held = calib("people", "import", roster, "--apply", "--root", demo_copy)
    assert held.code == 0
    line = next(i for i, r in enumerate(rows, start=2) if r["handle"] == "isabela-costa")
    assert held.located() == [f"{line}:3 warning [roster-level-change]"]
    assert "level-change-backed" in held.stdout and "--allow-level-changes" in held.stdout
    assert "level L4 -> L5 held back" in held.stdout
    assert person_data(demo_copy, "isabela-costa")["level"] == "L4"

    allowed = calib(
        "people", "import", roster, "--apply", "--allow-level-changes", "--root", demo_copy
    )
    assert allowed.code == 0
    assert "applied because of --allow-level-changes" in allowed.stdout
    assert person_data(demo_copy, "isabela-costa")["level"] == "L5"


def test_a_level_change_an_approved_promotion_backs_is_applied(demo_copy: Path) -> None:
    path = demo_copy / "people/chloe-nguyen/person.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"L4"', '"L3"'), encoding="utf-8")
    rows = roster_rows(demo_copy)
    for row in rows:
        if row["handle"] == "chloe-nguyen":
            row["level"] = "L4"
    roster = write_roster(demo_copy / "roster.csv", rows)
    run = calib("people", "import", roster, "--apply", "--root", demo_copy)
    assert run.code == 0
    assert run.located() == []
    assert "level L3 -> L4 (promotion approved in 2026-h1)" in run.stdout
    assert person_data(demo_copy, "chloe-nguyen")["level"] == "L4"


def test_someone_back_in_the_roster_rejoins(demo_copy: Path) -> None:
    path = demo_copy / "people/marcus-bell/person.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + 'left_on: "2026-03-31"\n', encoding="utf-8")
    rows = roster_rows(demo_copy)
    assert "marcus-bell" not in {r["handle"] for r in rows}
    rows.append(
        {
            c: str(v)
            for c, v in person_data(demo_copy, "marcus-bell").items()
            if c != "left_on" and c != "role"
        }
    )
    roster = write_roster(demo_copy / "roster.csv", [{**{k: "" for k in HIRE}, **r} for r in rows])
    run = calib("people", "import", roster, "--apply", "--root", demo_copy)
    assert run.code == 0, run.stdout
    assert "~ marcus-bell: left_on 2026-03-31 -> none" in run.stdout
    assert path.read_text(encoding="utf-8") == original


def test_comments_and_layout_of_a_person_file_survive_an_edit(demo_copy: Path) -> None:
    path = demo_copy / "people/ana-silva/person.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("team: platform", "team: platform   # core runtime, see #412")
    text = text.replace("role: engineer", "# moved from data in 2024\nrole: engineer")
    path.write_text(text, encoding="utf-8")
    rows = roster_rows(demo_copy)
    for row in rows:
        if row["handle"] == "ana-silva":
            row.update(team="data", manager="fatima-benali", name="Ana Sílva: #1 'ops'")
    roster = write_roster(demo_copy / "roster.csv", rows)
    run = calib("people", "import", roster, "--apply", "--root", demo_copy)
    assert run.code == 0, run.stdout
    after = path.read_text(encoding="utf-8")
    assert after.splitlines()[0] == text.splitlines()[0]  # the schema modeline
    assert "team: data   # core runtime, see #412" in after
    assert "# moved from data in 2024\nrole: engineer" in after
    assert person_data(demo_copy, "ana-silva")["name"] == "Ana Sílva: #1 'ops'"


def test_a_file_that_cannot_be_edited_safely_stops_the_import(demo_copy: Path) -> None:
    path = demo_copy / "people/ana-silva/person.yaml"
    data = person_data(demo_copy, "ana-silva")
    path.write_text(json.dumps(data) + "\n", encoding="utf-8")  # one flow mapping
    rows = roster_rows(demo_copy)
    for row in rows:
        if row["handle"] == "ana-silva":
            row["team"] = "data"
    roster = write_roster(demo_copy / "roster.csv", rows)
    before = snapshot(demo_copy)
    run = calib("people", "import", roster, "--apply", "--root", demo_copy)
    assert run.code == 1
    assert "people/ana-silva/person.yaml:1:1: error [roster-edit]" in run.stdout
    assert "by hand" in run.stdout
    assert snapshot(demo_copy) == before


def test_a_roster_missing_most_people_is_flagged(demo_copy: Path) -> None:
    rows = [r for r in roster_rows(demo_copy) if r["manager"] in ("", "rosalind-achebe")]
    roster = write_roster(demo_copy / "roster.csv", rows)
    run = calib("people", "import", roster, "--root", demo_copy)
    assert "warning [roster-leavers]" in run.stdout and "is this the whole org?" in run.stdout
