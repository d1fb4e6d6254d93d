"""``calib rubric import`` on real sheets: located problems, the YAML written, and refusals."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from rubric_helpers import SHEETS, Calib

from calibration.load.schema import check_document
from calibration.load.yamlio import load_file

# sheet, exit code, every diagnostic as "row:column severity [rule]"
CASES = [
    ("wide-multiline.csv", 0, []),
    ("long.csv", 0, ["9:2 warning [import-blank-cell]"]),
    ("ladder.md", 0, []),
    (
        "duplicate-level.csv",
        1,
        [
            "1:4 error [import-duplicate-level]",
            "1:5 error [import-level-spelling]",
            "2:1 warning [import-role]",  # no dimension holds impact or leverage
        ],
    ),
    (
        "dimension-spelling.csv",
        1,
        [
            "4:2 error [import-dimension-spelling]",
            "5:2 error [import-dimension-spelling]",
            "7:2 warning [import-similar-name]",
        ],
    ),
    (
        "hidden-characters.csv",
        0,
        [
            "1:2 warning [import-hidden-character]",
            "2:1 warning [import-hidden-character]",
            "2:2 warning [import-hidden-character]",
            "2:3 warning [import-hidden-character]",
        ],
    ),
    ("cp1252.csv", 1, ["3:3 error [import-encoding]"]),
    ("blank-cells.csv", 0, ["2:3 warning [import-blank-cell]", "3:2 warning [import-blank-cell]"]),
]


def ladder_of(root: Path) -> dict[str, Any]:
    """The written ladder, after checking it passes the schema pass of ``calib validate``."""
    loaded = load_file(root / "rubric" / "ladder.yaml", root)
    assert loaded.document is not None, loaded.diagnostics
    assert check_document(loaded.document, "ladder") == []
    data: dict[str, Any] = loaded.document.data
    return data


def cells(data: dict[str, Any]) -> dict[tuple[str | None, str | None, str], list[str]]:
    """Expectation texts per (level, track, dimension), in file order."""
    out: dict[tuple[str | None, str | None, str], list[str]] = {}
    for item in data["expectations"]:
        key = (item.get("level"), item.get("track"), item["dimension"])
        out.setdefault(key, []).append(item["text"])
    return out


@pytest.mark.parametrize(("sheet", "code", "expected"), CASES, ids=[c[0] for c in CASES])
def test_sheet_diagnostics(
    sheet: str, code: int, expected: list[str], calib: Calib, empty_repo: Path
) -> None:
    run = calib("rubric", "import", SHEETS / sheet, "--root", empty_repo, "--output-format", "json")
    assert run.code == code, run.stderr
    assert run.located() == expected
    assert all(d["file"].endswith(sheet) for d in run.json()["diagnostics"])
    written = empty_repo / "rubric" / "ladder.yaml"
    assert written.exists() == (code == 0)
    if code == 0:
        text = written.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=../schemas/ladder.schema.json\n")
        ladder_of(empty_repo)
    else:
        assert "nothing written" in run.stderr


def test_wide_sheet_with_multi_line_cells(calib: Calib, empty_repo: Path) -> None:
    assert calib("rubric", "import", SHEETS / "wide-multiline.csv", "--root", empty_repo).code == 0
    data = ladder_of(empty_repo)
    levels = [(lv["id"], lv["order"], lv.get("tracks")) for lv in data["levels"]]
    assert levels == [
        ("IC1", 1, ["ic"]),
        ("IC2", 2, ["ic"]),
        ("IC3", 3, ["ic"]),
        ("M1", 3, ["manager"]),
        ("M2", 4, ["manager"]),
    ]
    assert [(d["id"], d["name"], d["group"], d["counts_as"]) for d in data["dimensions"]] == [
        ("technical-skills", "Technical Skills", "Craft", "other"),
        ("delivery", "Delivery", "Craft", "delivery"),
        ("people", "People", "Leadership", "impact"),  # leverage counts with impact
    ]
    got = cells(data)
    assert got[("IC1", None, "technical-skills")] == [
        "Writes tested code for small changes",
        "Uses the debugger and the logs to find a bug",
    ]
    # the row with no dimension name continues the one above (a merged cell)
    assert got[("IC3", None, "technical-skills")] == [
        "Designs changes across services and writes the trade-offs down",
        "Picks proven technology unless there is a reason not to",
    ]
    assert got[(None, None, "technical-skills")] == ["Keeps the build green"]
    assert got[("IC1", None, "delivery")] == [
        "Finishes tasks on the agreed date",
        "Raises a blocker within a day",
    ]
    assert got[("M1", None, "people")] == [
        "Holds a one-to-one with every report each week",
        "Gives feedback people can act on",
    ]
    assert ("M1", None, "technical-skills") not in got  # "-" means nothing expected
    examples = {e["text"]: e.get("examples") for e in data["expectations"]}
    assert examples["Designs a feature inside one service"] == [
        "the export button, with its rate limit"
    ]
    assert examples["Delivers whole features"] == ["took search filters from design to release"]


def test_long_sheet(calib: Calib, empty_repo: Path) -> None:
    run = calib("rubric", "import", SHEETS / "long.csv", "--root", empty_repo)
    assert run.code == 0
    assert "no level in cell B9; using 'M1' from the row above" in run.stdout
    data = ladder_of(empty_repo)
    tracks = {lv["id"]: lv.get("tracks") for lv in data["levels"]}
    assert tracks == {"IC1": ["ic"], "IC2": ["ic"], "IC3": ["ic", "manager"], "M1": ["manager"]}
    assert [lv["order"] for lv in data["levels"]] == [1, 2, 3, 4]
    by_text = {e["text"]: e for e in data["expectations"]}
    assert by_text["Designs a feature inside one service"]["examples"] == [
        "The export button with its rate limit",
        "The retry queue for outgoing webhooks",
    ]
    assert by_text["Designs a feature inside one service"]["proficiency"] == "strong"
    assert by_text["Delivers whole features"]["examples"] == ["Search filters", "Saved views"]
    assert "Leads projects of several weeks\nthat cross two services" in by_text
    assert by_text["Gives feedback people can act on"]["level"] == "M1"
    every = by_text["Writes decisions down where the team will find them"]
    assert "level" not in every and "track" not in every
    assert by_text["Reports the team's results honestly"]["track"] == "manager"


def test_markdown_table(calib: Calib, empty_repo: Path) -> None:
    assert calib("rubric", "import", SHEETS / "ladder.md", "--root", empty_repo).code == 0
    got = cells(ladder_of(empty_repo))
    assert got[("L1", None, "delivery")] == ["Ships small changes", "Asks for help early"]
    assert got[("L2", None, "delivery")] == [
        "Ships whole features",
        "Splits work into steps | and re-plans when scope moves",
    ]
    assert ("L1", None, "impact") not in got
    data = ladder_of(empty_repo)
    moved = next(e for e in data["expectations"] if e["text"] == "Moves a metric the team tracks")
    assert moved["examples"] == ["cut p95 latency of search by half"]


def test_hidden_characters_are_cleaned(calib: Calib, empty_repo: Path) -> None:
    run = calib("rubric", "import", SHEETS / "hidden-characters.csv", "--root", empty_repo)
    assert "zero-width space (U+200B)" in run.stdout
    assert "no-break space (U+00A0)" in run.stdout
    assert "tab (U+0009)" in run.stdout
    data = ladder_of(empty_repo)
    assert [lv["id"] for lv in data["levels"]] == ["L1", "L2"]
    assert data["dimensions"][0] == {"id": "delivery", "name": "Delivery", "counts_as": "delivery"}
    texts = [e["text"] for e in data["expectations"]]
    assert texts == ["Ships small changes", "Ships whole features", "Checks the result"]


def test_spelling_variants_name_both_rows(calib: Calib, empty_repo: Path) -> None:
    run = calib("rubric", "import", SHEETS / "dimension-spelling.csv", "--root", empty_repo)
    assert (
        "dimension 'technical skills' (cell B4) is spelled 'Technical Skills' in cell B2; "
        "did you mean 'Technical Skills'?" in run.stdout
    )
    assert "'Technical-Skills' (cell B5)" in run.stdout
    assert "did you mean 'Communication'?" in run.stdout
    assert "then run `calib rubric import` again" in run.stdout


def test_cp1252_is_named(calib: Calib, empty_repo: Path) -> None:
    run = calib("rubric", "import", SHEETS / "cp1252.csv", "--root", empty_repo)
    assert run.code == 1
    assert "cell C3 holds the first byte that is not UTF-8" in run.stdout
    assert "Windows-1252 (cp1252)" in run.stdout
    assert "0x92" in run.stdout


def test_utf16_is_named(calib: Calib, empty_repo: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "utf16.csv"
    sheet.write_bytes("level,dimension,expectation\nL1,Delivery,Ships\n".encode("utf-16"))
    run = calib("rubric", "import", sheet, "--root", empty_repo)
    assert run.code == 1
    assert "1:1: error [import-encoding] the file is UTF-16" in run.stdout


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_other_delimiters(delimiter: str, calib: Calib, empty_repo: Path, tmp_path: Path) -> None:
    rows = [
        ["level", "dimension", "expectation", "role"],
        ["L1", "Delivery", "Ships, on time", "delivery"],
        ["L1", "Impact", "Moves a number", "impact"],
    ]
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("\n".join(delimiter.join(r) for r in rows) + "\n", encoding="utf-8")
    assert calib("rubric", "import", sheet, "--root", empty_repo).code == 0
    assert cells(ladder_of(empty_repo)) == {
        ("L1", None, "delivery"): ["Ships, on time"],
        ("L1", None, "impact"): ["Moves a number"],
    }


def test_numeric_level_ids_stay_text(calib: Calib, empty_repo: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "numbers.csv"
    sheet.write_text("dimension,1,1.1,2,1e3\nDelivery,a,b,c,d\n", encoding="utf-8")
    assert (
        calib("rubric", "import", sheet, "--root", empty_repo, "--roles", "delivery=delivery").code
        == 0
    )
    text = (empty_repo / "rubric" / "ladder.yaml").read_text(encoding="utf-8")
    assert '  - id: "1.1"\n' in text and '  - id: "1e3"\n' in text
    assert [lv["id"] for lv in ladder_of(empty_repo)["levels"]] == ["1", "1.1", "2", "1e3"]


def test_never_overwrites_without_force(calib: Calib, empty_repo: Path) -> None:
    sheet = SHEETS / "long.csv"
    assert calib("rubric", "import", sheet, "--root", empty_repo).code == 0
    target = empty_repo / "rubric" / "ladder.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "# my note\n", encoding="utf-8")
    before = target.read_text(encoding="utf-8")
    run = calib("rubric", "import", SHEETS / "ladder.md", "--root", empty_repo)
    assert run.code == 1
    assert "rubric/ladder.yaml already exists; pass --force" in run.stderr
    assert target.read_text(encoding="utf-8") == before
    forced = calib("rubric", "import", SHEETS / "ladder.md", "--root", empty_repo, "--force")
    assert forced.code == 0
    assert "# my note" not in target.read_text(encoding="utf-8")


def test_errors_never_write(calib: Calib, empty_repo: Path) -> None:
    assert calib("rubric", "import", SHEETS / "duplicate-level.csv", "--root", empty_repo).code == 1
    assert not (empty_repo / "rubric").exists()


def test_usage_errors(calib: Calib, empty_repo: Path, tmp_path: Path) -> None:
    assert calib("rubric", "import", tmp_path / "missing.csv", "--root", empty_repo).code == 2
    run = calib("rubric", "import", SHEETS / "long.csv", "--root", tmp_path / "nowhere")
    assert run.code == 2 and "not a folder" in run.stderr


def test_shape_problems(calib: Calib, empty_repo: Path, tmp_path: Path) -> None:
    prose = tmp_path / "notes.md"
    prose.write_text("# Ladder\n\nNo table here.\n", encoding="utf-8")
    run = calib("rubric", "import", prose, "--root", empty_repo)
    assert run.code == 1 and "no Markdown table" in run.stdout
    no_level = tmp_path / "no-level.csv"
    no_level.write_text("dimension,expectation,notes\nDelivery,Ships,x\n", encoding="utf-8")
    run = calib("rubric", "import", no_level, "--root", empty_repo)
    assert run.code == 1
    assert "1:1: error [import-column] the long form needs a level column" in run.stdout
    assert "column 'notes' is not read" in run.stdout


def test_format_option_overrides_the_name(calib: Calib, empty_repo: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "handbook.txt"
    shutil.copy(SHEETS / "ladder.md", sheet)
    run = calib("rubric", "import", sheet, "--format", "markdown", "--root", empty_repo)
    assert run.code == 0
    assert [lv["id"] for lv in ladder_of(empty_repo)["levels"]] == ["L1", "L2", "L3"]


def test_utf16_without_a_byte_order_mark(calib: Calib, empty_repo: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "utf16le.csv"
    sheet.write_bytes("level,dimension,expectation\nL1,Delivery,Ships\n".encode("utf-16-le"))
    run = calib("rubric", "import", sheet, "--root", empty_repo)
    assert run.code == 1
    assert "it looks like UTF-16 without a byte-order mark" in run.stdout


def test_a_title_row_above_the_header_is_skipped(
    calib: Calib, empty_repo: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "titled.csv"
    sheet.write_text(
        "Engineering ladder 2027,,\n,,\nDimension,L1,L2,Role\nDelivery,Ships,Leads,delivery\n"
        "Impact,Measures,Moves a number,impact\n",
        encoding="utf-8",
    )
    run = calib("rubric", "import", sheet, "--root", empty_repo, "--output-format", "json")
    assert run.code == 0 and run.located() == []
    assert [lv["id"] for lv in ladder_of(empty_repo)["levels"]] == ["L1", "L2"]
