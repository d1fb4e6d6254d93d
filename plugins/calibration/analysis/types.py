"""The results judgement aids produce (plain data, shared by rules and pages)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Assessment:
    """Verdict on one evidence statement.

    ``verdict`` is ``weak``, ``adequate`` or ``strong``; ``missing`` names the
    absent parts of a strong statement (``outcome``, ``scope``, ``before-after``,
    ``own-role``); ``hints`` say, as a coach would, what to add; ``above_level``
    is true when the statement signals scope above the level.
    """

    text: str
    verdict: str
    missing: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    vague_verbs: tuple[str, ...] = ()
    above_level: bool = False
    found: tuple[tuple[str, str], ...] = ()  # (part, the words that showed it), to explain


@dataclass(frozen=True)
class Complexity:
    """Project complexity: the weighted score and its band (``low``/``medium``/``high``)."""

    score: float
    band: str
    parts: tuple[tuple[str, str, float], ...] = ()  # (factor, value, points)


@dataclass(frozen=True)
class OutlierFlag:
    """A manager whose share of high ratings at one level differs from the rest of the org."""

    manager: str
    level: str
    high: int
    total: int
    rest_high: int
    rest_total: int
    p_value: float
    direction: str  # "lenient" or "harsh"
    explained: bool = False
    explanation: str = ""
    levels: tuple[str, ...] = ()  # every level id compared together (same order across tracks)
    handles: tuple[str, ...] = ()  # the manager's people counted in ``high``/``total``


@dataclass(frozen=True)
class Flag:
    """A rule-based flag on a person, a team or a manager, with the reason in words."""

    id: str
    subject: str  # a handle or a team id
    kind: str  # "person", "team" or "manager"
    message: str
    source: str = ""  # relative path of the file it concerns
    path: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class Readiness:
    """Promotion readiness of one case: ``ready``, ``close`` or ``not-yet``, with reasons."""

    handle: str
    current_level: str | None
    target_level: str | None
    status: str
    reasons: tuple[str, ...] = ()
    covered: tuple[tuple[str, str], ...] = ()  # (dimension id, best verdict) per dimension
    expectations: tuple[tuple[str, tuple[str, ...]], ...] = ()  # dimension id -> texts
    peer_corroboration: int = 0
    gap: str = ""
    peer_total: int = 0  # observations considered (on the case's dimensions, or all)
    strong_above: int = 0  # cited items that are strong and show above-level scope


@dataclass
class CycleAnalysis:
    """Everything the judgement aids found for one cycle."""

    cycle: str
    # keyed by (handle, index of the item in the person's evidence list)
    assessments: dict[tuple[str, int], Assessment] = field(default_factory=dict)
    complexity: dict[str, Complexity] = field(default_factory=dict)  # handle -> complexity
    outliers: list[OutlierFlag] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    readiness: dict[str, Readiness] = field(default_factory=dict)  # handle -> readiness

    def flags_for(self, subject: str) -> list[Flag]:
        """Flags about one person, team or manager."""
        return [f for f in self.flags if f.subject == subject]

    def strength(self, handle: str) -> str:
        """The best verdict of a person's evidence (strong > adequate > weak), or ``""``."""
        order = {"weak": 0, "adequate": 1, "strong": 2}
        verdicts = [a.verdict for (h, _), a in self.assessments.items() if h == handle]
        return max(verdicts, key=lambda v: order.get(v, -1)) if verdicts else ""
