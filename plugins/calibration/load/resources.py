"""Where the shipped schemas live: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parents[1]


@cache
def schemas_dir() -> Path:
    """Return the folder holding ``*.schema.json`` (wheel copy first, then the checkout)."""
    for candidate in (_PACKAGE / "schemas", _PACKAGE.parent.parent / "schemas"):
        if (candidate / "person.schema.json").is_file():
            return candidate
    raise FileNotFoundError("the calibration schemas are missing from this installation")


@cache
def load_schema(kind: str) -> dict[str, Any]:
    """Return the JSON Schema of one file kind (``person``, ``prefill``, ...)."""
    with (schemas_dir() / f"{kind}.schema.json").open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema
