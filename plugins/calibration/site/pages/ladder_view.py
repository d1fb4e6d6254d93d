"""What the ladder pages share: where each level and dimension page lives, and what changes.

The overview page (:func:`calibration.site.pages.overview.render_ladder`) and the
level and dimension pages (:mod:`calibration.site.pages.ladder`) both read the
ladder through these functions, so a level's "new" expectations are the same
wherever they are shown. Nothing here builds a page.
"""

from __future__ import annotations

import re
import unicodedata

from calibration.model import Dimension, Expectation, Ladder, Level
from calibration.site.markup.html import esc

MATRIX_MAX_LEVELS = 10
MATRIX_MAX_DIMENSIONS = 5
"""The overview matrix is shown for a track of at most this many levels and dimensions.

Levels are its rows and dimensions its columns: past five dimension columns the
text of each cell no longer fits beside the others, even on a wide screen, and
past ten levels one table stops being an overview. A bigger track is read
level by level and dimension by dimension on their own pages.
"""

ROLE_LABELS = {"delivery": "Delivery evidence", "impact": "Impact or leverage evidence"}
"""What a pre-fill's evidence on a dimension counts as, by ``counts_as``."""

_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
NEW_MARK = '<strong class="calib-new">New</strong> '


def _segments(ids: list[str], kind: str) -> dict[str, str]:
    """A file name per id: the id itself when safe, unique whatever the file system's case."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for position, item in enumerate(ids, start=1):
        name = item if _SAFE.match(item) and not item.endswith(".md") else ""
        if not name:
            ascii_id = unicodedata.normalize("NFKD", item).encode("ascii", "ignore").decode()
            name = re.sub(r"[^a-z0-9]+", "-", ascii_id.lower()).strip("-")[:48] or kind
        if name.casefold() in taken:
            name = f"{name}-{position}"
        taken.add(name.casefold())
        out[item] = name
    return out


def level_path(ladder: Ladder, level_id: str) -> str:
    """Markdown path of a level's own page, such as ``ladder/levels/L5.md``."""
    names = _segments([lv.id for lv in ladder.levels], "level")
    return f"ladder/levels/{names.get(level_id, 'level')}.md"


def dimension_path(ladder: Ladder, dimension_id: str) -> str:
    """Markdown path of a dimension's progression page, such as ``ladder/dimensions/impact.md``."""
    names = _segments([d.id for d in ladder.dimensions], "dimension")
    return f"ladder/dimensions/{names.get(dimension_id, 'dimension')}.md"


def levels_in_order(ladder: Ladder) -> list[Level]:
    """Every level once, track by track (a shared level with the first track), most junior first."""
    out: list[Level] = []
    for track in ladder.tracks:
        out += [lv for lv in ladder.ordered_levels(track.id) if lv not in out]
    return out + [lv for lv in ladder.ordered_levels() if lv not in out]


def track_dimensions(ladder: Ladder, track: str | None) -> list[Dimension]:
    """Dimensions assessed at one level of the track or more, in the ladder's order."""
    levels = ladder.ordered_levels(track)
    return [
        d
        for d in sorted(ladder.dimensions, key=lambda d: d.index)
        if any(ladder.dimension_applies(d, lv.id, track) for lv in levels)
    ]


def matrix_fits(ladder: Ladder, track: str | None) -> bool:
    """True when a track's level by dimension table is small enough to read as one table."""
    return (
        len(ladder.ordered_levels(track)) <= MATRIX_MAX_LEVELS
        and len(track_dimensions(ladder, track)) <= MATRIX_MAX_DIMENSIONS
    )


def reading_track(level: Level, track: str | None) -> str | None:
    """The track a level is read on: the one asked for, else its first (shared levels: none)."""
    if track is not None:
        return track
    return level.tracks[0] if level.tracks else None


def level_below(ladder: Ladder, level: Level, track: str | None) -> Level | None:
    """The most senior level under ``level`` on its track (None for the first level)."""
    on = reading_track(level, track)
    lower = [lv for lv in ladder.ordered_levels(on) if lv.order < level.order]
    return lower[-1] if lower else None


def own_expectations(
    ladder: Ladder, level_id: str | None, dimension_id: str, track: str | None
) -> list[Expectation]:
    """What the ladder lists for one level (None: every level) and dimension, on a track."""
    return [
        exp
        for exp in ladder.expectations
        if exp.dimension == dimension_id
        and exp.level == level_id
        and (exp.track is None or track is None or exp.track == track)
    ]


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def marked(
    ladder: Ladder, level: Level, dimension_id: str, track: str | None
) -> list[tuple[Expectation, bool]]:
    """A level's own expectations on a dimension, each with True when it is new.

    New means the level below does not already expect it: neither listed there,
    nor (on a cumulative ladder) at any level under it, nor at every level. At the
    first level of a track nothing is marked: there is nothing to compare with.
    """
    own = own_expectations(ladder, level.id, dimension_id, track)
    below = level_below(ladder, level, track)
    if below is None:
        return [(exp, False) for exp in own]
    on = reading_track(level, track)
    before = {_key(e.text) for e, _ in ladder.expectations_for(below.id, dimension_id, on)}
    return [(exp, _key(exp.text) not in before) for exp in own]


def dropped(
    ladder: Ladder, level: Level, dimension_id: str, track: str | None
) -> list[Expectation]:
    """What the level below lists on a dimension and this level does not (never cumulative)."""
    below = level_below(ladder, level, track)
    if below is None or ladder.cumulative:
        return []
    here = {_key(e.text) for e in own_expectations(ladder, level.id, dimension_id, track)}
    on = reading_track(level, track)
    return [
        e for e in own_expectations(ladder, below.id, dimension_id, on) if _key(e.text) not in here
    ]


def expectation_html(
    exp: Expectation, *, new: bool = False, track_note: bool = False, note: str = ""
) -> str:
    """One expectation as a list item: its text, proficiency, track limit, a note and examples."""
    text = (NEW_MARK if new else "") + esc(exp.text)
    if exp.proficiency:
        text += f' <span class="calib-proficiency">({esc(exp.proficiency)})</span>'
    notes = [f"{exp.track} track"] if track_note and exp.track else []
    notes += [note] if note else []
    if notes:
        text += f' <span class="calib-muted">({esc(", ".join(notes))})</span>'
    if exp.examples:
        examples = "".join(f"<li>{esc(x)}</li>" for x in exp.examples)
        text += (
            '<details class="calib-examples"><summary>Examples</summary>'
            f"<ul>{examples}</ul></details>"
        )
    return f"<li>{text}</li>"
