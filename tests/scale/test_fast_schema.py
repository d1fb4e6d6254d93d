"""The fast schema backend may only skip documents the reference validator also accepts."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calibration.load.repository import load_repository
from calibration.load.schema import _surely_valid, fast_validator, validator

pytest.importorskip("jsonschema_rs")

ORG = Path(__file__).resolve().parents[2]
"""The repository's own demo org: every kind of file, written by people."""

ODD_TEXT = st.sampled_from(
    ["", "2026-02-30", "2026-1-01", "20260101", "2026-01-01\n", "abc\n", "A-B", "é", "x" * 70, "L4"]
)
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats()
    | st.text(max_size=8)
    | ODD_TEXT,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=6) | ODD_TEXT, inner, max_size=3)
    ),
    max_leaves=6,
)


def _documents() -> list[tuple[str, Any]]:
    repo = load_repository(ORG, cache=False)
    return [(repo.kinds[relpath], doc.data) for relpath, doc in sorted(repo.documents.items())]


DOCUMENTS = _documents()


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _paths(child, (*prefix, index))
    return out


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copied = copy.deepcopy(data)
    target = copied
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return copied


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(DOCUMENTS) - 1), st.integers(0, 10_000), VALUES, st.booleans())
def test_fast_valid_means_reference_valid(which: int, where: int, value: Any, as_key: bool) -> None:
    """Whatever one value of a real file is changed to, a fast "valid" is never wrong."""
    kind, data = DOCUMENTS[which]
    paths = _paths(data)
    path = paths[where % len(paths)]
    changed = _replace(data, path, value)
    if as_key and isinstance(changed, dict) and isinstance(value, str):
        changed = {**changed, value: 1}
    if _surely_valid(changed, kind):
        assert not list(validator(kind).iter_errors(changed)), (kind, path, value)


def test_the_fast_backend_runs_here() -> None:
    """The schemas compile, and real files are accepted by both."""
    for kind, data in DOCUMENTS:
        assert fast_validator(kind) is not None
        if not list(validator(kind).iter_errors(data)):
            assert _surely_valid(data, kind), kind
