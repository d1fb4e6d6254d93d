"""The whole repository as one model, and the lookups every layer shares."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from calibration.model.cycles import Cycle, Outcomes
from calibration.model.people import Person, Prefill, Team
from calibration.model.rubric import Audience, Ladder, Scale, Settings, SiteAllowlist


@dataclass
class Org:
    """Everything the repository holds, as one model."""

    ladder: Ladder
    scale: Scale
    settings: Settings
    audiences: dict[str, Audience]
    teams: dict[str, Team]
    people: dict[str, Person]
    cycles: dict[str, Cycle]
    prefills: dict[tuple[str, str], Prefill]
    outcomes: dict[str, Outcomes]
    sources: dict[str, str] = field(default_factory=dict)
    ladders: dict[str, Ladder] = field(default_factory=dict)
    """Archived ladders (``rubric/ladders/<version>.yaml``) by version."""
    site_allowlist: SiteAllowlist = field(default_factory=SiteAllowlist)
    """Site configuration allowed although it runs code or sends data out."""

    def ladder_for(self, cycle_id: str | None) -> Ladder:
        """The ladder a cycle was calibrated against: its archived version, else the current one."""
        cycle = self.cycles.get(cycle_id) if cycle_id else None
        version = cycle.ladder_version if cycle is not None else None
        if version and version != self.ladder.version and version in self.ladders:
            return self.ladders[version]
        return self.ladder

    def find_cycle(self, cycle_id: str | None) -> Cycle | str:
        """The cycle named ``cycle_id`` (default: the current one), or why there is none."""
        if cycle_id is None:
            current = self.current_cycle()
            if current is None:
                return "there is no cycle yet; add one with `calib new cycle`"
            return current
        cycle = self.cycles.get(cycle_id)
        if cycle is None:
            known = ", ".join(sorted(self.cycles)) or "none"
            return f"there is no cycles/{cycle_id}/cycle.yaml (known: {known}); pick one of them"
        return cycle

    def cycles_in_order(self) -> list[Cycle]:
        """Cycles by period start (then id), oldest first."""
        return sorted(self.cycles.values(), key=lambda c: (c.start or "", c.id))

    def current_cycle(self) -> Cycle | None:
        """The newest cycle that is not closed, else the newest cycle."""
        ordered = self.cycles_in_order()
        open_cycles = [c for c in ordered if c.phase != "closed"]
        if open_cycles:
            return open_cycles[-1]
        return ordered[-1] if ordered else None

    def previous_cycle(self, cycle_id: str) -> Cycle | None:
        """The cycle just before ``cycle_id``, or None."""
        ordered = [c.id for c in self.cycles_in_order()]
        if cycle_id not in ordered:
            return None
        index = ordered.index(cycle_id)
        return self.cycles[ordered[index - 1]] if index > 0 else None

    def prefills_for(self, cycle_id: str) -> list[Prefill]:
        """Every pre-fill of a cycle, ordered by handle."""
        return sorted(
            (p for (h, c), p in self.prefills.items() if c == cycle_id), key=lambda p: p.handle
        )

    def evidence_roles(self, prefill: Prefill) -> set[str]:
        """The ``counts_as`` roles (delivery, impact, other) a pre-fill's evidence covers."""
        roles = set()
        for ev in prefill.evidence:
            dimension = self.ladder.dimension(ev.dimension)
            if dimension is not None and ev.statement:
                roles.add(dimension.counts_as)
        return roles

    def reports(self, manager: str) -> list[Person]:
        """Direct reports of ``manager``."""
        return sorted(
            (p for p in self.people.values() if p.manager == manager), key=lambda p: p.handle
        )

    def tree(self, manager: str) -> list[Person]:
        """Everyone below ``manager`` in the management chain (loops are cut)."""
        seen: set[str] = set()
        out: list[Person] = []
        stack = [manager]
        while stack:
            for person in self.reports(stack.pop()):
                if person.handle not in seen and person.handle != manager:
                    seen.add(person.handle)
                    out.append(person)
                    stack.append(person.handle)
        return sorted(out, key=lambda p: p.handle)

    def chain(self, handle: str) -> Iterator[Person]:
        """The managers above ``handle``, nearest first (stops on a loop)."""
        seen = {handle}
        person = self.people.get(handle)
        while person is not None and person.manager and person.manager not in seen:
            seen.add(person.manager)
            person = self.people.get(person.manager)
            if person is not None:
                yield person

    def final_rating(self, handle: str, cycle_id: str) -> str | None:
        """Calibrated rating when the cycle has one for ``handle``, else None."""
        outcomes = self.outcomes.get(cycle_id)
        entry = outcomes.rating_of(handle) if outcomes else None
        return entry.rating if entry else None
