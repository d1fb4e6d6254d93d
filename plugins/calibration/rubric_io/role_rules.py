"""Every dimension leaves the import with an evidence role, or the import stops and says which.

The role comes, first to last, from ``--roles``, from the sheet, from the ladder
being replaced (same dimension id), or from an answer in a terminal (asked by the
command, which then imports again with the answers as ``--roles``).
"""

from __future__ import annotations

from calibration.rubric_io.draft import Draft, DraftDimension, slug, spelling_key
from calibration.rubric_io.roles import ROLE_CHOICES, role_word


def resolve_roles(
    draft: Draft, given: dict[str, str], kept: dict[str, str]
) -> tuple[list[str], list[DraftDimension]]:
    """Settle each dimension's role; return unknown ``--roles`` names and dimensions without one.

    ``given`` (from ``--roles``, by dimension id or name) wins over the sheet; ``kept``
    (the replaced ladder's ``counts_as`` by id) fills in what neither says.
    """
    by_key: dict[str, DraftDimension] = {}
    for dim in draft.dimensions.values():
        by_key.setdefault(spelling_key(dim.id), dim)
        by_key.setdefault(spelling_key(dim.name), dim)
    unknown = []
    for name, role in given.items():
        found = by_key.get(spelling_key(name)) or draft.dimensions.get(slug(name))
        if found is None:
            unknown.append(name)
        else:
            found.role, found.role_cell = role, None
    missing = []
    for dim in draft.dimensions.values():
        if dim.role is None and dim.role_cell is None:
            dim.role = kept.get(dim.id)
            if dim.role is None:
                missing.append(dim)
    return unknown, missing


def report_missing(draft: Draft, missing: list[DraftDimension]) -> None:
    """One error per dimension without a role, saying the three ways to give one."""
    for dim in missing:
        draft.report(
            dim.cell,
            "import-role-missing",
            "error",
            f"dimension {dim.name!r} has no evidence role, so pre-fill completeness could not "
            f"use it: add a role column ({ROLE_CHOICES}), a 'Role: ...' line under its name, "
            f"or pass --roles {dim.id}=ROLE",
        )


def report_coverage(draft: Draft) -> None:
    """Warn when no dimension carries delivery, or none impact: a completeness check is off."""
    roles = {dim.role for dim in draft.dimensions.values()}
    first = next(iter(draft.dimensions.values()), None)
    if first is None:
        return
    for role, what in (
        ("delivery", "delivery evidence"),
        ("impact", "impact or leverage evidence"),
    ):
        if role not in roles:
            draft.report(
                first.cell,
                "import-role",
                "warning",
                f"no dimension has the {role_word(role)} role, so `calib validate` will not ask "
                f"pre-fills for {what}; give that role to the dimension that holds it",
            )
