"""An inline SVG grid of counts (rows against columns), drawn beside the table it repeats.

Each cell shows its count as text, so colour is never the only carrier of the
number; the fill only deepens with the count. Text is always dark on fills
light enough to keep a contrast of at least 4.5:1.
"""

from __future__ import annotations

from collections.abc import Sequence

from calibration.site.markup.html import esc

LABEL_WIDTH = 190
CELL_WIDTH = 130
CELL_HEIGHT = 34
HEADER_HEIGHT = 30
MAX_LABEL = 26
LIGHTEST, DARKEST = 97, 66


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def cell_fill(count: int, top: int) -> str:
    """A blue whose lightness falls with the count: near white for 0, mid blue for the top."""
    share = count / top if top else 0.0
    lightness = round(LIGHTEST - share * (LIGHTEST - DARKEST))
    return f"hsl(210, 70%, {lightness}%)"


def grid_chart(
    title: str,
    rows: Sequence[str],
    columns: Sequence[str],
    counts: Sequence[Sequence[int]],
    summary: str,
) -> str:
    """A grid with one labelled row per ``rows`` entry and one column per ``columns`` entry.

    ``counts[r][c]`` is drawn in each cell; ``summary`` becomes the accessible
    name and should point at the table that follows. Returns "" when there is
    nothing to draw, so callers can place the table regardless.
    """
    if not rows or not columns:
        return ""
    top = max((value for row in counts for value in row), default=0)
    width = LABEL_WIDTH + CELL_WIDTH * len(columns) + 2
    height = HEADER_HEIGHT + CELL_HEIGHT * len(rows) + 2
    parts = [
        f'<svg class="calib-chart calib-grid" role="img" aria-label="{esc(summary)}" '
        f'viewBox="0 0 {width} {height}" width="100%" font-size="13" fill="currentColor">',
        f"<title>{esc(title)}</title>",
    ]
    for index, name in enumerate(columns):
        x = LABEL_WIDTH + index * CELL_WIDTH + CELL_WIDTH / 2
        parts.append(
            f'<text x="{x:.0f}" y="{HEADER_HEIGHT - 10}" text-anchor="middle">'
            f"{esc(_short(name))}</text>"
        )
    for r, name in enumerate(rows):
        y = HEADER_HEIGHT + r * CELL_HEIGHT
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + CELL_HEIGHT / 2 + 5:.0f}" '
            f'text-anchor="end">{esc(_short(name))}</text>'
        )
        for c in range(len(columns)):
            value = counts[r][c] if r < len(counts) and c < len(counts[r]) else 0
            x = LABEL_WIDTH + c * CELL_WIDTH
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL_WIDTH}" height="{CELL_HEIGHT}" '
                f'fill="{cell_fill(value, top)}" stroke="currentColor" stroke-width="1"/>'
            )
            parts.append(
                f'<text x="{x + CELL_WIDTH / 2:.0f}" y="{y + CELL_HEIGHT / 2 + 5:.0f}" '
                f'text-anchor="middle" fill="#111">{value}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts)
