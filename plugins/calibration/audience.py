"""Who may see what: the audience policy every renderer and the site audit share.

An audience is data (``rubric/audiences.yaml``). A name such as ``manager:ada``
picks the family ``manager:`` for the person ``ada``, whose scope ``reports``
then means ada's whole reporting tree. Content kinds are the confidential
parts of a record: ratings, evidence, peer observations, uncertainty,
promotion cases, self-assessment, flags, findings and the session agenda.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from calibration.model import Audience, Org

KINDS = (
    "ratings",
    "evidence",
    "peer_observations",
    "uncertainty",
    "promotion_cases",
    "self_assessment",
    "flags",
    "findings",
    "agenda",
)


class AudienceError(Exception):
    """The audience name is unknown or names no manager of the org."""


def unknown_audience(name: str, defined: Mapping[str, Audience]) -> AudienceError:
    """The error for an audience name that ``defined`` (the audiences of the file) lacks."""
    known = ", ".join(sorted(n + ("<handle>" if n.endswith(":") else "") for n in defined))
    return AudienceError(
        f"unknown audience {name!r}; rubric/audiences.yaml defines: {known or 'none'}"
    )


def find_audience(defined: Mapping[str, Audience], name: str) -> tuple[Audience, str | None]:
    """The audience ``name`` picks from ``defined``, and the handle it names, if any.

    A name defined as it is comes back with no handle; ``family:handle`` comes back
    as the family's definition with ``handle`` (not yet checked against people/).
    Raises :class:`AudienceError` when neither is defined.
    """
    if name in defined and not name.endswith(":"):
        return defined[name], None
    family, sep, handle = name.partition(":")
    template = defined.get(f"{family}:") if sep else None
    if template is None:
        raise unknown_audience(name, defined)
    return template, handle


def resolve_audience(org: Org, name: str) -> Audience:
    """Return the audience called ``name`` (``org``, ``calibration``, ``manager:<handle>``...)."""
    template, handle = find_audience(org.audiences, name)
    if handle is None:
        return template
    family = name.partition(":")[0]
    if handle not in org.people:
        raise AudienceError(f"audience {name!r} names {handle!r}, who is not in people/")
    if template.scope == "reports" and not org.reports(handle):
        raise AudienceError(f"audience {name!r}: {handle} has no reports")
    if template.scope not in ("reports", "self"):
        raise AudienceError(
            f"audience {name!r}: the family {family}: has scope {template.scope!r}; a family "
            "needs scope `reports` (a manager's tree) or `self` (one person's own view)"
        )
    return replace(template, name=name, handle=handle)


def people_in_scope(org: Org, audience: Audience) -> set[str]:
    """Handles whose individual records this audience may open."""
    if audience.scope == "all":
        return set(org.people)
    if audience.scope == "reports" and audience.handle:
        return {p.handle for p in org.tree(audience.handle)}
    if audience.is_personal and audience.handle:
        return {audience.handle}
    return set()


def may_see(
    org: Org, audience: Audience, handle: str, kind: str, *, scope: set[str] | None = None
) -> bool:
    """True when ``audience`` may see content of ``kind`` about the person ``handle``."""
    if kind not in audience.sees:
        return False
    allowed = scope if scope is not None else people_in_scope(org, audience)
    return handle in allowed
