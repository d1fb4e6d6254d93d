"""Promotion readiness: how far a case's evidence shows the target level's expectations.

Three tests, each stated as a reason:

1. coverage - every dimension assessed at the target level has cited evidence
   that is at least ``adequate``;
2. depth - at least ``strong_evidence_for_high`` cited items are strong *and*
   show above-level scope (the same bar a high rating meets in the room);
3. corroboration - at least half (and at least one) of the peer observations on
   the case's dimensions (all of them when none is tagged) name specific results
   (see :mod:`calibration.analysis.peers`).

``ready`` passes all three, ``close`` misses one, ``not-yet`` misses more, or
cites nothing usable. Levels compare by ``order``, never by name.
"""

from __future__ import annotations

from calibration.analysis.evidence import assess
from calibration.analysis.peers import corroborates
from calibration.analysis.types import Readiness
from calibration.analysis.words import WordLists
from calibration.model import Evidence, Ladder, Level, Org, Prefill

_RANK = {"weak": 0, "adequate": 1, "strong": 2}


def cited_items(prefill: Prefill) -> list[Evidence]:
    """The case's evidence: inline items, then cited ids resolved against the file."""
    if prefill.promotion is None:
        return []
    by_id = prefill.evidence_by_id()
    refs = [by_id[ref] for ref, _ in prefill.promotion.refs if ref in by_id]
    return [*prefill.promotion.evidence, *refs]


def _expectations(
    ladder: Ladder, target: Level, track: str | None
) -> list[tuple[str, tuple[str, ...]]]:
    out = []
    for dim in ladder.dimensions:
        if ladder.dimension_applies(dim, target.id, track):
            texts = tuple(e.text for e, _ in ladder.expectations_for(target.id, dim.id, track))
            out.append((dim.id, texts))
    return out


def _peers(prefill: Prefill, dims: set[str], words: WordLists) -> tuple[int, int]:
    tagged = [o for o in prefill.observations if o.dimension]
    chosen = [o for o in tagged if o.dimension in dims] if tagged else prefill.observations
    specific = sum(corroborates(o.observation, words) for o in chosen)
    return specific, len(chosen)


def _status(
    need: int, uncovered: list[str], strong: int, peers: tuple[int, int], cited: int
) -> tuple[str, list[str]]:
    specific, total = peers
    corroborated = specific >= 1 and specific * 2 >= total
    reasons = [
        "evidence covers every dimension of the target level"
        if not uncovered
        else f"no adequate or strong evidence for: {', '.join(uncovered)}",
        f"{strong} strong above-level item(s) cited; {need} needed"
        + ("" if strong >= need else ": add specific results that show above-level scope"),
        f"{specific} of {total} peer observation(s) on the case corroborate with specifics"
        + ("" if corroborated else ": ask peers who saw the work for what changed"),
    ]
    if cited == 0:
        return "not-yet", ["the case cites no evidence", *reasons[1:]]
    misses = sum((bool(uncovered), strong < need, not corroborated))
    return ("ready" if misses == 0 else "close" if misses == 1 else "not-yet"), reasons


def assess_case(
    org: Org,
    prefill: Prefill,
    words: WordLists,
    current: Level | None,
    ladder: Ladder | None = None,
) -> Readiness | None:
    """Readiness of one promotion case, or None when the file has no case or no known target.

    ``ladder`` is the one the cycle is calibrated against (the current ladder by default).
    """
    ladder = ladder or org.ladder
    promo = prefill.promotion
    person = org.people.get(prefill.handle)
    target = ladder.level(promo.target_level) if promo else None
    if promo is None or target is None:
        return None
    track = person.track if person else None
    name = person.name if person else ""
    expectations = _expectations(ladder, target, track)
    items = cited_items(prefill)
    assessed = [
        (ev, assess(ev.statement, words=words, evidence=ev, level=current, name=name))
        for ev in items
    ]
    best: dict[str, str] = {}
    for ev, result in assessed:
        if ev.dimension and _RANK[result.verdict] > _RANK.get(best.get(ev.dimension, ""), -1):
            best[ev.dimension] = result.verdict
    uncovered = [d for d, _ in expectations if best.get(d, "weak") == "weak"]
    strong = sum(r.verdict == "strong" and r.above_level for _, r in assessed)
    peers = _peers(prefill, {ev.dimension for ev in items if ev.dimension}, words)
    need = org.settings.strong_evidence_for_high
    status, reasons = _status(need, uncovered, strong, peers, len(items))
    if current is not None and target.order <= current.order:
        status, reasons = "not-yet", [f"target {target.id} is not above {current.id}", *reasons]
    return Readiness(
        handle=prefill.handle,
        current_level=current.id if current else None,
        target_level=target.id,
        status=status,
        reasons=(*reasons, f"stated gap: {promo.gap}" if promo.gap else "no gap stated"),
        covered=tuple((d, best.get(d, "")) for d, _ in expectations),
        expectations=tuple(expectations),
        peer_corroboration=peers[0],
        gap=promo.gap,
        peer_total=peers[1],
        strong_above=strong,
    )
