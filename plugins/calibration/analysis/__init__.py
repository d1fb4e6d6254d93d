"""Judgement aids: evidence quality, complexity, outliers, flags, promotion readiness, pipeline.

Everything here is a pure function of the model and ``rubric/rules.yaml``; the
validator and the site both read the same :class:`CycleAnalysis`.
"""

from __future__ import annotations

from calibration.analysis.cycle import analyze_cycle
from calibration.analysis.types import (
    Assessment,
    Cited,
    Complexity,
    CycleAnalysis,
    Flag,
    OutlierFlag,
    Readiness,
    Signal,
    Suggestion,
    Tenure,
)

__all__ = [
    "Assessment",
    "Cited",
    "Complexity",
    "CycleAnalysis",
    "Flag",
    "OutlierFlag",
    "Readiness",
    "Signal",
    "Suggestion",
    "Tenure",
    "analyze_cycle",
]
