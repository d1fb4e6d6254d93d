"""Shared fixtures: the mini repository, git repositories and the hypothesis profiles.

``tests/fixtures/mini`` is a small, complete and valid calibration repository.
Tests never edit it in place: :func:`mini_repo` hands out a fresh copy.
``tests/fixtures/git-mini`` is the org the git tests commit on ``main`` and change
(helpers in ``gitutil``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from gitutil import GIT_MINI, commit_all, git, init_repo
from hypothesis import HealthCheck, settings

TESTS = Path(__file__).resolve().parent
MINI = TESTS / "fixtures" / "mini"
REPO_ROOT = TESTS.parent

# Local runs stay quick; CI (or HYPOTHESIS_PROFILE=ci) explores more inputs.
settings.register_profile(
    "dev",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


def copy_mini(target: Path) -> Path:
    """Copy the mini repository to ``target`` (which must not exist) and return it."""
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def mini_path() -> Path:
    """The mini repository in the source tree (read it, never write to it)."""
    return MINI


@pytest.fixture
def mini_repo(tmp_path: Path) -> Path:
    """A fresh, writable copy of the mini repository."""
    return copy_mini(tmp_path / "repo")


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """The git-mini org committed on ``main``, with a ``change`` branch checked out on top."""
    repo = tmp_path / "org"
    shutil.copytree(GIT_MINI, repo)
    init_repo(repo)
    commit_all(repo, "base")
    git(repo, "checkout", "-q", "-b", "change")
    return repo


@pytest.fixture
def edit() -> Callable[[Path, str, str, str], None]:
    """Replace one exact piece of text in a file (the test fails if it is not there once)."""

    def replace(repo: Path, relpath: str, old: str, new: str) -> None:
        path = repo / relpath
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not in {relpath} exactly once"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return replace
