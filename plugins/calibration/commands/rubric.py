"""``calib rubric import`` and ``calib rubric export`` as functions returning exit codes.

The import writes only ``rubric/ladder.yaml`` (and, when the ladder's version
changes, keeps the replaced one as ``rubric/ladders/<old version>.yaml``). The
rating scale is a handful of lines best written by hand, so ``ratings.yaml`` is
never touched.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from calibration.commands import fail, say, write_atomic
from calibration.diagnostics import Diagnostic
from calibration.load.layout import LADDER_ARCHIVE
from calibration.load.positions import Document
from calibration.load.yamlio import load_file
from calibration.reporters import REPORTERS, Report
from calibration.rubric_io.draft import DraftDimension
from calibration.rubric_io.importer import LADDER, ImportResult, import_rubric
from calibration.rubric_io.roles import (
    ROLE_CHOICES,
    parse_role,
    parse_roles_option,
    role_word,
    summary,
)


def _existing(root: Path) -> tuple[Document | None, list[Diagnostic]]:
    target = root / LADDER
    if not target.exists():
        return None, []
    loaded = load_file(target, root)
    return loaded.document, loaded.diagnostics


def _archive(root: Path, existing: Document, new_version: str | None) -> str | None:
    """Keep the replaced ladder under its version; return a problem that stops the write."""
    old_version = existing.data.get("version")
    if not isinstance(old_version, str) or not old_version or old_version == new_version:
        return None
    if "/" in old_version or old_version.startswith("."):
        return f"the current version {old_version!r} cannot be a file name; archive it by hand"
    target = root / LADDER_ARCHIVE / f"{old_version}.yaml"
    if target.exists():
        if target.read_text(encoding="utf-8", errors="replace") != existing.text:
            return (
                f"{LADDER_ARCHIVE}/{old_version}.yaml exists and differs from the current "
                "ladder; rename or remove one of them first"
            )
        return None
    write_atomic(target, existing.text.encode("utf-8"))
    say(
        f"kept the replaced ladder as {LADDER_ARCHIVE}/{old_version}.yaml "
        f"(cycles on {old_version} use it)"
    )
    return None


def _next_steps(root: Path, result: ImportResult) -> None:
    data = result.data or {}
    dims = data.get("dimensions", [])
    say(
        f"wrote {LADDER}: {len(data.get('levels', []))} levels, {len(dims)} dimensions, "
        f"{len(data.get('expectations', []))} expectations (version {data.get('version')})"
    )
    say(f"evidence roles: {summary(dims)}")
    if not (root / "rubric" / "ratings.yaml").exists():
        say(
            "rubric/ratings.yaml is missing: write the rating scale by hand "
            "(import never touches it)"
        )
    say("then run `calib validate` to check the people and cycles against the new ladder")


Ask = Callable[[str, str | None], str]
TRIES = 3


def _ask_roles(missing: list[DraftDimension], ask: Ask) -> dict[str, str]:
    """Ask for each missing role; a dimension still unanswered after a few tries stays missing."""
    answers: dict[str, str] = {}
    for dim in missing:
        for _ in range(TRIES):
            role = parse_role(ask(f"Evidence role of {dim.name!r} ({ROLE_CHOICES})", None))
            if role is not None:
                answers[dim.id] = role
                break
    return answers


def _import(
    file: Path,
    raw: bytes,
    existing: Document | None,
    given: dict[str, str],
    ask: Ask | None,
    how: dict[str, Any],
) -> ImportResult:
    """Import; in a terminal, ask for the roles the sheet leaves out when nothing else is wrong."""
    result = import_rubric(raw, file.as_posix(), existing=existing, roles=given, **how)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if ask is None or not result.missing_roles or len(errors) != len(result.missing_roles):
        return result
    say(f"{file} gives {len(result.missing_roles)} dimension(s) no evidence role:")
    answers = _ask_roles(result.missing_roles, ask)
    if answers:
        again = ",".join(f"{key}={role_word(role)}" for key, role in answers.items())
        say(f"to skip these questions next time, pass --roles {again}")
    roles = {**given, **answers}
    return import_rubric(raw, file.as_posix(), existing=existing, roles=roles, **how)


def run_import(
    file: Path,
    *,
    root: Path,
    fmt: str | None,
    force: bool,
    output_format: str,
    version: str | None,
    roles: tuple[str, ...] = (),
    ask: Ask | None = None,
) -> int:
    """Import a sheet into ``ROOT/rubric/ladder.yaml``; 0 written, 1 problems, 2 usage error.

    ``roles`` holds ``--roles`` values; ``ask`` (a terminal prompt) is asked for the
    evidence role of each dimension nothing else gives one.
    """
    if not root.is_dir():
        return fail(f"{root} is not a folder; pass --root with the repository to write into", 2)
    given, bad = parse_roles_option(roles)
    if bad:
        return fail("; ".join(bad), 2)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        return fail(f"cannot read {file}: {exc.strerror or exc}", 2)
    existing, problems = _existing(root)
    result = _import(file, raw, existing, given, ask, {"fmt": fmt, "version": version})
    if result.unknown_roles:
        names = ", ".join(d.id for d in (result.draft.dimensions.values() if result.draft else []))
        return fail(
            f"--roles names {', '.join(map(repr, result.unknown_roles))}, not a dimension of "
            f"{file} (its dimensions: {names}); nothing written",
            2,
        )
    again = f"Fix the problems above in {file}, then run `calib rubric import` again."
    report = Report(sorted(result.diagnostics), files_checked=1, next_step=again)
    sys.stdout.write(REPORTERS[output_format](report))
    if not result.ok or result.text is None:
        return fail(f"nothing written to {LADDER}", 1)
    if (root / LADDER).exists() and not force:
        return fail(
            f"{LADDER} already exists; pass --force to replace it (level names, summaries, "
            "dimension descriptions, limits and evidence roles of ids still in the sheet are kept)",
            1,
        )
    if problems:
        say(
            f"the current {LADDER} does not load ({problems[0].message}); "
            "replacing it without carrying anything over"
        )
    if existing is not None:
        stop = _archive(root, existing, (result.data or {}).get("version"))
        if stop:
            return fail(stop, 1)
    write_atomic(root / LADDER, result.text.encode("utf-8"))
    _next_steps(root, result)
    return 0


def _export_format(fmt: str | None, output: Path | None) -> str:
    if fmt is not None:
        return fmt
    if output is not None and output.suffix.lower() in (".md", ".markdown"):
        return "markdown"
    return "csv"


def run_export(root: Path, *, fmt: str | None, shape: str, output: Path | None, force: bool) -> int:
    """Write the ladder as a sheet to ``output`` or standard output; 0 ok, 1 problems, 2 usage."""
    from calibration.load.records import ladder_from
    from calibration.load.schema import check_document
    from calibration.rubric_io.export import (
        long_rows,
        settings_rows,
        to_csv,
        to_markdown,
        wide_rows,
    )

    target = root / LADDER
    if not target.is_file():
        return fail(f"there is no {LADDER} under {root}; run in the repository or pass --root", 2)
    loaded = load_file(target, root)
    if loaded.document is None:
        sys.stderr.write(REPORTERS["text"](Report(loaded.diagnostics, files_checked=1)))
        return 1
    if check_document(loaded.document, "ladder"):
        say(f"{LADDER} has schema problems (see `calib validate`); exporting what can be read")
    ladder = ladder_from(loaded.document.data)
    if shape == "wide":
        rows, left_out = wide_rows(ladder)
        for what in left_out:
            say(f"the wide form leaves out {what}; use --shape long to keep it")
    else:
        rows = long_rows(ladder)
    fmt_used = _export_format(fmt, output)
    text = (to_markdown if fmt_used == "markdown" else to_csv)(rows, settings_rows(ladder))
    if output is None:
        sys.stdout.write(text)
        return 0
    if output.exists() and not force:
        return fail(f"{output} already exists; pass --force to replace it", 1)
    # a byte-order mark makes Excel open the file as UTF-8; the import accepts it
    write_atomic(output, text.encode("utf-8-sig" if fmt_used == "csv" else "utf-8"))
    say(f"wrote {output} ({shape} form, {len(rows) - 1} rows)")
    return 0
