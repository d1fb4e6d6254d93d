"""The overview pages: home dashboard, ladder, cycles, teams, people, and the person pages.

Its builders are listed in :mod:`calibration.site.pages`. Nothing about a
particular org is assumed: levels, dimensions, ratings and teams all come from
the repository.
"""

from __future__ import annotations

from collections.abc import Iterator

from calibration.model import Cycle, Level, Track
from calibration.model.queries import level_during
from calibration.site.context import (
    Page,
    SiteContext,
    cycle_path,
    safe_title,
)
from calibration.site.labels import (
    calibrated,
    cycle_dates,
    expected_handles,
    has_page,
    level_label,
    person_ref,
    proposed,
    rating_label,
    strength,
)
from calibration.site.markup.html import block, confidential, esc, link, table
from calibration.site.pages.dashboard import page_path as dashboard_path
from calibration.site.pages.dashboard import render_dashboard
from calibration.site.pages.ladder_view import (
    MATRIX_MAX_DIMENSIONS,
    MATRIX_MAX_LEVELS,
    ROLE_LABELS,
    dimension_path,
    expectation_html,
    level_path,
    matrix_fits,
    own_expectations,
    track_dimensions,
)
from calibration.site.pages.person import render_person

NOTHING_EXPECTED = "Not expected at this level"


def render_ladder(ctx: SiteContext) -> Page:
    """The ladder: levels and dimensions linking their own pages, and the matrix where it fits.

    Each track gets the level by dimension table only when it has at most
    ``MATRIX_MAX_LEVELS`` levels and ``MATRIX_MAX_DIMENSIONS`` dimensions; a bigger
    one would run off the page, so its levels and dimensions are read on their own
    pages (:mod:`calibration.site.pages.ladder`), which this page links either way.
    """
    ladder = ctx.org.ladder
    parts = []
    intro = f"<p>{esc(ladder.description)}</p>" if ladder.description else ""
    if ladder.cumulative:
        intro += (
            '\n<p class="calib-note">This ladder is cumulative: each level also expects '
            "everything listed for the levels below it.</p>"
        )
    version = (
        f"<p>Version {esc(ladder.version)} · {ctx.source_ref('rubric/ladder.yaml')}</p>"
        if ladder.version
        else ""
    )
    parts.append(block(intro + "\n" + version, tag="section", cls="calib-ladder-intro"))
    parts.append("\n## Levels\n" + block(_level_table(ctx), tag="section", cls="calib-ladder"))
    parts.append(
        "\n## Dimensions\n" + block(_dimension_table(ctx), tag="section", cls="calib-ladder")
    )
    tracks: list[Track | None] = [*ladder.tracks] or [None]
    for track in tracks:
        title = "Expectations" if track is None else f"Expectations: {track.name}"
        track_id = track.id if track else None
        inner = _matrix(ctx, track_id) if matrix_fits(ladder, track_id) else _too_big(ctx, track_id)
        heading = (
            "\n## Expectations\n"
            if track is None
            else f'\n<h2 id="expectations-{esc(track.id)}">{esc(title)}</h2>\n'
        )
        parts.append(heading + block(inner, tag="section", cls="calib-matrix"))
    return Page(
        "ladder.md",
        safe_title(ladder.name or "Ladder"),
        "".join(parts),
        nav=("Ladder", "Overview"),
        source="rubric/ladder.yaml",
    )


def _level_table(ctx: SiteContext) -> str:
    ladder = ctx.org.ladder
    levels = ladder.ordered_levels()
    show_tracks = any(lv.tracks for lv in levels)
    show_sub = any(lv.sublevels for lv in levels)
    headers = ["Level", "Summary"] + [name for _, name in ladder.attributes]
    headers += ["Tracks"] if show_tracks else []
    headers += ["Sub-levels"] if show_sub else []
    rows = []
    for lv in levels:
        target = ctx.url("ladder.md", level_path(ladder, lv.id))
        row = [
            f'<span id="level-{esc(lv.id)}">{link(target, level_label(ctx.org, lv.id))}</span>',
            esc(lv.summary),
        ]
        row += [esc(lv.attribute(key)) for key, _ in ladder.attributes]
        if show_tracks:
            row.append(esc(", ".join(lv.tracks) or "all"))
        if show_sub:
            row.append(esc(", ".join(lv.sublevels)))
        rows.append(row)
    return table(
        headers,
        rows,
        caption="Levels, most junior first; each links to what it expects and what changes",
        row_headers=True,
    )


def _dimension_table(ctx: SiteContext) -> str:
    ladder = ctx.org.ladder
    dimensions = sorted(ladder.dimensions, key=lambda d: d.index)
    if not dimensions:
        return "<p>The ladder defines no dimensions yet.</p>"
    show_group = any(d.group for d in dimensions)
    show_role = any(d.counts_as in ROLE_LABELS for d in dimensions)
    headers = ["Dimension", *(["Group"] if show_group else []), "What it measures"]
    headers += ["Counts in pre-fills as"] if show_role else []
    rows = []
    for dim in dimensions:
        row = [link(ctx.url("ladder.md", dimension_path(ladder, dim.id)), dim.name)]
        row += [esc(dim.group)] if show_group else []
        row.append(esc(dim.description))
        row += [esc(ROLE_LABELS.get(dim.counts_as, "—"))] if show_role else []
        rows.append(row)
    return table(
        headers,
        rows,
        caption="Dimensions; each links to how it grows from level to level",
        row_headers=True,
    )


def _too_big(ctx: SiteContext, track: str | None) -> str:
    ladder = ctx.org.ladder
    levels = len(ladder.ordered_levels(track))
    dimensions = len(track_dimensions(ladder, track))
    return (
        f"<p>{levels} levels and {dimensions} dimensions are more than one table can show "
        f"(this site draws one for at most {MATRIX_MAX_LEVELS} levels and "
        f"{MATRIX_MAX_DIMENSIONS} dimensions). Open a level above for everything it expects and "
        "what changes from the level below it, or a dimension for how it grows from level to "
        "level.</p>"
    )


def _cell(ctx: SiteContext, level: Level, dimension_id: str, track: str | None) -> str:
    ladder = ctx.org.ladder
    dimension = ladder.dimension(dimension_id)
    if dimension is None or not ladder.dimension_applies(dimension, level.id, track):
        return f'<span class="calib-muted">{NOTHING_EXPECTED}</span>'
    own = own_expectations(ladder, level.id, dimension_id, track)
    if own:
        return "<ul>" + "".join(expectation_html(e) for e in own) + "</ul>"
    if ladder.cumulative and ladder.expectations_for(level.id, dimension_id, track):
        return '<span class="calib-muted">Nothing beyond the levels below</span>'
    return f'<span class="calib-muted">{NOTHING_EXPECTED}</span>'


def _matrix(ctx: SiteContext, track: str | None) -> str:
    ladder = ctx.org.ladder
    dimensions = track_dimensions(ladder, track)
    if not dimensions:
        return "<p>The ladder defines no dimensions yet.</p>"
    rows = []
    every = [own_expectations(ladder, None, dim.id, track) for dim in dimensions]
    if any(every):
        cells = [
            "<ul>" + "".join(map(expectation_html, mine)) + "</ul>" if mine else ""
            for mine in every
        ]
        rows.append(["Every level", *cells])
    for level in ladder.ordered_levels(track):
        target = ctx.url("ladder.md", level_path(ladder, level.id))
        rows.append(
            [
                link(target, level_label(ctx.org, level.id)),
                *(_cell(ctx, level, d.id, track) for d in dimensions),
            ]
        )
    headers = ["Level", *(d.name for d in dimensions)]
    return table(
        headers,
        rows,
        caption="What each level is expected to show, per dimension",
        row_headers=True,
    )


def render_cycles(ctx: SiteContext) -> Page:
    """The list of every cycle, newest first, with links to each dashboard."""
    rows = []
    for cycle in reversed(ctx.org.cycles_in_order()):
        target = dashboard_path(ctx, cycle)
        name = link(ctx.url("cycles/index.md", target), cycle.name)
        state = esc(cycle.phase or "not set") + (" (current)" if ctx.is_current(cycle) else "")
        rows.append([name, esc(cycle_dates(cycle)), state, ctx.source_ref(cycle.source)])
    if rows:
        inner = table(
            ["Cycle", "Period", "Phase", "Source"],
            rows,
            caption="Every cycle, newest first",
            row_headers=True,
        )
    else:
        inner = "<p>No cycle yet: add <code>cycles/&lt;id&gt;/cycle.yaml</code>.</p>"
    return Page(
        "cycles/index.md", "Cycles", block(inner, tag="section"), nav=("Cycles",), nav_order=1
    )


def render_teams(ctx: SiteContext, cycle: Cycle) -> Page:
    """Roster of each team in ``cycle``: level for everyone, ratings and strength where allowed."""
    path = cycle_path(cycle.id, "teams")
    org = ctx.org
    members = [h for h in sorted(expected_handles(ctx, cycle)) if h in org.people]
    teams = list(org.teams.values())
    parts = [
        block(
            f"<p>Who was in each team in {esc(cycle.name)}; teams are as recorded today.</p>",
            tag="div",
        )
    ]
    unknown = [h for h in members if org.people[h].team not in org.teams]
    groups = [
        (t.id, t.name, t.description, [h for h in members if org.people[h].team == t.id])
        for t in teams
    ]
    if unknown:
        groups.append(("no-team", "No known team", "", unknown))
    for team_id, name, description, handles in groups:
        if not handles:
            continue
        inner = f'<h2 id="team-{esc(team_id)}">{esc(name)}</h2>\n'
        inner += f"<p>{esc(description)}</p>\n" if description else ""
        inner += _roster(ctx, cycle, path, sorted(handles, key=lambda h: org.people[h].name))
        parts.append(block(inner, tag="section", cls="calib-team"))
    parts.append(block(f"<p>{ctx.source_ref('people/teams.yaml')}</p>", tag="div"))
    return Page(
        path,
        safe_title(f"Teams, {cycle.name}"),
        "".join(parts),
        nav=ctx.cycle_nav(cycle, "Teams"),
        source="people/teams.yaml",
    )


def _roster(ctx: SiteContext, cycle: Cycle, path: str, handles: list[str]) -> str:
    org = ctx.org
    show_ratings = any(ctx.sees(h, "ratings") for h in handles)
    show_evidence = any(ctx.sees(h, "evidence") for h in handles)
    with_outcomes = cycle.id in org.outcomes
    analysis = ctx.analysis(cycle.id)
    headers = ["Engineer", "Level"]
    headers += (["Proposed"] + (["Calibrated"] if with_outcomes else [])) if show_ratings else []
    headers += ["Evidence strength", "Project complexity"] if show_evidence else []
    rows = []
    for handle in handles:
        row = [
            person_ref(ctx, path, handle, cycle),
            esc(level_label(org, level_during(org, handle, cycle.id))),
        ]
        if show_ratings:
            values = [proposed(org, handle, cycle)] + (
                [calibrated(org, handle, cycle)] if with_outcomes else []
            )
            row += [_private(ctx, handle, "ratings", esc(rating_label(org, v))) for v in values]
        if show_evidence:
            complexity = analysis.complexity.get(handle)
            row.append(_private(ctx, handle, "evidence", esc(strength(ctx, cycle, handle) or "—")))
            row.append(
                _private(ctx, handle, "evidence", esc(complexity.band if complexity else "—"))
            )
        rows.append(row)
    return table(headers, rows, row_headers=True)


def _private(ctx: SiteContext, handle: str, kind: str, inner: str) -> str:
    """A confidential cell: its value when the audience may see it, else a neutral mark."""
    if ctx.sees(handle, kind):
        return confidential(kind, handle, inner)
    return '<span class="calib-muted">not shown</span>'


def render_people_index(ctx: SiteContext, cycle: Cycle) -> Page | None:
    """Index of the people this build holds pages for in ``cycle`` (None when it holds none)."""
    path = cycle_path(cycle.id, "people")
    people = [p for p in ctx.people_in_scope() if has_page(ctx, p.handle, cycle)]
    if not people:
        return None
    org = ctx.org
    rows = []
    for person in people:
        handle = person.handle
        prefill = org.prefills.get((handle, cycle.id))
        team = org.teams.get(person.team or "")
        row = [
            person_ref(ctx, path, handle, cycle),
            esc(level_label(org, level_during(org, handle, cycle.id))),
            esc(team.name if team else person.team or "—"),
            person_ref(ctx, path, person.manager, cycle) if person.manager else "—",
            _private(ctx, handle, "ratings", esc(rating_label(org, proposed(org, handle, cycle)))),
            _private(ctx, handle, "evidence", str(len(prefill.evidence)) if prefill else "no file"),
            _private(
                ctx, handle, "peer_observations", str(len(prefill.observations)) if prefill else "—"
            ),
        ]
        rows.append(row)
    headers = [
        "Engineer",
        "Level",
        "Team",
        "Manager",
        "Proposed",
        "Evidence items",
        "Peer observations",
    ]
    inner = table(headers, rows, caption=f"People in this view, {cycle.name}", row_headers=True)
    return Page(
        path,
        safe_title(f"People, {cycle.name}"),
        block(inner, tag="section"),
        nav=ctx.cycle_nav(cycle, "People"),
    )


def core_pages(ctx: SiteContext) -> Iterator[Page]:
    """Home, ladder, each cycle's dashboard, teams and people index, and the cycle list."""
    for cycle in ctx.cycles_to_render():
        yield render_dashboard(ctx, cycle)
        if ctx.is_current(cycle):
            yield render_ladder(ctx)
        yield render_teams(ctx, cycle)
        people = render_people_index(ctx, cycle)
        if people is not None:
            yield people
    if ctx.cycle is None:
        yield _empty_home(ctx)
        yield render_ladder(ctx)
    yield render_cycles(ctx)


def _empty_home(ctx: SiteContext) -> Page:
    inner = (
        "<p>No calibration cycle yet. Add <code>cycles/&lt;id&gt;/cycle.yaml</code> to start one; "
        f"meanwhile the {link(ctx.url('index.md', 'ladder.md'), 'ladder')} is ready.</p>"
    )
    return Page("index.md", "Home", block(inner, tag="section"), nav=("Home",))


def person_pages(ctx: SiteContext) -> Iterator[Page]:
    """One page per person in scope and cycle; these stay out of the global navigation."""
    for cycle in ctx.cycles_to_render():
        for person in ctx.people_in_scope():
            if ctx.writes_pages_of(person.handle) and has_page(ctx, person.handle, cycle):
                yield render_person(ctx, person, cycle)
