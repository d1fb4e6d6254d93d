"""What the analysis pages share: cycle links, level headings, names and indexes.

Aggregate numbers are not computed here: they come from the cycle's release
(:mod:`calibration.disclosure`).
"""

from __future__ import annotations

from collections.abc import Callable

from calibration.analysis import Assessment, CycleAnalysis, Flag
from calibration.model import Cycle, Level, Org, Prefill
from calibration.site.context import SiteContext, cycle_path, safe_title
from calibration.site.labels import name_of
from calibration.site.markup.html import esc, link

VERDICT_ORDER = {"weak": 0, "adequate": 1, "strong": 2}


def prefills_of(org: Org, cycle_id: str) -> list[Prefill]:
    """Pre-fills of a cycle whose person exists in ``people/``."""
    return [p for p in org.prefills_for(cycle_id) if p.handle in org.people]


def display_name(org: Org, handle: str | None) -> str:
    """A person's name; "No manager" for an empty handle, the handle when unknown."""
    return name_of(org, handle) if handle else "No manager"


def by_manager(org: Org) -> Callable[[Prefill], tuple[str, str]]:
    """Sort key of pre-fills: manager's name, then the engineer's, ignoring case."""

    def key(prefill: Prefill) -> tuple[str, str]:
        manager = org.people[prefill.handle].manager
        return (
            display_name(org, manager).casefold(),
            display_name(org, prefill.handle).casefold(),
        )

    return key


def other_cycles(ctx: SiteContext, cycle: Cycle, page: str, what: str) -> str:
    """A paragraph linking the same page of the other cycles (only the current one is in nav)."""
    here = cycle_path(cycle.id, page)
    others = [
        link(ctx.url(here, cycle_path(c.id, page)), c.name)
        for c in reversed(ctx.org.cycles_in_order())
        if c.id != cycle.id
    ]
    if not others:
        return ""
    return f'<p class="calib-cycles">{esc(what)} of other cycles: ' + ", ".join(others) + ".</p>"


def level_heading(level: Level) -> str:
    """Markdown-safe heading text for a level (rubric text can hold anything)."""
    return safe_title(f"{level.id} {level.name}" if level.name != level.id else level.id)


def p_value_words(p: float) -> str:
    """A p-value as odds a reader can weigh."""
    same_bar = "if every manager held the same bar, a gap at least this large would turn up"
    if p < 0.001:
        return f"{same_bar} by chance less than 1 time in 1,000 (p < 0.001)"
    odds = round(1 / p) if p > 0 else 1
    if odds <= 2:
        return f"a gap this large often turns up by chance alone (p = {p:.2f})"
    return f"{same_bar} by chance about 1 time in {odds} (p = {p:.3f})"


def strength_index(analysis: CycleAnalysis) -> dict[str, str]:
    """Best evidence verdict per person, in one pass over the assessments."""
    best: dict[str, str] = {}
    for (handle, _), assessment in analysis.assessments.items():
        old = best.get(handle)
        if old is None or VERDICT_ORDER.get(assessment.verdict, -1) > VERDICT_ORDER.get(old, -1):
            best[handle] = assessment.verdict
    return best


def best_evidence(
    analysis: CycleAnalysis, handle: str, count: int
) -> tuple[int, Assessment] | None:
    """The index and assessment of a person's strongest evidence item, or None.

    Stronger verdicts win, then above-level scope, then fewer missing parts,
    then the earlier item, so the choice is stable.
    """
    found = [
        (i, analysis.assessments[(handle, i)])
        for i in range(count)
        if (handle, i) in analysis.assessments
    ]
    if not found:
        return None
    return max(
        found,
        key=lambda item: (
            VERDICT_ORDER.get(item[1].verdict, -1),
            item[1].above_level,
            -len(item[1].missing),
            -item[0],
        ),
    )


def flags_index(analysis: CycleAnalysis) -> dict[str, list[Flag]]:
    """Flags by subject, built once per page rather than searched once per person."""
    out: dict[str, list[Flag]] = {}
    for flag in analysis.flags:
        out.setdefault(flag.subject, []).append(flag)
    return out
