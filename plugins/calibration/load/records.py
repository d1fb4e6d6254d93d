"""Turn parsed documents into the model.

The builders are tolerant: a file that fails its schema still becomes a record
(with missing values as ``None`` or empty), so cross-file rules report real
problems instead of cascades. The coercion helpers below say how a value of the
wrong type is read; they are public for the few commands that read raw data too.
"""

from __future__ import annotations

from typing import Any

from calibration.model import (
    Audience,
    CalibratedRating,
    Cycle,
    Deadline,
    Dimension,
    Evidence,
    Expectation,
    Ladder,
    Level,
    Observation,
    Outcomes,
    OutlierExplanation,
    Person,
    PipelineSettings,
    Prefill,
    Project,
    Promotion,
    PromotionDecision,
    Rating,
    ReviewSettings,
    Scale,
    Settings,
    SiteAllowlist,
    Team,
    Track,
)

PathT = tuple[str | int, ...]


def scalar_text(value: Any) -> str | None:
    """A scalar as text, or None; numbers become text so ``level: 4`` still resolves."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def clean_text(value: Any) -> str:
    """Stripped text, or an empty string for anything that is not text."""
    return value.strip() if isinstance(value, str) else ""


def as_list(value: Any) -> list[Any]:
    """The value when it is a list, else an empty list."""
    return value if isinstance(value, list) else []


def as_map(value: Any) -> dict[str, Any]:
    """The value when it is a mapping, else an empty mapping."""
    return value if isinstance(value, dict) else {}


def scalar_texts(value: Any) -> tuple[str, ...]:
    """The scalars of a list as text (see :func:`scalar_text`); anything else is dropped."""
    return tuple(s for s in (scalar_text(v) for v in as_list(value)) if s is not None)


def ladder_from(data: dict[str, Any]) -> Ladder:
    """Build the ladder from ``rubric/ladder.yaml`` data."""
    ladder = Ladder(
        version=scalar_text(data.get("version")) or "",
        name=clean_text(data.get("name")) or "Career ladder",
        description=clean_text(data.get("description")),
        cumulative=data.get("cumulative") is True,
        tracks_compare=data.get("tracks_compare") is not False,
    )
    for item in as_list(data.get("attributes")):
        key = scalar_text(as_map(item).get("id"))
        if key:
            ladder.attributes.append((key, clean_text(as_map(item).get("name")) or key))
    for item in as_list(data.get("tracks")):
        key = scalar_text(as_map(item).get("id"))
        if key:
            ladder.tracks.append(
                Track(key, clean_text(item.get("name")) or key, clean_text(item.get("description")))
            )
    for index, item in enumerate(as_list(data.get("levels"))):
        item = as_map(item)
        key = scalar_text(item.get("id"))
        if not key:
            continue
        order = item.get("order")
        attrs = tuple(
            (str(k), str(v)) for k, v in as_map(item.get("attributes")).items() if scalar_text(v)
        )
        ladder.levels.append(
            Level(
                id=key,
                name=clean_text(item.get("name")) or key,
                order=float(order)
                if isinstance(order, (int, float)) and not isinstance(order, bool)
                else float(index),
                index=index,
                tracks=scalar_texts(item.get("tracks")),
                summary=clean_text(item.get("summary")),
                attributes=attrs,
                sublevels=scalar_texts(item.get("sublevels")),
            )
        )
    for index, item in enumerate(as_list(data.get("dimensions"))):
        item = as_map(item)
        key = scalar_text(item.get("id"))
        if key:
            ladder.dimensions.append(
                Dimension(
                    id=key,
                    name=clean_text(item.get("name")) or key,
                    index=index,
                    description=clean_text(item.get("description")),
                    group=clean_text(item.get("group")),
                    tracks=scalar_texts(item.get("tracks")),
                    levels=scalar_texts(item.get("levels")),
                    counts_as=scalar_text(item.get("counts_as")) or "other",
                )
            )
    for index, item in enumerate(as_list(data.get("expectations"))):
        item = as_map(item)
        dim, text = scalar_text(item.get("dimension")), clean_text(item.get("text"))
        if dim and text:
            ladder.expectations.append(
                Expectation(
                    dimension=dim,
                    text=text,
                    index=index,
                    level=scalar_text(item.get("level")),
                    track=scalar_text(item.get("track")),
                    examples=tuple(
                        clean_text(e) for e in as_list(item.get("examples")) if clean_text(e)
                    ),
                    proficiency=clean_text(item.get("proficiency")),
                )
            )
    return ladder


def scale_from(data: dict[str, Any]) -> Scale:
    """Build the rating scale from ``rubric/ratings.yaml`` data (list order is standing)."""
    ratings: list[Rating] = []
    for item in as_list(data.get("ratings")):
        item = as_map(item)
        key = scalar_text(item.get("id"))
        if not key:
            continue
        value = item.get("value")
        ratings.append(
            Rating(
                id=key,
                label=clean_text(item.get("label")) or key,
                rank=len(ratings),
                short=clean_text(item.get("short")),
                value=float(value)
                if isinstance(value, (int, float)) and not isinstance(value, bool)
                else None,
                description=clean_text(item.get("description")),
            )
        )
    return Scale(
        ratings,
        scalar_text(data.get("direction")) or "higher-is-better",
        clean_text(data.get("name")),
    )


def settings_from(data: dict[str, Any]) -> Settings:
    """Build rule settings from ``rubric/rules.yaml`` data, keeping defaults for gaps."""
    settings = Settings()
    settings.high_rating = scalar_text(data.get("high_rating"))
    settings.low_rating = scalar_text(data.get("low_rating"))
    peers = as_map(data.get("peer_observations"))
    for attr, value in (
        ("peer_min", peers.get("min")),
        ("peer_max", peers.get("max")),
        ("evidence_window_days", data.get("evidence_window_days")),
        ("min_group_size", data.get("min_group_size")),
        ("strong_evidence_for_high", data.get("strong_evidence_for_high")),
        ("new_joiner_months", data.get("new_joiner_months")),
        ("rating_jump_steps", data.get("rating_jump_steps")),
    ):
        if isinstance(value, int) and not isinstance(value, bool):
            setattr(settings, attr, value)
    p_value = data.get("outlier_p_value")
    if isinstance(p_value, (int, float)) and not isinstance(p_value, bool):
        settings.outlier_p_value = float(p_value)
    settings.complexity = as_map(data.get("complexity"))
    settings.severities = {str(k): str(v) for k, v in as_map(data.get("severities")).items()}
    settings.evidence_words = {
        str(k): [str(w) for w in as_list(v) if isinstance(w, str)]
        for k, v in as_map(data.get("evidence_words")).items()
    }
    review = as_map(data.get("review"))
    settings.review = ReviewSettings(
        maintainers=scalar_texts(review.get("maintainers")),
        calibration_team=scalar_texts(review.get("calibration_team")),
        calibration_leads=scalar_texts(review.get("calibration_leads")),
    )
    settings.pipeline = pipeline_from(as_map(data.get("pipeline")))
    return settings


def pipeline_from(data: dict[str, Any]) -> PipelineSettings:
    """Build the promotion pipeline's settings, keeping defaults for gaps (0 turns a rule off)."""
    out = PipelineSettings()
    for key in (
        "min_rules",
        "sustained_high_cycles",
        "strong_above_level",
        "peers_above_level",
        "long_at_level_cycles",
        "long_at_level_strong",
        "stalled_cycles",
        "fast_cycles",
    ):
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            setattr(out, key, value)
    if isinstance(data.get("revisit_decisions"), list):
        out.revisit_decisions = scalar_texts(data["revisit_decisions"])
    words = as_map(data.get("manager_words"))
    for key, attr in (
        ("phrases", "close_phrases"),
        ("next_level", "next_level_words"),
        ("negations", "negations"),
    ):
        if isinstance(words.get(key), list):
            setattr(out, attr, scalar_texts(words[key]))
    out.career_level = scalar_text(data.get("career_level"))
    return out


def audiences_from(data: dict[str, Any]) -> dict[str, Audience]:
    """Build audience definitions from ``rubric/audiences.yaml`` data."""
    out = {}
    for name, item in as_map(data.get("audiences")).items():
        item = as_map(item)
        share = _positive(item.get("max_share"), 0)
        out[str(name)] = Audience(
            name=str(name),
            scope=scalar_text(item.get("scope")) or "none",
            sees=frozenset(scalar_texts(item.get("sees"))),
            min_group_size=_positive(item.get("min_group_size"), 4),
            promotion_outcomes=item.get("promotion_outcomes") is True,
            description=clean_text(item.get("description")),
            min_distinct_ratings=_positive(item.get("min_distinct_ratings"), 2),
            max_share=min(share, 100) if share else None,
            open_cycle_aggregates=item.get("open_cycle_aggregates") is True,
            readers_know_own_rating=item.get("readers_know_own_rating") is not False,
            rationale=item.get("rationale") is not False,
            observer_names=item.get("observer_names") is True,
            min_observations=_positive(item.get("min_observations"), 2),
            open_cycle_prefill=item.get("open_cycle_prefill") is True,
        )
    return out


def _positive(value: Any, default: int) -> int:
    """A positive integer setting, else ``default`` (the schema reports the bad value)."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return default


def site_allowlist_from(data: dict[str, Any]) -> SiteAllowlist:
    """Build the site configuration allowlist from ``rubric/audiences.yaml`` data."""
    item = as_map(data.get("site_allowlist"))
    return SiteAllowlist(
        plugins=frozenset(scalar_texts(item.get("plugins"))),
        hooks=frozenset(scalar_texts(item.get("hooks"))),
        remote_assets=frozenset(scalar_texts(item.get("remote_assets"))),
        analytics=item.get("analytics") is True,
        repo_url=item.get("repo_url") is True,
    )


def teams_from(data: dict[str, Any]) -> dict[str, Team]:
    """Build teams from ``people/teams.yaml`` data."""
    out = {}
    for item in as_list(data.get("teams")):
        item = as_map(item)
        key = scalar_text(item.get("id"))
        if key and key not in out:
            out[key] = Team(
                key,
                clean_text(item.get("name")) or key,
                clean_text(item.get("description")),
                clean_text(item.get("group")),
            )
    return out


def person_from(data: dict[str, Any], folder: str, source: str) -> Person:
    """Build a person; the folder name is the handle whatever the file says."""
    return Person(
        handle=folder,
        name=clean_text(data.get("name")) or folder,
        level=scalar_text(data.get("level")),
        team=scalar_text(data.get("team")),
        manager=scalar_text(data.get("manager")),
        role=scalar_text(data.get("role")) or "engineer",
        start_date=scalar_text(data.get("start_date")),
        source=source,
        track=scalar_text(data.get("track")),
        sublevel=scalar_text(data.get("sublevel")),
        git_username=scalar_text(data.get("git_username")),
        declared_handle=scalar_text(data.get("handle")),
        left_on=scalar_text(data.get("left_on")),
        level_since=scalar_text(data.get("level_since")),
    )


def _evidence(item: Any, path: PathT) -> Evidence | None:
    item = as_map(item)
    statement = clean_text(item.get("statement"))
    if not item:
        return None
    metrics = as_map(item.get("metrics"))
    return Evidence(
        dimension=scalar_text(item.get("dimension")),
        statement=statement,
        path=path,
        id=scalar_text(item.get("id")),
        scope=clean_text(item.get("scope")),
        before=clean_text(metrics.get("before")),
        after=clean_text(metrics.get("after")),
        date=scalar_text(item.get("date")),
        links=tuple(clean_text(x) for x in as_list(item.get("links")) if clean_text(x)),
        invisible=item.get("invisible") is True,
        kind=scalar_text(item.get("kind")),
    )


def prefill_from(data: dict[str, Any], folder: str, stem: str, source: str) -> Prefill:
    """Build one cycle file of ``people/<folder>/<stem>.yaml``."""
    prefill = Prefill(
        handle=folder,
        cycle=scalar_text(data.get("cycle")),
        file_cycle=stem,
        source=source,
        proposed_rating=scalar_text(data.get("proposed_rating")),
        uncertainty=clean_text(data.get("uncertainty")),
        invisible_work=clean_text(data.get("invisible_work")) if "invisible_work" in data else None,
        self_assessment=clean_text(data.get("self_assessment")),
    )
    for index, item in enumerate(as_list(data.get("evidence"))):
        ev = _evidence(item, ("evidence", index))
        if ev is not None:
            prefill.evidence.append(ev)
    project = as_map(data.get("project"))
    if project:
        prefill.project = Project(
            clean_text(project.get("name")),
            scalar_text(project.get("ambiguity")),
            scalar_text(project.get("dependencies")),
            scalar_text(project.get("novelty")),
        )
    for index, item in enumerate(as_list(data.get("peer_observations"))):
        item = as_map(item)
        prefill.observations.append(
            Observation(
                observer=scalar_text(item.get("observer")),
                observation=clean_text(item.get("observation")),
                path=("peer_observations", index),
                relationship=scalar_text(item.get("relationship")),
                dimension=scalar_text(item.get("dimension")),
            )
        )
    promo = as_map(data.get("promotion"))
    if promo:
        items, refs = [], []
        for index, item in enumerate(as_list(promo.get("evidence"))):
            path: PathT = ("promotion", "evidence", index)
            if isinstance(item, str):
                refs.append((item, path))
            else:
                ev = _evidence(item, path)
                if ev is not None:
                    items.append(ev)
        prefill.promotion = Promotion(
            target_level=scalar_text(promo.get("target_level")),
            gap=clean_text(promo.get("gap")),
            evidence=tuple(items),
            refs=tuple(refs),
            justification=clean_text(promo.get("justification")),
        )
    return prefill


def cycle_from(data: dict[str, Any], folder: str, source: str) -> Cycle:
    """Build a cycle; the folder name is its id."""
    period = as_map(data.get("period"))
    return Cycle(
        id=folder,
        name=clean_text(data.get("name")) or folder,
        start=scalar_text(period.get("start")),
        end=scalar_text(period.get("end")),
        phase=scalar_text(data.get("phase")),
        source=source,
        ladder_version=scalar_text(data.get("ladder_version")),
        declared_id=scalar_text(data.get("id")),
        deadlines=[
            Deadline(clean_text(d.get("name")), scalar_text(d.get("date")) or "")
            for d in (as_map(x) for x in as_list(data.get("deadlines")))
            if clean_text(d.get("name"))
        ],
    )


def outcomes_from(data: dict[str, Any], folder: str, source: str) -> Outcomes:
    """Build the outcomes of the cycle in ``cycles/<folder>/``."""
    out = Outcomes(cycle=scalar_text(data.get("cycle")), source=source, folder=folder)
    for index, item in enumerate(as_list(data.get("ratings"))):
        item = as_map(item)
        handle = scalar_text(item.get("person"))
        if handle:
            out.ratings.append(
                CalibratedRating(
                    handle,
                    scalar_text(item.get("rating")),
                    clean_text(item.get("rationale")),
                    ("ratings", index),
                )
            )
    for index, item in enumerate(as_list(data.get("promotions"))):
        item = as_map(item)
        handle = scalar_text(item.get("person"))
        if handle:
            out.promotions.append(
                PromotionDecision(
                    person=handle,
                    to_level=scalar_text(item.get("to_level")),
                    decision=scalar_text(item.get("decision")),
                    rationale=clean_text(item.get("rationale")),
                    path=("promotions", index),
                    from_level=scalar_text(item.get("from_level")),
                )
            )
    for index, item in enumerate(as_list(data.get("outlier_explanations"))):
        item = as_map(item)
        out.explanations.append(
            OutlierExplanation(
                scalar_text(item.get("manager")),
                scalar_text(item.get("level")),
                clean_text(item.get("explanation")),
                ("outlier_explanations", index),
            )
        )
    return out
