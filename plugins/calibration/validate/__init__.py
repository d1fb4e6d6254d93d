"""Validation: the schema pass, then registered rules (the history rules only with a base)."""

from __future__ import annotations

from calibration.validate import (  # noqa: F401  (registers rules)
    rules_cycle,
    rules_history,
    rules_judgement,
    rules_ladder,
    rules_prefill,
    rules_references,
)
from calibration.validate.engine import validate_repository
from calibration.validate.registry import RULES, Finding, Rule, iter_rules, rule

__all__ = ["RULES", "Finding", "Rule", "iter_rules", "rule", "validate_repository"]
