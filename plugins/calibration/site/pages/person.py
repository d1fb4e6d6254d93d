"""One engineer's page for one cycle, built only for people in the audience's scope.

Each confidential part is wrapped with its kind (ratings, evidence, peer
observations...) and only rendered when the audience may see that kind, so
the page of a manager build and of the calibration build differ by data, not
by filters applied afterwards.
"""

from __future__ import annotations

from calibration.analysis.tenure import duration_words, since_words, step_words, tenure_in
from calibration.model import Cycle, Evidence, Person, Prefill, Promotion
from calibration.model.queries import level_during
from calibration.site.context import Page, SiteContext, person_path, promotion_case_path, safe_title
from calibration.site.labels import (
    calibrated,
    has_page,
    level_label,
    person_ref,
    proposed,
    rating_label,
)
from calibration.site.markup.html import block, confidential, esc, facts, link, table
from calibration.site.markup.sanitize import rich, safe_href


def render_person(ctx: SiteContext, person: Person, cycle: Cycle) -> Page:
    """The page of ``person`` for ``cycle`` (the caller checks the person is in scope)."""
    path = person_path(person.handle, cycle.id)
    prefill = ctx.org.prefills.get((person.handle, cycle.id))
    parts = [_profile(ctx, person, cycle, path)]
    if prefill is None:
        parts.append(
            block("<p>No file for this cycle yet.</p>", tag="section", cls="calib-missing")
        )
    parts.append(_ratings(ctx, person, cycle, prefill))
    if prefill is not None:
        parts += [
            _project(ctx, prefill),
            _evidence(ctx, prefill),
            _invisible_answer(ctx, prefill),
            _observations(ctx, prefill, cycle, path),
            _text_section(
                ctx, prefill, "uncertainty", "Where the manager is uncertain", prefill.uncertainty
            ),
            _text_section(
                ctx, prefill, "self_assessment", "Self-assessment", prefill.self_assessment
            ),
            _promotion(ctx, prefill, cycle, path),
        ]
    parts += [_flags(ctx, person, cycle), _history(ctx, person, path)]
    team = ctx.org.teams.get(person.team or "")
    about = [person.name, level_label(ctx.org, level_during(ctx.org, person.handle, cycle.id))]
    about += [team.name if team else (person.team or ""), person.role, cycle.name]
    return Page(
        path=path,
        title=safe_title(f"{person.name}, {cycle.name}"),
        body="".join(p for p in parts if p),
        nav=None,
        source=prefill.source if prefill else person.source,
        summary=esc(". ".join(part for part in about if part) + "."),
        about=person.handle,
    )


def _profile(ctx: SiteContext, person: Person, cycle: Cycle, path: str) -> str:
    org = ctx.org
    level = level_during(org, person.handle, cycle.id)
    team = org.teams.get(person.team or "")
    rows = [
        ["Level", esc(level_label(org, level))],
        ["Team", esc(team.name if team else (person.team or "no team"))],
        ["Manager", person_ref(ctx, path, person.manager, cycle) if person.manager else "none"],
        ["Role", esc(person.role)],
        ["Started", esc(person.start_date or "not recorded")],
    ]
    tenure = tenure_in(org, person.handle, cycle)
    rows.insert(1, ["Time at level", esc(f"{duration_words(tenure)}, since {since_words(tenure)}")])
    if tenure.steps:
        steps = "<br>".join(esc(step_words(step)) for step in tenure.steps)
        rows.insert(2, ["Promotions recorded", steps])
    if person.track:
        rows.insert(1, ["Track", esc(person.track)])
    if level != person.level:
        rows.insert(1, ["Level today", esc(level_label(org, person.level))])
    inner = facts(rows, caption=f"{person.name} in {cycle.name}")
    inner += f"\n<p>{ctx.source_ref(person.source)}</p>"
    return "## Profile\n" + block(inner, tag="section", cls="calib-profile")


def _ratings(ctx: SiteContext, person: Person, cycle: Cycle, prefill: Prefill | None) -> str:
    handle = person.handle
    if not ctx.sees(handle, "ratings"):
        return ""
    org = ctx.org
    rows = [["Proposed by the manager", esc(rating_label(org, proposed(org, handle, cycle)))]]
    outcomes = org.outcomes.get(cycle.id)
    entry = outcomes.rating_of(handle) if outcomes else None
    if entry is not None:
        rows.append(
            [
                "Calibrated",
                f"<strong>{esc(rating_label(org, calibrated(org, handle, cycle)))}</strong>",
            ]
        )
        if entry.rationale:
            rows.append(["Why the room decided so", rich(entry.rationale)])
    inner = facts(rows, caption="Rating")
    if prefill is not None:
        inner += f"\n<p>{ctx.source_ref(prefill.source, ('proposed_rating',))}</p>"
    return "\n## Rating\n" + block(confidential("ratings", handle, inner, tag="div"), tag="section")


def _project(ctx: SiteContext, prefill: Prefill) -> str:
    project = prefill.project
    if project is None or not ctx.sees(prefill.handle, "evidence"):
        return ""
    complexity = ctx.analysis(prefill.file_cycle).complexity.get(prefill.handle)
    rows = [
        ["Project", esc(project.name or "unnamed")],
        ["Ambiguity", esc(project.ambiguity or "not recorded")],
        ["Dependencies", esc(project.dependencies or "not recorded")],
        ["Novelty", esc(project.novelty or "not recorded")],
    ]
    if complexity is not None:
        rows.append(["Complexity", f"{esc(complexity.band)} (score {complexity.score:g})"])
    inner = facts(rows, caption="Top project of the cycle")
    inner += f"\n<p>{ctx.source_ref(prefill.source, ('project',))}</p>"
    return "\n## Project context\n" + block(
        confidential("evidence", prefill.handle, inner, tag="div"), tag="section"
    )


def _evidence_item(ctx: SiteContext, prefill: Prefill, index: int, ev: Evidence) -> str:
    assessment = ctx.analysis(prefill.file_cycle).assessments.get((prefill.handle, index))
    head = []
    if ev.invisible:
        kind = f": {esc(ev.kind)}" if ev.kind else ""
        head.append(f'<span class="calib-invisible">Invisible work{kind}</span>')
    if assessment is not None:
        verdict = esc(assessment.verdict)
        head.append(f'<span class="calib-verdict calib-verdict-{verdict}">{verdict}</span>')
    parts = [" ".join(head), rich(ev.statement)]
    facts = []
    if ev.scope:
        facts.append(f"<li>Scope: {esc(ev.scope)}</li>")
    if ev.before or ev.after:
        facts.append(f"<li>Before: {esc(ev.before or '?')}; after: {esc(ev.after or '?')}</li>")
    if ev.date:
        facts.append(f"<li>Date: {esc(ev.date)}</li>")
    for url in ev.links:
        href = safe_href(url)
        facts.append(
            f'<li>Link: <a href="{esc(href)}" rel="noopener">{esc(url)}</a></li>'
            if href
            else f"<li>Link: {esc(url)}</li>"
        )
    if assessment is not None and assessment.hints:
        facts += [f"<li>To strengthen: {esc(hint)}</li>" for hint in assessment.hints]
    if facts:
        parts.append('<ul class="calib-facts">' + "".join(facts) + "</ul>")
    parts.append(f"<p>{ctx.source_ref(prefill.source, ev.path)}</p>")
    anchor = f"evidence-{index + 1}"
    return (
        f'<article class="calib-evidence" id="{anchor}">\n'
        + "\n".join(p for p in parts if p)
        + "\n</article>"
    )


def _evidence(ctx: SiteContext, prefill: Prefill) -> str:
    if not ctx.sees(prefill.handle, "evidence"):
        return ""
    if not prefill.evidence:
        inner = "<p>No evidence recorded.</p>"
    else:
        order = {d.id: d.index for d in ctx.org.ladder.dimensions}
        indexed = sorted(
            enumerate(prefill.evidence),
            key=lambda pair: (order.get(pair[1].dimension or "", len(order)), pair[0]),
        )
        sections: list[str] = []
        current: str | None = "\0"
        for index, ev in indexed:
            if ev.dimension != current:
                current = ev.dimension
                dimension = ctx.org.ladder.dimension(current)
                title = dimension.name if dimension else (current or "No dimension")
                sections.append(f'<h3 class="calib-dimension">{esc(title)}</h3>')
            sections.append(_evidence_item(ctx, prefill, index, ev))
        inner = "\n".join(sections)
    return "\n## Evidence\n" + block(
        confidential("evidence", prefill.handle, inner, tag="div"), tag="section"
    )


def _invisible_answer(ctx: SiteContext, prefill: Prefill) -> str:
    if not ctx.sees(prefill.handle, "evidence"):
        return ""
    question = "What did this person do this cycle that will not show up in the metrics?"
    answer = (
        rich(prefill.invisible_work) if prefill.invisible_work else "<p><em>Not answered.</em></p>"
    )
    inner = f'<p class="calib-question">{esc(question)}</p>\n{answer}'
    inner += f"\n<p>{ctx.source_ref(prefill.source, ('invisible_work',))}</p>"
    return "\n## Invisible work\n" + block(
        confidential("evidence", prefill.handle, inner, tag="div"), tag="section"
    )


def _observations(ctx: SiteContext, prefill: Prefill, cycle: Cycle, path: str) -> str:
    if not ctx.sees(prefill.handle, "peer_observations"):
        return ""
    items = []
    for obs in prefill.observations:
        who = person_ref(ctx, path, obs.observer, cycle) if obs.observer else "unnamed"
        about = [esc(x) for x in (obs.relationship, obs.dimension) if x]
        meta = f"{who}" + (f" ({', '.join(about)})" if about else "")
        items.append(f'<li><p class="calib-observer">{meta}</p>\n{rich(obs.observation)}</li>')
    inner = (
        '<ul class="calib-observations">\n' + "\n".join(items) + "\n</ul>"
        if items
        else "<p>No peer observations recorded.</p>"
    )
    return "\n## Peer observations\n" + block(
        confidential("peer_observations", prefill.handle, inner, tag="div"), tag="section"
    )


def _text_section(ctx: SiteContext, prefill: Prefill, kind: str, title: str, text: str) -> str:
    if not ctx.sees(prefill.handle, kind):
        return ""
    inner = rich(text) if text else "<p><em>Not written.</em></p>"
    return f"\n## {title}\n" + block(
        confidential(kind, prefill.handle, inner, tag="div"), tag="section"
    )


def _case_rows(
    ctx: SiteContext, prefill: Prefill, case: Promotion, cycle: Cycle
) -> list[list[str]]:
    rows = [["Target level", esc(level_label(ctx.org, case.target_level))]]
    if case.justification:
        rows.append(["Why now", rich(case.justification)])
    rows.append(["Gap that remains", rich(case.gap) if case.gap else "<em>not stated</em>"])
    readiness = ctx.analysis(cycle.id).readiness.get(prefill.handle)
    if readiness is not None:
        reasons = "".join(f"<li>{esc(r)}</li>" for r in readiness.reasons)
        status = f"<strong>{esc(readiness.status)}</strong>" + (
            f"<ul>{reasons}</ul>" if reasons else ""
        )
        rows.append(["Readiness", status])
    by_id = prefill.evidence_by_id()
    cited = []
    for ref, _ in case.refs:
        index = next((i for i, ev in enumerate(prefill.evidence) if ev is by_id.get(ref)), None)
        cited.append(
            f'<a href="#evidence-{index + 1}">{esc(ref)}</a>' if index is not None else esc(ref)
        )
    cited += [rich(ev.statement) for ev in case.evidence]
    if cited:
        rows.append(["Evidence cited", "<br>\n".join(cited)])
    return rows


def _promotion(ctx: SiteContext, prefill: Prefill, cycle: Cycle, path: str) -> str:
    """The promotion case of the cycle and, once decided, the decision (with or without a case)."""
    handle = prefill.handle
    outcomes = ctx.org.outcomes.get(cycle.id)
    decision = (
        next((d for d in outcomes.promotions if d.person == handle), None) if outcomes else None
    )
    case = prefill.promotion
    if (case is None and decision is None) or not ctx.sees(handle, "promotion_cases"):
        return ""
    rows = _case_rows(ctx, prefill, case, cycle) if case is not None else []
    refs = []
    if case is not None:
        refs.append(
            link(
                ctx.url(path, promotion_case_path(cycle.id, handle)), "Open the promotion case page"
            )
        )
        refs.append(ctx.source_ref(prefill.source, ("promotion",)))
    if decision is not None and outcomes is not None:
        verdict = f"<strong>{esc(decision.decision or 'none')}</strong>"
        target = f" ({esc(level_label(ctx.org, decision.to_level))})" if case is None else ""
        rows.append(
            [
                "Decision",
                verdict + target + (rich(decision.rationale) if decision.rationale else ""),
            ]
        )
        refs.append(ctx.source_ref(outcomes.source, decision.path, label="Decision"))
    inner = facts(rows, caption="Promotion case") + f"\n<p>{' · '.join(refs)}</p>"
    return "\n## Promotion case\n" + block(
        confidential("promotion_cases", handle, inner, tag="div"), tag="section"
    )


def _flags(ctx: SiteContext, person: Person, cycle: Cycle) -> str:
    if not ctx.sees(person.handle, "flags"):
        return ""
    flags = ctx.analysis(cycle.id).flags_for(person.handle)
    if not flags:
        return ""
    items = "".join(f"<li><code>{esc(f.id)}</code> {esc(f.message)}</li>" for f in flags)
    inner = f'<ul class="calib-flags">{items}</ul>'
    return "\n## Flags\n" + block(
        confidential("flags", person.handle, inner, tag="div"), tag="section"
    )


def _history(ctx: SiteContext, person: Person, path: str) -> str:
    org = ctx.org
    handle = person.handle
    rows = []
    for cycle in org.cycles_in_order():
        if (handle, cycle.id) not in org.prefills and org.final_rating(handle, cycle.id) is None:
            continue
        page = person_path(handle, cycle.id)
        cells = [
            link(ctx.url(path, page), cycle.name)
            if has_page(ctx, handle, cycle)
            else esc(cycle.name)
        ]
        cells.append(esc(level_label(org, level_during(org, handle, cycle.id))))
        if ctx.sees(handle, "ratings"):
            cells.append(
                confidential(
                    "ratings", handle, esc(rating_label(org, proposed(org, handle, cycle)))
                )
            )
            cells.append(
                confidential(
                    "ratings", handle, esc(rating_label(org, calibrated(org, handle, cycle)))
                )
            )
        rows.append(cells)
    if not rows:
        return ""
    headers = ["Cycle", "Level"] + (
        ["Proposed", "Calibrated"] if ctx.sees(handle, "ratings") else []
    )
    inner = table(headers, rows, caption="History across cycles", row_headers=True)
    return "\n## History\n" + block(inner, tag="section", cls="calib-history")
