"""Sessions: ``nox`` runs tests, lint and typing; ``nox -s demo`` builds the demo org's sites;
``nox -s docs`` builds the guides; ``nox -s build`` builds and checks what a release publishes.

Tool versions live once, in pyproject.toml's ``[dependency-groups]``; sessions install those.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

# Read by nox before this file runs; equal to the nox bound in the `test` group.
nox.needs_version = ">=2025.2.9"
nox.options.sessions = ["lint", "typing", "tests"]
nox.options.reuse_existing_virtualenvs = True

PYTHON = None  # the interpreter nox runs on; CI pins it by installing one Python
PYPROJECT = nox.project.load_toml(Path(__file__).with_name("pyproject.toml"))


def group(*names: str) -> tuple[str, ...]:
    """The requirements of pyproject.toml's dependency groups ``names``."""
    return nox.project.dependency_groups(PYPROJECT, *names)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite (browser tests need Debian's chromium; see README)."""
    session.install("-e", ".", *group("test"))
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff lint and format check; the package's layers (import contracts in pyproject.toml)."""
    session.install("-e", ".", *group("lint"))
    session.run("ruff", "check", "plugins", "tests", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "plugins", "tests", "benchmarks", "noxfile.py")
    # An import that points up a layer, or click/MkDocs outside their adapter, fails here.
    session.run("lint-imports")


@nox.session(python=PYTHON)
def typing(session: nox.Session) -> None:
    """mypy, strict, on the package."""
    session.install("-e", ".", *group("typing"))
    session.run("mypy")


@nox.session(python=PYTHON)
def validate(session: nox.Session) -> None:
    """Validate the repository's own data (the demo org)."""
    session.install("-e", ".")
    session.run("calib", "validate", *session.posargs)


@nox.session(python=PYTHON, default=False)
def demo(session: nox.Session) -> None:
    """The main job on the demo org: validate, then build and audit each audience's site."""
    session.install("-e", ".")
    session.run("calib", "validate")
    for audience in ("calibration", "org", "manager:kwame-mensah"):
        target = "site/" + audience.replace(":", "-")
        session.run("calib", "build", "--audience", audience, "--site-dir", target)
    session.log(
        "Sites written under site/; browse one with "
        "`python3 -m http.server -d site/calibration` and open http://127.0.0.1:8000/"
    )


@nox.session(python=PYTHON, default=False)
def docs(session: nox.Session) -> None:
    """Build the repository's guides (docs/) alone, strictly, into site/guides."""
    session.install("-e", ".")  # MkDocs and Material in the versions the plugin supports
    session.run("mkdocs", "build", "--strict", "--config-file", "mkdocs.guides.yml")
    session.log("Guides written to site/guides/; start at site/guides/reading-the-site/")


@nox.session(python=PYTHON, default=False)
def build(session: nox.Session) -> None:
    """Build the wheel and sdist into dist/ and check them as the package index will.

    The release workflow runs this once and publishes exactly what it built.
    """
    session.install(*group("release"))
    dist = Path("dist")
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist))
    session.run("twine", "check", "--strict", *sorted(str(p) for p in dist.iterdir()))


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks against the parse floor, check-jsonschema and plain MkDocs (slow: minutes).

    Options after ``--`` go to benchmarks/run.py, e.g. ``nox -s bench -- --sizes 1000 --repeat 3``.
    """
    session.install("-e", ".", *group("bench"))
    session.run("python", "benchmarks/run.py", *session.posargs)
