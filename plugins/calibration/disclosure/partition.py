"""Secondary suppression: split a published group into children no arithmetic can undo.

The published groups of one cycle form a hierarchy: the whole org, then
levels, then managers within a level. A child group that fails the
audience's rules is not shown on its own but counted in one "combined" row
with the other failing children; when that row would fail too, the children
with the fewest hidden people join it until it passes. The shown children and
the combined row then partition their parent exactly, so every published
number is a sum of the finest published groups, each of which passes the
rules: adding or subtracting published numbers can only give sums of those
groups, never less. A parent that is not published gets no children.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Group:
    """A candidate row: people and (for ratings) what each was rated."""

    key: str
    label: str
    handles: tuple[str, ...]
    ratings: tuple[str, ...] = ()

    @property
    def members(self) -> tuple[tuple[str, str], ...]:
        """(handle, rating) pairs, for the rules that look at ratings."""
        return tuple(zip(self.handles, self.ratings, strict=True))


@dataclass(frozen=True)
class Split:
    """The outcome of :func:`protect`, groups in their input order."""

    shown: tuple[Group, ...]
    small: tuple[Group, ...] = ()
    """Groups that fail the rules on their own."""
    merged: tuple[Group, ...] = ()
    """Groups that pass, but are counted in the combined row so that it passes too."""

    @property
    def pooled(self) -> tuple[Group, ...]:
        """Every group counted only in the combined row."""
        return (*self.small, *self.merged)


@dataclass(frozen=True)
class Cell:
    """One published row: what it counts, and which people it stands for.

    ``levels`` and ``managers`` describe the row's people as a reader would
    (None: any), so a table can say exactly whom a number is about.
    """

    label: str
    counts: tuple[int, ...]
    levels: tuple[str, ...] | None = None
    managers: tuple[str, ...] | None = None
    mean: float | None = None
    pooled: tuple[str, ...] = field(default=())
    """Labels of the groups counted together in this row (empty for a plain row)."""

    @property
    def total(self) -> int:
        """Number of people (or items) the row counts."""
        return sum(self.counts)


def protect(
    groups: Sequence[Group],
    passes: Callable[[Sequence[Group]], bool],
    hidden: Callable[[Group], int],
) -> Split:
    """Split ``groups`` (the children of a published parent) into shown and pooled.

    ``passes`` says whether a set of groups, taken together as one row, may be
    published; ``hidden`` counts a group's people the reader cannot see, so the
    groups that join the pool first are those that protect the least.
    """
    groups = [g for g in groups if g.handles]
    small = [g for g in groups if not passes([g])]
    shown = [g for g in groups if g not in small]
    merged: list[Group] = []
    while small and not passes([*small, *merged]):
        candidates = [g for g in shown if hidden(g) > 0]
        if not candidates:
            break
        smallest = min(candidates, key=lambda g: (hidden(g), g.label, g.key))
        shown.remove(smallest)
        merged.append(smallest)
    order = {g.key: i for i, g in enumerate(groups)}
    merged.sort(key=lambda g: order[g.key])
    return Split(tuple(shown), tuple(small), tuple(merged))
