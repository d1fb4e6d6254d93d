"""Skeletons of ``person.yaml`` and ``cycle.yaml``, and the questions that fill them."""

from __future__ import annotations

from calibration.model import Org
from calibration.scaffold.text import comment, listing, modeline, q, schema_enum, schema_pattern
from calibration.scaffold.values import Check, Question, is_date, matches, one_of

NO_MANAGER = "none"


def _manager_check(org: Org) -> Check:
    known = one_of(sorted(org.people), "person of people/")

    def check(value: str) -> str | None:
        return None if value == NO_MANAGER else known(value)

    return check


def person_questions(org: Org) -> list[Question]:
    """What ``calib new person`` asks for; levels, teams and managers come from the repository."""
    levels = [lv.id for lv in org.ladder.ordered_levels()]
    teams = sorted(org.teams)
    roles = schema_enum("person", "properties", "role")
    return [
        Question("name", "--name", "Full name"),
        Question(
            "level",
            "--level",
            f"Level ({listing(levels)})",
            one_of(levels, "level of rubric/ladder.yaml"),
        ),
        Question(
            "team", "--team", f"Team ({listing(teams)})", one_of(teams, "team of people/teams.yaml")
        ),
        Question(
            "manager",
            "--manager",
            f"Manager's handle, or `{NO_MANAGER}` for the top of the org",
            _manager_check(org),
        ),
        Question(
            "role", "--role", f"Role ({listing(roles)})", one_of(roles, "role"), default=roles[0]
        ),
        Question("start_date", "--start-date", "Start date in the org (YYYY-MM-DD)", is_date),
        Question(
            "git_username",
            "--git-username",
            "Username on the git host, to route reviews (Enter to skip)",
            matches(schema_pattern("person", "properties", "git_username"), "git username"),
            optional=True,
        ),
    ]


def render_person(handle: str, values: dict[str, str]) -> str:
    """The text of ``people/<handle>/person.yaml``."""
    manager = values["manager"]
    lines = [
        modeline("person", 2),
        *comment(
            "Written by `calib new person`. The folder name is the handle: rename both together."
        ),
        f"handle: {q(handle)}",
        f"name: {q(values['name'])}",
        f"level: {q(values['level'])}",
        f"team: {q(values['team'])}",
        f"manager: {'null' if manager == NO_MANAGER else q(manager)}",
        f"role: {q(values['role'])}",
        f"start_date: {q(values['start_date'])}",
    ]
    if values.get("git_username"):
        lines.append(f"git_username: {q(values['git_username'])}")
    else:
        lines += comment(
            "Their username on the git host routes reviews of their folder (calib codeowners):"
        )
        lines.append('# git_username: ""')
    return "\n".join(lines) + "\n"


def cycle_questions() -> list[Question]:
    """What ``calib new cycle`` asks for."""
    phases = schema_enum("cycle", "properties", "phase")
    return [
        Question("name", "--name", "Display name (for example 2027 first half)"),
        Question(
            "start", "--start", "First day of the period of work assessed (YYYY-MM-DD)", is_date
        ),
        Question("end", "--end", "Last day of the period (YYYY-MM-DD)", is_date),
        Question(
            "phase",
            "--phase",
            f"Phase ({listing(phases)})",
            one_of(phases, "phase"),
            default=phases[0],
        ),
    ]


def render_cycle(org: Org, cycle_id: str, values: dict[str, str]) -> str:
    """The text of ``cycles/<id>/cycle.yaml``, with the steps of a cycle as deadline prompts."""
    steps = (
        "Peer observations due",
        "Manager pre-fills due",
        "Cross-team review of pre-fills",
        "Calibration session",
        "Outcomes published",
    )
    lines = [
        modeline("cycle", 2),
        *comment(
            "Written by `calib new cycle`. Phases: prefill (managers write pre-fills in pull "
            "requests), calibration (the room meets; outcomes.yaml records the decisions), "
            "closed (outcomes final; every file of the cycle becomes immutable)."
        ),
        f"id: {q(cycle_id)}",
        f"name: {q(values['name'])}",
        "period:",
        f"  start: {q(values['start'])}",
        f"  end: {q(values['end'])}",
        f"phase: {values['phase']}",
        f"ladder_version: {q(org.ladder.version)}",
        "",
        *comment("The dates that matter; replace [] with yours, for example:"),
        "deadlines: []",
    ]
    for step in steps:
        lines += [f"#  - name: {step}", '#    date: "YYYY-MM-DD"']
    return "\n".join(lines) + "\n"
