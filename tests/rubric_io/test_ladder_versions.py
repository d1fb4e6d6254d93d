"""Ladder versions: a re-import keeps the replaced ladder, and cycles keep the one they used."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rubric_helpers import Calib

from calibration.load.repository import load_repository
from calibration.model import Outcomes, PromotionDecision
from calibration.validate import RULES


def export(calib: Calib, root: Path, target: Path) -> Path:
    """Write the long-form export of ``root`` to ``target``."""
    assert calib("rubric", "export", "--root", root, "-o", target).code == 0
    return target


def test_new_version_archives_the_old_ladder(calib: Calib, two_track: Path, tmp_path: Path) -> None:
    old_text = (two_track / "rubric" / "ladder.yaml").read_text(encoding="utf-8")
    sheet = export(calib, two_track, tmp_path / "sheet.csv")
    run = calib(
        "rubric", "import", sheet, "--root", two_track, "--force", "--ladder-version", "2027.3"
    )
    assert run.code == 0, run.stdout
    assert "kept the replaced ladder as rubric/ladders/2027.2.yaml" in run.stderr
    assert (two_track / "rubric" / "ladders" / "2027.2.yaml").read_text(
        encoding="utf-8"
    ) == old_text
    org = load_repository(two_track).org
    assert org.ladder.version == "2027.3"
    assert org.ladder_for("fy27-h1").version == "2027.2"
    result = calib("validate", two_track, "--format", "json")
    assert result.code == 0
    assert [d["rule"] for d in result.json()["diagnostics"]] == ["ladder-version"]
    assert "this open cycle uses the archived ladder 2027.2" in result.stdout


def test_a_closed_cycle_keeps_its_archived_ladder(
    calib: Calib, two_track: Path, tmp_path: Path
) -> None:
    sheet = export(calib, two_track, tmp_path / "sheet.csv")
    text = sheet.read_text(encoding="utf-8").replace(",IC6,", ",IC7,")  # rename a level
    sheet.write_text(text, encoding="utf-8")
    run = calib(
        "rubric", "import", sheet, "--root", two_track, "--force", "--ladder-version", "2028.1"
    )
    assert run.code == 0
    assert "warning [import-removed-level] level IC6 is not in the sheet" in run.stdout
    org = load_repository(two_track).org
    closed = replace(org.cycles["fy27-h1"], phase="closed")
    decision = PromotionDecision("sipho-ndlovu", "IC6", "approved", "", ("promotions", 0))
    outcomes = Outcomes("fy27-h1", "cycles/fy27-h1/outcomes.yaml", "fy27-h1", promotions=[decision])
    org = replace(org, cycles={"fy27-h1": closed}, outcomes={"fy27-h1": outcomes})
    assert list(RULES["ladder-version"].check(org)) == []
    unknown = [f.message for f in RULES["unknown-level"].check(org)]
    # IC6 is still a level of the closed cycle's ladder; only kenji-mori's current level is gone
    assert unknown == [
        "level 'IC6' of kenji-mori is not in rubric/ladder.yaml; did you mean 'IC7'? "
        "(removing or renaming a level needs everyone on it moved)"
    ]


def test_a_version_nobody_kept_is_reported(two_track: Path) -> None:
    org = load_repository(two_track).org
    cycle = replace(org.cycles["fy27-h1"], ladder_version="2026.1")
    findings = list(RULES["ladder-version"].check(replace(org, cycles={"fy27-h1": cycle})))
    assert len(findings) == 1
    assert "until the old one is kept as rubric/ladders/2026.1.yaml" in findings[0].message


def test_same_version_with_new_content_is_flagged(
    calib: Calib, two_track: Path, tmp_path: Path
) -> None:
    sheet = export(calib, two_track, tmp_path / "sheet.csv")
    text = sheet.read_text(encoding="utf-8").replace("Grows staff engineers.", "Grows staff.")
    sheet.write_text(text, encoding="utf-8")
    run = calib("rubric", "import", sheet, "--root", two_track, "--force")
    assert run.code == 0
    line = (two_track / "rubric" / "ladder.yaml").read_text(encoding="utf-8")
    assert 'version: "2027.2"' in line
    assert "rubric/ladder.yaml:6:10: warning [import-version]" in run.stdout
    assert not (two_track / "rubric" / "ladders").exists()


def test_a_differing_archive_stops_the_import(
    calib: Calib, two_track: Path, tmp_path: Path
) -> None:
    sheet = export(calib, two_track, tmp_path / "sheet.csv")
    archive = two_track / "rubric" / "ladders" / "2027.2.yaml"
    archive.parent.mkdir()
    archive.write_text("# someone else's archive\n", encoding="utf-8")
    before = (two_track / "rubric" / "ladder.yaml").read_text(encoding="utf-8")
    run = calib("rubric", "import", sheet, "--root", two_track, "--force", "--ladder-version", "3")
    assert run.code == 1
    assert "rubric/ladders/2027.2.yaml exists and differs" in run.stderr
    assert (two_track / "rubric" / "ladder.yaml").read_text(encoding="utf-8") == before


def test_removing_a_held_level_by_import_then_validate_names_people(
    calib: Calib, two_track: Path, tmp_path: Path
) -> None:
    sheet = export(calib, two_track, tmp_path / "sheet.csv")
    rows = sheet.read_text(encoding="utf-8").splitlines(keepends=True)
    sheet.write_text("".join(r for r in rows if ",M3," not in r), encoding="utf-8")
    run = calib("rubric", "import", sheet, "--root", two_track, "--force", "--ladder-version", "4")
    assert run.code == 0 and "level M3 is not in the sheet" in run.stdout
    result = calib("validate", two_track)
    assert result.code == 1
    assert "level 'M3' of ines-duarte is not in rubric/ladder.yaml" in result.stdout
