"""Disclosure control: the one place that decides which aggregate numbers an audience sees.

Every count, share, mean or chart value a site shows about more than one
person comes from a :class:`CycleRelease`, computed once per audience and
cycle by :func:`compute_release`. Pages format a release; they never count
people themselves. The rules (threshold, l-diversity, dominance, secondary
suppression) are described in :mod:`calibration.disclosure.policy` and
:mod:`calibration.disclosure.partition`, and in SECURITY.md.
"""

from __future__ import annotations

from calibration.disclosure.partition import Cell, Group, Split, protect
from calibration.disclosure.policy import Policy
from calibration.disclosure.release import (
    CompletenessCounts,
    CycleRelease,
    RatingsRelease,
    Table,
    compute_release,
    finding_subject,
)

__all__ = [
    "Cell",
    "CompletenessCounts",
    "CycleRelease",
    "Group",
    "Policy",
    "RatingsRelease",
    "Split",
    "Table",
    "compute_release",
    "finding_subject",
    "protect",
]
