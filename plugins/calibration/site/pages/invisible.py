"""The invisible-work page: the work that surfaces only when someone asks.

Items are evidence, so they are listed only for people whose evidence the
audience may see; everyone else is counted by kind and team, as the cycle's
release (:mod:`calibration.disclosure`) publishes it.
"""

from __future__ import annotations

from collections.abc import Iterator

from calibration.disclosure import Table
from calibration.disclosure.release import UNSPECIFIED, invisible_kinds, team_of
from calibration.model import Cycle, Evidence, Prefill
from calibration.site.context import Page, SiteContext, cycle_path, safe_title
from calibration.site.labels import person_ref
from calibration.site.markup.distribution import count_table
from calibration.site.markup.html import block, confidential, esc, table
from calibration.site.markup.sanitize import rich
from calibration.site.pages.analysis_shared import display_name, other_cycles, prefills_of

TITLE = "Invisible work"
PAGE = "invisible-work"
QUESTION = (
    "Who did the most to make the team's work possible, in ways we have not talked about yet?"
)


def invisible_pages(ctx: SiteContext) -> Iterator[Page]:
    """One invisible-work page per cycle."""
    for cycle in ctx.cycles_to_render():
        yield render_invisible(ctx, cycle)


def none_recorded(prefill: Prefill) -> bool:
    """True when a file records no invisible work: no marked item, and no answer or "none"."""
    if prefill.invisible_items():
        return False
    answer = (prefill.invisible_work or "").strip().strip(".").casefold()
    return answer in ("", "none")


def kind_label(kind: str) -> str:
    """A kind id as words ("design-review" -> "Design review")."""
    return kind.replace("-", " ").replace("_", " ").capitalize()


def team_name(ctx: SiteContext, handle: str) -> str:
    """The name of a person's team (the id when the team is unknown)."""
    return team_of(ctx.org, handle)


def render_invisible(ctx: SiteContext, cycle: Cycle) -> Page:
    """The invisible-work page of one cycle for ``ctx.audience``."""
    path = cycle_path(cycle.id, PAGE)
    prefills = prefills_of(ctx.org, cycle.id)
    visible = [p for p in prefills if ctx.sees(p.handle, "evidence")]
    hidden = [p for p in prefills if not ctx.sees(p.handle, "evidence")]
    release = ctx.release(cycle)
    intro = (
        "<p>Work that would not show up in any metric: on-call that prevented an outage, "
        "documentation others rely on, reviews that grew someone, a thread that stopped a wrong "
        f"decision. The standing question for the session: <q>{esc(QUESTION)}</q></p>"
    )
    parts = [block(intro + other_cycles(ctx, cycle, PAGE, TITLE))]
    if visible:
        parts.append(_by_kind(ctx, cycle, path, visible))
        parts.append(_team_matrix(ctx, release.invisible_open, open_rows=True))
        parts.append(_answers(ctx, cycle, path, visible))
        parts.append(_none_recorded(ctx, cycle, path, visible))
    if hidden:
        heading = "## Across the rest of the org\n" if visible else "## Counts by kind and team\n"
        parts.append(heading + _team_matrix(ctx, release.invisible_hidden, open_rows=False))
    if not prefills:
        parts.append(block("<p>No pre-fills have been recorded for this cycle yet.</p>"))
    title = safe_title(f"{TITLE}, {cycle.name}")
    return Page(path, title, "".join(parts), ctx.cycle_nav(cycle, TITLE), cycle.source)


def _kinds(prefills: list[Prefill]) -> tuple[str, ...]:
    return invisible_kinds(prefills)


def _by_kind(ctx: SiteContext, cycle: Cycle, path: str, prefills: list[Prefill]) -> str:
    """Every item, grouped by kind, with who did it and where it is recorded."""
    items: dict[str, list[tuple[Prefill, Evidence]]] = {}
    for prefill in prefills:
        for ev in prefill.invisible_items():
            items.setdefault(ev.kind or UNSPECIFIED, []).append((prefill, ev))
    if not items:
        return "## By kind\n" + block("<p>No item of this cycle is marked as invisible work.</p>")
    parts = ["## By kind\n"]
    for kind in _kinds(prefills):
        entries = sorted(items[kind], key=lambda e: display_name(ctx.org, e[0].handle).casefold())
        lines = []
        for prefill, ev in entries:
            handle = prefill.handle
            who = f"<p><strong>{person_ref(ctx, path, handle, cycle)}</strong>"
            who += f" · {esc(team_name(ctx, handle))}" + (f" · {esc(ev.date)}" if ev.date else "")
            text = who + "</p>" + rich(ev.statement)
            text += f"<p>{ctx.source_ref(prefill.source, ev.path)}</p>"
            lines.append("<li>" + confidential("evidence", handle, text, tag="div") + "</li>")
        heading = f"### {safe_title(kind_label(kind))} ({len(entries)})\n"
        parts.append(
            heading + block("<ul>\n" + "\n".join(lines) + "\n</ul>", cls="calib-invisible")
        )
    return "".join(parts)


def _team_matrix(ctx: SiteContext, data: Table | None, *, open_rows: bool) -> str:
    """Items per kind and team, as the cycle's release publishes them."""
    if data is None:
        return ""
    headers = ["Team", *[kind_label(k) for k in data.columns], "People with a file"]
    if not open_rows:
        caption = "Invisible-work items by kind and team, people outside your view"
    elif ctx.audience.sees_everyone:
        caption = "Invisible-work items by kind and team"
    else:
        caption = "Invisible-work items by kind and team, people in your view only"
    inner = count_table(data, headers=headers, caption=caption, total_label="All teams")
    return ("## By team\n" if open_rows else "") + block(inner, cls="calib-invisible-teams")


def _answers(ctx: SiteContext, cycle: Cycle, path: str, prefills: list[Prefill]) -> str:
    """Each answer to "what did they do that won't show up in the metrics?"."""
    rows = []
    for prefill in sorted(prefills, key=lambda p: display_name(ctx.org, p.handle).casefold()):
        if none_recorded(prefill) or not prefill.invisible_work:
            continue
        answer = rich(prefill.invisible_work) + ctx.source_ref(prefill.source, ("invisible_work",))
        rows.append(
            [
                person_ref(ctx, path, prefill.handle, cycle),
                esc(team_name(ctx, prefill.handle)),
                confidential("evidence", prefill.handle, answer, tag="div"),
            ]
        )
    if not rows:
        return ""
    inner = table(["Engineer", "Team", "Answer"], rows, caption="Answers", row_headers=True)
    return "## Answers to the invisible-work question\n" + block(inner, cls="calib-answers")


def _none_recorded(ctx: SiteContext, cycle: Cycle, path: str, prefills: list[Prefill]) -> str:
    """People with nothing recorded: the ones to ask about in the session."""
    rows = []
    for prefill in sorted(prefills, key=lambda p: display_name(ctx.org, p.handle).casefold()):
        if not none_recorded(prefill):
            continue
        state = "answered none" if prefill.invisible_work else "question not answered"
        person = ctx.org.people[prefill.handle]
        rows.append(
            [
                person_ref(ctx, path, prefill.handle, cycle),
                esc(team_name(ctx, prefill.handle)),
                esc(display_name(ctx.org, person.manager)),
                confidential("evidence", prefill.handle, esc(state)),
            ]
        )
    heading = "## Nothing recorded\n"
    if not rows:
        return heading + block("<p>Everyone has at least one item or an answer recorded.</p>")
    headers = ["Engineer", "Team", "Manager", "State"]
    inner = table(headers, rows, caption="No invisible work recorded", row_headers=True)
    return heading + block(inner, cls="calib-none-recorded")
