"""The evidence check, part by part: what it finds, what it misses, what it says."""

from __future__ import annotations

import pytest

from calibration.analysis.evidence import assess, short_advice
from calibration.analysis.matching import find_phrases, index_phrases, tokenize
from calibration.analysis.words import DEFAULT_WORDS, word_lists
from calibration.model import Evidence, Level

WORDS = word_lists()


def _ev(text: str, **fields: str) -> Evidence:
    return Evidence("impact", text, ("evidence", 0), **fields)  # type: ignore[arg-type]


def test_output_list_is_weak_with_a_hint_per_missing_part() -> None:
    found = assess(
        "Shipped the search filters, the export button and the new settings page.", words=WORDS
    )
    assert found.verdict == "weak"
    assert found.missing == ("outcome", "scope", "before-after")
    assert len(found.hints) == 3
    assert "before and after" in found.hints[2]


def test_four_parts_make_a_strong_statement() -> None:
    text = (
        "I found idle preview environments and wrote the job that removes them; across all "
        "40 services spend went from 52k to 31k USD a month."
    )
    found = assess(text, words=WORDS)
    assert found.verdict == "strong"
    assert found.missing == ()
    parts = {part for part, _ in found.found}
    assert {"outcome", "scope", "before-after", "own-role"} <= parts
    unasked = assess(f"Without being asked, {text[0].lower()}{text[1:]}", words=WORDS)
    assert unasked.above_level  # no ladder here: the rubric's phrases say it


def test_vague_verb_without_result_is_weak_and_named() -> None:
    found = assess("I helped the payments team with their migration.", words=WORDS)
    assert found.verdict == "weak"
    assert found.vague_verbs == ("helped",)
    assert any("'helped' says nothing" in hint for hint in found.hints)
    assert "says nothing on its own" in short_advice(found)


def test_vague_verb_with_a_number_is_not_called_vague() -> None:
    found = assess(
        "I improved p95 latency of the 3 checkout services from 800 ms to 200 ms.", words=WORDS
    )
    assert found.vague_verbs == ()
    assert found.verdict == "strong"


def test_we_without_i_misses_own_role() -> None:
    found = assess("We cut build times from 20 minutes to 6 minutes for 9 teams.", words=WORDS)
    assert found.missing == ("own-role",)
    assert found.verdict == "adequate"
    mixed = assess(
        "We cut build times from 20 to 6 minutes for 9 teams; I wrote the cache.", words=WORDS
    )
    assert "own-role" not in mixed.missing


def test_the_persons_name_counts_as_their_role() -> None:
    text = "Ada and the team cut pages from 30 a week to 4 for 12 engineers."
    assert "own-role" in assess(text, words=WORDS).missing
    assert "own-role" not in assess(text, words=WORDS, name="Ada Byron").missing


def test_item_fields_supply_scope_and_before_after() -> None:
    bare = assess("I rebuilt the image pipeline.", words=WORDS)
    assert bare.verdict == "weak"
    item = _ev(
        "I rebuilt the image pipeline.",
        scope="All 3 apps",
        before="Thumbnails up to 24 hours late",
        after="Ready in 10 seconds",
    )
    full = assess(item.statement, words=WORDS, evidence=item)
    assert full.verdict == "strong"
    assert ("before-after", "metrics before/after") in full.found
    worded = _ev(item.statement, scope="All 3 apps", before="Nightly", after="On upload")
    assert ("before-after", "metrics before/after, in words") in assess(
        worded.statement, words=WORDS, evidence=worded
    ).found


def test_only_one_metric_is_not_a_before_and_after() -> None:
    item = _ev("I rebuilt the image pipeline for 3 apps.", after="Ready in seconds")
    assert "before-after" in assess(item.statement, words=WORDS, evidence=item).missing


@pytest.mark.parametrize(
    "text",
    [
        "Checkout errors fell 40% for 5 teams, because I rewrote the retry logic.",
        "I saved 8k EUR a month for all teams.",
        "I made the nightly job for 3 teams finish in 20 minutes.",
        "I wrote the runbook; all 6 teams now resolve pages without escalation.",
        "I got 12 of the 40 services onto the canary checks.",
    ],
)
def test_each_kind_of_before_and_after_is_found(text: str) -> None:
    assert "before-after" not in assess(text, words=WORDS).missing


@pytest.mark.parametrize(
    "text",
    [
        "I moved the 12 services from Jenkins to the new runner.",  # a migration, not a change
        "I took the project from the product brief to rollout for 3 teams.",  # a span of work
        "I worked on the ledger for 3 teams from March to May.",  # a period
    ],
)
def test_a_from_and_to_without_a_measure_is_no_before_and_after(text: str) -> None:
    assert "before-after" in assess(text, words=WORDS).missing


def test_a_scope_word_needs_a_number_or_quantifier() -> None:
    assert "scope" in assess("I cut p99 latency by 40% for users.", words=WORDS).missing
    assert "scope" not in assess("I cut p99 latency by 40% for all users.", words=WORDS).missing
    assert "scope" not in assess("I cut p99 latency by 40% for 2,000 users.", words=WORDS).missing
    assert "scope" not in assess("I cut p99 latency by 40% for every team.", words=WORDS).missing


def test_two_team_names_of_the_org_are_a_scope() -> None:
    words = word_lists(None, ["payments", "growth"])
    text = "I cut checkout errors by 40% for payments and growth."
    assert "scope" in assess(text, words=WORDS).missing
    assert "scope" not in assess(text, words=words).missing


def test_phrases_match_across_a_few_words_and_the_longest_wins() -> None:
    tokens = tokenize("I owned the payment retry engine end to end and set it up.")
    lists = {"above": ["owned end to end"], "output": ["set up"], "outcome": ["up", "to"]}
    found = {(m.list_name, m.phrase) for m in find_phrases(tokens, index_phrases(lists))}
    assert ("above", "owned end to end") in found
    assert ("output", "set up") not in found  # two-word phrases do not stretch over "it"
    assert ("outcome", "to") not in found  # taken by the longer phrase


def test_two_word_phrases_do_not_stretch() -> None:
    tokens = tokenize("I worked with the product team.")
    assert not find_phrases(tokens, index_phrases({"team": ["the team"]}))


def test_clause_punctuation_breaks_a_phrase() -> None:
    tokens = tokenize("I owned the design. Then end to end tests ran.")
    assert not find_phrases(tokens, index_phrases({"above": ["owned end to end"]}))


def test_rubric_lists_replace_defaults_one_list_at_a_time() -> None:
    custom = word_lists({"vague_verbs": ["tinkered"], "own_role_words": []})
    assert custom.get("vague_verbs") == ("tinkered",)
    assert custom.get("own_role_words") == ()
    assert custom.get("scope_words") == tuple(DEFAULT_WORDS["scope_words"])
    found = assess("I tinkered with the cache.", words=custom)
    assert found.vague_verbs == ("tinkered",)


def test_above_level_hint_names_the_level_only_when_not_weak() -> None:
    level = Level("E4", "Senior engineer", 4.0, 0)
    good = assess("I cut deploy time from 40 to 8 minutes for 6 teams.", words=WORDS, level=level)
    assert any("above Senior engineer" in hint for hint in good.hints)
    weak = assess("Worked on deploys.", words=WORDS, level=level)
    assert not any("Senior engineer" in hint for hint in weak.hints)


def test_verdicts_are_deterministic() -> None:
    text = "We shipped the new ledger three weeks early, with no rollbacks in the first month."
    assert assess(text, words=WORDS) == assess(text, words=WORDS)
