"""Judgement aids: evidence quality, project complexity, outliers, flags, promotion readiness.

Everything here is a pure function of the model and ``rubric/rules.yaml``; the
validator and the site both read the same :class:`CycleAnalysis`.
"""

from __future__ import annotations

from calibration.analysis.cycle import analyze_cycle
from calibration.analysis.types import (
    Assessment,
    Complexity,
    CycleAnalysis,
    Flag,
    OutlierFlag,
    Readiness,
)

__all__ = [
    "Assessment",
    "Complexity",
    "CycleAnalysis",
    "Flag",
    "OutlierFlag",
    "Readiness",
    "analyze_cycle",
]
