"""Per-cycle collections the other aids share: word lists, statement verdicts, project scores."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from typing import Any

from calibration.analysis.complexity import score_project
from calibration.analysis.evidence import assess
from calibration.analysis.types import Assessment, Complexity
from calibration.analysis.words import WordLists, word_lists
from calibration.load import memo
from calibration.model import Evidence, Ladder, Level, Org
from calibration.model.queries import level_held


@dataclass(frozen=True)
class _Statement:
    handle: str
    index: int
    key: str
    evidence: Evidence
    level: Level | None
    name: str
    track: str | None


def org_words(org: Org) -> WordLists:
    """The org's word lists (rubric over defaults), its team ids and names, and its ladder."""
    names = [*org.teams, *(team.name for team in org.teams.values())]
    return word_lists(org.settings.evidence_words, names, org.ladder)


def _ladder_key(ladder: Ladder) -> str:
    """What of the ladder an "above level" verdict depends on, as a short name."""
    levels = [(lv.id, lv.order, lv.tracks, lv.summary, lv.attributes) for lv in ladder.levels]
    texts = [(e.level, e.dimension, e.track, e.text) for e in ladder.expectations]
    return memo.fingerprint(levels, texts, ladder.attributes, [d.id for d in ladder.dimensions])


def _verdict_table(ladder: Ladder, words: WordLists) -> dict[Any, Any]:
    """The remembered verdicts for one set of word lists and one ladder."""
    return memo.table(
        "assess:"
        + memo.fingerprint(sorted(words.lists.items()), words.team_names, _ladder_key(ladder))
    )


def _statements(org: Org, cycle_id: str) -> Iterator[_Statement]:
    """Every evidence statement of the cycle's files with what its verdict depends on."""
    for prefill in org.prefills_for(cycle_id):
        person = org.people.get(prefill.handle)
        level = level_held(org, prefill.handle, cycle_id)
        name = person.name if person else ""
        track = person.track if person else None
        rank = f"{level.id}\0{level.name}\0{track}" if level else ""
        for index, ev in enumerate(prefill.evidence):
            if not ev.statement:
                continue
            # The verdict depends only on these inputs, so it is remembered between runs.
            key = memo.fingerprint(
                ev.statement, ev.scope, ev.before, ev.after, ev.dimension, rank, name
            )
            yield _Statement(prefill.handle, index, key, ev, level, name, track)


def _row(item: _Statement, words: WordLists, ladder: Ladder) -> tuple[Any, ...]:
    found = assess(
        item.evidence.statement,
        words=words,
        evidence=item.evidence,
        level=item.level,
        name=item.name,
        ladder=ladder,
        track=item.track,
    )
    return tuple(getattr(found, f.name) for f in fields(Assessment)[1:])


def assess_evidence(org: Org, cycle_id: str, words: WordLists) -> dict[tuple[str, int], Assessment]:
    """Every evidence statement of the cycle's files, keyed by (handle, item index)."""
    out: dict[tuple[str, int], Assessment] = {}
    ladder = org.ladder_for(cycle_id)
    known = _verdict_table(ladder, words)
    for item in _statements(org, cycle_id):
        row = known.get(item.key)
        if row is None:
            row = known[item.key] = _row(item, words, ladder)
        # the statement itself is not stored twice
        out[(item.handle, item.index)] = Assessment(item.evidence.statement, *row)
    return out


MapChunks = Callable[[Callable[[list[int]], list[Any]], int], list[Any]]
"""Runs a function over chunks of ``range(n)`` (in worker processes where that pays)."""


def prepare_verdicts(org: Org, cycle_ids: Iterable[str], words: WordLists, run: MapChunks) -> int:
    """Compute the verdicts :func:`assess_evidence` does not remember yet, through ``run``.

    Every verdict is a pure function of its statement, so they can be worked out
    in other processes and only their rows sent back; returns how many were new.
    """
    todo: list[tuple[_Statement, Ladder, dict[Any, Any]]] = []
    for cycle_id in cycle_ids:
        ladder = org.ladder_for(cycle_id)
        known = _verdict_table(ladder, words)
        wanted = {}
        for item in _statements(org, cycle_id):
            if item.key not in known and item.key not in wanted:
                wanted[item.key] = item
        todo.extend((item, ladder, known) for item in wanted.values())

    def work(indexes: list[int]) -> list[Any]:
        return [_row(todo[i][0], words, todo[i][1]) for i in indexes]

    for (item, _ladder, known), row in zip(todo, run(work, len(todo)), strict=True):
        known[item.key] = row
    return len(todo)


def score_projects(org: Org, cycle_id: str) -> dict[str, Complexity]:
    """The top project's complexity per handle (empty when the rubric gives no weights)."""
    out: dict[str, Complexity] = {}
    for prefill in org.prefills_for(cycle_id):
        if prefill.project is not None:
            scored = score_project(prefill.project, org.settings.complexity)
            if scored is not None:
                out[prefill.handle] = scored
    return out
