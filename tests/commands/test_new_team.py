"""``calib new team``: one more team in people/teams.yaml, the rest of the file as written."""

from __future__ import annotations

from pathlib import Path

from command_helpers import Calib

from calibration.load.repository import load_repository
from calibration.scaffold.team import added_text
from calibration.validate import validate_repository

TEAMS = "people/teams.yaml"


def test_adds_a_team_after_the_last_keeping_comments(mini_repo: Path, calib: Calib) -> None:
    path = mini_repo / TEAMS
    before = path.read_text(encoding="utf-8").replace(
        "  - id: beacon", "  # Beacon moved under platform in May.\n  - id: beacon"
    )
    before += "# Teams are added by pull request.\n"
    path.write_text(before, encoding="utf-8")
    result = calib(
        "new",
        "team",
        "compass",
        "--name",
        "Compass",
        "--description",
        "Search: ranking, # etc.",
        cwd=mini_repo,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "added team compass to people/teams.yaml\n"
    after = path.read_text(encoding="utf-8")
    added = '  - id: compass\n    name: Compass\n    description: "Search: ranking, # etc."\n'
    head, tail = before.split("# Teams are added by pull request.\n")
    assert after == head + added + "# Teams are added by pull request.\n" + tail
    repo = load_repository(mini_repo)
    assert repo.org.teams["compass"].description == "Search: ranking, # etc."
    assert validate_repository(repo) == []


def test_an_id_already_there_is_refused(mini_repo: Path, calib: Calib) -> None:
    path = mini_repo / TEAMS
    before = path.read_text(encoding="utf-8")
    result = calib("new", "team", "atlas", "--name", "Atlas again", cwd=mini_repo)
    assert result.exit_code == 1
    assert "team 'atlas' is already in people/teams.yaml" in result.stderr
    assert path.read_text(encoding="utf-8") == before


def test_bad_ids_and_missing_names_are_usage_errors(mini_repo: Path, calib: Calib) -> None:
    before = (mini_repo / TEAMS).read_text(encoding="utf-8")
    bad = calib("new", "team", "Not An Id", "--name", "X", cwd=mini_repo)
    assert bad.exit_code == 2 and "is not a valid team id" in bad.stderr
    nameless = calib("new", "team", "gamma", cwd=mini_repo)  # a script: no terminal to ask
    assert nameless.exit_code == 2 and "missing --name" in nameless.stderr
    assert (mini_repo / TEAMS).read_text(encoding="utf-8") == before


def test_an_empty_or_missing_list_gets_its_first_team() -> None:
    values = {"name": "Gamma", "group": "Infrastructure"}
    assert added_text("teams: []  # none yet\n", "gamma", values) == (
        "teams:  # none yet\n  - id: gamma\n    name: Gamma\n    group: Infrastructure\n"
    )
    assert added_text("# only a comment\n", "gamma", {"name": "no"}) == (
        '# only a comment\nteams:\n  - id: gamma\n    name: "no"\n'
    )
    unindented = "teams:\n- id: a\n  name: A  # first\n"
    assert added_text(unindented, "b", {"name": "B"}) == unindented + "- id: b\n  name: B\n"
