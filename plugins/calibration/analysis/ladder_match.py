"""Is a statement above the person's level? Ask the ladder, not a phrase list.

Every expectation of the ladder (with its examples), every level attribute
("scope: initiatives spanning several teams") and every level summary is one
short text in a BM25 index. A statement (with its item's ``scope``) is scored
against the texts of the person's level and of the level(s) directly above on
their track. It reads as above level when its best match above outscores its
best match at the level by :data:`MARGIN` and reaches :data:`MIN_SCORE`; the
result names both texts, so the verdict can be checked by reading them.

The statement is read the way a ladder is written before scoring (see
:func:`ladder_query`): measured results are left out (a ladder speaks of scope,
not of euros), counts of two or more units become "several", and a span of
months becomes "multi-month".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calibration.analysis.bm25 import BM25, terms
from calibration.analysis.quantities import MONTHS, Quantity
from calibration.model import Ladder, Level

MIN_SCORE = 2.0
"""Least BM25 score of the level above: a few shared rare words, not one common one."""
MARGIN = 1.15
"""How much better the match above must be than the best match at or below the level."""
EXAMPLES = False
MIN_SHARED = 2
"""Least number of distinct words the match above shares with the statement."""

_SEVERAL = re.compile(
    r"\b(?:(?:all|every|each|both)\s+)?(?:[2-9]|\d{2,}|two|three|four|five|six|seven|eight|"
    r"nine|ten|several|multiple|many)\b(?=(?:\s+[\w-]+){0,2}?\s+(?:teams|squads|groups|"
    r"services|systems|products|markets|regions|orgs|organisations|organizations|rotations|"
    r"product lines|business units|departments|companies|engineers|teams'))",
    re.IGNORECASE,
)


_SPAN = re.compile(
    r"\b(?:between|from)\s+("
    + "|".join(MONTHS)
    + r")\s+(?:and|to|until)\s+("
    + "|".join(MONTHS)
    + r")\b",
    re.IGNORECASE,
)
_LONG = re.compile(
    r"\b(?:over|for|across|during|in)\s+(?:the\s+)?(?:last\s+|past\s+)?(\w+)\s+"
    r"(months|quarters|years|sprints)\b",
    re.IGNORECASE,
)
_ORDER = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}


def ladder_query(text: str, measures: list[Quantity], named_groups: int = 0) -> str:
    """The statement in the ladder's own words, ready to score.

    Measured results (money, percentages, durations, rates) are blanked out; "four
    teams" and "all 6 markets" read "several teams", "several markets"; two or more
    named teams or groups add "several teams"; "between July and October" and "over
    three months" add "multi-month", two or more quarters "several quarters".
    """
    out = list(text)
    for quantity in measures:
        out[quantity.start : quantity.end] = " " * (quantity.end - quantity.start)
    query = _SEVERAL.sub("several", "".join(out))
    extra = ["several teams"] if named_groups >= 2 else []
    for match in _SPAN.finditer(text):
        first, last = (_ORDER.get(_full(m), -1) for m in match.groups())
        if first >= 0 and (last - first) % 12 >= 2:
            extra.append("multi-month")
    for match in _LONG.finditer(text):
        count = match.group(1).lower()
        if count in ("one", "1", "a"):
            continue
        extra.append("multi-month" if match.group(2).lower() in ("months", "sprints") else "")
        if match.group(2).lower() in ("quarters", "years"):
            extra.append(f"several {match.group(2).lower()}")
    return " ".join([query, *filter(None, extra)])


def _full(month: str) -> str:
    month = month.lower()
    return next((m for m in _ORDER if m.startswith(month[:3])), month)


@dataclass(frozen=True)
class Text:
    """One text of the ladder: whose it is and what it says."""

    level: str
    label: str  # "Impact", "Scope of impact (attribute)", "summary"
    text: str
    body: str = ""  # what is indexed: the text and its examples
    dimension: str = ""  # the dimension of an expectation (empty for attributes and summaries)


@dataclass(frozen=True)
class LadderMatch:
    """The statement's best match above its level and at it, with their scores."""

    above: bool
    level: str
    match: Text | None
    score: float
    current: Text | None
    current_score: float
    words: tuple[str, ...] = ()  # stemmed terms the match above shares with the statement

    def explain(self, ladder: Ladder) -> str:
        """One line a reader can check: which expectation, of which level, and by how much."""
        if self.match is None:
            return ""
        name = _level_name(ladder, self.match.level)
        shared = f"; shared words: {', '.join(self.words)}" if self.words else ""
        return (
            f"closest to {name} ({self.match.label}): '{self.match.text}' "
            f"(score {self.score:.1f} against {self.current_score:.1f} at {self.level}{shared})"
        )


def _level_name(ladder: Ladder, level_id: str) -> str:
    level = ladder.level(level_id)
    return f"{level.id} {level.name}" if level is not None else level_id


class LadderIndex:
    """The ladder's texts for one track (or every track when None), indexed two ways.

    A level reads as one document (its summary, attributes and expectations) to
    decide which level a statement is closest to; each text on its own names the
    expectation that made it so.
    """

    def __init__(self, ladder: Ladder, track: str | None = None) -> None:
        self.ladder = ladder
        self.track = track
        self.texts = list(_texts(ladder, track))
        self.index = BM25([terms(t.body or t.text) for t in self.texts])
        self._levels: dict[str | None, tuple[list[str], BM25]] = {}
        self._by_level: dict[str, list[int]] = {}
        for i, text in enumerate(self.texts):
            self._by_level.setdefault(text.level, []).append(i)

    def _level_index(self, dimension: str | None) -> tuple[list[str], BM25]:
        """One document per level: every text of it (only ``dimension``'s expectations)."""
        if dimension not in self._levels:
            ids = [lv.id for lv in self.ladder.ordered_levels(self.track)]
            docs = [
                [
                    term
                    for t in self.texts
                    if t.level == level_id and (not dimension or t.dimension in ("", dimension))
                    for term in terms(t.body or t.text)
                ]
                for level_id in ids
            ]
            self._levels[dimension] = (ids, BM25(docs))
        return self._levels[dimension]

    def _best_text(self, scores: list[float], level_id: str, dimension: str | None) -> Text | None:
        scored = [
            (scores[i], -i)
            for i in self._by_level.get(level_id, ())
            if not dimension or self.texts[i].dimension in ("", dimension)
        ]
        best = max(scored, default=(0.0, 0))
        return self.texts[-best[1]] if best[0] > 0 else None

    def match(
        self, statement: str, level: Level, dimension: str | None = None
    ) -> LadderMatch | None:
        """How the statement sits against ``level`` and the level(s) above; None at the top.

        It is compared with the level(s) directly above and with every level at or
        below ``level`` (a senior's statement that reads like a junior level is not
        above level). With a ``dimension`` the level above has expectations on,
        expectations of other dimensions are left out; attributes and summaries
        always count.
        """
        above = {lv.id for lv in self.ladder.next_levels(level.id, self.track)}
        if not above:
            return None
        below = {lv.id for lv in self.ladder.ordered_levels(self.track) if lv.order <= level.order}
        if not any(t.dimension == dimension and t.level in above for t in self.texts):
            dimension = None  # the level above says nothing on it: read every text
        query = terms(statement)
        ids, index = self._level_index(dimension)
        scores = dict(zip(ids, index.scores(query), strict=True))
        texts = self.index.scores(query)
        up_id = max(sorted(above & set(ids)), key=lambda i: scores[i], default="")
        here_id = max(sorted(below & set(ids)), key=lambda i: scores[i], default="")
        up, here = scores.get(up_id, 0.0), scores.get(here_id, 0.0)
        shared = tuple(sorted(index.weights(query, ids.index(up_id)))) if up_id else ()
        return LadderMatch(
            above=up >= MIN_SCORE and up > here * MARGIN and len(shared) >= MIN_SHARED,
            level=level.id,
            match=self._best_text(texts, up_id, dimension) if up_id else None,
            score=up,
            current=self._best_text(texts, here_id, dimension) if here_id else None,
            current_score=here,
            words=shared,
        )


def _texts(ladder: Ladder, track: str | None) -> list[Text]:
    names = dict(ladder.attributes)
    dims = {d.id: d.name for d in ladder.dimensions}
    out: list[Text] = []
    for exp in ladder.expectations:
        if exp.level is None or (track is not None and exp.track not in (None, track)):
            continue
        body = exp.text if not EXAMPLES else " ".join([exp.text, *exp.examples])
        label = dims.get(exp.dimension, exp.dimension)
        out.append(Text(exp.level, label, exp.text, body, exp.dimension))
    for level in ladder.levels:
        if not level.on_track(track):
            continue
        for key, value in level.attributes:
            out.append(Text(level.id, f"{names.get(key, key)} (attribute)", value))
        if level.summary:
            out.append(Text(level.id, "summary", level.summary))
    return [t for t in out if terms(t.body or t.text)]
