"""Synthetic orgs shared by the scale tests (generated once per session, never modified)."""

from __future__ import annotations

from pathlib import Path

import pytest

from calibration.demo import generate_org
from calibration.load import batch

SEED = 20260


@pytest.fixture(autouse=True)
def _own_signing_key(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the cache's signing key out of the real user cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "user-cache"))


@pytest.fixture(autouse=True)
def _work_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the work after loading in this process, where the line counter sees it."""
    monkeypatch.setattr(batch, "FORK_FROM", 10**9)


@pytest.fixture(scope="session")
def org_150(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An org of 150 engineers."""
    return generate_org(tmp_path_factory.mktemp("org150") / "org", people=150, seed=SEED).root


@pytest.fixture(scope="session")
def org_300(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An org of 300 engineers, same seed."""
    return generate_org(tmp_path_factory.mktemp("org300") / "org", people=300, seed=SEED).root
