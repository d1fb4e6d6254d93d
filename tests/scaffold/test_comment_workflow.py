"""The review comment: two workflows, the second posting what the first hands over as data.

The steps of the comment workflow run here for real, in bash with jq, against a
stand-in for the ``gh`` command that records what would be sent to GitHub.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from gitutil import REPO_ROOT
from test_repo_files import WORKFLOW, load_workflow, run_lines

from calibration.scaffold.init import TEMPLATE

COMMENT = REPO_ROOT / ".github/workflows/calibration-comment.yml"
MARKER = "<!-- calibration-review -->"
HEAD = "a" * 40


def test_the_repository_comment_workflow_is_the_init_template() -> None:
    text = COMMENT.read_text(encoding="utf-8")
    assert text == (TEMPLATE / "workflow-comment.yml").read_text(encoding="utf-8")


def test_the_pull_request_workflow_hands_over_the_summary_as_data() -> None:
    check = load_workflow(WORKFLOW.read_text(encoding="utf-8"))
    comment = load_workflow(COMMENT.read_text(encoding="utf-8"))
    steps = check["jobs"]["check"]["steps"]
    upload = next(s for s in steps if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["name"] == "calibration-review"
    review = next(s for s in steps if s.get("id") == "review")
    assert "calib review" in review["run"] and "pr-number.txt" in review["run"]
    assert review["env"] == {"PR_NUMBER": "${{ github.event.pull_request.number }}"}
    assert comment["on"] == {"workflow_run": {"workflows": [check["name"]], "types": ["completed"]}}


def test_the_comment_workflow_never_runs_the_pull_requests_code() -> None:
    text = COMMENT.read_text(encoding="utf-8")
    workflow = load_workflow(text)
    assert "pull_request_target" not in text and "checkout" not in text
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert "github.event.workflow_run.event == 'pull_request'" in job["if"]
    assert all("uses" not in step for step in job["steps"]), "no action, so nothing to pin"
    for line in run_lines(workflow):
        assert "${{" not in line, f"expression expanded inside run: {line}"
        assert not re.search(r"\b(calib|pip|python|make|npm|bash|sh) ", line)
    ignored = re.findall(r"zizmor: ignore\[([^\]]+)\]", text)
    assert ignored == ["dangerous-triggers"]


def _linters() -> list[tuple[str, list[str]]]:
    found = []
    zizmor = Path(sys.executable).parent / "zizmor"
    if zizmor.is_file() or shutil.which("zizmor"):
        found.append(("zizmor", [str(zizmor) if zizmor.is_file() else "zizmor", "--offline"]))
    actionlint = os.environ.get("CALIB_ACTIONLINT") or shutil.which("actionlint")
    if actionlint:
        found.append(("actionlint", [actionlint]))
    return found


@pytest.mark.parametrize("name", ["calibration-comment.yml", "calibration.yml"])
def test_both_workflows_are_clean_under_the_workflow_linters(name: str) -> None:
    linters = _linters()
    if not linters:
        pytest.skip("neither zizmor nor actionlint is installed")
    for _linter, command in linters:
        done = subprocess.run(
            [*command, str(REPO_ROOT / ".github/workflows" / name)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr


FAKE_GH = r"""
import json, os, shutil, subprocess, sys
args = sys.argv[1:]
log = os.environ["FAKE_LOG"]
def record(entry):
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry) + "\n")
if args[:2] == ["run", "download"]:
    source = os.environ.get("FAKE_ARTIFACT", "")
    if not source:
        sys.exit("no artifact")
    shutil.copytree(source, args[args.index("--dir") + 1], dirs_exist_ok=True)
    sys.exit(0)
assert args[0] == "api", args
method = args[args.index("--method") + 1] if "--method" in args else "GET"
path = next(a for a in args[1:] if a.startswith("repos/"))
if method != "GET":
    with open(args[args.index("--input") + 1], encoding="utf-8") as handle:
        record({"method": method, "path": path, "body": json.load(handle)["body"]})
    print("{}")
elif "/pulls/" in path:
    record({"method": "GET", "path": path})
    print(os.environ["FAKE_PR_HEAD"])
else:
    jq = args[args.index("--jq") + 1]
    subprocess.run(["jq", "-r", jq, os.environ["FAKE_COMMENTS"]], check=True)
"""


def _if_holds(condition: str | None, outputs: dict[str, dict[str, str]]) -> bool:
    if condition is None:
        return True
    match = re.fullmatch(r"steps\.(\w+)\.outputs\.(\w+) (==|!=) '(.*)'", condition)
    assert match, f"the test does not understand: {condition}"
    step, key, op, value = match.groups()
    actual = outputs.get(step, {}).get(key, "")
    return (actual == value) if op == "==" else (actual != value)


def run_comment_job(
    tmp_path: Path,
    *,
    summary: str | None = "## Calibration review\n\nHi @team.\n",
    number: str = "7",
    run_pull_requests: str = "7",
    pr_head: str = HEAD,
    comments: list[dict[str, Any]] | None = None,
) -> tuple[list[dict[str, Any]], list[int]]:
    """Run every step as the runner would; return what was sent to GitHub and the exit codes."""
    job: dict[str, Any] = next(iter(load_workflow(COMMENT.read_text())["jobs"].values()))
    bin_dir, artifact, temp = tmp_path / "bin", tmp_path / "artifact", tmp_path / "runner"
    for folder in (bin_dir, artifact, temp):
        folder.mkdir(parents=True)
    gh = bin_dir / "gh"
    gh.write_text(f"#!{sys.executable}\n{FAKE_GH}", encoding="utf-8")
    gh.chmod(0o755)
    if summary is not None:
        (artifact / "summary.md").write_text(summary, encoding="utf-8")
        (artifact / "pr-number.txt").write_text(number + "\n", encoding="utf-8")
    (tmp_path / "comments.json").write_text(json.dumps(comments or []), encoding="utf-8")
    trusted = {
        "GH_TOKEN": "token",
        "GH_REPO": "org/calibration",
        "RUN_ID": "99",
        "RUN_URL": "https://github.com/org/calibration/actions/runs/99",
        "HEAD_SHA": HEAD,
        "RUN_PULL_REQUESTS": run_pull_requests,
    }
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(temp),
        "FAKE_LOG": str(tmp_path / "sent.jsonl"),
        "FAKE_ARTIFACT": str(artifact) if summary is not None else "",
        "FAKE_PR_HEAD": pr_head,
        "FAKE_COMMENTS": str(tmp_path / "comments.json"),
    }
    for key, value in job["env"].items():
        env[key] = trusted[key] if "${{" in str(value) else str(value)
    outputs: dict[str, dict[str, str]] = {}
    codes = []
    for index, step in enumerate(job["steps"]):
        if not _if_holds(step.get("if"), outputs):
            continue
        output = tmp_path / f"output-{index}"
        output.touch()
        step_env = {
            key: outputs[m.group(1)].get(m.group(2), "")
            for key, value in step.get("env", {}).items()
            if (m := re.fullmatch(r"\$\{\{ steps\.(\w+)\.outputs\.(\w+) \}\}", value))
        }
        script = tmp_path / f"step-{index}.sh"
        script.write_text(step["run"], encoding="utf-8")
        done = subprocess.run(
            ["bash", "-e", str(script)],
            env={**env, **step_env, "GITHUB_OUTPUT": str(output)},
            capture_output=True,
            text=True,
            check=False,
        )
        codes.append(done.returncode)
        if done.returncode != 0:
            break
        lines = output.read_text(encoding="utf-8").splitlines()
        outputs[step.get("id", str(index))] = dict(line.split("=", 1) for line in lines)
    log = tmp_path / "sent.jsonl"
    sent = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return [s for s in sent if s["method"] != "GET"], codes


needs_tools = pytest.mark.skipif(
    not (shutil.which("bash") and shutil.which("jq")), reason="needs bash and jq"
)


@needs_tools
def test_a_new_comment_carries_the_marker_and_pings_nobody(tmp_path: Path) -> None:
    sent, codes = run_comment_job(tmp_path)
    assert codes == [0, 0, 0]
    (post,) = sent
    assert (post["method"], post["path"]) == ("POST", "repos/org/calibration/issues/7/comments")
    assert post["body"].startswith(MARKER + "\n## Calibration review")
    assert "@\u200bteam" in post["body"] and "actions/runs/99" in post["body"]


@needs_tools
def test_the_comment_is_updated_not_added_again(tmp_path: Path) -> None:
    comments = [
        {"id": 1, "user": {"login": "someone"}, "body": MARKER + " planted by a person"},
        {"id": 2, "user": {"login": "github-actions[bot]"}, "body": "another bot comment"},
        {"id": 3, "user": {"login": "github-actions[bot]"}, "body": MARKER + "\nold summary"},
    ]
    sent, _codes = run_comment_job(tmp_path, comments=comments)
    assert [(s["method"], s["path"]) for s in sent] == [
        ("PATCH", "repos/org/calibration/issues/comments/3")
    ]


@pytest.mark.parametrize(
    "number", ["7 ", "07", "7;rm -rf /", "$(id)", "-7", "", "1234567890", "7\n8"]
)
@needs_tools
def test_a_pull_request_number_that_is_not_a_plain_integer_is_refused(
    tmp_path: Path, number: str
) -> None:
    sent, codes = run_comment_job(tmp_path, number=number, run_pull_requests="")
    assert sent == [] and codes[-1] != 0


@needs_tools
def test_the_number_must_be_the_pull_request_of_the_run(tmp_path: Path) -> None:
    sent, codes = run_comment_job(tmp_path, number="8", run_pull_requests="7")
    assert sent == [] and codes[-1] != 0


@needs_tools
def test_a_fork_run_posts_only_on_the_pull_request_whose_head_it_tested(tmp_path: Path) -> None:
    elsewhere, codes = run_comment_job(tmp_path / "a", run_pull_requests="", pr_head="b" * 40)
    assert elsewhere == [] and codes == [0, 0]
    sent, _codes = run_comment_job(tmp_path / "b", run_pull_requests="")
    assert [s["method"] for s in sent] == ["POST"]


@needs_tools
def test_an_oversized_summary_is_not_posted(tmp_path: Path) -> None:
    sent, _codes = run_comment_job(tmp_path, summary="x" * 70_000)
    (post,) = sent
    assert "too long for a comment" in post["body"] and "xxx" not in post["body"]


@needs_tools
def test_a_run_that_left_no_summary_posts_nothing(tmp_path: Path) -> None:
    sent, codes = run_comment_job(tmp_path, summary=None)
    assert sent == [] and codes == [0]
