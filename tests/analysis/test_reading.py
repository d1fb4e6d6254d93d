"""Outcome, not effort or activity: what a statement measures, and what never counts."""

from __future__ import annotations

import pytest

from calibration.analysis.evidence import assess
from calibration.analysis.quantities import extract_quantities
from calibration.analysis.reading import read_statement
from calibration.analysis.scope import find_scope
from calibration.analysis.words import word_lists

WORDS = word_lists(None, ["payments", "growth", "data"])


def _kinds(text: str) -> set[str]:
    reading = read_statement(text, WORDS)
    return {m.kind for m in reading.measures} | {kind for kind, _ in reading.signals}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Logged 120 hours on the rollout for five services.", "effort"),
        ("I put in 60-hour weeks so the launch could happen.", "effort"),
        ("Worked nights and weekends to land the migration.", "effort"),
        ("Closed 180 tickets, up from 95 last quarter.", "activity"),
        ("I did 214 code reviews, twice as many as last half.", "activity"),
        ("Merged 3x more pull requests than last quarter.", "activity"),
        ("Took the rotation from chaotic to calm.", "adjectives"),
        ("Took alignment from zero to full buy-in.", "adjectives"),
        ("The team is now calm instead of chaotic.", "adjectives"),
        ("I landed the migration from March to May.", "period"),
    ],
)
def test_effort_activity_and_adjectives_are_named_and_not_counted(text: str, kind: str) -> None:
    reading = read_statement(text, WORDS)
    assert kind in _kinds(text)
    assert not reading.outcomes(measured=True)


@pytest.mark.parametrize(
    "text",
    [
        "Support tickets fell from 30 a month to 9.",  # fewer tickets: less work needed
        "Night pages on the weekend rotation fell from 14 a week to 3.",
        "Pages closed without escalation went from 40% to 75%.",  # a rate, not a count of work
        "I reviewed every schema change; breakages went from 9 to 1.",
    ],
)
def test_a_measure_that_went_down_or_a_rate_is_an_outcome(text: str) -> None:
    assert read_statement(text, WORDS).outcomes(measured=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("across all 6 payment markets", "6 payment markets"),
        ("for 1.2M weekly users", "1.2M weekly users"),
        ("12 of the 40 services now use it", "12 of the 40 services"),
        ("shipped to every team", "every team"),
        ("for all 3 storefronts", "for all 3 storefronts"),
        ("to 5% of Android users", "5% of users"),
        ("with payments, growth and data", "payments, growth, data"),
        ("with finance and support", "finance, support"),
        ("in the Android and iOS apps", "android and ios apps"),
        ("adopted org-wide", "org-wide"),
    ],
)
def test_scope_is_any_counted_unit_or_named_groups(text: str, expected: str) -> None:
    assert find_scope(text, extract_quantities(text), WORDS).words == expected


@pytest.mark.parametrize(
    "text",
    ["cut latency by 40% for users", "closed 140 tickets", "logged 120 hours", "with payments"],
)
def test_no_scope_without_a_count_or_two_names(text: str) -> None:
    assert find_scope(text, extract_quantities(text), WORDS).words == ""


@pytest.mark.parametrize(
    "text",
    [
        "Worked nights and weekends from March to May to land the migration across 4 teams.",
        "I took the on-call rotation from chaotic to calm across all 6 teams.",
        "I did 214 code reviews this half, twice as many as last half, for 5 teams.",
        "Logged 120 hours on the rollout for five services.",
        "Dedicated 25% of my time for two quarters to mentoring across 3 teams.",
    ],
)
def test_gamed_statements_are_weak_and_say_what_to_add(text: str) -> None:
    found = assess(text, words=WORDS)
    assert found.verdict == "weak"
    said = " ".join(found.hints)
    assert "not impact" in said or "counts work done" in said or "describes" in said


def test_effort_next_to_a_measured_outcome_does_not_spoil_it() -> None:
    text = (
        "I spent two weekends on it: the 14 merchants on the new payout API now get paid in "
        "1 day instead of 5."
    )
    assert assess(text, words=WORDS).verdict == "strong"


def test_effort_next_to_a_change_in_words_only_is_never_strong() -> None:
    text = "I worked every weekend and now all 4 teams ship on the same train."
    found = assess(text, words=WORDS)
    assert found.verdict != "strong"
    assert ("effort", "weekend") in found.found
