"""Small-group suppression: no number on a page lets a reader work out a group of fewer than k.

The property: whatever a reader can compute from the printed numbers (shown
rows, the pooled row, the totals, and the rows they may see in full) is either
a whole shown row or a sum over at least k people they may not see.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from analysis_site import analysis_pages, context
from hypothesis import given
from hypothesis import strategies as st

from calibration.site.analysis_shared import Group, suppress

K = 4


def _group(key: str, size: int, *, is_open: bool = False) -> Group:
    return Group(key, key, size, {"high": size // 2, "mid": size - size // 2}, is_open)


def test_a_group_of_k_minus_one_is_hidden_and_the_totals_do_not_reveal_it() -> None:
    result = suppress([_group("big", 5), _group("small", K - 1)], K)
    assert [g.key for g in result.small] == ["small"]
    # Alone, the big group's row plus exact totals would give the small one away,
    # so the big group is pooled with it instead of being printed.
    assert result.shown == [] and [g.key for g in result.merged] == ["big"]
    assert result.pooled is not None and result.pooled.size == 5 + K - 1
    assert result.totals is not None and result.totals.size == result.pooled.size


def test_the_smallest_large_group_joins_the_pool_and_the_rest_stay_visible() -> None:
    result = suppress([_group("a", 9), _group("b", 6), _group("c", 2)], K)
    assert [g.key for g in result.shown] == ["a"]
    assert [g.key for g in result.merged] == ["b"]
    assert result.pooled is not None and result.pooled.size == 8


def test_small_groups_that_pool_to_k_need_no_help() -> None:
    result = suppress([_group("a", 7), _group("b", 2), _group("c", 2)], K)
    assert [g.key for g in result.shown] == ["a"] and result.merged == []
    assert result.pooled is not None and result.pooled.size == 4


def test_when_nothing_can_join_the_pool_the_totals_are_withheld() -> None:
    result = suppress([_group("mine", 2, is_open=True), _group("theirs", 3)], K)
    assert [g.key for g in result.shown] == ["mine"]
    assert result.pooled is None and result.totals is None


def test_open_groups_are_shown_whatever_their_size() -> None:
    result = suppress([_group("mine", 1, is_open=True), _group("yours", 1, is_open=True)], K)
    assert len(result.shown) == 2 and result.small == [] and result.totals is not None


@given(
    st.lists(st.tuples(st.integers(0, 12), st.booleans()), max_size=8),
    st.integers(1, 6),
)
def test_nothing_printed_narrows_a_hidden_group_below_k(
    spec: list[tuple[int, bool]], k: int
) -> None:
    groups = [_group(f"g{i}", size, is_open=is_open) for i, (size, is_open) in enumerate(spec)]
    result = suppress(groups, k)
    for group in result.shown:
        assert group.open or group.size >= k
    assert {g.key for g in groups if g.open and g.size > 0} <= {g.key for g in result.shown}
    if result.pooled is not None:
        assert result.pooled.size >= k
    if result.totals is not None:
        # Totals minus everything the reader sees row by row is the pool: empty or >= k.
        rest = result.totals.size - sum(g.size for g in result.shown)
        assert rest == 0 or rest >= k
    elif any(g.size > 0 for g in groups):
        assert 0 < sum(g.size for g in [*result.small, *result.merged]) < k


class _Rows(HTMLParser):
    """Rows of the first table after a caption containing ``caption`` (cells as text)."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.caption, self.state, self.text = caption, "seek", ""
        self.rows: list[list[str]] = []
        self.row: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("caption", "td", "th"):
            self.text = ""
        if tag == "tr" and self.state == "in":
            self.row = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self.state == "seek" and self.caption in self.text:
            self.state = "in"
        elif tag in ("td", "th") and self.state == "in":
            self.row.append(self.text.strip())
        elif tag == "tr" and self.state == "in" and self.row:
            self.rows.append(self.row)
        elif tag == "table" and self.state == "in":
            self.state = "done"

    def handle_data(self, data: str) -> None:
        self.text += data


def _table(body: str, caption: str) -> dict[str, list[str]]:
    parser = _Rows(caption)
    parser.feed(body)
    return {row[0]: row[1:] for row in parser.rows[1:]}


def _count(cell: str) -> int:
    found = re.match(r"(\d+)", cell)
    assert found, cell
    return int(found.group(1))


def test_org_comparison_hides_the_small_group_and_its_totals_stay_safe() -> None:
    body = analysis_pages(context("org"))["cycles/h2/comparison.md"].body
    rows = _table(body, "Proposed ratings at G2")
    assert set(rows["Pike Sato"]) == {f"fewer than {K}"}
    shown = [label for label, cells in rows.items() if cells[0][0].isdigit()]
    people = {label: _count(rows[label][-2]) for label in shown}
    derived = people["All managers"] - sum(
        n for label, n in people.items() if label != "All managers"
    )
    assert derived == 0, "the pooled row is printed, so nothing is left to derive"
    assert people["Other managers combined"] >= K
    # Grade one has three people under three managers: nothing can be printed at all.
    grade_one = _table(body, "Proposed ratings at G1")
    assert all(not cell[0].isdigit() for cells in grade_one.values() for cell in cells)


def test_manager_sees_her_own_small_groups_in_full_but_not_other_small_groups() -> None:
    body = analysis_pages(context("manager:lane"))["cycles/h2/comparison.md"].body
    grade_one = _table(body, "Proposed ratings at G1")
    assert grade_one["Lane Orr"][-2] == "1"
    assert set(grade_one["Moss Abe"]) == {f"fewer than {K}"}
    assert set(grade_one["All managers"]) == {"withheld"}
