"""The ``calib`` command line: parse options, then call plain functions (imported lazily)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import NoReturn

import click

from calibration import __version__

FORMATS = ("auto", "text", "json", "github", "sarif")
ANNOTATE_MODES = ("added", "diff-context", "file", "all")  # calibration.reporters.ANNOTATE_MODES


def _fail_usage(message: str) -> NoReturn:
    click.echo(f"calib: {message}", err=True)
    sys.exit(2)


def _discovered_root(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """``--root``, else the repository holding the working directory, found upward like git."""
    if value is not None:
        return value
    from calibration.load.layout import find_root

    return find_root(Path.cwd()) or Path(".")


_ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    callback=_discovered_root,
    help="The calibration repository (default: the one holding the working directory, "
    "found upward like git).",
)
_LEGACY_ROOT = click.argument(
    "legacy_root",
    metavar="[ROOT]",
    required=False,
    type=click.Path(file_okay=False, path_type=Path),
)


def _root(root: Path, legacy_root: Path | None, command: str) -> Path:
    """The repository of a command that used to take it as a positional ROOT (deprecated)."""
    if legacy_root is None:
        return root
    source = click.get_current_context().get_parameter_source("root")
    if source is click.core.ParameterSource.COMMANDLINE:
        _fail_usage("give the repository once, with --root (ROOT as an argument is deprecated)")
    click.echo(
        f"calib: note: `calib {command} ROOT` is deprecated; use `calib {command} --root ROOT`, "
        "or run it inside the repository",
        err=True,
    )
    return legacy_root


def _showing_progress() -> AbstractContextManager[None]:
    """Counted progress on standard error when it is a terminal; nothing in pipes and CI."""
    from calibration.progress import showing

    return showing(sys.stderr)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="calib")
def main() -> None:
    """Calibration as code: validate the repository and build its private site."""


@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...", type=click.Path(path_type=Path))
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="The calibration repository (default: the one holding the first PATH, or the "
    "working directory, found upward like git).",
)
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
    "--base",
    metavar="REF",
    help="Also run the history rules against this git ref (e.g. origin/main), "
    "and put the change's own findings first.",
)
@click.option(
    "--annotate",
    type=click.Choice(ANNOTATE_MODES),
    help="With --base: which findings become annotations: those on added lines, in the "
    "diff (added lines and their context), in changed files (default), or all.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Parse every file again, ignoring and not updating .calib-cache/.",
)
def validate(
    paths: tuple[Path, ...],
    root: Path | None,
    fmt: str,
    strict: bool,
    base: str | None,
    annotate: str | None,
    output: Path | None,
    no_cache: bool,
) -> None:
    """Check every file and every cross-file rule of the repository; report the findings
    in the files and folders PATH (default: all of them).

    Cross-file rules always read the whole repository. A PATH that is the
    repository itself (the old `calib validate ROOT`) means every file. With
    --base, findings in the files the change touches come first, and in the
    github format only they become annotations (the job summary counts the rest).
    Exit codes: 0 clean, 1 errors (or warnings with --strict), 2 usage error.
    """
    from calibration.commands.validate import ScopeError, run_validate, validation_scope

    if annotate is not None and base is None:
        _fail_usage("--annotate needs --base REF: it picks findings by what the change touched")
    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    try:
        repo_root, scope = validation_scope(paths, root)
    except ScopeError as exc:
        _fail_usage(str(exc))
    with _showing_progress():
        code = run_validate(
            repo_root,
            fmt=fmt,
            strict=strict,
            output=output,
            base=base,
            cache=not no_cache,
            annotate=annotate,
            scope=scope,
        )
    sys.exit(code)


@main.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(("text", "markdown")), default="text", show_default=True
)
def list_rules(fmt: str) -> None:
    """List every validation rule with its id, default severity and what it checks."""
    from calibration.commands.validate import render_rules

    click.echo(render_rules(fmt), nl=False)


@main.command("review")
@_LEGACY_ROOT
@_ROOT_OPTION
@click.option(
    "--base", required=True, metavar="REF", help="The git ref to compare with (e.g. origin/main)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("markdown", "json")),
    default="markdown",
    show_default=True,
)
def review(legacy_root: Path | None, root: Path, base: str, fmt: str) -> None:
    """Summarize what the change since REF means for calibration (for a PR comment or job summary).

    Per engineer touched: proposed rating before and after, evidence added, removed or
    edited by dimension; new and fixed findings; how each manager's distribution moves and
    whether an outlier appears or goes away; promotion cases opened or changed.
    Exit codes: 0 summary written, 2 usage error.
    """
    from calibration.commands.review import run_review

    sys.exit(run_review(_root(root, legacy_root, "review"), base=base, fmt=fmt))


@main.command("codeowners")
@_LEGACY_ROOT
@_ROOT_OPTION
@click.option(
    "--check", is_flag=True, help="Do not write; exit 1 with a diff when the file is stale."
)
@click.option("--force", is_flag=True, help="Replace a CODEOWNERS file that calib did not write.")
def codeowners(legacy_root: Path | None, root: Path, check: bool, force: bool) -> None:
    """Generate .github/CODEOWNERS from people/ and the review settings.

    Each person's folder is owned by their manager and a second approver.
    Exit codes: 0 written or up to date, 1 stale (--check) or unsafe settings, 2 usage error.
    """
    from calibration.commands.codeowners import run_codeowners

    sys.exit(run_codeowners(_root(root, legacy_root, "codeowners"), check=check, force=force))


@main.group("demo")
def demo() -> None:
    """Synthetic orgs for trying the tool, benchmarks and scale tests."""


@demo.command("generate")
@click.argument("target", type=click.Path(path_type=Path))
@click.option(
    "--people", type=click.IntRange(min=5), default=100, show_default=True, help="Engineers."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same bytes.")
@click.option(
    "--rubric",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder holding ladder.yaml, ratings.yaml (default: this checkout's rubric/).",
)
def demo_generate(target: Path, people: int, seed: int, rubric: Path | None) -> None:
    """Write an org of PEOPLE engineers to the new or empty folder TARGET.

    Teams of 5 to 9 with managers and directors, a closed cycle with outcomes and
    one in calibration; it validates clean. Exit codes: 0 written, 2 usage error.
    """
    from calibration.commands.demo import run_generate

    sys.exit(run_generate(target, people=people, seed=seed, rubric=rubric))


def _ask() -> Callable[[str, str | None], str] | None:
    """A prompt when standard input is a terminal; scripts get None and must pass flags."""
    if not sys.stdin.isatty():
        return None

    def ask(prompt: str, default: str | None) -> str:
        return str(click.prompt(prompt, default=default or "", show_default=bool(default)))

    return ask


@main.group("new")
def new() -> None:
    """Write a skeleton (person, pre-fill, cycle) that passes the schema, or add a team;
    never overwrites."""


@new.command("person")
@click.argument("handle")
@click.option("--name", help="Full name.")
@click.option("--level", help="Level id from rubric/ladder.yaml.")
@click.option("--team", help="Team id from people/teams.yaml.")
@click.option("--manager", help="Manager's handle, or `none` for the top of the org.")
@click.option("--role", help="engineer, manager or director (default engineer).")
@click.option("--start-date", "start_date", help="First day in the org, YYYY-MM-DD.")
@click.option("--git-username", "git_username", help="Username on the git host (review routing).")
@_ROOT_OPTION
def new_person(handle: str, root: Path, **given: str | None) -> None:
    """Write people/HANDLE/person.yaml; asks for missing values in a terminal."""
    from calibration.commands.new import run_new_person

    sys.exit(run_new_person(root, handle, given, _ask()))


@new.command("prefill")
@click.argument("handle")
@click.option("--cycle", "cycle_id", help="Cycle id (a folder of cycles/).")
@_ROOT_OPTION
def new_prefill(handle: str, cycle_id: str | None, root: Path) -> None:
    """Write people/HANDLE/CYCLE.yaml with the prompts of a strong pre-fill as comments."""
    from calibration.commands.new import run_new_prefill

    sys.exit(run_new_prefill(root, handle, cycle_id, _ask()))


@new.command("cycle")
@click.argument("cycle_id", metavar="ID")
@click.option("--name", help="Display name.")
@click.option("--start", help="First day of the period, YYYY-MM-DD.")
@click.option("--end", help="Last day of the period, YYYY-MM-DD.")
@click.option("--phase", help="prefill, calibration or closed (default prefill).")
@_ROOT_OPTION
def new_cycle(cycle_id: str, root: Path, **given: str | None) -> None:
    """Write cycles/ID/cycle.yaml."""
    from calibration.commands.new import run_new_cycle

    sys.exit(run_new_cycle(root, cycle_id, given, _ask()))


@new.command("team")
@click.argument("team_id", metavar="ID")
@click.option("--name", help="Display name.")
@click.option("--description", help="What the team owns.")
@click.option("--group", help="The org unit the team belongs to.")
@_ROOT_OPTION
def new_team(team_id: str, root: Path, **given: str | None) -> None:
    """Add team ID to people/teams.yaml, keeping the file's comments and layout.

    An id already in the file is refused. Exit codes: 0 added, 1 refused, 2 usage error.
    """
    from calibration.commands.new import run_new_team

    sys.exit(run_new_team(root, team_id, given, _ask()))


@main.group("outcomes")
def outcomes() -> None:
    """What the calibration room decides, in cycles/<id>/outcomes.yaml."""


@outcomes.command("new")
@click.option("--cycle", "cycle_id", required=True, metavar="ID", help="The cycle.")
@_ROOT_OPTION
def outcomes_new(cycle_id: str, root: Path) -> None:
    """Write cycles/ID/outcomes.yaml: every pre-fill's proposed rating as the starting
    final rating, and each open promotion case and outlier with its decision to fill.

    Never overwrites. Exit codes: 0 written, 1 the file exists, 2 usage error.
    """
    from calibration.commands.outcomes import run_new_outcomes

    sys.exit(run_new_outcomes(root, cycle_id))


@main.group("cycle")
def cycle() -> None:
    """Work on a whole cycle."""


@cycle.command("close")
@click.argument("cycle_id", metavar="ID")
@click.option("--check", is_flag=True, help="Run the closing checks only; change nothing.")
@_ROOT_OPTION
def cycle_close(cycle_id: str, check: bool, root: Path) -> None:
    """Run the closing checks of cycle ID, then set phase: closed in its cycle.yaml.

    The repository is validated as if the cycle were closed: outcomes present, every
    engineer rated, every promotion case decided, every outlier explained, and no
    error left in the cycle's files, which are final once it is closed. Otherwise the
    findings are listed and nothing changes. Exit codes: 0 closed (or already closed),
    1 refused, 2 usage error.
    """
    from calibration.commands.cycle import run_close

    with _showing_progress():
        code = run_close(root, cycle_id, check=check)
    sys.exit(code)


@main.command("status")
@click.option("--manager", metavar="HANDLE", help="Only this manager's whole tree.")
@click.option("--cycle", "cycle_id", metavar="ID", help="Default: the current cycle.")
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@click.option("--today", metavar="DATE", help="Count days from this date, YYYY-MM-DD.")
@_ROOT_OPTION
def status(
    manager: str | None, cycle_id: str | None, fmt: str, today: str | None, root: Path
) -> None:
    """Where each report's pre-fill stands: missing, incomplete (it has errors) or done,
    its findings by severity, and the days to each deadline of the cycle.

    Exit codes: 0 every pre-fill listed is done, 1 some are missing or incomplete,
    2 usage error.
    """
    import datetime as dt

    from calibration.commands.status import run_status

    try:
        day = dt.date.fromisoformat(today) if today else None
    except ValueError:
        _fail_usage(f"--today {today!r} is not a date; write it as YYYY-MM-DD")
    with _showing_progress():
        code = run_status(root, manager=manager, cycle_id=cycle_id, fmt=fmt, today=day)
    sys.exit(code)


@main.group("evidence")
def evidence() -> None:
    """Writing aids for evidence statements."""


@evidence.command("check")
@click.argument("source", metavar="[FILE|-]", default="-")
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
@click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    callback=_discovered_root,
    help="Repository whose rubric/rules.yaml word lists to use (default: the one holding the "
    "working directory; built-in lists if there is none).",
)
def evidence_check(source: str, fmt: str, root: Path) -> None:
    """Judge evidence statements: strong, adequate or weak, and what to add.

    FILE holds one statement per line, or is a cycle file (people/<handle>/<cycle>.yaml);
    `-` (the default) reads standard input. Exit codes: 0 checked (even when weak),
    2 unreadable input.
    """
    from calibration.commands.evidence import run_evidence_check

    sys.exit(run_evidence_check(source, fmt=fmt, root=root))


@main.group("rubric")
def rubric() -> None:
    """Import the ladder from a spreadsheet or Markdown table, and export it back."""


@rubric.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(("csv", "markdown")), help="Input format (default: guess)."
)
@click.option("--force", is_flag=True, help="Replace an existing rubric/ladder.yaml.")
@click.option("--ladder-version", "version", help="The ladder's version (default: kept, or 1).")
@click.option(
    "--roles",
    multiple=True,
    metavar="DIMENSION=ROLE,...",
    help="Evidence role of dimensions (delivery, impact, leverage or none), by id or name; "
    "wins over the sheet.",
)
@click.option(
    "--output-format",
    type=click.Choice(("text", "json", "github")),
    default="text",
    show_default=True,
    help="How problems are reported.",
)
@_ROOT_OPTION
def rubric_import(
    file: Path,
    fmt: str | None,
    force: bool,
    version: str | None,
    roles: tuple[str, ...],
    output_format: str,
    root: Path,
) -> None:
    """Write rubric/ladder.yaml from FILE, a CSV export or a Markdown table.

    Long form (track, level, dimension, expectation, example rows) or wide form
    (one row per dimension, one column per level), detected automatically.
    Every dimension needs an evidence role (a role column, a "Role:" line, --roles,
    or the ladder being replaced); a terminal asks for those missing. Problems are
    reported at file:row:column. Exit codes: 0 written, 1 problems or an existing
    ladder without --force, 2 usage error.
    """
    from calibration.commands.rubric import run_import

    code = run_import(
        file,
        root=root,
        fmt=fmt,
        force=force,
        output_format=output_format,
        version=version,
        roles=roles,
        ask=_ask(),
    )
    sys.exit(code)


@rubric.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(("csv", "markdown")), help="Default: csv, or from -o."
)
@click.option("--shape", type=click.Choice(("long", "wide")), default="long", show_default=True)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout."
)
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@_ROOT_OPTION
def rubric_export(
    fmt: str | None, shape: str, output: Path | None, force: bool, root: Path
) -> None:
    """Write rubric/ladder.yaml as a sheet that `calib rubric import` reads back the same.

    A CSV file written with -o starts with a UTF-8 byte-order mark, so Excel reads
    it as UTF-8. Exit codes: 0 written, 1 problems, 2 usage error.
    """
    from calibration.commands.rubric import run_export

    sys.exit(run_export(root, fmt=fmt, shape=shape, output=output, force=force))


@main.command("packets")
@_LEGACY_ROOT
@_ROOT_OPTION
@click.option("--cycle", "cycle_id", required=True, metavar="ID", help="A closed cycle.")
@click.option(
    "--dir",
    "-d",
    "target",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write one HTML file per engineer into.",
)
@click.option("--force", is_flag=True, help="Replace a non-empty folder that calib did not write.")
def packets(legacy_root: Path | None, root: Path, cycle_id: str, target: Path, force: bool) -> None:
    """Write one offline HTML packet per engineer of closed cycle ID, for the 1:1.

    Each packet is what the person:<handle> audience may see: the final rating
    and why, the promotion decision, the next level against their evidence,
    and peer observations without names. Every packet is audited first; the
    folder is replaced only when all pass. Exit codes: 0 written, 1 refused or
    audit failed, 2 usage error.
    """
    from calibration.commands.packets import run_packets

    root = _root(root, legacy_root, "packets")
    sys.exit(run_packets(root, cycle_id=cycle_id, target=target, force=force))


@main.group("export")
def export() -> None:
    """Write what the repository holds as files other systems read."""


@export.command("outcomes")
@click.option("--cycle", "cycle_id", required=True, metavar="ID", help="The cycle to export.")
@click.option(
    "--format", "fmt", type=click.Choice(("csv", "json")), default="csv", show_default=True
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout."
)
@click.option("--draft", is_flag=True, help="Export a cycle that is not closed yet.")
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@_ROOT_OPTION
def export_outcomes(
    cycle_id: str, fmt: str, output: Path | None, draft: bool, force: bool, root: Path
) -> None:
    """Write one row per person of cycle ID for an HR system.

    Columns: handle, name, team, manager, level, proposed_rating, final_rating,
    promotion (none, approved or declined), new_level; ratings and levels are ids.
    A cycle that is not closed is refused unless --draft. Exit codes: 0 written,
    1 refused, 2 usage error.
    """
    from calibration.commands.export import run_export_outcomes

    sys.exit(
        run_export_outcomes(
            root, cycle_id=cycle_id, fmt=fmt, output=output, draft=draft, force=force
        )
    )


@main.group("people")
def people() -> None:
    """Bring people in from the roster HR keeps."""


@people.command("import")
@click.argument("roster", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--apply", "apply_plan", is_flag=True, help="Write the changes (default: only show them)."
)
@click.option(
    "--left-on",
    "left_on",
    metavar="DATE",
    help="left_on for people missing from the roster, YYYY-MM-DD (default: today).",
)
@click.option(
    "--allow-level-changes",
    is_flag=True,
    help="Apply level changes no approved promotion backs (the history rules will flag them).",
)
@_ROOT_OPTION
def people_import(
    roster: Path, apply_plan: bool, left_on: str | None, allow_level_changes: bool, root: Path
) -> None:
    """Compare ROSTER (CSV) with people/ and say what would change; --apply writes it.

    Columns: handle, name, level, team, manager, start_date (optional: git_username,
    role, track, sublevel, email), any case. New people get a person file, changed
    fields are edited in place, people missing from the roster get left_on (their
    history stays). Bad rows are reported at file:row:column and nothing is written.
    Exit codes: 0 planned or written, 1 problems (nothing written), 2 usage error.
    """
    from calibration.commands.people import run_people_import

    sys.exit(
        run_people_import(
            roster,
            root=root,
            apply=apply_plan,
            left_on=left_on,
            allow_level_changes=allow_level_changes,
        )
    )


@main.command("init")
@click.argument("dest", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--name", help="The org's name, for the site title and README (default: DIR's name).")
@click.option(
    "--maintainer",
    "maintainers",
    multiple=True,
    metavar="OWNER",
    help="Owner of the rubric, schemas, workflows and CODEOWNERS: a git username or "
    "@org/team (repeat, or separate with commas). Required.",
)
@click.option(
    "--calibration-team",
    "calibration_team",
    multiple=True,
    metavar="OWNER",
    help="Second approver of a person's folder where the manager chain has none. Required.",
)
@click.option(
    "--calibration-lead",
    "calibration_leads",
    multiple=True,
    metavar="OWNER",
    help="Owner of cycles/ and the outcomes the room records (default: the maintainers).",
)
@click.option(
    "--calib-spec",
    metavar="SPEC",
    help="The requirement CI installs calib from (default: how this calib was installed: "
    "calibration-as-code==VERSION, or its git URL and commit).",
)
def init(
    dest: Path,
    name: str | None,
    maintainers: tuple[str, ...],
    calibration_team: tuple[str, ...],
    calibration_leads: tuple[str, ...],
    calib_spec: str | None,
) -> None:
    """Start a new calibration repository in DIR (empty, missing, or an empty clone).

    Writes the rubric, schemas, site config, workflows, CODEOWNERS and guides, records
    in .github/calib-requirement.txt how CI installs calib, and runs `git init -b main`
    unless DIR is inside a git repository. Missing owners are asked for in a terminal
    and are required flags in a script. Exit codes: 0 written, 1 refused, 2 usage error.
    """
    from calibration.commands.init import run_init

    owners = {
        "maintainers": maintainers,
        "calibration_team": calibration_team,
        "calibration_leads": calibration_leads,
    }
    sys.exit(run_init(dest, name, owners, calib_spec, _ask()))


@main.command("build")
@_LEGACY_ROOT
@_ROOT_OPTION
@click.option(
    "--audience",
    "-a",
    required=True,
    help="Who the site is for: org, calibration or manager:<handle>.",
)
@click.option(
    "--site-dir",
    "-d",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: from mkdocs.yml).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="MkDocs configuration (default: mkdocs.yml of the repository).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace a non-empty folder that calib build did not create.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too, as mkdocs build --strict does.")
@click.option(
    "--part",
    metavar="K/N",
    help="Build part K of N (whole teams' pages, balanced) for calib assemble-site.",
)
def build_site(
    legacy_root: Path | None,
    root: Path,
    audience: str,
    site_dir: Path | None,
    config_file: Path | None,
    force: bool,
    strict: bool,
    part: str | None,
) -> None:
    """Build the private site of one audience, then audit it; a failed audit exits 1.

    The site is built in a staging folder next to the target and moved into
    place only after the audit passes, so a failed or killed build leaves the
    target as it was. On success it says what was built, where, how many pages
    and how long it took; its validation warnings are counted by rule.

    A site too big for one CI job is built in parts, one job each: ``--part K/N``
    writes every listed page and the people's pages of a share of whole teams;
    ``calib assemble-site`` then puts the N parts together.

    Exit codes: 0 built and clean, 1 build or audit failed, 2 usage error.
    """
    from calibration.commands.build import run_build
    from calibration.site.parts import Part, PartError

    root = _root(root, legacy_root, "build")
    try:
        chosen = Part.parse(part) if part is not None else None
    except PartError as exc:
        raise click.BadParameter(str(exc), param_hint="--part") from None
    with _showing_progress():
        code = run_build(
            root,
            audience=audience,
            site_dir=site_dir,
            config_file=config_file,
            force=force,
            strict=strict,
            part=chosen,
        )
    sys.exit(code)


@main.command("assemble-site")
@click.argument(
    "parts", metavar="PART...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@_ROOT_OPTION
@click.option("--audience", "-a", required=True, help="The audience the parts were built for.")
@click.option(
    "--site-dir",
    "-d",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder of the assembled site.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace a non-empty folder that calib did not create.",
)
def assemble_site_command(
    parts: tuple[Path, ...], root: Path, audience: str, site_dir: Path, force: bool
) -> None:
    """Put the parts of a site built with ``calib build --part K/N`` together, then audit it.

    Every part must be there once, built for AUDIENCE from the same commit and
    configuration: a listed page that differs between two parts stops the
    assembly. The search index and sitemap are merged; every link of every
    page must lead to a file of the assembled site; the result is audited
    like any build and published only when all of that passes.

    Exit codes: 0 assembled and clean, 1 the parts do not fit or the audit failed,
    2 usage error.
    """
    from calibration.commands.build import run_assemble

    with _showing_progress():
        code = run_assemble(
            list(parts), audience=audience, root=root, site_dir=site_dir, force=force
        )
    sys.exit(code)


@main.command("audit-site")
@click.argument("site_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@_LEGACY_ROOT
@_ROOT_OPTION
@click.option("--audience", "-a", required=True, help="The audience the site was built for.")
def audit_site_command(site_dir: Path, legacy_root: Path | None, root: Path, audience: str) -> None:
    """Check a built site (every file) for anything AUDIENCE may not see, and for external assets.

    Exit codes: 0 clean, 1 problems found, 2 usage error.
    """
    from calibration.commands.build import run_audit

    root = _root(root, legacy_root, "audit-site DIR")
    with _showing_progress():
        code = run_audit(site_dir, audience=audience, root=root)
    sys.exit(code)
