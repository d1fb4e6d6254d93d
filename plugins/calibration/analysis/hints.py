"""What to add to a statement, in a coach's words: one hint per missing part or uncounted signal."""

from __future__ import annotations

from calibration.analysis.ladder_match import LadderMatch
from calibration.analysis.types import Assessment
from calibration.model import Ladder, Level

HINTS = {
    "outcome": "Say what changed because of the work, not only what was made: what can people "
    "do now that they could not, or what stopped happening?",
    "scope": "Say who was affected and how many: teams, markets, users, services or engineers "
    "(for example 'four teams, 31 engineers on call').",
    "before-after": "Give the before and after: a number, a percentage or a time ('from 38 "
    "pages a week to 11'), or the concrete state before and after.",
    "own-role": "Say what the person did themselves: 'we' hides it. Write 'I ...' (or their "
    "name) for their own part, and keep 'we' for the team's.",
}

SIGNAL_HINTS = {
    "effort": "'{words}' is effort, not impact: the room does not rate hours. Say what changed "
    "because of it (an outage avoided, a date kept, time or cost saved), with the before and "
    "after.",
    "activity": "'{words}' counts work done, not what it changed. Name the outcome it produced "
    "for someone: defects caught before release, time to merge, fewer pages, an engineer who "
    "now works alone.",
    "adjectives": "'{words}' describes without measuring. Name the measure that moved (pages a "
    "week, minutes to deploy, error rate, cost) and give its before and after.",
    "period": "'{words}' says when, not what changed: give the state before and after it.",
}

SHORT_HINTS = {
    "outcome": "what changed because of it",
    "scope": "who was affected and how many",
    "before-after": "the before and after, with numbers",
    "own-role": "what they did themselves, not only 'we'",
}
"""One line per part, for places with room for a single sentence (validate output)."""

SHORT_SIGNALS = {
    "effort": "effort",
    "activity": "activity",
    "adjectives": "adjectives",
    "period": "a date range",
}


def short_advice(found: Assessment) -> str:
    """One sentence of advice for a weak statement: what to add, and what does not count."""
    parts = "; ".join(SHORT_HINTS[p] for p in found.missing if p in SHORT_HINTS)
    advice = f"add {parts}" if parts else "add a specific result"
    if found.vague_verbs:
        verbs = ", ".join(f"'{v}'" for v in found.vague_verbs)
        advice += f" ({verbs} says nothing on its own)"
    return advice + _not_counted(found)


def _not_counted(found: Assessment) -> str:
    kinds = {kind for kind, _ in found.found}
    signals = [name for kind, name in SHORT_SIGNALS.items() if kind in kinds]
    return f" (not a result: {', '.join(signals)})" if signals else ""


PART_NAMES = {
    "outcome": "an outcome",
    "scope": "the scope",
    "before-after": "a before and after",
    "own-role": "their own role",
}


def lacks(found: Assessment) -> str:
    """What a weak statement lacks, in a few words ("lacks an outcome, the scope")."""
    parts = [PART_NAMES[p] for p in found.missing if p in PART_NAMES]
    said = f"lacks {', '.join(parts)}" if parts else "lacks a specific result"
    if found.vague_verbs:
        verbs = ", ".join(f"'{v}'" for v in found.vague_verbs)
        said += f" ({verbs} says nothing on its own)"
    return said + _not_counted(found)


def _above_hint(level: Level, match: LadderMatch | None, ladder: Ladder | None) -> str:
    if match is None or match.match is None or ladder is None:
        return (
            f"If this is above {level.name}, say why: was it self-identified, across teams, "
            "adopted by others, owned end to end?"
        )
    target = ladder.level(match.match.level)
    name = target.name if target is not None else match.match.level
    return (
        f"It reads as {level.name} work. If it is above that, show what {name} expects: "
        f"'{match.match.text}'"
    )


def hints_for(
    missing: list[str],
    vague: tuple[str, ...],
    signals: list[tuple[str, str]],
    verdict: str,
    level: Level | None,
    above: bool,
    match: LadderMatch | None,
    ladder: Ladder | None,
) -> list[str]:
    """Hints for one statement, most important first."""
    hints = [HINTS[part] for part in missing]
    hints.extend(
        f"'{verb}' says nothing on its own: name what was done and what it changed."
        for verb in vague
    )
    if verdict != "strong":
        seen: set[str] = set()
        for kind, words in signals:
            if kind in SIGNAL_HINTS and kind not in seen:
                seen.add(kind)
                hints.append(SIGNAL_HINTS[kind].format(words=words))
    if not above and level is not None and verdict != "weak":
        hints.append(_above_hint(level, match, ladder))
    return hints
