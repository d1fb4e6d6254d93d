"""Fixtures of the site tests (the helpers live in ``site_helpers``)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_helpers import copy_fixture


@pytest.fixture
def fixture_org(tmp_path: Path) -> Path:
    """A fresh copy of the fixture org."""
    return copy_fixture(tmp_path / "org")


@pytest.fixture(autouse=True)
def _quiet_mkdocs() -> Iterator[None]:
    """Keep MkDocs' logger level from leaking between tests."""
    logger = logging.getLogger("mkdocs")
    level = logger.level
    yield
    logger.setLevel(level)
