"""``calib codeowners``: write ``.github/CODEOWNERS``, or report a stale one."""

from __future__ import annotations

import sys
from pathlib import Path

from calibration.commands import fail, open_repository


def run_codeowners(root: Path, *, check: bool, force: bool = False) -> int:
    """Write ``.github/CODEOWNERS`` (or, with ``check``, report a stale one as a diff)."""
    from calibration.gitops.codeowners import (
        MARKER,
        PATH,
        CodeownersError,
        render_codeowners,
        stale_diff,
    )

    repo = open_repository(root)
    if repo is None:
        return 2
    try:
        expected = render_codeowners(repo.org)
    except CodeownersError as exc:
        return fail("cannot write CODEOWNERS:\n  " + str(exc).replace("\n", "\n  "), 1)
    target = repo.root / PATH
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    diff = stale_diff(current, expected)
    if check:
        if diff:
            sys.stdout.write(diff)
            return fail(
                f"{PATH} is out of date with people/ and rubric/rules.yaml; "
                "run `calib codeowners` and commit it",
                1,
            )
        sys.stdout.write(f"{PATH} is up to date.\n")
        return 0
    if not diff:
        sys.stdout.write(f"{PATH} is already up to date.\n")
        return 0
    if current is not None and MARKER not in current and not force:
        return fail(
            f"{PATH} exists and was not written by calib; "
            "move it away or pass --force to replace it",
            1,
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(expected, encoding="utf-8")
    sys.stdout.write(f"wrote {PATH}\n")
    return 0
