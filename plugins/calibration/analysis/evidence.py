"""Evidence quality: does a statement carry the four parts of a case that survives the room?

The parts (see the project's domain notes): an **outcome** rather than an
output; explicit **scope** (who or what, and how many); the **before and
after**; and the person's **own role**. Every verdict can be explained by the
words that were (or were not) there:

* before-after: a measured outcome (:mod:`calibration.analysis.reading`): a
  change in numbers, a measured result, the item's ``metrics``; or a change in
  words ("no longer", "instead of") that does more than describe;
* outcome: an outcome word ("reduced", "eliminated") about an outcome, or a
  before-after;
* scope: the item's ``scope``, or a counted unit (:mod:`calibration.analysis.scope`);
* own role: missing only when team words ("we", "the team") appear without
  any own-role word ("I", "my", "she") or the person's name.

Effort (hours, nights, weekends), activity (tickets closed, reviews done) and
adjectives ("from chaotic to calm") never count as a result.

Verdict: **weak** when there is no specific result (no before-after, and the
outcome or the scope is missing too), when a vague verb stands with no
before-after, when three parts are missing, or when effort, activity or
adjectives stand where the before-after should be; **strong** when no part is
missing, and the before-after is in numbers if effort, activity or adjectives
are there too; **adequate** otherwise.

Above level is read against the ladder (:mod:`calibration.analysis.ladder_match`)
when the ladder and the person's level are known: the statement reads closer to
the next level's expectations than to its own level's. The rubric's
``above_level_phrases`` ("without being asked") count too, as the org's own
explicit words; an org that empties the list leaves it to the ladder alone. A
weak statement is never above level.
"""

from __future__ import annotations

from dataclasses import dataclass

from calibration.analysis.hints import HINTS, SHORT_HINTS, hints_for, short_advice
from calibration.analysis.ladder_match import LadderIndex, LadderMatch, ladder_query
from calibration.analysis.matching import Match, PhraseIndex, find_phrases, index_phrases, tokenize
from calibration.analysis.reading import Reading, read_statement
from calibration.analysis.scope import Scope, find_scope
from calibration.analysis.types import Assessment
from calibration.analysis.words import WordLists, word_lists
from calibration.model import Evidence, Ladder, Level

__all__ = ["HINTS", "PARTS", "SHORT_HINTS", "SIGNALS", "assess", "short_advice"]

PARTS = ("outcome", "scope", "before-after", "own-role")
SIGNALS = ("effort", "activity", "adjectives", "period")
"""Kinds of words that are found but never count as a result."""
_MATCHED = (
    "vague_verbs",
    "output_verbs",
    "outcome_words",
    "above_level_phrases",
    "own_role_words",
    "team_words",
)


@dataclass(frozen=True)
class _Compiled:
    """The word lists in the form the check reads them, built once per :class:`WordLists`."""

    index: PhraseIndex


def _compiled(words: WordLists) -> _Compiled:
    cached = words.cache.get("evidence")
    if isinstance(cached, _Compiled):
        return cached
    compiled = _Compiled(index_phrases({name: words.get(name) for name in _MATCHED}))
    words.cache["evidence"] = compiled
    return compiled


def _name_tokens(name: str) -> set[str]:
    return {t for t in tokenize(name) if len(t) > 1}


def _outcome_words(reading: Reading, matches: list[Match]) -> list[str]:
    """Outcome words about an outcome: "increased the tickets I close" is activity."""
    found = [
        m.phrase
        for m in matches
        if m.list_name == "outcome_words" and reading.classify(m.phrase) == "outcome"
    ]
    return list(dict.fromkeys(found))


def _before_after(reading: Reading) -> str:
    measured = reading.outcomes(measured=True)
    if measured:
        return "; ".join(dict.fromkeys(m.text for m in measured))
    in_words = reading.outcomes(measured=False)
    return f"{', '.join(dict.fromkeys(m.text for m in in_words))}, in words" if in_words else ""


def _own_role(by_list: dict[str, list[str]], tokens: list[str], name: str) -> str:
    own = by_list.get("own_role_words", []) or sorted(_name_tokens(name) & set(tokens))
    # the role is missing only when team words hide it, never for a bare verb
    return ", ".join(dict.fromkeys(own)) or ("" if by_list.get("team_words") else "-")


def _verdict(missing: list[str], vague: bool, reading: Reading, dressing: bool) -> str:
    no_result = "before-after" in missing and ("outcome" in missing or "scope" in missing)
    dressed = dressing and "before-after" in missing
    if no_result or dressed or (vague and "before-after" in missing) or len(missing) >= 3:
        return "weak"
    if missing:
        return "adequate"
    # effort, activity or adjectives next to a change in words only: not enough for strong
    return "adequate" if dressing and not reading.outcomes(measured=True) else "strong"


def _dressing(reading: Reading) -> bool:
    """Effort, activity or adjectives stand where a result should be."""
    return any(kind in ("effort", "adjectives", "period") for kind, _ in reading.signals) or any(
        m.kind != "outcome" for m in reading.measures
    )


@dataclass(frozen=True)
class _Context:
    """What a statement is judged with, besides its own words."""

    words: WordLists
    evidence: Evidence | None
    level: Level | None
    ladder: Ladder | None
    track: str | None


def _ladder_index(words: WordLists, ladder: Ladder, track: str | None) -> LadderIndex:
    key = f"ladder:{id(ladder)}:{track}"
    cached = words.cache.get(key)
    if isinstance(cached, LadderIndex) and cached.ladder is ladder:
        return cached
    index = LadderIndex(ladder, track)
    words.cache[key] = index
    return index


def _above(
    text: str,
    reading: Reading,
    scope: Scope,
    context: _Context,
    phrases: list[str],
) -> tuple[bool, str, LadderMatch | None]:
    """Whether the statement reads above the level, what shows it, and the ladder's match.

    The ladder decides when it can (the person's level is on it, with a level
    above); the rubric's ``above_level_phrases`` count too, so an org keeps its
    own explicit words ("without being asked") or empties the list to leave it
    to the ladder alone.
    """
    said = f"in the rubric's words: {', '.join(phrases)}" if phrases else ""
    ladder, level = context.ladder, context.level
    if ladder is None or level is None or ladder.level(level.id) is None:
        return bool(phrases), said, None
    extra = context.evidence.scope if context.evidence is not None else ""
    measures = [q for q in reading.quantities if q.measured]
    query = ladder_query(f"{text} {extra}", measures, scope.named_groups)
    dimension = context.evidence.dimension if context.evidence is not None else None
    match = _ladder_index(context.words, ladder, context.track).match(query, level, dimension)
    if match is not None and match.above:
        return True, match.explain(ladder), match
    return bool(phrases), said, match


def _parts(
    tokens: list[str], reading: Reading, scope: Scope, context: _Context, name: str
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """What shows each part (empty when absent), and the listed phrases found by list."""
    matches = find_phrases(tokens, _compiled(context.words).index)
    by_list: dict[str, list[str]] = {}
    for match in matches:
        by_list.setdefault(match.list_name, []).append(match.phrase)
    before_after = _before_after(reading)
    evidence = context.evidence
    shown = {
        "outcome": ", ".join(_outcome_words(reading, matches)) or before_after,
        "scope": (evidence.scope if evidence is not None else "") or scope.words,
        "before-after": before_after,
        "own-role": _own_role(by_list, tokens, name),
    }
    return shown, by_list


def assess(
    text: str,
    *,
    words: WordLists | None = None,
    evidence: Evidence | None = None,
    level: Level | None = None,
    name: str = "",
    ladder: Ladder | None = None,
    track: str | None = None,
) -> Assessment:
    """Judge one statement: its verdict, the missing parts, and coach-like hints.

    ``evidence`` adds the item's ``scope``, ``metrics`` and dimension; ``level``
    is the person's level (named in hints, and the base for "above level");
    ``name`` (the person's) counts as their role; ``ladder`` (else the word
    lists' ladder) and ``track`` say what is above the level.
    """
    words = words or word_lists()
    if evidence is None and level is None:  # text alone (a peer's observation): same answer
        seen = words.cache.setdefault("assessed", {})
        assert isinstance(seen, dict)
        key = (text, name)
        if key not in seen:
            if len(seen) >= _REMEMBERED:
                seen.clear()
            seen[key] = _assess(text, words, _Context(words, None, None, None, track), name)
        found = seen[key]
        assert isinstance(found, Assessment)
        return found
    context = _Context(words, evidence, level, ladder or words.ladder, track)
    return _assess(text, words, context, name)


_REMEMBERED = 20_000
"""Texts judged alone whose verdicts are kept per word lists (peer observations repeat)."""


def _assess(text: str, words: WordLists, context: _Context, name: str) -> Assessment:
    evidence, level = context.evidence, context.level
    reading = read_statement(text, words, evidence)
    tokens = reading.tokens
    scope = find_scope(text, reading.quantities, words, tokens)
    shown, by_list = _parts(tokens, reading, scope, context, name)
    missing = [part for part in PARTS if not shown[part]]
    vague = () if shown["before-after"] else tuple(by_list.get("vague_verbs", []))
    verdict = _verdict(missing, bool(vague), reading, _dressing(reading))
    phrases = by_list.get("above_level_phrases", [])
    # a weak statement shows nothing above the level: the ladder is not read for it
    above, why, fit = (
        (False, "", None) if verdict == "weak" else _above(text, reading, scope, context, phrases)
    )
    found = [(part, value) for part, value in shown.items() if value and value != "-"]
    if above:
        found.append(("above-level", why))
    found.extend(reading.signals)
    hints = hints_for(missing, vague, reading.signals, verdict, level, above, fit, context.ladder)
    return Assessment(
        text=text,
        verdict=verdict,
        missing=tuple(missing),
        hints=tuple(hints),
        vague_verbs=vague,
        above_level=above,
        found=tuple(found),
    )
