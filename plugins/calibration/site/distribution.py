"""Rating distributions with small-group protection, as data and as an accessible table.

An aggregate shown to an audience that may not see individual ratings must
not reveal anyone's rating. A group (a level, a manager, a team) with fewer
than ``k`` rated people is never shown on its own: it is merged into one
"combined" row, and when the combined row would still be smaller than ``k``
the smallest shown groups join it until it is not. Every count that is shown
then belongs to at least ``k`` people, and the totals are exact, so nothing
can be recovered by subtracting shown numbers from totals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from calibration.model import Scale
from calibration.site.html import esc, table


@dataclass(frozen=True)
class Row:
    """One row: the rated people per rating (scale order) and their total."""

    label: str
    counts: tuple[int, ...]
    members: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        """Number of rated people in the row."""
        return sum(self.counts)


@dataclass(frozen=True)
class Distribution:
    """A distribution ready to show: ``merged`` lists the groups only counted in ``combined``."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    total: Row | None
    combined: Row | None = None
    merged: tuple[str, ...] = ()
    k: int | None = None

    @property
    def suppressed(self) -> bool:
        """True when even the total is too small to show."""
        return self.total is None


def _count(scale: Scale, ratings: Sequence[str | None]) -> tuple[int, ...]:
    ids = [r.id for r in scale.ratings]
    return tuple(sum(1 for value in ratings if value == rid) for rid in ids)


def distribute(
    groups: Sequence[tuple[str, Sequence[str | None]]],
    scale: Scale,
    k: int | None,
    *,
    combined_label: str = "Smaller groups combined",
) -> Distribution:
    """Count ratings per group; with ``k`` set, merge groups smaller than ``k`` as described above.

    ``groups`` holds (label, rating id of each member) in display order;
    unknown or missing ratings are not counted, and empty groups are dropped.
    """
    columns = tuple(r.label for r in scale.ratings)
    rows = [Row(label, _count(scale, ratings)) for label, ratings in groups]
    rows = [row for row in rows if row.total > 0]
    grand = Row(
        "Total", tuple(map(sum, zip(*(r.counts for r in rows), strict=True))) or (0,) * len(columns)
    )
    if k is None:
        return Distribution(columns, tuple(rows), grand)
    if grand.total < k:
        return Distribution(columns, (), None, k=k, merged=tuple(r.label for r in rows))
    small = [row for row in rows if row.total < k]
    shown = [row for row in rows if row.total >= k]
    # Merge the smallest shown groups in until the combined row is itself large enough.
    while small and sum(r.total for r in small) < k and shown:
        smallest = min(shown, key=lambda r: (r.total, r.label))
        shown.remove(smallest)
        small.append(smallest)
    combined = None
    if small:
        counts = tuple(map(sum, zip(*(r.counts for r in small), strict=True)))
        combined = Row(combined_label, counts, tuple(r.label for r in small))
    order = {row.label: index for index, row in enumerate(rows)}
    shown.sort(key=lambda r: order[r.label])
    return Distribution(columns, tuple(shown), grand, combined, tuple(r.label for r in small), k)


def _cells(row: Row, share: bool) -> list[str]:
    cells = [str(n) for n in row.counts] + [str(row.total)]
    if share and row.total:
        cells = [f"{n} <small>({round(100 * n / row.total)}%)</small>" for n in row.counts] + [
            str(row.total)
        ]
    return cells


def distribution_table(
    dist: Distribution, *, group_name: str, caption: str, share: bool = True
) -> str:
    """The distribution as an HTML table (the text alternative of its chart)."""
    if dist.suppressed:
        return (
            f'<p class="calib-suppressed">{esc(caption)}: not shown, because fewer than '
            f"{dist.k} people are rated and a count could identify someone.</p>"
        )
    headers = [group_name, *dist.columns, "Total"]
    body = [[esc(r.label), *_cells(r, share)] for r in dist.rows]
    if dist.combined is not None:
        label = f"{dist.combined.label} ({', '.join(dist.combined.members)})"
        body.append([esc(label), *_cells(dist.combined, share)])
    if dist.total is not None:
        body.append(["<strong>Total</strong>", *_cells(dist.total, share)])
    out = table(headers, body, caption=caption, row_headers=True)
    if dist.merged:
        out += (
            f'\n<p class="calib-note">Groups with fewer than {dist.k} rated people are only '
            "counted together, so that no count points at one person.</p>"
        )
    return out
