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


@dataclass(frozen=True)
class Cited:
    """One piece of the record behind a pipeline suggestion, with the kind of content it is."""

    kind: str  # the confidential kind: ratings, evidence, peer_observations, uncertainty...
    text: str
    source: str  # relative path of the file it comes from
    path: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class Signal:
    """What one pipeline rule found about a person: the rule, the reason in words, the record."""

    rule: str
    reason: str
    cited: tuple[Cited, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    """A person without a promotion case whose record suggests they operate above their level."""

    handle: str
    level: str | None
    target: str | None  # the next level on their track
    signals: tuple[Signal, ...]

    @property
    def rules(self) -> tuple[str, ...]:
        """Ids of the rules that raised the suggestion."""
        return tuple(s.rule for s in self.signals)


@dataclass(frozen=True)
class Step:
    """One approved promotion and how long the person had been at the level it left."""

    from_level: str | None
    to_level: str | None
    cycle: str  # the cycle whose outcomes approved it
    months: int | None  # at the old level when the cycle ended
    cycles: int | None
    counted_from: str  # "promotion" (an earlier one) or "start_date"


@dataclass(frozen=True)
class Tenure:
    """Time at level at the end of one cycle, and where the date it counts from comes from.

    ``basis`` is ``promotion`` (approved in ``basis_cycle``'s outcomes),
    ``level_since`` (person.yaml), ``start_date`` (no promotion recorded: an
    upper bound) or ``unknown``. ``cycles`` counts the cycles of this cycle's
    length that the time touches, this one included.
    """

    handle: str
    level: str | None
    since: str | None
    basis: str
    basis_cycle: str | None = None
    months: int | None = None
    cycles: int | None = None
    steps: tuple[Step, ...] = ()


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
    # people without a case whom the pipeline rules raise, most signals first
    suggestions: dict[str, Suggestion] = field(default_factory=dict)

    def flags_for(self, subject: str) -> list[Flag]:
        """Flags about one person, team or manager."""
        return [f for f in self.flags if f.subject == subject]

    def strength(self, handle: str) -> str:
        """The best verdict of a person's evidence (strong > adequate > weak), or ``""``."""
        order = {"weak": 0, "adequate": 1, "strong": 2}
        verdicts = [a.verdict for (h, _), a in self.assessments.items() if h == handle]
        return max(verdicts, key=lambda v: order.get(v, -1)) if verdicts else ""
