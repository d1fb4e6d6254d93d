"""One call for everything the judgement aids find in a cycle (the site and rules read it)."""

from __future__ import annotations

from calibration.analysis.collect import assess_evidence, org_words, score_projects
from calibration.analysis.flags import FlagContext, run_flags
from calibration.analysis.outliers import find_outliers
from calibration.analysis.pipeline import find_suggestions
from calibration.analysis.readiness import assess_case
from calibration.analysis.types import CycleAnalysis
from calibration.model import Cycle, Org
from calibration.model.queries import level_held

__all__ = ["analyze_cycle", "assess_evidence", "flag_context", "org_words", "score_projects"]


def flag_context(org: Org, cycle: Cycle) -> FlagContext:
    """Everything the flags of one cycle read (verdicts and scores computed on first use)."""
    return FlagContext(org, cycle, org_words(org))


def analyze_cycle(org: Org, cycle_id: str) -> CycleAnalysis:
    """Assess evidence, score projects, test outliers, raise flags, judge cases, suggest more.

    A pure function of the model: an unknown cycle gives an empty analysis.
    """
    analysis = CycleAnalysis(cycle=cycle_id)
    cycle = org.cycles.get(cycle_id)
    if cycle is None:
        return analysis
    words = org_words(org)
    analysis.assessments = assess_evidence(org, cycle_id, words)
    analysis.complexity = score_projects(org, cycle_id)
    analysis.outliers = find_outliers(org, cycle_id)
    # the flags reuse the verdicts and scores computed above
    ctx = FlagContext(org, cycle, words, analysis.assessments, analysis.complexity)
    analysis.flags = run_flags(ctx)
    for prefill in org.prefills_for(cycle_id):
        level = level_held(org, prefill.handle, cycle_id)
        case = assess_case(org, prefill, words, level, org.ladder_for(cycle_id))
        if case is not None:
            analysis.readiness[prefill.handle] = case
    analysis.suggestions = find_suggestions(ctx)
    return analysis
