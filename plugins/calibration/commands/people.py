"""``calib people import``: bring people in from the roster HR keeps."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from calibration.commands import fail, open_repository, say, write_atomic
from calibration.diagnostics import Diagnostic
from calibration.hr.roster_report import render_plan
from calibration.reporters import REPORTERS, Report


def parse_day(value: str | None) -> str | None:
    """``value`` as YYYY-MM-DD (today when None), or None when it is not a date."""
    from calibration.hr.roster_read import is_date

    if value is None:
        return dt.date.today().isoformat()
    return value if is_date(value) else None


def run_people_import(
    file: Path, *, root: Path, apply: bool, left_on: str | None, allow_level_changes: bool
) -> int:
    """Plan (with ``apply``, write) the person files a roster implies; 0 ok, 1 problems, 2 usage."""
    from calibration.hr.roster_apply import new_errors, person_texts
    from calibration.hr.roster_check import check_roster
    from calibration.hr.roster_plan import plan_import
    from calibration.hr.roster_read import read_roster

    day = parse_day(left_on)
    if day is None:
        return fail(f"--left-on {left_on!r} is not a date; write it as YYYY-MM-DD", 2)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        return fail(f"cannot read {file}: {exc.strerror or exc}", 2)
    repo = open_repository(root, cache=False)  # a dry run writes nothing, not even the cache
    if repo is None:
        return 2
    roster = read_roster(raw, file.as_posix())
    check_roster(roster, repo.org, repo.root)
    if _failed(roster.diagnostics, f"Fix the rows above in {file}, then import again."):
        return 1
    documents = {path: doc.data for path, doc in repo.documents.items()}
    plan = plan_import(
        repo.org, roster, documents, left_on=day, allow_level_changes=allow_level_changes
    )
    _print_problems([*roster.diagnostics, *plan.diagnostics])
    texts, problems = person_texts(plan, repo.org, repo.root)
    if not problems and texts:
        from calibration.validate import validate_repository

        problems = new_errors(repo, texts, validate_repository(repo))
    if _failed(problems, "The import would leave the repository invalid; fix the cause first."):
        return 1
    sys.stdout.write(render_plan(plan, repo.org, file.name, day, applied=apply))
    if apply and texts:
        return _write(repo.root, texts, {e.handle for e in plan.entries if e.action == "add"})
    return 0


def _print_problems(diagnostics: list[Diagnostic]) -> None:
    for d in sorted(diagnostics):
        sys.stdout.write(f"{d.file}:{d.line}:{d.column}: {d.severity} [{d.rule}] {d.message}\n")


def _failed(diagnostics: list[Diagnostic], next_step: str) -> bool:
    """Print the report and return True when an error means nothing may be written."""
    if not any(d.severity == "error" for d in diagnostics):
        return False
    report = Report(sorted(diagnostics), files_checked=1, next_step=next_step)
    sys.stdout.write(REPORTERS["text"](report))
    say("nothing written")
    return True


def _write(root: Path, texts: dict[str, str], new: set[str]) -> int:
    """Write every file: new ones only if still absent, edited ones in one step each."""
    for relpath, text in sorted(texts.items()):
        path = root / relpath
        try:
            if relpath.split("/")[1] in new:
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("x", encoding="utf-8") as handle:  # never replaces a file
                    handle.write(text)
            else:
                write_atomic(path, text.encode("utf-8"))
        except OSError as exc:
            return fail(
                f"cannot write {relpath}: {exc.strerror or exc}; the files listed before it "
                "were written (see `git status`)",
                1,
            )
        sys.stdout.write(f"wrote {relpath}\n")
    say("next: `calib validate`, `calib codeowners`, and a pull request for review")
    return 0
