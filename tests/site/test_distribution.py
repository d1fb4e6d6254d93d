"""Small-group protection of rating distributions: what is shown always covers at least k people."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from calibration.model import Rating, Scale
from calibration.site.distribution import distribute, distribution_table

SCALE = Scale([Rating("lo", "Low", 0), Rating("mid", "Middle", 1), Rating("hi", "High", 2)])
RATING = st.sampled_from(["lo", "mid", "hi", None, "unknown"])
GROUPS = st.lists(st.lists(RATING, max_size=12), max_size=8).map(
    lambda groups: [(f"G{i}", ratings) for i, ratings in enumerate(groups)]
)


@given(groups=GROUPS, k=st.integers(min_value=1, max_value=6))
def test_every_shown_count_covers_k_people_and_totals_add_up(
    groups: list[tuple[str, list[str | None]]], k: int
) -> None:
    dist = distribute(groups, SCALE, k)
    rated = sum(1 for _, ratings in groups for r in ratings if r in ("lo", "mid", "hi"))
    if dist.total is None:
        assert rated < k and dist.rows == () and dist.combined is None
        return
    assert dist.total.total == rated
    assert all(row.total >= k for row in dist.rows)
    shown = [row.counts for row in dist.rows] + ([dist.combined.counts] if dist.combined else [])
    assert tuple(map(sum, zip(*shown, strict=True))) == dist.total.counts
    if dist.combined is not None:
        assert dist.combined.total >= k
        assert not {row.label for row in dist.rows} & set(dist.combined.members)


def test_without_k_every_group_is_shown() -> None:
    dist = distribute([("A", ["lo"]), ("B", ["hi", "hi"]), ("C", [])], SCALE, None)
    assert [(r.label, r.counts) for r in dist.rows] == [("A", (1, 0, 0)), ("B", (0, 0, 2))]
    assert dist.combined is None and dist.total is not None and dist.total.counts == (1, 0, 2)


def test_a_lone_small_group_pulls_in_the_smallest_large_one() -> None:
    groups = [("A", ["mid"] * 5), ("B", ["hi"] * 3), ("C", ["lo"])]
    dist = distribute(groups, SCALE, 3)
    assert [r.label for r in dist.rows] == ["A"]
    assert dist.combined is not None and set(dist.combined.members) == {"B", "C"}
    assert dist.combined.counts == (1, 0, 3)


def test_table_of_a_suppressed_distribution_shows_no_number() -> None:
    html = distribution_table(
        distribute([("A", ["hi"])], SCALE, 4), group_name="Level", caption="Ratings"
    )
    assert "not shown" in html and "<table" not in html
