"""Evidence quality: does a statement carry the four parts of a case that survives the room?

The parts (see the project's domain notes): an **outcome** rather than an
output; explicit **scope** (who or what, and how many); the **before and
after**; and the person's **own role**. Each is found with plain word lists and
patterns, so every verdict can be explained by the words that were (or were
not) there:

* before-after: the item's ``metrics.before`` and ``metrics.after``; or a
  "from X to Y"; or a measured quantity (a number with a unit such as ``%``,
  ``ms``, ``hours``, ``EUR``, ``a week``); or a change phrase ("instead of",
  "no longer", "now", "ahead of").
* outcome: an outcome word ("reduced", "eliminated", ...) or a before-after.
* scope: the item's ``scope``; or a scope word ("teams", "users") with a
  number or quantifier ("all", "four") up to three words before it, in the same
  phrase ("40% for users" is not a scope); or two or more of the org's team names.
* own role: missing only when team words ("we", "the team") appear without
  any own-role word ("I", "my", "she") or the person's name.

Verdict: **weak** when there is no specific result (no before-after, and the
outcome or the scope is missing too), when a vague verb stands with no
before-after, or when three parts are missing; **strong** when no part is
missing; **adequate** otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calibration.analysis.matching import Match, PhraseIndex, find_phrases, index_phrases, tokenize
from calibration.analysis.types import Assessment
from calibration.analysis.words import WordLists, word_lists
from calibration.model import Evidence, Level

PARTS = ("outcome", "scope", "before-after", "own-role")
_MATCHED = (
    "vague_verbs",
    "output_verbs",
    "outcome_words",
    "scope_words",
    "above_level_phrases",
    "own_role_words",
    "team_words",
    "change_phrases",
)
_FROM_TO = re.compile(r"\bfrom\b[^.;:!?]{1,80}?\bto\b")
_NUMBER = r"(?:\d[\d,.]*|{words})"
_CURRENCY = re.compile(r"[$€£]\s?\d")
_RATIO = re.compile(r"\b\d[\d,.]*\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?\d[\d,.]*\b")
_DIGITS = re.compile(r"^\d[\d,.]*[a-z]*$")
_SCOPE_STOPS = frozenset(("%", "for", "by", "to", "from", "in", "at", "with", "per", "a", "an"))
_BREAK_TOKENS = frozenset(".;:!?()[]")

HINTS = {
    "outcome": "Say what changed because of the work, not only what was made: what can people "
    "do now that they could not, or what stopped happening?",
    "scope": "Say who was affected and how many: teams, users, services or engineers (for "
    "example 'four teams, 31 engineers on call').",
    "before-after": "Give the before and after: a number, a percentage or a time ('from 38 "
    "pages a week to 11'), or the concrete state before and after.",
    "own-role": "Say what the person did themselves: 'we' hides it. Write 'I ...' (or their "
    "name) for their own part, and keep 'we' for the team's.",
}


SHORT_HINTS = {
    "outcome": "what changed because of it",
    "scope": "who was affected and how many",
    "before-after": "the before and after, with numbers",
    "own-role": "what they did themselves, not only 'we'",
}
"""One line per part, for places with room for a single sentence (validate output)."""


def short_advice(found: Assessment) -> str:
    """One sentence of advice for a weak statement: what to add, and which verbs say nothing."""
    parts = "; ".join(SHORT_HINTS[p] for p in found.missing if p in SHORT_HINTS)
    advice = f"add {parts}" if parts else "add a specific result"
    if found.vague_verbs:
        verbs = ", ".join(f"'{v}'" for v in found.vague_verbs)
        advice += f" ({verbs} says nothing on its own)"
    return advice


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@dataclass(frozen=True)
class _Compiled:
    """The word lists in the form the check reads them, built once per :class:`WordLists`."""

    index: PhraseIndex
    quantity: re.Pattern[str]
    quantifiers: frozenset[str]


def _compiled(words: WordLists) -> _Compiled:
    cached = words.cache.get("evidence")
    if isinstance(cached, _Compiled):
        return cached
    lists = {name: words.get(name) for name in _MATCHED}
    scope = words.get("scope_words")
    lists["scope_words"] = tuple(dict.fromkeys([*scope, *(_singular(w) for w in scope)]))
    lists["team_names"] = words.team_names
    compiled = _Compiled(
        index_phrases(lists), _quantity_pattern(words), frozenset(words.get("quantifiers"))
    )
    words.cache["evidence"] = compiled
    return compiled


def _quantity_pattern(words: WordLists) -> re.Pattern[str]:
    numbers = "|".join(re.escape(w) for w in words.get("quantifiers") if " " not in w)
    units = "|".join(re.escape(u) for u in sorted(words.get("units"), key=len, reverse=True))
    if not units:
        return re.compile(r"(?!)")
    number = _NUMBER.format(words=numbers or r"(?!)")
    return re.compile(rf"(?<![\w-]){number}\s?-?\s?(?:{units})(?![\w])")


def _has_before_after(text: str, quantity: re.Pattern[str], evidence: Evidence | None) -> str:
    """The reason a before-after was found, or an empty string."""
    if evidence is not None and evidence.before and evidence.after:
        return "metrics before/after"
    lowered = text.lower()
    for pattern, reason in (
        (_FROM_TO, "from ... to"),
        (_RATIO, "a share"),
        (_CURRENCY, "an amount"),
        (quantity, "a measured quantity"),
    ):
        found = pattern.search(lowered)
        if found:
            return f"{reason} ({found.group(0).strip()})"
    return ""


def _has_scope(tokens: list[str], matches: list[Match], quantifiers: frozenset[str]) -> str:
    for match in matches:
        if match.list_name != "scope_words":
            continue
        start = match.positions[0]
        for back in range(start - 1, max(-1, start - 4), -1):
            token = tokens[back]
            if token in _SCOPE_STOPS or token in _BREAK_TOKENS:
                break  # "40% for users": the number measures something else
            if token in quantifiers or _DIGITS.match(token):
                return " ".join(tokens[back : start + 1])
    names = {m.phrase for m in matches if m.list_name == "team_names"}
    return ", ".join(sorted(names)) if len(names) >= 2 else ""


def _name_tokens(name: str) -> set[str]:
    return {t for t in tokenize(name) if len(t) > 1}


def _verdict(missing: list[str], vague: bool) -> str:
    no_result = "before-after" in missing and ("outcome" in missing or "scope" in missing)
    if no_result or (vague and "before-after" in missing) or len(missing) >= 3:
        return "weak"
    return "strong" if not missing else "adequate"


def _parts(
    text: str, words: WordLists, evidence: Evidence | None, name: str
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """What shows each part (empty when absent), and the listed phrases found by list."""
    tokens = tokenize(text)
    compiled = _compiled(words)
    matches = find_phrases(tokens, compiled.index)
    by_list: dict[str, list[str]] = {}
    for match in matches:
        by_list.setdefault(match.list_name, []).append(match.phrase)
    before_after = _has_before_after(text, compiled.quantity, evidence)
    if not before_after and by_list.get("change_phrases"):
        before_after = f"a change ({by_list['change_phrases'][0]})"
    scope = (evidence.scope if evidence is not None else "") or _has_scope(
        tokens, matches, compiled.quantifiers
    )
    own = by_list.get("own_role_words", []) or sorted(_name_tokens(name) & set(tokens))
    shown = {
        "outcome": ", ".join(by_list.get("outcome_words", [])) or before_after,
        "scope": scope,
        "before-after": before_after,
        # the role is missing only when team words hide it, never for a bare verb
        "own-role": ", ".join(own) or ("" if by_list.get("team_words") else "-"),
    }
    return shown, by_list


def _hints(
    missing: list[str], vague: tuple[str, ...], level: Level | None, above: bool
) -> list[str]:
    hints = [HINTS[part] for part in missing]
    hints.extend(
        f"'{verb}' says nothing on its own: name what was done and what it changed."
        for verb in vague
    )
    if not above and level is not None and _verdict(missing, bool(vague)) != "weak":
        hints.append(
            f"If this is above {level.name}, say why: was it self-identified, across teams, "
            "adopted by others, owned end to end?"
        )
    return hints


def assess(
    text: str,
    *,
    words: WordLists | None = None,
    evidence: Evidence | None = None,
    level: Level | None = None,
    name: str = "",
) -> Assessment:
    """Judge one statement: its verdict, the missing parts, and coach-like hints.

    ``evidence`` adds the item's ``scope`` and ``metrics``; ``level`` names the
    level in the above-level hint; ``name`` (the person's) counts as their role.
    """
    shown, by_list = _parts(text, words or word_lists(), evidence, name)
    missing = [part for part in PARTS if not shown[part]]
    vague = () if shown["before-after"] else tuple(by_list.get("vague_verbs", []))
    above = tuple(by_list.get("above_level_phrases", []))
    found = [(part, value) for part, value in shown.items() if value and value != "-"]
    found.extend(("above-level", phrase) for phrase in above)
    return Assessment(
        text=text,
        verdict=_verdict(missing, bool(vague)),
        missing=tuple(missing),
        hints=tuple(_hints(missing, vague, level, bool(above))),
        vague_verbs=vague,
        above_level=bool(above),
        found=tuple(found),
    )
