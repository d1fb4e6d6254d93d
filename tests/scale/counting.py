"""Count work in executed lines of Python, so scale tests never depend on the clock."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any, TypeVar

T = TypeVar("T")


def count_lines(func: Callable[[], T]) -> tuple[T, int]:
    """Run ``func`` and return its result with the number of Python lines it executed.

    Every loop iteration counts (a backward jump starts a line again), so an
    algorithm that scans a list per item shows as quadratic whatever it calls.
    """
    counter = [0]

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            counter[0] += 1
        return local

    def global_(frame: FrameType, event: str, arg: Any) -> Any:
        return local

    previous = sys.gettrace()
    sys.settrace(global_)
    threading.settrace(global_)
    try:
        result = func()
    finally:
        sys.settrace(previous)
        threading.settrace(previous)
    return result, counter[0]
