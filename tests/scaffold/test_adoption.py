"""A new org, as a new user would go: from ``calib init`` to a first pull request that passes.

calib comes from a wheel built from this checkout, put in a local folder that
stands in for the package index, and installed into a fresh virtual environment
the way the generated workflow installs it. Every step of the generated
workflow's pull-request jobs then runs as written in the file, in order, and
the generated pre-commit hooks run from this checkout through
``pre-commit try-repo``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from calibration import __version__

pytestmark = pytest.mark.slow

CHECKOUT = Path(__file__).resolve().parents[2]
CYCLE = "2026-h2"
WHEEL = ("wheel", "--no-deps", "--no-build-isolation", "-q")
WORKING_TREE = ("-z", "--cached", "--others", "--exclude-standard")
MAINTAINERS = "@acme/calibration-maintainers"
TEAM = "@acme/calibration-team"

# The ladder as someone keeps it in a spreadsheet: one row per dimension, one
# column per level, several expectations in a cell on lines of their own.
LADDER_CSV = (
    "Dimension,Engineer,Senior engineer,Staff engineer,Role\n"
    'Delivery,"Ships well-scoped changes with tests\n'
    'Raises a blocker early, not at the deadline","Leads a project of several people to its date\n'
    'Breaks fuzzy work into a plan others can follow",Delivers work that spans several teams,'
    "delivery\n"
    "Impact,Fixes the problems users report,Moves a number the team tracks,"
    "Moves a number the company tracks,impact\n"
    "Helping others,Reviews teammates' changes,Mentors newer engineers,"
    "Grows senior engineers across teams,leverage\n"
)

REPORTS = {
    "sam-okoro": "Sam Okoro",
    "lena-fischer": "Lena Fischer",
    "raj-patel": "Raj Patel",
    "ana-silva": "Ana Silva",
}


@dataclass
class Org:
    """The adopting org's repository and the environment calib was installed into."""

    root: Path
    bin: Path
    env: dict[str, str]

    def run(self, *args: str, cwd: Path | None = None) -> str:
        """Run a command in the repository (never in a terminal); fail on a non-zero exit."""
        done = subprocess.run(
            list(args),
            cwd=cwd or self.root,
            env=self.env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 0, f"{' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout + done.stderr

    def calib(self, *args: str) -> str:
        return self.run(str(self.bin / "calib"), *args)

    def git(self, *args: str) -> str:
        return self.run("git", *args)


def _environment(tmp: Path) -> tuple[Path, dict[str, str]]:
    """A fresh virtual environment and a folder of wheels standing in for the package index."""
    wheels = tmp / "index"
    built = subprocess.run(
        [sys.executable, "-m", "pip", *WHEEL, "-w", str(wheels), str(CHECKOUT)],
        capture_output=True,
        text=True,
    )
    if built.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {built.stderr.strip()[-300:]}")
    venv.create(tmp / "venv", with_pip=True)
    bin_dir = tmp / "venv" / "bin"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["PIP_FIND_LINKS"] = " ".join(filter(None, [str(wheels), env.get("PIP_FIND_LINKS")]))
    for key, value in (("NAME", "Test Author"), ("EMAIL", "author@example.com")):
        env[f"GIT_AUTHOR_{key}"] = env[f"GIT_COMMITTER_{key}"] = value
    return bin_dir, env


def _assert_installed_from_this_checkout(bin_dir: Path) -> None:
    """The same version may exist on the real index: the code installed must be this checkout's."""
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import calibration; print(calibration.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    installed = Path(where).parent
    for relpath in ("cli.py", "scaffold/init.py", "scaffold/install.py"):
        ours = (CHECKOUT / "plugins/calibration" / relpath).read_bytes()
        assert (installed / relpath).read_bytes() == ours, relpath


def _levels_and_dimensions(root: Path) -> tuple[list[str], dict[str, str]]:
    ladder = yaml.safe_load((root / "rubric/ladder.yaml").read_text(encoding="utf-8"))
    levels = [lv["id"] for lv in sorted(ladder["levels"], key=lambda lv: lv["order"])]
    roles = {d["counts_as"]: d["id"] for d in reversed(ladder["dimensions"])}
    return levels, roles


def _fill_in(path: Path, roles: Mapping[str, str], observers: list[str]) -> None:
    """What the manager writes into the skeleton: every answer the checklist asks for."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["proposed_rating"] = "meets"
    data["evidence"] = [
        {
            "dimension": roles["delivery"],
            "statement": "I shipped the invoice retry service on 3 September, a week before "
            "the agreed date, with tests and a runbook.",
            "scope": "the invoices service and the 2 teams that call it",
            "metrics": {"before": "no retries", "after": "3 retries per failed payment"},
            "date": "2026-09-03",
        },
        {
            "dimension": roles["impact"],
            "statement": "I cut failed invoice payments for 300 merchants from 4% to 1% by "
            "adding retries with backoff.",
            "scope": "300 merchants",
            "metrics": {"before": "4% failed", "after": "1% failed"},
            "date": "2026-10-15",
        },
    ]
    data["project"] = {
        "name": "Invoice retries",
        "ambiguity": "medium",
        "dependencies": "moderate",
        "novelty": "new-feature",
    }
    data["uncertainty"] = "How much of the drop came from the new card provider."
    data["invisible_work"] = "Rewrote the payments on-call runbook the whole rotation now uses."
    data["peer_observations"] = [
        {
            "observer": who,
            "relationship": "teammate",
            "observation": "Sam's retry design review caught a double-charge case before launch.",
        }
        for who in observers
    ]
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text.splitlines()[0] + "\n" + dumped, encoding="utf-8")


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Org:
    """An org after its first weeks: its ladder, a team, a manager and reports, an open cycle,
    all on main, and a pull request branch holding one complete pre-fill."""
    tmp = tmp_path_factory.mktemp("adoption")
    bin_dir, env = _environment(tmp)
    org = Org(tmp / "acme", bin_dir, env)
    # the released calib, as a new user installs it (pip resolves it from the "index")
    org.run(str(bin_dir / "pip"), "install", "-q", f"calibration-as-code=={__version__}", cwd=tmp)
    _assert_installed_from_this_checkout(bin_dir)
    org.run(str(bin_dir / "calib"), "init", str(org.root), "--name", "Acme",
            "--maintainer", MAINTAINERS, "--calibration-team", TEAM, cwd=tmp)  # fmt: skip
    (tmp / "ladder.csv").write_text(LADDER_CSV, encoding="utf-8")
    org.calib("rubric", "import", str(tmp / "ladder.csv"), "--force", "--ladder-version", "1")
    levels, roles = _levels_and_dimensions(org.root)
    org.calib("new", "team", "payments", "--name", "Payments",
              "--description", "Card and invoice payments.")  # fmt: skip
    org.calib("new", "person", "maya-chen", "--name", "Maya Chen", "--level", levels[-1],
              "--team", "payments", "--manager", "none", "--role", "manager",
              "--start-date", "2021-03-01", "--git-username", "maya-gh")  # fmt: skip
    for handle, name in REPORTS.items():
        org.calib("new", "person", handle, "--name", name, "--level", levels[0],
                  "--team", "payments", "--manager", "maya-chen",
                  "--start-date", "2023-05-02", "--git-username", f"{handle}-gh")  # fmt: skip
    org.calib("codeowners")
    org.calib("new", "cycle", CYCLE, "--name", "2026 second half",
              "--start", "2026-07-01", "--end", "2026-12-31")  # fmt: skip
    org.git("add", "-A")
    org.git("commit", "-q", "-m", "Acme's ladder, the payments team, the 2026-h2 cycle")
    org.git("init", "-q", "--bare", str(tmp / "origin.git"))  # the git host
    org.git("remote", "add", "origin", str(tmp / "origin.git"))
    org.git("push", "-q", "origin", "main")
    org.git("fetch", "-q", "origin")
    org.git("checkout", "-q", "-b", "prefill/sam-okoro")
    org.calib("new", "prefill", "sam-okoro", "--cycle", CYCLE)
    observers = [h for h in REPORTS if h != "sam-okoro"]
    _fill_in(org.root / f"people/sam-okoro/{CYCLE}.yaml", roles, observers)
    org.git("add", "-A")
    org.git("commit", "-q", "-m", "Sam's pre-fill")
    return org


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    if True in data:  # PyYAML reads the key `on` as a YAML 1.1 boolean
        data["on"] = data.pop(True)
    return data


EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")


def _expand(value: object, context: Mapping[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        assert match[1] in context, f"the test does not know the expression {match[0]}"
        return context[match[1]]

    return EXPRESSION.sub(one, str(value))


@dataclass
class Step:
    """One ``run`` step of a job, with the matrix value it runs for."""

    name: str
    matrix: dict[str, str]
    env: dict[str, str]
    script: str


def _pull_request_steps(workflow: dict[Any, Any]) -> Iterator[Step]:
    """Each ``run`` step of the jobs a pull request starts, in order."""
    for job_id, job in workflow["jobs"].items():
        condition = job.get("if")
        if condition and "github.event_name == 'pull_request'" not in condition:
            continue  # the push-only jobs
        matrix = job.get("strategy", {}).get("matrix", {})
        (key, values), *others = matrix.items() if matrix else [("", [""])]
        assert not others, "the test expands one matrix axis"
        for value in values:
            for step in job["steps"]:
                if "run" in step:
                    yield Step(
                        f"{job_id}: {step.get('name', step['run'])}",
                        {f"matrix.{key}": str(value)} if key else {},
                        {**job.get("env", {}), **step.get("env", {})},
                        step["run"],
                    )


def test_the_first_pull_request_passes_every_step_of_its_workflow(org: Org) -> None:
    requirement = org.root / ".github/calib-requirement.txt"
    lines = [ln for ln in requirement.read_text(encoding="utf-8").splitlines() if ln[:1] != "#"]
    assert lines == [f"calibration-as-code=={__version__}"]  # installed from an index
    workflow = _load(org.root / ".github/workflows/calibration.yml")
    runner = org.root.parent / "runner"
    runner.mkdir()
    summary = runner / "step-summary.md"
    github = {
        "github.base_ref": "main",
        "github.head_ref": "prefill/sam-okoro",
        "github.event_name": "pull_request",
        "github.event.pull_request.number": "1",
        "github.repository": "acme/calibration",
        "github.sha": org.git("rev-parse", "HEAD").strip(),
        "runner.temp": str(runner),
    }
    ran: list[str] = []
    for step in _pull_request_steps(workflow):
        context = {**github, **step.matrix}
        done = subprocess.run(
            [
                "bash",
                "--noprofile",
                "--norc",
                "-eo",
                "pipefail",
                "-c",
                _expand(step.script, context),
            ],
            cwd=org.root,
            env={
                **org.env,
                **{key: _expand(value, context) for key, value in step.env.items()},
                "CI": "true",
                "GITHUB_ACTIONS": "true",
                "GITHUB_WORKSPACE": str(org.root),
                "GITHUB_STEP_SUMMARY": str(summary),
                "GITHUB_OUTPUT": str(runner / "output"),
                "RUNNER_TEMP": str(runner),
            },
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 0, f"{step.name}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        assert "::error" not in done.stdout, f"{step.name}:\n{done.stdout}"
        ran += re.findall(r"\bcalib [a-z-]+", step.script)
    assert {"calib validate", "calib review", "calib codeowners", "calib build"} <= set(ran)
    review = (runner / "calibration-review" / "summary.md").read_text(encoding="utf-8")
    assert "sam-okoro" in review and "Sam Okoro" in summary.read_text(encoding="utf-8")
    for audience in workflow["jobs"]["site"]["strategy"]["matrix"]["audience"]:
        assert (org.root / "site" / audience / "index.html").is_file(), audience


def _snapshot(checkout: Path, target: Path) -> Path:
    """The working tree as git sees it (tracked and new files), committed in a new repository."""
    listed = subprocess.run(
        ["git", "-C", str(checkout), "ls-files", *WORKING_TREE],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for relpath in filter(None, listed.split("\0")):
        source = checkout / relpath
        if source.is_file():
            (target / relpath).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / relpath)
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env.update(GIT_COMMITTER_NAME="T", GIT_COMMITTER_EMAIL="t@example.com")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        subprocess.run(["git", "-C", str(target), *args], env=env, check=True)
    return target


def _pre_commit() -> str:
    beside = Path(sys.executable).parent / "pre-commit"
    found = str(beside) if beside.is_file() else shutil.which("pre-commit")
    if found is None:
        pytest.skip("pre-commit is not installed (pip install -e . --group test)")
    return found


def test_the_generated_hooks_run_from_this_checkout(org: Org, tmp_path: Path) -> None:
    pre_commit = _pre_commit()
    config = _load(org.root / ".pre-commit-config.yaml")
    (repo,) = config["repos"]
    hooks = yaml.safe_load((CHECKOUT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in repo["hooks"]] == [h["id"] for h in hooks]
    if repo["repo"] == "local":
        # No Source repository in the installed metadata: the same hooks, declared locally,
        # install the release CI installs.
        for local, shipped in zip(repo["hooks"], hooks, strict=True):
            assert local["entry"] == shipped["entry"] and local["language"] == "python"
            assert local["additional_dependencies"] == [f"calibration-as-code=={__version__}"]
    else:
        assert repo["rev"] == f"v{__version__}" and repo["repo"].startswith("https://")
    assert {h["language"] for h in hooks} == {"python"}  # pre-commit installs calib itself
    hooks_repo = _snapshot(CHECKOUT, tmp_path / "calibration-as-code")
    work = shutil.copytree(org.root, tmp_path / "acme")
    env = {**org.env, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env["PATH"] = os.pathsep.join(  # nothing of calib on the path: the hooks bring their own
        p for p in env["PATH"].split(os.pathsep) if not (Path(p) / "calib").exists()
    )

    def try_repo() -> subprocess.CompletedProcess[str]:
        # every hook of the checkout at once: try-repo builds a new environment on each call
        return subprocess.run(
            [pre_commit, "try-repo", str(hooks_repo), "--all-files"],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )

    def passed(output: str) -> dict[str, bool]:
        return {
            hook["name"]: bool(re.search(rf"^{re.escape(hook['name'])}\.+Passed$", output, re.M))
            for hook in hooks
        }

    done = try_repo()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert all(passed(done.stdout).values()), done.stdout
    # a new report without `calib codeowners`: the hook writes CODEOWNERS and stops the commit
    shutil.copytree(work / "people/raj-patel", work / "people/tomas-berg")
    person = work / "people/tomas-berg/person.yaml"
    person.write_text(
        person.read_text(encoding="utf-8").replace("raj-patel", "tomas-berg"), encoding="utf-8"
    )
    stale = try_repo()
    assert stale.returncode == 1 and "files were modified by this hook" in stale.stdout
    assert passed(stale.stdout) == {"calib validate": True, "calib codeowners": False}
    assert "/people/tomas-berg/" in (work / ".github/CODEOWNERS").read_text(encoding="utf-8")
