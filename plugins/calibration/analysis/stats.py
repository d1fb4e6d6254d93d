"""Fisher's exact test on a 2x2 table, computed exactly with integers (no floating sums).

The table is ``[[a, b], [c, d]]``: the manager's high and other ratings, then
the rest of the level's. With the margins fixed, the probability of a table
with ``x`` in the top-left cell is C(K, x) * C(N - K, n - x) / C(N, n); the
two-sided p-value adds every table no more likely than the observed one.
Comparing the integer numerators keeps ties exact.
"""

from __future__ import annotations

from fractions import Fraction
from math import comb


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test for ``[[a, b], [c, d]]``."""
    if min(a, b, c, d) < 0:
        raise ValueError("table cells must be counts (zero or more)")
    row, col, total = a + b, a + c, a + b + c + d
    if total == 0:
        return 1.0
    low, high = max(0, row + col - total), min(row, col)

    def weight(x: int) -> int:
        return comb(col, x) * comb(total - col, row - x)

    observed = weight(a)
    extreme = sum(w for w in (weight(x) for x in range(low, high + 1)) if w <= observed)
    return float(min(Fraction(extreme, comb(total, row)), Fraction(1)))
