"""``calib codeowners``: resolved with GitHub's matching rules (the ``codeowners`` package)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from codeowners import CodeOwners
from gitutil import REPO_ROOT
from hypothesis import given
from hypothesis import strategies as st

from calibration.cli import main
from calibration.gitops.codeowners import (
    SAFE_FOLDER,
    CodeownersError,
    name_problems,
    plan_codeowners,
    render_codeowners,
)
from calibration.load.repository import load_repository
from calibration.model import Org

Edit = Callable[[Path, str, str, str], None]
REVIEW = (
    'review:\n  maintainers: [dana-gh, "@acme/eng-tools"]\n'
    '  calibration_leads: ["@acme/calibration-leads"]\n'
)


@pytest.fixture
def routed(git_repo: Path) -> Path:
    """The mini org with review settings."""
    with (git_repo / "rubric/rules.yaml").open("a", encoding="utf-8") as handle:
        handle.write(REVIEW)
    return git_repo


def owners_of(text: str, path: str) -> list[str]:
    return [name for _kind, name in CodeOwners(text).of(path)]


def generate(repo: Path) -> str:
    return render_codeowners(load_repository(repo).org)


def test_each_file_resolves_to_the_right_owners(routed: Path) -> None:
    text = generate(routed)
    maintainers = ["@dana-gh", "@acme/eng-tools"]
    leads = ["@acme/calibration-leads"]
    assert owners_of(text, "people/eve/c2.yaml") == ["@mo-gh", "@dana-gh"]
    assert owners_of(text, "people/eve/c9.yaml") == [
        "@mo-gh",
        "@dana-gh",
    ]  # a file added next cycle
    assert owners_of(text, "people/gus/person.yaml") == ["@nia-gh", "@dana-gh"]
    assert owners_of(text, "cycles/c2/outcomes.yaml") == leads
    assert owners_of(text, "cycles/c2/cycle.yaml") == leads
    for path in (
        "rubric/ladder.yaml",
        "schemas/person.schema.json",
        "plugins/calibration/cli.py",
        ".github/workflows/calibration.yml",
        "mkdocs.yml",
        ".github/CODEOWNERS",
        "README.md",
        "people/teams.yaml",
    ):
        assert owners_of(text, path) == maintainers, path


def test_no_person_folder_has_a_single_owner_nor_its_own_person(routed: Path) -> None:
    org = load_repository(routed).org
    text = render_codeowners(org)
    for handle, person in org.people.items():
        owners = owners_of(text, f"people/{handle}/person.yaml")
        assert len(owners) >= 2, handle
        assert f"@{person.git_username}" not in owners, handle


def test_the_top_of_the_org_and_direct_reports_use_the_fallbacks(routed: Path) -> None:
    text = generate(routed)
    # dana has no manager: calibration leads, then maintainers other than dana herself
    assert owners_of(text, "people/dana/person.yaml") == [
        "@acme/calibration-leads",
        "@acme/eng-tools",
    ]
    # mo reports to the top: no skip-level, so the calibration leads are the second approver
    assert owners_of(text, "people/mo/c2.yaml") == ["@dana-gh", "@acme/calibration-leads"]


def test_general_lines_come_before_specific_ones(routed: Path) -> None:
    lines = [ln.split()[0] for ln in generate(routed).splitlines() if ln and not ln.startswith("#")]
    assert lines[0] == "*"
    assert lines.index("/cycles/") < lines.index("/cycles/*/outcomes.yaml")
    assert lines.index("/.github/") < lines.index("/.github/CODEOWNERS")
    # reversing the file would hand every path to the catch-all line: last match wins
    reversed_text = "\n".join(reversed(generate(routed).splitlines()))
    assert owners_of(reversed_text, "people/eve/c2.yaml") == ["@dana-gh", "@acme/eng-tools"]


def test_a_single_owner_folder_is_refused(git_repo: Path) -> None:
    with (git_repo / "rubric/rules.yaml").open("a", encoding="utf-8") as handle:
        handle.write("review:\n  maintainers: [dana-gh]\n")
    with pytest.raises(CodeownersError, match=r"people/mo/ would have 1 owner"):
        generate(git_repo)


def test_missing_maintainers_is_explained(git_repo: Path) -> None:
    result = CliRunner().invoke(main, ["codeowners", str(git_repo)])
    assert result.exit_code == 1 and "review.maintainers" in result.stderr
    assert not (git_repo / ".github/CODEOWNERS").exists()


def test_check_fails_on_a_stale_file_with_a_diff(routed: Path, edit: Edit) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["codeowners", "--check", str(routed)]).exit_code == 1  # missing
    assert runner.invoke(main, ["codeowners", str(routed)]).exit_code == 0
    assert runner.invoke(main, ["codeowners", "--check", str(routed)]).exit_code == 0
    edit(routed, "people/eve/person.yaml", "manager: mo", "manager: nia")
    stale = runner.invoke(main, ["codeowners", "--check", str(routed)])
    assert stale.exit_code == 1
    assert "-/people/eve/             @mo-gh @dana-gh" in stale.stdout
    assert "+/people/eve/             @nia-gh @dana-gh" in stale.stdout
    assert "run `calib codeowners`" in stale.stderr


def test_a_hand_written_file_is_not_overwritten_silently(routed: Path) -> None:
    target = routed / ".github/CODEOWNERS"
    target.parent.mkdir()
    target.write_text("* @someone\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["codeowners", str(routed)])
    assert result.exit_code == 1 and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "* @someone\n"
    assert CliRunner().invoke(main, ["codeowners", "--force", str(routed)]).exit_code == 0
    assert "calib codeowners" in target.read_text(encoding="utf-8")


def test_the_demo_repository_codeowners_is_up_to_date() -> None:
    if "review:" not in (REPO_ROOT / "rubric/rules.yaml").read_text(encoding="utf-8"):
        pytest.skip("the demo rubric/rules.yaml has no review section yet")
    result = CliRunner().invoke(main, ["codeowners", "--check", str(REPO_ROOT)])
    assert result.exit_code == 0, result.stdout + result.stderr


def _add_person(repo: Path, folder: str, git_username: str = "zed-gh") -> None:
    """A report of mo's in ``people/<folder>/`` (only codeowners reads it: no validation)."""
    target = repo / "people" / folder / "person.yaml"
    target.parent.mkdir()
    eve = (repo / "people/eve/person.yaml").read_text(encoding="utf-8")
    target.write_text(eve.replace("git_username: eve-gh", f"git_username: {git_username}"))


BAD_FOLDERS = [
    "ann lee",  # a space ends the pattern: "lee/" would become an owner
    "ann#lee",  # the rest of the line would be a comment
    "#ann",
    "ann\\lee",
    "ann\nlee",  # a second line, with owners of the author's choosing
    "ann\rlee",
    "ann\x1blee",
    "ann*",  # glob characters widen the pattern to other people's folders
    "a?n",
    "[ab]nn",
    "!ann",  # negation is not supported by the host
    ".ann",
    "ann\u202elee",  # a right-to-left override hides what the line says
]


@pytest.mark.parametrize("folder", BAD_FOLDERS, ids=[repr(f) for f in BAD_FOLDERS])
def test_a_folder_name_that_would_break_a_line_is_refused(routed: Path, folder: str) -> None:
    _add_person(routed, folder)
    result = CliRunner().invoke(main, ["codeowners", str(routed)])
    assert result.exit_code == 1
    assert repr(f"people/{folder}/") in result.stderr  # named, escaped, never raw
    assert "rename the folder" in result.stderr
    assert not (routed / ".github").exists()
    check = CliRunner().invoke(main, ["codeowners", "--check", str(routed)])
    assert check.exit_code == 1 and repr(f"people/{folder}/") in check.stderr


@pytest.mark.parametrize(
    ("file", "old", "new", "where"),
    [
        # a newline would add a line giving the author's own account every folder
        (
            "people/eve/person.yaml",
            "git_username: eve-gh",
            'git_username: "eve-gh\\n* @mallory"',
            "'people/eve/person.yaml' git_username",
        ),
        # mo owns eve's folder: a space in mo's username adds a second owner
        (
            "people/mo/person.yaml",
            "git_username: mo-gh",
            'git_username: "mo-gh @mallory"',
            "'people/mo/person.yaml' git_username",
        ),
        (
            "rubric/rules.yaml",
            "dana-gh,",
            '"dana-gh #",',
            "rubric/rules.yaml review.maintainers",
        ),
        (
            "rubric/rules.yaml",
            '"@acme/calibration-leads"',
            '"@acme/leads/*"',
            "rubric/rules.yaml review.calibration_leads",
        ),
    ],
)
def test_a_username_that_would_break_a_line_is_refused(
    routed: Path, edit: Edit, file: str, old: str, new: str, where: str
) -> None:
    edit(routed, file, old, new)
    result = CliRunner().invoke(main, ["codeowners", str(routed)])
    assert result.exit_code == 1
    assert where in result.stderr and "correct it" in result.stderr
    assert "\n* @mallory" not in result.stderr  # shown escaped, never as a line of its own
    assert not (routed / ".github").exists()


def test_every_refused_name_is_listed_at_once(routed: Path, edit: Edit) -> None:
    _add_person(routed, "ann lee")
    edit(routed, "people/eve/person.yaml", "git_username: eve-gh", 'git_username: "eve gh"')
    with pytest.raises(CodeownersError) as caught:
        generate(routed)
    assert str(caught.value).count("\n") == 1  # two problems, one per line
    assert "'people/ann lee/'" in str(caught.value) and "'eve gh'" in str(caught.value)


def test_dots_and_underscores_are_written_and_match_literally(routed: Path) -> None:
    _add_person(routed, "ann.lee_2", git_username="ann-gh")
    text = generate(routed)
    assert owners_of(text, "people/ann.lee_2/c2.yaml") == ["@mo-gh", "@dana-gh"]
    # "." is not a wildcard: a look-alike folder falls to the catch-all line
    assert owners_of(text, "people/annxlee_2/c2.yaml") == ["@dana-gh", "@acme/eng-tools"]


@given(folder=st.text(min_size=1, max_size=12) | st.from_regex(SAFE_FOLDER, fullmatch=True))
def test_any_folder_name_is_refused_or_owned_exactly_as_planned(
    routed_org: Org, folder: str
) -> None:
    eve = routed_org.people["eve"]
    org = dataclasses.replace(
        routed_org,
        people={**routed_org.people, folder: dataclasses.replace(eve, handle=folder)},
    )
    if name_problems(org):
        with pytest.raises(CodeownersError):
            render_codeowners(org)
        return
    text = render_codeowners(org)
    rules = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    assert len(rules) == len(plan_codeowners(org).lines)  # one line per pattern, none added
    assert owners_of(text, f"people/{folder}/c2.yaml") == ["@mo-gh", "@dana-gh"]


@pytest.fixture
def routed_org(routed: Path) -> Org:
    """The model of the routed mini org, for tests that vary it in memory."""
    return load_repository(routed).org
