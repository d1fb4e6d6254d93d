"""``calib rubric export``, and import of an export giving the same rubric."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rubric_helpers import TWO_TRACK, Calib

from calibration.load.records import ladder_from
from calibration.load.yamlio import load_file
from calibration.model import Ladder
from calibration.rubric_io.cells import Item, render_items, split_items

SHAPES = [("long", "csv"), ("long", "markdown"), ("wide", "csv"), ("wide", "markdown")]


def load_ladder(root: Path) -> Ladder:
    """The ladder model of a repository."""
    loaded = load_file(root / "rubric" / "ladder.yaml", root)
    assert loaded.document is not None, loaded.diagnostics
    return ladder_from(loaded.document.data)


def sheet_content(ladder: Ladder, *, wide: bool = False) -> dict[str, Any]:
    """What a sheet carries: levels, dimensions, and each cell's expectations in order.

    An expectation's track counts as the level's own track when it has one, since
    both say the same thing. The wide form carries neither proficiency nor a track
    limit on a shared level, so those are left out when comparing it.
    """
    cells: dict[tuple[str | None, str | None, str], list[Any]] = {}
    for exp in ladder.expectations:
        level = ladder.level(exp.level)
        track = exp.track or (level.own_track() if level else None)
        if wide and (level is None or not level.tracks):
            track = None
        key = (exp.level, track, exp.dimension)
        cells.setdefault(key, []).append((exp.text, exp.examples, "" if wide else exp.proficiency))
    return {
        "levels": [(lv.id, lv.order, lv.tracks) for lv in ladder.levels],
        "dimensions": [(d.id, d.name, d.group) for d in ladder.dimensions],
        "cells": cells,
    }


@pytest.mark.parametrize(("shape", "fmt"), SHAPES, ids=[f"{s}-{f}" for s, f in SHAPES])
def test_import_of_export_gives_the_same_rubric(
    shape: str, fmt: str, calib: Calib, two_track: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / f"ladder.{'md' if fmt == 'markdown' else 'csv'}"
    run = calib("rubric", "export", "--root", two_track, "--shape", shape, "-o", sheet)
    assert run.code == 0, run.stderr
    before = load_ladder(TWO_TRACK)
    imported = calib("rubric", "import", sheet, "--root", two_track, "--force")
    assert imported.code == 0, imported.stdout + imported.stderr
    if shape == "long":
        assert "1 files checked: no problems." in imported.stdout
    else:  # the wide form dropped proficiency: the ladder did change, and the import says so
        assert "warning [import-version] the ladder changes but its version" in imported.stdout
    after = load_ladder(two_track)
    assert sheet_content(after, wide=shape == "wide") == sheet_content(before, wide=shape == "wide")
    # what only the YAML holds survives a re-import of the same ids
    assert [lv.name for lv in after.levels] == [lv.name for lv in before.levels]
    assert [d.counts_as for d in after.dimensions] == [d.counts_as for d in before.dimensions]
    assert after.level("IC4") is not None and after.level("IC4").sublevels == ("4A", "4B", "4C")
    assert (after.version, after.cumulative) == (before.version, True)
    # the ladder's own settings and attribute columns travel in the sheet
    assert (after.name, after.description) == (before.name, before.description)
    assert after.attributes == before.attributes
    assert [lv.attributes for lv in after.levels] == [lv.attributes for lv in before.levels]
    assert calib("validate", two_track).code == 0


def test_wide_export_says_what_it_leaves_out(calib: Calib) -> None:
    run = calib("rubric", "export", "--root", TWO_TRACK, "--shape", "wide")
    assert run.code == 0
    assert "the wide form leaves out 5 target proficiency value(s)" in run.stderr
    assert "the track limit of 1 expectation(s) on shared levels" in run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "Name:,Tidewater engineering framework"
    assert next(x for x in lines if x.startswith("dimension,")).startswith("dimension,1.1,IC1,IC2")


@pytest.mark.parametrize("shape", ["long", "wide"])
def test_export_of_an_import_is_stable(
    shape: str, calib: Calib, empty_repo: Path, tmp_path: Path
) -> None:
    first = calib("rubric", "export", "--root", TWO_TRACK, "--shape", shape).stdout
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(first, encoding="utf-8")
    assert calib("rubric", "import", sheet, "--root", empty_repo).code == 0
    # a fresh import has other dimension ids and no level names, none of which a sheet shows
    assert calib("rubric", "export", "--root", empty_repo, "--shape", shape).stdout == first


def test_long_export_has_every_level_and_dimension(calib: Calib) -> None:
    rows = calib("rubric", "export", "--root", TWO_TRACK).stdout.splitlines()
    assert rows[:3] == [
        "Name:,Tidewater engineering framework",
        'Description:,"Everyone starts on the shared apprenticeship level. Individual contributors '
        "then climb IC1 to IC6; engineering managers start at M3, beside IC3, and climb to M5. "
        'A level includes everything expected of the levels below it on the same track."',
        "Cumulative:,yes",
    ]
    assert rows[3] == (
        "track,level,order,Attribute: Job title,Attribute: Typical scope,"
        "Attribute: Typical years in level,dimension,group,role,expectation,example,proficiency"
    )
    # an empty cell keeps its place
    assert (
        "ic,IC6,6,Principal engineer,The whole engineering organisation,,"
        "Execution,Craft,delivery,-,," in rows
    )
    assert "manager,*,,,,,Outcomes,Impact,impact," in "\n".join(rows)


def test_export_never_overwrites_without_force(calib: Calib, tmp_path: Path) -> None:
    out = tmp_path / "ladder.md"
    out.write_text("mine\n", encoding="utf-8")
    run = calib("rubric", "export", "--root", TWO_TRACK, "-o", out)
    assert run.code == 1 and "already exists; pass --force" in run.stderr
    assert out.read_text(encoding="utf-8") == "mine\n"
    assert calib("rubric", "export", "--root", TWO_TRACK, "-o", out, "--force").code == 0
    assert out.read_text(encoding="utf-8").startswith("Name: Tidewater engineering framework\n")
    assert "\n\n| track | level | order |" in out.read_text(encoding="utf-8")


def test_export_needs_a_ladder(calib: Calib, empty_repo: Path) -> None:
    run = calib("rubric", "export", "--root", empty_repo)
    assert run.code == 2 and "there is no rubric/ladder.yaml" in run.stderr


_line = (
    st.text(alphabet=st.sampled_from("abcdefghij klmnop,.'()ABC"), min_size=1, max_size=30)
    .map(str.strip)
    .filter(lambda s: bool(s) and s[0].isalpha())
)
_text = st.lists(_line, min_size=1, max_size=3).map("\n".join)
_items = st.lists(st.builds(Item, _text, st.lists(_text, max_size=2)), min_size=0, max_size=4)


@given(_items)
def test_cells_read_back_what_they_wrote(items: list[Item]) -> None:
    assert split_items(render_items(items)) == items


def test_a_csv_file_opens_as_utf8_in_spreadsheets(
    calib: Calib, empty_repo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ladder.csv"
    assert calib("rubric", "export", "--root", TWO_TRACK, "-o", out).code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfName:,")
    assert calib("rubric", "import", out, "--root", empty_repo).code == 0
