"""Find listed words and phrases in a statement, the way a reader would.

Text is split into lower-case word tokens (hyphenated words and contractions
stay whole); punctuation that ends a clause breaks phrases. A phrase of three or
more words also matches with up to :data:`MAX_GAP` other words between its
words ("owned the retry engine end to end" matches "owned end to end"). When matches
overlap, the longer phrase wins, so "set up" is one output verb and not the
outcome word "up".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MAX_GAP = 4
"""Most words allowed between two words of a phrase."""

_TOKEN = re.compile(r"[%$€£]|[\w]+(?:[-'’][\w]+)*|[.;:!?()\[\]]")
_BREAK = frozenset(".;:!?()[]")


@dataclass(frozen=True)
class Match:
    """One listed phrase found in the text: which list, which phrase, which tokens."""

    list_name: str
    phrase: str
    positions: tuple[int, ...]


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens; clause punctuation is kept as its own token (a break)."""
    return [t.replace("’", "'") for t in _TOKEN.findall(text.lower())]


def _find(tokens: list[str], words: list[str], start: int) -> tuple[int, ...] | None:
    if len(words) == 1:
        return (start,)
    positions = [start]
    gap = MAX_GAP if len(words) >= 3 else 0  # two-word phrases with gaps match too loosely
    for word in words[1:]:
        found = None
        for pos in range(positions[-1] + 1, min(len(tokens), positions[-1] + gap + 2)):
            if tokens[pos] in _BREAK:
                break
            if tokens[pos] == word:
                found = pos
                break
        if found is None:
            return None
        positions.append(found)
    return tuple(positions)


PhraseIndex = dict[str, list[tuple[str, str, list[str]]]]
"""Phrases by their first word: (list name, phrase, its words)."""


def index_phrases(lists: Mapping[str, Iterable[str]]) -> PhraseIndex:
    """Tokenize every phrase once and index it by its first word."""
    index: PhraseIndex = {}
    for name, phrases in lists.items():
        for phrase in phrases:
            words = tokenize(phrase)
            if words:
                index.setdefault(words[0], []).append((name, phrase, words))
    return index


def _candidates(tokens: list[str], index: PhraseIndex) -> list[Match]:
    out: list[Match] = []
    for start, token in enumerate(tokens):
        for name, phrase, words in index.get(token, ()):
            positions = _find(tokens, words, start)
            if positions is not None:
                out.append(Match(name, phrase, positions))
    return out


def find_phrases(tokens: list[str], index: PhraseIndex) -> list[Match]:
    """Every non-overlapping match, longest phrase first, then tightest, then leftmost."""
    candidates = _candidates(tokens, index)
    candidates.sort(
        key=lambda m: (-len(m.positions), m.positions[-1] - m.positions[0], m.positions[0])
    )
    taken: set[int] = set()
    chosen: list[Match] = []
    for match in candidates:
        if taken.isdisjoint(match.positions):
            taken.update(match.positions)
            chosen.append(match)
    return sorted(chosen, key=lambda m: m.positions[0])
