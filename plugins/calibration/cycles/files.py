"""Which files belong to a cycle."""

from __future__ import annotations

from calibration.load.layout import kind_of


def in_cycle(relpath: str, cycle_id: str) -> bool:
    """True for ``cycles/<id>/...`` and every ``people/<handle>/<id>.yaml``."""
    if relpath.startswith(f"cycles/{cycle_id}/"):
        return True
    if kind_of(relpath) != "prefill":
        return False
    return relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0] == cycle_id
