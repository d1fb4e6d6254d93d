"""Running ``calib`` the way a person at a terminal does, for the tests that answer its prompts."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path


def run_in_terminal(
    args: list[str], answers: str, *, cwd: Path | None = None, timeout: float = 30
) -> tuple[int, str]:
    """Run calib with a pseudo-terminal as its standard streams, typing ``answers``."""
    primary, secondary = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from calibration.cli import main; main()", *args],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        cwd=cwd,
        close_fds=True,
    )
    os.close(secondary)
    os.write(primary, answers.encode())
    output = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if select.select([primary], [], [], 0.2)[0]:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # the terminal closes when the process ends
                break
            if not chunk:
                break
            output += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=5)
    os.close(primary)
    return proc.returncode, output.decode(errors="replace")
