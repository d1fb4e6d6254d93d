"""Inline SVG charts: no script, no external file, and always a data table beside them."""

from __future__ import annotations

from collections.abc import Sequence

from calibration.site.markup.html import esc

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 170
BAR_WIDTH = 300


def bar_chart(title: str, bars: Sequence[tuple[str, int]], *, table_note: str = "") -> str:
    """A horizontal bar chart as inline SVG with ``role="img"`` and a spoken summary.

    The chart repeats a table that must sit right next to it; ``table_note``
    names that table in the accessible label so screen readers go there.
    """
    if not bars:
        return ""
    top = max((value for _, value in bars), default=0) or 1
    summary = "; ".join(f"{label}: {value}" for label, value in bars)
    aria = f"{title}. {summary}." + (f" {table_note}" if table_note else "")
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [
        f'<svg class="calib-chart" role="img" aria-label="{esc(aria)}" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{esc(title)}</title>",
    ]
    for index, (label, value) in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = round(BAR_WIDTH * value / top)
        middle = y + BAR_HEIGHT / 2
        parts.append(
            f'<text class="calib-chart-label" x="{LABEL_WIDTH - 8}" y="{middle}" '
            f'text-anchor="end" dominant-baseline="middle">{esc(label)}</text>'
        )
        parts.append(
            f'<rect class="calib-chart-bar" x="{LABEL_WIDTH}" y="{y}" '
            f'width="{length}" height="{BAR_HEIGHT}" rx="2"></rect>'
        )
        parts.append(
            f'<text class="calib-chart-value" x="{LABEL_WIDTH + length + 6}" y="{middle}" '
            f'dominant-baseline="middle">{value}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
