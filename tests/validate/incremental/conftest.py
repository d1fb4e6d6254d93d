"""Shared set-up of the incremental validation tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _own_signing_key(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the cache's signing key out of the real user cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "user-cache"))
