"""The cycle dashboard: phase and deadlines, completeness, findings, rating distribution.

The current cycle's dashboard is the home page; every earlier cycle has its
own under ``cycles/<id>/``. Counts are shown to every audience; names only to
audiences that may see findings about that person.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from calibration.diagnostics import Diagnostic
from calibration.model import Cycle, Org, Prefill
from calibration.site.charts import bar_chart
from calibration.site.core import Page, SiteContext, cycle_path, safe_title
from calibration.site.distribution import distribute, distribution_table
from calibration.site.html import block, confidential, esc, facts, link, table
from calibration.site.refs import (
    calibrated,
    cycle_dates,
    expected_people,
    level_during,
    level_label,
    person_ref,
    proposed,
)


@dataclass
class Completeness:
    """Who is still missing what in one cycle (handles, sorted by name)."""

    expected: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    missing_prefill: list[str] = field(default_factory=list)
    missing_evidence: list[str] = field(default_factory=list)
    few_peers: list[str] = field(default_factory=list)
    no_invisible_answer: list[str] = field(default_factory=list)
    observations: int = 0


def _lacks_evidence(org: Org, prefill: Prefill) -> bool:
    """True unless there is delivery evidence and impact-or-leverage evidence (DOMAIN step 2)."""
    return not {"delivery", "impact"} <= org.evidence_roles(prefill)


def completeness(org: Org, cycle: Cycle) -> Completeness:
    """What the cycle still lacks: pre-fills, evidence, peer input, invisible-work answers."""
    out = Completeness()
    for person in expected_people(org, cycle):
        out.expected.append(person.handle)
        prefill = org.prefills.get((person.handle, cycle.id))
        if prefill is None:
            out.missing_prefill.append(person.handle)
            continue
        out.present.append(person.handle)
        out.observations += len(prefill.observations)
        if _lacks_evidence(org, prefill):
            out.missing_evidence.append(person.handle)
        if len(prefill.observations) < org.settings.peer_min:
            out.few_peers.append(person.handle)
        if not prefill.invisible_work and not prefill.invisible_items():
            out.no_invisible_answer.append(person.handle)
    return out


def page_path(ctx: SiteContext, cycle: Cycle) -> str:
    """Where a cycle's dashboard lives: the home page for the current cycle."""
    return "index.md" if ctx.is_current(cycle) else cycle_path(cycle.id, "index")


def render_dashboard(ctx: SiteContext, cycle: Cycle) -> Page:
    """The dashboard page of one cycle for ``ctx.audience``."""
    path = page_path(ctx, cycle)
    parts = [
        _overview(ctx, cycle, path),
        _completeness_section(ctx, cycle, path),
        _findings_section(ctx, cycle),
        _distribution_section(ctx, cycle),
        _promotions_section(ctx, cycle, path),
    ]
    current = ctx.is_current(cycle)
    return Page(
        path=path,
        title=safe_title(f"{cycle.name}: cycle dashboard"),
        body="".join(parts),
        nav=("Home",) if current else None,
        source=cycle.source,
    )


def _overview(ctx: SiteContext, cycle: Cycle, path: str) -> str:
    phase = cycle.phase or "not set"
    rows = [("Period", esc(cycle_dates(cycle))), ("Phase", f"<strong>{esc(phase)}</strong>")]
    rows += [(d.name, esc(d.date)) for d in cycle.deadlines]
    links = [link(ctx.url(path, cycle_path(cycle.id, "teams")), "Teams")]
    if ctx.scope:
        links.append(link(ctx.url(path, cycle_path(cycle.id, "people")), "People"))
    links.append(link(ctx.url(path, "cycles/index.md"), "All cycles"))
    inner = "\n".join(
        [
            f"<h1>{esc(cycle.name)}: cycle dashboard</h1>",
            facts(rows, caption="Phase and deadlines"),
            '<p class="calib-links">' + " · ".join(links) + "</p>",
            f"<p>{ctx.source_ref(cycle.source)}</p>",
        ]
    )
    # The page's own h1 (Material adds the nav label otherwise, which is just "Home").
    return block(inner, tag="section", cls="calib-overview")


def _names(ctx: SiteContext, handles: list[str], cycle: Cycle, path: str) -> str:
    """Names the audience may see (as findings), plus how many others it may not."""
    visible = [h for h in handles if ctx.sees(h, "findings")]
    items = [confidential("findings", h, person_ref(ctx, path, h, cycle)) for h in visible]
    hidden = len(handles) - len(visible)
    text = ", ".join(items)
    if hidden and visible:
        text += f" and {hidden} outside this view"
    return text


def _completeness_section(ctx: SiteContext, cycle: Cycle, path: str) -> str:
    facts = completeness(ctx.org, cycle)
    peer_min = ctx.org.settings.peer_min
    checks: list[tuple[str, int, list[str]]] = [
        ("Pre-fills not written yet", len(facts.missing_prefill), facts.missing_prefill),
        (
            "Pre-fills without delivery evidence and impact or leverage evidence",
            len(facts.missing_evidence),
            facts.missing_evidence,
        ),
        (
            f"Pre-fills with fewer than {peer_min} peer observations",
            len(facts.few_peers),
            facts.few_peers,
        ),
        (
            "Invisible-work question not answered",
            len(facts.no_invisible_answer),
            facts.no_invisible_answer,
        ),
    ]
    rows = [["Pre-fills written", f"{len(facts.present)} of {len(facts.expected)}", ""]]
    rows += [[esc(label), str(n), _names(ctx, who, cycle, path)] for label, n, who in checks]
    rows.append(["Peer observations recorded", str(facts.observations), ""])
    headers = ["Check", "Count", "Who"]
    if not any(row[2] for row in rows):
        headers, rows = headers[:2], [row[:2] for row in rows]
    inner = table(headers, rows, caption="Completeness", row_headers=True)
    return "\n## Completeness\n" + block(inner, tag="section", cls="calib-completeness")


def _cycle_of(diag: Diagnostic) -> tuple[str | None, str | None]:
    """(cycle id, person handle) a diagnostic's file belongs to."""
    parts = diag.file.split("/")
    if len(parts) == 3 and parts[0] == "people":
        stem = parts[2].rsplit(".", 1)[0]
        return (None if stem == "person" else stem), parts[1]
    if len(parts) == 3 and parts[0] == "cycles":
        return parts[1], None
    return None, None


def _findings_section(ctx: SiteContext, cycle: Cycle) -> str:
    current = ctx.is_current(cycle)
    mine = []
    for diag in ctx.diagnostics:
        cycle_id, _ = _cycle_of(diag)
        if cycle_id == cycle.id or (cycle_id is None and current):
            mine.append(diag)
    counts = Counter((d.rule, d.severity) for d in mine)
    if not counts:
        return "\n## Validation findings\n" + block(
            "<p>No findings: every file passes.</p>", tag="section"
        )
    rows = [
        [f"<code>{esc(rule)}</code>", esc(sev), str(n)] for (rule, sev), n in sorted(counts.items())
    ]
    inner = table(["Rule", "Severity", "Count"], rows, caption="Findings by rule")
    details = [_finding_item(ctx, d) for d in mine]
    shown = [d for d in details if d]
    if shown:
        inner += '\n<ul class="calib-findings">\n' + "\n".join(shown) + "\n</ul>"
    return "\n## Validation findings\n" + block(inner, tag="section", cls="calib-findings-summary")


def _finding_item(ctx: SiteContext, diag: Diagnostic) -> str:
    _, handle = _cycle_of(diag)
    if handle is not None:
        if not ctx.sees(handle, "findings"):
            return ""
    elif not (ctx.audience.scope == "all" and "findings" in ctx.audience.sees):
        return ""
    url = ctx.source_link(diag.file, diag.line)
    where = f"{diag.file}:{diag.line}:{diag.column}"
    place = f'<a href="{esc(url)}">{esc(where)}</a>' if url else f"<code>{esc(where)}</code>"
    text = f"{place} {esc(diag.severity)} <code>{esc(diag.rule)}</code>: {esc(diag.message)}"
    return confidential("findings", handle, text, tag="li") if handle else f"<li>{text}</li>"


def _distribution_section(ctx: SiteContext, cycle: Cycle) -> str:
    k = ctx.suppress_below()
    people = [p for p in ctx.org.people.values() if (p.handle, cycle.id) in ctx.org.prefills]
    parts = []
    sources: list[tuple[str, Callable[[str], str | None]]] = [
        ("Proposed ratings", lambda h: proposed(ctx.org, h, cycle))
    ]
    if cycle.id in ctx.org.outcomes:
        sources.append(("Calibrated ratings", lambda h: calibrated(ctx.org, h, cycle)))
    level_of = {p.handle: level_during(ctx.org, p.handle, cycle) for p in people}
    known = {lv.id for lv in ctx.org.ladder.levels}
    for caption, rating_of in sources:
        groups = [
            (
                level_label(ctx.org, level.id),
                [rating_of(h) for h, at in level_of.items() if at == level.id],
            )
            for level in ctx.org.ladder.ordered_levels()
        ]
        unknown = [rating_of(h) for h, at in level_of.items() if at not in known]
        groups.append(("Level not on the ladder", unknown))
        dist = distribute(groups, ctx.org.scale, k, combined_label="Smaller levels combined")
        tab = distribution_table(dist, group_name="Level", caption=f"{caption} by level")
        chart = ""
        if dist.total is not None:
            bars = list(zip(dist.columns, dist.total.counts, strict=True))
            chart = bar_chart(
                f"{caption}, whole org",
                bars,
                table_note="The table below has the numbers by level.",
            )
        parts.append(f'<div class="calib-figure">\n{chart}\n</div>\n{tab}' if chart else tab)
    inner = "\n".join(parts)
    return "\n## Rating distribution\n" + block(inner, tag="section", cls="calib-distribution")


def _promotions_section(ctx: SiteContext, cycle: Cycle, path: str) -> str:
    """Approved promotions of a closed cycle, for audiences allowed to see outcomes."""
    outcomes = ctx.org.outcomes.get(cycle.id)
    if cycle.phase != "closed" or outcomes is None or not ctx.audience.promotion_outcomes:
        return ""
    approved = [d for d in outcomes.promotions if d.decision == "approved"]
    if not approved:
        return "\n## Promotions\n" + block(
            "<p>No promotions were approved in this cycle.</p>", tag="section"
        )
    rows = [
        [
            person_ref(ctx, path, d.person, cycle),
            esc(level_label(ctx.org, d.from_level) if d.from_level else "—"),
            esc(level_label(ctx.org, d.to_level)),
        ]
        for d in sorted(approved, key=lambda d: d.person)
    ]
    inner = table(["Engineer", "From", "To"], rows, caption="Approved promotions", row_headers=True)
    return "\n## Promotions\n" + block(inner, tag="section", cls="calib-promotions")
