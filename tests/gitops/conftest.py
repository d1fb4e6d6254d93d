"""Real git repositories in tmp_path: a committed base on ``main`` and a change on top."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from gitutil import FIXTURES, commit_all, git, init_repo


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """The mini org committed on ``main``, with a ``change`` branch checked out on top."""
    repo = tmp_path / "org"
    shutil.copytree(FIXTURES / "mini", repo)
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
