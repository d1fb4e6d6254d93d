"""The release: every aggregate one audience may see about one cycle, computed in one place.

Pages only format a release. Rating distributions form one hierarchy per
cycle and kind of rating (whole org > level > manager within a level), split
by :func:`~calibration.disclosure.partition.protect` at each step, so the
dashboard, the cycle page and the comparison page print sums of the same
finest groups and cannot be set against each other. Counts that are not about
ratings (files written, invisible-work items) pass the threshold rule, and
counts of validation findings cover only the people the reader may see
findings about.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from calibration.analysis.common import level_label, name_of
from calibration.diagnostics import Diagnostic
from calibration.disclosure.partition import Cell, Group, Split, protect
from calibration.disclosure.policy import PROPOSED, Policy
from calibration.model import Cycle, Org, Prefill
from calibration.model.queries import completeness, level_during

UNKNOWN_LEVEL = "Level not on the ladder"
POOLED_LEVELS = "Smaller levels combined"
POOLED_MANAGERS = "Other managers combined"
POOLED_TEAMS = "Other teams combined"
UNSPECIFIED = "unspecified"

# Findings whose message compares one manager's ratings with everyone else's:
# a count or a message of this rule says something about people out of view.
AGGREGATE_RULES = frozenset({"rating-outlier"})


@dataclass(frozen=True)
class Table:
    """Rows of one published table: shown groups, the combined row, and the total.

    ``small`` and ``merged`` name the groups counted only in ``pool`` (those that
    fail the rules on their own, and those that joined so the pool passes).
    ``total`` is None when the whole table is withheld.
    """

    columns: tuple[str, ...]
    total: Cell | None
    shown: tuple[Cell, ...] = ()
    pool: Cell | None = None
    small: tuple[str, ...] = ()
    merged: tuple[str, ...] = ()


@dataclass(frozen=True)
class RatingsRelease:
    """The distribution of one kind of rating (proposed or final) in one cycle."""

    kind: str
    levels: Table
    """By level: the dashboard's table; ``levels.total`` is the whole org."""
    by_level: dict[str, Table] = field(default_factory=dict)
    """By manager, for each level shown on its own (the comparison page)."""

    def level_table(self, level_id: str) -> Table | None:
        """The manager table of a level, or None when the level is only counted in a pool."""
        return self.by_level.get(level_id)


@dataclass(frozen=True)
class CompletenessCounts:
    """How complete a cycle is; ``names`` holds only people the reader may see findings about."""

    expected: int
    present: int
    missing_prefill: int
    missing_evidence: int
    few_peers: int
    no_invisible_answer: int
    observations: int
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class CycleRelease:
    """Everything aggregate that one audience may see about one cycle."""

    cycle_id: str
    policy: Policy
    ratings: tuple[RatingsRelease, ...] = ()
    withheld: str = ""
    """Why no rating distribution of this cycle is published to this reader ("" when one is)."""
    completeness: CompletenessCounts | None = None
    findings: tuple[tuple[str, str, int], ...] = ()
    """(rule, severity, count) over the findings this reader may see."""
    shown_findings: tuple[Diagnostic, ...] = ()
    invisible_open: Table | None = None
    """Invisible-work items per kind and team, people in the reader's view."""
    invisible_hidden: Table | None = None
    """The same for the people outside the reader's view, protected."""

    def of(self, kind: str) -> RatingsRelease | None:
        """The distribution of ``kind`` ("proposed" or "final"), when published."""
        return next((r for r in self.ratings if r.kind == kind), None)


def finding_subject(diag: Diagnostic) -> tuple[str | None, str | None]:
    """(cycle id, person handle) a finding's file belongs to."""
    parts = diag.file.split("/")
    if len(parts) == 3 and parts[0] == "people":
        stem = parts[2].rsplit(".", 1)[0]
        return (None if stem == "person" else stem), parts[1]
    if len(parts) == 3 and parts[0] == "cycles":
        return parts[1], None
    return None, None


def compute_release(
    org: Org,
    policy: Policy,
    cycle: Cycle,
    *,
    findings_of: Callable[[str], bool],
    current: bool = False,
    complexity: Mapping[str, float] | None = None,
    diagnostics: Iterable[Diagnostic] = (),
) -> CycleRelease:
    """The release of ``cycle`` for a reader with ``policy``.

    ``findings_of(handle)`` says whether the reader may see findings about a
    person; ``current`` marks the home page's cycle (findings of files outside
    any cycle count there); ``complexity`` holds project complexity scores.
    """
    ratings, withheld = _ratings(org, policy, cycle, complexity or {})
    shown = tuple(_visible_findings(policy, cycle, current, diagnostics, findings_of))
    counts = Counter((d.rule, d.severity) for d in shown)
    invisible_open, invisible_hidden = _invisible(org, policy, cycle)
    return CycleRelease(
        cycle.id,
        policy,
        ratings,
        withheld,
        _completeness(org, policy, cycle, findings_of),
        tuple((rule, sev, n) for (rule, sev), n in sorted(counts.items())),
        shown,
        invisible_open,
        invisible_hidden,
    )


def _rated(org: Org, cycle: Cycle, kind: str) -> list[tuple[str, str]]:
    """(handle, rating) of everyone with a rating of ``kind`` on the scale, by handle."""
    out = []
    for prefill in org.prefills_for(cycle.id):
        if prefill.handle not in org.people:
            continue
        rating = (
            prefill.proposed_rating
            if kind == PROPOSED
            else org.final_rating(prefill.handle, cycle.id)
        )
        if rating and org.scale.get(rating) is not None:
            out.append((prefill.handle, rating))
    return sorted(out)


def _ratings(
    org: Org, policy: Policy, cycle: Cycle, complexity: Mapping[str, float]
) -> tuple[tuple[RatingsRelease, ...], str]:
    outcomes = org.outcomes.get(cycle.id)
    kinds = policy.kinds(cycle, bool(outcomes and outcomes.ratings))
    if not kinds:
        if cycle.phase == "closed":
            return (), "No final ratings are recorded for this cycle."
        return (), (
            "Rating distributions of this cycle are published once it is closed, "
            "and then only the final ratings."
        )
    columns = tuple(r.id for r in org.scale.ratings)
    out = [_distribution(org, policy, cycle, kind, columns, complexity) for kind in kinds]
    return tuple(out), ""


def _distribution(
    org: Org,
    policy: Policy,
    cycle: Cycle,
    kind: str,
    columns: tuple[str, ...],
    complexity: Mapping[str, float],
) -> RatingsRelease:
    rated = _rated(org, cycle, kind)
    level_of = {h: level_during(org, h, cycle.id) or "" for h, _ in rated}
    known = [lv.id for lv in org.ladder.ordered_levels()]
    unknown = sorted(set(level_of.values()) - set(known))
    keys = {lv: lv for lv in known} | {lv: ",".join(unknown) for lv in unknown}
    labels = {lv: level_label(org, lv) for lv in known} | {",".join(unknown): UNKNOWN_LEVEL}
    groups = _groups(rated, lambda h: keys[level_of[h]], [*known, ",".join(unknown)], labels)
    counter = _Counts(org, policy, columns, complexity)
    everyone = Group("", "Total", tuple(h for h, _ in rated), tuple(r for _, r in rated))
    levels = counter.table(groups, POOLED_LEVELS, _level_spec, everyone)
    shown = {c.label for c in levels.shown}
    by_level: dict[str, Table] = {}
    for level in groups:
        if level.label not in shown:
            continue
        manager_of = {h: org.people[h].manager or "" for h in level.handles}
        managers = sorted(set(manager_of.values()), key=lambda m: (_name(org, m).casefold(), m))
        children = _groups(
            level.members, manager_of.__getitem__, managers, {m: _name(org, m) for m in managers}
        )
        ids = tuple(level.key.split(","))
        by_level[level.key] = counter.table(
            children,
            POOLED_MANAGERS,
            _manager_spec(ids),
            level,
            total_label="All managers",
            total_spec=(ids, None),
        )
    return RatingsRelease(kind, levels, by_level)


Spec = tuple[tuple[str, ...] | None, tuple[str, ...] | None]


def _level_spec(groups: Sequence[Group]) -> Spec:
    """Whom a row of the level table counts: the levels it covers, any manager."""
    return tuple(lv for g in groups for lv in g.key.split(",")), None


def _manager_spec(levels: tuple[str, ...]) -> Callable[[Sequence[Group]], Spec]:
    """Whom a row of a level's manager table counts: that level, the row's managers."""

    def spec(groups: Sequence[Group]) -> Spec:
        return levels, tuple(g.key for g in groups)

    return spec


def _groups(
    rated: Sequence[tuple[str, str]],
    key_of: Callable[[str], str],
    keys: Sequence[str],
    labels: Mapping[str, str],
) -> list[Group]:
    """One group per key, in the order of ``keys``; empty groups are dropped."""
    members: dict[str, list[tuple[str, str]]] = {}
    for handle, rating in rated:
        members.setdefault(key_of(handle), []).append((handle, rating))
    return [
        Group(key, labels[key], tuple(h for h, _ in found), tuple(r for _, r in found))
        for key in dict.fromkeys(keys)
        if (found := members.get(key))
    ]


def _name(org: Org, handle: str) -> str:
    return name_of(org, handle) or "No manager"


@dataclass
class _Counts:
    """Builds protected tables of rating counts for one policy."""

    org: Org
    policy: Policy
    columns: tuple[str, ...]
    complexity: Mapping[str, float]

    def passes(self, groups: Sequence[Group]) -> bool:
        """True when ``groups`` taken together may be published as one row."""
        return self.policy.may_publish([m for g in groups for m in g.members])

    def hidden(self, group: Group) -> int:
        """People of ``group`` the reader cannot see."""
        return self.policy.hidden(group.handles)

    def cell(
        self, label: str, groups: Sequence[Group], spec: Spec, pooled: tuple[str, ...] = ()
    ) -> Cell:
        """A published row counting the ratings of ``groups`` together."""
        ratings = Counter(r for g in groups for r in g.ratings)
        scores = [self.complexity[h] for g in groups for h in g.handles if h in self.complexity]
        mean = sum(scores) / len(scores) if scores else None
        counts = tuple(ratings.get(c, 0) for c in self.columns)
        return Cell(label, counts, spec[0], spec[1], mean, pooled)

    def table(
        self,
        groups: Sequence[Group],
        pool_label: str,
        spec: Callable[[Sequence[Group]], Spec],
        total: Group,
        *,
        total_label: str = "Total",
        total_spec: Spec = (None, None),
    ) -> Table:
        """Split ``groups`` (children of ``total``) into a protected table."""
        if not total.handles or not self.passes([total]):
            return Table(self.columns, None, small=tuple(g.label for g in groups if g.handles))
        split = protect(groups, self.passes, self.hidden)
        if split.pooled and not self.passes(split.pooled):
            # Only possible when the parent itself fails; publish none of its children.
            split = Split((), tuple(g for g in groups if g.handles))
        shown = tuple(self.cell(g.label, [g], spec([g])) for g in split.shown)
        pool = None
        if split.pooled and self.passes(split.pooled):
            labels = tuple(g.label for g in split.pooled)
            pool = self.cell(pool_label, split.pooled, spec(split.pooled), labels)
        return Table(
            self.columns,
            self.cell(total_label, [total], total_spec),
            shown,
            pool,
            tuple(g.label for g in split.small),
            tuple(g.label for g in split.merged),
        )


def _visible_findings(
    policy: Policy,
    cycle: Cycle,
    current: bool,
    diagnostics: Iterable[Diagnostic],
    findings_of: Callable[[str], bool],
) -> Iterable[Diagnostic]:
    for diag in diagnostics:
        cycle_id, handle = finding_subject(diag)
        if not (cycle_id == cycle.id or (cycle_id is None and current)):
            continue
        visible = handle is not None and findings_of(handle) and diag.rule not in AGGREGATE_RULES
        if policy.full or visible:
            yield diag


def _completeness(
    org: Org, policy: Policy, cycle: Cycle, findings_of: Callable[[str], bool]
) -> CompletenessCounts | None:
    facts = completeness(org, cycle)
    if not policy.may_count(facts.expected):
        return None
    lists = {
        "missing_prefill": facts.missing_prefill,
        "missing_evidence": facts.missing_evidence,
        "few_peers": facts.few_peers,
        "no_invisible_answer": facts.no_invisible_answer,
    }
    names = {key: tuple(h for h in who if findings_of(h)) for key, who in lists.items()}
    return CompletenessCounts(
        len(facts.expected),
        facts.present,
        len(facts.missing_prefill),
        len(facts.missing_evidence),
        len(facts.few_peers),
        len(facts.no_invisible_answer),
        facts.observations,
        names,
    )


def _invisible(org: Org, policy: Policy, cycle: Cycle) -> tuple[Table | None, Table | None]:
    """Invisible-work items per kind and team: in view as they are, out of view protected."""
    prefills = [p for p in org.prefills_for(cycle.id) if p.handle in org.people]
    if policy.full:
        return _team_table(org, policy, prefills, protected=False), None
    seen = [p for p in prefills if p.handle in policy.visible]
    rest = [p for p in prefills if p.handle not in policy.visible]
    return (
        _team_table(org, policy, seen, protected=False) if seen else None,
        _team_table(org, policy, rest, protected=True) if rest else None,
    )


def invisible_kinds(prefills: Iterable[Prefill]) -> tuple[str, ...]:
    """Kinds of invisible work recorded, in display order (unspecified last)."""
    found = {ev.kind or UNSPECIFIED for p in prefills for ev in p.invisible_items()}
    return tuple(sorted(found, key=lambda k: (k == UNSPECIFIED, k)))


def team_of(org: Org, handle: str) -> str:
    """The name of a person's team (the id when the team is unknown)."""
    team_id = org.people[handle].team or ""
    team = org.teams.get(team_id)
    return team.name if team else (team_id or "No team")


def _team_table(org: Org, policy: Policy, prefills: list[Prefill], *, protected: bool) -> Table:
    kinds = invisible_kinds(prefills)
    by_handle = {p.handle: p for p in prefills}
    teams: dict[str, list[str]] = {}
    for prefill in prefills:
        teams.setdefault(team_of(org, prefill.handle), []).append(prefill.handle)
    groups = [
        Group(name, name, tuple(handles))
        for name, handles in sorted(teams.items(), key=lambda item: item[0].casefold())
    ]

    def cell(label: str, members: Sequence[Group], pooled: tuple[str, ...] = ()) -> Cell:
        items = Counter(
            ev.kind or UNSPECIFIED
            for g in members
            for h in g.handles
            for ev in by_handle[h].invisible_items()
        )
        people = sum(len(g.handles) for g in members)
        return Cell(label, (*(items.get(k, 0) for k in kinds), people), pooled=pooled)

    everyone = Group("", "All teams", tuple(by_handle))
    if not protected:
        return Table(
            kinds, cell("All teams", [everyone]), tuple(cell(g.label, [g]) for g in groups)
        )

    def passes(members: Sequence[Group]) -> bool:
        return policy.may_count([h for g in members for h in g.handles])

    if not passes([everyone]):
        return Table(kinds, None, small=tuple(g.label for g in groups))
    split = protect(groups, passes, lambda g: policy.hidden(g.handles))
    pool = None
    if split.pooled:
        pool = cell(POOLED_TEAMS, split.pooled, tuple(g.label for g in split.pooled))
    return Table(
        kinds,
        cell("All teams", [everyone]),
        tuple(cell(g.label, [g]) for g in split.shown),
        pool,
        tuple(g.label for g in split.small),
        tuple(g.label for g in split.merged),
    )
