"""Fixtures of the rubric tests (the helpers live in ``rubric_helpers``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rubric_helpers import TWO_TRACK, Calib, run_calib


@pytest.fixture
def calib() -> Calib:
    """Run the real ``calib`` command line in-process."""
    return run_calib


@pytest.fixture
def two_track(tmp_path: Path) -> Path:
    """A writable copy of the two-track ladder org."""
    return Path(shutil.copytree(TWO_TRACK, tmp_path / "two-track"))


@pytest.fixture
def empty_repo(tmp_path: Path) -> Path:
    """An empty folder to import into."""
    root = tmp_path / "repo"
    root.mkdir()
    return root
