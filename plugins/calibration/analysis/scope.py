"""Find the scope of a statement: who or what was affected, and how many.

Scope is any counted unit of an organisation or its customers, found in four
ways, each shown with the words that showed it:

* a number, a share or a quantifier before a unit noun, with up to two words
  between ("all 6 payment markets", "1.2M weekly users", "12 of the 40
  services", "every team", "both apps"); unit nouns are the rubric's
  ``scope_words``, in the plural or, after "every", "each" or "one", singular;
* "across", "for", "to" or "among" before any counted noun that is not work or
  effort ("for all 3 storefronts", "across 30 repos"), or "across the org",
  "org-wide", "company-wide";
* a percentage of a unit ("5% of Android users");
* two or more named groups: the org's team names and the rubric's
  ``group_names`` ("payments, risk and data", "finance and support"), or two
  names joined before a unit noun ("the Android and iOS apps").

A number that measures something else is not a scope: in "40% for users" the
percentage belongs to the measure, so "users" alone is not counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calibration.analysis.matching import find_phrases, index_phrases, tokenize
from calibration.analysis.quantities import Quantity
from calibration.analysis.words import WordLists


def _split(text: str) -> frozenset[str]:
    """The words of a multi-line string, as a set (word lists read better as prose)."""
    return frozenset(text.split())


_GAP = 2
"""Most words allowed between a number or quantifier and its unit noun."""
_STOPS = _split(
    """
    % for by to from in at with per a an of on and or but than as into over under
    """
)
_BREAKS = frozenset(".;:!?()[]")
_SINGULAR_AFTER = frozenset(("every", "each", "one", "whole", "entire", "single", "any"))


_LEAD = re.compile(r"\b(?:across|for|to|among)\s+(?:all\s+|the\s+|both\s+|every\s+)?$")


def _not_scope(noun: str, words: WordLists) -> bool:
    """A counted noun that is work, effort or time, not who or what was affected."""
    lists = ("activity_words", "effort_words")
    return any(noun in words.get(name) or singular(noun) in words.get(name) for name in lists)


@dataclass(frozen=True)
class Scope:
    """The words that show the scope, and how many named groups the statement names."""

    words: str
    named_groups: int = 0


def singular(word: str) -> str:
    """A plural noun in the singular, well enough to match a word list ("companies" -> company)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _nouns(words: WordLists) -> tuple[frozenset[str], frozenset[str]]:
    cached = words.cache.get("scope_nouns")
    if isinstance(cached, tuple):
        return cached
    plural = {w for w in words.get("scope_words") if " " not in w}
    nouns = (frozenset(plural), frozenset(singular(w) for w in plural) | frozenset(plural))
    words.cache["scope_nouns"] = nouns
    return nouns


def _from_quantities(text: str, quantities: list[Quantity], words: WordLists) -> str:
    plural, _ = _nouns(words)
    lowered = text.lower()
    for quantity in quantities:
        unit = quantity.unit.lower()
        if quantity.kind in ("count", "share") and (unit in plural or singular(unit) in plural):
            return quantity.text
        lead = _LEAD.search(lowered[max(0, quantity.start - 16) : quantity.start])
        if quantity.kind == "count" and lead and not _not_scope(unit, words):
            return f"{lead.group(0).strip()} {quantity.text}"
        if quantity.kind == "percent":
            rest = tokenize(text[quantity.end : quantity.end + 48])
            noun = _noun_within(rest[1:], words, skip=("the", "all", "our"))
            if rest[:1] == ["of"] and noun:
                return f"{quantity.text} of {noun}"
    return ""


def _noun_within(tokens: list[str], words: WordLists, skip: tuple[str, ...] = ()) -> str:
    plural, _ = _nouns(words)
    tokens = [t for t in tokens if t not in skip]
    for token in tokens[: _GAP + 1]:
        if token in _BREAKS or token in _STOPS:
            return ""
        if token in plural or (singular(token) in plural and token.endswith("s")):
            return token
    return ""


def _from_quantifiers(text: str, tokens: list[str], words: WordLists) -> str:
    quantifiers = frozenset(words.get("quantifiers"))
    _, any_number = _nouns(words)
    if quantifiers.isdisjoint(tokens) and "across" not in tokens and "-wide" not in text:
        return ""  # most statements: nothing to look at word by word
    for at, token in enumerate(tokens):
        if token.endswith("-wide") or (
            token == "across"
            and tokens[at + 1 : at + 2] == ["the"]
            and at + 2 < len(tokens)
            and tokens[at + 2] in any_number
        ):
            return " ".join(tokens[at : at + 3]) if token == "across" else token
        if token not in quantifiers:
            continue
        if token in _SINGULAR_AFTER:
            following = tokens[at + 1 : at + 2 + _GAP]
            for offset, word in enumerate(following):
                if word in _BREAKS or word in _STOPS:
                    break
                if word in any_number:
                    return " ".join(tokens[at : at + offset + 2])
        noun = _noun_within(tokens[at + 1 :], words, skip=("the",))
        if noun:
            return " ".join(tokens[at : tokens.index(noun, at) + 1])
    return ""


def _joined(tokens: list[str], words: WordLists) -> str:
    """ "the Android and iOS apps", "EU and US regions": named units joined by "and"."""
    plural, _ = _nouns(words)
    if "and" not in tokens or not plural.intersection(tokens):
        return ""
    for at, token in enumerate(tokens):
        if at < 3 or token not in plural:
            continue
        first, joint, second = tokens[at - 3 : at]
        named = all(w not in _STOPS and w not in _BREAKS and w.isalpha() for w in (first, second))
        if joint == "and" and named:
            return " ".join(tokens[at - 3 : at + 1])
    return ""


def _named(tokens: list[str], words: WordLists) -> list[str]:
    index = words.cache.get("scope_names")
    if not isinstance(index, dict):
        index = index_phrases({"names": [*words.team_names, *words.get("group_names")]})
        words.cache["scope_names"] = index
    if not index.keys() & set(tokens):
        return []
    return list(dict.fromkeys(m.phrase for m in find_phrases(tokens, index)))


def find_scope(
    text: str, quantities: list[Quantity], words: WordLists, tokens: list[str] | None = None
) -> Scope:
    """The scope of ``text`` (its quantities, and its tokens if known, already read)."""
    tokens = tokenize(text) if tokens is None else tokens
    names = _named(tokens, words)
    found = (
        _from_quantities(text, quantities, words)
        or _from_quantifiers(text.lower(), tokens, words)
        or _joined(tokens, words)
    )
    if not found and len(names) >= 2:
        found = ", ".join(names)
    return Scope(found, len(names))
