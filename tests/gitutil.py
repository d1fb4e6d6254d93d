"""Helpers for tests that need real git repositories (gitops, scaffold, history rules)."""

from __future__ import annotations

import subprocess
from pathlib import Path

GIT_MINI = Path(__file__).resolve().parent / "fixtures" / "git-mini"
REPO_ROOT = Path(__file__).resolve().parents[1]


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` and return its output; fail the test on an error."""
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"git {' '.join(args)} failed: {done.stderr}"
    return done.stdout


def init_repo(repo: Path) -> None:
    """``git init`` with a local identity, so commits work on any machine."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test Author")
    git(repo, "config", "user.email", "author@example.com")
    git(repo, "config", "commit.gpgsign", "false")


def commit_all(repo: Path, message: str) -> None:
    """Stage everything and commit."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
