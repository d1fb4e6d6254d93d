"""The ladder and scale model on the two-track ladder: order, tracks, cells, sub-levels, rank."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from calibration.load.repository import load_repository
from calibration.model import Ladder, Org

TWO_TRACK = Path(__file__).resolve().parents[1] / "fixtures" / "ladders" / "two-track"


@pytest.fixture(scope="module")
def org() -> Org:
    """The two-track org, read from the source tree (never written)."""
    return load_repository(TWO_TRACK).org


def ids(levels: list[object]) -> list[str]:
    return [lv.id for lv in levels]  # type: ignore[attr-defined]


def texts(cell: list[tuple[object, str | None]]) -> list[tuple[str, str | None]]:
    return [(exp.text, origin) for exp, origin in cell]  # type: ignore[attr-defined]


def test_level_ids_are_text_and_attributes_are_free(org: Org) -> None:
    apprentice = org.ladder.level("1.1")
    assert apprentice is not None and apprentice.order == 0 and apprentice.tracks == ()
    assert apprentice.attribute("years") == "1"  # a number in YAML, text in the model
    assert org.ladder.level("IC6") is not None and org.ladder.level("IC6").attribute("years") == ""


def test_tracks_start_at_different_levels(org: Org) -> None:
    ladder = org.ladder
    assert ids(ladder.ordered_levels("ic")) == ["1.1", "IC1", "IC2", "IC3", "IC4", "IC5", "IC6"]
    assert ids(ladder.ordered_levels("manager")) == ["1.1", "M3", "M4", "M5"]
    # order ties across tracks keep the file order
    assert ids(ladder.ordered_levels())[3:6] == ["IC3", "M3", "IC4"]


def test_next_levels_follow_order_and_track(org: Org) -> None:
    ladder = org.ladder
    assert ids(ladder.next_levels("1.1", "ic")) == ["IC1"]
    assert ids(ladder.next_levels("1.1", "manager")) == ["M3"]
    assert ids(ladder.next_levels("IC3", "ic")) == ["IC4"]
    assert ids(ladder.next_levels("M3", None)) == ["IC4", "M4"]  # ties share a rank
    assert ladder.next_levels("M5", "manager") == []
    assert ladder.next_levels("unknown") == []


def test_cumulative_cell_includes_lower_levels_of_the_track(org: Org) -> None:
    cell = texts(org.ladder.expectations_for("IC2", "execution", "ic"))
    assert cell == [
        (
            "Writes down decisions and the reasons for them where the team will find them later.",
            None,
        ),
        ("Finishes tasks agreed with the mentor and says early when one is stuck.", "1.1"),
        ("Ships small, well-described changes with tests, in reviewable pieces.", "IC1"),
        (
            "Delivers a whole feature inside one service, from the first design note to release.",
            "IC2",
        ),
        ("Re-plans in the open when the scope moves, instead of working late to hide it.", "IC2"),
    ]
    manager = [origin for _, origin in texts(org.ladder.expectations_for("M3", "execution"))]
    assert manager == [None, "1.1", "M3"]  # the shared level counts, IC levels do not


def test_not_cumulative_keeps_only_the_cell(org: Org) -> None:
    flat = replace(org.ladder, cumulative=False)
    assert isinstance(flat, Ladder)
    origins = [origin for _, origin in texts(flat.expectations_for("IC2", "execution"))]
    assert origins == [None, "IC2", "IC2"]


def test_track_only_expectations_stay_on_their_track(org: Org) -> None:
    honest = "Reports the team's results honestly, misses included, before anyone has to ask."
    assert honest in [t for t, _ in texts(org.ladder.expectations_for("M4", "outcomes"))]
    assert honest not in [t for t, _ in texts(org.ladder.expectations_for("IC5", "outcomes"))]
    assert honest not in [t for t, _ in texts(org.ladder.expectations_for("IC5", "outcomes", "ic"))]


@pytest.mark.parametrize(
    ("dimension", "level", "track", "applies"),
    [
        ("craft", "M3", None, False),  # an IC-only dimension, a manager level
        ("craft", "1.1", None, True),  # the shared level is on every track
        ("craft", "1.1", "manager", False),
        ("operations", "IC1", None, False),  # limited to IC2 and up
        ("operations", "IC2", "ic", True),
        ("org-design", "M3", None, False),
        ("org-design", "M4", None, True),
        ("people", "IC4", None, False),
        ("execution", "IC4", None, True),
    ],
)
def test_dimension_applies(
    org: Org, dimension: str, level: str, track: str | None, applies: bool
) -> None:
    dim = org.ladder.dimension(dimension)
    assert dim is not None
    assert org.ladder.dimension_applies(dim, level, track) is applies


def test_sub_levels_order_people_inside_a_level(org: Org) -> None:
    ladder = org.ladder
    ic4 = ladder.level("IC4")
    assert ic4 is not None and ic4.sublevel_rank("4B") == 1 and ic4.sublevel_rank("4Z") is None
    positions = [ladder.position("IC4"), ladder.position("IC4", "4A"), ladder.position("IC4", "4C")]
    assert positions == sorted(positions) and len(set(positions)) == 3
    assert ladder.position("IC5") > ladder.position("IC4", "4C")  # type: ignore[operator]
    people = sorted(
        (p for p in org.people.values() if p.level == "IC4"),
        key=lambda p: ladder.position(p.level, p.sublevel) or (0, 0),
    )
    assert [p.handle for p in people] == ["marta-kowalczyk", "sipho-ndlovu"]


def test_rating_comparisons_use_rank_not_value(org: Org) -> None:
    scale = org.scale
    assert scale.direction == "lower-is-better"
    assert [r.id for r in scale.best_first()][:2] == ["outstanding", "strong"]
    outstanding, strong = scale.get("outstanding"), scale.get("strong")
    assert outstanding is not None and strong is not None
    assert outstanding.value is not None and strong.value is not None
    assert outstanding.value < strong.value  # 1 is the best number ...
    assert scale.at_or_above("outstanding", "strong")  # ... and the higher standing
    assert not scale.at_or_above("solid", org.settings.high_rating)
    assert scale.at_or_below("developing", org.settings.low_rating)
    assert scale.steps("solid", "outstanding") == 2
    assert scale.steps("strong", "developing") == -2
    assert scale.rank("off-track") == 0 and scale.rank("nope") is None


def test_a_cycle_finds_its_ladder_version(org: Org) -> None:
    assert org.ladder_for("fy27-h1") is org.ladder
    archived = replace(org.ladder, version="2026.9", cumulative=False)
    with_archive = replace(org, ladders={"2026.9": archived})
    cycle = replace(with_archive.cycles["fy27-h1"], ladder_version="2026.9")
    moved = replace(with_archive, cycles={"fy27-h1": cycle})
    assert moved.ladder_for("fy27-h1") is archived
    assert moved.ladder_for("unknown") is moved.ladder
