"""``calib packets``: progress on a terminal, one line per problem, exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from calibration.site.packets import PacketError, write_packets

MAX_LISTED = 20


def run_packets(root: Path, *, cycle_id: str, target: Path, force: bool) -> int:
    """Write the packets of ``cycle_id`` into ``target``; return the exit code."""
    bar = None
    if sys.stderr.isatty():
        bar = click.progressbar(length=0, label="writing packets", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.length = total
            bar.update(1)

    try:
        result = write_packets(root, cycle_id, target, force=force, progress=progress)
    except PacketError as exc:
        click.echo(f"calib packets: {exc}", err=True)
        return 1
    finally:
        if bar is not None:
            bar.render_finish()
    if result.problems:
        for problem in result.problems[:MAX_LISTED]:
            click.echo(f"  {problem}", err=True)
        click.echo(
            f"calib packets: audit failed: {len(result.problems)} problem(s); nothing was "
            f"written and {result.target} was left as it was",
            err=True,
        )
        return 1
    click.echo(f"{len(result.written)} packet(s) of {cycle_id} written to {result.target}")
    return 0
