"""Helpers of the rubric tests: where the sheets and the two-track org live, and CLI runs."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from calibration.cli import main

SHEETS = Path(__file__).resolve().parent / "fixtures"
TWO_TRACK = Path(__file__).resolve().parents[1] / "fixtures" / "ladders" / "two-track"


@dataclass
class Run:
    """What one ``calib`` invocation printed and returned."""

    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        """Standard output parsed as JSON."""
        return json.loads(self.stdout)

    def located(self) -> list[str]:
        """The JSON report's diagnostics as ``row:col severity [rule]`` lines."""
        return [
            f"{d['line']}:{d['column']} {d['severity']} [{d['rule']}]"
            for d in self.json()["diagnostics"]
        ]


Calib = Callable[..., Run]


def run_calib(*args: str | Path) -> Run:
    """Run the real ``calib`` command line in-process."""
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)
