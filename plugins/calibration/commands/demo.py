"""``calib demo generate``: write a synthetic org to try the tool on."""

from __future__ import annotations

import sys
from pathlib import Path

from calibration.commands import fail
from calibration.demo import DemoError, generate_org


def run_generate(target: Path, *, people: int, seed: int, rubric: Path | None) -> int:
    """The ``calib demo generate`` command: write the org and say what was written."""
    try:
        result = generate_org(target, people=people, seed=seed, rubric=rubric)
    except DemoError as exc:
        return fail(str(exc), 2)
    sys.stdout.write(
        f"wrote {result.files} files to {result.root}: {result.engineers} engineers, "
        f"{result.people} people, {result.teams} teams (seed {seed}); "
        f"check it with: calib validate {result.root}\n"
    )
    return 0
