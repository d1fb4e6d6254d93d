"""``calib init``: a new calibration repository for an org, ready to validate and build.

The rubric is this project's own, as a starting point the org then adapts;
the schemas are copied so editor modelines resolve inside the new repository.
Template files ship inside the package (``scaffold/template``), and the rubric
and schemas ship in the wheel too, so a packaged install can run it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from functools import cache
from pathlib import Path

from calibration import __version__
from calibration.layout import RUBRIC_FILES
from calibration.repository import load_repository
from calibration.resources import schemas_dir
from calibration.scaffold.records import render_cycle

TEMPLATE = Path(__file__).resolve().parent / "template"
_PACKAGE = Path(__file__).resolve().parents[1]

REVIEW_EXAMPLE = """
# Review routing for `calib codeowners` (git usernames or @org/team names):
# review:
#   maintainers: ["@your-org/calibration-maintainers"]
#   calibration_leads: ["@your-org/calibration-leads"]
#   calibration_team: ["@your-org/calibration-team"]
"""


class InitError(Exception):
    """The target folder cannot receive a new repository."""


def _shipped(wheel_name: str, checkout_path: str, probe: str) -> Path:
    """A folder the wheel ships under ``template/`` and a source checkout has at its top."""
    for candidate in (TEMPLATE / wheel_name, _PACKAGE.parent.parent / checkout_path):
        if (candidate / probe).is_file():
            return candidate
    raise FileNotFoundError(f"{checkout_path} is missing from this installation")


@cache
def rubric_dir() -> Path:
    """This project's rubric, the starting point of a new org's."""
    return _shipped("rubric", "rubric", "ladder.yaml")


@cache
def guide_dir() -> Path:
    """The user guide pages, copied into a new repository's docs."""
    return _shipped("guide", "docs/guide", "writing-a-prefill.md")


def without_block(text: str, key: str) -> str:
    """``text`` without the top-level YAML block ``key:`` (so no org's usernames are copied)."""
    out: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        if line.startswith(f"{key}:"):
            skipping = True
            continue
        if skipping and line.strip() and not line[0].isspace() and not line.startswith("#"):
            skipping = False
        if not skipping:
            out.append(line)
    return "".join(out)


def workflow_text(install: str) -> str:
    """The workflow, installing calib with ``install`` (a shell command)."""
    return (TEMPLATE / "workflow.yml").read_text(encoding="utf-8").replace("__INSTALL__", install)


def first_cycle(today: dt.date) -> tuple[str, dict[str, str]]:
    """The half-year holding ``today``, as a cycle id and the values of its skeleton."""
    first = today.month <= 6
    start = dt.date(today.year, 1 if first else 7, 1)
    end = dt.date(today.year, 6 if first else 12, 30 if first else 31)
    name = f"{today.year} {'first' if first else 'second'} half"
    values = {"name": name, "start": start.isoformat(), "end": end.isoformat(), "phase": "prefill"}
    return f"{today.year}-h{1 if first else 2}", values


def _copy_rubric(dest: Path) -> None:
    (dest / "rubric").mkdir(parents=True)
    for relpath in RUBRIC_FILES:
        if not relpath.startswith("rubric/"):
            continue
        source = rubric_dir() / relpath.split("/", 1)[1]
        if source.is_file():
            text = source.read_text(encoding="utf-8")
            if relpath == "rubric/rules.yaml":
                text = without_block(text, "review").rstrip("\n") + "\n" + REVIEW_EXAMPLE
            (dest / relpath).write_text(text, encoding="utf-8")


def _template(dest: Path, name: str, target: str, replacements: dict[str, str]) -> None:
    text = (TEMPLATE / name).read_text(encoding="utf-8")
    for old, new in replacements.items():
        text = text.replace(old, new)
    (dest / target).parent.mkdir(parents=True, exist_ok=True)
    (dest / target).write_text(text, encoding="utf-8")


def init_repository(dest: Path, *, name: str, today: dt.date) -> list[str]:
    """Write a new repository into the empty or missing folder ``dest``; return what was written."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise InitError(f"{dest} is not empty; pick a new folder (nothing was written)")
    dest.mkdir(parents=True, exist_ok=True)
    _copy_rubric(dest)
    shutil.copytree(schemas_dir(), dest / "schemas", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(
        guide_dir(), dest / "docs" / "guide", ignore=shutil.ignore_patterns("__pycache__")
    )
    cycle_id, cycle_values = first_cycle(today)
    words = {"__NAME__": name, "__CYCLE__": cycle_id}
    for template, target in (
        ("teams.yaml", "people/teams.yaml"),
        ("mkdocs.yml", "mkdocs.yml"),
        ("pull_request_template.md", ".github/pull_request_template.md"),
        ("pre-commit-config.yaml", ".pre-commit-config.yaml"),
        ("gitignore", ".gitignore"),
        ("README.md", "README.md"),
    ):
        _template(dest, template, target, words)
    workflow = dest / ".github/workflows/calibration.yml"
    workflow.parent.mkdir(parents=True, exist_ok=True)
    workflow.write_text(
        workflow_text(f'pip install "calibration-as-code=={__version__}"'), encoding="utf-8"
    )
    org = load_repository(dest).org
    cycle = dest / "cycles" / cycle_id / "cycle.yaml"
    cycle.parent.mkdir(parents=True)
    cycle.write_text(render_cycle(org, cycle_id, cycle_values), encoding="utf-8")
    return sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
