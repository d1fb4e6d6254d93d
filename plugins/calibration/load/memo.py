"""Results of pure per-item functions, remembered between runs through the cache.

A table maps a key built from a function's inputs (plain text and numbers) to
its result as plain data. Because the key is the inputs themselves, a table
can never give a stale answer; :mod:`calibration.load.cache` stores the tables next
to the parsed documents so an unchanged repository skips the work entirely.
"""

from __future__ import annotations

import hashlib
from typing import Any

TABLES: dict[str, dict[Any, Any]] = {}
"""Every table of this process, by name."""


def table(name: str) -> dict[Any, Any]:
    """The table called ``name`` (created empty on first use)."""
    return TABLES.setdefault(name, {})


def fingerprint(*parts: object) -> str:
    """A short stable name for a set of inputs shared by all keys of a table."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
