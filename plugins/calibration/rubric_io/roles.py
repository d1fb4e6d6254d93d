"""Each dimension's evidence role: what a pre-fill's evidence on it counts as.

The completeness rule asks every pre-fill for one delivery item and one impact
or leverage item, and finds them through each dimension's ``counts_as``. A
dimension imported without one would quietly switch that rule off, so every
dimension gets a role from the sheet (a ``role`` column, or a ``Role:`` line
under its name), from ``--roles``, from the ladder being replaced (same id), or
from an answer in a terminal; otherwise the import stops and names it.

The words a sheet may use: ``delivery``; ``impact``; ``leverage``, which the
rule counts together with impact (written ``counts_as: impact``); and ``none``
(``counts_as: other``) for a dimension no pre-fill must cover.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from calibration.rubric_io.cells import says_nothing

ROLES = {
    "delivery": "delivery",
    "impact": "impact",
    "leverage": "impact",
    "impactorleverage": "impact",
    "impactleverage": "impact",
    "none": "other",
    "other": "other",
}
"""Role words (letters only, any case) and the ``counts_as`` value each one means."""
ROLE_CHOICES = "delivery, impact, leverage or none"
ROLE_HEADINGS = frozenset({"role", "evidencerole", "countsas"})
"""Column headings (as :func:`~calibration.rubric_io.draft.spelling_key` spells them)."""
_ROLE_LINE = re.compile(r"^\s*(?:evidence\s+)?role\s*:\s*(.*?)\s*$", re.IGNORECASE)
_WORDS = {"delivery": "delivery", "impact": "impact", "other": "none"}


def parse_role(text: str) -> str | None:
    """The ``counts_as`` value a role word means (``-`` and ``n/a`` are none), or None."""
    if says_nothing(text):
        return "other"
    return ROLES.get(re.sub(r"[^a-z]", "", text.casefold()))


def role_word(counts_as: str) -> str:
    """The word a sheet uses for a ``counts_as`` value (``other`` is written ``none``)."""
    return _WORDS.get(counts_as, counts_as)


def split_role_line(text: str) -> tuple[str, str | None]:
    """A name cell without its ``Role: ...`` line, and that line's value (None without one)."""
    lines = text.split("\n")
    role = None
    kept = [lines[0]]
    for line in lines[1:]:
        match = _ROLE_LINE.match(line)
        if match and role is None:
            role = match.group(1)
        else:
            kept.append(line)
    return "\n".join(kept), role


def parse_roles_option(values: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """``--roles`` values (``dimension=role``, comma separated) as a mapping, and the problems."""
    given: dict[str, str] = {}
    problems: list[str] = []
    for value in values:
        for part in value.split(","):
            if not part.strip():
                continue
            name, sep, word = part.partition("=")
            role = parse_role(word) if sep and word.strip() else None
            if not name.strip() or role is None:
                problems.append(
                    f"--roles {part.strip()!r}: write dimension=role, with a role of {ROLE_CHOICES}"
                )
                continue
            given[name.strip()] = role
    return given, problems


def summary(dimensions: list[dict[str, object]]) -> str:
    """One line naming the dimensions of each role, for the import's closing message."""
    parts = []
    for role, label in (
        ("delivery", "delivery"),
        ("impact", "impact or leverage"),
        ("other", "none"),
    ):
        names = [str(d.get("name") or d["id"]) for d in dimensions if d.get("counts_as") == role]
        if names:
            parts.append(f"{label}: {', '.join(names)}")
    return "; ".join(parts)
