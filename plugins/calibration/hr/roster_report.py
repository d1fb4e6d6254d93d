"""A roster plan as text, for the person running the import and for the pull request."""

from __future__ import annotations

import unicodedata

from calibration.hr.roster_plan import Entry, Plan
from calibration.model import Org


def _shown(text: str | None) -> str:
    """Text from a data file, safe to print: control characters could drive the terminal."""
    return "".join("?" if unicodedata.category(c) == "Cc" else c for c in text or "")


def render_plan(plan: Plan, org: Org, name: str, day: str, *, applied: bool) -> str:
    """The plan as text: who is added, what changes, who leaves."""
    added, changed, leaving = plan.of("add"), plan.of("update"), plan.of("leave")
    lines = [
        f"{name}: {len(added)} to add, {len(changed)} to change, {len(leaving)} leaving, "
        f"{plan.unchanged} unchanged"
        + ("" if applied else " (dry run: nothing written; pass --apply to write it)")
    ]

    def values(entry: Entry) -> str:
        return ", ".join(f"{c.key} {_shown(c.new) or 'none'}" for c in entry.changes)

    if added:
        lines += ["new people:", *(f"  + {e.handle}: {values(e)}" for e in added)]
    if changed:
        lines.append("changes:")
        for entry in changed:
            parts = [
                f"{c.key} {_shown(c.old) or 'none'} -> {_shown(c.new) or 'none'}"
                for c in entry.changes
            ]
            parts += [
                f"level {_shown(c.old)} -> {_shown(c.new)} held back (see the warning)"
                for c in entry.held
            ]
            backed = f" (promotion approved in {entry.backing})" if entry.backing else ""
            lines.append(f"  ~ {entry.handle}: {'; '.join(parts)}{backed}")
    if leaving:
        lines.append(f"missing from the roster (marked left_on {day}, their files kept):")
        for entry in leaving:
            person = org.people[entry.handle]
            lines.append(
                f"  - {entry.handle}: {_shown(person.name)}, {_shown(person.level)}, "
                f"{_shown(person.team)}, manager {_shown(person.manager) or 'none'}"
            )
    return "\n".join(lines) + "\n"
