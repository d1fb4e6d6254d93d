"""``calib evidence check`` end to end: text and YAML input, both formats, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from calibration.cli import main

MINI = Path(__file__).parents[1] / "fixtures" / "mini"
STATEMENTS = """\
# statements from my self-review
- Worked on the checkout redesign.
- I cut checkout p95 latency from 900 ms to 200 ms for all 3 apps, without being asked.

We reduced costs.
"""


def _run(args: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["evidence", "check", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_text_from_stdin_explains_weak_statements_like_a_coach(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no repository here: the built-in word lists apply
    code, out, _ = _run([], STATEMENTS)
    assert code == 0
    assert "WEAK: Worked on the checkout redesign." in out
    assert "This will not survive questioning yet: it lacks an outcome" in out
    assert "'worked on' says nothing on its own" in out
    assert "STRONG: I cut checkout p95 latency" in out
    assert "3 statement(s) from <stdin>: 1 strong, 0 adequate, 2 weak." in out
    assert "Judged with the built-in word lists." in out


def test_json_lists_text_verdict_missing_and_hints(tmp_path: Path) -> None:
    source = tmp_path / "review.txt"
    source.write_text(STATEMENTS, encoding="utf-8")
    code, out, _ = _run([str(source), "--format", "json", "--root", str(tmp_path)])
    assert code == 0
    rows = json.loads(out)
    assert [row["verdict"] for row in rows] == ["weak", "strong", "weak"]
    assert set(rows[0]) == {
        "text",
        "verdict",
        "missing",
        "found",
        "not_counted",
        "above_level",
        "vague_verbs",
        "hints",
    }
    assert rows[2]["missing"] == ["scope", "before-after", "own-role"]
    assert len(rows[2]["hints"]) == 3
    assert rows[1]["found"]["before-after"] == "from 900 ms to 200 ms"
    assert rows[1]["found"]["scope"] == "3 apps"
    assert rows[0]["vague_verbs"] == ["worked on"]


def test_a_cycle_file_is_judged_with_its_scope_and_metrics(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINI, root)
    code, out, _ = _run(
        [str(root / "people" / "ash" / "fy25-b.yaml"), "--format", "json", "--root", str(root)]
    )
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 2
    assert rows[1]["text"].startswith("I wrote the routing onboarding guide")
    assert "before-after" not in rows[1]["missing"]  # from metrics.before/after


def test_the_rubric_of_root_is_used(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINI, root)
    rules = root / "rubric" / "rules.yaml"
    rules.write_text(rules.read_text().replace("[helped, supported, worked on]", "[tinkered]"))
    code, out, _ = _run(["-", "--root", str(root)], "I tinkered with the cache.\n")
    assert code == 0 and "'tinkered' says nothing on its own" in out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "cannot read"),
        ("binary.txt", b"\xff\xfe\x00bad", "cannot read"),
        ("broken.yaml", b"evidence: [unclosed\n", "broken.yaml:"),
        ("other.yaml", b"name: not a cycle file\n", "has no evidence list"),
    ],
)
def test_unreadable_input_exits_2_with_a_message(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = _run([str(path), "--root", str(tmp_path)])
    assert code == 2
    assert out == ""
    assert message in err and "Traceback" not in err


def test_empty_input_is_not_an_error(tmp_path: Path) -> None:
    code, out, err = _run(["-", "--root", str(tmp_path)], "\n# nothing yet\n")
    assert code == 0
    assert "no statements" in err
    assert "0 statement(s)" in out


GAMED = """\
Logged 120 hours on the rollout for five services from March to May.
I did 214 code reviews this half, twice as many as last half, for 5 teams.
I cut checkout p95 latency from 900 ms to 200 ms for all 3 apps; I worked two weekends on it.
"""


def test_json_carries_what_the_text_shows(tmp_path: Path) -> None:
    source = tmp_path / "review.txt"
    source.write_text(GAMED, encoding="utf-8")
    _, text, _ = _run([str(source), "--root", str(tmp_path)])
    _, out, _ = _run([str(source), "--format", "json", "--root", str(tmp_path)])
    rows = json.loads(out)
    flat = " ".join(text.split())
    for row in rows:
        assert f"{row['verdict'].upper()}: {row['text']}" in flat
        for part, words in row["found"].items():
            assert f"{part} ({words})" in flat
        for kind, words in row["not_counted"].items():
            assert f"{kind} ({words})" in flat
        for hint in row["hints"]:
            assert " ".join(hint.split()) in flat
    assert rows[0]["not_counted"] == {"effort": "logged", "period": "from March to May"}
    assert rows[1]["not_counted"]["activity"] == "twice as many"
    assert rows[2]["verdict"] == "strong" and rows[2]["not_counted"] == {"effort": "weekends"}
    assert "Not counted as a result: effort (logged); period (from March to May)." in flat


def test_a_cycle_file_is_judged_against_the_ladder_at_the_persons_level(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINI, root)
    cycle_file = str(root / "people" / "cyd" / "fy25-b.yaml")
    _, out, _ = _run([cycle_file, "--format", "json", "--root", str(root)])
    first = json.loads(out)[0]
    assert first["above_level"] is True
    assert first["found"]["above-level"].startswith("closest to p2 Practitioner II")
    _, text, _ = _run([cycle_file, "--root", str(root)])
    assert "Judged with the word lists of rubric/rules.yaml and the ladder." in text
