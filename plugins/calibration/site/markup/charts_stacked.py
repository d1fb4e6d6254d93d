"""Inline SVG stacked bars: nothing is fetched, and every chart sits next to its data table.

A chart is for sighted readers skimming; the table right after it is the text
alternative, and the ``aria-label`` says in one sentence what the chart shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from calibration.site.markup.html import esc

WIDTH = 720
LABEL_WIDTH = 210
TOTAL_WIDTH = 60
ROW_HEIGHT = 24
ROW_GAP = 8
LEGEND_ROW = 22
LEGEND_ITEM = 170
MAX_LABEL = 30


@dataclass(frozen=True)
class Bar:
    """One stacked bar: a label and one value per series."""

    label: str
    values: tuple[int, ...]


def series_colours(count: int) -> list[tuple[str, bool]]:
    """One fill per series, warm (first) to cool (last), and whether text on it should be dark.

    Lightness alternates so that neighbouring segments differ even for readers
    who cannot tell the hues apart.
    """
    out = []
    for index in range(count):
        share = index / (count - 1) if count > 1 else 1.0
        hue = round(25 + share * 185)
        lightness = 72 if index % 2 == 0 else 40
        out.append((f"hsl({hue}, 60%, {lightness}%)", lightness > 55))
    return out


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _bar(bar: Bar, y: int, colours: list[tuple[str, bool]]) -> list[str]:
    total = sum(bar.values)
    label = esc(_short(bar.label))
    out = [f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end">{label}</text>']
    span = WIDTH - LABEL_WIDTH - TOTAL_WIDTH
    x = float(LABEL_WIDTH)
    for value, (fill, dark) in zip(bar.values, colours, strict=False):
        if total == 0 or value == 0:
            continue
        width = span * value / total
        out.append(
            f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{ROW_HEIGHT}" fill="{fill}"/>'
        )
        if width >= 22:
            out.append(
                f'<text x="{x + width / 2:.1f}" y="{y + 16}" text-anchor="middle" '
                f'fill="{"#111" if dark else "#fff"}">{value}</text>'
            )
        x += width
    out.append(f'<text x="{WIDTH - TOTAL_WIDTH + 8}" y="{y + 16}">n={total}</text>')
    return out


def _legend(series: Sequence[str], colours: list[tuple[str, bool]], top: int) -> list[str]:
    per_row = max(1, (WIDTH - LABEL_WIDTH) // LEGEND_ITEM)
    out = []
    for index, (name, (fill, _)) in enumerate(zip(series, colours, strict=False)):
        x = LABEL_WIDTH + (index % per_row) * LEGEND_ITEM
        y = top + (index // per_row) * LEGEND_ROW
        out.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{fill}"/>')
        out.append(f'<text x="{x + 20}" y="{y + 12}">{esc(_short(name))}</text>')
    return out


def stacked_bars(title: str, series: Sequence[str], bars: Sequence[Bar], summary: str) -> str:
    """A horizontal 100% stacked bar chart as inline SVG.

    ``series`` names the segments in order, ``bars`` are the rows, ``summary``
    becomes the accessible name. Returns "" when there is nothing to draw, so
    callers can always place the table regardless.
    """
    if not bars or not series:
        return ""
    colours = series_colours(len(series))
    per_row = max(1, (WIDTH - LABEL_WIDTH) // LEGEND_ITEM)
    legend_top = len(bars) * (ROW_HEIGHT + ROW_GAP) + 8
    height = legend_top + -(-len(series) // per_row) * LEGEND_ROW + 4
    parts = [
        f'<svg class="calib-chart" role="img" aria-label="{esc(summary)}" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" font-size="13" fill="currentColor">',
        f"<title>{esc(title)}</title>",
    ]
    for index, bar in enumerate(bars):
        parts.extend(_bar(bar, index * (ROW_HEIGHT + ROW_GAP), colours))
    parts.extend(_legend(series, colours, legend_top))
    parts.append("</svg>")
    return "\n".join(parts)
