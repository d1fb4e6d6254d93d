"""Read what a statement measures: outcomes, and the effort, activity and adjectives that are not.

A **measure** is something the statement says changed or came out of the work:
a change in numbers ("from 38 pages a week to 11", "40% fewer"), a measured
result (money, a percentage, a rate, a share, "in 22 minutes", "zero lost
messages"), the item's ``metrics.before``/``after``, or a change in words ("no
longer", "instead of", "now"). Each is classed by the words of its clause:

* ``outcome`` - a measure that changed for someone: latency, incidents, cost,
  time to do something, errors, adoption, revenue;
* ``effort`` - hours, nights, weekends, time logged or spent;
* ``activity`` - work done counted: tickets closed, reviews, pull requests;
* ``adjectives`` - a change in words that only describes ("calm instead of
  chaotic", "from zero to full buy-in");
* ``period`` - "from March to May": when, not a before and after.

A measure that went **down** is an outcome whatever it counts (fewer pages,
fewer tickets, less time): less work needed is a result, more work done is not.
Only outcomes count towards a strong statement; the rest are kept as signals
so the hint can say what to write instead.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from calibration.analysis.changes import Change, find_changes
from calibration.analysis.matching import PhraseIndex, find_phrases, index_phrases, tokenize
from calibration.analysis.quantities import MONTHS, Quantity, extract_quantities
from calibration.analysis.words import WordLists
from calibration.model import Evidence


def _split(text: str) -> frozenset[str]:
    """The words of a multi-line string, as a set (word lists read better as prose)."""
    return frozenset(text.split())


_CLAUSE = re.compile(
    r"[.;:!?](?=\s|$)|,(?=\s)|\s[-–—]\s|[()]|"
    r"\s(?:and|but|while|whereas|which|so|because|then|although|though|where)\s",
    re.IGNORECASE,
)
_FILLER = _split(
    """
    than last previous quarter year month week half before as many much more less fewer
    times the a an of in on to from by it that this anyone anybody else everyone others
    peers average one two three four five six seven eight nine ten twice double triple
    """
)
_RESULT_BEFORE = re.compile(
    r"\b(?:in|within|under|to|than|takes?|took|of|down\s+to|less\s+than|just)\s+"
    r"(?:about\s+|around\s+|roughly\s+|only\s+|under\s+|just\s+)?$",
    re.IGNORECASE,
)
_PERIOD_BEFORE = re.compile(
    r"\b(?:for|over|during|after|since|every|each|per|(?:in|within)\s+the\s+(?:first|last|next))"
    r"\s+(?:about\s+|around\s+|roughly\s+)?$",
    re.IGNORECASE,
)
_RESULT_AFTER = re.compile(
    r"^\s+(?:early|ahead|sooner|earlier|late|later|faster|before\s+the|after\s+the|of\s+downtime)\b",
    re.IGNORECASE,
)
_WORK_SPAN = re.compile(r"^\s*(?:weeks?|days?|shifts?|nights?)\b", re.IGNORECASE)
_WORDY_FROM_TO = re.compile(
    r"\bfrom\s+((?:[\w'-]+\s+){0,3}?[\w'-]+)\s+to\s+((?:[\w'-]+\s+){0,2}?[\w'-]+)\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_SHARES = frozenset(("percent", "share"))


@dataclass(frozen=True)
class Measure:
    """One thing the statement says changed or resulted, and what kind of thing it is."""

    text: str
    kind: str  # outcome, effort, activity, adjectives, period
    measured: bool  # shown in numbers, not only in words
    direction: str = ""


@dataclass
class _Statement:
    """One statement with its listed phrases found once, each with where it starts."""

    text: str
    words: WordLists
    hits: dict[str, list[tuple[str, int]]]  # list name -> (phrase, character offset)
    tokens: list[str] = field(default_factory=list)

    def listed(self, name: str, span: tuple[int, int] | None = None) -> list[str]:
        """The phrases of list ``name`` found in the statement, or in ``span`` of it."""
        found = self.hits.get(name, ())
        if span is None:
            return [phrase for phrase, _ in found]
        return [phrase for phrase, at in found if span[0] <= at < span[1]]


_TOKEN = re.compile(r"[%$€£]|[\w]+(?:[-'’][\w]+)*|[.;:!?()\[\]]")
"""Words as :func:`calibration.analysis.matching.tokenize` reads them, with their offsets."""


def _statement(text: str, words: WordLists) -> _Statement:
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer: offsets would drift
        lowered = text
    found = [(m.group(0).lower().replace("’", "'"), m.start()) for m in _TOKEN.finditer(lowered)]
    tokens = [token for token, _ in found]
    hits: dict[str, list[tuple[str, int]]] = {}
    for match in find_phrases(tokens, _indexes(words)):
        hits.setdefault(match.list_name, []).append((match.phrase, found[match.positions[0]][1]))
    return _Statement(text, words, hits, tokens)


@dataclass
class Reading:
    """Everything read from one statement that the verdict needs."""

    quantities: list[Quantity]
    changes: list[Change]
    measures: list[Measure] = field(default_factory=list)
    signals: list[tuple[str, str]] = field(default_factory=list)  # (kind, words) not counted
    statement: _Statement | None = field(default=None, repr=False, compare=False)

    @property
    def tokens(self) -> list[str]:
        """The statement's words, as :func:`calibration.analysis.matching.tokenize` gives them."""
        return self.statement.tokens if self.statement is not None else []

    def classify(self, phrase: str) -> str:
        """The kind of measure a listed word speaks of, from its own clause ("outcome")."""
        assert self.statement is not None
        return _classify(self.statement, phrase)

    def outcomes(self, *, measured: bool | None = None) -> list[Measure]:
        """The measures that count, optionally only those in numbers (or only in words)."""
        return [
            m
            for m in self.measures
            if m.kind == "outcome" and (measured is None or m.measured == measured)
        ]


def _indexes(words: WordLists) -> PhraseIndex:
    cached = words.cache.get("reading")
    if isinstance(cached, dict):
        return cached
    index = index_phrases(
        {
            name: words.get(name)
            for name in (
                "effort_words",
                "activity_words",
                "vague_states",
                "change_phrases",
                "decrease_words",
                "increase_words",
            )
        }
    )
    words.cache["reading"] = index
    return index


def _clause(text: str, position: int) -> tuple[int, int]:
    """The clause around ``position``; a clause of only numbers takes the one before too."""
    bounds = [0, *(m.end() for m in _CLAUSE.finditer(text)), len(text) + 1]
    for left, right in itertools.pairwise(bounds):
        if left <= position < right:
            content = [
                t for t in re.findall(r"[a-z][\w'-]*", text[left:right].lower()) if t not in _FILLER
            ]
            if len(content) <= 1 and left > 0:
                return max(b for b in bounds if b < left), right
            return left, right
    return 0, len(text) + 1


_SEEN_LIMIT = 20_000
"""Texts whose phrases are remembered per word lists (a clause is read several times)."""


def _hits(text: str, words: WordLists, list_name: str) -> list[str]:
    seen = words.cache.setdefault("reading_hits", {})
    assert isinstance(seen, dict)
    found = seen.get(text)
    if found is None:
        if len(seen) >= _SEEN_LIMIT:
            seen.clear()
        found = {}
        for match in find_phrases(tokenize(text), _indexes(words)):
            found.setdefault(match.list_name, []).append(match.phrase)
        seen[text] = found
    return list(found.get(list_name, ()))


def _kind(read: _Statement, span: tuple[int, int], direction: str, *, share: bool = False) -> str:
    """``share``: the measure is a percentage of something ("pages closed without
    escalation went from 40% to 75%"), a rate of success, never a count of work."""
    if direction == "down":
        return "outcome"
    if read.listed("effort_words", span):
        return "effort"
    if not share and read.listed("activity_words", span):
        return "activity"
    return "outcome"


def _direction(read: _Statement, span: tuple[int, int]) -> str:
    if read.listed("decrease_words", span):
        return "down"
    return "up" if read.listed("increase_words", span) else ""


def _is_result(text: str, quantity: Quantity) -> bool:
    """A quantity that stands for a result on its own, not a scope, a period or a bare count."""
    if quantity.kind in ("money", "percent", "multiplier", "share", "size", "measure"):
        return True
    if quantity.per:
        return True
    if quantity.kind == "count":
        return quantity.value == 0
    if quantity.kind != "duration":
        return False
    lead = text[max(0, quantity.start - 24) : quantity.start]
    if _PERIOD_BEFORE.search(lead):
        return False
    return bool(_RESULT_BEFORE.search(lead) or _RESULT_AFTER.match(text[quantity.end :]))


def _effort_span(text: str, quantity: Quantity) -> bool:
    """ "60-hour weeks", "12-hour days": a duration that describes the work, not a result."""
    return quantity.kind == "duration" and bool(_WORK_SPAN.match(text[quantity.end :]))


def _numeric(reading: Reading, read: _Statement) -> None:
    text = read.text
    for change in reading.changes:
        span = _clause(text, change.start)
        sides = [q for q in (change.before, change.after) if q is not None]
        share = change.kind != "relative" and all(q.kind in _SHARES for q in sides) and bool(sides)
        kind = _kind(read, span, change.direction, share=share)
        reading.measures.append(Measure(change.text, kind, True, change.direction))
    for quantity in reading.quantities:
        if any(c.start <= quantity.start < c.end for c in reading.changes):
            continue
        if _effort_span(text, quantity):
            reading.signals.append(("effort", text[quantity.start : quantity.end + 6].strip()))
            continue
        if not _is_result(text, quantity):
            continue
        span = _clause(text, quantity.start)
        direction = _direction(read, span)
        kind = _kind(read, span, direction, share=quantity.kind in _SHARES)
        reading.measures.append(Measure(quantity.text, kind, True, direction))


def _around(text: str, phrase: str) -> str:
    """The few words either side of a phrase, inside its clause: what the change says."""
    at = _find(text, phrase)
    if at < 0:
        return ""
    after = _CLAUSE.split(text[at + len(phrase) : at + len(phrase) + 60])[0].split()[:5]
    if len(after) >= 2:
        return " ".join([phrase, *after])
    # "things are much better now": the state comes before a phrase that ends the clause
    before = _CLAUSE.split(text[max(0, at - 40) : at])[-1].split()[-3:]
    return " ".join([*before, phrase, *after])


def _find(text: str, phrase: str) -> int:
    found = re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text, re.IGNORECASE)
    return found.start() if found else -1


def _classify(read: _Statement, phrase: str) -> str:
    at = max(0, _find(read.text, phrase))
    span = _clause(read.text, at)
    own = (at, at + len(phrase))
    return _kind(read, span, _direction(read, own) or _direction(read, span))


def _in_words(reading: Reading, read: _Statement) -> None:
    """Changes stated in words ("no longer", "instead of", "now"), unless they only describe."""
    text, words = read.text, read.words
    described = _wordy_from_to(reading, text, words)
    for phrase in dict.fromkeys(read.listed("change_phrases")):
        at = _find(text, phrase)
        if any(start <= at < end for start, end in described):
            continue
        around = _around(text, phrase)
        vague = _hits(around, words, "vague_states")
        if vague and not _DIGIT.search(around):
            reading.signals.append(("adjectives", f"{phrase}: {', '.join(vague)}"))
            continue
        reading.measures.append(Measure(phrase, _classify(read, phrase), False))


def _wordy_from_to(reading: Reading, text: str, words: WordLists) -> list[tuple[int, int]]:
    """ "from March to May", "from chaotic to calm": spans that are not a before and after."""
    spans = []
    for match in _WORDY_FROM_TO.finditer(text):
        sides = (match.group(1).lower(), match.group(2).lower())
        if any(_DIGIT.search(side) for side in sides):
            continue
        if any(set(side.split()) & MONTHS for side in sides):
            reading.signals.append(("period", match.group(0)))
        elif any(_hits(side, words, "vague_states") for side in sides) or "zero" in sides[0]:
            reading.signals.append(("adjectives", match.group(0)))
        else:
            continue
        spans.append((max(0, match.start() - 12), match.end()))
    return spans


def _fields(reading: Reading, evidence: Evidence | None, words: WordLists) -> None:
    """The item's ``metrics.before`` and ``after`` count like a change in the statement."""
    if evidence is None or not (evidence.before and evidence.after):
        return
    both = f"{evidence.before} -> {evidence.after}"
    if not _DIGIT.search(both) and _hits(both, words, "vague_states"):
        reading.signals.append(("adjectives", both))
        return
    sides = [extract_quantities(side) for side in (evidence.before, evidence.after)]
    direction = ""
    if sides[0] and sides[1] and sides[0][0].kind == sides[1][0].kind:
        first, last = sides[0][0].base, sides[1][0].base
        direction = "down" if last < first else "up" if last > first else ""
    kind = _kind(_statement(both, words), (0, len(both) + 1), direction)
    measured = all(sides) or bool(_DIGIT.search(evidence.before) and _DIGIT.search(evidence.after))
    reading.measures.append(Measure("metrics before/after", kind, measured, direction))


def _signals(reading: Reading, read: _Statement) -> None:
    """Effort anywhere in the statement, and adjectives where no measure stands, for the hints.

    Activity words alone ("reviewed the design") are no claim of a result; they
    become a signal only when a count or change of them stands in for one.
    """
    lists = [("effort", "effort_words")]
    if not reading.outcomes(measured=True):  # next to a measured result, an adjective is colour
        lists.append(("adjectives", "vague_states"))
    for kind, list_name in lists:
        found = ", ".join(dict.fromkeys(read.listed(list_name)))
        if found and (kind, found) not in reading.signals:
            reading.signals.append((kind, found))


def read_statement(text: str, words: WordLists, evidence: Evidence | None = None) -> Reading:
    """Quantities, changes, measures and signals of one statement (and its item's metrics)."""
    quantities = extract_quantities(text, words.get("units"))
    changes = find_changes(
        text,
        quantities,
        decrease=frozenset(words.get("decrease_words")),
        increase=frozenset(words.get("increase_words")),
    )
    read = _statement(text, words)
    reading = Reading(quantities, changes, statement=read)
    _numeric(reading, read)
    _in_words(reading, read)
    _fields(reading, evidence, words)
    _signals(reading, read)
    for measure in reading.measures:
        if measure.kind != "outcome":
            reading.signals.append((measure.kind, measure.text))
    reading.signals = _grouped(reading.signals)
    return reading


def _grouped(signals: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One entry per kind (effort, activity, adjectives, period), its words in the order found."""
    by_kind: dict[str, list[str]] = {}
    for kind, text in signals:
        by_kind.setdefault(kind, [])
        if text not in by_kind[kind]:
            by_kind[kind].append(text)
    order = ("effort", "activity", "adjectives", "period")
    kinds = sorted(by_kind, key=lambda k: order.index(k) if k in order else len(order))
    return [(kind, "; ".join(by_kind[kind])) for kind in kinds]
