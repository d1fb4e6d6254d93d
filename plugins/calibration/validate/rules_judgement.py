"""Judgement aids as rules: evidence that will not survive the room, outliers, and flags.

The work lives in :mod:`calibration.analysis`; these rules only turn its
results into findings. Files of a closed cycle are final, so only the outlier
rule looks at closed cycles (an unexplained outlier must not close).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from calibration.analysis import collect
from calibration.analysis.common import is_high
from calibration.analysis.cycle import flag_context, org_words
from calibration.analysis.flags import FLAGS, FlagContext, strong_above_level
from calibration.analysis.hints import lacks, short_advice
from calibration.analysis.outliers import find_outliers
from calibration.analysis.types import Assessment, OutlierFlag
from calibration.load.batch import map_chunks
from calibration.model import Cycle, Org, Prefill
from calibration.validate.registry import Finding, rule

GROUP = "judgement"


def _open_cycles(org: Org) -> list[Cycle]:
    return [c for c in org.cycles_in_order() if c.phase != "closed"]


def prepare_verdicts(org: Org, severities: dict[str, str]) -> None:
    """Work out the open cycles' evidence verdicts up front, over worker processes when many.

    The rules of this group then find every verdict already known; nothing is
    done when every rule that reads verdicts is turned off.
    """
    readers = ("weak-evidence", "high-rating-evidence", *FLAGS)
    if all(severities.get(rule_id) == "off" for rule_id in readers):
        return
    cycles = [c.id for c in _open_cycles(org)]
    collect.prepare_verdicts(org, cycles, org_words(org), map_chunks)


_SHARED: list[dict[tuple[int, str], tuple[Org, FlagContext]]] = []
"""While :func:`shared_contexts` runs: one flag context per cycle (the org is kept
alongside, so its id cannot be reused by another org meanwhile)."""


@contextmanager
def shared_contexts() -> Iterator[None]:
    """Let the rules of one validation run share each cycle's verdicts and flag inputs.

    Every rule here would otherwise gather the same verdicts again; the model
    does not change while the rules run, so sharing cannot change a finding.
    """
    _SHARED.append({})
    try:
        yield
    finally:
        _SHARED.pop()


def _context(org: Org, cycle: Cycle) -> FlagContext:
    """The cycle's flag context, shared within a validation run."""
    if not _SHARED:
        return flag_context(org, cycle)
    kept = _SHARED[-1].get((id(org), cycle.id))
    if kept is None or kept[0] is not org:
        kept = _SHARED[-1][(id(org), cycle.id)] = (org, flag_context(org, cycle))
    return kept[1]


@rule("weak-evidence", "warning", GROUP, per_file=True)
def check_weak_evidence(org: Org) -> Iterator[Finding]:
    """Evidence shows an outcome, scope, before and after, and own role (one finding a file)."""
    for cycle in _open_cycles(org):
        weak: dict[str, list[tuple[int, Assessment]]] = {}
        for (handle, index), found in _context(org, cycle).assessments.items():
            if found.verdict == "weak":
                weak.setdefault(handle, []).append((index, found))
        for handle, items in weak.items():
            prefill = org.prefills[(handle, cycle.id)]
            first = min(index for index, _ in items)
            ordered = sorted(items, key=lambda item: item[0])
            yield Finding(
                prefill.source,
                (*prefill.evidence[first].path, "statement"),
                _weak_message(prefill, ordered),
                related=tuple((*prefill.evidence[i].path, "statement") for i, _ in ordered)
                if len(ordered) > 1
                else (),
            )


def _weak_message(prefill: Prefill, items: list[tuple[int, Assessment]]) -> str:
    """One message for every weak statement of a file, each named by its place in the list."""
    check = f"`calib evidence check {prefill.source}` explains more"
    if len(items) == 1:
        return f"weak evidence: {short_advice(items[0][1])}; {check}"

    def name(index: int) -> str:
        item_id = prefill.evidence[index].id
        return f"item {index + 1}" + (f" ({item_id})" if item_id else "")

    each = "; ".join(f"{name(index)} {lacks(found)}" for index, found in items)
    return (
        f"weak evidence in {len(items)} of {len(prefill.evidence)} statements: {each}. "
        f"Add what changed, for whom and how many, with the before and after; {check}"
    )


@rule("high-rating-evidence", "warning", GROUP, per_file=True)
def check_high_rating_evidence(org: Org) -> Iterator[Finding]:
    """A high proposed rating cites enough strong, above-level evidence (error in calibration)."""
    need = org.settings.strong_evidence_for_high
    if org.scale.get(org.settings.high_rating) is None or need <= 0:
        return
    for cycle in _open_cycles(org):
        ctx = _context(org, cycle)
        for prefill in org.prefills_for(cycle.id):
            if not is_high(org, prefill.proposed_rating):
                continue
            count = strong_above_level(ctx, prefill.handle)
            if count < need:
                yield Finding(
                    prefill.source,
                    ("proposed_rating",),
                    f"{org.scale.label(prefill.proposed_rating)} needs {need} strong evidence "
                    f"items showing above-level scope; {count} found. Every high rating is "
                    "challenged: add numbers, scope, and what reads like the next level's "
                    f"expectations (`calib evidence check {prefill.source}` names the closest)",
                    severity="error" if cycle.phase == "calibration" else None,
                )


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@rule("stale-evidence", "warning", GROUP, per_file=True)
def check_stale_evidence(org: Org) -> Iterator[Finding]:
    """Evidence is not dated more than evidence_window_days before the cycle start."""
    window = timedelta(days=org.settings.evidence_window_days)
    for cycle in _open_cycles(org):
        start = _day(cycle.start)
        if start is None:
            continue
        for prefill in org.prefills_for(cycle.id):
            for ev in prefill.evidence:
                when = _day(ev.date)
                if when is not None and when < start - window:
                    yield Finding(
                        prefill.source,
                        (*ev.path, "date"),
                        f"dated {when.isoformat()}, more than {window.days} days before "
                        f"{cycle.id} began ({start.isoformat()}); use recent work, captured "
                        "while the numbers are still on the dashboards",
                    )


def _outlier_message(org: Org, flag: OutlierFlag) -> str:
    share = f"{flag.high} of {flag.total}"
    rest = f"{flag.rest_high} of {flag.rest_total}"
    bar = org.scale.label(org.settings.high_rating)
    return (
        f"{flag.manager} rates {share} at {'/'.join(flag.levels)} {bar} or above, against "
        f"{rest} for the other managers (Fisher's exact test, p = {flag.p_value:.3f}); "
        f"{flag.direction}: explain the difference in the room, do not flatten it"
    )


def _affected(org: Org, cycle: Cycle, flag: OutlierFlag) -> Iterator[Finding]:
    for handle in flag.handles:
        prefill = org.prefills.get((handle, cycle.id))
        if prefill is not None and is_high(org, prefill.proposed_rating) == (
            flag.direction == "lenient"
        ):
            yield Finding(prefill.source, ("proposed_rating",), _outlier_message(org, flag))


@rule("rating-outlier", "warning", GROUP, per_file=False)
def check_rating_outlier(org: Org) -> Iterator[Finding]:
    """A manager's share of high ratings at a level is in line with the org, or explained."""
    for cycle in org.cycles_in_order():
        outcomes = org.outcomes.get(cycle.id)
        for flag in find_outliers(org, cycle.id):
            if flag.explained:
                continue
            if cycle.phase != "closed":
                yield from _affected(org, cycle, flag)
            elif outcomes is not None:
                yield Finding(
                    outcomes.source,
                    ("outlier_explanations",) if outcomes.explanations else (),
                    f"{_outlier_message(org, flag)}. Record an outlier_explanations entry for "
                    f"{flag.manager} before the cycle closes",
                    severity="error",
                )


def _flag_findings(org: Org, flag_id: str) -> Iterator[Finding]:
    for cycle in _open_cycles(org):
        for found in FLAGS[flag_id](_context(org, cycle)):
            yield Finding(found.source, found.path, found.message)


@rule("rating-jump", "warning", GROUP, per_file=False)
def check_rating_jump(org: Org) -> Iterator[Finding]:
    """A rating that moved rating_jump_steps or more since the last cycle gets a second look."""
    yield from _flag_findings(org, "rating-jump")


@rule("new-joiner-high", "warning", GROUP, per_file=True)
def check_new_joiner_high(org: Org) -> Iterator[Finding]:
    """A high rating within new_joiner_months of the start date gets a second look."""
    yield from _flag_findings(org, "new-joiner-high")


@rule("low-despite-peers", "warning", GROUP, per_file=True)
def check_low_despite_peers(org: Org) -> Iterator[Finding]:
    """A low rating agrees with peer observations (most of them naming results is a flag)."""
    yield from _flag_findings(org, "low-despite-peers")


@rule("team-no-invisible-work", "warning", GROUP, per_file=False)
def check_team_invisible_work(org: Org) -> Iterator[Finding]:
    """Each team records some invisible work: on-call, reviews, docs, mentoring."""
    yield from _flag_findings(org, "team-no-invisible-work")
