"""Find the before-and-after changes a statement states in numbers.

A change is two quantities or one quantity and a direction:

* ``from-to``: "from 38 pages a week to 11", "from about 6,200 to 2,900 EUR a month"
  (a bare side takes the other side's unit); ``arrow``: "900 ms -> 120 ms";
* ``instead-of``: "in one working day instead of three";
* ``down-from`` / ``up-from``: "under a second, down from three";
* ``relative``: "40% fewer", "3x faster", "cut ... by 35%", "fell 18%";
* ``multiplier``: "halved", "doubled", "twice as many ... as last quarter".

``direction`` is ``down`` or ``up`` when the numbers or the words say which way
the measure moved, else empty. Which measure moved, and whether it is an
outcome, is decided by the caller from the words around the change.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from calibration.analysis.quantities import Quantity


def _split(text: str) -> frozenset[str]:
    """The words of a multi-line string, as a set (word lists read better as prose)."""
    return frozenset(text.split())


_HEDGE = (
    r"(?:(?:about|around|roughly|nearly|almost|over|under|below|just|only|some|~|"
    r"less than|more than)\s*)*"
)
_FROM = re.compile(rf"\bfrom\s+{_HEDGE}(?:an?\s+|the\s+)?$", re.I)
_TO = re.compile(rf"^[^.;:!?]{{0,48}}?\bto\s+{_HEDGE}$", re.I)
_ARROW = re.compile(r"^\s*(?:→|->|=>)\s*$")
_INSTEAD = re.compile(rf"^[^.;:!?]{{0,40}}?\binstead\s+of\s+{_HEDGE}(?:the\s+)?$", re.I)
_INSTEAD_ANY = re.compile(r"\binstead\s+of\b", re.I)
_INSTEAD_NEAR = re.compile(r"^[^.;:!?]{0,12}?\binstead\s+of\b", re.I)
_DOWN_FROM = re.compile(rf"\b(down|up)\s+from\s+{_HEDGE}$", re.I)
_LESS = _split(
    """
    fewer lower less cheaper smaller shorter faster quicker sooner down leaner
    """
)
_MORE = _split(
    """
    more higher larger bigger greater up longer slower
    """
)
_COMPARATIVE = re.compile(r"\s*([a-z]+)\b", re.I)
_BY = re.compile(rf"\b(?:by|of)\s+{_HEDGE}$", re.I)
_TWICE = re.compile(
    r"\b(twice|half|(?:two|three|four|five|ten|\d+)\s*(?:x|times))\s+as\s+"
    r"(many|much|often|fast|quickly|long|few|little)\b",
    re.I,
)
_MULTIPLIED = {
    "halved": "down",
    "halve": "down",
    "doubled": "up",
    "tripled": "up",
    "quadrupled": "up",
    "tenfold": "up",
}
_MULTIPLIED_RE = re.compile(r"\b(" + "|".join(_MULTIPLIED) + r")\b", re.I)
_CLAUSE_END = re.compile(r"[.;:!?](?:\s|$)")


@dataclass(frozen=True)
class Change:
    """A stated before and after (or a stated move) of one measure."""

    text: str
    start: int
    end: int
    kind: str
    direction: str = ""
    before: Quantity | None = None
    after: Quantity | None = None


def _same_unit(first: Quantity, second: Quantity) -> tuple[Quantity, Quantity]:
    """A bare side takes the other side's unit: "from 14 a week to 3" is 3 a week."""
    if first.kind == "number" and second.kind != "number":
        first = replace(first, kind=second.kind, unit=second.unit, per=first.per or second.per)
    elif second.kind == "number" and first.kind != "number":
        second = replace(second, kind=first.kind, unit=first.unit, per=second.per or first.per)
    return first, second


def _direction(before: Quantity, after: Quantity) -> str:
    if before.kind != after.kind or before.base == after.base:
        return ""
    return "down" if after.base < before.base else "up"


def _pair(text: str, kind: str, first: Quantity, second: Quantity, start: int) -> Change:
    before, after = _same_unit(first, second)
    end = max(first.end, second.end)
    return Change(text[start:end], start, end, kind, _direction(before, after), before, after)


def _pairs(text: str, quantities: list[Quantity]) -> Iterator[Change]:
    for first, second in itertools.pairwise(quantities):
        between = text[first.end : second.start]
        came_from = _FROM.search(text[max(0, first.start - 40) : first.start])
        if came_from and _TO.match(between):
            yield _pair(text, "from-to", first, second, first.start - len(came_from.group(0)))
        elif _ARROW.match(between):
            yield _pair(text, "arrow", first, second, first.start)
        elif _INSTEAD.match(between):
            after, before = _same_unit(first, second)
            end = second.end
            yield Change(
                text[first.start : end],
                first.start,
                end,
                "instead-of",
                _direction(before, after),
                before,
                after,
            )


def _moved_from(text: str, quantities: list[Quantity]) -> Iterator[Change]:
    """ "under a second, down from three": the quantity just before is the after."""
    for index, before in enumerate(quantities):
        found = _DOWN_FROM.search(text[max(0, before.start - 40) : before.start])
        if found is None:
            continue
        lead = before.start - len(found.group(0))
        after = quantities[index - 1] if index else None
        if after is not None and lead - after.end > 60:
            after = None
        start = after.start if after is not None else lead
        if after is not None:
            before, after = _same_unit(before, after)
        direction = "down" if found.group(1).lower() == "down" else "up"
        yield Change(
            text[start : before.end], start, before.end, "down-from", direction, before, after
        )


def _one_sided(text: str, quantities: list[Quantity]) -> Iterator[Change]:
    """ "within ten minutes instead of the next morning": one measured side still counts."""
    for quantity in quantities:
        found = _INSTEAD_NEAR.match(text[quantity.end : quantity.end + 48])
        if found is not None:
            end = quantity.end + len(found.group(0))
            yield Change(
                text[quantity.start : end], quantity.start, end, "instead-of", "", None, quantity
            )


def _relative(
    text: str, quantities: list[Quantity], decrease: frozenset[str], increase: frozenset[str]
) -> Iterator[Change]:
    for quantity in quantities:
        if quantity.kind not in ("percent", "multiplier") and quantity.text.lower() != "half":
            continue
        word = _COMPARATIVE.match(text, quantity.end)
        direction = ""
        if word and word.group(1).lower() in _LESS:
            direction = "down"
        elif word and word.group(1).lower() in _MORE:
            direction = "up"
        else:
            direction = _verb_direction(text, quantity, decrease, increase)
        if direction:
            end = word.end() if word and word.group(1).lower() in _LESS | _MORE else quantity.end
            yield Change(
                text[quantity.start : end],
                quantity.start,
                end,
                "relative",
                direction,
                None,
                quantity,
            )


def _verb_direction(
    text: str, quantity: Quantity, decrease: frozenset[str], increase: frozenset[str]
) -> str:
    """ "cut the bill by 35%", "went up 18%": the verb before the number says which way."""
    lead = text[max(0, quantity.start - 60) : quantity.start]
    lead = _CLAUSE_END.split(lead)[-1]
    words = re.findall(r"[a-z]+", lead.lower())
    if not _BY.search(lead) and len(words) > 3 and not set(words[-3:]) & (decrease | increase):
        return ""
    for word in reversed(words):
        if word in decrease or word == "down":
            return "down"
        if word in increase or word == "up":
            return "up"
    return ""


def _multiplied(text: str) -> Iterator[Change]:
    for match in _MULTIPLIED_RE.finditer(text):
        direction = _MULTIPLIED[match.group(1).lower()]
        yield Change(match.group(0), match.start(), match.end(), "multiplier", direction)
    for match in _TWICE.finditer(text):
        down = match.group(1).lower() == "half" or match.group(2).lower() in ("few", "little")
        yield Change(
            match.group(0), match.start(), match.end(), "multiplier", "down" if down else "up"
        )


def find_changes(
    text: str,
    quantities: list[Quantity],
    *,
    decrease: frozenset[str] = frozenset(),
    increase: frozenset[str] = frozenset(),
) -> list[Change]:
    """Every change stated in ``text`` (its quantities already read), in order of position.

    ``decrease`` and ``increase`` are verbs that say which way a bare number moved
    ("cut by 35%", "grew 18%").
    """
    found = [
        *_pairs(text, quantities),
        *_moved_from(text, quantities),
        *_relative(text, quantities, decrease, increase),
        *_multiplied(text),
        *_one_sided(text, quantities),
    ]
    taken: list[Change] = []
    for change in sorted(found, key=lambda c: (c.start, -(c.end - c.start))):
        if all(change.end <= t.start or change.start >= t.end for t in taken):
            taken.append(change)
    return taken


def has_instead_of(text: str) -> bool:
    """True when the text contrasts two states with "instead of"."""
    return bool(_INSTEAD_ANY.search(text))
