"""Turn a draft into ladder data, keeping what only the YAML holds of the ladder it replaces.

A sheet carries levels (id, order, tracks, attribute values), dimensions (name,
group, evidence role), expectations (text, examples, proficiency) and the
ladder's name, description, cumulative flag and attribute columns. Level names,
summaries and sub-levels, dimension descriptions and limits, and track names
live only in the YAML: a re-import keeps them for every id that is still there,
and a dimension's ``counts_as`` when the sheet gives it no role. The ladder's
description, cumulative flag and attribute columns are never carried over (see
:mod:`.settings`).
"""

from __future__ import annotations

from typing import Any

from calibration.rubric_io.draft import Draft, DraftExpectation, DraftLevel
from calibration.rubric_io.settings import settings_data

LEVEL_KEYS = ("id", "name", "order", "tracks", "summary", "attributes", "sublevels")
DIMENSION_KEYS = ("id", "name", "description", "group", "tracks", "levels", "counts_as")
LADDER_KEYS = ("version", "name", "description", "cumulative", "tracks_compare", "attributes")
DEFAULT_NAME = "Career ladder"


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _orders(draft: Draft, levels: list[DraftLevel]) -> list[float]:
    """Each level's order: from the sheet, else its position (1 for the first level)."""
    given = any(level.order is not None for level in levels)
    out = []
    for position, level in enumerate(levels, start=1):
        if level.order is None and given:
            draft.report(
                level.cell,
                "import-order",
                "warning",
                f"level {level.id} has no order while others do; it gets {position} (its position)",
            )
        out.append(level.order if level.order is not None else float(position))
    return out


def _expectation_track(exp: DraftExpectation, level: DraftLevel | None) -> str | None:
    """The track an expectation is limited to, when its row says more than its level does."""
    if len(exp.row_tracks) != 1:
        return None
    if level is not None and not level.shared and level.tracks == exp.row_tracks:
        return None
    return exp.row_tracks[0]


def _expectation(exp: DraftExpectation, draft: Draft) -> dict[str, Any]:
    level = draft.levels.get(exp.level) if exp.level is not None else None
    item: dict[str, Any] = {}
    if exp.level is not None:
        item["level"] = exp.level
    track = _expectation_track(exp, level)
    if track is not None:
        item["track"] = track
    item["dimension"] = exp.dimension
    item["text"] = exp.text
    if exp.examples:
        item["examples"] = list(exp.examples)
    if exp.proficiency:
        item["proficiency"] = exp.proficiency
    return item


def ladder_data(draft: Draft, version: str) -> dict[str, Any]:
    """The ladder the sheet describes, as data for ``ladder.yaml``."""
    levels = list(draft.levels.values())
    data: dict[str, Any] = {"version": version, **settings_data(draft)}
    if draft.tracks:
        data["tracks"] = [
            {"id": tid, **({"name": name} if name != tid else {})}
            for tid, name in draft.tracks.items()
        ]
    data["levels"] = []
    for level, order in zip(levels, _orders(draft, levels), strict=True):
        item: dict[str, Any] = {"id": level.id}
        if level.name != level.id:
            item["name"] = level.name
        item["order"] = _number(order)
        if level.tracks and not level.shared:
            item["tracks"] = list(level.tracks)
        if level.attributes:
            item["attributes"] = {key: value for key, (value, _) in level.attributes.items()}
        data["levels"].append(item)
    data["dimensions"] = [
        {
            "id": d.id,
            "name": d.name,
            **({"group": d.group} if d.group else {}),
            **({"counts_as": d.role} if d.role else {}),
        }
        for d in draft.dimensions.values()
    ]
    data["expectations"] = [_expectation(exp, draft) for exp in draft.expectations]
    return data


def _by_id(items: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(items, list):
        return {}
    return {str(i["id"]): i for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}


def _ordered(item: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: item[key] for key in keys if key in item}


def _attributes(new: dict[str, str], old: Any) -> dict[str, Any]:
    """The sheet's attribute values, keeping a number the YAML held where the sheet agrees."""
    before = old if isinstance(old, dict) else {}
    return {key: before[key] if str(before.get(key)) == text else text for key, text in new.items()}


def _merge_levels(new: dict[str, Any], old: dict[str, Any], sheet_tracks: bool) -> None:
    previous = _by_id(old.get("levels"))
    for index, level in enumerate(new["levels"]):
        before = previous.get(level["id"])
        if before is None:
            continue
        kept = ("name", "summary", "sublevels", *(() if sheet_tracks else ("tracks",)))
        merged = {**level, **{k: before[k] for k in kept if k in before}}
        if "attributes" in level:
            merged["attributes"] = _attributes(level["attributes"], before.get("attributes"))
        new["levels"][index] = _ordered(merged, LEVEL_KEYS)


def _merge_dimensions(new: dict[str, Any], old: dict[str, Any]) -> None:
    previous = _by_id(old.get("dimensions"))
    for index, dim in enumerate(new["dimensions"]):
        before = previous.get(dim["id"])
        if before is None:
            continue
        # limits stay as written, even to a level the sheet dropped: validate names it;
        # counts_as is settled before this (see role_rules), from the sheet or from here
        carried = ("description", "tracks", "levels")
        merged = {**{k: before[k] for k in carried if k in before}, **dim}
        if "group" in before and "group" not in dim:
            merged["group"] = before["group"]
        new["dimensions"][index] = _ordered(merged, DIMENSION_KEYS)


def merge(new: dict[str, Any], old: dict[str, Any] | None, *, sheet_tracks: bool) -> dict[str, Any]:
    """Carry over from ``old`` what a sheet cannot hold, for ids the sheet still has."""
    previous: dict[str, Any] = old or {}
    kept: dict[str, Any] = {k: previous[k] for k in ("name", "tracks_compare") if k in previous}
    settings: dict[str, Any] = {"name": DEFAULT_NAME, **kept, **new}
    out: dict[str, Any] = {key: settings[key] for key in LADDER_KEYS if key in settings}
    if not old:
        return {**out, **{k: v for k, v in new.items() if k not in out}}
    old_tracks = _by_id(old.get("tracks"))
    if not sheet_tracks and "tracks" in old:
        out["tracks"] = old["tracks"]
    elif "tracks" in new:
        out["tracks"] = [
            {**t, **{k: v for k, v in old_tracks.get(t["id"], {}).items()}} for t in new["tracks"]
        ]
    out["levels"], out["dimensions"] = new["levels"], new["dimensions"]
    _merge_levels(out, old, sheet_tracks)
    _merge_dimensions(out, old)
    out["expectations"] = new["expectations"]
    return out
