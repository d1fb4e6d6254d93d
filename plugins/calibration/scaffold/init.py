"""``calib init``: a new org's calibration repository that passes its own first pull request.

The rubric is this project's own, as a starting point the org then replaces or
adapts, without what only the demo org needs (its severity overrides, its
review teams, wording about its levels). The review owners come from the
person running ``calib init``, so CODEOWNERS can be written at once; CI and
pre-commit install the calib that created the repository (see ``install``).
Template files ship inside the package (``scaffold/template``), and the rubric,
guides and schemas ship in the wheel too, so a packaged install can run it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from calibration.gitops.codeowners import PATH as CODEOWNERS
from calibration.gitops.codeowners import SAFE_OWNER, as_owner, render_codeowners
from calibration.load.layout import RUBRIC_FILES
from calibration.load.repository import load_repository
from calibration.load.resources import schemas_dir
from calibration.scaffold.install import REQUIREMENT_FILE, InstallSource

TEMPLATE = Path(__file__).resolve().parent / "template"
_PACKAGE = Path(__file__).resolve().parents[1]

SEVERITIES = """\
# Override a rule's default severity (error, warning or off), keyed by rule id;
# `calib rules` lists every rule with its default. Empty: every rule keeps it.
severities: {}
"""

LADDER_DESCRIPTION = """\
description: >-
  The ladder a new calibration repository starts from. Replace it with your
  org's own (`calib rubric import` reads a spreadsheet export), or adapt it here.
"""


class InitError(Exception):
    """The target folder cannot receive a new repository, or an option is unusable."""


@dataclass(frozen=True)
class Owners:
    """Who approves what (``review`` in rubric/rules.yaml): git usernames or @org/team names."""

    maintainers: tuple[str, ...]
    calibration_team: tuple[str, ...]
    calibration_leads: tuple[str, ...] = ()

    def problem(self) -> str | None:
        """Why these owners cannot route every review, or None."""
        everyone = {*self.maintainers, *self.calibration_team, *self.calibration_leads}
        if self.maintainers and self.calibration_team and len(everyone) < 2:
            return (
                "--maintainer and --calibration-team name only one owner between them; "
                "name at least two, since nobody can approve their own pull request"
            )
        return None


def parse_owners(values: Iterable[str]) -> tuple[str, ...]:
    """``["alice, @org/team", "bob"]`` -> ``("@alice", "@org/team", "@bob")``."""
    out: list[str] = []
    for value in values:
        for name in re.split(r"[\s,]+", value.strip()):
            if name and as_owner(name) not in out:
                out.append(as_owner(name))
    return tuple(out)


def owner_problem(text: str) -> str | None:
    """Why ``text`` is not a list of owners CODEOWNERS can hold, or None."""
    names = parse_owners([text])
    if not names:
        return "name at least one git username or @org/team"
    wrong = [name for name in names if not SAFE_OWNER.fullmatch(name)]
    if wrong:
        return (
            f"{', '.join(repr(n) for n in wrong)}: not a git host username or @org/team name "
            "(letters, digits and '-', a team after one '/')"
        )
    return None


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


def replace_block(text: str, key: str, new: str) -> str:
    """``text`` with the top-level YAML block ``key:``, and the comments right above it, as ``new``.

    A missing block is added at the end.
    """
    lines = text.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
    if at is None:
        return text.rstrip("\n") + "\n\n" + new
    start = at
    while start > 0 and lines[start - 1].startswith("#") and "$schema=" not in lines[start - 1]:
        start -= 1
    end = at + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0].isspace()):
        end += 1
    while end > at + 1 and not lines[end - 1].strip():
        end -= 1  # the blank lines after the block separate it from the next one
    return "".join(lines[:start]) + new + "".join(lines[end:])


def without_career_level(text: str) -> str:
    """``text`` with ``career_level`` commented out: the demo's level id is no other org's."""
    found = re.search(r"^(?P<indent>[ \t]+)career_level:[ \t]*(?P<value>\S.*)$", text, re.M)
    if found is None:
        return text
    indent, value = found["indent"], found["value"].strip().strip("\"'")
    naming = re.compile(rf"^{indent}#.*\b{re.escape(value)}\b")
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        if naming.match(line):
            continue
        if line.startswith(f"{indent}career_level:"):
            line = (
                f"{indent}# A level people may stay at for good is spared the stalled list:\n"
                f'{indent}# career_level: "<a level id of rubric/ladder.yaml>"\n'
            )
        out.append(line)
    return "".join(out)


def review_block(owners: Owners) -> str:
    """The ``review`` settings of rubric/rules.yaml that ``calib codeowners`` reads."""

    def flow(names: tuple[str, ...]) -> str:
        return "[" + ", ".join(json.dumps(name) for name in names) + "]"

    lines = [
        "# Who approves what: `calib codeowners` writes .github/CODEOWNERS from these",
        "# and from each person's manager (git_username in people/); run it after",
        "# changing people/, and CI checks it is up to date.",
        "review:",
        f"  maintainers: {flow(owners.maintainers)}",
        f"  calibration_team: {flow(owners.calibration_team)}",
    ]
    if owners.calibration_leads:
        lines.append(f"  calibration_leads: {flow(owners.calibration_leads)}")
    else:
        lines.append("  # calibration_leads: []  # owners of cycles/ (default: the maintainers)")
    return "\n".join(lines) + "\n"


def starting_rubric_file(relpath: str, text: str, owners: Owners) -> str:
    """One file of the starting rubric, without what belongs to the demo org only."""
    if relpath == "rubric/rules.yaml":
        text = replace_block(text, "severities", SEVERITIES)
        text = replace_block(text, "review", review_block(owners))
        return without_career_level(text)
    if relpath == "rubric/ladder.yaml":
        return replace_block(text, "description", LADDER_DESCRIPTION)
    return text


def workflow_text(install: str) -> str:
    """The workflow, installing calib with ``install`` (a shell command)."""
    return (TEMPLATE / "workflow.yml").read_text(encoding="utf-8").replace("__INSTALL__", install)


def requirement_text(install: InstallSource) -> str:
    """The requirements file CI installs calib from."""
    return (
        "# The calib this repository's CI installs: pip install -r " + REQUIREMENT_FILE + "\n"
        "# Written by `calib init`. To upgrade, change it together with the calib of\n"
        "# .pre-commit-config.yaml, in a pull request of its own.\n" + install.requirement + "\n"
    )


def check_target(dest: Path) -> None:
    """Refuse a folder holding anything but an empty git repository."""
    if dest.exists() and (not dest.is_dir() or any(p.name != ".git" for p in dest.iterdir())):
        raise InitError(f"{dest} is not empty; pick a new folder (nothing was written)")


def _copy_rubric(dest: Path, owners: Owners) -> None:
    (dest / "rubric").mkdir(parents=True)
    for relpath in RUBRIC_FILES:
        if not relpath.startswith("rubric/"):
            continue
        source = rubric_dir() / relpath.split("/", 1)[1]
        if source.is_file():
            text = starting_rubric_file(relpath, source.read_text(encoding="utf-8"), owners)
            (dest / relpath).write_text(text, encoding="utf-8")


def _template(dest: Path, name: str, target: str, replacements: dict[str, str]) -> None:
    text = (TEMPLATE / name).read_text(encoding="utf-8")
    for old, new in replacements.items():
        text = text.replace(old, new)
    (dest / target).parent.mkdir(parents=True, exist_ok=True)
    (dest / target).write_text(text, encoding="utf-8")


def init_repository(dest: Path, *, name: str, owners: Owners, install: InstallSource) -> list[str]:
    """Write a new repository into the empty or missing folder ``dest``; return what was written."""
    check_target(dest)
    dest.mkdir(parents=True, exist_ok=True)
    _copy_rubric(dest, owners)
    shutil.copytree(schemas_dir(), dest / "schemas", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(
        guide_dir(), dest / "docs" / "guide", ignore=shutil.ignore_patterns("__pycache__")
    )
    words = {
        "__NAME__": name,
        # Quoted: an org name may hold ": " or "#", which would break the YAML otherwise.
        "__SITE_NAME__": json.dumps(f"{name} calibration", ensure_ascii=False),
        "__REQUIREMENT_FILE__": REQUIREMENT_FILE,
        "__HOOKS_REPO__": json.dumps(install.hooks_repo),
        "__HOOKS_REV__": json.dumps(install.hooks_rev),
        "__REQUIREMENT__": json.dumps(install.requirement),
    }
    for template, target in (
        ("teams.yaml", "people/teams.yaml"),
        ("mkdocs.yml", "mkdocs.yml"),
        ("pull_request_template.md", ".github/pull_request_template.md"),
        ("workflow-comment.yml", ".github/workflows/calibration-comment.yml"),
        (
            "pre-commit-config.yaml" if install.hooks_repo else "pre-commit-local.yaml",
            ".pre-commit-config.yaml",
        ),
        ("gitignore", ".gitignore"),
        ("README.md", "README.md"),
    ):
        _template(dest, template, target, words)
    (dest / ".github/workflows/calibration.yml").write_text(
        workflow_text(f"pip install -r {REQUIREMENT_FILE}"), encoding="utf-8"
    )
    (dest / REQUIREMENT_FILE).write_text(requirement_text(install), encoding="utf-8")
    (dest / CODEOWNERS).write_text(render_codeowners(load_repository(dest).org), encoding="utf-8")
    return sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())


def git_toplevel(path: Path) -> Path | None:
    """The top of the git repository ``path`` (or its nearest existing parent) is in, or None."""
    here = path.resolve()
    while not here.exists():
        here = here.parent
    try:
        done = subprocess.run(
            ["git", "-C", str(here), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:  # no git: start_git says so
        return None
    return Path(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None


def start_git(dest: Path, top: Path | None) -> str:
    """``git init -b main`` in ``dest`` unless it is inside the repository ``top``; say which."""
    if top is not None:
        where = "" if top == dest.resolve() else " (the git host reads .github/ only at its top)"
        return f"{dest} is inside the git repository {top}{where}: git init skipped"
    try:
        done = subprocess.run(
            ["git", "init", "-q", "-b", "main", str(dest)],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return f"git is not installed: run `git init -b main` in {dest} yourself"
    if done.returncode != 0:
        raise InitError(f"git init -b main failed: {done.stderr.strip()}")
    return f"git init -b main: {dest} is a new git repository"
