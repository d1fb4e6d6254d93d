"""The ``calib`` command line: parse options, then call plain functions (imported lazily)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from calibration import __version__

FORMATS = ("auto", "text", "json", "github", "sarif")


def _fail_usage(message: str) -> None:
    click.echo(f"calib: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="calib")
def main() -> None:
    """Calibration as code: validate the repository and build its private site."""


@main.command()
@click.argument("root", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="Output format; auto picks github inside GitHub Actions, else text.",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
def validate(root: Path, fmt: str, strict: bool, output: Path | None) -> None:
    """Check every file and every cross-file rule of the repository at ROOT.

    Exit codes: 0 clean, 1 errors (or warnings with --strict), 2 usage error.
    """
    from calibration.commands import run_validate

    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    code = run_validate(root, fmt=fmt, strict=strict, output=output)
    sys.exit(code)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(("text", "markdown")), default="text", show_default=True)
def list_rules(fmt: str) -> None:
    """List every validation rule with its id, default severity and what it checks."""
    from calibration.commands import render_rules

    click.echo(render_rules(fmt), nl=False)
