"""Turn parsed documents into the model (tolerantly: see :mod:`calibration.model`)."""

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
    _list,
    _map,
    _s,
    _strs,
    _text,
)

PathT = tuple[str | int, ...]


def ladder_from(data: dict[str, Any]) -> Ladder:
    """Build the ladder from ``rubric/ladder.yaml`` data."""
    ladder = Ladder(
        version=_s(data.get("version")) or "",
        name=_text(data.get("name")) or "Career ladder",
        description=_text(data.get("description")),
        cumulative=data.get("cumulative") is True,
        tracks_compare=data.get("tracks_compare") is not False,
    )
    for item in _list(data.get("attributes")):
        key = _s(_map(item).get("id"))
        if key:
            ladder.attributes.append((key, _text(_map(item).get("name")) or key))
    for item in _list(data.get("tracks")):
        key = _s(_map(item).get("id"))
        if key:
            ladder.tracks.append(
                Track(key, _text(item.get("name")) or key, _text(item.get("description")))
            )
    for index, item in enumerate(_list(data.get("levels"))):
        item = _map(item)
        key = _s(item.get("id"))
        if not key:
            continue
        order = item.get("order")
        attrs = tuple((str(k), str(v)) for k, v in _map(item.get("attributes")).items() if _s(v))
        ladder.levels.append(
            Level(
                id=key,
                name=_text(item.get("name")) or key,
                order=float(order)
                if isinstance(order, (int, float)) and not isinstance(order, bool)
                else float(index),
                index=index,
                tracks=_strs(item.get("tracks")),
                summary=_text(item.get("summary")),
                attributes=attrs,
                sublevels=_strs(item.get("sublevels")),
            )
        )
    for index, item in enumerate(_list(data.get("dimensions"))):
        item = _map(item)
        key = _s(item.get("id"))
        if key:
            ladder.dimensions.append(
                Dimension(
                    id=key,
                    name=_text(item.get("name")) or key,
                    index=index,
                    description=_text(item.get("description")),
                    group=_text(item.get("group")),
                    tracks=_strs(item.get("tracks")),
                    levels=_strs(item.get("levels")),
                    counts_as=_s(item.get("counts_as")) or "other",
                )
            )
    for index, item in enumerate(_list(data.get("expectations"))):
        item = _map(item)
        dim, text = _s(item.get("dimension")), _text(item.get("text"))
        if dim and text:
            ladder.expectations.append(
                Expectation(
                    dimension=dim,
                    text=text,
                    index=index,
                    level=_s(item.get("level")),
                    track=_s(item.get("track")),
                    examples=tuple(_text(e) for e in _list(item.get("examples")) if _text(e)),
                    proficiency=_text(item.get("proficiency")),
                )
            )
    return ladder


def scale_from(data: dict[str, Any]) -> Scale:
    """Build the rating scale from ``rubric/ratings.yaml`` data (list order is standing)."""
    ratings: list[Rating] = []
    for item in _list(data.get("ratings")):
        item = _map(item)
        key = _s(item.get("id"))
        if not key:
            continue
        value = item.get("value")
        ratings.append(
            Rating(
                id=key,
                label=_text(item.get("label")) or key,
                rank=len(ratings),
                short=_text(item.get("short")),
                value=float(value)
                if isinstance(value, (int, float)) and not isinstance(value, bool)
                else None,
                description=_text(item.get("description")),
            )
        )
    return Scale(ratings, _s(data.get("direction")) or "higher-is-better", _text(data.get("name")))


def settings_from(data: dict[str, Any]) -> Settings:
    """Build rule settings from ``rubric/rules.yaml`` data, keeping defaults for gaps."""
    settings = Settings()
    settings.high_rating = _s(data.get("high_rating"))
    settings.low_rating = _s(data.get("low_rating"))
    peers = _map(data.get("peer_observations"))
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
    settings.complexity = _map(data.get("complexity"))
    settings.severities = {str(k): str(v) for k, v in _map(data.get("severities")).items()}
    settings.evidence_words = {
        str(k): [str(w) for w in _list(v) if isinstance(w, str)]
        for k, v in _map(data.get("evidence_words")).items()
    }
    review = _map(data.get("review"))
    settings.review = ReviewSettings(
        maintainers=_strs(review.get("maintainers")),
        calibration_team=_strs(review.get("calibration_team")),
        calibration_leads=_strs(review.get("calibration_leads")),
    )
    settings.pipeline = pipeline_from(_map(data.get("pipeline")))
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
        out.revisit_decisions = _strs(data["revisit_decisions"])
    words = _map(data.get("manager_words"))
    for key, attr in (
        ("phrases", "close_phrases"),
        ("next_level", "next_level_words"),
        ("negations", "negations"),
    ):
        if isinstance(words.get(key), list):
            setattr(out, attr, _strs(words[key]))
    out.career_level = _s(data.get("career_level"))
    return out


def audiences_from(data: dict[str, Any]) -> dict[str, Audience]:
    """Build audience definitions from ``rubric/audiences.yaml`` data."""
    out = {}
    for name, item in _map(data.get("audiences")).items():
        item = _map(item)
        share = _positive(item.get("max_share"), 0)
        out[str(name)] = Audience(
            name=str(name),
            scope=_s(item.get("scope")) or "none",
            sees=frozenset(_strs(item.get("sees"))),
            min_group_size=_positive(item.get("min_group_size"), 4),
            promotion_outcomes=item.get("promotion_outcomes") is True,
            description=_text(item.get("description")),
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
    item = _map(data.get("site_allowlist"))
    return SiteAllowlist(
        plugins=frozenset(_strs(item.get("plugins"))),
        hooks=frozenset(_strs(item.get("hooks"))),
        remote_assets=frozenset(_strs(item.get("remote_assets"))),
        analytics=item.get("analytics") is True,
        repo_url=item.get("repo_url") is True,
    )


def teams_from(data: dict[str, Any]) -> dict[str, Team]:
    """Build teams from ``people/teams.yaml`` data."""
    out = {}
    for item in _list(data.get("teams")):
        item = _map(item)
        key = _s(item.get("id"))
        if key and key not in out:
            out[key] = Team(
                key,
                _text(item.get("name")) or key,
                _text(item.get("description")),
                _text(item.get("group")),
            )
    return out


def person_from(data: dict[str, Any], folder: str, source: str) -> Person:
    """Build a person; the folder name is the handle whatever the file says."""
    return Person(
        handle=folder,
        name=_text(data.get("name")) or folder,
        level=_s(data.get("level")),
        team=_s(data.get("team")),
        manager=_s(data.get("manager")),
        role=_s(data.get("role")) or "engineer",
        start_date=_s(data.get("start_date")),
        source=source,
        track=_s(data.get("track")),
        sublevel=_s(data.get("sublevel")),
        git_username=_s(data.get("git_username")),
        declared_handle=_s(data.get("handle")),
        left_on=_s(data.get("left_on")),
        level_since=_s(data.get("level_since")),
    )


def _evidence(item: Any, path: PathT) -> Evidence | None:
    item = _map(item)
    statement = _text(item.get("statement"))
    if not item:
        return None
    metrics = _map(item.get("metrics"))
    return Evidence(
        dimension=_s(item.get("dimension")),
        statement=statement,
        path=path,
        id=_s(item.get("id")),
        scope=_text(item.get("scope")),
        before=_text(metrics.get("before")),
        after=_text(metrics.get("after")),
        date=_s(item.get("date")),
        links=tuple(_text(x) for x in _list(item.get("links")) if _text(x)),
        invisible=item.get("invisible") is True,
        kind=_s(item.get("kind")),
    )


def prefill_from(data: dict[str, Any], folder: str, stem: str, source: str) -> Prefill:
    """Build one cycle file of ``people/<folder>/<stem>.yaml``."""
    prefill = Prefill(
        handle=folder,
        cycle=_s(data.get("cycle")),
        file_cycle=stem,
        source=source,
        proposed_rating=_s(data.get("proposed_rating")),
        uncertainty=_text(data.get("uncertainty")),
        invisible_work=_text(data.get("invisible_work")) if "invisible_work" in data else None,
        self_assessment=_text(data.get("self_assessment")),
    )
    for index, item in enumerate(_list(data.get("evidence"))):
        ev = _evidence(item, ("evidence", index))
        if ev is not None:
            prefill.evidence.append(ev)
    project = _map(data.get("project"))
    if project:
        prefill.project = Project(
            _text(project.get("name")),
            _s(project.get("ambiguity")),
            _s(project.get("dependencies")),
            _s(project.get("novelty")),
        )
    for index, item in enumerate(_list(data.get("peer_observations"))):
        item = _map(item)
        prefill.observations.append(
            Observation(
                observer=_s(item.get("observer")),
                observation=_text(item.get("observation")),
                path=("peer_observations", index),
                relationship=_s(item.get("relationship")),
                dimension=_s(item.get("dimension")),
            )
        )
    promo = _map(data.get("promotion"))
    if promo:
        items, refs = [], []
        for index, item in enumerate(_list(promo.get("evidence"))):
            path: PathT = ("promotion", "evidence", index)
            if isinstance(item, str):
                refs.append((item, path))
            else:
                ev = _evidence(item, path)
                if ev is not None:
                    items.append(ev)
        prefill.promotion = Promotion(
            target_level=_s(promo.get("target_level")),
            gap=_text(promo.get("gap")),
            evidence=tuple(items),
            refs=tuple(refs),
            justification=_text(promo.get("justification")),
        )
    return prefill


def cycle_from(data: dict[str, Any], folder: str, source: str) -> Cycle:
    """Build a cycle; the folder name is its id."""
    period = _map(data.get("period"))
    return Cycle(
        id=folder,
        name=_text(data.get("name")) or folder,
        start=_s(period.get("start")),
        end=_s(period.get("end")),
        phase=_s(data.get("phase")),
        source=source,
        ladder_version=_s(data.get("ladder_version")),
        declared_id=_s(data.get("id")),
        deadlines=[
            Deadline(_text(d.get("name")), _s(d.get("date")) or "")
            for d in (_map(x) for x in _list(data.get("deadlines")))
            if _text(d.get("name"))
        ],
    )


def outcomes_from(data: dict[str, Any], folder: str, source: str) -> Outcomes:
    """Build the outcomes of the cycle in ``cycles/<folder>/``."""
    out = Outcomes(cycle=_s(data.get("cycle")), source=source, folder=folder)
    for index, item in enumerate(_list(data.get("ratings"))):
        item = _map(item)
        handle = _s(item.get("person"))
        if handle:
            out.ratings.append(
                CalibratedRating(
                    handle, _s(item.get("rating")), _text(item.get("rationale")), ("ratings", index)
                )
            )
    for index, item in enumerate(_list(data.get("promotions"))):
        item = _map(item)
        handle = _s(item.get("person"))
        if handle:
            out.promotions.append(
                PromotionDecision(
                    person=handle,
                    to_level=_s(item.get("to_level")),
                    decision=_s(item.get("decision")),
                    rationale=_text(item.get("rationale")),
                    path=("promotions", index),
                    from_level=_s(item.get("from_level")),
                )
            )
    for index, item in enumerate(_list(data.get("outlier_explanations"))):
        item = _map(item)
        out.explanations.append(
            OutlierExplanation(
                _s(item.get("manager")),
                _s(item.get("level")),
                _text(item.get("explanation")),
                ("outlier_explanations", index),
            )
        )
    return out
