"""Synthetic orgs of any size for benchmarks and scale tests (``calib demo generate``)."""

from __future__ import annotations

from calibration.demo.generate import DemoError, Generated, generate_org

__all__ = ["DemoError", "Generated", "generate_org"]
