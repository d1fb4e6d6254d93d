"""Fixtures of the HR round-trip tests (the helpers live in ``hr_helpers``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hr_helpers import copy_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo org shared by a module's tests: read it, never write to it."""
    return copy_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A fresh, writable copy of the demo org."""
    return copy_demo(tmp_path / "org")
