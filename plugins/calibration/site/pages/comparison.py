"""The team comparison page: ratings per level, manager by manager, with outliers and context.

Step 3 of the session (cross-team alignment) as a page. Aggregate rows come
from the cycle's release (:mod:`calibration.disclosure`); per-person rows
appear only for people whose ratings the audience may see.
"""

from __future__ import annotations

from collections.abc import Iterator

from calibration.analysis import CycleAnalysis, OutlierFlag
from calibration.analysis.tenure import duration_words, tenure_in
from calibration.disclosure import Cell, Table
from calibration.model import Cycle, Ladder, Level, Prefill
from calibration.model.queries import level_during
from calibration.site.context import Page, SiteContext, cycle_path, safe_title
from calibration.site.labels import level_label, person_ref
from calibration.site.markup.charts_stacked import Bar, stacked_bars
from calibration.site.markup.distribution import protection_note, rating_table
from calibration.site.markup.html import block, confidential, esc, table
from calibration.site.pages.analysis_shared import (
    by_manager,
    display_name,
    flags_index,
    level_heading,
    other_cycles,
    p_value_words,
    prefills_of,
    strength_index,
)

TITLE = "Team comparison"
PAGE = "comparison"
KIND_LABELS = {"proposed": "Proposed ratings", "final": "Final ratings"}


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
        level_id = level_during(ctx.org, prefill.handle, cycle.id)
        if level_id:
            by_level.setdefault(level_id, []).append(prefill)
    parts = [_intro(ctx, cycle)]
    for heading, levels in level_sections(ctx.org.ladder):
        present = [lv for lv in levels if by_level.get(lv.id)]
        grouped = bool(heading) and len(present) > 1
        if grouped:
            parts.append(f"## {heading}\n")
        for level in present:
            body = _level(ctx, path, cycle, level, by_level[level.id], analysis)
            if body:
                parts.append(f"{'###' if grouped else '##'} {level_heading(level)}\n" + body)
    if len(parts) == 1 and not by_level:
        parts.append(block("<p>No pre-fills have been recorded for this cycle yet.</p>"))
    title = safe_title(f"{TITLE}, {cycle.name}")
    return Page(path, title, "".join(parts), ctx.cycle_nav(cycle, TITLE), cycle.source)


def _calibrated(ctx: SiteContext, cycle: Cycle) -> bool:
    outcomes = ctx.org.outcomes.get(cycle.id)
    return bool(outcomes and outcomes.ratings)


def _intro(ctx: SiteContext, cycle: Cycle) -> str:
    release = ctx.release(cycle)
    kinds = [r.kind for r in release.ratings]
    if kinds == ["final"]:
        what = "Final ratings at each level, manager by manager, as the session decided them."
    else:
        final = ", and the final ratings the session decided" if "final" in kinds else ""
        what = f"Proposed ratings at each level, manager by manager{final}."
    lines = [
        f"<p>{what} Read across a level: do the managers hold the same bar? Large differences "
        "need an explanation, not necessarily a change.</p>"
    ]
    if release.withheld:
        lines.append(f'<p class="calib-note">{esc(release.withheld)}</p>')
    high = ctx.org.settings.high_rating
    if high and ctx.org.scale.get(high):
        lines.append(f"<p>High ratings are {esc(ctx.org.scale.label(high))} and above.</p>")
    if not ctx.policy.full:
        lines.append(protection_note(ctx.policy.k, ctx.policy.min_distinct))
    lines.append(other_cycles(ctx, cycle, PAGE, TITLE))
    return block("\n".join(line for line in lines if line))


def _level(
    ctx: SiteContext,
    path: str,
    cycle: Cycle,
    level: Level,
    prefills: list[Prefill],
    analysis: CycleAnalysis,
) -> str:
    parts = [
        _distribution(ctx, cycle, level, ratings.kind, ratings.level_table(level.id))
        for ratings in ctx.release(cycle).ratings
    ]
    if ctx.policy.full:
        # An outlier compares one manager with everyone else at the level: only the
        # room that sees every rating may read that comparison.
        parts.append(_outliers(ctx, cycle, [o for o in analysis.outliers if o.level == level.id]))
    visible = [p for p in prefills if ctx.sees(p.handle, "ratings")]
    if visible:
        parts.append(_people(ctx, path, cycle, visible, analysis))
    return "".join(part for part in parts if part)


def _mean(cell: Cell) -> str:
    return f"{cell.mean:.1f}" if cell.mean is not None else "not recorded"


def _distribution(
    ctx: SiteContext, cycle: Cycle, level: Level, kind: str, data: Table | None
) -> str:
    """A chart and, right after it, the table that carries the same numbers."""
    what = KIND_LABELS[kind]
    policy = ctx.policy
    if data is None or data.total is None:
        text = (
            f'<p class="calib-suppressed">{esc(what)} at {esc(level.id)}: counted only together '
            "with other levels (see the cycle dashboard), so that no number points at a person."
            "</p>"
        )
        return block(text, cls="calib-distribution")
    labels = [ctx.org.scale.label(rid) for rid in data.columns]
    drawn = [*data.shown, *([data.pool] if data.pool else [])]
    bars = [Bar(c.label, c.counts) for c in drawn]
    hidden = len(data.small) + len(data.merged)
    summary = (
        f"{what} at {level.id} {level.name}: the share of each rating in {len(drawn)} "
        f"row{'s' if len(drawn) != 1 else ''}"
        + (f", with {hidden} group(s) not drawn on their own" if hidden else "")
        + ". The table after the chart gives the numbers."
    )
    chart = stacked_bars(f"{what} at {level.id}, by manager", labels, bars, summary)
    html_table = rating_table(
        data,
        ctx.org.scale,
        cycle_id=cycle.id,
        kind=kind,
        group_name="Manager",
        caption=f"{what} at {level.id} {level.name}, by manager (count, share of the row)",
        k=policy.k,
        extra=("Mean project complexity", _mean),
    )
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
    """One outlier: the counts on both sides, the odds in words, and whether it is explained.

    Only for the room that sees every rating: the other side's counts are about
    people the other audiences may not see.
    """
    high = esc(ctx.org.scale.label(ctx.org.settings.high_rating))
    share = round(100 * flag.high / flag.total) if flag.total else 0
    rest_share = round(100 * flag.rest_high / flag.rest_total) if flag.rest_total else 0
    rest = f"{flag.rest_high} of {flag.rest_total} ({rest_share}%)"
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
    """Each visible person's rating next to their time at level and their top project."""
    calibrated = _calibrated(ctx, cycle)
    strengths, flags = strength_index(analysis), flags_index(analysis)
    headers = ["Engineer", "Manager", "Proposed", *(["Final"] if calibrated else [])]
    headers += ["Time at level", "Top project and complexity", "Best evidence", "Flags"]

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
        row.append(esc(duration_words(tenure_in(ctx.org, handle, cycle))))
        row.append(_project(prefill, analysis))
        strength = esc(strengths.get(handle) or "not assessed")
        row.append(
            confidential("evidence", handle, strength) if ctx.sees(handle, "evidence") else ""
        )
        mine = [esc(f.message) for f in flags.get(handle, [])] if ctx.sees(handle, "flags") else []
        row.append(confidential("flags", handle, "<br>".join(mine)) if mine else "")
        rows.append(row)
    caption = "Each rating with the person's time at level and the complexity of their top project"
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
