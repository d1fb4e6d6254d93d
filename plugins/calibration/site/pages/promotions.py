"""The promotion pipeline of a cycle and one page per promotion case.

Step 5 of the session: who operates above level, with what evidence, and what
gap remains. A case is built only for audiences that see ``promotion_cases``
for that person; everyone else sees, once a cycle is closed, the approved
promotions from the outcomes (when the audience has ``promotion_outcomes``).

Next to the cases, the people without one whom the pipeline rules raise
(:mod:`calibration.analysis.pipeline`), for the same audiences, person by
person. The room that sees every rating also gets the grid of rating against
readiness and the lists of people stalled at their level or moving fast.
"""

from __future__ import annotations

from collections.abc import Iterator

from calibration.analysis import CycleAnalysis, Readiness, Suggestion, Tenure
from calibration.analysis.common import ratings_in
from calibration.analysis.readiness import cited_items
from calibration.analysis.tenure import (
    duration_words,
    fast_reason,
    is_stalled,
    since_words,
    tenures,
)
from calibration.model import Cycle, Evidence, Observation, Prefill, PromotionDecision
from calibration.model.queries import level_during
from calibration.site.context import (
    Page,
    SiteContext,
    cycle_path,
    promotion_case_path,
    safe_title,
)
from calibration.site.labels import level_label, person_ref
from calibration.site.markup.charts_grid import grid_chart
from calibration.site.markup.html import block, confidential, esc, link, table
from calibration.site.markup.sanitize import rich
from calibration.site.pages.analysis_shared import display_name, other_cycles, prefills_of

TITLE = "Promotion pipeline"
PAGE = "promotions"
STATUS_ORDER = {"ready": 0, "close": 1, "not-yet": 2}
STATUS_LABEL = {"ready": "Ready", "close": "Close", "not-yet": "Not yet"}


def promotion_pages(ctx: SiteContext) -> Iterator[Page]:
    """The pipeline page of every cycle."""
    for cycle in ctx.cycles_to_render():
        yield render_pipeline(ctx, cycle, visible_cases(ctx, cycle))


def promotion_case_pages(ctx: SiteContext) -> Iterator[Page]:
    """A case page per case the audience may see, in every cycle."""
    for cycle in ctx.cycles_to_render():
        for prefill in visible_cases(ctx, cycle):
            if ctx.writes_pages_of(prefill.handle):
                yield render_case(ctx, cycle, prefill)


def visible_cases(ctx: SiteContext, cycle: Cycle) -> list[Prefill]:
    """Pre-fills with a promotion case this audience may see, most ready first."""
    analysis = ctx.analysis(cycle.id)
    cases = [
        p
        for p in prefills_of(ctx.org, cycle.id)
        if p.promotion is not None and ctx.sees(p.handle, "promotion_cases")
    ]

    def order(prefill: Prefill) -> tuple[int, str]:
        found = analysis.readiness.get(prefill.handle)
        rank = STATUS_ORDER.get(found.status, len(STATUS_ORDER)) if found else len(STATUS_ORDER)
        return rank, display_name(ctx.org, prefill.handle).casefold()

    return sorted(cases, key=order)


def status_text(readiness: Readiness | None) -> str:
    """Readiness in words ("Ready", "Close", "Not yet"), or "not assessed"."""
    if readiness is None:
        return "not assessed"
    return STATUS_LABEL.get(readiness.status, readiness.status)


def render_pipeline(ctx: SiteContext, cycle: Cycle, cases: list[Prefill]) -> Page:
    """The pipeline page: the visible cases by readiness, then approved promotions if public."""
    path = cycle_path(cycle.id, PAGE)
    intro = (
        "<p>Who is operating above their level, with what specific evidence, and what gap "
        "remains. Candidates are ordered by readiness; each reason says what the evidence "
        "shows or lacks.</p>"
    )
    parts = [block(intro + other_cycles(ctx, cycle, PAGE, TITLE))]
    if cases:
        parts.append("## Candidates\n" + _candidates(ctx, cycle, path, cases))
    elif "promotion_cases" in ctx.audience.sees:
        parts.append(block("<p>No promotion case you may see has been proposed in this cycle.</p>"))
    parts.append(_suggested(ctx, cycle, path))
    if ctx.policy.full:
        # Per person and about everyone: only for the room that sees every rating.
        parts.append(_grid(ctx, cycle, path))
        parts.append(_time_at_level(ctx, cycle, path))
    parts.append(_approved(ctx, cycle, path))
    title = safe_title(f"{TITLE}, {cycle.name}")
    return Page(path, title, "".join(parts), ctx.cycle_nav(cycle, TITLE), cycle.source)


def _candidates(ctx: SiteContext, cycle: Cycle, path: str, cases: list[Prefill]) -> str:
    analysis = ctx.analysis(cycle.id)
    decided = _decisions(ctx, cycle)
    headers = ["Engineer", "Current level", "Target level", "Readiness", "Reasons"]
    headers += ["Best cited evidence", "Peers"]
    headers += ["Decision"] if decided else []
    rows = []
    for prefill in cases:
        handle = prefill.handle
        found = analysis.readiness.get(handle)
        case_link = link(
            ctx.url(path, promotion_case_path(cycle.id, handle)), display_name(ctx.org, handle)
        )
        current = level_during(ctx.org, handle, cycle.id)
        target = prefill.promotion.target_level if prefill.promotion else None
        reasons = "".join(f"<li>{esc(r)}</li>" for r in found.reasons) if found else ""
        peers = f"{found.peer_corroboration} of {found.peer_total}" if found else ""
        cells = [
            case_link,
            esc(level_label(ctx.org, current)),
            esc(level_label(ctx.org, target)),
            f"<strong>{esc(status_text(found))}</strong>",
            f"<ul>{reasons}</ul>" if reasons else "",
            _strength(ctx, found),
            peers,
        ]
        if decided:
            decision = decided.get(handle)
            cells.append(esc(decision) if decision else "not decided")
        rows.append([confidential("promotion_cases", handle, cell) for cell in cells])
    caption = "Promotion cases, most ready first (peers: observations naming specific results)"
    return block(table(headers, rows, caption=caption, row_headers=True), cls="calib-pipeline")


def visible_suggestions(ctx: SiteContext, cycle: Cycle) -> list[Suggestion]:
    """People without a case the pipeline raises and this audience may see the cases of."""
    found = ctx.analysis(cycle.id).suggestions.values()
    return [
        s for s in found if s.handle in ctx.org.people and ctx.sees(s.handle, "promotion_cases")
    ]


def suggestion_detail(ctx: SiteContext, suggestion: Suggestion) -> str:
    """Each rule that raised the person, its reason, and the parts of the record behind it.

    Every quoted part is wrapped with its own kind and left out when the
    audience may not see that kind about the person.
    """
    handle, items = suggestion.handle, []
    shown: set[tuple[str, tuple[str | int, ...]]] = set()
    for signal in suggestion.signals:
        cited, repeated = [], False
        for part in signal.cited:
            if not ctx.sees(handle, part.kind):
                continue
            if (part.source, part.path) in shown:
                repeated = True  # one item backing two rules is quoted once
                continue
            shown.add((part.source, part.path))
            where = ctx.source_ref(part.source, part.path) if part.source else ""
            cited.append(f"<li>{confidential(part.kind, handle, esc(part.text))} {where}</li>")
        if repeated:
            cited.append("<li>and the record quoted above</li>")
        listed = f"<ul>{''.join(cited)}</ul>" if cited else ""
        items.append(f"<li><code>{esc(signal.rule)}</code>: {esc(signal.reason)}{listed}</li>")
    return f'<ul class="calib-signals">{"".join(items)}</ul>'


def _suggested(ctx: SiteContext, cycle: Cycle, path: str) -> str:
    """People without a case whose record suggests they operate above their level."""
    suggestions = visible_suggestions(ctx, cycle)
    if not suggestions:
        if "promotion_cases" not in ctx.audience.sees:
            return ""
        note = "<p>The pipeline rules raise nobody you may see who has no case this cycle.</p>"
        return "## Without a case, suggested by the record\n" + block(note)
    rows = []
    for found in suggestions:
        handle = found.handle
        levels = f"{level_label(ctx.org, found.level)} → {level_label(ctx.org, found.target)}"
        cells = [
            person_ref(ctx, path, handle, cycle),
            esc(levels),
            suggestion_detail(ctx, found),
        ]
        rows.append([confidential("promotion_cases", handle, cell) for cell in cells])
    intro = (
        "<p>Nobody has written a case for these people, yet their record suggests they may "
        "operate above their level. Each entry names the rule that raised it and the record "
        "behind it: ask their manager whether a case should be written.</p>"
    )
    inner = table(
        ["Engineer", "Level and the next one", "Rules and the record behind them"],
        rows,
        caption="People without a case whom the pipeline rules raise, most rules first",
        row_headers=True,
    )
    return "## Without a case, suggested by the record\n" + block(
        intro + inner, cls="calib-pipeline calib-suggested"
    )


GRID_COLUMNS = (
    ("ready", "Case: ready"),
    ("close", "Case: close"),
    ("not-yet", "Case: not yet"),
    ("suggested", "No case, suggested"),
    ("none", "Neither"),
)


def _grid_column(analysis: CycleAnalysis, prefill: Prefill) -> str:
    if prefill.promotion is not None:
        found = analysis.readiness.get(prefill.handle)
        return found.status if found is not None else "not-yet"
    return "suggested" if prefill.handle in analysis.suggestions else "none"


def _grid(ctx: SiteContext, cycle: Cycle, path: str) -> str:
    """Rating against promotion readiness, person by person: the room's view, not a potential."""
    analysis, scale = ctx.analysis(cycle.id), ctx.org.scale
    prefills = prefills_of(ctx.org, cycle.id)
    if not prefills or not scale.ratings:
        return ""
    ratings = ratings_in(ctx.org, cycle.id)
    rows = [(r.id, r.label) for r in scale.best_first()] + [("", "No rating")]
    cells: dict[tuple[str, str], list[str]] = {}
    for prefill in sorted(prefills, key=lambda p: display_name(ctx.org, p.handle).casefold()):
        rating = ratings.get(prefill.handle) or ""
        key = (rating if scale.get(rating) else "", _grid_column(analysis, prefill))
        cells.setdefault(key, []).append(prefill.handle)
    rows = [(rid, label) for rid, label in rows if rid or any(k[0] == "" for k in cells)]
    counts = [[len(cells.get((rid, col), [])) for col, _ in GRID_COLUMNS] for rid, _ in rows]
    summary = (
        f"Rating against promotion readiness for {len(prefills)} people in {cycle.name}. "
        "The table after the chart names who is in each cell."
    )
    chart = grid_chart(
        f"Rating against promotion readiness, {cycle.name}",
        [label for _, label in rows],
        [label for _, label in GRID_COLUMNS],
        counts,
        summary,
    )
    body = []
    for rid, label in rows:
        row = [esc(label)]
        for col, _ in GRID_COLUMNS:
            names = [
                confidential("ratings", h, person_ref(ctx, path, h, cycle))
                for h in cells.get((rid, col), [])
            ]
            row.append(", ".join(names))
        body.append(row)
    html_table = table(
        ["Rating", *(label for _, label in GRID_COLUMNS)],
        body,
        caption=f"Who stands where: the rating of {cycle.name} (calibrated where decided) "
        "against the readiness of their case, or whether the pipeline suggests one",
        row_headers=True,
    )
    note = (
        "<p>Built from evidence, not from a guess at potential: a case's readiness comes from "
        "the evidence it cites, a suggestion from the rules above.</p>"
    )
    figure = f'<div class="calib-stacked">\n{chart}\n</div>\n' if chart else ""
    return "## Rating against readiness\n" + block(note + figure + html_table, cls="calib-grid")


def _tenure_rows(
    ctx: SiteContext, cycle: Cycle, path: str, chosen: list[tuple[Tenure, str]]
) -> list[list[str]]:
    ratings = ratings_in(ctx.org, cycle.id)
    rows = []
    for tenure, extra in chosen:
        handle = tenure.handle
        label = esc(ctx.org.scale.label(ratings.get(handle)) or "none")
        rows.append(
            [
                person_ref(ctx, path, handle, cycle),
                esc(level_label(ctx.org, tenure.level)),
                esc(duration_words(tenure)),
                esc(since_words(tenure)),
                confidential("ratings", handle, label),
                esc(extra),
            ]
        )
    return rows


def _time_at_level(ctx: SiteContext, cycle: Cycle, path: str) -> str:
    """The room's lists: people long at their level, and people moving fast."""
    analysis, settings = ctx.analysis(cycle.id), ctx.org.settings.pipeline
    handles = [p.handle for p in prefills_of(ctx.org, cycle.id)]
    found = tenures(ctx.org, cycle, handles)

    def pipeline(handle: str) -> str:
        prefill = ctx.org.prefills.get((handle, cycle.id))
        if prefill is not None and prefill.promotion is not None:
            return "a promotion case"
        return "suggested by the pipeline" if handle in analysis.suggestions else ""

    def order(item: tuple[Tenure, str]) -> tuple[int, str]:
        return -(item[0].cycles or 0), display_name(ctx.org, item[0].handle).casefold()

    stalled = sorted(
        ((t, pipeline(h) or "no") for h, t in found.items() if is_stalled(ctx.org, t)), key=order
    )
    fast = sorted(
        ((t, reason) for h, t in found.items() if (reason := fast_reason(ctx.org, t, pipeline(h)))),
        key=order,
    )
    headers = ["Engineer", "Level", "Time at level", "Since", f"Rating, {cycle.name}"]
    career = settings.career_level
    above = f", below {level_label(ctx.org, career)}" if career else ""
    parts = [
        block(
            "<p>Time at level is measured at the end of the cycle, from the last approved "
            "promotion, else the date in the person's file, else the start date.</p>"
        )
    ]
    if settings.stalled_cycles > 0:
        heading = f"At their level for {settings.stalled_cycles} cycles or more{above}"
        parts.append(f"### {safe_title(heading)}\n")
        parts.append(
            _tenure_table(
                [*headers, "In the pipeline"],
                _tenure_rows(ctx, cycle, path, stalled),
                "People long at their level: ask what they need, or whether they are content",
                "Nobody has been at their level that long.",
            )
        )
    if settings.fast_cycles > 0:
        parts.append(f"### Moving fast (within {settings.fast_cycles} cycles)\n")
        parts.append(
            _tenure_table(
                [*headers, "Why"],
                _tenure_rows(ctx, cycle, path, fast),
                "People promoted, or in the pipeline, after a short time at their level",
                "Nobody is moving that fast.",
            )
        )
    return "## Time at level\n" + "".join(parts)


def _tenure_table(headers: list[str], rows: list[list[str]], caption: str, empty: str) -> str:
    if not rows:
        return block(f"<p>{esc(empty)}</p>")
    return block(table(headers, rows, caption=caption, row_headers=True), cls="calib-tenure")


def _strength(ctx: SiteContext, readiness: Readiness | None) -> str:
    """The best verdict of the cited evidence on each dimension of the target level."""
    if readiness is None or not readiness.covered:
        return ""
    parts = []
    for dimension_id, verdict in readiness.covered:
        dimension = ctx.org.ladder.dimension(dimension_id)
        name = dimension.name if dimension else dimension_id
        parts.append(f"{esc(name)}: {esc(verdict or 'none')}")
    return "<br>".join(parts)


def _decisions(ctx: SiteContext, cycle: Cycle) -> dict[str, str]:
    outcomes = ctx.org.outcomes.get(cycle.id)
    if outcomes is None:
        return {}
    return {d.person: d.decision or "no decision" for d in outcomes.promotions}


def _approved(ctx: SiteContext, cycle: Cycle, path: str) -> str:
    """Approved promotions of a closed cycle, for audiences that see promotion outcomes."""
    if not ctx.audience.promotion_outcomes:
        return ""
    outcomes = ctx.org.outcomes.get(cycle.id)
    if cycle.phase != "closed" or outcomes is None:
        note = "<p>Promotion outcomes are published here once the cycle is closed.</p>"
        return "## Promotions approved\n" + block(note)
    approved = [d for d in outcomes.promotions if d.decision == "approved"]
    if not approved:
        return "## Promotions approved\n" + block("<p>No promotion was approved in this cycle.</p>")
    rows = [
        [
            person_ref(ctx, path, d.person, cycle),
            esc(level_label(ctx.org, d.from_level or level_during(ctx.org, d.person, cycle.id))),
            esc(level_label(ctx.org, d.to_level)),
        ]
        for d in sorted(approved, key=lambda d: display_name(ctx.org, d.person).casefold())
    ]
    inner = table(["Engineer", "From", "To"], rows, caption="Promotions approved", row_headers=True)
    return "## Promotions approved\n" + block(
        inner + "\n<p>" + ctx.source_ref(outcomes.source) + "</p>"
    )


def render_case(ctx: SiteContext, cycle: Cycle, prefill: Prefill) -> Page:
    """One promotion case: readiness, then each dimension's expectations next to the evidence."""
    handle = prefill.handle
    path = promotion_case_path(cycle.id, handle)
    analysis = ctx.analysis(cycle.id)
    readiness = analysis.readiness.get(handle)
    parts = [_summary(ctx, cycle, prefill, readiness, path)]
    parts.extend(_dimensions(ctx, cycle, prefill, analysis))
    name = display_name(ctx.org, handle)
    title = safe_title(f"Promotion case, {name}, {cycle.name}")
    body = "".join(parts)
    target = prefill.promotion.target_level if prefill.promotion else None
    summary = esc(f"Promotion case of {name} to {level_label(ctx.org, target)}, {cycle.name}.")
    return Page(path, title, body, None, prefill.source, summary=summary, about=handle)


def _summary(
    ctx: SiteContext, cycle: Cycle, prefill: Prefill, readiness: Readiness | None, path: str
) -> str:
    handle, case = prefill.handle, prefill.promotion
    person = ctx.org.people[handle]
    team = ctx.org.teams.get(person.team or "")
    rows = [
        ["Engineer", person_ref(ctx, path, handle, cycle)],
        ["Team", esc(team.name if team else person.team or "no team")],
        ["Manager", esc(display_name(ctx.org, person.manager))],
        ["Current level", esc(level_label(ctx.org, level_during(ctx.org, handle, cycle.id)))],
        ["Target level", esc(level_label(ctx.org, case.target_level if case else None))],
        ["Readiness", _readiness_cell(readiness)],
        ["Gap that remains", rich(case.gap) if case and case.gap else "<em>not stated</em>"],
    ]
    if case and case.justification:
        rows.append(["Why skip a level", rich(case.justification)])
    if readiness is not None:
        rows.append(
            [
                "Peer corroboration",
                f"{readiness.peer_corroboration} of {readiness.peer_total} "
                "observations on the case's dimensions name specific results",
            ]
        )
    decision = next((d for d in _outcome_decisions(ctx, cycle) if d.person == handle), None)
    if decision is not None:
        text = f"<strong>{esc(decision.decision or 'no decision')}</strong>"
        rows.append(["Decision", text + (rich(decision.rationale) if decision.rationale else "")])
    inner = table(["Part", "Case"], rows, caption="The case at a glance", row_headers=True)
    pipeline = link(ctx.url(path, cycle_path(cycle.id, PAGE)), "Back to the pipeline")
    inner += f"\n<p>{pipeline} · {ctx.source_ref(prefill.source, ('promotion',))}</p>"
    if ctx.org.ladder.cumulative:
        inner += (
            '\n<p class="calib-note">This ladder is cumulative: the target level also expects '
            "everything listed for the levels below it. Each expectation below names the level "
            "it comes from.</p>"
        )
    return block(confidential("promotion_cases", handle, inner, tag="div"), cls="calib-case")


def _outcome_decisions(ctx: SiteContext, cycle: Cycle) -> list[PromotionDecision]:
    outcomes = ctx.org.outcomes.get(cycle.id)
    return list(outcomes.promotions) if outcomes else []


def _readiness_cell(readiness: Readiness | None) -> str:
    if readiness is None:
        return "not assessed (the target level is not on the ladder)"
    reasons = "".join(f"<li>{esc(r)}</li>" for r in readiness.reasons)
    return f"<strong>{esc(status_text(readiness))}</strong>" + (
        f"<ul>{reasons}</ul>" if reasons else ""
    )


def _dimensions(
    ctx: SiteContext, cycle: Cycle, prefill: Prefill, analysis: CycleAnalysis
) -> list[str]:
    """A section per dimension assessed at the target level, then whatever fits no dimension."""
    ladder, handle = ctx.org.ladder, prefill.handle
    target = prefill.promotion.target_level if prefill.promotion else None
    track = ctx.org.people[handle].track
    if target is None or ladder.level(target) is None:
        note = "<p>The target level is not on the ladder, so there are no expectations to show.</p>"
        return [block(note)]
    cited = cited_items(prefill)
    readiness = analysis.readiness.get(handle)
    covered = dict(readiness.covered) if readiness else {}
    parts = ["## Evidence against the target level\n"]
    seen: set[str] = set()
    for dim in ladder.dimensions:
        if not ladder.dimension_applies(dim, target, track):
            continue
        seen.add(dim.id)
        inner = _expectations(ctx, target, dim.id, track)
        verdict = covered.get(dim.id) or "none"
        inner += f"<p>Best cited evidence: <strong>{esc(verdict)}</strong></p>"
        inner += _evidence_lists(ctx, prefill, analysis, cited, dim.id)
        inner += _observations(
            ctx, prefill, [o for o in prefill.observations if o.dimension == dim.id]
        )
        parts.append(f"### {safe_title(dim.name)}\n" + _wrap(handle, inner))
    stray = [ev for ev in cited if ev.dimension not in seen]
    loose = [o for o in prefill.observations if o.dimension not in seen]
    if stray or loose:
        inner = _items(ctx, prefill, analysis, stray, "Cited evidence on no dimension of the level")
        parts.append(
            "### Outside the target level's dimensions\n"
            + _wrap(handle, inner + _observations(ctx, prefill, loose))
        )
    return parts


def _wrap(handle: str, inner: str) -> str:
    return block(
        confidential("promotion_cases", handle, inner, tag="div"), cls="calib-case-dimension"
    )


def _expectations(ctx: SiteContext, target: str, dimension: str, track: str | None) -> str:
    found = ctx.org.ladder.expectations_for(target, dimension, track)
    if not found:
        return "<p>The ladder lists no expectation for this dimension at the target level.</p>"
    items = []
    for exp, origin in found:
        where = "every level" if origin is None else level_label(ctx.org, origin)
        mark = "" if origin == target else f' <span class="calib-origin">({esc(where)})</span>'
        items.append(f"<li>{esc(exp.text)}{mark}</li>")
    return "<h4>Expected at the target level</h4>\n<ul>" + "".join(items) + "</ul>\n"


def _evidence_lists(
    ctx: SiteContext,
    prefill: Prefill,
    analysis: CycleAnalysis,
    cited: list[Evidence],
    dimension: str,
) -> str:
    mine = [ev for ev in cited if ev.dimension == dimension]
    cited_ids = {id(ev) for ev in cited}
    others = [
        ev for ev in prefill.evidence if ev.dimension == dimension and id(ev) not in cited_ids
    ]
    out = _items(ctx, prefill, analysis, mine, "Evidence the case cites")
    if not mine:
        out += "<p><em>The case cites no evidence for this dimension.</em></p>"
    return out + _items(ctx, prefill, analysis, others, "Other evidence this cycle, not cited")


def _items(
    ctx: SiteContext, prefill: Prefill, analysis: CycleAnalysis, items: list[Evidence], heading: str
) -> str:
    handle = prefill.handle
    if not items or not ctx.sees(handle, "evidence"):
        return ""
    out = []
    for ev in items:
        text = rich(ev.statement)
        if ev.scope:
            text += f"<p>Scope: {esc(ev.scope)}</p>"
        if ev.before or ev.after:
            text += f"<p>Before: {esc(ev.before or '?')}; after: {esc(ev.after or '?')}</p>"
        index = ev.path[1] if len(ev.path) == 2 and ev.path[0] == "evidence" else None
        found = analysis.assessments.get((handle, index)) if isinstance(index, int) else None
        if found is not None:
            missing = f"; missing: {esc(', '.join(found.missing))}" if found.missing else ""
            verdict = f"<strong>{esc(found.verdict)}</strong>{missing}"
            text += f'<p class="calib-verdict">Verdict: {verdict}</p>'
        text += f"<p>{ctx.source_ref(prefill.source, ev.path)}</p>"
        out.append("<li>" + confidential("evidence", handle, text, tag="div") + "</li>")
    return f"<h4>{esc(heading)}</h4>\n<ul>" + "\n".join(out) + "</ul>\n"


def _observations(ctx: SiteContext, prefill: Prefill, observations: list[Observation]) -> str:
    handle = prefill.handle
    if not observations or not ctx.sees(handle, "peer_observations"):
        return ""
    out = []
    for obs in observations:
        who = esc(display_name(ctx.org, obs.observer))
        relation = f" ({esc(obs.relationship)})" if obs.relationship else ""
        text = f"<p><strong>{who}</strong>{relation}</p>" + rich(obs.observation)
        out.append("<li>" + confidential("peer_observations", handle, text, tag="div") + "</li>")
    return "<h4>What peers observed</h4>\n<ul>" + "\n".join(out) + "</ul>\n"
