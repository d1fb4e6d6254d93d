"""Types shared by the everyday-command tests (fixtures live in this folder's conftest)."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import Result

Calib = Callable[..., Result]
"""``calib(*args, cwd=...)``: the command line in-process, from ``cwd`` when given."""
