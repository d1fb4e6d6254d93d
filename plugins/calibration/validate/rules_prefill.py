"""Pre-fill completeness, peer input and promotion cases, as the calibration practice asks."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from calibration.model import Org, Prefill
from calibration.model.queries import answers_invisible_work, level_held, missing_roles
from calibration.validate.registry import Finding, rule

GROUP = "pre-fill"


@rule("prefill-rating", "error", GROUP, per_file=True)
def check_rating(org: Org) -> Iterator[Finding]:
    """A pre-fill proposes a rating."""
    for prefill in org.prefills.values():
        if not prefill.proposed_rating:
            ids = ", ".join(r.id for r in org.scale.ratings)
            yield Finding(prefill.source, (), f"no proposed_rating; add one of: {ids}")


@rule("prefill-evidence", "error", GROUP, per_file=True)
def check_evidence(org: Org) -> Iterator[Finding]:
    """A pre-fill has a delivery evidence item and an impact-or-leverage evidence item."""
    delivery = [d.id for d in org.ladder.dimensions if d.counts_as == "delivery"]
    impact = [d.id for d in org.ladder.dimensions if d.counts_as == "impact"]
    for prefill in org.prefills.values():
        missing = missing_roles(org, prefill)
        where = ("evidence",) if prefill.evidence else ()
        if "delivery" in missing:
            yield Finding(
                prefill.source,
                where,
                f"no evidence for {' or '.join(delivery)}: add one item showing what was shipped, "
                "on time and without rework by others",
            )
        if "impact" in missing:
            yield Finding(
                prefill.source,
                where,
                f"no evidence for {' or '.join(impact)}: add one item showing what changed "
                "because of the work, or how they multiplied others",
            )


@rule("prefill-uncertainty", "error", GROUP, per_file=True)
def check_uncertainty(org: Org) -> Iterator[Finding]:
    """A pre-fill names the one area where the manager is uncertain."""
    for prefill in org.prefills.values():
        if not prefill.uncertainty:
            yield Finding(
                prefill.source,
                ("uncertainty",) if prefill.uncertainty == "" else (),
                "no uncertainty: name the one area where you are least sure of this rating "
                "(uncertainty is surfaced in the room, never hidden)",
            )


@rule("prefill-project", "error", GROUP, per_file=True)
def check_project(org: Org) -> Iterator[Finding]:
    """A pre-fill records the top project's ambiguity, dependencies and novelty."""
    for prefill in org.prefills.values():
        if prefill.project is None:
            yield Finding(
                prefill.source,
                (),
                "no project context: add project with name, ambiguity (low/medium/high), "
                "dependencies (few/moderate/many) and novelty (existing/new-feature/greenfield)",
            )


@rule("prefill-invisible-work", "error", GROUP, per_file=True)
def check_invisible(org: Org) -> Iterator[Finding]:
    """The invisible-work question is answered (an explicit ``none`` is an answer)."""
    for prefill in org.prefills.values():
        if not answers_invisible_work(prefill):
            yield Finding(
                prefill.source,
                ("invisible_work",) if prefill.invisible_work is not None else (),
                "invisible_work is unanswered: what did they do this period that won't show up "
                "in metrics? Write `none` if nothing",
            )


@rule("peer-input-count", "error", GROUP, per_file=True)
def check_peer_count(org: Org) -> Iterator[Finding]:
    """A pre-fill carries the configured number of peer observations (3 to 5 by default)."""
    low, high = org.settings.peer_min, org.settings.peer_max
    for prefill in org.prefills.values():
        count = len(prefill.observations)
        if count < low:
            yield Finding(
                prefill.source,
                ("peer_observations",) if count else (),
                f"{count} peer observation(s); collect at least {low} from people who worked "
                "with them directly, across teams where possible",
            )
        elif count > high:
            yield Finding(
                prefill.source,
                prefill.observations[high].path,
                f"{count} peer observations; keep the {high} most direct (this is not a formal "
                "360)",
            )


@rule("peer-observer", "error", GROUP, per_file=True)
def check_observers(org: Org) -> Iterator[Finding]:
    """Peer observers are neither the engineer nor their manager, and each observes once."""
    for prefill in org.prefills.values():
        person = org.people.get(prefill.handle)
        manager = person.manager if person else None
        seen: set[str] = set()
        for obs in prefill.observations:
            if obs.observer == prefill.handle:
                yield Finding(
                    prefill.source,
                    (*obs.path, "observer"),
                    "the engineer cannot observe themselves; self-assessment has its own key",
                )
            elif manager and obs.observer == manager:
                yield Finding(
                    prefill.source,
                    (*obs.path, "observer"),
                    "the manager's view is the pre-fill itself; ask a peer instead",
                )
            elif obs.observer in seen:
                yield Finding(
                    prefill.source,
                    (*obs.path, "observer"),
                    f"{obs.observer} already gave an observation; ask someone else",
                )
            if obs.observer:
                seen.add(obs.observer)


def _promotion_target(org: Org, prefill: Prefill) -> Iterator[Finding]:
    promo = prefill.promotion
    person = org.people.get(prefill.handle)
    if promo is None or person is None:
        return
    current, target = (
        level_held(org, prefill.handle, prefill.file_cycle),
        org.ladder.level(promo.target_level),
    )
    if current is None or target is None:
        return
    path = ("promotion", "target_level")
    if target.order <= current.order:
        yield Finding(
            prefill.source,
            path,
            f"target {target.id} is not above the current level {current.id}; pick a more "
            "senior level",
        )
        return
    if person.track and not target.on_track(person.track):
        yield Finding(
            prefill.source,
            path,
            f"target {target.id} is not on the {person.track} track; a track change needs its "
            "own case",
        )
        return
    between = [
        lv
        for lv in org.ladder.ordered_levels(person.track)
        if current.order < lv.order < target.order
    ]
    if between and not promo.justification:
        skipped = ", ".join(lv.id for lv in between)
        yield Finding(
            prefill.source,
            path,
            f"the case skips {skipped}; add promotion.justification explaining the skip",
        )


@rule("promotion-target", "error", GROUP, per_file=True)
def check_promotion_target(org: Org) -> Iterator[Finding]:
    """A promotion targets a level above the current one on the track; a skip is justified."""
    for prefill in org.prefills.values():
        yield from _promotion_target(org, prefill)


@rule("promotion-evidence", "error", GROUP, per_file=True)
def check_promotion_evidence(org: Org) -> Iterator[Finding]:
    """A promotion case cites evidence, and every cited evidence id exists."""
    for prefill in org.prefills.values():
        promo = prefill.promotion
        if promo is None:
            continue
        if not promo.evidence and not promo.refs:
            yield Finding(
                prefill.source,
                ("promotion",),
                "the case cites no evidence: list evidence ids (or items) that show the target "
                "level's expectations",
            )
        ids = prefill.evidence_by_id()
        for ref, path in promo.refs:
            if ref not in ids:
                known = ", ".join(sorted(ids)) or "no evidence item has an id yet"
                yield Finding(
                    prefill.source,
                    path,
                    f"evidence {ref!r} is not an id of this file's evidence; known: {known}",
                )


@rule("promotion-gap", "error", GROUP, per_file=True)
def check_promotion_gap(org: Org) -> Iterator[Finding]:
    """A promotion case states the gap that remains."""
    for prefill in org.prefills.values():
        if prefill.promotion is not None and not prefill.promotion.gap:
            yield Finding(
                prefill.source,
                ("promotion", "gap"),
                "state the gap that remains (write what is left to show, even if small)",
            )


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value: str | None) -> datetime.date | None:
    """A real YYYY-MM-DD date, or None (the schema reports malformed ones)."""
    if value is None or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


@rule("evidence-date", "warning", GROUP, per_file=True)
def check_dates(org: Org) -> Iterator[Finding]:
    """Evidence is dated inside its cycle's period."""
    for prefill in org.prefills.values():
        cycle = org.cycles.get(prefill.file_cycle)
        start, end = (_date(cycle.start), _date(cycle.end)) if cycle else (None, None)
        if cycle is None or start is None or end is None:
            continue
        for ev in prefill.evidence:
            when = _date(ev.date)
            if when is not None and not (start <= when <= end):
                yield Finding(
                    prefill.source,
                    (*ev.path, "date"),
                    f"dated {ev.date}, outside {cycle.id} ({cycle.start} to {cycle.end}); "
                    "move it to the cycle it belongs to or correct the date",
                )
