"""What ``calib evidence check`` reads and says: statements judged the way the room will.

Input is plain text (one statement per line; blank lines, ``#`` comments and
list bullets are skipped) or a cycle file (``people/<handle>/<cycle>.yaml``),
whose evidence items are judged with their ``scope``, ``metrics`` and
dimension, and against the person's level on the ladder. Word lists and the
ladder come from the repository's ``rubric/`` when there is one, else the
built-in word lists (and no ladder). Text and JSON carry the same findings:
the verdict, the parts found, what was found but not counted, the hints.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from calibration.analysis.evidence import SIGNALS
from calibration.analysis.types import Assessment
from calibration.analysis.words import WordLists, word_lists
from calibration.load.records import ladder_from, prefill_from, settings_from, teams_from
from calibration.load.yamlio import decode, load_file, load_text
from calibration.model import Evidence, Ladder, Level

_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_WIDTH = 88
_PARTS = {
    "outcome": "an outcome",
    "scope": "the scope",
    "before-after": "a before and after",
    "own-role": "their own role",
}


class InputError(Exception):
    """The input cannot be read; the message says what to do instead."""


@dataclass(frozen=True)
class Statement:
    """One statement to judge, with the evidence item it came from (if any)."""

    text: str
    evidence: Evidence | None = None


def load_words(root: Path | None) -> tuple[WordLists, str]:
    """The word lists of the repository at ``root`` (or built-in ones), and where they came from.

    The repository's ladder rides along, so "above level" is judged against it.
    """
    if root is None or not (root / "rubric" / "rules.yaml").is_file():
        return word_lists(), "built-in word lists"
    loaded = load_file(root / "rubric" / "rules.yaml", root)
    if loaded.document is None:
        problem = loaded.diagnostics[0].message if loaded.diagnostics else "unreadable"
        raise InputError(f"rubric/rules.yaml cannot be read ({problem}); fix it or use --root")
    teams = load_file(root / "people" / "teams.yaml", root).document
    names: list[str] = []
    if teams is not None:
        found = teams_from(teams.data)
        names = [*found, *(team.name for team in found.values())]
    settings = settings_from(loaded.document.data)
    ladder = _ladder(root)
    origin = "word lists of rubric/rules.yaml" + (" and the ladder" if ladder else "")
    return word_lists(settings.evidence_words, names, ladder), origin


def _ladder(root: Path) -> Ladder | None:
    path = root / "rubric" / "ladder.yaml"
    loaded = load_file(path, root) if path.is_file() else None
    return ladder_from(loaded.document.data) if loaded and loaded.document else None


def read_source(source: str, stdin: TextIO) -> tuple[str, str]:
    """The text of ``source`` (a path, or ``-`` for ``stdin``) and the name to report it by."""
    if source == "-":
        return stdin.read(), "<stdin>"
    path = Path(source)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror or exc}") from None
    text, failure = decode(raw, source)
    if text is None:
        problem = failure.diagnostics[0].message if failure else "not UTF-8"
        raise InputError(f"cannot read {source}: {problem}")
    return text, source


def _from_yaml(data: dict[str, Any], name: str) -> list[Statement]:
    prefill = prefill_from(data, "", Path(name).stem, name)
    items = [*prefill.evidence, *(prefill.promotion.evidence if prefill.promotion else ())]
    return [Statement(ev.statement, ev) for ev in items if ev.statement]


def parse_statements(text: str, name: str) -> list[Statement]:
    """Statements of a text or YAML input; a ``.yaml`` file must be a valid cycle file."""
    is_yaml = name.endswith((".yaml", ".yml"))
    loaded = load_text(text, name) if is_yaml or "evidence:" in text else None
    document = loaded.document if loaded is not None else None
    if document is not None and isinstance(document.data.get("evidence"), list):
        return _from_yaml(document.data, name)
    if is_yaml:
        if loaded is not None and loaded.diagnostics:
            where = loaded.diagnostics[0]
            raise InputError(f"{name}:{where.line}:{where.column}: {where.message}")
        raise InputError(f"{name} has no evidence list; give a cycle file or plain text")
    lines = (_BULLET.sub("", line).strip() for line in text.splitlines())
    return [Statement(line) for line in lines if line and not line.startswith("#")]


@dataclass(frozen=True)
class Person:
    """Who wrote a cycle file's statements: their name counts as their role, their level
    is what "above level" is measured from."""

    name: str = ""
    level: Level | None = None
    track: str | None = None


def person_of(source: str, words: WordLists) -> Person:
    """The person of ``person.yaml`` next to a cycle file (nobody for text input)."""
    if source in ("-", "<stdin>"):
        return Person()
    path = Path(source).parent / "person.yaml"
    if not path.is_file():
        return Person()
    loaded = load_file(path, path.parent)
    data = loaded.document.data if loaded.document is not None else {}
    name, level_id, track = (data.get(key) for key in ("name", "level", "track"))
    level = words.ladder.level(str(level_id)) if words.ladder and level_id is not None else None
    return Person(
        name if isinstance(name, str) else "",
        level,
        track if isinstance(track, str) else None,
    )


def _row(result: Assessment) -> dict[str, Any]:
    found = {part: words for part, words in result.found if part not in SIGNALS}
    return {
        "text": result.text,
        "verdict": result.verdict,
        "missing": list(result.missing),
        "found": found,
        "not_counted": {k: w for k, w in result.found if k in SIGNALS},
        "above_level": result.above_level,
        "vague_verbs": list(result.vague_verbs),
        "hints": list(result.hints),
    }


def render_json(results: list[Assessment]) -> str:
    """The results as a JSON list: what the text output says, as data.

    Each row has the text, the verdict, the missing parts, the parts found (part ->
    the words that showed it, "above-level" among them), what was found but not
    counted (effort, activity, adjectives, period -> words), whether it reads above
    the level, the vague verbs, and the hints.
    """
    return json.dumps([_row(r) for r in results], indent=2, ensure_ascii=False) + "\n"


def _wrap(text: str, indent: str, hang: str = "") -> str:
    return textwrap.fill(text, _WIDTH, initial_indent=indent, subsequent_indent=indent + hang)


def _explain(result: Assessment) -> list[str]:
    lines = [_wrap(f"{result.verdict.upper()}: {result.text}", "")]
    row = _row(result)
    shown = [f"{part} ({words})" for part, words in row["found"].items()]
    if shown:
        lines.append(_wrap("Found: " + "; ".join(shown) + ".", "  "))
    ignored = [f"{kind} ({words})" for kind, words in row["not_counted"].items()]
    if ignored:
        lines.append(_wrap("Not counted as a result: " + "; ".join(ignored) + ".", "  "))
    if result.verdict == "weak":
        gone = ", ".join(_PARTS.get(p, p) for p in result.missing) or "a specific result"
        lines.append(_wrap(f"This will not survive questioning yet: it lacks {gone}.", "  "))
    elif result.hints:
        lines.append(_wrap("Close. To make it strong:", "  "))
    lines.extend(_wrap(f"- {hint}", "    ", "  ") for hint in result.hints)
    return lines


def render_text(results: list[Assessment], source: str, origin: str = "") -> str:
    """A coach's reading of each statement, then a one-line tally."""
    blocks = ["\n".join(_explain(r)) for r in results]
    tally = {v: sum(r.verdict == v for r in results) for v in ("strong", "adequate", "weak")}
    summary = (
        f"{len(results)} statement(s) from {source}: {tally['strong']} strong, "
        f"{tally['adequate']} adequate, {tally['weak']} weak."
        + (f" Judged with the {origin}." if origin else "")
    )
    return "\n\n".join([*blocks, summary]) + "\n"
