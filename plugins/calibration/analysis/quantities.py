"""Read the quantities of a statement: money, percentages, multipliers, durations, rates, counts.

A quantity is a number with what it counts: ``$40K`` is forty thousand dollars,
``1.2M weekly users`` is 1,200,000 users, ``14 a week`` is a rate, ``3-5 days`` a
range, ``2 TB`` a size, ``3x`` a multiplier. Dates are not quantities: ``14
October``, ``2026`` and ``Q3`` are left out, so "from March to May" has none.

Only the grammar of numbers and units lives here; which nouns name a scope, an
activity or an effort is the rubric's word lists, read by the callers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache


def _split(text: str) -> frozenset[str]:
    """The words of a multi-line string, as a set (word lists read better as prose)."""
    return frozenset(text.split())


MONTHS = _split(
    """
    january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
_SMALL = {
    "zero": 0,
    "no": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "half": 0.5,
    "dozen": 12,
}
_SCALE = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9}
_SUFFIX = {"k": 1e3, "m": 1e6, "mn": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9}
_CURRENCY = {
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "usd": "USD",
    "eur": "EUR",
    "gbp": "GBP",
    "chf": "CHF",
    "cad": "CAD",
    "aud": "AUD",
    "jpy": "JPY",
    "inr": "INR",
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "GBP",
}
_DURATION = {
    "ms": 0.001,
    "msec": 0.001,
    "millisecond": 0.001,
    "milliseconds": 0.001,
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "day": 86400,
    "days": 86400,
    "working day": 86400,
    "working days": 86400,
    "business day": 86400,
    "business days": 86400,
    "week": 604800,
    "weeks": 604800,
    "sprint": 1209600,
    "sprints": 1209600,
    "month": 2629800,
    "months": 2629800,
    "quarter": 7889400,
    "quarters": 7889400,
    "year": 31557600,
    "years": 31557600,
}
_SIZE = {"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "pb": 1e15}
_PERCENT = ("percentage points", "per cent", "percent", "pp", "%")
_ATTACHED_ONLY = frozenset(("s", "h", "x", "k", "m", "b"))
_PERIODS = (
    "second|sec|minute|min|hour|hr|day|night|week|month|quarter|year|sprint|release|"
    "deploy|request|user|customer|engineer|team|service"
)
_RATE = re.compile(rf"\s*(?:/\s?|\bper\s+|\ba\s+|\ban\s+|\beach\s+|\bevery\s+)({_PERIODS})s?\b")
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_WORDS = "|".join(sorted([*_SMALL, *_SCALE], key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?<![\w.,/])(?<![a-z]-)(?P<cur>[$€£]\s?)?(?:(?P<digits>{_DIGITS})|"
    rf"(?P<words>\b(?:{_WORDS})(?:[\s-](?:{_WORDS}))*)(?![\w]))",
    re.IGNORECASE,
)
_MAGNITUDE = re.compile(r"(?:(k|mn|mm|m|bn|b)(?![\w])|\s(thousand|million|billion)\b)", re.I)
_CURRENCY_AFTER = re.compile(r"\s?(usd|eur|gbp|chf|cad|aud|jpy|inr|dollars?|euros?|pounds|€|\$)\b")
_CURRENCY_BEFORE = re.compile(r"\b(usd|eur|gbp|chf|cad|aud|jpy|inr)\s?$", re.I)
_WORD = re.compile(r"\s*([a-z][\w'’]*(?:-[\w]+)*)", re.I)
_A_DURATION = re.compile(
    r"\b(?:in|within|under|than|to|about|over|nearly|just|only)\s+((?:a|an)\s+"
    r"(second|minute|hour|day|week|month|quarter|year))\b",
    re.IGNORECASE,
)
_RANGE = re.compile(r"\s?(?:-|–|to|and)\s?", re.I)
_STOP = _split(
    """
    a an the of in on at to for from by with and or but as than that which who is are
    was were be been has have had it its this these those their our my his her we i they
    he she per each every more less over under into onto after before during since until
    """
)


@dataclass(frozen=True)
class Quantity:
    """One number with what it counts.

    ``kind`` is ``money``, ``percent``, ``multiplier``, ``duration``, ``size``,
    ``share`` ("12 of the 40 services": ``low`` of ``high``, counting ``unit``),
    ``measure`` (a number in one of the org's own units), ``count`` (a number
    with a noun, in ``unit``) or ``number`` (a bare one).
    ``value`` is in the written unit with K/M/B applied; ``base`` converts
    durations to seconds and sizes to bytes so two sides of a change compare.
    ``per`` names the period of a rate ("month" for "a month", "/month").
    """

    text: str
    start: int
    end: int
    value: float
    kind: str
    unit: str = ""
    per: str = ""
    low: float | None = None
    high: float | None = None

    @property
    def base(self) -> float:
        """The value in base units (seconds, bytes), for comparing two sides of a change."""
        factor = _DURATION.get(self.unit, 1.0) if self.kind == "duration" else 1.0
        if self.kind == "size":
            factor = _SIZE.get(self.unit.lower(), 1.0)
        return self.value * factor

    @property
    def measured(self) -> bool:
        """True when a unit makes the number a measurement (not a bare number or a count)."""
        return self.kind not in ("number", "count") or bool(self.per)


def _word_value(words: str) -> float | None:
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", words.lower()):
        if word in _SMALL:
            current += _SMALL[word]
        elif word in _SCALE:
            current = (current or 1) * _SCALE[word]
            if _SCALE[word] >= 1e3:
                total, current = total + current, 0.0
        else:
            return None
    return total + current


def _is_date(text: str, start: int, end: int, digits: str) -> bool:
    """ "14 October", "October 14", "2026": a day or a year, not a quantity."""
    before = re.search(r"([a-z]+)\.?\s+$", text[max(0, start - 12) : start].lower())
    after = _WORD.match(text, end)
    if after and after.group(1).lower() in MONTHS:
        return True
    if before and before.group(1) in MONTHS:
        return True
    return bool(re.fullmatch(r"(?:19|20)\d\d", digits)) and text[end : end + 1] != "%"


@lru_cache(maxsize=32)
def _units(extra: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every unit a number may carry (longest first, so "ms" wins over
    "m"), and the kind of each unit."""
    kinds = {u: "percent" for u in _PERCENT}
    kinds |= {u: "duration" for u in _DURATION}
    kinds |= {u: "size" for u in _SIZE}
    kinds |= {"x": "multiplier", "times": "multiplier"}
    kinds |= {u: "money" for u in _CURRENCY if u not in "$€£"}
    kinds |= {u.lower(): "measure" for u in extra if u.strip()}
    alternatives = "|".join(re.escape(u) for u in sorted(kinds, key=len, reverse=True))
    return re.compile(rf"([ -]*)({alternatives})", re.IGNORECASE), kinds


def _unit_at(text: str, pos: int, extra: tuple[str, ...]) -> tuple[str, str, int] | None:
    """(kind, unit, end) of a unit written right after a number, if any."""
    pattern, kinds = _units(extra)
    found = pattern.match(text, pos)
    if found is None:
        return None
    gap, unit = found.group(1), found.group(2).lower()
    tail = text[found.end() : found.end() + 1]
    if unit in _ATTACHED_ONLY and gap:
        return None
    if unit != "%" and tail and (tail.isalnum() or tail == "-"):
        return None
    kind = kinds[unit]
    if kind == "multiplier" and unit == "times" and not _comparative_after(text[found.end() :]):
        return None
    norm = "%" if kind == "percent" else _CURRENCY.get(unit, unit)
    return kind, norm, found.end()


def _comparative_after(rest: str) -> bool:
    word = _WORD.match(rest)
    return word is not None and (word.group(1).lower().endswith("er") or word.group(1) == "as")


def _noun_at(text: str, pos: int) -> tuple[str, int] | None:
    """The counted noun within the next three words ("6 payment markets" -> markets)."""
    at = pos
    for _ in range(3):
        word = _WORD.match(text, at)
        if word is None or text[at : word.start(1)].strip():
            return None
        token = word.group(1).lower()
        if token in _STOP or token in MONTHS:
            return None
        at = word.end()
        if token.endswith("s") and not token.endswith(("ss", "'s", "us")) and len(token) > 2:
            return token, at
    return None


def _number(match: re.Match[str]) -> float | None:
    if match.group("digits"):
        return float(match.group("digits").replace(",", ""))
    return _word_value(match.group("words"))


def _read(text: str, match: re.Match[str], extra: tuple[str, ...]) -> Quantity | None:
    value = _number(match)
    if value is None:
        return None
    start, end = match.start(), match.end()
    currency = _CURRENCY.get((match.group("cur") or "").strip(), "")
    before = _CURRENCY_BEFORE.search(text[max(0, start - 5) : start])
    if before and not currency:
        currency, start = _CURRENCY[before.group(1).lower()], start - len(before.group(0))
    magnitude = _MAGNITUDE.match(text, end)
    if magnitude:
        value *= _SUFFIX.get((magnitude.group(1) or "").lower(), 0) or _SCALE.get(
            (magnitude.group(2) or "").lower(), 1
        )
        end = magnitude.end()
    elif _is_date(text, start, end, match.group("digits") or ""):
        return None
    found = _finish(text, start, end, value, currency, extra)
    if found.end == end and text[end : end + 1].isalpha():
        return None  # "1st", "2FA": a number glued to a word that is not a unit
    return found


def _finish(
    text: str, start: int, end: int, value: float, currency: str, extra: tuple[str, ...]
) -> Quantity:
    kind, unit = ("money", currency) if currency else ("number", "")
    after = _CURRENCY_AFTER.match(text, end) if not currency else None
    unit_at = None if currency else _unit_at(text, end, extra)
    if after and (unit_at is None or unit_at[0] == "money"):
        kind, unit, end = "money", _CURRENCY[after.group(1).lower()], after.end()
    elif unit_at is not None:
        kind, unit, end = unit_at
    if kind == "number":
        noun = _noun_at(text, end)
        if noun is not None:
            kind, unit, end = "count", noun[0], noun[1]
    rate = _RATE.match(text, end)
    per = ""
    if rate and kind != "duration":
        per, end = rate.group(1).lower(), rate.end()
    return Quantity(text[start:end], start, end, value, kind, unit, per)


def _merge_range(first: Quantity, second: Quantity, text: str) -> Quantity | None:
    between = text[first.end : second.start]
    if first.kind != "number" or not _RANGE.fullmatch(between):
        return None
    joint = between.strip().lower()
    lead = text[max(0, first.start - 20) : first.start].lower()
    if joint == "to" and re.search(r"\bfrom\s+(?:\S+\s+)?$", lead):
        return None  # "from 3 to 5 days" is a change, not a range
    if joint == "and" and not re.search(r"\bbetween\s+$", lead):
        return None
    low, high = first.value, second.value
    return Quantity(
        text[first.start : second.end],
        first.start,
        second.end,
        (low + high) / 2,
        second.kind,
        second.unit,
        second.per,
        low,
        high,
    )


_SHARE = re.compile(r"\s+(?:in|out\s+of|of(?:\s+the|\s+all|\s+our|\s+its|\s+their)?)\s+", re.I)


def _merge_share(first: Quantity, second: Quantity, text: str) -> Quantity | None:
    """ "12 of the 40 services", "one in ten": a share, measured like a percentage."""
    if first.kind != "number" or second.kind not in ("number", "count") or not second.value:
        return None
    if not _SHARE.fullmatch(text[first.end : second.start]) or first.value > second.value:
        return None
    return Quantity(
        text[first.start : second.end],
        first.start,
        second.end,
        first.value / second.value,
        "share",
        second.unit,
        second.per,
        first.value,
        second.value,
    )


_NOT_NOUNS = frozenset(("longer", "one", "more", "less", "matter", "doubt", "way", "idea", "time"))


def _zero(text: str, match: re.Match[str]) -> Quantity | None:
    """ "no downtime", "zero lost messages": a count of nothing, which is a result."""
    word = _WORD.match(text, match.end())
    if word is None or text[match.end() : word.start(1)].strip():
        return None
    noun = word.group(1).lower()
    if noun in _STOP or noun in _NOT_NOUNS or noun in _SMALL:
        return None
    plural = _noun_at(text, match.end())
    end, unit = (plural[1], plural[0]) if plural else (word.end(), noun)
    return Quantity(text[match.start() : end], match.start(), end, 0.0, "count", unit)


def _raw(text: str, extra: tuple[str, ...]) -> Iterator[Quantity]:
    for match in _A_DURATION.finditer(text):
        unit = match.group(2).lower()
        yield Quantity(match.group(1), match.start(1), match.end(), 1.0, "duration", unit)
    for match in _NUMBER.finditer(text):
        if match.group("words") and match.group("words").lower() in ("no", "zero"):
            zero = _zero(text, match)
            if zero is not None:
                yield zero
                continue
            if match.group("words").lower() == "no":
                continue
        found = _read(text, match, extra)
        if found is not None:
            yield found


def extract_quantities(text: str, extra_units: Iterable[str] = ()) -> list[Quantity]:
    """Every quantity of ``text``, in order; ranges ("3-5 days") become one quantity.

    ``extra_units`` are the org's own units (from the rubric's ``units`` list);
    a number followed by one is a measurement like any other.
    """
    found: list[Quantity] = []
    for quantity in sorted(_raw(text, tuple(extra_units)), key=lambda q: q.start):
        if found and quantity.start < found[-1].end:
            continue
        merged = None
        if found:
            merged = _merge_range(found[-1], quantity, text) or _merge_share(
                found[-1], quantity, text
            )
        if merged is not None:
            found[-1] = merged
        else:
            found.append(quantity)
    return found
