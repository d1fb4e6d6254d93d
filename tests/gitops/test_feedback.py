"""Feedback where reviewers look, at 200 engineers: a pull request's own findings come first.

One org is generated per module and committed on ``main``; each test clones it
into its own folder, branches and changes one pre-fill, as a pull request would.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitutil import commit_all, git, init_repo

from calibration.analysis.outliers import find_outliers
from calibration.cli import main
from calibration.load.repository import load_repository
from calibration.model import Org, Prefill
from calibration.reporters import FINGERPRINT_KEY

ANNOTATION = re.compile(r"^::(error|warning) file=([^,]*),line=(\d+),col=\d+,title=([^:]*)::")


def calib(*args: str, summary: Path | None = None) -> tuple[int, str]:
    env = {"GITHUB_STEP_SUMMARY": str(summary) if summary else ""}
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.stdout


def annotations(output: str) -> list[tuple[str, int, str]]:
    """(file, line, rule) of each annotation, in the order the runner reads them."""
    found = [ANNOTATION.match(line) for line in output.splitlines()]
    return [(m.group(2), int(m.group(3)), m.group(4)) for m in found if m]


@pytest.fixture(scope="module")
def org_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 200-engineer org committed on ``main``."""
    repo = tmp_path_factory.mktemp("feedback") / "org"
    code, _out = calib("demo", "generate", "--people", "200", "--seed", "1", str(repo))
    assert code == 0
    init_repo(repo)
    commit_all(repo, "the org")
    return repo


@pytest.fixture
def branch(org_repo: Path, tmp_path: Path) -> Path:
    """A clone of the org with a ``change`` branch checked out (``main`` is the base)."""
    repo = tmp_path / "org"
    git(tmp_path, "clone", "-q", str(org_repo), str(repo))
    init_repo_identity(repo)
    git(repo, "checkout", "-q", "-b", "change")
    return repo


def init_repo_identity(repo: Path) -> None:
    git(repo, "config", "user.name", "Test Author")
    git(repo, "config", "user.email", "author@example.com")


def current(org: Org) -> str:
    cycle = org.current_cycle()
    assert cycle is not None
    return cycle.id


def set_rating(repo: Path, prefill: Prefill, rating: str) -> int:
    """Change a pre-fill's proposed rating; return the line it is on."""
    path = repo / prefill.source
    lines = path.read_text(encoding="utf-8").split("\n")
    index = lines.index(f"proposed_rating: {prefill.proposed_rating}")
    lines[index] = f"proposed_rating: {rating}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def test_the_pull_requests_own_finding_is_the_first_annotation(branch: Path) -> None:
    org = load_repository(branch).org
    top = org.scale.best_first()[0].id
    prefills = sorted(org.prefills_for(current(org)), key=lambda p: p.source)
    target = next(p for p in reversed(prefills) if p.proposed_rating != top)
    _code, before = calib("validate", "--format", "github", str(branch))
    line = set_rating(branch, target, top)

    summary = branch.parent / "summary.md"
    _code, out = calib(
        "validate", "--format", "github", "--base", "main", str(branch), summary=summary
    )
    shown = annotations(out)
    assert shown[0] == (target.source, line, "high-rating-evidence")
    assert {file for file, _line, _rule in shown} == {target.source}
    # Sorted by file, as before, the pull request's file came last of ~200.
    assert len(annotations(before)) > 100
    assert all(file != target.source for file, _l, _r in annotations(before)[:100])
    assert re.search(r"\d+ finding\(s\) outside the files this change touches", out)
    text = summary.read_text(encoding="utf-8")
    assert "### In this change" in text and "### Elsewhere" in text
    assert "| weak\\-evidence | warning |" in text.split("### Elsewhere")[1]

    # Only the changed line: the file's other findings are left to the summary.
    assert any(found_line != line for _f, found_line, _r in shown)
    _code, out = calib(
        "validate", "--format", "github", "--base", "main", "--annotate", "added", str(branch)
    )
    narrow = annotations(out)
    assert narrow and narrow[0] == shown[0]
    assert {(file, found_line) for file, found_line, _r in narrow} == {(target.source, line)}


def _switch_off(repo: Path, rules: list[str]) -> None:
    """Set ``rules`` to off under ``severities`` in rubric/rules.yaml."""
    path = repo / "rubric/rules.yaml"
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not any(line.strip().startswith(f"{rule}:") for rule in rules)
    ]
    entries = [f'  {rule}: "off"' for rule in rules]
    if "severities:" in lines:
        at = lines.index("severities:") + 1
        lines[at:at] = entries
    else:
        lines += ["severities:", *entries]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _outside_any_tested_group(org: Org, cycle: str) -> tuple[Prefill, str]:
    """A pre-fill at an outlier's level whose manager has too few reports there to be tested.

    Raising it moves the outlier's numbers for the other managers and nothing else.
    """
    flag = next(f for f in find_outliers(org, cycle) if f.direction == "lenient")
    groups: dict[str, list[Prefill]] = defaultdict(list)
    for prefill in org.prefills_for(cycle):
        person = org.people[prefill.handle]
        if person.level in flag.levels:
            groups[person.manager or ""].append(prefill)
    small = [
        p
        for manager, members in sorted(groups.items())
        if manager != flag.manager and len(members) < org.settings.min_group_size
        for p in members
        if not org.scale.at_or_above(p.proposed_rating, org.settings.high_rating)
    ]
    assert small, "the demo org no longer has a small group at the outlier's level"
    assert org.settings.high_rating is not None
    return small[0], org.settings.high_rating


def test_review_of_a_change_that_only_moves_another_managers_outlier_numbers(
    branch: Path,
) -> None:
    # Rules about the edited person's own rating would rightly report a new
    # finding; this test is about the findings on other people.
    git(branch, "checkout", "-q", "main")
    _switch_off(branch, ["high-rating-evidence", "new-joiner-high", "rating-jump"])
    commit_all(branch, "rules about the edited person off")
    git(branch, "checkout", "-q", "-B", "change")
    org = load_repository(branch).org
    prefill, high = _outside_any_tested_group(org, current(org))
    _code, before = calib("validate", "--format", "json", "--no-cache", str(branch))
    set_rating(branch, prefill, high)
    _code, after = calib("validate", "--format", "json", "--base", "main", str(branch))

    def outliers(report: str) -> dict[str, str]:
        found = json.loads(report)["diagnostics"]
        return {d["fingerprint"]: d["message"] for d in found if d["rule"] == "rating-outlier"}

    old, new = outliers(before), outliers(after)
    assert old and old.keys() == new.keys(), "the same findings, by fingerprint"
    assert all(old[key] != new[key] for key in old), "each one's numbers moved"

    _code, out = calib("review", "--base", "main", "--format", "json", str(branch))
    data = json.loads(out)
    assert data["findings"] == {"new": [], "fixed": []}
    assert data["outliers"] == []
    _code, text = calib("review", "--base", "main", str(branch))
    assert "No finding appears or goes away." in text


def test_sarif_and_json_carry_the_same_fingerprints(org_repo: Path) -> None:
    _code, out = calib("validate", "--format", "json", str(org_repo))
    _code, sarif = calib("validate", "--format", "sarif", str(org_repo))
    prints = [d["fingerprint"] for d in json.loads(out)["diagnostics"]]
    results = json.loads(sarif)["runs"][0]["results"]
    assert [r["partialFingerprints"][FINGERPRINT_KEY] for r in results] == prints
    assert len(set(prints)) == len(prints) > 100
