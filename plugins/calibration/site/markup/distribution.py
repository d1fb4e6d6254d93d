"""Published tables of a release, as accessible HTML: one format for every aggregate page.

A table only formats a :class:`~calibration.disclosure.Table`; it never counts.
Each published row says, in a ``data-calib-group`` attribute, whom it counts
(levels and managers, as a reader would describe them), and each rating
column carries its rating id, so that the test suite's reconstruction attack
reads exactly what a person reads.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from calibration.disclosure import Cell, Table
from calibration.model import Scale
from calibration.site.markup.html import esc

SUPPRESSED = '<span class="calib-suppressed">{}</span>'


def group_attr(cell: Cell) -> str:
    """The ``data-calib-group`` attribute of a published row."""
    spec: dict[str, list[str]] = {}
    if cell.levels is not None:
        spec["levels"] = list(cell.levels)
    if cell.managers is not None:
        spec["managers"] = list(cell.managers)
    return f' data-calib-group="{esc(json.dumps(spec, ensure_ascii=False, sort_keys=True))}"'


def _row(header: str, cells: Sequence[str], attr: str = "") -> str:
    tds = "".join(f"<td>{c}</td>" for c in cells)
    return f'<tr{attr}><th scope="row">{header}</th>{tds}</tr>'


def _blank_row(header: str, text: str, width: int) -> str:
    """A row whose numbers are not shown: one cell across the row says why."""
    cell = f'<td colspan="{width}">{SUPPRESSED.format(esc(text))}</td>'
    return f'<tr><th scope="row">{header}</th>{cell}</tr>'


def count_cells(cell: Cell, *, share: bool = True) -> list[str]:
    """A rating row's cells: count (and share) per rating, then the row's total."""
    if not (share and cell.total):
        return [str(n) for n in cell.counts] + [str(cell.total)]
    return [f"{n} <small>({round(100 * n / cell.total)}%)</small>" for n in cell.counts] + [
        str(cell.total)
    ]


def rating_table(
    data: Table,
    scale: Scale,
    *,
    cycle_id: str,
    kind: str,
    group_name: str,
    caption: str,
    k: int,
    extra: tuple[str, Callable[[Cell], str]] | None = None,
) -> str:
    """A released rating distribution as a table: shown rows, the combined row, the total.

    ``extra`` adds one more column (a heading and a cell function), such as
    the mean project complexity of each row.
    """
    labels = [scale.label(rid) for rid in data.columns]
    width = len(labels) + 1 + (1 if extra else 0)

    def cells(cell: Cell) -> list[str]:
        return count_cells(cell) + ([extra[1](cell)] if extra else [])

    rows = [_row(esc(c.label), cells(c), group_attr(c)) for c in data.shown]
    note = f"not shown: fewer than {k} people outside your view, or ratings too alike"
    rows += [_blank_row(esc(label), note, width) for label in data.small]
    merged = f"counted in the row {data.pool.label if data.pool else 'combined'}"
    rows += [_blank_row(esc(label), merged, width) for label in data.merged]
    if data.pool is not None:
        rows.append(_row(esc(data.pool.label), cells(data.pool), group_attr(data.pool)))
    if data.total is not None:
        total = data.total
        rows.append(_row(f"<strong>{esc(total.label)}</strong>", cells(total), group_attr(total)))
    heads = [f'<th scope="col">{esc(group_name)}</th>']
    heads += [
        f'<th scope="col" data-calib-rating="{esc(rid)}">{esc(label)}</th>'
        for rid, label in zip(data.columns, labels, strict=True)
    ]
    heads.append('<th scope="col">Total</th>')
    if extra:
        heads.append(f'<th scope="col">{esc(extra[0])}</th>')
    return "\n".join(
        [
            f'<table class="calib-table calib-release" data-calib-cycle="{esc(cycle_id)}" '
            f'data-calib-ratings="{esc(kind)}">',
            f"<caption>{esc(caption)}</caption>",
            "<thead><tr>" + "".join(heads) + "</tr></thead>",
            "<tbody>",
            *rows,
            "</tbody></table>",
        ]
    )


def withheld_note(caption: str, k: int, min_distinct: int) -> str:
    """What a reader sees instead of a table the release withholds as a whole."""
    alike = (
        f", or their ratings are not at least {min_distinct} different ones,"
        if min_distinct > 1
        else ""
    )
    return (
        f'<p class="calib-suppressed">{esc(caption)}: not shown, because fewer than {k} '
        f"people whose ratings you may not see are counted{alike} so a number could "
        "point at someone.</p>"
    )


def protection_note(k: int, min_distinct: int) -> str:
    """The note under a protected table: what was combined, and why."""
    alike = (
        f" or whose ratings are all the same (fewer than {min_distinct} different ratings)"
        if min_distinct > 1
        else ""
    )
    return (
        f'<p class="calib-note">Groups with fewer than {k} people whose ratings you may not '
        f"see{alike} are only counted together with other groups, so that no number, alone "
        "or set against another, points at one person.</p>"
    )


def count_table(
    data: Table, *, headers: Sequence[str], caption: str, total_label: str = "Total"
) -> str:
    """A released table of plain counts (items, files): no rating columns, no shares."""
    rows = [_row(esc(c.label), [str(n) for n in c.counts]) for c in data.shown]
    width = len(headers) - 1
    rows += [
        _row(esc(label), [SUPPRESSED.format("too few to show")] * width) for label in data.small
    ]
    merged = SUPPRESSED.format("counted in the combined row")
    rows += [_row(esc(label), [merged] * width) for label in data.merged]
    if data.pool is not None:
        rows.append(_row(esc(data.pool.label), [str(n) for n in data.pool.counts]))
    if data.total is not None:
        rows.append(_row(esc(total_label), [str(n) for n in data.total.counts]))
    else:
        rows.append(_blank_row(esc(total_label), "withheld: too few people", width))
    heads = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    return "\n".join(
        [
            '<table class="calib-table">',
            f"<caption>{esc(caption)}</caption>",
            f"<thead><tr>{heads}</tr></thead>",
            "<tbody>",
            *rows,
            "</tbody></table>",
        ]
    )
