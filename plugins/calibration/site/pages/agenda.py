"""The calibration agenda: the pre-read the room works through, in the order of the session.

Flags first, then the five steps: peer input, pre-fill review with every
uncertainty, cross-team alignment (outliers, every high rating with its best
evidence, ratings that ignore project complexity), the invisible-work question,
and the promotion pipeline: the cases, then the people without one whom the
pipeline rules suggest. Built only for audiences that see ``agenda``.
"""

from __future__ import annotations

from collections.abc import Iterator

from calibration.analysis import CycleAnalysis, Flag
from calibration.model import Cycle, Prefill
from calibration.model.queries import expected_people, level_during, level_held
from calibration.site.context import (
    Page,
    SiteContext,
    cycle_path,
    promotion_case_path,
    safe_title,
)
from calibration.site.labels import level_label, person_ref
from calibration.site.markup.html import block, confidential, esc, link
from calibration.site.markup.sanitize import rich
from calibration.site.pages.analysis_shared import (
    best_evidence,
    by_manager,
    display_name,
    other_cycles,
    prefills_of,
)
from calibration.site.pages.comparison import render_outlier
from calibration.site.pages.invisible import QUESTION, none_recorded
from calibration.site.pages.promotions import (
    status_text,
    suggestion_detail,
    visible_cases,
    visible_suggestions,
)

TITLE = "Calibration agenda"
PAGE = "agenda"
TOP_INVISIBLE = 5
FLAG_KIND_ORDER = {"manager": 0, "team": 1, "person": 2}


def agenda_pages(ctx: SiteContext) -> Iterator[Page]:
    """One agenda per cycle, for audiences that see the agenda."""
    if not ctx.audience.may_see("agenda"):
        return
    for cycle in ctx.cycles_to_render():
        yield render_agenda(ctx, cycle)


def render_agenda(ctx: SiteContext, cycle: Cycle) -> Page:
    """The agenda of one cycle."""
    path = cycle_path(cycle.id, PAGE)
    analysis = ctx.analysis(cycle.id)
    prefills = [p for p in prefills_of(ctx.org, cycle.id) if ctx.sees(p.handle, "agenda")]
    intro = (
        "<p>The pre-read for the session, in the order the room works: clear the flags, then "
        "the five steps. Every item links to the person's page and to the file it comes from; "
        "comments belong on the file's pull request.</p>"
    )
    parts = [
        block(intro + other_cycles(ctx, cycle, PAGE, TITLE)),
        "## Flags to clear first\n" + _flags(ctx, cycle, path, analysis),
        "## 1. Peer input\n" + _peer_input(ctx, cycle, path, prefills),
        "## 2. Pre-fill review\n" + _prefills(ctx, cycle, path, prefills),
        "## 3. Cross-team alignment\n" + _alignment(ctx, cycle, path, prefills, analysis),
        "## 4. Invisible work\n" + _invisible(ctx, cycle, path, prefills),
        "## 5. Promotion pipeline\n" + _pipeline(ctx, cycle, path),
    ]
    title = safe_title(f"{TITLE}, {cycle.name}")
    return Page(path, title, "".join(parts), ctx.cycle_nav(cycle, TITLE), cycle.source)


def _item(handle: str, inner: str) -> str:
    """One agenda entry about one person, marked for the site audit."""
    return "<li>" + confidential("agenda", handle, inner, tag="div") + "</li>"


def _list(items: list[str], empty: str) -> str:
    if not items:
        return block(f"<p>{esc(empty)}</p>")
    return block("<ul>\n" + "\n".join(items) + "\n</ul>", cls="calib-agenda")


def _who(ctx: SiteContext, cycle: Cycle, path: str, handle: str) -> str:
    """Name (linked to the person's page), level and manager."""
    person = ctx.org.people[handle]
    level = esc(level_label(ctx.org, level_during(ctx.org, handle, cycle.id)))
    manager = esc(display_name(ctx.org, person.manager))
    return f"<strong>{person_ref(ctx, path, handle, cycle)}</strong> · {level} · manager {manager}"


def _flag_visible(ctx: SiteContext, flag: Flag) -> bool:
    if flag.kind == "team":
        members = [p.handle for p in ctx.org.people.values() if p.team == flag.subject]
        return ctx.audience.may_see("flags") and all(ctx.sees(h, "flags") for h in members)
    return ctx.sees(flag.subject, "flags")


def _flags(ctx: SiteContext, cycle: Cycle, path: str, analysis: CycleAnalysis) -> str:
    """Every rule-based flag the audience may see, one list per rule: managers, teams, people."""
    flags = sorted(
        (f for f in analysis.flags if _flag_visible(ctx, f)),
        key=lambda f: (FLAG_KIND_ORDER.get(f.kind, 3), f.id, display_name(ctx.org, f.subject)),
    )
    if not flags:
        return _list([], "No flag was raised for this cycle.")
    by_rule: dict[str, list[str]] = {}
    for flag in flags:
        where = ctx.source_ref(flag.source, flag.path) if flag.source else ""
        text = f"{esc(flag.message)} {where}"
        if flag.kind == "team":
            team = ctx.org.teams.get(flag.subject)
            entry = f"<li><strong>{esc(team.name if team else flag.subject)}</strong>: {text}</li>"
        else:
            subject = f"<strong>{person_ref(ctx, path, flag.subject, cycle)}</strong>: "
            entry = _item(flag.subject, subject + confidential("flags", flag.subject, text))
        by_rule.setdefault(flag.id, []).append(entry)
    return "".join(
        f"### {safe_title(rule)} ({len(entries)})\n" + _list(entries, "")
        for rule, entries in by_rule.items()
    )


def _peer_input(ctx: SiteContext, cycle: Cycle, path: str, prefills: list[Prefill]) -> str:
    """Who has too few (or too many) peer observations."""
    low, high = ctx.org.settings.peer_min, ctx.org.settings.peer_max
    counted = [p for p in prefills if ctx.sees(p.handle, "peer_observations")]
    short = [p for p in counted if len(p.observations) < low]
    over = [p for p in counted if len(p.observations) > high]
    enough = len(counted) - len(short)
    summary = (
        f"<p>{enough} of {len(counted)} people have at least {low} peer observations "
        f"(the rubric asks for {low} to {high}).</p>"
    )
    items = []
    for prefill, state in [
        *((p, "too few") for p in short),
        *((p, "more than asked") for p in over),
    ]:
        count = confidential(
            "peer_observations",
            prefill.handle,
            f"{len(prefill.observations)} observation(s), {state}",
        )
        where = ctx.source_ref(prefill.source, ("peer_observations",))
        items.append(
            _item(prefill.handle, f"{_who(ctx, cycle, path, prefill.handle)}: {count} {where}")
        )
    return block(summary) + _list(items, "Everyone's peer input is within the range.")


def _prefills(ctx: SiteContext, cycle: Cycle, path: str, prefills: list[Prefill]) -> str:
    """Every proposed rating with the manager's uncertainty, grouped by manager."""

    items = []
    for prefill in sorted(prefills, key=by_manager(ctx.org)):
        handle = prefill.handle
        text = _who(ctx, cycle, path, handle)
        if ctx.sees(handle, "ratings"):
            label = esc(ctx.org.scale.label(prefill.proposed_rating) or "no rating proposed")
            text += " · proposed " + confidential("ratings", handle, f"<strong>{label}</strong>")
        if ctx.sees(handle, "uncertainty"):
            doubt = (
                rich(prefill.uncertainty)
                if prefill.uncertainty
                else "<p><em>No uncertainty written: ask where the manager is unsure.</em></p>"
            )
            text += confidential("uncertainty", handle, doubt, tag="div")
        text += ctx.source_ref(prefill.source, ("uncertainty",) if prefill.uncertainty else ())
        items.append(_item(handle, text))
    have = {p.handle for p in prefills_of(ctx.org, cycle.id)}
    # A closed cycle's record is what it is; "no pre-fill yet" only helps before the session.
    expected = expected_people(ctx.org, cycle) if cycle.phase != "closed" else []
    missing = [p for p in expected if p.handle not in have and ctx.sees(p.handle, "agenda")]
    for person in missing:
        items.append(
            _item(
                person.handle,
                f"{_who(ctx, cycle, path, person.handle)}: <strong>no pre-fill yet</strong>",
            )
        )
    return _list(items, "No pre-fill to review.")


def _best(ctx: SiteContext, prefill: Prefill, analysis: CycleAnalysis) -> str:
    """The strongest evidence item, the one a manager would defend the rating with."""
    handle = prefill.handle
    if not ctx.sees(handle, "evidence"):
        return ""
    found = best_evidence(analysis, handle, len(prefill.evidence))
    if found is None:
        return confidential("evidence", handle, "<p><em>No assessed evidence.</em></p>", tag="div")
    index, assessment = found
    ev = prefill.evidence[index]
    notes = [assessment.verdict]
    if assessment.above_level:
        notes.append("shows above-level scope")
    if assessment.missing:
        notes.append("missing " + ", ".join(assessment.missing))
    text = f"<p>Best evidence ({esc('; '.join(notes))}):</p>" + rich(ev.statement)
    text += ctx.source_ref(prefill.source, ev.path)
    return confidential("evidence", handle, text, tag="div")


def _complexity_text(prefill: Prefill, analysis: CycleAnalysis) -> str:
    found = analysis.complexity.get(prefill.handle)
    if found is None:
        return "project complexity not recorded"
    name = prefill.project.name if prefill.project else ""
    return (
        f"{name}: {found.band} complexity ({found.score:g})" if name else f"{found.band} complexity"
    )


def _rated(
    ctx: SiteContext, cycle: Cycle, path: str, prefill: Prefill, analysis: CycleAnalysis
) -> str:
    handle = prefill.handle
    label = esc(ctx.org.scale.label(prefill.proposed_rating))
    text = f"{_who(ctx, cycle, path, handle)} · proposed "
    text += confidential("ratings", handle, f"<strong>{label}</strong>")
    text += f" · {esc(_complexity_text(prefill, analysis))}"
    return text + _best(ctx, prefill, analysis)


def _alignment(
    ctx: SiteContext, cycle: Cycle, path: str, prefills: list[Prefill], analysis: CycleAnalysis
) -> str:
    """Outliers, every high rating with its best evidence, and complexity mismatches."""
    outliers = [
        render_outlier(ctx, cycle, o) for o in analysis.outliers if ctx.sees(o.manager, "flags")
    ]
    comparison = link(ctx.url(path, cycle_path(cycle.id, "comparison")), "team comparison")
    parts = ["### Outliers to discuss\n"]
    if outliers:
        parts.append(block("<ul>\n" + "\n".join(outliers) + "\n</ul>", cls="calib-outliers"))
    else:
        parts.append(block("<p>No manager's share of high ratings stands out at any level.</p>"))
    parts.append(block(f"<p>The {comparison} shows every level side by side.</p>"))
    return "".join(parts) + _challenges(ctx, cycle, path, prefills, analysis)


def _challenges(
    ctx: SiteContext, cycle: Cycle, path: str, prefills: list[Prefill], analysis: CycleAnalysis
) -> str:
    """Every high rating with its best evidence, then ratings that ignore project complexity."""
    scale, high = ctx.org.scale, ctx.org.settings.high_rating
    if not high or scale.get(high) is None:
        note = "<p>The rubric names no high rating, so nothing is listed for challenge.</p>"
        return block(note)
    high_label = scale.label(high)
    rated = [p for p in prefills if ctx.sees(p.handle, "ratings") and scale.get(p.proposed_rating)]

    def rank(prefill: Prefill) -> tuple[int, float, str]:
        rating = scale.get(prefill.proposed_rating)
        level = level_held(ctx.org, prefill.handle, cycle.id)
        name = display_name(ctx.org, prefill.handle).casefold()
        return -(rating.rank if rating else 0), -(level.order if level else 0), name

    def is_high(prefill: Prefill) -> bool:
        return scale.at_or_above(prefill.proposed_rating, high)

    band = {h: c.band for h, c in analysis.complexity.items()}
    challenged = sorted((p for p in rated if is_high(p)), key=rank)
    under = sorted((p for p in rated if band.get(p.handle) == "high" and not is_high(p)), key=rank)
    over = [p for p in challenged if band.get(p.handle) == "low"]
    sections = [
        (f"Every {high_label} or above, to be challenged", challenged),
        (f"Rated below {high_label} on a high-complexity project", under),
        (f"Rated {high_label} or above on a low-complexity project", over),
    ]
    parts = []
    for heading, chosen in sections:
        items = [_item(p.handle, _rated(ctx, cycle, path, p, analysis)) for p in chosen]
        parts.append(f"### {safe_title(heading)}\n" + _list(items, "Nobody."))
    return "".join(parts)


def _invisible(ctx: SiteContext, cycle: Cycle, path: str, prefills: list[Prefill]) -> str:
    """The standing question, the people with the most items, and the people with none."""
    visible = [p for p in prefills if ctx.sees(p.handle, "evidence")]
    page = link(ctx.url(path, cycle_path(cycle.id, "invisible-work")), "invisible-work page")
    parts = [block(f"<p>Ask the room: <q>{esc(QUESTION)}</q> Every item is on the {page}.</p>")]
    most = sorted(
        (p for p in visible if p.invisible_items()),
        key=lambda p: (-len(p.invisible_items()), display_name(ctx.org, p.handle).casefold()),
    )[:TOP_INVISIBLE]
    items = []
    for prefill in most:
        kinds = sorted({ev.kind or "unspecified" for ev in prefill.invisible_items()})
        count = f"{len(prefill.invisible_items())} item(s): {', '.join(kinds)}"
        text = f"{_who(ctx, cycle, path, prefill.handle)}: " + confidential(
            "evidence", prefill.handle, esc(count)
        )
        items.append(
            _item(prefill.handle, text + " " + ctx.source_ref(prefill.source, ("evidence",)))
        )
    parts.append(
        "### Most invisible work recorded\n" + _list(items, "No invisible work is recorded.")
    )
    items = []
    for prefill in sorted(visible, key=lambda p: display_name(ctx.org, p.handle).casefold()):
        if none_recorded(prefill):
            state = "answered none" if prefill.invisible_work else "question not answered"
            text = f"{_who(ctx, cycle, path, prefill.handle)}: " + confidential(
                "evidence", prefill.handle, esc(state)
            )
            where = ctx.source_ref(
                prefill.source, ("invisible_work",) if prefill.invisible_work else ()
            )
            items.append(_item(prefill.handle, f"{text} {where}"))
    parts.append(
        "### Nothing recorded: ask about them\n" + _list(items, "Everyone has something recorded.")
    )
    return "".join(parts)


def _pipeline(ctx: SiteContext, cycle: Cycle, path: str) -> str:
    """Promotion cases, most ready first, with reasons and links; then people without a case."""
    analysis = ctx.analysis(cycle.id)
    items = []
    for prefill in visible_cases(ctx, cycle):
        handle = prefill.handle
        found = analysis.readiness.get(handle)
        target = prefill.promotion.target_level if prefill.promotion else None
        case = link(ctx.url(path, promotion_case_path(cycle.id, handle)), "case")
        text = f"{_who(ctx, cycle, path, handle)} → {esc(level_label(ctx.org, target))}: "
        text += f"<strong>{esc(status_text(found))}</strong> ({case})"
        if found is not None and found.reasons:
            text += "<ul>" + "".join(f"<li>{esc(r)}</li>" for r in found.reasons) + "</ul>"
        text += ctx.source_ref(prefill.source, ("promotion",))
        items.append(_item(handle, confidential("promotion_cases", handle, text, tag="div")))
    pipeline = link(ctx.url(path, cycle_path(cycle.id, "promotions")), "promotion pipeline")
    return (
        _list(items, "No promotion case in this cycle.")
        + _suggested(ctx, cycle, path)
        + block(
            f"<p>The {pipeline} has every case in full, the grid of rating against readiness "
            "and who has been at their level long or is moving fast.</p>"
        )
    )


def _suggested(ctx: SiteContext, cycle: Cycle, path: str) -> str:
    """People without a case whom the pipeline rules raise, each with the rules and the record."""
    items = []
    for found in visible_suggestions(ctx, cycle):
        handle = found.handle
        text = f"{_who(ctx, cycle, path, handle)} → {esc(level_label(ctx.org, found.target))}: "
        text += "<strong>no case written</strong>" + suggestion_detail(ctx, found)
        items.append(_item(handle, confidential("promotion_cases", handle, text, tag="div")))
    heading = "### Without a case, suggested by the record\n"
    return heading + _list(items, "The pipeline rules raise nobody without a case.")
