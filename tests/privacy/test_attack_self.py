"""The attack itself works: hand-written release tables that leak are caught, safe ones are not.

Without these, the reconstruction tests could pass because the attack finds
nothing at all. Each leaking case below is one way a reader recovers a rating
by adding and subtracting published numbers; the attack must name the person
and the right rating.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from attack import (
    PublishedRow,
    determined_ratings,
    possible_readers,
    published_rows,
    reader_knowledge,
    reader_leaks,
    site_documents,
    unaccounted,
)
from synthetic import CycleSpec, OrgSpec, PersonSpec, write_org

from calibration.load.repository import load_repository
from calibration.model import Org

LABELS = {"under": "Under the bar", "at": "At the bar", "above": "Above the bar"}
# Final ratings of the closed cycle c1. Level p1 is all "at"; pat was promoted
# from p1 to p2 in c1, so in c1 pat still counts at p1. Level p2 is diverse;
# z is its only engineer outside the teams of mia and max. solo is alone at p3.
FINAL = {
    "a1": "at",
    "a2": "at",
    "a3": "at",
    "a4": "at",
    "pat": "at",
    "b1": "under",
    "b2": "at",
    "c1": "above",
    "c2": "at",
    "z": "above",
    "solo": "under",
}
PEOPLE = [
    PersonSpec("dana", "p3", None, "core", "director"),
    PersonSpec("mia", "p3", "dana", "core", "manager"),
    PersonSpec("max", "p3", "dana", "edge", "manager"),
    PersonSpec("ola", "p3", "dana", "rim", "manager"),
    *(PersonSpec(h, "p1", "mia", "core") for h in ("a1", "a2", "a3", "a4")),
    PersonSpec("pat", "p2", "max", "edge"),
    PersonSpec("b1", "p2", "mia", "core"),
    PersonSpec("b2", "p2", "mia", "core"),
    PersonSpec("c1", "p2", "max", "edge"),
    PersonSpec("c2", "p2", "max", "edge"),
    PersonSpec("z", "p2", "ola", "rim"),
    PersonSpec("solo", "p3", "ola", "rim"),
]
OPEN = {h: r for h, r in FINAL.items() if h != "pat"}


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Org:
    """The small org of these cases, written as YAML and loaded like any repository."""
    spec = OrgSpec(
        PEOPLE,
        [
            CycleSpec(
                "c1", "2025-01-01", "2025-06-30", "closed", FINAL, FINAL, [("pat", "p1", "p2")]
            ),
            CycleSpec("c2", "2025-07-01", "2025-12-31", "calibration", OPEN),
        ],
    )
    root = write_org(spec, tmp_path_factory.mktemp("self") / "repo")
    return load_repository(root, cache=False).org


Row = tuple[str, Mapping[str, Sequence[str]] | None, Mapping[str, int]]


def release(cycle: str, kind: str, rows: Sequence[Row], caption: str = "Ratings") -> str:
    """A release table as the site marks it; a row without a spec is shown as suppressed."""
    head = "".join(
        f'<th scope="col" data-calib-rating="{rid}">{label}</th>' for rid, label in LABELS.items()
    )
    body = []
    for label, spec, counts in rows:
        if spec is None:
            cells = '<td><span class="calib-suppressed">fewer than 4</span></td>' * len(LABELS)
            body.append(f'<tr><th scope="row">{label}</th>{cells}<td>—</td></tr>')
            continue
        total = sum(counts.values())
        cells = "".join(
            f"<td>{counts.get(r, 0)} ({round(100 * counts.get(r, 0) / total)}%)</td>"
            for r in LABELS
        )
        group = html.escape(json.dumps(spec), quote=True)
        body.append(
            f'<tr data-calib-group="{group}"><th scope="row">{label}</th>{cells}'
            f"<td>{total}</td></tr>"
        )
    return (
        f'<table class="calib-release" data-calib-cycle="{cycle}" data-calib-ratings="{kind}">'
        f'<caption>{caption}</caption><thead><tr><th scope="col">Group</th>{head}'
        f'<th scope="col">Total</th></tr></thead><tbody>{"".join(body)}</tbody></table>'
    )


def leaks_of(org: Org, pages: dict[str, str], audience: str = "org") -> dict[str, str]:
    """Determined ratings as handle to rating, after checking every number is accounted for."""
    documents = sorted(pages.items())
    assert unaccounted(documents, org) == []
    rows = published_rows(documents, org)
    leaks = determined_ratings(org, rows, reader_knowledge(org, audience))
    assert all(leak.rows for leak in leaks)
    return {leak.handle: leak.rating for leak in leaks}


def test_a_row_of_one_hidden_person_leaks(org: Org) -> None:
    page = release("c1", "final", [("p3", {"levels": ["p3"]}, {"under": 1})])
    assert leaks_of(org, {"levels.md": page}) == {"solo": "under"}


def test_a_homogeneous_row_leaks_everyone_in_it(org: Org) -> None:
    # pat was promoted in c1, so the attack must count pat at p1 (level_during).
    page = release("c1", "final", [("p1", {"levels": ["p1"]}, {"at": 5})])
    assert leaks_of(org, {"levels.md": page}) == dict.fromkeys(
        ["a1", "a2", "a3", "a4", "pat"], "at"
    )


def test_two_tables_whose_difference_isolates_one_person_leak(org: Org) -> None:
    level = release("c1", "final", [("p2", {"levels": ["p2"]}, {"under": 1, "at": 2, "above": 2})])
    pooled = release(
        "c1",
        "final",
        [
            (
                "mia and max",
                {"levels": ["p2"], "managers": ["mia", "max"]},
                {"under": 1, "at": 2, "above": 1},
            )
        ],
    )
    # Each row alone is diverse and large enough; only their difference gives z away.
    assert leaks_of(org, {"one.md": level}) == {}
    assert leaks_of(org, {"two.md": pooled}) == {}
    documents = sorted({"one.md": level, "two.md": pooled}.items())
    leaks = determined_ratings(org, published_rows(documents, org), {})
    assert [(leak.handle, leak.rating) for leak in leaks] == [("z", "above")]
    assert {row.page for row in leaks[0].rows} == {"one.md", "two.md"}


def test_a_manager_subtracts_their_own_tree(org: Org) -> None:
    page = release(
        "c1",
        "final",
        [
            (
                "mia and ola",
                {"levels": ["p2"], "managers": ["mia", "ola"]},
                {"under": 1, "at": 1, "above": 1},
            )
        ],
    )
    assert leaks_of(org, {"p2.md": page}, "org") == {}
    assert leaks_of(org, {"p2.md": page}, "manager:mia") == {"z": "above"}


def test_a_rated_reader_takes_their_own_rating_out_of_a_row(org: Org) -> None:
    spec = {"levels": ["p2"], "managers": ["max", "ola"]}
    page = release("c1", "final", [("max and ola", spec, {"at": 1, "above": 2})])
    documents = [("p2.md", page)]
    assert leaks_of(org, dict(documents)) == {}
    leaks = reader_leaks(org, published_rows(documents, org), "org")
    # c2, the one "at", learns that both others are "above"; c1 and z learn nothing.
    assert {(leak.reader, leak.handle, leak.rating) for leak in leaks} == {
        ("c2", "c1", "above"),
        ("c2", "z", "above"),
    }
    assert "pat" in possible_readers(org, "org")
    assert possible_readers(org, "manager:mia") == ["mia"]


def test_overlapping_rows_that_leave_a_choice_reveal_nothing(org: Org) -> None:
    # b1 (under) and b2 (at) in one row, b2 and solo (under) in another: each person
    # sits in rows nobody else shares, yet b1=at, b2=under, solo=at fits both rows.
    def row(members: set[str], counts: dict[str, int]) -> PublishedRow:
        pairs = tuple((r, counts.get(r, 0)) for r in LABELS)
        return PublishedRow("x.md", "hand-made", "", "c1", "final", "{}", frozenset(members), pairs)

    rows = [row({"b1", "b2"}, {"under": 1, "at": 1}), row({"b2", "solo"}, {"under": 1, "at": 1})]
    assert determined_ratings(org, rows, {}) == []
    assert [
        leak.handle for leak in determined_ratings(org, rows[:1], {("b1", "c1", "final"): "under"})
    ] == ["b2"]


def test_open_cycle_proposed_ratings_are_attacked_too(org: Org) -> None:
    page = release(
        "c2",
        "proposed",
        [
            ("p1", {"levels": ["p1"]}, {"at": 4}),
            ("p2", {"levels": ["p2"]}, {"under": 1, "at": 2, "above": 2}),
        ],
    )
    assert leaks_of(org, {"c2.md": page}) == dict.fromkeys(["a1", "a2", "a3", "a4"], "at")


def test_a_safe_table_reveals_nothing(org: Org) -> None:
    rows: list[Row] = [
        ("p2", {"levels": ["p2"]}, {"under": 1, "at": 2, "above": 2}),
        ("p1", None, {}),
        ("p3", None, {}),
    ]
    page = release("c1", "final", rows)
    assert leaks_of(org, {"safe.md": page}) == {}
    assert leaks_of(org, {"safe.md": page}, "manager:max") == {}


def test_counts_that_disagree_with_the_group_spec_stop_the_attack(org: Org) -> None:
    page = release("c1", "final", [("p2", {"levels": ["p2"]}, {"under": 2, "at": 2, "above": 1})])
    rows = published_rows([("wrong.md", page)], org)
    with pytest.raises(ValueError, match="differ from the members"):
        determined_ratings(org, rows, {})


def test_reader_knowledge_is_the_managers_tree(org: Org) -> None:
    assert reader_knowledge(org, "org") == {}
    known = reader_knowledge(org, "manager:mia")
    assert {h for h, _, _ in known} == {"a1", "a2", "a3", "a4", "b1", "b2"}
    assert known[("b1", "c1", "final")] == "under"
    assert known[("b1", "c2", "proposed")] == "under"


def test_unmarked_rating_tables_and_unmodelled_rows_are_unaccounted(org: Org) -> None:
    unmarked = (
        "<table><thead><tr><th>Level</th><th>At the bar</th><th>Above the bar</th></tr></thead>"
        "<tbody><tr><th>p2</th><td>3</td><td>2</td></tr></tbody></table>"
    )
    sideways = "<table><tr><th>Above the bar</th><td>2</td></tr></table>"
    harmless = "<table><thead><tr><th>Engineer</th><th>Level</th></tr></thead></table>"
    no_spec = release("c1", "final", [("p2", {"levels": ["p2"]}, {"at": 2})]).replace(
        "data-calib-group", "data-other"
    )
    odd_spec = release("c1", "final", [("p2", {"teams": ["core"]}, {"at": 2})])
    pages = {
        "a.md": unmarked,
        "b.md": sideways,
        "c.md": harmless,
        "d.md": no_spec,
        "e.md": odd_spec,
    }
    found = unaccounted(sorted(pages.items()), org)
    assert [page for page, _ in found] == ["a.md", "b.md", "d.md", "e.md"]
    assert "no data-calib-group" in found[2][1]
    assert "teams" in found[3][1]
    with pytest.raises(ValueError, match="cannot model"):
        published_rows([("e.md", odd_spec)], org)


def test_site_documents_refuse_index_entries_without_a_page(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    (tmp_path / "index.html").write_text("<p>home</p>", "utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>a</p>", "utf-8")
    entries = [{"location": "", "text": ""}, {"location": "a/#top", "text": ""}]
    index = tmp_path / "search" / "search_index.json"
    index.write_text(json.dumps({"docs": entries}), "utf-8")
    assert [page for page, _ in site_documents(tmp_path)] == ["a/index.html", "index.html"]
    entries.append({"location": "b/", "text": "3 rated Above the bar"})
    index.write_text(json.dumps({"docs": entries}), "utf-8")
    with pytest.raises(AssertionError, match="b/"):
        site_documents(tmp_path)
