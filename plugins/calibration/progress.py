"""Progress of long work, counted, on a terminal only: pipes and CI logs stay quiet.

Library code reports what it does with :func:`task` (a label and a total) and
``advance()``; nothing is shown unless a command turned a display on with
:func:`showing`. So the loader and the rules never print, and a test or a
script calling them sees no output at all.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TextIO

REDRAW_SECONDS = 0.1
"""Shortest time between two redraws of the progress line."""


def is_interactive(stream: TextIO) -> bool:
    """True for a terminal a person watches: not a pipe, a file, CI or a dumb terminal."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False
    return tty and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


class Display:
    """One status line on a terminal, redrawn in place (at most every ``REDRAW_SECONDS``)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._last = 0.0
        self._shown = False

    def show(self, text: str, *, force: bool = False) -> None:
        """Replace the status line with ``text``."""
        now = time.monotonic()
        if not force and now - self._last < REDRAW_SECONDS:
            return
        self._last = now
        self.stream.write(f"\r\x1b[Kcalib: {text}")
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Remove the status line, so that what is printed next starts on a clean line."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False


_DISPLAY: ContextVar[Display | None] = ContextVar("calib_progress", default=None)


class Task:
    """Counted work: ``label`` done/total, shown while a display is on."""

    def __init__(self, label: str, total: int, display: Display | None) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self._display = display
        if display is not None:
            display.show(self._text(), force=True)

    def _text(self) -> str:
        if self.total <= 0:
            return f"{self.label} {self.done:,}" if self.done else f"{self.label} ..."
        return f"{self.label} {self.done:,}/{self.total:,}"

    def advance(self, count: int = 1) -> None:
        """Count ``count`` more units as done."""
        self.done += count
        if self._display is not None:
            self._display.show(self._text(), force=0 < self.total <= self.done)


def task(label: str, total: int = 0) -> Task:
    """Start counting ``total`` units of ``label`` (a no-op unless a display is on)."""
    return Task(label, total, _DISPLAY.get())


def step(label: str) -> None:
    """Say what is being done now, when there is nothing to count."""
    task(label)


@contextmanager
def showing(stream: TextIO, *, enabled: bool | None = None) -> Iterator[None]:
    """Show progress on ``stream`` inside the block when it is a terminal (or ``enabled``)."""
    if not (is_interactive(stream) if enabled is None else enabled):
        yield
        return
    display = Display(stream)
    token = _DISPLAY.set(display)
    try:
        yield
    finally:
        display.clear()
        _DISPLAY.reset(token)


def clear() -> None:
    """Clear the progress line before printing something else on the terminal."""
    display = _DISPLAY.get()
    if display is not None:
        display.clear()
