"""Write a synthetic org to a folder: rubric and schemas copied, people, teams and two cycles.

The same seed gives the same bytes. The rubric decides every level, dimension
and rating the files use, so any ladder an org writes can be scaled up.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from calibration.analysis.words import word_lists
from calibration.demo.org import OrgPlan, person_data, plan_org
from calibration.demo.outcomes import outcomes_file
from calibration.demo.prefill import (
    Context,
    CyclePlan,
    RatingPlan,
    Summary,
    cycle_file,
    dimension_banks,
)
from calibration.load.layout import RUBRIC_FILES
from calibration.load.records import ladder_from, scale_from, settings_from
from calibration.load.resources import schemas_dir
from calibration.load.yamlio import load_file

CYCLES = (
    CyclePlan("2025-h2", "2025 second half", date(2025, 7, 1), date(2025, 12, 31), "closed"),
    CyclePlan("2026-h1", "2026 first half", date(2026, 1, 1), date(2026, 6, 30), "calibration"),
)
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


MKDOCS_CONFIG = """\
# The private calibration site of this synthetic org: calib build --audience calibration
site_name: Synthetic org calibration
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  font: false
extra:
  generator: false
plugins:
  - search
  - calibration:
      audience: !ENV [CALIB_AUDIENCE, org]
      # the synthetic org carries weak evidence and outliers on purpose
      validation_warnings: info
"""
ABOUT_PAGE = (
    "# About this org\n\nEvery person and statement here is made up by `calib demo generate`.\n"
)


class DemoError(Exception):
    """The org cannot be generated (folder not empty, rubric missing or broken)."""


@dataclass(frozen=True)
class Generated:
    """What was written."""

    root: Path
    people: int
    engineers: int
    teams: int
    files: int


def default_rubric() -> Path:
    """The rubric of this checkout (beside ``schemas/``), else the starter rubric of the package."""
    candidate = schemas_dir().parent / "rubric"
    if not (candidate / "ladder.yaml").is_file():
        candidate = Path(__file__).resolve().parents[1] / "scaffold" / "template" / "rubric"
    if not (candidate / "ladder.yaml").is_file():
        raise DemoError(
            "no rubric/ found next to the schemas; pass --rubric with a folder holding ladder.yaml"
        )
    return candidate


def _read_rubric(folder: Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name in ("ladder.yaml", "ratings.yaml", "rules.yaml"):
        path = folder / name
        if not path.is_file():
            if name == "rules.yaml":
                out[name] = {}
                continue
            raise DemoError(f"{path} is missing; a rubric needs ladder.yaml and ratings.yaml")
        result = load_file(path, folder)
        if result.document is None:
            first = result.diagnostics[0]
            raise DemoError(f"{path}:{first.line}:{first.column}: {first.message}")
        out[name] = result.document.data
    return out


def dump(data: dict[str, Any], schema: str) -> str:
    """YAML text of one file, with the editor's schema pointer on the first line."""
    body = yaml.dump(
        data,
        Dumper=_DUMPER,
        sort_keys=False,
        allow_unicode=True,
        width=96,
        default_flow_style=False,
    )
    return f"# yaml-language-server: $schema={schema}\n{body}"


def _cycle(cycle: CyclePlan, version: str) -> dict[str, Any]:
    due = [
        ("Peer observations due", 20),
        ("Manager pre-fills due", 10),
        ("Calibration session", -8),
    ]
    return {
        "id": cycle.id,
        "name": cycle.name,
        "period": {"start": cycle.start.isoformat(), "end": cycle.end.isoformat()},
        "phase": cycle.phase,
        "ladder_version": version,
        "deadlines": [
            {"name": n, "date": (cycle.end - timedelta(days=d)).isoformat()} for n, d in due
        ],
    }


def _context(plan: OrgPlan, rubric: dict[str, dict[str, Any]]) -> Context:
    ladder = ladder_from(rubric["ladder.yaml"])
    settings = settings_from(rubric["rules.yaml"])
    scale = scale_from(rubric["ratings.yaml"])
    teams = {team.id: team for team in plan.teams}
    by_group: dict[str, list[str]] = {}
    for team in plan.teams:
        by_group.setdefault(team.group, []).append(team.id)
    neighbours = {t.id: [o for o in by_group[t.group] if o != t.id] for t in plan.teams}
    return Context(
        ladder,
        RatingPlan.from_rubric(scale, settings),
        settings,
        plan,
        dimension_banks(ladder),
        teams,
        neighbours,
        list(plan.people),
        word_lists(settings.evidence_words, [t.name for t in plan.teams]),
        scale,
    )


class _Writer:
    """Writes files under the root and counts them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0

    def text(self, relpath: str, text: str) -> None:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        self.count += 1

    def yaml(self, relpath: str, data: dict[str, Any], schema: str) -> None:
        self.text(relpath, dump(data, "../" * relpath.count("/") + f"schemas/{schema}.schema.json"))


def _check_target(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise DemoError(
            f"{target} is not empty; pass a new or empty folder (nothing is overwritten)"
        )


def _copy_rubric(out: _Writer, rubric: Path) -> None:
    for relpath in RUBRIC_FILES:
        if relpath.startswith("rubric/") and (rubric / relpath.split("/", 1)[1]).is_file():
            out.text(relpath, (rubric / relpath.split("/", 1)[1]).read_text(encoding="utf-8"))
    (out.root / "schemas").mkdir(parents=True, exist_ok=True)
    for schema in sorted(schemas_dir().glob("*.schema.json")):
        shutil.copyfile(schema, out.root / "schemas" / schema.name)
        out.count += 1


def generate_org(target: Path, *, people: int, seed: int, rubric: Path | None = None) -> Generated:
    """Write an org of ``people`` engineers to the empty folder ``target``.

    Raises :class:`DemoError` for a non-empty folder or an unusable rubric.
    """
    if people < 5:
        raise DemoError("--people must be at least 5 (one team)")
    _check_target(target)
    source = rubric or default_rubric()
    data = _read_rubric(source)
    ladder_data = data["ladder.yaml"]
    rng = random.Random(seed)
    closed, current = CYCLES
    plan = plan_org(
        rng,
        ladder_from(ladder_data),
        people,
        hired_by=closed.start - timedelta(days=30),
        joiners_from=current.start,
    )
    ctx = _context(plan, data)
    out = _Writer(target)
    _copy_rubric(out, source)
    teams = [
        {"id": t.id, "name": t.name, "description": t.description, "group": t.group}
        for t in plan.teams
    ]
    out.yaml("people/teams.yaml", {"teams": teams}, "teams")
    for spec in plan.people.values():
        out.yaml(f"people/{spec.handle}/person.yaml", person_data(spec), "person")
    version = str(ladder_data.get("version", ""))
    for cycle in CYCLES:
        _write_cycle(out, rng, ctx, cycle, version)
    out.text("README.md", _readme(people, seed, len(plan.people), len(plan.teams)))
    out.text("mkdocs.yml", MKDOCS_CONFIG)
    out.text("docs/about.md", ABOUT_PAGE)
    return Generated(target, len(plan.people), people, len(plan.teams), out.count)


def _write_cycle(
    out: _Writer, rng: random.Random, ctx: Context, cycle: CyclePlan, version: str
) -> None:
    """A cycle's file, one file per engineer in it, and the outcomes once it is closed."""
    cycle_data = _cycle(cycle, version)
    out.yaml(f"cycles/{cycle.id}/cycle.yaml", cycle_data, "cycle")
    summaries: list[Summary] = []
    files: dict[str, dict[str, Any]] = {}
    closed = cycle.phase == "closed"
    for handle in ctx.plan.engineers:
        spec = ctx.plan.people[handle]
        if spec.start >= cycle.end - timedelta(days=30):
            continue  # joined too late to be calibrated in this cycle
        file_data, summary = cycle_file(rng, ctx, spec, cycle, closed)
        out.yaml(f"people/{handle}/{cycle.id}.yaml", file_data, "prefill")
        summaries.append(summary)
        if closed:
            files[handle] = file_data
    if closed:
        outcomes = outcomes_file(rng, ctx, cycle_data, summaries, files)
        out.yaml(f"cycles/{cycle.id}/outcomes.yaml", outcomes, "outcomes")


def _readme(engineers: int, seed: int, people: int, teams: int) -> str:
    return (
        "# Synthetic calibration org\n\n"
        f"Generated by `calib demo generate --people {engineers} --seed {seed}`: "
        f"{engineers} engineers, {people} people in all, {teams} teams, "
        "one closed cycle with outcomes and one in calibration.\n"
        "Every name and statement is made up. Regenerate rather than edit.\n"
    )
