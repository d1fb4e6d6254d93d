"""A real `mkdocs serve` keeps previewing through a broken edit, and recovers when it is fixed.

Before, a rebuild that failed left MkDocs' server waiting for a build that never
came: every request hung until the server was stopped. Each test starts the
server on a free port, breaks a data file, and reads what the browser would.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BROKEN = "people/eng-bo/person.yaml"
WAIT = 90.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``mkdocs serve`` of one repository, its terminal output kept in a file."""

    def __init__(self, root: Path, log: Path) -> None:
        self.port = _free_port()
        self.log = log
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CALIB_AUDIENCE": "calibration"}
        env.pop("CI", None)
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "mkdocs",
                    "serve",
                    "-f",
                    str(root / "mkdocs.yml"),
                    "-a",
                    f"127.0.0.1:{self.port}",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
            )

    def get(self, path: str) -> str:
        """The page at ``path``; a request made during a rebuild waits for it (MkDocs does)."""
        url = f"http://127.0.0.1:{self.port}{path}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))

    def until(self, path: str, done: Callable[[str], bool]) -> str:
        """Fetch ``path`` until ``done`` says yes; fail with the terminal output otherwise."""
        deadline = time.monotonic() + WAIT
        last = ""
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"mkdocs serve stopped:\n{self.output()}"
            try:
                last = self.get(path)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                last = ""
            if last and done(last):
                return last
            time.sleep(0.3)
        raise AssertionError(f"{path} never got there; the server said:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # pragma: no cover - a server that ignores SIGTERM
            self.process.kill()
            self.process.wait()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[Path], Server]]:
    started: list[Server] = []

    def start(root: Path) -> Server:
        server = Server(root, tmp_path / f"serve-{len(started)}.log")
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def _break(root: Path) -> str:
    path = root / BROKEN
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("name:", "name: [never closed", 1), encoding="utf-8")
    return good


def test_a_broken_edit_keeps_the_last_good_site_with_the_error_on_it(
    fixture_org: Path, serve: Callable[[Path], Server]
) -> None:
    server = serve(fixture_org)
    before = server.until("/", lambda page: "Fixture calibration" in page)
    assert "calib-build-error" not in before
    good = _break(fixture_org)
    page = server.until("/", lambda page: "calib-build-error" in page)
    # the last good page, with a notice naming the file, line and rule
    assert "This preview is out of date" in page
    assert f"{BROKEN}:" in page and "[yaml-syntax]" in page
    assert "Fixture calibration" in page
    # other pages of the last good site are still there, with the notice too
    assert "calib-build-error" in server.get("/ladder/")
    # the terminal says what happened, in full
    terminal = server.output()
    assert "the site cannot be rebuilt" in terminal
    assert "the preview keeps the last good site" in terminal
    assert BROKEN in terminal
    (fixture_org / BROKEN).write_text(good, encoding="utf-8")
    server.until("/", lambda page: "calib-build-error" not in page)
    assert "the site builds again" in server.output()


def test_a_preview_that_starts_broken_shows_the_error_and_recovers(
    fixture_org: Path, serve: Callable[[Path], Server]
) -> None:
    good = _break(fixture_org)
    server = serve(fixture_org)
    page = server.until("/", lambda page: "calib-build-error" in page)
    assert "The site cannot be built" in page
    assert f"{BROKEN}:" in page
    assert "the preview shows this error until the site builds" in server.output()
    (fixture_org / BROKEN).write_text(good, encoding="utf-8")
    page = server.until("/", lambda page: "calib-build-error" not in page)
    assert "Build error" not in page
