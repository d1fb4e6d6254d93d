"""Which files and lines a change touched, as a pull request's diff shows them."""

from __future__ import annotations

import difflib

from calibration.load.comparison import Comparison
from calibration.reporters import AnnotateMode, ChangedFile, ChangeScope

CONTEXT_LINES = 3
"""Unchanged lines a unified diff shows around each change (git's and GitHub's default)."""


def changed_lines(before: bytes | None, after: bytes) -> ChangedFile:
    """The lines of ``after`` that differ from ``before`` (all of them for a new file).

    Lines are split at ``\\n`` only, as git and the YAML loader number them.
    """
    if before == after:
        return ChangedFile()
    new = after.split(b"\n")
    if before is None:
        every = frozenset(range(1, len(new) + 1))
        return ChangedFile(added=every, context=every)
    matcher = difflib.SequenceMatcher(None, before.split(b"\n"), new, autojunk=False)
    added: set[int] = set()
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            added.update(range(j1 + 1, j2 + 1))
    context: set[int] = set()
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        context.update(range(group[0][3] + 1, group[-1][4] + 1))
    return ChangedFile(added=frozenset(added), context=frozenset(context | added))


def change_scope(
    c: Comparison, annotate: AnnotateMode = "file", change_rules: frozenset[str] = frozenset()
) -> ChangeScope:
    """Every file the change adds, edits, moves or deletes, with its changed lines.

    A moved file is compared with its old path, as git's rename detection pairs
    them. ``change_rules`` judge the change itself: their findings rank first.
    """
    old_path = {new: old for old, new in c.renames.items()}
    files: dict[str, ChangedFile] = {}
    for relpath, data in sorted(c.head_files.items()):
        before = c.base_files.get(old_path.get(relpath, relpath))
        if relpath in c.base_files and before == data:
            continue
        files[relpath] = changed_lines(before, data)
    for relpath in sorted(set(c.base_files) - set(c.head_files) - set(c.renames)):
        files[relpath] = ChangedFile(removed=True)
    return ChangeScope(files, annotate, c.base_label, change_rules)
