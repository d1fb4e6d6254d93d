"""Parsing in worker processes gives exactly what parsing in one process gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from calibration.load import batch, memo
from calibration.load.repository import load_repository
from calibration.validate import validate_repository


def test_workers_match_one_process(org_150: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same documents, same order, same diagnostics, with the pool forced on."""
    serial = load_repository(org_150, cache=False)
    monkeypatch.setattr(batch, "PARALLEL_FROM", 1)
    pooled = load_repository(org_150, cache=False)
    assert list(pooled.documents) == list(serial.documents)
    assert all(pooled.documents[k].data == d.data for k, d in serial.documents.items())
    assert validate_repository(pooled) == validate_repository(serial)
    assert pooled.parsed == serial.parsed == len(serial.kinds)


def test_forked_verdicts_and_positions_match_one_process(
    org_150: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Verdicts and positions worked out in forked workers give the one-process result."""
    monkeypatch.setattr(batch, "FORK_FROM", 10**9)
    memo.TABLES.clear()
    serial = validate_repository(load_repository(org_150, cache=False))
    monkeypatch.setattr(batch, "FORK_FROM", 1)
    memo.TABLES.clear()
    forked_repo = load_repository(org_150, cache=False)
    for doc in forked_repo.documents.values():  # every position must come from the workers
        doc.marks.clear()
    forked = validate_repository(forked_repo)
    assert forked == serial
    assert any(d.rule == "weak-evidence" for d in forked)
    assert any(doc.marks for doc in forked_repo.documents.values())
    assert all(doc._root is None for doc in forked_repo.documents.values())
