"""The rules a release applies, read from one audience of ``rubric/audiences.yaml``.

A group of people may be published (its counts, shares, mean) only when the
people in it that the reader cannot already see individually:

- number at least ``k`` (the threshold rule; a manager's own tree is
  subtracted first, since that reader knows those ratings anyway);
- hold at least ``min_distinct`` different ratings (l-diversity: a group
  whose hidden people all share one rating tells each of them);
- leave no rating above ``max_share`` percent of them (an optional dominance
  rule, for orgs that also want to avoid "almost everyone").

Every reader may also be one of the people counted, and knows their own
rating once they are told it: with ``insiders`` on (the default), the
diversity rule must still hold with any one hidden person taken out, so a
group "nine Meets, one Exceeds" does not tell its one Exceeds everyone
else's rating.

A group whose people the reader can all see is published as it is: it tells
nothing new.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from calibration.model import Audience, Cycle

PROPOSED = "proposed"
FINAL = "final"


@dataclass(frozen=True)
class Policy:
    """What one audience may be told about groups of people it cannot see one by one."""

    full: bool
    """True for a reader who sees every rating: nothing needs protecting."""
    k: int = 4
    min_distinct: int = 2
    max_share: int | None = None
    open_cycles: bool = False
    insiders: bool = True
    visible: frozenset[str] = frozenset()
    """People whose ratings this reader already sees individually."""

    @classmethod
    def for_audience(cls, audience: Audience, visible: Iterable[str]) -> Policy:
        """The policy of ``audience``; ``visible`` are the people whose records it shows."""
        return cls(
            full=audience.sees_every_rating,
            k=max(1, audience.min_group_size),
            min_distinct=max(1, audience.min_distinct_ratings),
            max_share=audience.max_share,
            open_cycles=audience.open_cycle_aggregates,
            insiders=audience.readers_know_own_rating,
            visible=frozenset(visible) if audience.may_see("ratings") else frozenset(),
        )

    def hidden(self, handles: Iterable[str]) -> int:
        """How many of ``handles`` this reader cannot see individually."""
        return sum(1 for h in handles if h not in self.visible)

    def may_count(self, handles: Sequence[str]) -> bool:
        """Threshold rule alone, for counts that say nothing about ratings (files, items)."""
        hidden = self.hidden(handles)
        return self.full or hidden == 0 or hidden >= self.k

    def may_publish(self, members: Sequence[tuple[str, str]]) -> bool:
        """All three rules for a group of (handle, rating) pairs."""
        if self.full:
            return True
        hidden = Counter(rating for handle, rating in members if handle not in self.visible)
        size = sum(hidden.values())
        if size == 0:
            return True
        if size < self.k or len(hidden) < self.min_distinct:
            return False
        # A reader alone with their rating in the group takes that rating out of it.
        if self.insiders and 1 in hidden.values() and len(hidden) - 1 < self.min_distinct:
            return False
        return self.max_share is None or max(hidden.values()) * 100 <= self.max_share * size

    def kinds(self, cycle: Cycle, has_final: bool) -> tuple[str, ...]:
        """Which ratings of ``cycle`` may be aggregated for this reader.

        Outside the room, a closed cycle shows its final ratings only (its
        proposed ones would be a second, related release of the same people)
        and an open cycle shows proposed ratings only when the audience allows it.
        """
        if self.full:
            return (PROPOSED, FINAL) if has_final else (PROPOSED,)
        if cycle.phase == "closed":
            return (FINAL,) if has_final else ()
        return (PROPOSED,) if self.open_cycles else ()
