"""The ladder's own consistency: tracks, level limits, sub-levels, attributes, archives."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from calibration.model import Ladder, Org
from calibration.validate.registry import Finding, rule

GROUP = "rubric"
LADDER = "rubric/ladder.yaml"


def _hint(value: str, known: Iterable[str], what: str) -> str:
    known = sorted(known)
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    if not known:
        return f"the ladder defines no {what}s; add them or remove the reference"
    return f"known {what}s: {', '.join(known)}"


@rule("ladder-unknown-track", "error", GROUP, per_file=False)
def check_tracks(org: Org) -> Iterator[Finding]:
    """Tracks named by levels, dimensions and expectations are listed under `tracks`."""
    ladder = org.ladder
    ids = [t.id for t in ladder.tracks]
    for level in ladder.levels:
        for i, track in enumerate(level.tracks):
            if ladder.track(track) is None:
                yield Finding(
                    LADDER,
                    ("levels", level.index, "tracks", i),
                    f"level {level.id} is on track {track!r}, which is not under tracks; "
                    f"{_hint(track, ids, 'track')}",
                )
    for dim in ladder.dimensions:
        for i, track in enumerate(dim.tracks):
            if ladder.track(track) is None:
                yield Finding(
                    LADDER,
                    ("dimensions", dim.index, "tracks", i),
                    f"dimension {dim.id} is limited to track {track!r}, which is not under "
                    f"tracks; {_hint(track, ids, 'track')}",
                )
    for exp in ladder.expectations:
        if exp.track is not None and ladder.track(exp.track) is None:
            yield Finding(
                LADDER,
                ("expectations", exp.index, "track"),
                f"track {exp.track!r} is not under tracks; {_hint(exp.track, ids, 'track')}",
            )


@rule("ladder-unknown-level", "error", GROUP, per_file=False)
def check_dimension_levels(org: Org) -> Iterator[Finding]:
    """Levels a dimension is limited to exist in the ladder."""
    ids = [lv.id for lv in org.ladder.levels]
    for dim in org.ladder.dimensions:
        for i, level in enumerate(dim.levels):
            if org.ladder.level(level) is None:
                yield Finding(
                    LADDER,
                    ("dimensions", dim.index, "levels", i),
                    f"dimension {dim.id} is limited to level {level!r}, which is not in the "
                    f"ladder; {_hint(level, ids, 'level')}",
                )


def _misplaced(ladder: Ladder) -> Iterator[tuple[int, str, str]]:
    """Yield (expectation index, key, why) for expectations outside their dimension's reach."""
    for exp in ladder.expectations:
        dim, level = ladder.dimension(exp.dimension), ladder.level(exp.level)
        if exp.level is not None and level is None:
            continue  # unknown-dimension reports the missing level
        if level is not None and exp.track is not None and not level.on_track(exp.track):
            on = ", ".join(level.tracks)
            yield (
                exp.index,
                "track",
                f"level {level.id} is not on the {exp.track} track (only {on})",
            )
            continue
        if dim is None or ladder.dimension_applies(dim, exp.level, exp.track):
            continue
        limits = [f"tracks {', '.join(dim.tracks)}"] if dim.tracks else []
        limits += [f"levels {', '.join(dim.levels)}"] if dim.levels else []
        where = f"level {exp.level}" if exp.level is not None else f"the {exp.track} track"
        only = " and ".join(limits)
        yield exp.index, "dimension", f"dimension {dim.id} is not assessed at {where} (only {only})"


@rule("expectation-applies", "warning", GROUP, per_file=False)
def check_expectation_reach(org: Org) -> Iterator[Finding]:
    """An expectation sits where its dimension is assessed, on a track its level belongs to."""
    for index, key, why in _misplaced(org.ladder):
        yield Finding(
            LADDER,
            ("expectations", index, key),
            f"{why}; the ladder page never shows this expectation: move it, or widen the dimension",
        )


@rule("sublevel-steps", "error", GROUP, per_file=False)
def check_sublevels(org: Org) -> Iterator[Finding]:
    """Each level's sub-levels are distinct steps, so people on them can be ordered."""
    for level in org.ladder.levels:
        seen: set[str] = set()
        for i, step in enumerate(level.sublevels):
            if step in seen:
                yield Finding(
                    LADDER,
                    ("levels", level.index, "sublevels", i),
                    f"sub-level {step!r} of {level.id} is listed twice; list each step once, "
                    "lowest first",
                )
            seen.add(step)


@rule("level-attribute", "warning", GROUP, per_file=False)
def check_attributes(org: Org) -> Iterator[Finding]:
    """A level's free attributes are among the declared `attributes` columns."""
    declared = [key for key, _name in org.ladder.attributes]
    if not declared:
        return
    for level in org.ladder.levels:
        for key, _value in level.attributes:
            if key not in declared:
                yield Finding(
                    LADDER,
                    ("levels", level.index, "attributes", key),
                    f"attribute {key!r} of {level.id} is not a declared column, so no page shows "
                    f"it; {_hint(key, declared, 'attribute')}",
                    key=True,
                )


@rule("ladder-archive", "error", GROUP, per_file=False)
def check_archives(org: Org) -> Iterator[Finding]:
    """An archived ladder is named after its version and is older than the current ladder."""
    for version, ladder in org.ladders.items():
        stem = ladder.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if stem != version:
            yield Finding(
                ladder.source,
                ("version",),
                f"this archive holds version {version!r}; name the file "
                f"rubric/ladders/{version}.yaml so cycles find it",
            )
        elif version == org.ladder.version:
            yield Finding(
                ladder.source,
                ("version",),
                f"version {version} is also the current rubric/ladder.yaml; archive only earlier "
                "versions, or give the current ladder a new version",
            )
