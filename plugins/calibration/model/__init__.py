"""The calibration model: the rubric, people, cycles and the org, as plain data.

Records are built from documents by :mod:`calibration.load.records`; the questions
several layers ask of them (the level someone held in a cycle, who a cycle expects,
how complete it is) are answered once, in :mod:`calibration.model.queries`.
"""

from __future__ import annotations

from calibration.model.cycles import (
    CalibratedRating,
    Cycle,
    Deadline,
    Outcomes,
    OutlierExplanation,
    PromotionDecision,
)
from calibration.model.org import (
    Org,
)
from calibration.model.people import (
    Evidence,
    Observation,
    Person,
    Prefill,
    Project,
    Promotion,
    Team,
)
from calibration.model.rubric import (
    Audience,
    Dimension,
    Expectation,
    Ladder,
    Level,
    PipelineSettings,
    Rating,
    ReviewSettings,
    Scale,
    Settings,
    SiteAllowlist,
    Track,
)

__all__ = [
    "Audience",
    "CalibratedRating",
    "Cycle",
    "Deadline",
    "Dimension",
    "Evidence",
    "Expectation",
    "Ladder",
    "Level",
    "Observation",
    "Org",
    "Outcomes",
    "OutlierExplanation",
    "Person",
    "PipelineSettings",
    "Prefill",
    "Project",
    "Promotion",
    "PromotionDecision",
    "Rating",
    "ReviewSettings",
    "Scale",
    "Settings",
    "SiteAllowlist",
    "Team",
    "Track",
]
