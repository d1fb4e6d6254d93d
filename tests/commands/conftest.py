"""Helpers of the everyday-command tests: run the real command line, in a chosen folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from command_helpers import Calib

from calibration.cli import main


@pytest.fixture
def calib(monkeypatch: pytest.MonkeyPatch) -> Calib:
    """``calib(*args, cwd=...)``: the command line in-process, from ``cwd`` when given.

    Standard input is not a terminal, as in a script: missing values are usage errors.
    """

    def run(*args: str, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        env = {k: None for k in os.environ if k.startswith("GITHUB_")}
        return CliRunner().invoke(main, list(args), env=env)

    return run
