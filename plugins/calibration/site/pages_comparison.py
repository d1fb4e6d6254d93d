"""The team comparison page: ratings per level, manager by manager, with outliers and context.

Step 3 of the session (cross-team alignment) as a page. Aggregate rows go
through :func:`suppress`; per-person rows appear only for people whose ratings
the audience may see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from calibration.analysis import CycleAnalysis, OutlierFlag
from calibration.model import Cycle, Ladder, Level, Prefill
from calibration.site.analysis_shared import (
    Group,
    Suppressed,
    by_manager,
    display_name,
    fewer_than,
    flags_index,
    level_heading,
    other_cycles,
    p_value_words,
    prefills_of,
    strength_index,
    suppress,
    withheld,
)
from calibration.site.charts_stacked import Bar, stacked_bars
from calibration.site.core import Page, SiteContext, cycle_path, page_builder, safe_title
from calibration.site.html import block, confidential, esc, table
from calibration.site.refs import level_during, level_label, person_ref

TITLE = "Team comparison"
PAGE = "comparison"
POOLED = "Other managers combined"


@page_builder
def comparison_pages(ctx: SiteContext) -> Iterator[Page]:
    """One team comparison page per cycle."""
    for cycle in ctx.cycles_to_render():
        yield render_comparison(ctx, cycle)


def level_sections(ladder: Ladder) -> list[tuple[str, list[Level]]]:
    """Headings and their levels: by track when tracks are not compared, else by standing.

    Levels of different tracks that share an ``order`` are compared side by side
    under one heading; a level on its own gets no extra heading ("").
    """
    ordered = ladder.ordered_levels()
    if ladder.tracks and not ladder.tracks_compare:
        sections = [("Levels shared by every track", [lv for lv in ordered if not lv.tracks])]
        sections += [
            (f"Track {track.name}", [lv for lv in ordered if track.id in lv.tracks])
            for track in ladder.tracks
        ]
        return [(safe_title(h), levels) for h, levels in sections if levels]
    by_order: dict[float, list[Level]] = {}
    for level in ordered:
        by_order.setdefault(level.order, []).append(level)
    return [
        (
            safe_title(" and ".join(lv.name for lv in group) + " (same standing)")
            if len(group) > 1
            else "",
            group,
        )
        for group in by_order.values()
    ]


def render_comparison(ctx: SiteContext, cycle: Cycle) -> Page:
    """The comparison page of one cycle for ``ctx.audience``."""
    path = cycle_path(cycle.id, PAGE)
    analysis = ctx.analysis(cycle.id)
    by_level: dict[str, list[Prefill]] = {}
    for prefill in prefills_of(ctx.org, cycle.id):
        level_id = level_during(ctx.org, prefill.handle, cycle)
        if level_id:
            by_level.setdefault(level_id, []).append(prefill)
    parts = [_intro(ctx, cycle)]
    for heading, levels in level_sections(ctx.org.ladder):
        present = [lv for lv in levels if by_level.get(lv.id)]
        grouped = bool(heading) and len(present) > 1
        if grouped:
            parts.append(f"## {heading}\n")
        for level in present:
            parts.append(f"{'###' if grouped else '##'} {level_heading(level)}\n")
            parts.append(_level(ctx, path, cycle, level, by_level[level.id], analysis))
    if len(parts) == 1:
        parts.append(block("<p>No pre-fills have been recorded for this cycle yet.</p>"))
    title = safe_title(f"{TITLE}, {cycle.name}")
    return Page(path, title, "".join(parts), ctx.cycle_nav(cycle, TITLE), cycle.source)


def _calibrated(ctx: SiteContext, cycle: Cycle) -> bool:
    outcomes = ctx.org.outcomes.get(cycle.id)
    return bool(outcomes and outcomes.ratings)


def _intro(ctx: SiteContext, cycle: Cycle) -> str:
    final = ", and the final ratings the session decided" if _calibrated(ctx, cycle) else ""
    lines = [
        f"<p>Proposed ratings at each level, manager by manager{final}. "
        "Read across a level: do the managers hold the same bar? Large differences "
        "need an explanation, not necessarily a change.</p>"
    ]
    high = ctx.org.settings.high_rating
    if high and ctx.org.scale.get(high):
        lines.append(f"<p>High ratings are {esc(ctx.org.scale.label(high))} and above.</p>")
    if ctx.audience.scope != "all":
        k = ctx.audience.min_group_size
        lines.append(
            f"<p>A group of fewer than {k} people whose ratings you may not see is not shown on "
            "its own: it is counted with other groups so that no number points at a person.</p>"
        )
    lines.append(other_cycles(ctx, cycle, PAGE, TITLE))
    return block("\n".join(line for line in lines if line))


def _groups(
    ctx: SiteContext,
    prefills: Sequence[Prefill],
    rating_of: Callable[[Prefill], str | None],
    analysis: CycleAnalysis,
) -> list[Group]:
    """One group per manager: the people they rate at this level, and how."""
    members: dict[str, list[tuple[str, str]]] = {}
    for prefill in prefills:
        rating = rating_of(prefill)
        if rating is None or ctx.org.scale.get(rating) is None:
            continue
        manager = ctx.org.people[prefill.handle].manager or ""
        members.setdefault(manager, []).append((prefill.handle, rating))
    groups = []
    for manager, rated in members.items():
        counts: dict[str, int] = {}
        for _, rating in rated:
            counts[rating] = counts.get(rating, 0) + 1
        scores = tuple(analysis.complexity[h].score for h, _ in rated if h in analysis.complexity)
        is_open = all(ctx.sees(h, "ratings") for h, _ in rated)
        label = display_name(ctx.org, manager)
        groups.append(Group(manager, label, len(rated), counts, is_open, scores))
    return sorted(groups, key=lambda g: (g.label.casefold(), g.key))


def _level(
    ctx: SiteContext,
    path: str,
    cycle: Cycle,
    level: Level,
    prefills: list[Prefill],
    analysis: CycleAnalysis,
) -> str:
    k = ctx.audience.min_group_size
    proposed = _groups(ctx, prefills, lambda p: p.proposed_rating, analysis)
    parts = [
        _distribution(ctx, level, "Proposed ratings", suppress(proposed, k, pooled_label=POOLED))
    ]
    if _calibrated(ctx, cycle):
        final = _groups(ctx, prefills, lambda p: ctx.org.final_rating(p.handle, cycle.id), analysis)
        parts.append(
            _distribution(ctx, level, "Final ratings", suppress(final, k, pooled_label=POOLED))
        )
    parts.append(_outliers(ctx, cycle, [o for o in analysis.outliers if o.level == level.id]))
    visible = [p for p in prefills if ctx.sees(p.handle, "ratings")]
    if visible:
        parts.append(_people(ctx, path, cycle, visible, analysis))
    return "".join(part for part in parts if part)


def _cells(group: Group, rating_ids: Sequence[str]) -> list[str]:
    cells = []
    for rating in rating_ids:
        count = group.counts.get(rating, 0)
        share = round(100 * count / group.size) if group.size else 0
        cells.append(f"{count} ({share}%)")
    mean = f"{sum(group.scores) / len(group.scores):.1f}" if group.scores else "not recorded"
    return [*cells, str(group.size), mean]


def _rows(data: Suppressed, ids: Sequence[str]) -> list[list[str]]:
    """Table rows: shown groups, small ones, the pool, then the totals."""
    width = len(ids) + 2
    rows = [[esc(g.label), *_cells(g, ids)] for g in data.shown]
    rows += [[esc(g.label), *[fewer_than(data.k)] * width] for g in data.small]
    rows += [[esc(g.label), *[f"counted in {esc(POOLED).lower()}"] * width] for g in data.merged]
    if data.pooled is not None:
        rows.append([esc(data.pooled.label), *_cells(data.pooled, ids)])
    elif data.small:
        rows.append([esc(POOLED), *[withheld()] * width])
    if data.totals is not None:
        rows.append(["All managers", *_cells(data.totals, ids)])
    else:
        rows.append(["All managers", *[withheld()] * width])
    return rows


def _distribution(ctx: SiteContext, level: Level, what: str, data: Suppressed) -> str:
    """A chart and, right after it, the table that carries the same numbers."""
    ratings = sorted(ctx.org.scale.ratings, key=lambda r: r.rank)
    ids = [r.id for r in ratings]
    drawn = [*data.shown, *([data.pooled] if data.pooled else [])]
    bars = [Bar(g.label, tuple(g.counts.get(i, 0) for i in ids)) for g in drawn]
    hidden = len(data.small) + len(data.merged)
    summary = (
        f"{what} at {level.id} {level.name}: the share of each rating in {len(drawn)} "
        f"row{'s' if len(drawn) != 1 else ''}"
        + (f", with {hidden} group(s) not drawn on their own" if hidden else "")
        + ". The table after the chart gives the numbers."
    )
    chart = stacked_bars(
        f"{what} at {level.id}, by manager", [r.label for r in ratings], bars, summary
    )
    headers = ["Manager", *[r.label for r in ratings], "People", "Mean project complexity"]
    caption = f"{what} at {level.id} {level.name}, by manager (count, share of the row)"
    html_table = table(headers, _rows(data, ids), caption=caption, row_headers=True)
    # A plain div, not <figure>: themes shrink figures to their content, and an SVG
    # sized in percent then collapses to its default size.
    figure = f'<div class="calib-stacked">\n{chart}\n</div>\n' if chart else ""
    return block(figure + html_table, cls="calib-distribution")


def _outliers(ctx: SiteContext, cycle: Cycle, outliers: list[OutlierFlag]) -> str:
    items = [render_outlier(ctx, cycle, o) for o in outliers if ctx.sees(o.manager, "flags")]
    if not items:
        return ""
    inner = "<h4>Outliers at this level</h4>\n<ul>\n" + "\n".join(items) + "\n</ul>"
    return block(inner, cls="calib-outliers")


def render_outlier(ctx: SiteContext, cycle: Cycle, flag: OutlierFlag) -> str:
    """One outlier: the counts on both sides, the odds in words, and whether it is explained."""
    high = esc(ctx.org.scale.label(ctx.org.settings.high_rating))
    k = ctx.audience.min_group_size
    share = round(100 * flag.high / flag.total) if flag.total else 0
    if ctx.audience.scope == "all" or flag.rest_total >= k:
        rest_share = round(100 * flag.rest_high / flag.rest_total) if flag.rest_total else 0
        rest = f"{flag.rest_high} of {flag.rest_total} ({rest_share}%)"
    else:
        rest = f"a group of {fewer_than(k)}"
    more = "more" if flag.direction == "lenient" else "fewer"
    odds = p_value_words(flag.p_value)
    level = esc(", ".join(level_label(ctx.org, lv) for lv in (flag.levels or (flag.level,))))
    text = (
        f"<strong>{esc(display_name(ctx.org, flag.manager))}</strong> ({esc(flag.direction)}, "
        f"{level}): {flag.high} of {flag.total} ({share}%) rated {high} or above, against "
        f"{rest} for the other managers at {level}: {more} high ratings than the rest. "
        f"{esc(odds[0].upper() + odds[1:])}. "
    )
    if flag.explained:
        text += f"Explained in the outcomes: <q>{esc(flag.explanation)}</q> "
    else:
        text += (
            "<strong>Not explained yet</strong>: the outcomes must record why before the "
            "cycle can close. "
        )
    outcomes = ctx.org.outcomes.get(cycle.id)
    if outcomes is not None:
        text += ctx.source_ref(outcomes.source, label="Outcomes")
    return "<li>" + confidential("flags", flag.manager, text) + "</li>"


def _people(
    ctx: SiteContext, path: str, cycle: Cycle, prefills: list[Prefill], analysis: CycleAnalysis
) -> str:
    """Each visible person's rating next to the complexity of their top project."""
    calibrated = _calibrated(ctx, cycle)
    strengths, flags = strength_index(analysis), flags_index(analysis)
    headers = ["Engineer", "Manager", "Proposed", *(["Final"] if calibrated else [])]
    headers += ["Top project and complexity", "Best evidence", "Flags"]

    rows = []
    for prefill in sorted(prefills, key=by_manager(ctx.org)):
        handle = prefill.handle
        row = [
            person_ref(ctx, path, handle, cycle),
            esc(display_name(ctx.org, ctx.org.people[handle].manager)),
            _rating(ctx, handle, prefill.proposed_rating),
        ]
        if calibrated:
            row.append(_rating(ctx, handle, ctx.org.final_rating(handle, cycle.id)))
        row.append(_project(prefill, analysis))
        strength = esc(strengths.get(handle) or "not assessed")
        row.append(
            confidential("evidence", handle, strength) if ctx.sees(handle, "evidence") else ""
        )
        mine = [esc(f.message) for f in flags.get(handle, [])] if ctx.sees(handle, "flags") else []
        row.append(confidential("flags", handle, "<br>".join(mine)) if mine else "")
        rows.append(row)
    caption = "Each rating with the complexity of the person's top project"
    return block(table(headers, rows, caption=caption, row_headers=True), cls="calib-people")


def _rating(ctx: SiteContext, handle: str, rating: str | None) -> str:
    if not rating:
        return "none yet"
    return confidential("ratings", handle, esc(ctx.org.scale.label(rating)))


def _project(prefill: Prefill, analysis: CycleAnalysis) -> str:
    complexity = analysis.complexity.get(prefill.handle)
    name = esc(prefill.project.name) if prefill.project and prefill.project.name else "not recorded"
    if complexity is None:
        return name
    return f"{name}: {esc(complexity.band)} complexity ({complexity.score:g})"
