"""calibration-as-code: engineering calibration as YAML, validated in CI, rendered per audience."""

from __future__ import annotations

__version__ = "0.1.0"
