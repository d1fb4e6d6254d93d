"""The history rules: closed cycles stay as decided, changes are explained, levels are backed.

Each compares the base with the work tree, so they run only with ``calib validate --base REF``
(see :mod:`calibration.gitops.history`).
"""

from __future__ import annotations

from collections.abc import Iterator

from calibration.load.comparison import Comparison
from calibration.model import Org, Person
from calibration.validate.registry import Finding, rule

GROUP = "history"


def _cycle_of(relpath: str) -> str | None:
    """The cycle a file belongs to (``people/<h>/<cycle>.yaml`` or ``cycles/<cycle>/...``)."""
    parts = relpath.split("/")
    if parts[0] == "cycles" and len(parts) >= 3 and not parts[-1].startswith("."):
        return parts[1]
    if parts[0] == "people" and len(parts) == 3 and parts[2].endswith((".yaml", ".yml")):
        stem = parts[2].rsplit(".", 1)[0]
        return None if stem == "person" else stem
    return None


def first_changed_line(before: bytes, after: bytes) -> int:
    """The 1-based line of ``after`` where it first differs from ``before``."""
    old = before.decode("utf-8", errors="replace").splitlines()
    new = after.decode("utf-8", errors="replace").splitlines()
    for number, (a, b) in enumerate(zip(old, new, strict=False), start=1):
        if a != b:
            return number
    return max(1, min(len(old), len(new)) + (1 if len(new) > len(old) else 0))


def _closed_change(c: Comparison, relpath: str, cycle: str) -> Finding:
    closed = f"cycle {cycle} is closed (as of {c.base_label})"
    if relpath not in c.head_files:
        anchor = f"cycles/{cycle}/cycle.yaml"
        where = anchor if anchor in c.head_files else relpath
        return Finding(
            where,
            (),
            f"{relpath} was deleted, but {closed} and its files are the record of what was "
            "decided; restore the file",
            line=1,
        )
    if relpath not in c.base_files:
        return Finding(
            relpath,
            (),
            f"{relpath} adds a file to {cycle}, but {closed}; put new work in an open cycle",
            line=1,
        )
    head_cycle = c.head.org.cycles.get(cycle)
    if (
        relpath == f"cycles/{cycle}/cycle.yaml"
        and head_cycle is not None
        and head_cycle.phase != "closed"
    ):
        return Finding(
            relpath,
            ("phase",),
            f"reopening {cycle} is not allowed: {closed} and its outcomes are final; "
            "start a new cycle instead",
        )
    line = first_changed_line(c.base_files[relpath], c.head_files[relpath])
    return Finding(
        relpath,
        (),
        f"{relpath} changed, but {closed} and its files are the record of what was decided; "
        "revert this edit",
        line=line,
    )


@rule("closed-cycle-immutable", "error", GROUP, needs_base=True)
def check_closed_cycles(c: Comparison) -> Iterator[Finding]:
    """No file of a cycle that was closed at the base is added, changed, deleted or reopened."""
    closed = {cycle.id for cycle in c.base.org.cycles.values() if cycle.phase == "closed"}
    if not closed:
        return
    for relpath in sorted(set(c.base_files) | set(c.head_files)):
        cycle = _cycle_of(relpath)
        if cycle in closed and c.changed(relpath):
            yield _closed_change(c, relpath, cycle)


@rule("calibrated-rating-rationale", "error", GROUP, needs_base=True)
def check_rating_rationale(c: Comparison) -> Iterator[Finding]:
    """A calibrated rating that changes carries a rationale written for the new rating."""
    for folder, outcomes in sorted(c.head.org.outcomes.items()):
        before = c.base.org.outcomes.get(folder)
        if before is None:
            continue
        for entry in outcomes.ratings:
            old = before.rating_of(entry.person)
            if old is None or not old.rating or not entry.rating or old.rating == entry.rating:
                continue
            change = (
                f"{entry.person}'s calibrated rating changed from {old.rating} to {entry.rating}"
            )
            if not entry.rationale:
                yield Finding(
                    outcomes.source,
                    (*entry.path, "rating"),
                    f"{change}; add a rationale saying why",
                )
            elif entry.rationale == old.rationale:
                yield Finding(
                    outcomes.source,
                    (*entry.path, "rationale"),
                    f"{change}, but the rationale is the one written for {old.rating}; "
                    f"rewrite it to say why the rating is now {entry.rating}",
                )


def _base_handle(c: Comparison, handle: str) -> str:
    """The handle a head person had at the base, following a folder move."""
    for old, new in person_moves(c).items():
        if new == handle:
            return old
    return handle


def _decisions(org: Org, handles: set[str], level: str) -> list[tuple[str, str]]:
    """(cycle, decision) of every promotion decision for one of ``handles`` to ``level``."""
    return [
        (folder, decision.decision or "")
        for folder, outcomes in sorted(org.outcomes.items())
        for decision in outcomes.promotions
        if decision.person in handles and decision.to_level == level
    ]


@rule("level-change-backed", "error", GROUP, needs_base=True)
def check_level_changes(c: Comparison) -> Iterator[Finding]:
    """A person's level changes only with an approved promotion decision in a cycle's outcomes."""
    for handle, person in sorted(c.head.org.people.items()):
        old_handle = _base_handle(c, handle)
        before = c.base.org.people.get(old_handle)
        if before is None or not before.level or not person.level or before.level == person.level:
            continue
        decisions = _decisions(c.head.org, {handle, old_handle}, person.level)
        if any(decision == "approved" for _cycle, decision in decisions):
            continue
        found = "; ".join(f"{cycle} decided {decision}" for cycle, decision in decisions)
        yield Finding(
            person.source,
            ("level",),
            f"level changed from {before.level} to {person.level} without an approved promotion "
            f"decision{f' ({found})' if found else ''}; record the decision in a cycle's "
            f"outcomes.yaml (promotions: person {handle}, to_level {person.level}, decision "
            "approved) or restore the level",
        )


def person_moves(c: Comparison) -> dict[str, str]:
    """Person folders moved between base and head, old handle -> new handle."""
    moves: dict[str, str] = {}
    for old, new in c.renames.items():
        old_parts, new_parts = old.split("/"), new.split("/")
        if (
            old.endswith("/person.yaml")
            and new.endswith("/person.yaml")
            and old_parts[1] != new_parts[1]
        ):
            moves[old_parts[1]] = new_parts[1]
    gone = sorted(set(c.base.org.people) - set(c.head.org.people) - set(moves))
    new_folders = sorted(set(c.head.org.people) - set(c.base.org.people) - set(moves.values()))
    for old_handle in gone:  # moves git could not see (not staged yet): pair by handle, then name
        was = c.base.org.people[old_handle]
        for folder in new_folders:
            now = c.head.org.people[folder]
            if now.declared_handle == old_handle or (was.name and now.name == was.name):
                moves[old_handle] = folder
                new_folders.remove(folder)
                break
    return moves


def _closed_history(org: Org, handle: str) -> list[str]:
    """Closed cycles holding a record of ``handle``."""
    closed = [cy.id for cy in org.cycles_in_order() if cy.phase == "closed"]
    out = []
    for cycle in closed:
        outcomes = org.outcomes.get(cycle)
        named = outcomes is not None and (
            outcomes.rating_of(handle) is not None
            or any(d.person == handle for d in outcomes.promotions)
        )
        if (handle, cycle) in org.prefills or named:
            out.append(cycle)
    return out


def _rename_findings(c: Comparison, old: str, person: Person) -> Iterator[Finding]:
    new = person.handle
    if person.declared_handle == old:
        yield Finding(
            person.source,
            ("handle",),
            f"people/{old}/ was moved to people/{new}/ but the handle is still {old}; "
            f"set handle: {new} in the same change",
        )
        return
    history = _closed_history(c.base.org, old)
    if history and person.declared_handle == new:
        yield Finding(
            person.source,
            ("handle",),
            f"{old} is renamed to {new}, but {old} has records in closed cycle(s) "
            f"{', '.join(history)}, which cannot change; a handle is a permanent id once a cycle "
            "closes: keep it and change `name` instead",
        )


@rule("handle-rename", "error", GROUP, needs_base=True)
def check_handle_renames(c: Comparison) -> Iterator[Finding]:
    """A handle is renamed only together with its folder, and never once a closed cycle names it."""
    moves = person_moves(c)
    for old, new in sorted(moves.items()):
        person = c.head.org.people.get(new)
        if person is not None:
            yield from _rename_findings(c, old, person)
    for handle, person in sorted(c.head.org.people.items()):
        before = c.base.org.people.get(handle)
        if before is None or before.declared_handle != handle or handle in moves.values():
            continue
        if person.declared_handle is not None and person.declared_handle != handle:
            yield Finding(
                person.source,
                ("handle",),
                f"the handle changed from {handle} to {person.declared_handle} but the folder is "
                f"still people/{handle}/; move the folder in the same change "
                f"(git mv people/{handle} people/{person.declared_handle}) or restore the handle",
            )
