"""``calib evidence check``: a writing aid that judges evidence statements.

It always exits 0 on readable input: weak statements are advice, not failure.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from calibration.analysis.evidence import assess
from calibration.commands import fail, say
from calibration.evidence_check import (
    InputError,
    load_words,
    parse_statements,
    person_of,
    read_source,
    render_json,
    render_text,
)


def run_evidence_check(
    source: str, *, fmt: str, root: Path | None, stdin: TextIO | None = None
) -> int:
    """Judge every statement of ``source`` (a path or ``-``) and print the verdicts."""
    try:
        words, origin = load_words(root)
        text, name = read_source(source, stdin or sys.stdin)
        statements = parse_statements(text, name)
    except InputError as exc:
        return fail(str(exc), 2)
    who = person_of(source, words)
    results = [
        assess(
            s.text,
            words=words,
            evidence=s.evidence,
            name=who.name,
            level=who.level,
            track=who.track,
        )
        for s in statements
    ]
    if not results:
        say(f"no statements in {name}; write one statement per line")
    text_out = render_json(results) if fmt == "json" else render_text(results, name, origin)
    sys.stdout.write(text_out)
    return 0
