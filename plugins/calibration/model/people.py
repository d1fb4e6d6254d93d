"""People and teams, and each engineer's pre-fill for a cycle, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Team:
    """A team of the org."""

    id: str
    name: str
    description: str = ""
    group: str = ""


@dataclass(frozen=True)
class Person:
    """A person; ``source`` is the relative path of their ``person.yaml``."""

    handle: str
    name: str
    level: str | None
    team: str | None
    manager: str | None
    role: str
    start_date: str | None
    source: str
    track: str | None = None
    sublevel: str | None = None
    git_username: str | None = None
    declared_handle: str | None = None
    left_on: str | None = None
    """The day the person left the org (YYYY-MM-DD); their folder stays as history."""
    level_since: str | None = None
    """The day the person reached their current level (YYYY-MM-DD), when no outcome records it."""


@dataclass(frozen=True)
class Evidence:
    """One evidence item; ``path`` locates it inside its file."""

    dimension: str | None
    statement: str
    path: tuple[str | int, ...]
    id: str | None = None
    scope: str = ""
    before: str = ""
    after: str = ""
    date: str | None = None
    links: tuple[str, ...] = ()
    invisible: bool = False
    kind: str | None = None


@dataclass(frozen=True)
class Observation:
    """A peer observation."""

    observer: str | None
    observation: str
    path: tuple[str | int, ...]
    relationship: str | None = None
    dimension: str | None = None


@dataclass(frozen=True)
class Project:
    """Context of the engineer's top project."""

    name: str
    ambiguity: str | None
    dependencies: str | None
    novelty: str | None


@dataclass(frozen=True)
class Promotion:
    """A promotion case: target level, cited evidence, the gap left."""

    target_level: str | None
    gap: str
    evidence: tuple[Evidence, ...] = ()
    refs: tuple[tuple[str, tuple[str | int, ...]], ...] = ()
    justification: str = ""


@dataclass
class Prefill:
    """One engineer's file for one cycle."""

    handle: str
    cycle: str | None
    file_cycle: str
    source: str
    proposed_rating: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    uncertainty: str = ""
    project: Project | None = None
    invisible_work: str | None = None
    observations: list[Observation] = field(default_factory=list)
    self_assessment: str = ""
    promotion: Promotion | None = None

    def evidence_by_id(self) -> dict[str, Evidence]:
        """Evidence items that carry an id, by id."""
        return {ev.id: ev for ev in self.evidence if ev.id}

    def invisible_items(self) -> list[Evidence]:
        """Evidence items marked as invisible work."""
        return [ev for ev in self.evidence if ev.invisible]
