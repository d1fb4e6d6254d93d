"""Fisher's exact test against values worked out by hand, and its basic symmetries."""

from __future__ import annotations

from fractions import Fraction
from math import comb

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calibration.analysis.stats import fisher_exact


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        # N=6, rows and columns of 3: only the two extreme tables, each 1/20, are as unlikely.
        ((3, 0, 0, 3), Fraction(2, 20)),
        # N=3: weights C(2,x)C(1,2-x) are 2 (x=1) and 1 (x=2); only x=2 is as unlikely.
        ((2, 0, 0, 1), Fraction(1, 3)),
        # N=13, margins 5/5: weights 56, 350, 560, 280, 40, 1 over C(13,5)=1287; x=4 -> 40+1.
        ((4, 1, 1, 7), Fraction(41, 1287)),
        # The observed table is the most likely one, so every table counts: p = 1.
        ((1, 1, 1, 1), Fraction(1)),
        ((0, 0, 0, 0), Fraction(1)),
    ],
)
def test_hand_computed_p_values(table: tuple[int, int, int, int], expected: Fraction) -> None:
    assert fisher_exact(*table) == pytest.approx(float(expected), rel=1e-12)


def test_textbook_table() -> None:
    # The classic [[1, 9], [11, 3]] example: p = 0.0027594561852...
    assert fisher_exact(1, 9, 11, 3) == pytest.approx(0.00275945618522, rel=1e-9)


def test_negative_cells_are_refused() -> None:
    with pytest.raises(ValueError):
        fisher_exact(-1, 2, 3, 4)


def _brute_force(a: int, b: int, c: int, d: int) -> Fraction:
    """Independent check: enumerate every table with the same margins."""
    row, col, n = a + b, a + c, a + b + c + d
    probs = {
        x: Fraction(comb(col, x) * comb(n - col, row - x), comb(n, row))
        for x in range(max(0, row + col - n), min(row, col) + 1)
    }
    return sum((p for p in probs.values() if p <= probs[a]), Fraction(0))


counts = st.integers(min_value=0, max_value=12)


@given(counts, counts, counts, counts)
def test_matches_enumeration_and_symmetries(a: int, b: int, c: int, d: int) -> None:
    p = fisher_exact(a, b, c, d)
    if a + b + c + d:
        assert p == pytest.approx(float(_brute_force(a, b, c, d)), rel=1e-12)
    assert 0 < p <= 1
    assert p == pytest.approx(fisher_exact(c, d, a, b), rel=1e-12)  # swap the rows
    assert p == pytest.approx(fisher_exact(a, c, b, d), rel=1e-12)  # transpose
