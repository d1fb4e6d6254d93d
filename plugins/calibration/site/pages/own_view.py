"""One engineer's own view: what the calibration decided about them, why, and what comes next.

Built for a personal audience (``person:<handle>``, scope ``self``) and, as
one offline file per engineer, by ``calib packets`` for the manager to share
in the 1:1. After a cycle closes it shows the final rating and, per the
audience's policy, its rationale; the promotion decision; the evidence as
calibrated; the next level's expectations set against that evidence (met,
partly, not yet) with the gap the manager named; and peer observations,
without names and only when there are enough of them. During an open cycle
it shows nothing of the pre-fill unless the policy allows it.

Every section is finished HTML (headings included), so a packet is the same
body in a page of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from calibration.model import Cycle, Evidence, Level, Org, Person, Prefill
from calibration.model.queries import level_during
from calibration.site.context import (
    Page,
    SiteContext,
    person_path,
    safe_title,
)
from calibration.site.labels import cycle_dates, level_label
from calibration.site.markup.html import block, confidential, esc, facts, link, table
from calibration.site.markup.sanitize import rich
from calibration.site.pages.ladder import ladder_pages
from calibration.site.pages.overview import render_ladder

STATUS_WORDS = {
    "met": "Met",
    "partly": "Partly",
    "not-yet": "Not yet",
}


def own_pages(ctx: SiteContext) -> Iterator[Page]:
    """The home page, the ladder with its level and dimension pages, and each cycle's page."""
    person = ctx.org.people.get(ctx.audience.handle or "")
    if person is None:
        return
    cycles = [c for c in ctx.cycles_to_render() if (person.handle, c.id) in ctx.org.prefills]
    yield _home(ctx, person, cycles)
    yield render_ladder(ctx)
    yield from ladder_pages(ctx)
    for cycle in cycles:
        yield render_own(ctx, person, cycle)


def _home(ctx: SiteContext, person: Person, cycles: list[Cycle]) -> Page:
    items = [
        f"<li>{link(ctx.url('index.md', person_path(person.handle, c.id)), c.name)}: "
        f"{esc(_state(c))}</li>"
        for c in cycles
    ]
    listing = (
        "<ul>" + "".join(items) + "</ul>" if items else "<p>No cycle has a file of yours yet.</p>"
    )
    inner = (
        f"<h1>{esc(person.name)}: your calibration</h1>\n"
        "<p>What each calibration cycle decided about you, why, and what the next level asks "
        f"of you. The {link(ctx.url('index.md', 'ladder.md'), 'ladder')} describes every "
        "level.</p>\n" + listing
    )
    return Page("index.md", "Your calibration", block(inner, tag="section"), nav=("Home",))


def _state(cycle: Cycle) -> str:
    return "closed" if cycle.phase == "closed" else "in progress"


def render_own(ctx: SiteContext, person: Person, cycle: Cycle) -> Page:
    """The person's own page of one cycle (also the body of their packet)."""
    title = safe_title(f"{person.name}, {cycle.name}")
    return Page(person_path(person.handle, cycle.id), title, own_body(ctx, person, cycle))


def own_body(ctx: SiteContext, person: Person, cycle: Cycle) -> str:
    """Every section of the person's view of ``cycle``, as finished HTML blocks."""
    prefill = ctx.org.prefills.get((person.handle, cycle.id))
    head = f"<h1>{esc(person.name)}: {esc(cycle.name)}</h1>\n" + facts(
        [
            ("Period", esc(cycle_dates(cycle))),
            ("Level during the cycle", esc(level_label(ctx.org, _level_id(ctx, person, cycle)))),
            ("Cycle", esc(_state(cycle))),
        ],
        caption="About this cycle",
    )
    parts = [block(head, tag="section", cls="calib-own-head")]
    if prefill is None:
        parts.append(block("<p>There is no file of yours in this cycle.</p>"))
    elif cycle.phase != "closed" and not ctx.audience.open_cycle_prefill:
        parts.append(
            block(
                "<p>This cycle is not closed yet. Your manager will go through its outcome "
                "with you once it is: the rating and why, what the next level asks, and what "
                "your peers observed.</p>",
                tag="section",
            )
        )
    else:
        parts += _sections(ctx, person, cycle, prefill)
    return "".join(parts)


def _level_id(ctx: SiteContext, person: Person, cycle: Cycle) -> str | None:
    return level_during(ctx.org, person.handle, cycle.id)


def _sections(ctx: SiteContext, person: Person, cycle: Cycle, prefill: Prefill) -> list[str]:
    handle = person.handle
    out = []
    if ctx.sees(handle, "ratings"):
        out.append(_outcome(ctx, person, cycle, prefill))
    if ctx.sees(handle, "promotion_cases"):
        out.append(_promotion(ctx, person, cycle, prefill))
    if ctx.sees(handle, "evidence"):
        out.append(_path_forward(ctx, person, cycle, prefill))
        out.append(_evidence(ctx, cycle, prefill))
    if ctx.sees(handle, "peer_observations"):
        out.append(_observations(ctx, prefill))
    return [part for part in out if part]


def _outcome(ctx: SiteContext, person: Person, cycle: Cycle, prefill: Prefill) -> str:
    org, handle = ctx.org, person.handle
    decided = org.outcomes.get(cycle.id)
    entry = decided.rating_of(handle) if decided else None
    if cycle.phase == "closed" and entry is not None and entry.rating:
        text = f"<p>Final rating: <strong>{esc(org.scale.label(entry.rating))}</strong></p>"
        if ctx.audience.rationale and entry.rationale:
            text += "<h3>Why</h3>" + rich(entry.rationale)
    elif cycle.phase == "closed":
        text = "<p>The room recorded no final rating for you in this cycle.</p>"
    else:
        label = org.scale.label(prefill.proposed_rating) if prefill.proposed_rating else "none yet"
        text = (
            f"<p>Proposed rating (not final: the cycle is open): <strong>{esc(label)}</strong></p>"
        )
    inner = "<h2>Your rating</h2>\n" + confidential("ratings", handle, text, tag="div")
    return block(inner, tag="section", cls="calib-own-rating")


def _promotion(ctx: SiteContext, person: Person, cycle: Cycle, prefill: Prefill) -> str:
    org, handle = ctx.org, person.handle
    decided = org.outcomes.get(cycle.id)
    decisions = [d for d in (decided.promotions if decided else []) if d.person == handle]
    if cycle.phase == "closed" and decisions:
        decision = decisions[-1]
        target = level_label(org, decision.to_level) if decision.to_level else "the next level"
        outcome = esc(decision.decision or "undecided")
        text = f"<p>Promotion to {esc(target)}: <strong>{outcome}</strong></p>"
        if ctx.audience.rationale and decision.rationale:
            text += "<h3>Why</h3>" + rich(decision.rationale)
    elif prefill.promotion is not None and cycle.phase != "closed":
        text = "<p>Your manager opened a promotion case in this cycle; it is not decided yet.</p>"
    else:
        return ""
    inner = "<h2>Promotion</h2>\n" + confidential("promotion_cases", handle, text, tag="div")
    return block(inner, tag="section", cls="calib-own-promotion")


@dataclass(frozen=True)
class Expectation:
    """One dimension of the next level, set against the person's evidence on it."""

    dimension: str
    name: str
    expected: tuple[str, ...]
    status: str
    covering: tuple[tuple[int, Evidence], ...]


def next_level(org: Org, person: Person, level_id: str | None) -> Level | None:
    """The level above ``level_id`` on the person's track, if the ladder has one."""
    found = org.ladder.next_levels(level_id, person.track) if level_id else []
    return found[0] if found else None


def expectations_against(
    ctx: SiteContext, person: Person, cycle: Cycle, prefill: Prefill, target: Level
) -> list[Expectation]:
    """Each dimension of ``target``: what it expects, and how far the evidence shows it."""
    ladder, analysis = ctx.org.ladder, ctx.analysis(cycle.id)
    out = []
    for dim in ladder.dimensions:
        if not ladder.dimension_applies(dim, target.id, person.track):
            continue
        found = ladder.expectations_for(target.id, dim.id, person.track)
        # A cumulative ladder repeats the levels below: show what is new at the target.
        own = [e.text for e, origin in found if origin == target.id]
        expected = tuple(own or [e.text for e, _ in found])
        covering = tuple((i, ev) for i, ev in enumerate(prefill.evidence) if ev.dimension == dim.id)
        verdicts = [analysis.assessments.get((person.handle, i)) for i, _ in covering]
        if any(v is not None and v.verdict == "strong" and v.above_level for v in verdicts):
            status = "met"
        elif any(v is not None and v.verdict in ("strong", "adequate") for v in verdicts):
            status = "partly"
        else:
            status = "not-yet"
        out.append(Expectation(dim.id, dim.name, expected, status, covering))
    return out


def _path_forward(ctx: SiteContext, person: Person, cycle: Cycle, prefill: Prefill) -> str:
    handle = person.handle
    target = next_level(ctx.org, person, _level_id(ctx, person, cycle))
    if target is None:
        text = "<p>There is no level above yours on the ladder.</p>"
    else:
        rows = []
        for exp in expectations_against(ctx, person, cycle, prefill, target):
            expected = (
                "".join(f"<li>{esc(t)}</li>" for t in exp.expected) or "<li>nothing listed</li>"
            )
            covering = "".join(f"<li>{rich(ev.statement)}</li>" for _, ev in exp.covering)
            rows.append(
                [
                    esc(exp.name),
                    f"<ul>{expected}</ul>",
                    f"<strong>{esc(STATUS_WORDS[exp.status])}</strong>",
                    f"<ul>{covering}</ul>" if covering else "no evidence on this dimension yet",
                ]
            )
        text = (
            f"<p>What {esc(level_label(ctx.org, target.id))} asks, dimension by dimension, "
            "against your evidence of this cycle. <em>Met</em>: strong evidence that shows "
            "scope above your level; <em>partly</em>: evidence that is specific but not yet "
            "above level; <em>not yet</em>: nothing specific yet.</p>\n"
            + table(
                ["Dimension", "Expected at the next level", "Shown", "Your evidence"],
                rows,
                caption=f"The next level, {level_label(ctx.org, target.id)}, against your evidence",
                row_headers=True,
            )
        )
    gap = prefill.promotion.gap if prefill.promotion is not None else ""
    if gap:
        text += "<h3>The gap your manager named</h3>" + rich(gap)
    inner = "<h2>The path forward</h2>\n" + confidential("evidence", handle, text, tag="div")
    return block(inner, tag="section", cls="calib-own-path")


def _evidence(ctx: SiteContext, cycle: Cycle, prefill: Prefill) -> str:
    handle = prefill.handle
    names = {d.id: d.name for d in ctx.org.ladder.dimensions}
    items = []
    for ev in prefill.evidence:
        name = names.get(ev.dimension or "", ev.dimension or "No dimension")
        text = f"<p><strong>{esc(name)}</strong></p>"
        text += rich(ev.statement)
        extra = [
            f"<li>{label}: {esc(value)}</li>"
            for label, value in (("Scope", ev.scope), ("Before", ev.before), ("After", ev.after))
            if value
        ]
        if extra:
            text += "<ul>" + "".join(extra) + "</ul>"
        items.append("<li>" + text + "</li>")
    if not items:
        return ""
    when = "as calibrated" if cycle.phase == "closed" else "as your manager wrote it"
    inner = f"<h2>Your evidence, {esc(when)}</h2>\n" + confidential(
        "evidence", handle, "<ul>" + "".join(items) + "</ul>", tag="div"
    )
    return block(inner, tag="section", cls="calib-own-evidence")


def _observations(ctx: SiteContext, prefill: Prefill) -> str:
    handle, need = prefill.handle, ctx.audience.min_observations
    observations = prefill.observations
    if not observations:
        return ""
    if len(observations) < need:
        text = (
            f"<p>Fewer than {need} peer observations were recorded, so they are not shown: "
            "one observation could point at its author.</p>"
        )
    else:
        items = []
        for obs in observations:
            who = ""
            if ctx.audience.observer_names and obs.observer:
                person = ctx.org.people.get(obs.observer)
                who = f"<p><strong>{esc(person.name if person else obs.observer)}</strong></p>"
            items.append("<li>" + who + rich(obs.observation) + "</li>")
        text = "<ul>" + "".join(items) + "</ul>"
    inner = "<h2>What your peers observed</h2>\n" + confidential(
        "peer_observations", handle, text, tag="div"
    )
    return block(inner, tag="section", cls="calib-own-peers")
