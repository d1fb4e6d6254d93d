"""A page per level and a page per dimension, as public ladder sites have them.

A level's page holds everything it expects, dimension by dimension, with what
is new since the level below marked, and what changes from that level in a
short list at the top. A dimension's page shows how it grows from level to
level, track by track. Every audience sees them (the ladder is public), the
personal one included, through :func:`ladder_pages`; the ladder page
(:func:`calibration.site.pages.overview.render_ladder`) links them and keeps its
overview table only while it fits.
"""

from __future__ import annotations

from collections.abc import Iterator

from calibration.model import Dimension, Ladder, Level
from calibration.site.context import Page, SiteContext, safe_title
from calibration.site.labels import level_label
from calibration.site.markup.html import block, esc, facts, link, table
from calibration.site.pages.ladder_view import (
    ROLE_LABELS,
    dimension_path,
    dropped,
    expectation_html,
    level_below,
    level_path,
    levels_in_order,
    marked,
    own_expectations,
    reading_track,
)

NOT_ASSESSED = "Not assessed at this level"
NOTHING_EXPECTED = "Not expected at this level"


def ladder_pages(ctx: SiteContext) -> Iterator[Page]:
    """Every level's page, then every dimension's page, in the order the navigation lists them."""
    ladder = ctx.org.ladder
    for level in levels_in_order(ladder):
        yield render_level(ctx, level)
    for dimension in sorted(ladder.dimensions, key=lambda d: d.index):
        yield render_dimension(ctx, dimension)


def level_and_dimension_pages(ctx: SiteContext) -> Iterator[Page]:
    """The ladder's level and dimension pages, under the Ladder entry of the navigation."""
    yield from ladder_pages(ctx)


def _title(text: str, fallback: str) -> str:
    title = safe_title(text)
    return safe_title(fallback) if title == "Untitled" else title


def _items(items: list[str]) -> str:
    return "<ul>" + "".join(items) + "</ul>" if items else ""


def _muted(text: str) -> str:
    return f'<span class="calib-muted">{esc(text)}</span>'


# --- a level's page ---------------------------------------------------------------------------


def render_level(ctx: SiteContext, level: Level) -> Page:
    """One level: what it is, what changes from the level below, and what it expects."""
    ladder = ctx.org.ladder
    path = level_path(ladder, level.id)
    label = level_label(ctx.org, level.id)
    below = level_below(ladder, level, None)
    parts = [block(_level_head(ctx, path, level, below), tag="section", cls="calib-ladder-intro")]
    parts.append(
        "\n## What changes from the level below\n"
        + block(_changes(ctx, path, level, below), tag="section", cls="calib-ladder")
    )
    parts.append(
        "\n## Expectations by dimension\n"
        + block(_by_dimension(ctx, path, level, below), tag="section", cls="calib-ladder")
    )
    return Page(
        path,
        _title(f"Level {label}", level.id),
        "".join(parts),
        nav=("Ladder", "Levels", _title(label, level.id)),
        source="rubric/ladder.yaml",
    )


def _level_head(ctx: SiteContext, path: str, level: Level, below: Level | None) -> str:
    ladder = ctx.org.ladder
    out = f"<h1>Level {esc(level_label(ctx.org, level.id))}</h1>\n"
    out += f"<p>{esc(level.summary)}</p>\n" if level.summary else ""
    rows = [("Track", esc(_tracks(ladder, level)))] if ladder.tracks else []
    rows += [(name, esc(level.attribute(key))) for key, name in ladder.attributes]
    rows += [("Sub-levels", esc(", ".join(level.sublevels)))] if level.sublevels else []
    rows = [(name, value) for name, value in rows if value]
    out += facts(rows, caption=f"About {level_label(ctx.org, level.id)}") + "\n" if rows else ""
    steps = [f"Below: {_level_link(ctx, path, below)}"] if below else []
    above = ladder.next_levels(level.id, reading_track(level, None))
    steps += [f"Above: {', '.join(_level_link(ctx, path, lv) for lv in above)}"] if above else []
    steps.append(link(ctx.url(path, "ladder.md"), "The whole ladder"))
    return out + "<p>" + " · ".join(steps) + "</p>"


def _tracks(ladder: Ladder, level: Level) -> str:
    if not level.tracks:
        return "Every track"
    return ", ".join((t.name if (t := ladder.track(tid)) else tid) for tid in level.tracks)


def _level_link(ctx: SiteContext, path: str, level: Level) -> str:
    return link(ctx.url(path, level_path(ctx.org.ladder, level.id)), level_label(ctx.org, level.id))


def _dimension_link(ctx: SiteContext, path: str, dim: Dimension) -> str:
    return link(ctx.url(path, dimension_path(ctx.org.ladder, dim.id)), dim.name)


def _assessed(ladder: Ladder, level: Level | None, track: str | None) -> list[Dimension]:
    if level is None:
        return []
    return [
        d
        for d in sorted(ladder.dimensions, key=lambda d: d.index)
        if ladder.dimension_applies(d, level.id, track)
    ]


def _changes(ctx: SiteContext, path: str, level: Level, below: Level | None) -> str:
    ladder = ctx.org.ladder
    track = level.own_track()
    if below is None:
        return "<p>Its track starts here: every expectation of the level is listed below.</p>"
    here, before = _assessed(ladder, level, track), _assessed(ladder, below, track)
    items = []
    for dim in here:
        new = sum(flag for _, flag in marked(ladder, level, dim.id, track))
        gone = len(dropped(ladder, level, dim.id, track))
        said = [
            f"{new} new" if new else "",
            f"{gone} of the level below not listed" if gone else "",
        ]
        if any(said):
            items.append(
                f"<li>{_dimension_link(ctx, path, dim)}: {', '.join(s for s in said if s)}</li>"
            )
    starts = [d for d in here if d not in before]
    if starts:
        names = ", ".join(_dimension_link(ctx, path, d) for d in starts)
        items.append(f"<li>Assessed from this level on: {names}</li>")
    stops = [d for d in before if d not in here]
    if stops:
        names = ", ".join(_dimension_link(ctx, path, d) for d in stops)
        items.append(f"<li>No longer assessed: {names}</li>")
    lead = f"<p>Compared with {_level_link(ctx, path, below)}; new expectations are marked New.</p>"
    if not items:
        return (
            lead + "<p>No expectation changes: the level differs in its scope and attributes.</p>"
        )
    return lead + "<ul>" + "".join(items) + "</ul>"


def _by_dimension(ctx: SiteContext, path: str, level: Level, below: Level | None) -> str:
    ladder = ctx.org.ladder
    track = level.own_track()
    here = _assessed(ladder, level, track)
    rows = [[_dimension_link(ctx, path, d), _level_cell(ctx, level, d, track, below)] for d in here]
    out = (
        table(
            ["Dimension", "Expected at this level"],
            rows,
            caption=f"What {level_label(ctx.org, level.id)} is expected to show, per dimension",
            row_headers=True,
        )
        if rows
        else f"<p>{NOTHING_EXPECTED}.</p>"
    )
    others = [d for d in sorted(ladder.dimensions, key=lambda d: d.index) if d not in here]
    if others:
        names = ", ".join(_dimension_link(ctx, path, d) for d in others)
        out += f"\n<p>{NOT_ASSESSED}: {names}.</p>"
    return out


def _level_cell(
    ctx: SiteContext, level: Level, dim: Dimension, track: str | None, below: Level | None
) -> str:
    ladder = ctx.org.ladder
    items = [
        expectation_html(exp, new=new, track_note=track is None)
        for exp, new in marked(ladder, level, dim.id, track)
    ]
    every = own_expectations(ladder, None, dim.id, track)
    items += [expectation_html(exp, track_note=True, note="every level") for exp in every]
    out = _items(items)
    held = ladder.expectations_for(level.id, dim.id, reading_track(level, track))
    lower = sum(source not in (None, level.id) for _, source in held)
    if lower:
        out += "<p>" + _muted(f"Also expected: {lower} from the levels below") + "</p>"
    gone = dropped(ladder, level, dim.id, track)
    if gone and below is not None:
        listed = "".join(expectation_html(exp) for exp in gone)
        out += (
            f'<details class="calib-dropped"><summary>Listed at '
            f"{esc(level_label(ctx.org, below.id))}, not here ({len(gone)})</summary>"
            f"<ul>{listed}</ul></details>"
        )
    return out or _muted(NOTHING_EXPECTED)


# --- a dimension's page -----------------------------------------------------------------------


def render_dimension(ctx: SiteContext, dim: Dimension) -> Page:
    """One dimension: what it measures, then what each level expects of it, track by track."""
    ladder = ctx.org.ladder
    path = dimension_path(ladder, dim.id)
    parts = [block(_dimension_head(ctx, path, dim), tag="section", cls="calib-ladder-intro")]
    tracks: list[tuple[str | None, str]] = [(t.id, t.name) for t in ladder.tracks] or [(None, "")]
    for track, name in tracks:
        levels = ladder.ordered_levels(track)
        if not any(ladder.dimension_applies(dim, lv.id, track) for lv in levels):
            continue
        heading = (
            "\n## Level by level\n"
            if track is None
            else f'\n<h2 id="track-{esc(track)}">{esc(name)}</h2>\n'
        )
        inner = _progression(ctx, path, dim, track, levels, name)
        parts.append(heading + block(inner, tag="section", cls="calib-ladder"))
    return Page(
        path,
        _title(dim.name, dim.id),
        "".join(parts),
        nav=("Ladder", "Dimensions", _title(dim.name, dim.id)),
        source="rubric/ladder.yaml",
    )


def _dimension_head(ctx: SiteContext, path: str, dim: Dimension) -> str:
    ladder = ctx.org.ladder
    out = f"<h1>{esc(dim.name)}</h1>\n"
    out += f"<p>{esc(dim.description)}</p>\n" if dim.description else ""
    rows = [("Group", esc(dim.group))] if dim.group else []
    if dim.counts_as in ROLE_LABELS:
        rows.append(("Counts in pre-fills as", esc(ROLE_LABELS[dim.counts_as])))
    if dim.tracks:
        names = [(t.name if (t := ladder.track(tid)) else tid) for tid in dim.tracks]
        rows.append(("Assessed on", esc(", ".join(names))))
    if dim.levels:
        rows.append(
            ("Assessed at", ", ".join(_level_id_link(ctx, path, lid) for lid in dim.levels))
        )
    out += facts(rows, caption=f"About {dim.name}") + "\n" if rows else ""
    cumulative = (
        " The ladder is cumulative: a level also expects what the levels below it list."
        if ladder.cumulative
        else ""
    )
    return out + (
        f"<p>New marks what a level adds to the level below it.{cumulative} "
        f"{link(ctx.url(path, 'ladder.md'), 'The whole ladder')}</p>"
    )


def _empty(ladder: Ladder, level: Level, dim: Dimension, track: str | None) -> str:
    """What an empty cell of a level says: nothing new, or nothing at all."""
    held = ladder.expectations_for(level.id, dim.id, track)
    if any(source not in (None, level.id) for _, source in held):
        return "Nothing beyond the levels below"
    return "Nothing beyond what every level expects" if held else NOTHING_EXPECTED


def _level_id_link(ctx: SiteContext, path: str, level_id: str) -> str:
    level = ctx.org.ladder.level(level_id)
    return _level_link(ctx, path, level) if level else esc(level_id)


def _progression(
    ctx: SiteContext,
    path: str,
    dim: Dimension,
    track: str | None,
    levels: list[Level],
    track_name: str,
) -> str:
    ladder = ctx.org.ladder
    rows = []
    every = own_expectations(ladder, None, dim.id, track)
    if every:
        rows.append(["Every level", _items([expectation_html(e) for e in every])])
    for level in levels:
        if not ladder.dimension_applies(dim, level.id, track):
            cell = _muted(NOT_ASSESSED)
        else:
            items = [
                expectation_html(e, new=new) for e, new in marked(ladder, level, dim.id, track)
            ]
            cell = _items(items) or _muted(_empty(ladder, level, dim, track))
        rows.append([_level_link(ctx, path, level), cell])
    where = f", {track_name} track" if track_name else ""
    return table(
        ["Level", "What is expected"],
        rows,
        caption=f"{dim.name} from level to level{where}",
        row_headers=True,
    )
