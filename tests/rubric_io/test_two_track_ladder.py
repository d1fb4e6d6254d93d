"""The second example ladder: it validates, stays unlike the demo, builds, and guards its levels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rubric_helpers import TWO_TRACK, Calib

from calibration.load.repository import load_repository


def test_validates_clean(calib: Calib) -> None:
    run = calib("validate", TWO_TRACK, "--format", "text")
    assert run.code == 0, run.stdout
    assert "no problems" in run.stdout


def test_is_as_unlike_the_demo_as_promised() -> None:
    org = load_repository(TWO_TRACK).org
    ladder = org.ladder
    assert len(ladder.tracks) == 2 and len(ladder.levels) >= 8 and len(ladder.dimensions) >= 6
    firsts = {t.id: ladder.ordered_levels(t.id)[1].order for t in ladder.tracks}
    assert len(set(firsts.values())) == 2  # the tracks start at different orders
    assert any("." in lv.id for lv in ladder.levels)
    assert any(d.tracks for d in ladder.dimensions) and any(d.levels for d in ladder.dimensions)
    assert ladder.cumulative and any(lv.sublevels for lv in ladder.levels)
    per_cell: dict[tuple[str | None, str], int] = {}
    for exp in ladder.expectations:
        per_cell[(exp.level, exp.dimension)] = per_cell.get((exp.level, exp.dimension), 0) + 1
    assert max(per_cell.values()) >= 2 and any(exp.examples for exp in ladder.expectations)
    assert len(per_cell) < len(ladder.levels) * len(ladder.dimensions)  # sparse
    assert any(exp.level is None for exp in ladder.expectations)
    assert org.scale.direction == "lower-is-better" and org.scale.ratings[-1].value == 1
    tracks = {p.track for p in org.people.values()}
    assert tracks == {"ic", "manager"} and len(org.people) >= 10
    cycle = org.current_cycle()
    assert cycle is not None and cycle.phase == "calibration"
    assert any(p.promotion for p in org.prefills_for(cycle.id))


def _drop_level(ladder_text: str, level_id: str) -> str:
    """Remove one level's block and every expectation that names it."""
    blocks = re.split(r"(?m)^(?=  - )", ladder_text)
    kept = [b for b in blocks if f"id: {level_id}\n" not in b and f"level: {level_id}\n" not in b]
    return "".join(kept).replace(f", {level_id},", ",")


def test_removing_a_level_people_hold_names_them(calib: Calib, two_track: Path) -> None:
    ladder = two_track / "rubric" / "ladder.yaml"
    ladder.write_text(_drop_level(ladder.read_text(encoding="utf-8"), "IC4"), encoding="utf-8")
    run = calib("validate", two_track, "--format", "json")
    assert run.code == 1
    unknown = [d for d in run.json()["diagnostics"] if d["rule"] == "unknown-level"]
    assert sorted(d["file"] for d in unknown) == [
        "people/marta-kowalczyk/person.yaml",
        "people/sipho-ndlovu/person.yaml",
    ]
    assert any(
        "level 'IC4' of sipho-ndlovu is not in rubric/ladder.yaml" in d["message"] for d in unknown
    )
    assert all("everyone on it moved" in d["message"] for d in unknown)


def test_renaming_a_level_suggests_the_new_name(calib: Calib, two_track: Path) -> None:
    ladder = two_track / "rubric" / "ladder.yaml"
    text = ladder.read_text(encoding="utf-8").replace("IC2", "E2")
    ladder.write_text(text, encoding="utf-8")
    run = calib("validate", two_track)
    assert run.code == 1
    assert (
        "people/oliver-grant/person.yaml:4:8: error [unknown-level] level 'IC2' of oliver-grant"
        in (run.stdout)
    )
    assert "renaming a level needs everyone on it moved" in run.stdout


def test_numeric_ids_must_be_quoted(calib: Calib, two_track: Path) -> None:
    person = two_track / "people" / "lea-moreau" / "person.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace('"1.1"', "1.1"), encoding="utf-8")
    ladder = two_track / "rubric" / "ladder.yaml"
    ladder.write_text(
        ladder.read_text(encoding="utf-8").replace('id: "1.1"', "id: 1.1"), encoding="utf-8"
    )
    run = calib("validate", two_track)
    assert run.code == 1
    assert (
        "people/lea-moreau/person.yaml:4:8: error [schema] expected text, found the number 1.1; "
        "put the value in quotes" in run.stdout
    )
    line = ladder.read_text(encoding="utf-8").splitlines().index("  - id: 1.1") + 1
    assert f"rubric/ladder.yaml:{line}:9: error [schema] expected text, found the number 1.1" in (
        run.stdout
    )


@pytest.mark.slow
@pytest.mark.parametrize("audience", ["org", "calibration", "manager:rahul-verma"])
def test_builds_for_every_audience(audience: str, two_track: Path, tmp_path: Path) -> None:
    import os

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    site = tmp_path / "site"
    cfg = load_config(str(two_track / "mkdocs.yml"), site_dir=str(site), strict=True)
    cfg.plugins["calibration"].config.audience = audience
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    page = (site / "ladder" / "index.html").read_text(encoding="utf-8")
    words = set(re.sub(r"<[^>]+>", " ", page).split())
    assert {"1.1", "IC1", "IC4", "IC6", "M3", "M5", "Apprentice"} <= words
    assert "Not expected" in page
