"""Calibration cycles and what each decided, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Deadline:
    """A named date of a cycle."""

    name: str
    date: str


@dataclass
class Cycle:
    """A calibration cycle."""

    id: str
    name: str
    start: str | None
    end: str | None
    phase: str | None
    source: str
    ladder_version: str | None = None
    deadlines: list[Deadline] = field(default_factory=list)
    declared_id: str | None = None


@dataclass(frozen=True)
class CalibratedRating:
    """A final rating decided in the room."""

    person: str
    rating: str | None
    rationale: str
    path: tuple[str | int, ...]


@dataclass(frozen=True)
class PromotionDecision:
    """A promotion decision."""

    person: str
    to_level: str | None
    decision: str | None
    rationale: str
    path: tuple[str | int, ...]
    from_level: str | None = None


@dataclass(frozen=True)
class OutlierExplanation:
    """An explanation recorded for a flagged manager."""

    manager: str | None
    level: str | None
    explanation: str
    path: tuple[str | int, ...]


@dataclass
class Outcomes:
    """What a cycle decided."""

    cycle: str | None
    source: str
    folder: str = ""
    ratings: list[CalibratedRating] = field(default_factory=list)
    promotions: list[PromotionDecision] = field(default_factory=list)
    explanations: list[OutlierExplanation] = field(default_factory=list)
    _by_person: dict[str, CalibratedRating] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _indexed: int = field(default=-1, init=False, repr=False, compare=False)
    _approved: dict[str, list[PromotionDecision]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _approved_indexed: int = field(default=-1, init=False, repr=False, compare=False)

    def approved_for(self, handle: str) -> list[PromotionDecision]:
        """Approved promotion decisions about one person, in file order."""
        if self._approved_indexed != len(self.promotions):
            index: dict[str, list[PromotionDecision]] = {}
            for decision in self.promotions:
                if decision.decision == "approved":
                    index.setdefault(decision.person, []).append(decision)
            self._approved, self._approved_indexed = index, len(self.promotions)
        return self._approved.get(handle, [])

    def rating_of(self, handle: str) -> CalibratedRating | None:
        """The calibrated rating of one person (the first, if listed twice), or None."""
        return self._rating_index().get(handle)

    def _rating_index(self) -> dict[str, CalibratedRating]:
        # An index, rebuilt when entries were added, keeps a lookup per person
        # constant-time: rules ask once per engineer, which is quadratic otherwise.
        if self._indexed != len(self.ratings):
            index: dict[str, CalibratedRating] = {}
            for entry in self.ratings:
                index.setdefault(entry.person, entry)
            self._by_person, self._indexed = index, len(self.ratings)
        return self._by_person
