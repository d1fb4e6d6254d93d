"""The rubric: the ladder, the rating scale, rule settings and build audiences, as plain data.

Everything here is read from ``rubric/``; nothing about a particular org is a
constant in code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Track:
    """A career track of the ladder."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Level:
    """One level; ``order`` ranks seniority, ``tracks`` is empty for shared levels."""

    id: str
    name: str
    order: float
    index: int
    tracks: tuple[str, ...] = ()
    summary: str = ""
    attributes: tuple[tuple[str, str], ...] = ()
    sublevels: tuple[str, ...] = ()

    def attribute(self, key: str) -> str:
        """Return the value of one free attribute, or an empty string."""
        return dict(self.attributes).get(key, "")

    def on_track(self, track: str | None) -> bool:
        """True when the level belongs to ``track`` (shared levels belong to all)."""
        return not self.tracks or track is None or track in self.tracks

    def sublevel_rank(self, sublevel: str | None) -> int | None:
        """Position of a sub-level inside the level (0 the lowest step), or None if unknown."""
        if sublevel is None or sublevel not in self.sublevels:
            return None
        return self.sublevels.index(sublevel)

    def own_track(self) -> str | None:
        """The level's track when it belongs to exactly one, else None."""
        return self.tracks[0] if len(self.tracks) == 1 else None


@dataclass(frozen=True)
class Dimension:
    """An assessed dimension, optionally limited to some tracks or levels."""

    id: str
    name: str
    index: int
    description: str = ""
    group: str = ""
    tracks: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    counts_as: str = "other"


@dataclass(frozen=True)
class Expectation:
    """What a level (or every level, when ``level`` is None) shows on a dimension."""

    dimension: str
    text: str
    index: int
    level: str | None = None
    track: str | None = None
    examples: tuple[str, ...] = ()
    proficiency: str = ""


@dataclass
class Ladder:
    """The career ladder, read entirely from ``rubric/ladder.yaml``."""

    version: str
    name: str
    description: str = ""
    cumulative: bool = False
    tracks_compare: bool = True
    attributes: list[tuple[str, str]] = field(default_factory=list)
    tracks: list[Track] = field(default_factory=list)
    levels: list[Level] = field(default_factory=list)
    dimensions: list[Dimension] = field(default_factory=list)
    expectations: list[Expectation] = field(default_factory=list)
    source: str = "rubric/ladder.yaml"
    """The file the ladder was read from (archived versions live elsewhere)."""

    def level(self, level_id: str | None) -> Level | None:
        """Return the level with this id, or None."""
        for level in self.levels:
            if level.id == level_id:
                return level
        return None

    def dimension(self, dimension_id: str | None) -> Dimension | None:
        """Return the dimension with this id, or None."""
        for dimension in self.dimensions:
            if dimension.id == dimension_id:
                return dimension
        return None

    def ordered_levels(self, track: str | None = None) -> list[Level]:
        """Levels from most junior to most senior, optionally those of one track."""
        chosen = [lv for lv in self.levels if track is None or lv.on_track(track)]
        return sorted(chosen, key=lambda lv: (lv.order, lv.index))

    def next_levels(self, level_id: str, track: str | None = None) -> list[Level]:
        """The levels directly above ``level_id`` on the track (ties share a rank)."""
        current = self.level(level_id)
        if current is None:
            return []
        above = [lv for lv in self.ordered_levels(track) if lv.order > current.order]
        if not above:
            return []
        first = above[0].order
        return [lv for lv in above if lv.order == first]

    def track(self, track_id: str | None) -> Track | None:
        """Return the track with this id, or None."""
        for track in self.tracks:
            if track.id == track_id:
                return track
        return None

    def dimension_applies(self, dimension: Dimension, level: str | None, track: str | None) -> bool:
        """True when ``dimension`` is assessed at this level and track.

        Without a track, a level that belongs only to tracks the dimension does not
        cover is outside it too (a manager-only dimension does not apply to IC levels).
        """
        if dimension.tracks:
            if track is not None and track not in dimension.tracks:
                return False
            held = self.level(level)
            if (
                track is None
                and held is not None
                and held.tracks
                and not set(held.tracks) & set(dimension.tracks)
            ):
                return False
        return not (dimension.levels and level is not None and level not in dimension.levels)

    def position(
        self, level_id: str | None, sublevel: str | None = None
    ) -> tuple[float, int] | None:
        """Sort key of a level and optional sub-level: order first, then the sub-level step.

        A missing or unknown sub-level sorts below the level's first step.
        """
        level = self.level(level_id)
        if level is None:
            return None
        rank = level.sublevel_rank(sublevel)
        return (level.order, -1 if rank is None else rank)

    def expectations_for(
        self, level_id: str, dimension_id: str, track: str | None = None
    ) -> list[tuple[Expectation, str | None]]:
        """Expectations of a cell, with the level each came from.

        Holds the level's own expectations, the every-level ones, and, when the
        ladder is cumulative, those of every lower level on the track.
        """
        level = self.level(level_id)
        if level is None:
            return []
        # Without an explicit track, a level on exactly one track speaks for it, so a
        # track-only expectation never leaks onto a level of another track.
        track = track if track is not None else level.own_track()
        levels = [level]
        if self.cumulative:
            levels = [lv for lv in self.ordered_levels(track) if lv.order < level.order] + [level]

        def on_track(exp: Expectation) -> bool:
            if exp.track is None:
                return True
            return exp.track == track if track is not None else level.on_track(exp.track)

        out: list[tuple[Expectation, str | None]] = [
            (exp, None)
            for exp in self.expectations
            if exp.dimension == dimension_id and exp.level is None and on_track(exp)
        ]
        for lv in levels:
            out.extend(
                (exp, lv.id)
                for exp in self.expectations
                if exp.dimension == dimension_id and exp.level == lv.id and on_track(exp)
            )
        return out


@dataclass(frozen=True)
class Rating:
    """One rating of the scale."""

    id: str
    label: str
    rank: int
    short: str = ""
    value: float | None = None
    description: str = ""


@dataclass
class Scale:
    """The rating scale; ``rank`` is the standing, 0 the lowest, whatever the numbers say."""

    ratings: list[Rating]
    direction: str = "higher-is-better"
    name: str = ""

    def get(self, rating_id: str | None) -> Rating | None:
        """Return the rating with this id, or None."""
        for rating in self.ratings:
            if rating.id == rating_id:
                return rating
        return None

    def at_or_above(self, rating_id: str | None, threshold: str | None) -> bool:
        """True when ``rating_id`` stands at or above ``threshold`` in scale order."""
        rating, bar = self.get(rating_id), self.get(threshold)
        return rating is not None and bar is not None and rating.rank >= bar.rank

    def at_or_below(self, rating_id: str | None, threshold: str | None) -> bool:
        """True when ``rating_id`` stands at or below ``threshold`` in scale order."""
        rating, bar = self.get(rating_id), self.get(threshold)
        return rating is not None and bar is not None and rating.rank <= bar.rank

    def label(self, rating_id: str | None) -> str:
        """Display label of a rating id (the id itself when unknown)."""
        rating = self.get(rating_id)
        return rating.label if rating else (rating_id or "")

    def rank(self, rating_id: str | None) -> int | None:
        """Standing of a rating in list order (0 the lowest), whatever its numeric value."""
        rating = self.get(rating_id)
        return rating.rank if rating is not None else None

    def steps(self, from_id: str | None, to_id: str | None) -> int | None:
        """How many places ``to_id`` stands above ``from_id`` (negative when below)."""
        start, end = self.rank(from_id), self.rank(to_id)
        return None if start is None or end is None else end - start

    def best_first(self) -> list[Rating]:
        """The ratings from highest to lowest standing."""
        return sorted(self.ratings, key=lambda r: r.rank, reverse=True)

    def short(self, rating_id: str | None) -> str:
        """Short label of a rating id."""
        rating = self.get(rating_id)
        if rating is None:
            return rating_id or ""
        return rating.short or rating.label


@dataclass(frozen=True)
class Audience:
    """One build audience; ``handle`` is set for a family member such as ``manager:ada``."""

    name: str
    scope: str
    sees: frozenset[str] = frozenset()
    min_group_size: int = 4
    promotion_outcomes: bool = False
    description: str = ""
    handle: str | None = None
    min_distinct_ratings: int = 2
    """l-diversity: a published group's hidden members must hold at least this many ratings."""
    max_share: int | None = None
    """Dominance limit in percent: no rating may hold more of a group's hidden members."""
    open_cycle_aggregates: bool = False
    """Publish proposed-rating aggregates of cycles that are not closed yet."""
    readers_know_own_rating: bool = True
    """A reader may be in a group and know their own rating: diversity must survive that."""
    rationale: bool = True
    """A personal audience sees the rationale the room recorded for its final rating."""
    observer_names: bool = False
    """A personal audience sees who wrote each peer observation."""
    min_observations: int = 2
    """A personal audience sees peer observations only when there are at least this many."""
    open_cycle_prefill: bool = False
    """A personal audience sees its pre-fill while the cycle is still open."""

    def may_see(self, kind: str) -> bool:
        """True when this audience may see one kind of confidential content."""
        return self.scope != "none" and kind in self.sees

    @property
    def sees_every_rating(self) -> bool:
        """True for the room that sees every record's rating (aggregates need no protection)."""
        return self.scope == "all" and "ratings" in self.sees

    @property
    def sees_everyone(self) -> bool:
        """True when every person's record is in scope (the calibration room)."""
        return self.scope == "all"

    @property
    def is_personal(self) -> bool:
        """True for one engineer's own view (``person:<handle>``): only their pages."""
        return self.scope == "self"


@dataclass(frozen=True)
class SiteAllowlist:
    """Site configuration the org's admin allows although it runs code or sends data out.

    Everything here is refused by ``calib build`` unless listed in the
    ``site_allowlist`` section of ``rubric/audiences.yaml``.
    """

    plugins: frozenset[str] = frozenset()
    hooks: frozenset[str] = frozenset()
    remote_assets: frozenset[str] = frozenset()
    analytics: bool = False
    repo_url: bool = False


@dataclass
class ReviewSettings:
    """Review routing from ``review`` in ``rubric/rules.yaml``: git usernames or @org/team names."""

    maintainers: tuple[str, ...] = ()
    calibration_team: tuple[str, ...] = ()
    calibration_leads: tuple[str, ...] = ()


@dataclass
class PipelineSettings:
    """The promotion pipeline's rules and time at level, from ``pipeline`` in ``rubric/rules.yaml``.

    A threshold of 0, or an empty list, switches its rule off.
    """

    min_rules: int = 1
    """A person is suggested when at least this many rules raise them."""
    sustained_high_cycles: int = 2
    strong_above_level: int = 2
    peers_above_level: int = 3
    long_at_level_cycles: int = 6
    long_at_level_strong: int = 1
    revisit_decisions: tuple[str, ...] = ("deferred",)
    close_phrases: tuple[str, ...] = (
        "close to",
        "ready for",
        "operating at",
        "working at",
        "performing at",
        "already at",
        "on the cusp of",
    )
    next_level_words: tuple[str, ...] = ("next level", "level above", "promotion")
    negations: tuple[str, ...] = (
        "not",
        "no",
        "never",
        "isn't",
        "wasn't",
        "nowhere",
        "hardly",
        "whether",
        "if",
        "unsure",
    )
    """Words just before a closeness phrase that turn it around or make it a question."""
    stalled_cycles: int = 6
    fast_cycles: int = 2
    career_level: str | None = None
    """Levels at or above this one are where many stay for good: nobody there is called stalled."""


@dataclass
class Settings:
    """Rule thresholds and word lists from ``rubric/rules.yaml`` (defaults when absent)."""

    high_rating: str | None = None
    low_rating: str | None = None
    peer_min: int = 3
    peer_max: int = 5
    evidence_window_days: int = 60
    min_group_size: int = 3
    outlier_p_value: float = 0.1
    strong_evidence_for_high: int = 2
    new_joiner_months: int = 6
    rating_jump_steps: int = 2
    complexity: dict[str, Any] = field(default_factory=dict)
    severities: dict[str, str] = field(default_factory=dict)
    evidence_words: dict[str, list[str]] = field(default_factory=dict)
    review: ReviewSettings = field(default_factory=ReviewSettings)
    pipeline: PipelineSettings = field(default_factory=PipelineSettings)
