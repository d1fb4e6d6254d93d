"""``calib evidence check``: a writing aid that judges statements the way the room will.

Input is plain text (one statement per line; blank lines, ``#`` comments and
list bullets are skipped) or a cycle file (``people/<handle>/<cycle>.yaml``),
whose evidence items are judged with their ``scope`` and ``metrics``. Word
lists come from the repository's ``rubric/rules.yaml`` when there is one, else
the built-in defaults. It always exits 0 on readable input: weak statements are
advice, not failure.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from calibration.analysis.evidence import assess
from calibration.analysis.types import Assessment
from calibration.analysis.words import WordLists, word_lists
from calibration.model import Evidence
from calibration.records import prefill_from, settings_from, teams_from
from calibration.yamlio import decode, load_file, load_text

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
    """The word lists of the repository at ``root`` (or built-in ones), and where they came from."""
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
    return word_lists(settings.evidence_words, names), "word lists of rubric/rules.yaml"


def _read(source: str, stdin: TextIO) -> tuple[str, str]:
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


def _person_name(source: str) -> str:
    """The name in ``person.yaml`` next to a cycle file, so "Ada shipped" counts as her role."""
    if source in ("-", "<stdin>"):
        return ""
    person = Path(source).parent / "person.yaml"
    if not person.is_file():
        return ""
    loaded = load_file(person, person.parent)
    name = loaded.document.data.get("name") if loaded.document is not None else None
    return name if isinstance(name, str) else ""


def render_json(results: list[Assessment]) -> str:
    """The results as a JSON list of text, verdict, missing parts and hints."""
    rows = [
        {"text": r.text, "verdict": r.verdict, "missing": list(r.missing), "hints": list(r.hints)}
        for r in results
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def _wrap(text: str, indent: str, hang: str = "") -> str:
    return textwrap.fill(text, _WIDTH, initial_indent=indent, subsequent_indent=indent + hang)


def _explain(result: Assessment) -> list[str]:
    lines = [_wrap(f"{result.verdict.upper()}: {result.text}", "")]
    shown = [f"{part} ({words})" for part, words in result.found]
    if shown:
        lines.append(_wrap("Found: " + "; ".join(shown) + ".", "  "))
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


def run_evidence_check(
    source: str, *, fmt: str, root: Path | None, stdin: TextIO | None = None
) -> int:
    """Judge every statement of ``source`` (a path or ``-``) and print the verdicts."""
    try:
        words, origin = load_words(root)
        text, name = _read(source, stdin or sys.stdin)
        statements = parse_statements(text, name)
    except InputError as exc:
        sys.stderr.write(f"calib: {exc}\n")
        return 2
    person = _person_name(source)
    results = [assess(s.text, words=words, evidence=s.evidence, name=person) for s in statements]
    if not results:
        sys.stderr.write(f"calib: no statements in {name}; write one statement per line\n")
    text_out = render_json(results) if fmt == "json" else render_text(results, name, origin)
    sys.stdout.write(text_out)
    return 0
