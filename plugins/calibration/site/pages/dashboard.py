"""The cycle dashboard: phase and deadlines, completeness, findings, rating distribution.

The current cycle's dashboard is the home page; every earlier cycle has its
own under ``cycles/<id>/``. Every count comes from the cycle's release
(:mod:`calibration.disclosure`); names appear only to audiences that may see
findings about that person.
"""

from __future__ import annotations

from calibration.diagnostics import Diagnostic
from calibration.disclosure import finding_subject
from calibration.model import Cycle
from calibration.site.context import Page, SiteContext, cycle_path, safe_title
from calibration.site.labels import cycle_dates, level_label, person_ref
from calibration.site.markup.charts import bar_chart
from calibration.site.markup.distribution import protection_note, rating_table, withheld_note
from calibration.site.markup.html import block, confidential, esc, facts, link, table


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


def _names(ctx: SiteContext, handles: tuple[str, ...], count: int, cycle: Cycle, path: str) -> str:
    """Names the audience may see (as findings), plus how many others it may not."""
    items = [confidential("findings", h, person_ref(ctx, path, h, cycle)) for h in handles]
    hidden = count - len(handles)
    text = ", ".join(items)
    if hidden and handles:
        text += f" and {hidden} outside this view"
    return text


def _completeness_section(ctx: SiteContext, cycle: Cycle, path: str) -> str:
    facts = ctx.release(cycle).completeness
    if facts is None:
        inner = (
            '<p class="calib-suppressed">Completeness counts are not shown: the cycle expects '
            f"fewer than {ctx.policy.k} people outside your view.</p>"
        )
        return "\n## Completeness\n" + block(inner, tag="section", cls="calib-completeness")
    peer_min = ctx.org.settings.peer_min
    checks: list[tuple[str, int, str]] = [
        ("Pre-fills not written yet", facts.missing_prefill, "missing_prefill"),
        (
            "Pre-fills without delivery evidence and impact or leverage evidence",
            facts.missing_evidence,
            "missing_evidence",
        ),
        (f"Pre-fills with fewer than {peer_min} peer observations", facts.few_peers, "few_peers"),
        ("Invisible-work question not answered", facts.no_invisible_answer, "no_invisible_answer"),
    ]
    rows = [["Pre-fills written", f"{facts.present} of {facts.expected}", ""]]
    rows += [
        [esc(label), str(n), _names(ctx, facts.names.get(key, ()), n, cycle, path)]
        for label, n, key in checks
    ]
    rows.append(["Peer observations recorded", str(facts.observations), ""])
    headers = ["Check", "Count", "Who"]
    if not any(row[2] for row in rows):
        headers, rows = headers[:2], [row[:2] for row in rows]
    inner = table(headers, rows, caption="Completeness", row_headers=True)
    return "\n## Completeness\n" + block(inner, tag="section", cls="calib-completeness")


def _findings_section(ctx: SiteContext, cycle: Cycle) -> str:
    release = ctx.release(cycle)
    if not release.findings:
        text = (
            "<p>No findings: every file passes.</p>"
            if ctx.policy.full
            else "<p>No findings about the people in your view.</p>"
        )
        return "\n## Validation findings\n" + block(text, tag="section")
    rows = [[f"<code>{esc(rule)}</code>", esc(sev), str(n)] for rule, sev, n in release.findings]
    caption = "Findings by rule" + ("" if ctx.policy.full else ", people in your view")
    inner = table(["Rule", "Severity", "Count"], rows, caption=caption)
    shown = [_finding_item(ctx, d) for d in release.shown_findings]
    inner += '\n<ul class="calib-findings">\n' + "\n".join(shown) + "\n</ul>"
    return "\n## Validation findings\n" + block(inner, tag="section", cls="calib-findings-summary")


def _finding_item(ctx: SiteContext, diag: Diagnostic) -> str:
    _, handle = finding_subject(diag)
    url = ctx.source_link(diag.file, diag.line)
    where = f"{diag.file}:{diag.line}:{diag.column}"
    place = f'<a href="{esc(url)}">{esc(where)}</a>' if url else f"<code>{esc(where)}</code>"
    text = f"{place} {esc(diag.severity)} <code>{esc(diag.rule)}</code>: {esc(diag.message)}"
    return confidential("findings", handle, text, tag="li") if handle else f"<li>{text}</li>"


CAPTIONS = {"proposed": "Proposed ratings", "final": "Calibrated ratings"}


def _distribution_section(ctx: SiteContext, cycle: Cycle) -> str:
    release = ctx.release(cycle)
    policy = ctx.policy
    parts = [] if not release.withheld else [f'<p class="calib-note">{esc(release.withheld)}</p>']
    for ratings in release.ratings:
        caption = CAPTIONS[ratings.kind]
        data = ratings.levels
        if data.total is None:
            parts.append(withheld_note(f"{caption} by level", policy.k, policy.min_distinct))
            continue
        tab = rating_table(
            data,
            ctx.org.scale,
            cycle_id=cycle.id,
            kind=ratings.kind,
            group_name="Level",
            caption=f"{caption} by level",
            k=policy.k,
        )
        if data.small or data.merged:
            tab += "\n" + protection_note(policy.k, policy.min_distinct)
        labels = [ctx.org.scale.label(rid) for rid in data.columns]
        chart = bar_chart(
            f"{caption}, whole org",
            list(zip(labels, data.total.counts, strict=True)),
            table_note="The table below has the numbers by level.",
        )
        parts.append(f'<div class="calib-figure">\n{chart}\n</div>\n{tab}')
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
