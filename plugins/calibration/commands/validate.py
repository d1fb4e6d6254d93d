"""``calib validate`` and ``calib rules``: check the repository, report the findings."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from calibration import progress
from calibration.commands import fail, open_repository, say
from calibration.diagnostics import Diagnostic

if TYPE_CHECKING:
    from calibration.reporters import AnnotateMode, ChangeScope


class ScopeError(Exception):
    """A path given to ``calib validate`` is not something it can check; the message says why."""


def validation_scope(paths: Sequence[Path], root: Path | None) -> tuple[Path, tuple[str, ...]]:
    """The repository to read and the parts of it (relative paths) whose findings to report.

    Without ``root``, the repository is the one holding the first path (or the
    working directory), found upward like git's; a path that is that root, or
    no path at all, means every file (an empty scope). Raises :class:`ScopeError`
    for a path that does not exist, lies outside the repository or is a file
    calib does not read.
    """
    from calibration.load.layout import find_root, kind_of

    start = paths[0] if paths else Path.cwd()
    if root is None:
        root = find_root(start) or (start if start.is_dir() or not start.exists() else start.parent)
    top = root.resolve()
    scope: list[str] = []
    for path in paths:
        if not path.exists():
            raise ScopeError(f"{path} does not exist; give a file or folder of the repository")
        try:
            relpath = path.resolve().relative_to(top).as_posix()
        except ValueError:
            raise ScopeError(
                f"{path} is outside the repository at {root}; give paths inside it"
            ) from None
        if relpath == ".":
            return root, ()
        if path.is_file() and kind_of(relpath) is None:
            raise ScopeError(
                f"{relpath} is not a file calib reads (rubric/*.yaml, people/teams.yaml, "
                "people/<handle>/*.yaml, cycles/<id>/cycle.yaml or outcomes.yaml)"
            )
        scope.append(relpath)
    return root, tuple(scope)


def in_scope(relpath: str, scope: Sequence[str]) -> bool:
    """True when ``relpath`` is one of ``scope`` or inside one of its folders (empty: all)."""
    if not scope or relpath == ".":
        return True
    return any(relpath == part or relpath.startswith(part + "/") for part in scope)


def run_validate(
    root: Path,
    *,
    fmt: str,
    strict: bool,
    output: Path | None,
    base: str | None = None,
    cache: bool = True,
    annotate: str | None = None,
    scope: Sequence[str] = (),
) -> int:
    """Validate the repository and print (or write) the report; return the exit code.

    With ``base`` (a git ref), the history rules compare the work tree with it
    too, and the findings of the change come first; ``annotate`` (a mode of
    :data:`~calibration.reporters.ANNOTATE_MODES`, ``file`` by default) says
    which of them become workflow annotations. Every cross-file rule reads the
    whole repository; with ``scope`` (relative paths of files or folders) only
    the findings in those are reported.
    """
    from calibration.load.layout import scan_relpaths
    from calibration.validate import iter_rules, validate_repository
    from calibration.validate.incremental import revalidate

    rule_docs = {rule.id: rule.doc for rule in iter_rules(needs_base=False)}
    # the last result stands when nothing changed; a few edited pre-fills are re-checked alone
    quick = revalidate(root) if cache and base is None else None
    if quick is not None:  # nothing (or only what was re-checked) changed since the last run
        diagnostics, files = quick
        if scope:
            diagnostics = [d for d in diagnostics if in_scope(d.file, scope)]
            files = sum(in_scope(r, scope) for r, _ in scan_relpaths(root.resolve()))
        return _report(diagnostics, files, rule_docs, fmt, strict, output)
    repo = open_repository(root, cache=cache)
    if repo is None:
        return 2
    diagnostics = validate_repository(repo)
    change: ChangeScope | None = None
    if base is not None:
        from calibration.gitops.changes import change_scope
        from calibration.gitops.git import GitError
        from calibration.gitops.history import check_history, merge_diagnostics
        from calibration.gitops.snapshot import compare_with

        try:
            comparison = compare_with(root, base, head=repo)
        except GitError as exc:
            return fail(str(exc), 2)
        diagnostics = merge_diagnostics(diagnostics, check_history(comparison))
        history_rules = list(iter_rules(needs_base=True))
        mode = cast("AnnotateMode", annotate or "file")
        change = change_scope(comparison, mode, frozenset(rule.id for rule in history_rules))
        rule_docs.update({rule.id: rule.doc for rule in history_rules})
    files = len(repo.kinds)
    if scope:
        diagnostics = [d for d in diagnostics if in_scope(d.file, scope)]
        files = sum(in_scope(relpath, scope) for relpath in repo.kinds)
    return _report(diagnostics, files, rule_docs, fmt, strict, output, change)


def _report(
    diagnostics: list[Diagnostic],
    files_checked: int,
    rule_docs: dict[str, str],
    fmt: str,
    strict: bool,
    output: Path | None,
    change: ChangeScope | None = None,
) -> int:
    """Render, print or write the report (and the job summary); return the exit code."""
    from calibration.reporters import REPORTERS, Report, render_summary

    report = Report(
        diagnostics=diagnostics,
        files_checked=files_checked,
        rule_docs=rule_docs,
        strict=strict,
        change=change,
    )
    if not _emit(REPORTERS[fmt](report), output):
        return 2
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary_path:
        _append(Path(summary_path), render_summary(report))
    return 1 if report.failed else 0


def _emit(text: str, output: Path | None) -> bool:
    """Print the report, or write it to ``output``; say so and return False if that fails."""
    progress.clear()
    if output is None:
        sys.stdout.write(text)
        return True
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        say(f"cannot write the report to {output}: {exc.strerror or exc}; pick another --output")
        return False
    return True


def _append(path: Path, text: str) -> None:
    """Add to the job summary; a summary that cannot be written must not hide the result."""
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        say(f"warning: cannot write the job summary to {path}: {exc.strerror or exc}")


def render_rules(fmt: str) -> str:
    """The rule list as text or as a Markdown table."""
    from calibration.load.yamlio import LOADER_RULES, LoaderRule
    from calibration.validate import RULES, Rule

    listed: list[Rule | LoaderRule] = [*RULES.values(), *LOADER_RULES.values()]
    rules = sorted(listed, key=lambda r: (r.group, r.id))
    if fmt == "markdown":
        lines = ["| Rule | Group | Default severity | What it checks |", "|---|---|---|---|"]
        lines += [f"| `{r.id}` | {r.group} | {r.severity} | {r.doc} |" for r in rules]
        return "\n".join(lines) + "\n"
    width = max(len(r.id) for r in rules)
    return "".join(f"{r.id:<{width}}  {r.severity:<7}  {r.doc}\n" for r in rules)
