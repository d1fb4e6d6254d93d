"""The promotion pipeline beyond opened cases: who else does the record say operates above level?

Each rule is a small registered function that looks at one person without a
case in a cycle and returns a :class:`Signal` (its reason in words and the
parts of the record behind it) or None. A person is suggested when at least
``min_rules`` rules raise them. Thresholds come from ``pipeline`` in
``rubric/rules.yaml``; a threshold of 0, or an empty list, switches a rule off.

Nobody with a case in the cycle, a promotion decision in its outcomes, or no
level above theirs is suggested: the suggestion is for the room to ask "should
someone write this case?", not a verdict.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from calibration.analysis.common import is_high, ratings_in
from calibration.analysis.flags import FlagContext, strong_above_level
from calibration.analysis.matching import PhraseIndex, find_phrases, index_phrases, tokenize
from calibration.analysis.peers import corroborates
from calibration.analysis.tenure import tenure_in
from calibration.analysis.types import Cited, Signal, Suggestion, Tenure
from calibration.model import (
    Cycle,
    Level,
    Observation,
    Org,
    PipelineSettings,
    Prefill,
    PromotionDecision,
)
from calibration.model.queries import level_held

OUTSIDE_RELATIONSHIPS = frozenset(("cross-team",))
"""Relationships that place an observer outside the team when their own team is unknown."""
WINDOW = 6
"""Most words between a closeness phrase and the level it names ("close to the next level")."""


@dataclass
class PipelineContext:
    """What every pipeline rule reads: the cycle's flag context and the pipeline settings."""

    flags: FlagContext
    settings: PipelineSettings
    _ratings: dict[str, dict[str, str | None]] = field(default_factory=dict)

    @property
    def org(self) -> Org:
        """The model."""
        return self.flags.org

    @property
    def cycle(self) -> Cycle:
        """The cycle whose people are considered."""
        return self.flags.cycle

    def ratings(self, cycle_id: str) -> dict[str, str | None]:
        """Everyone's rating in a cycle (calibrated where decided), computed once per cycle."""
        if cycle_id not in self._ratings:
            self._ratings[cycle_id] = ratings_in(self.org, cycle_id)
        return self._ratings[cycle_id]

    @cached_property
    def strong_items(self) -> dict[str, list[int]]:
        """Per handle, the indexes of evidence items that are strong and show above-level scope."""
        out: dict[str, list[int]] = {}
        for (handle, index), found in sorted(self.flags.assessments.items()):
            if found.verdict == "strong" and found.above_level:
                out.setdefault(handle, []).append(index)
        return out

    def tenure(self, handle: str) -> Tenure:
        """Time at level at the end of the cycle."""
        return tenure_in(self.org, handle, self.cycle)

    @cached_property
    def above_phrases(self) -> PhraseIndex:
        """The rubric's above-level phrases, indexed once for the peer observations."""
        return index_phrases({"above": self.flags.words.get("above_level_phrases")})

    @cached_property
    def previous_decisions(self) -> dict[str, PromotionDecision]:
        """The last promotion decision per person in the previous cycle's outcomes."""
        previous = self.org.previous_cycle(self.cycle.id)
        outcomes = self.org.outcomes.get(previous.id) if previous else None
        return {d.person: d for d in outcomes.promotions} if outcomes else {}


PipelineCheck = Callable[[PipelineContext, Prefill, Level], Signal | None]


@dataclass(frozen=True)
class PipelineRule:
    """A registered pipeline rule: its id, its one-line doc and its check."""

    id: str
    doc: str
    check: PipelineCheck


PIPELINE_RULES: dict[str, PipelineRule] = {}


def pipeline_rule(rule_id: str) -> Callable[[PipelineCheck], PipelineCheck]:
    """Register a pipeline rule under ``rule_id``; its docstring's first line documents it."""

    def register(check: PipelineCheck) -> PipelineCheck:
        doc = (check.__doc__ or "").strip().splitlines()[0] if check.__doc__ else ""
        PIPELINE_RULES[rule_id] = PipelineRule(rule_id, doc, check)
        return check

    return register


def _rating_cited(ctx: PipelineContext, handle: str, cycle: Cycle) -> Cited:
    org = ctx.org
    outcomes = org.outcomes.get(cycle.id)
    entry = outcomes.rating_of(handle) if outcomes else None
    label = org.scale.label(ctx.ratings(cycle.id).get(handle))
    if entry is not None and entry.rating and outcomes is not None:
        return Cited("ratings", f"{cycle.name}: {label} (calibrated)", outcomes.source, entry.path)
    prefill = org.prefills.get((handle, cycle.id))
    source = prefill.source if prefill else ""
    return Cited("ratings", f"{cycle.name}: {label} (proposed)", source, ("proposed_rating",))


@pipeline_rule("sustained-high")
def sustained_high(ctx: PipelineContext, prefill: Prefill, level: Level) -> Signal | None:
    """Rated at or above the high rating in ``sustained_high_cycles`` cycles in a row."""
    need, org = ctx.settings.sustained_high_cycles, ctx.org
    if need <= 0 or org.scale.get(org.settings.high_rating) is None:
        return None
    ordered = org.cycles_in_order()
    ids = [c.id for c in ordered]
    if ctx.cycle.id not in ids:
        return None
    window = ordered[: ids.index(ctx.cycle.id) + 1][-need:]
    if len(window) < need:
        return None
    if not all(is_high(org, ctx.ratings(c.id).get(prefill.handle)) for c in window):
        return None
    high = org.scale.label(org.settings.high_rating)
    return Signal(
        "sustained-high",
        f"rated {high} or above in each of the last {need} cycles",
        tuple(_rating_cited(ctx, prefill.handle, c) for c in window),
    )


def _strong_cited(ctx: PipelineContext, prefill: Prefill) -> tuple[Cited, ...]:
    return tuple(
        Cited("evidence", prefill.evidence[i].statement, prefill.source, prefill.evidence[i].path)
        for i in ctx.strong_items.get(prefill.handle, [])
        if i < len(prefill.evidence)
    )


@pipeline_rule("strong-above-level")
def strong_evidence(ctx: PipelineContext, prefill: Prefill, level: Level) -> Signal | None:
    """At least ``strong_above_level`` evidence items this cycle are strong and above the level."""
    need = ctx.settings.strong_above_level
    count = strong_above_level(ctx.flags, prefill.handle)
    if need <= 0 or count < need:
        return None
    return Signal(
        "strong-above-level",
        f"{count} evidence item(s) this cycle are strong and show scope above {level.id} "
        f"({need} raise a suggestion)",
        _strong_cited(ctx, prefill),
    )


def _outside(ctx: PipelineContext, prefill: Prefill, obs: Observation) -> bool:
    """True when the observer works outside the person's team."""
    person, observer = ctx.org.people.get(prefill.handle), ctx.org.people.get(obs.observer or "")
    if person is not None and observer is not None and person.team and observer.team:
        return observer.team != person.team
    return obs.relationship in OUTSIDE_RELATIONSHIPS


def _observation_text(ctx: PipelineContext, obs: Observation) -> str:
    observer = ctx.org.people.get(obs.observer or "")
    who = observer.name if observer else (obs.observer or "unnamed")
    relation = f", {obs.relationship}" if obs.relationship else ""
    return f"{who}{relation}: {obs.observation}"


@pipeline_rule("peers-above-level")
def peers_above(ctx: PipelineContext, prefill: Prefill, level: Level) -> Signal | None:
    """At least ``peers_above_level`` peers name a specific result seen from outside the team."""
    need, words = ctx.settings.peers_above_level, ctx.flags.words
    # Cheap tests first: only observations from outside the team, or with an
    # above-level phrase, are read for a specific result.
    reach = [
        obs
        for obs in prefill.observations
        if _outside(ctx, prefill, obs) or find_phrases(tokenize(obs.observation), ctx.above_phrases)
    ]
    if need <= 0 or len(reach) < need:
        return None
    chosen = [obs for obs in reach if corroborates(obs.observation, words)]
    if len(chosen) < need:
        return None
    return Signal(
        "peers-above-level",
        f"{len(chosen)} of {len(prefill.observations)} peer observations name a specific result "
        f"and come from another team or describe scope above {level.id}",
        tuple(
            Cited("peer_observations", _observation_text(ctx, o), prefill.source, o.path)
            for o in chosen
        ),
    )


@pipeline_rule("long-at-level")
def long_at_level(ctx: PipelineContext, prefill: Prefill, level: Level) -> Signal | None:
    """At the level ``long_at_level_cycles`` cycles or more, with strong above-level work now."""
    settings = ctx.settings
    if settings.long_at_level_cycles <= 0:
        return None
    tenure = ctx.tenure(prefill.handle)
    strong = strong_above_level(ctx.flags, prefill.handle)
    if tenure.cycles is None or tenure.cycles < settings.long_at_level_cycles:
        return None
    if strong < settings.long_at_level_strong:
        return None
    basis = {"promotion": "promoted", "level_since": "level since", "start_date": "started"}
    return Signal(
        "long-at-level",
        f"at {level.id} for {tenure.cycles} cycles ({basis.get(tenure.basis, 'since')} "
        f"{tenure.since}) with {strong} strong, above-level evidence item(s) this cycle",
        _strong_cited(ctx, prefill),
    )


_CLAUSE = re.compile(r"[.;:!?]+(?:\s|$)")


def _names_level_above(ctx: PipelineContext, words: list[str], level: Level) -> bool:
    above = [lv for lv in ctx.org.ladder.levels if lv.order > level.order]
    names = [tokenize(lv.id) for lv in above] + [tokenize(lv.name) for lv in above]
    names += [tokenize(w) for w in ctx.settings.next_level_words]
    return any(
        name and words[i : i + len(name)] == name for name in names for i in range(len(words))
    )


def close_to_level(ctx: PipelineContext, text: str, level: Level) -> str:
    """The clause of ``text`` that says the person is close to a level above theirs, or ``""``.

    A closeness phrase ("close to") must be followed within :data:`WINDOW`
    words of the same clause by a level above (its id or name) or a
    next-level word, and must not have a negation among the three words
    before it ("not close to L5").
    """
    phrases = [words for words in (tokenize(p) for p in ctx.settings.close_phrases) if words]
    negations = {w.lower() for w in ctx.settings.negations}
    for clause in _CLAUSE.split(text):
        tokens = tokenize(clause)
        for phrase in phrases:
            for i in range(len(tokens) - len(phrase) + 1):
                if tokens[i : i + len(phrase)] != phrase:
                    continue
                if negations & set(tokens[max(0, i - 3) : i]):
                    continue
                after = tokens[i + len(phrase) : i + len(phrase) + WINDOW]
                if _names_level_above(ctx, after, level):
                    return clause.strip()
    return ""


@pipeline_rule("manager-words")
def manager_words(ctx: PipelineContext, prefill: Prefill, level: Level) -> Signal | None:
    """The manager's uncertainty says the person is close to a level above theirs."""
    if not ctx.settings.close_phrases or not prefill.uncertainty:
        return None
    found = close_to_level(ctx, prefill.uncertainty, level)
    if not found:
        return None
    return Signal(
        "manager-words",
        "the manager writes that the person is close to a level above theirs, without a case",
        (Cited("uncertainty", found, prefill.source, ("uncertainty",)),),
    )


@pipeline_rule("case-to-revisit")
def case_to_revisit(ctx: PipelineContext, prefill: Prefill, level: Level) -> Signal | None:
    """The previous cycle's case ended undecided or with a decision to revisit it."""
    org, revisit = ctx.org, ctx.settings.revisit_decisions
    previous = org.previous_cycle(ctx.cycle.id)
    earlier = org.prefills.get((prefill.handle, previous.id)) if previous else None
    if previous is None or earlier is None or earlier.promotion is None or not revisit:
        return None
    outcomes = org.outcomes.get(previous.id)
    decision = ctx.previous_decisions.get(prefill.handle)
    if decision is None or not decision.decision:
        if previous.phase != "closed":
            return None  # the room may still decide it
        cited = Cited(
            "promotion_cases", f"{previous.name}: the case was never decided", earlier.source
        )
        return Signal("case-to-revisit", f"the case of {previous.name} was never decided", (cited,))
    if decision.decision not in revisit or outcomes is None:
        return None
    text = f"{previous.name}: {decision.decision}" + (
        f". {decision.rationale}" if decision.rationale else ""
    )
    return Signal(
        "case-to-revisit",
        f"the case of {previous.name} was {decision.decision} and no case was written since",
        (Cited("promotion_cases", text, outcomes.source, decision.path),),
    )


def _decided(org: Org, cycle_id: str) -> set[str]:
    outcomes = org.outcomes.get(cycle_id)
    return {d.person for d in outcomes.promotions} if outcomes else set()


def find_suggestions(flags: FlagContext) -> dict[str, Suggestion]:
    """Every person without a case the pipeline rules raise, most signals first, then by name."""
    org, cycle = flags.org, flags.cycle
    ctx = PipelineContext(flags, org.settings.pipeline)
    need = max(1, ctx.settings.min_rules)
    decided = _decided(org, cycle.id)
    found: list[Suggestion] = []
    for prefill in org.prefills_for(cycle.id):
        person = org.people.get(prefill.handle)
        level = level_held(org, prefill.handle, cycle.id)
        if person is None or level is None or prefill.promotion is not None:
            continue
        if prefill.handle in decided:
            continue
        targets = org.ladder.next_levels(level.id, person.track)
        if not targets:
            continue
        signals = [s for rule in PIPELINE_RULES.values() if (s := rule.check(ctx, prefill, level))]
        if len(signals) >= need:
            found.append(Suggestion(prefill.handle, level.id, targets[0].id, tuple(signals)))
    found.sort(key=lambda s: (-len(s.signals), org.people[s.handle].name.casefold(), s.handle))
    return {s.handle: s for s in found}
