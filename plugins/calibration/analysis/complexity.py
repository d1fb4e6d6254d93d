"""Project complexity: ambiguity, dependencies and novelty, weighted as the rubric says.

``rubric/rules.yaml`` gives points per value of each factor and two band
limits: a score at or above ``high_at`` is ``high``, at or below ``low_at`` is
``low``, anything between is ``medium``. Without weights there is no score.
"""

from __future__ import annotations

from typing import Any

from calibration.analysis.types import Complexity
from calibration.model import Project

FACTORS = ("ambiguity", "dependencies", "novelty")


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def has_weights(config: dict[str, Any]) -> bool:
    """True when the rubric gives points for at least one factor."""
    return any(isinstance(config.get(f), dict) and config.get(f) for f in FACTORS)


def score_project(project: Project, config: dict[str, Any]) -> Complexity | None:
    """Score one project, or None when the rubric has no weights or the project no values."""
    if not has_weights(config):
        return None
    parts: list[tuple[str, str, float]] = []
    for factor in FACTORS:
        value = getattr(project, factor)
        weights = config.get(factor)
        if value is None or not isinstance(weights, dict):
            continue
        points = _number(weights.get(value))
        parts.append((factor, value, points if points is not None else 0.0))
    if not parts:
        return None
    score = sum(p for _, _, p in parts)
    high_at, low_at = _number(config.get("high_at")), _number(config.get("low_at"))
    if high_at is not None and score >= high_at:
        band = "high"
    elif low_at is not None and score <= low_at:
        band = "low"
    else:
        band = "medium"
    return Complexity(score=score, band=band, parts=tuple(parts))
