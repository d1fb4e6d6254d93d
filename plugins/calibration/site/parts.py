"""A site built in parts: which part of a split build writes whose pages.

An org whose site is too big for one CI job builds it as ``N`` parts, one job
each (``calib build --part K/N``), and one more job assembles them
(:mod:`calibration.site.assemble`). Every part renders the listed pages (the
navigation's, the same in every part, which is how the assembly checks the
parts agree) and the streamed pages (one per person and cycle, one per
promotion case) of its share of the org. The shares are whole teams, so a
team's pages come from one job, balanced by the number of people each part
writes pages for; every part works the shares out alike from the same data.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

_PART = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")
MAX_PARTS = 256
"""More jobs than a CI matrix runs at once would only queue."""


class PartError(ValueError):
    """A part given on the command line that cannot be built; the message says why."""


@dataclass(frozen=True)
class Part:
    """Part ``index`` (from 1) of a site built in ``count`` parts."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Part:
        """``"2/4"`` as a part; :class:`PartError` with what to write instead otherwise."""
        match = _PART.fullmatch(text)
        if match is None:
            raise PartError(f"part {text!r} is not of the form K/N (for example 2/4)")
        index, count = int(match[1]), int(match[2])
        if not 1 <= count <= MAX_PARTS:
            raise PartError(f"part {text!r}: the number of parts must be 1 to {MAX_PARTS}")
        if not 1 <= index <= count:
            raise PartError(f"part {text!r}: K must be between 1 and {count}")
        return cls(index, count)

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def share_units(units: Mapping[str, int], count: int) -> dict[str, int]:
    """Each unit's part (from 1): the biggest unit first, into the part with the least so far.

    ``units`` maps a unit (a team) to its weight (people to write pages for).
    Ties go to the lower part and, among equal units, to the name first in
    order, so every job of a split build computes the same shares.
    """
    loads = [0] * count
    shares: dict[str, int] = {}
    for unit, weight in sorted(units.items(), key=lambda item: (-item[1], item[0])):
        lightest = min(range(count), key=lambda i: (loads[i], i))
        loads[lightest] += weight
        shares[unit] = lightest + 1
    return shares


def part_of_people(
    teams: Mapping[str, str | None], weighed: Collection[str], count: int
) -> dict[str, int]:
    """Each handle's part (from 1), from each handle's team (None: no team).

    Every handle gets a part; a team weighs as many of its people as are in
    ``weighed`` (those whose pages the audience's site holds), so a manager's
    site in parts is balanced by the pages it really writes.
    """
    units: dict[str, int] = {}
    for handle, team in teams.items():
        units[team or ""] = units.get(team or "", 0) + (handle in weighed)
    shares = share_units(units, count)
    return {handle: shares[team or ""] for handle, team in teams.items()}


def describe(teams: Mapping[str, str | None], people: Iterable[str]) -> str:
    """What a part holds, for the build's last line: its teams and people, counted."""
    handles = set(people)
    held = {teams[h] or "" for h in handles if h in teams}
    return f"{len(held)} team(s), {len(handles)} people"


def marker_text(audience: str, part: Part | None) -> str:
    """What ``calib build`` writes in a site's marker file: the audience, and the part."""
    return f"audience: {audience}\n" + (f"part: {part}\n" if part is not None else "")


def read_marker(text: str) -> tuple[str | None, Part | None]:
    """The audience and part a marker file names (None where it names none)."""
    fields = dict(
        (key.strip(), value.strip())
        for key, sep, value in (line.partition(":") for line in text.splitlines())
        if sep
    )
    try:
        part = Part.parse(fields["part"]) if "part" in fields else None
    except PartError:
        part = None
    return fields.get("audience"), part
