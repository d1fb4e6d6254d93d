"""Per-cycle collections the other aids share: word lists, statement verdicts, project scores."""

from __future__ import annotations

from dataclasses import fields

from calibration import memo
from calibration.analysis.common import level_in
from calibration.analysis.complexity import score_project
from calibration.analysis.evidence import assess
from calibration.analysis.types import Assessment, Complexity
from calibration.analysis.words import WordLists, word_lists
from calibration.model import Ladder, Org


def org_words(org: Org) -> WordLists:
    """The org's word lists (rubric over defaults), its team ids and names, and its ladder."""
    names = [*org.teams, *(team.name for team in org.teams.values())]
    return word_lists(org.settings.evidence_words, names, org.ladder)


def _ladder_key(ladder: Ladder) -> str:
    """What of the ladder an "above level" verdict depends on, as a short name."""
    levels = [(lv.id, lv.order, lv.tracks, lv.summary, lv.attributes) for lv in ladder.levels]
    texts = [(e.level, e.dimension, e.track, e.text) for e in ladder.expectations]
    return memo.fingerprint(levels, texts, ladder.attributes, [d.id for d in ladder.dimensions])


def assess_evidence(org: Org, cycle_id: str, words: WordLists) -> dict[tuple[str, int], Assessment]:
    """Every evidence statement of the cycle's files, keyed by (handle, item index)."""
    out: dict[tuple[str, int], Assessment] = {}
    ladder = org.ladder_for(cycle_id)
    # The verdict depends only on these inputs, so it is remembered between runs.
    known = memo.table(
        "assess:"
        + memo.fingerprint(sorted(words.lists.items()), words.team_names, _ladder_key(ladder))
    )
    for prefill in org.prefills_for(cycle_id):
        person = org.people.get(prefill.handle)
        level = level_in(org, prefill.handle, cycle_id)
        name = person.name if person else ""
        track = person.track if person else None
        for index, ev in enumerate(prefill.evidence):
            if not ev.statement:
                continue
            rank = f"{level.id}\0{level.name}\0{track}" if level else ""
            key = memo.fingerprint(
                ev.statement, ev.scope, ev.before, ev.after, ev.dimension, rank, name
            )
            row = known.get(key)
            if row is None:
                found = assess(
                    ev.statement,
                    words=words,
                    evidence=ev,
                    level=level,
                    name=name,
                    ladder=ladder,
                    track=track,
                )
                known[key] = tuple(getattr(found, f.name) for f in fields(Assessment)[1:])
            else:  # the statement itself is not stored twice
                found = Assessment(ev.statement, *row)
            out[(prefill.handle, index)] = found
    return out


def score_projects(org: Org, cycle_id: str) -> dict[str, Complexity]:
    """The top project's complexity per handle (empty when the rubric gives no weights)."""
    out: dict[str, Complexity] = {}
    for prefill in org.prefills_for(cycle_id):
        if prefill.project is not None:
            scored = score_project(prefill.project, org.settings.complexity)
            if scored is not None:
                out[prefill.handle] = scored
    return out
