"""``calib packets``: one offline HTML file per engineer of a closed cycle, for the 1:1.

Each packet is the engineer's own view (:mod:`calibration.site.pages.own_view`) as a
page of its own: inline CSS, no script, nothing loaded from anywhere, readable
in any browser and printable. Every packet is audited for its reader (the
``person:<handle>`` audience) before anything is written, against one shared
index of the org's confidential text, and the folder is staged next to its
target and moved into place only when every packet passed, like a site build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from calibration.analysis import CycleAnalysis
from calibration.analysis.cycle import analyze_cycle
from calibration.audience import AudienceError, resolve_audience
from calibration.load.repository import NotARepositoryError, load_repository
from calibration.model import Audience, Cycle, Org
from calibration.site.audit import AuditProblem, SharedSecrets, audit_document
from calibration.site.context import SiteContext
from calibration.site.markup.html import BLOCK_CLOSE, BLOCK_OPEN, esc
from calibration.site.pages.own_view import own_body
from calibration.site.prepare import MARKER
from calibration.site.staging import OutputFolderError, Staging, publish, site_dir_problem
from calibration.validate import validate_repository

FAMILY = "person:"

# Plain, printable and legible without the site's theme; colours meet WCAG AA contrast.
PACKET_CSS = """
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1a1a1a; background: #fff; max-width: 50rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; } h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.3rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.95rem; }
caption { text-align: left; font-weight: 700; padding: 0.3rem 0; }
th, td { border: 1px solid #767676; padding: 0.35rem 0.5rem; text-align: left;
  vertical-align: top; }
thead th { background: #f0f0f0; }
ul { padding-left: 1.3rem; } a { color: #0b57a4; }
.calib-note, .calib-suppressed { color: #4a4a4a; }
footer { margin-top: 3rem; font-size: 0.85rem; color: #4a4a4a; }
@media print { body { max-width: none; padding: 0; } a { color: inherit; } }
""".strip()


class PacketError(Exception):
    """Packets cannot be written; the message says why and what to do."""


@dataclass
class PacketsResult:
    """What a run wrote, or the audit problems that stopped it."""

    target: Path
    written: list[str] = field(default_factory=list)
    problems: list[AuditProblem] = field(default_factory=list)


def packet_html(title: str, body: str, *, footer: str) -> str:
    """A self-contained HTML document around finished HTML blocks."""
    inner = body.replace(BLOCK_OPEN, "").replace(BLOCK_CLOSE, "")
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        f"<title>{esc(title)}</title>\n<style>\n{PACKET_CSS}\n</style>\n</head>\n<body>\n"
        f"<main>\n{inner}\n</main>\n<footer><p>{esc(footer)}</p></footer>\n</body>\n</html>\n"
    )


def _cycle(org: Org, cycle_id: str) -> Cycle:
    cycle = org.find_cycle(cycle_id)
    if isinstance(cycle, str):
        raise PacketError(cycle)
    if cycle.phase != "closed":
        raise PacketError(
            f"cycle {cycle_id} is in phase {cycle.phase or 'not set'}: packets are written "
            "once a cycle is closed and its outcomes are final"
        )
    if FAMILY not in org.audiences:
        raise PacketError(
            "rubric/audiences.yaml defines no `person:` audience, which says what an engineer "
            "may see of their own record; add one (calib init's template has it) and run again"
        )
    return cycle


def write_packets(
    root: Path,
    cycle_id: str,
    target: Path,
    *,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> PacketsResult:
    """Write ``<handle>.html`` for everyone with a file in ``cycle_id`` into ``target``.

    Raises :class:`PacketError` for what a person must fix first. When any
    packet fails its audit nothing is written and the problems are returned.
    """

    try:
        repo = load_repository(root)
    except NotARepositoryError as exc:
        raise PacketError(str(exc)) from exc
    errors = [d for d in validate_repository(repo) if d.severity == "error"]
    if errors:
        raise PacketError(
            f"the repository has {len(errors)} validation error(s); "
            "run `calib validate` and fix them first"
        )
    org = repo.org
    cycle = _cycle(org, cycle_id)
    protected = (root.resolve(),)
    target = target.resolve()
    problem = site_dir_problem(target, force=force, protected=protected)
    if problem:
        raise PacketError(problem.replace("calib build", "calib"))
    analyses = {cycle.id: analyze_cycle(org, cycle.id)}
    secrets = SharedSecrets(org)
    handles = sorted(h for (h, c) in org.prefills if c == cycle.id and h in org.people)
    result = PacketsResult(target)
    staging = Staging(force=force, protected=protected)
    try:
        folder = staging(target)
        for done, handle in enumerate(handles, 1):
            name = f"{handle}.html"
            audience = resolve_audience(org, f"{FAMILY}{handle}")
            text = _packet(org, cycle, audience, analyses)
            result.problems += audit_document(name, text, org, audience, secrets)
            (folder / name).write_text(text, encoding="utf-8")
            result.written.append(name)
            if progress is not None:
                progress(done, len(handles))
        if result.problems:
            return result
        (folder / MARKER).write_text(f"packets: {cycle.id}\n", encoding="utf-8")
        publish(folder, target)
    except (OutputFolderError, AudienceError) as exc:
        raise PacketError(str(exc)) from exc
    finally:
        staging.discard()
    return result


def _packet(org: Org, cycle: Cycle, audience: Audience, analyses: dict[str, CycleAnalysis]) -> str:
    ctx = SiteContext(org=org, audience=audience, cycle=cycle, analyses=analyses)
    person = org.people[audience.handle or ""]
    body = own_body(ctx, person, cycle)
    footer = (
        f"Calibration packet for {person.name}, {cycle.name}. Confidential: for "
        f"{person.name} and their manager."
    )
    return packet_html(f"{person.name}: {cycle.name}", body, footer=footer)
