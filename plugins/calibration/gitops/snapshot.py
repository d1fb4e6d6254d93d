"""Both sides of a change: the repository at a base ref (read from git) and the work tree."""

from __future__ import annotations

from pathlib import Path

from calibration.diagnostics import Diagnostic
from calibration.gitops.git import (
    WorkTree,
    list_files,
    merge_base,
    open_worktree,
    read_blobs,
    renames_since,
    resolve_commit,
    worktree_files,
)
from calibration.load.batch import LIMITS
from calibration.load.comparison import Comparison
from calibration.load.layout import kind_of
from calibration.load.positions import Document
from calibration.load.repository import Repository, build_org, load_repository, missing_files
from calibration.load.yamlio import MAX_BYTES, decode, load_text

TOPS = ("rubric", "people", "cycles")
"""The folders that hold calibration data; nothing else is read at the base."""

SYMLINK_MODE = "120000"


def _documents_from_blobs(
    entries: dict[str, tuple[str, bytes]],
) -> tuple[dict[str, Document], dict[str, str], list[Diagnostic]]:
    documents: dict[str, Document] = {}
    kinds: dict[str, str] = {}
    diagnostics: list[Diagnostic] = []
    for relpath, (mode, raw) in sorted(entries.items()):
        kind = kind_of(relpath)
        if kind is None:
            continue
        kinds[relpath] = kind
        if mode == SYMLINK_MODE:
            diagnostics.append(
                Diagnostic(
                    relpath, 1, 1, "yaml-syntax", "error", "the file is a symbolic link; copy it in"
                )
            )
            continue
        limit = LIMITS.get(kind, MAX_BYTES)
        if len(raw) > limit:
            diagnostics.append(
                Diagnostic(
                    relpath,
                    1,
                    1,
                    "yaml-syntax",
                    "error",
                    f"the file is over the {limit // 1024} KiB limit; split it",
                )
            )
            continue
        text, failure = decode(raw, relpath)
        if failure is not None or text is None:
            diagnostics.extend(failure.diagnostics if failure else [])
            continue
        result = load_text(text, relpath, max_bytes=limit)
        diagnostics.extend(result.diagnostics)
        if result.document is not None:
            documents[relpath] = result.document
    return documents, kinds, diagnostics


def _snapshot_at(root: Path, tree: WorkTree, commit: str) -> tuple[Repository, dict[str, bytes]]:
    entries = list_files(tree, commit, TOPS)
    blobs = read_blobs(tree, [e.oid for e in entries])
    raw = {e.relpath: (e.mode, blobs.get(e.oid, b"")) for e in entries}
    documents, kinds, diagnostics = _documents_from_blobs(raw)
    diagnostics.extend(missing_files(kinds))
    repo = Repository(root.resolve(), build_org(documents, kinds), documents, kinds, diagnostics)
    return repo, {relpath: data for relpath, (_mode, data) in raw.items()}


def load_repository_at(root: Path, ref: str) -> Repository:
    """The calibration repository at ``root`` as it was at ``ref``, read from git alone.

    The work tree is never touched, so this is safe in the middle of an edit.
    Raises :class:`~calibration.gitops.git.GitError` when ``root`` is not in a
    git repository or ``ref`` is unknown.
    """
    tree = open_worktree(root)
    repo, _files = _snapshot_at(root, tree, resolve_commit(tree, ref))
    return repo


def _read_head_files(root: Path, tree: WorkTree) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for relpath in worktree_files(tree, TOPS):
        path = root / relpath
        try:
            if path.is_symlink():
                files[relpath] = b"symlink:" + str(path.readlink()).encode()
            elif path.is_file():
                # Bounded by the largest file the loader accepts, so two files that
                # differ only past the bound still compare as different.
                limit = max(LIMITS.values(), default=MAX_BYTES)
                with path.open("rb") as handle:
                    files[relpath] = handle.read(limit + 1)
        except OSError:
            continue
    return files


def compare_with(root: Path, ref: str, head: Repository | None = None) -> Comparison:
    """Load the base of a change against ``ref`` and the work tree at ``root``.

    The base is the merge base of ``ref`` and HEAD, as in a pull request's
    diff, so work merged into ``ref`` after the branch started is not counted
    as part of the change; without a common ancestor ``ref`` itself is used.
    """
    root = root.resolve()
    tree = open_worktree(root)
    commit = resolve_commit(tree, ref)
    base_commit = merge_base(tree, commit) or commit
    base, base_files = _snapshot_at(root, tree, base_commit)
    head_repo = head if head is not None else load_repository(root)
    short = base_commit[:7]
    if base_commit != commit:
        label = f"the merge base of {ref} and HEAD ({short})"
    else:
        label = short if commit.startswith(ref) else f"{ref} at {short}"
    return Comparison(
        base=base,
        head=head_repo,
        base_files=base_files,
        head_files=_read_head_files(root, tree),
        renames=renames_since(tree, base_commit, TOPS),
        base_label=label,
    )
