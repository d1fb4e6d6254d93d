"""Numbers read the way a reader reads them: money, percentages, multipliers, durations, rates."""

from __future__ import annotations

import pytest

from calibration.analysis.changes import find_changes
from calibration.analysis.quantities import Quantity, extract_quantities
from calibration.analysis.words import DEFAULT_WORDS

DECREASE = frozenset(DEFAULT_WORDS["decrease_words"])
INCREASE = frozenset(DEFAULT_WORDS["increase_words"])


def _one(text: str) -> Quantity:
    found = extract_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "kind", "unit", "per"),
    [
        ("saved $40K a month", 40_000, "money", "USD", "month"),
        ("a bill of €1.2M/year", 1_200_000, "money", "EUR", "year"),
        ("about 410k EUR a month", 410_000, "money", "EUR", "month"),
        ("USD 40,000 in licences", 40_000, "money", "USD", ""),
        ("2.5 million euros", 2_500_000, "money", "EUR", ""),
        ("reached 1.2M weekly users", 1_200_000, "count", "users", ""),
        ("across all 6 payment markets", 6, "count", "markets", ""),
        ("twenty-five engineers", 25, "count", "engineers", ""),
        ("it is 3x faster", 3, "multiplier", "x", ""),
        ("three times cheaper", 3, "multiplier", "times", ""),
        ("conversion of 38%", 38, "percent", "%", ""),
        ("p95 of 900 ms", 900, "duration", "ms", ""),
        ("in about two hours", 2, "duration", "hours", ""),
        ("within a minute", 1, "duration", "minute", ""),
        ("a two-week train", 2, "duration", "week", ""),
        ("14 pages a week", 14, "count", "pages", "week"),
        ("400 engineer-hours per month", 400, "count", "engineer-hours", "month"),
        ("storage of 18 TB", 18, "size", "tb", ""),
        ("with zero lost messages", 0, "count", "messages", ""),
        ("cut over with no downtime", 0, "count", "downtime", ""),
    ],
)
def test_each_kind_of_quantity_is_read(
    text: str, value: float, kind: str, unit: str, per: str
) -> None:
    found = _one(text)
    assert (found.value, found.kind, found.unit, found.per) == (value, kind, unit, per)


def test_ranges_and_shares_are_one_quantity() -> None:
    for text in ("3-5 days", "3 to 5 days", "between 3 and 5 days"):
        found = _one(text)
        assert (found.low, found.high, found.kind, found.value) == (3, 5, "duration", 4)
    share = _one("12 of the 40 services use it")
    assert (share.kind, share.unit, share.low, share.high) == ("share", "services", 12, 40)
    assert _one("down to one in ten").kind == "share"


@pytest.mark.parametrize(
    "text",
    [
        "from March to May",
        "shipped on 14 October",
        "shipped on October 14",
        "the 2026 roadmap",
        "in Q3 and H2",
        "p95 and L4",
        "the 1st release",
        "no longer restarts",
    ],
)
def test_dates_labels_and_ordinals_are_not_quantities(text: str) -> None:
    assert extract_quantities(text) == []


def test_a_thousands_separator_is_not_a_year() -> None:
    assert _one("payouts for 2,000 merchants").value == 2000


def test_the_orgs_own_units_make_a_measure() -> None:
    plain = _one("we sold 40 seats")
    assert plain.kind == "count" and not plain.measured
    custom = extract_quantities("we sold 40 seats", ["seats"])
    assert custom[0].measured is True


def _changes(text: str) -> list[tuple[str, str, str]]:
    quantities = extract_quantities(text)
    return [
        (c.kind, c.direction, c.text)
        for c in find_changes(text, quantities, decrease=DECREASE, increase=INCREASE)
    ]


@pytest.mark.parametrize(
    ("text", "kind", "direction"),
    [
        ("spend dropped from 52k to 31k USD a month", "from-to", "down"),
        ("night pages fell from 14 a week to 3", "from-to", "down"),
        ("escalations fell from 23 in Q2 to 4 in Q3", "from-to", "down"),
        ("conversion went from 2.4% to 2.9%", "from-to", "up"),
        ("time to reprice went from about two hours to four minutes", "from-to", "down"),
        ("latency 900 ms -> 120 ms", "arrow", "down"),
        ("books closed in one working day instead of three", "instead-of", "down"),
        ("loads in under a second, down from three", "down-from", "down"),
        ("cutting its monthly bill by 35%", "relative", "down"),
        ("completion went up 18%", "relative", "up"),
        ("deploys are 3x faster", "relative", "down"),
        ("40% fewer pages", "relative", "down"),
        ("we halved the error rate", "multiplier", "down"),
        ("closed twice as many tickets as last quarter", "multiplier", "up"),
        ("metrics within five minutes instead of the next morning", "instead-of", ""),
    ],
)
def test_each_kind_of_change_is_found_with_its_direction(
    text: str, kind: str, direction: str
) -> None:
    found = _changes(text)
    assert [(k, d) for k, d, _ in found] == [(kind, direction)], found


def test_a_bare_side_takes_the_other_sides_unit() -> None:
    quantities = extract_quantities("from 14 pages a week to 3")
    (change,) = find_changes("from 14 pages a week to 3", quantities)
    assert change.after is not None and change.after.per == "week"
    assert change.after.kind == change.before.kind if change.before else False


def test_words_without_numbers_are_no_change() -> None:
    assert _changes("from March to May") == []
    assert _changes("from chaotic to calm") == []
