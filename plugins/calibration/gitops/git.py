"""Read a repository's history with the real ``git`` command, never by touching the work tree.

Every path given to or returned by this module is relative to the calibration
repository's root, which may be a sub-folder of the git work tree (a
calibration folder inside a monorepo); the prefix is added and removed here.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """git is missing, the folder is not in a git work tree, or a ref does not exist."""


@dataclass(frozen=True)
class WorkTree:
    """Where the calibration root sits inside its git work tree."""

    toplevel: Path
    prefix: str  # "" at the top, else "sub/folder/"

    def full(self, relpath: str) -> str:
        """The path of ``relpath`` from the top of the work tree."""
        return self.prefix + relpath

    def local(self, full: str) -> str | None:
        """The path of a work-tree path relative to the root, or None when outside it."""
        if not full.startswith(self.prefix):
            return None
        return full[len(self.prefix) :]


def run_git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in ``cwd`` and return its standard output; raise :class:`GitError` on failure."""
    if shutil.which("git") is None:
        raise GitError("git is not installed or not on PATH; install git to use --base")
    try:
        done = subprocess.run(
            ["git", "-C", str(cwd), *args],
            input=stdin,
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc}") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise GitError(detail[-1] if detail else f"git {args[0]} failed")
    return done.stdout


def open_worktree(root: Path) -> WorkTree:
    """Locate the git work tree holding ``root``."""
    root = root.resolve()
    if not root.is_dir():
        raise GitError(f"{root} is not a folder")
    try:
        out = run_git(root, "rev-parse", "--show-toplevel", "--show-prefix").decode("utf-8")
    except GitError as exc:
        raise GitError(
            f"{root} is not inside a git repository ({exc}); run `git init` there, or drop --base"
        ) from exc
    lines = out.splitlines()
    prefix = lines[1] if len(lines) > 1 else ""
    return WorkTree(Path(lines[0]), prefix)


def resolve_commit(tree: WorkTree, ref: str) -> str:
    """The commit id ``ref`` names; unknown refs get a message saying how to fetch them."""
    if not ref or ref.startswith("-"):
        raise GitError(f"{ref!r} is not a valid ref; name a branch, tag or commit")
    try:
        return (
            run_git(tree.toplevel, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
            .decode()
            .strip()
        )
    except GitError:
        raise GitError(
            f"unknown ref {ref!r}: no branch, tag or commit has that name here; "
            "fetch it first (for example `git fetch origin main`) or check the spelling"
        ) from None


def merge_base(tree: WorkTree, commit: str) -> str | None:
    """The best common ancestor of ``commit`` and HEAD, or None (no HEAD yet, unrelated history)."""
    try:
        return run_git(tree.toplevel, "merge-base", commit, "HEAD").decode().strip() or None
    except GitError:
        return None


@dataclass(frozen=True)
class Entry:
    """A file of a commit's tree: its path relative to the root, its mode and its blob id."""

    relpath: str
    mode: str
    oid: str


def list_files(tree: WorkTree, commit: str, tops: tuple[str, ...]) -> list[Entry]:
    """Every file under the given top folders of the root, as of ``commit``."""
    specs = [tree.full(top) for top in tops]
    out = run_git(tree.toplevel, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *specs)
    entries: list[Entry] = []
    for record in out.decode("utf-8", errors="surrogateescape").split("\0"):
        if not record:
            continue
        meta, _, full = record.partition("\t")
        mode, kind, oid = meta.split(" ")
        relpath = tree.local(full)
        if kind == "blob" and relpath is not None:
            entries.append(Entry(relpath, mode, oid))
    return entries


def read_blobs(tree: WorkTree, oids: list[str]) -> dict[str, bytes]:
    """The contents of many blobs, read by one ``git cat-file --batch`` process."""
    unique = sorted(set(oids))
    if not unique:
        return {}
    out = run_git(
        tree.toplevel, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in unique).encode()
    )
    blobs: dict[str, bytes] = {}
    position = 0
    while position < len(out):
        header_end = out.index(b"\n", position)
        header = out[position:header_end].decode().split(" ")
        if len(header) < 3:  # "<oid> missing"
            position = header_end + 1
            continue
        size = int(header[2])
        start = header_end + 1
        blobs[header[0]] = out[start : start + size]
        position = start + size + 1  # the content is followed by a newline
    return blobs


def renames_since(tree: WorkTree, commit: str, tops: tuple[str, ...]) -> dict[str, str]:
    """Files git sees as renamed between ``commit`` and the work tree, old path -> new path.

    ``git diff`` compares tracked files only: a move nobody has staged yet shows
    as a deletion, and callers pair such files up themselves.
    """
    specs = [tree.full(top) for top in tops]
    out = run_git(
        tree.toplevel, "diff", "--name-status", "-z", "-M", "--no-ext-diff", commit, "--", *specs
    )
    fields = out.decode("utf-8", errors="surrogateescape").split("\0")
    renames: dict[str, str] = {}
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index][0]
        if status in "RC":
            old, new = tree.local(fields[index + 1]), tree.local(fields[index + 2])
            if status == "R" and old is not None and new is not None:
                renames[old] = new
            index += 3
        else:
            index += 2
    return renames


def worktree_files(tree: WorkTree, tops: tuple[str, ...]) -> list[str]:
    """Files of the work tree under the given top folders, tracked or not, ignored ones left out."""
    specs = [tree.full(top) for top in tops]
    out = run_git(
        tree.toplevel, "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", *specs
    )
    found = {
        tree.local(full)
        for full in out.decode("utf-8", errors="surrogateescape").split("\0")
        if full
    }
    return sorted(path for path in found if path is not None)
