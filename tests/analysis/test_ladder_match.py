"""Above level, read against the ladder: BM25 over its texts, with the match it found."""

from __future__ import annotations

import math

import pytest

from calibration.analysis.bm25 import BM25, terms
from calibration.analysis.evidence import assess
from calibration.analysis.ladder_match import LadderIndex, ladder_query
from calibration.analysis.quantities import extract_quantities
from calibration.analysis.words import word_lists
from calibration.model import Dimension, Expectation, Ladder, Level

LEVELS = [
    Level("A", "Associate", 1, 0, summary="Finishes scoped tasks with help."),
    Level("B", "Engineer", 2, 1, summary="Owns whole features inside one team."),
    Level("C", "Senior", 3, 2, summary="Leads work across several teams and sets standards."),
]
LADDER = Ladder(
    version="t",
    name="Test",
    levels=LEVELS,
    dimensions=[Dimension("impact", "Impact", 0), Dimension("craft", "Craft", 1)],
    expectations=[
        Expectation("impact", "Checks that a change worked after release.", 0, "A"),
        Expectation("impact", "Measures the adoption and errors of their features.", 1, "B"),
        Expectation(
            "impact",
            "Changes outcomes for several teams and drives standards other teams adopt.",
            2,
            "C",
        ),
        Expectation("craft", "Writes tests for every change.", 3, "B"),
    ],
)


def test_terms_are_stemmed_content_words_without_idioms() -> None:
    assert terms("Spanning several teams") == ["span", "sever", "team"]
    assert "own" not in terms("each team kept their own spreadsheet")
    assert "ask" not in terms("Without being asked, I wrote it")
    assert terms("the and of 42") == []


def test_bm25_prefers_rare_shared_words_and_is_deterministic() -> None:
    index = BM25([["team", "standard"], ["team", "test"], ["team"]])
    assert index.score(["standard"], 0) > index.score(["team"], 0) > 0
    assert index.score(["standard"], 1) == 0
    assert index.score(["team", "standard"], 0) == index.score(["team", "standard"], 0)
    assert math.isclose(
        index.score(["team", "standard"], 0), sum(index.weights(["team", "standard"], 0).values())
    )


def test_a_statement_that_reads_like_the_next_level_is_above_with_the_expectation() -> None:
    index = LadderIndex(LADDER)
    text = "I wrote the logging standards that four teams adopted; their outcomes changed."
    match = index.match(ladder_query(text, []), LEVELS[1])
    assert match is not None and match.above
    assert match.match is not None and match.match.level == "C"
    assert "adopt" in match.words and "standard" in match.words
    assert "closest to C Senior" in match.explain(LADDER)


def test_a_statement_that_reads_like_the_level_itself_is_not_above() -> None:
    index = LadderIndex(LADDER)
    match = index.match("I measured the adoption and errors of my feature.", LEVELS[1])
    assert match is not None and not match.above
    assert match.current is not None and match.current.level == "B"


def test_the_top_level_has_nothing_above() -> None:
    assert LadderIndex(LADDER).match("anything at all", LEVELS[2]) is None


def test_the_dimension_narrows_the_expectations_read() -> None:
    index = LadderIndex(LADDER)
    text = "Standards other teams adopt; outcomes for several teams changed."
    assert index.match(text, LEVELS[1], "impact") is not None
    craft = index.match(text, LEVELS[1], "craft")  # C says nothing on craft: every text counts
    assert craft is not None and craft.above


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("across four teams", "several teams"),
        ("for all 6 markets", "several markets"),
        ("between July and October", "multi-month"),
        ("over three quarters", "several quarters"),
    ],
)
def test_the_query_reads_counts_and_spans_as_the_ladder_writes_them(
    text: str, expected: str
) -> None:
    assert expected in ladder_query(text, [])


def test_measured_results_are_left_out_of_the_query() -> None:
    text = "spend fell to 31k USD a month"
    assert "month" not in terms(ladder_query(text, extract_quantities(text)))


def test_assess_uses_the_ladder_when_the_level_is_known() -> None:
    words = word_lists(ladder=LADDER)
    text = (
        "I wrote the logging standards that all 4 teams adopted; incidents from bad logs fell "
        "from 12 a month to 2."
    )
    found = assess(text, words=words, level=LEVELS[1])
    assert found.verdict == "strong" and found.above_level
    assert dict(found.found)["above-level"].startswith("closest to C Senior")
    same = assess("I measured the adoption of my feature: errors fell from 9% to 2%.", words=words)
    assert not same.above_level  # no level: the phrase list, which finds nothing here


def test_without_a_ladder_the_phrase_list_decides() -> None:
    found = assess("Without being asked I cut p95 from 900 to 200 ms for all 3 apps.")
    assert found.above_level
    assert ("above-level", "in the rubric's words: without being asked") in found.found


def test_the_rubric_phrases_count_too_unless_the_org_empties_them() -> None:
    text = "Without being asked I cut p95 from 900 to 200 ms for all 3 apps."
    assert assess(text, words=word_lists(ladder=LADDER), level=LEVELS[0]).above_level
    ladder_only = word_lists({"above_level_phrases": []}, ladder=LADDER)
    assert not assess(text, words=ladder_only, level=LEVELS[0]).above_level


def test_the_hint_names_the_next_levels_expectation() -> None:
    words = word_lists(ladder=LADDER)
    found = assess(
        "I measured adoption of my feature; errors fell from 9% to 2% for 3 apps.",
        words=words,
        level=LEVELS[1],
    )
    assert not found.above_level
    assert any("It reads as Engineer work" in h and "Senior expects" in h for h in found.hints)
