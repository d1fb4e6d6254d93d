"""Check a roster against the repository: every row must make a person the repository can hold.

Each problem is reported at the roster's ``file:row:column`` with what to change,
so HR can fix the export rather than someone fixing the files by hand.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from calibration.hr.roster_read import NO_MANAGER, Roster, RosterRow, is_handle
from calibration.model import Org


def manager_of(row: RosterRow) -> str | None:
    """The manager handle a row names, or None at the top of the org."""
    value = row.value("manager")
    return None if not value or value.casefold() == NO_MANAGER else value


def _suggest(value: str, known: Iterable[str]) -> str:
    ids = sorted(set(known))
    close = difflib.get_close_matches(value, ids, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    shown = ", ".join(ids[:12]) + (", ..." if len(ids) > 12 else "")
    return f"known: {shown}" if ids else "none are defined yet"


def check_roster(roster: Roster, org: Org, root: Path) -> None:
    """Report every row the repository cannot take (adds to ``roster.diagnostics``)."""
    first: dict[str, RosterRow] = {}
    for row in roster.rows:
        handle = row.value("handle")
        if handle in first:
            roster.report(
                row.cell("handle"),
                "roster-duplicate",
                f"{handle} is on row {first[handle].row} too; keep one row per person",
            )
            continue
        if handle:
            first[handle] = row
        _check_ids(row, org, roster)
        _check_files(row, org, root, roster)
    for row in first.values():
        _check_manager(row, first, org, roster)
    _check_loops(first, roster)


def _check_ids(row: RosterRow, org: Org, roster: Roster) -> None:
    """Level, team, track and sub-level are ids the repository defines."""
    level_id, team = row.value("level"), row.value("team")
    level = org.ladder.level(level_id)
    if level_id and level is None:
        roster.report(
            row.cell("level"),
            "roster-level",
            f"level {level_id!r} is not in rubric/ladder.yaml; "
            f"{_suggest(level_id, (lv.id for lv in org.ladder.levels))}",
        )
    if team and team not in org.teams:
        roster.report(
            row.cell("team"),
            "roster-team",
            f"team {team!r} is not in people/teams.yaml; {_suggest(team, org.teams)} "
            "(a new team is added to people/teams.yaml first)",
        )
    track = row.value("track")
    if track and org.ladder.track(track) is None:
        roster.report(
            row.cell("track"),
            "roster-level",
            f"track {track!r} is not in rubric/ladder.yaml; "
            f"{_suggest(track, (t.id for t in org.ladder.tracks))}",
        )
    sublevel = row.value("sublevel")
    if level is not None and sublevel and sublevel not in level.sublevels:
        roster.report(
            row.cell("sublevel"),
            "roster-level",
            f"sub-level {sublevel!r} is not a step of {level.id}; "
            f"allowed: {', '.join(level.sublevels) or 'none are defined'}",
        )


def _check_files(row: RosterRow, org: Org, root: Path, roster: Roster) -> None:
    """A person file the import would write is not one it cannot read, nor behind a link."""
    handle = row.value("handle")
    if handle in org.people or not is_handle(handle):
        return
    folder = root / "people" / handle
    if folder.is_symlink() or (folder / "person.yaml").is_symlink():
        roster.report(
            row.cell("handle"),
            "roster-handle",
            f"people/{handle} is a symbolic link; the import never writes through one "
            "(replace the link with the folder)",
        )
    elif (folder / "person.yaml").exists():
        roster.report(
            row.cell("handle"),
            "roster-handle",
            f"people/{handle}/person.yaml exists but does not load (`calib validate` says "
            "why); fix it, then import again",
        )


def _check_manager(row: RosterRow, rows: dict[str, RosterRow], org: Org, roster: Roster) -> None:
    """The manager is someone who will still be in the org after the import."""
    handle, manager = row.value("handle"), manager_of(row)
    if manager is None or manager in rows:
        if manager == handle:
            roster.report(
                row.cell("manager"),
                "roster-manager",
                "a person cannot manage themselves; name their manager, or leave the cell "
                "blank at the top of the org",
            )
        return
    person = org.people.get(manager)
    if person is None:
        roster.report(
            row.cell("manager"),
            "roster-manager",
            f"manager {manager!r} is neither in the roster nor in people/; "
            f"{_suggest(manager, [*rows, *org.people])}",
        )
    elif person.left_on:
        roster.report(
            row.cell("manager"),
            "roster-manager",
            f"manager {manager} left on {person.left_on}; name {handle}'s current manager",
        )
    else:
        roster.report(
            row.cell("manager"),
            "roster-manager",
            f"manager {manager} is not in the roster, so the import would mark them as having "
            "left; add them to the roster, or name the current manager",
        )


def _check_loops(rows: dict[str, RosterRow], roster: Roster) -> None:
    """No chain of managers in the roster comes back to where it started (reported once)."""
    reported: set[str] = set()
    for start in sorted(rows):
        seen: list[str] = []
        current: str | None = start
        while current is not None and current in rows and current not in seen:
            seen.append(current)
            current = manager_of(rows[current])
        if current is None or current not in seen:
            continue
        loop = seen[seen.index(current) :]
        if len(loop) < 2 or reported & set(loop):
            continue
        reported |= set(loop)
        first = min((rows[h] for h in loop), key=lambda r: r.row)
        chain = " -> ".join([*loop, loop[0]])
        roster.report(
            first.cell("manager"),
            "roster-manager",
            f"management loop: {chain}; one of them needs another manager",
        )
