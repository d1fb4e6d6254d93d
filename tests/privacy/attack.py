"""A reconstruction attack on a built site, run the way a curious reader would run it.

A site built for an audience that may not see every rating publishes rating
distributions: counts per rating for groups of people. Each published row is
a linear equation over the unknown ratings of its members, and a reader who
collects every equation of the site (and adds what they know legitimately, such
as a manager's own reporting tree) may find that only one rating is possible
for somebody. This module does exactly that:

- :func:`site_documents` reads every page of a built site;
- :func:`published_rows` turns every ``table.calib-release`` into equations;
- :func:`unaccounted` lists rating counts the attack cannot model, so that the
  tests fail on them instead of ignoring them;
- :func:`reader_knowledge` is what the reader already knows, their own
  ratings included when they were rated (:func:`possible_readers`);
- :func:`determined_ratings` asks an exact solver (OR-Tools CP-SAT) which
  ratings the equations pin down, and :func:`reader_leaks` asks it for an
  anonymous reader and for every rated one.

The attacker is stronger than a real reader: rosters, levels and managers
come from the org model, not from what the site happens to show.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

from html_tables import Document, Table, iter_tables
from ortools.sat.python import cp_model

from calibration.audience import people_in_scope, resolve_audience
from calibration.model import Org
from calibration.model.queries import level_during

KINDS = ("proposed", "final")
GROUP_KEYS = frozenset({"levels", "managers"})
SEARCH_INDEX = "search/search_index.json"
# Files a site may hold that the attack does not read: they must not carry data.
DATA_SUFFIXES = frozenset({".json", ".csv", ".tsv", ".txt", ".yaml", ".yml", ".md", ".xml"})
NOT_DATA = frozenset({SEARCH_INDEX, "sitemap.xml"})
SOLVE_SECONDS = 120.0
_COUNT = re.compile(r"\s*(\d+)")


def site_documents(site_dir: Path) -> list[Document]:
    """Every HTML page of a built site, after checking the search index adds nothing.

    Every entry of Material's search index must point at a page that exists
    and was read here, so no text lives only in the index. Data files the
    attack does not read (JSON, CSV, text, YAML outside ``assets/``) fail the
    check too, so that numbers cannot hide in a format it never looks at.
    """
    pages: dict[str, str] = {}
    strays: list[str] = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site_dir).as_posix()
        if path.suffix == ".html":
            pages[rel] = path.read_text(encoding="utf-8")
        elif path.suffix in DATA_SUFFIXES and rel not in NOT_DATA and not rel.startswith("assets/"):
            strays.append(rel)
    assert not strays, f"data files the attack does not read: {strays}"
    index = site_dir / SEARCH_INDEX
    assert index.is_file(), f"no {SEARCH_INDEX} in the site"
    entries = json.loads(index.read_text(encoding="utf-8"))["docs"]
    unresolved = sorted(
        {e["location"] for e in entries if _index_target(e["location"]) not in pages}
    )
    assert not unresolved, f"search index entries without a page that was read: {unresolved}"
    return sorted(pages.items())


def _index_target(location: str) -> str:
    """The HTML file a search index location points at (directory URLs or not)."""
    path = unquote(location.split("#", 1)[0].split("?", 1)[0])
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path if path.endswith(".html") else path + "/index.html"


# --- Published rows -----------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedRow:
    """One published row: the people it counts and how many hold each rating."""

    page: str
    caption: str
    label: str
    cycle: str
    kind: str
    group: str
    """The group spec as published (JSON text)."""
    members: frozenset[str]
    counts: tuple[tuple[str, int], ...]
    """(rating id, count) for each rating column of the table."""

    def describe(self) -> str:
        """The row in words, for failure messages."""
        counts = ", ".join(f"{rating}={n}" for rating, n in self.counts)
        return (
            f"{self.page}: {self.caption!r}, row {self.label!r} {self.group} "
            f"({self.cycle} {self.kind}; {len(self.members)} people): {counts}"
        )


def rated(org: Org, cycle_id: str, kind: str) -> dict[str, str]:
    """Everyone with a rating of ``kind`` (proposed or final) in a cycle: handle to rating id."""
    out: dict[str, str] = {}
    for handle in org.people:
        if kind == "proposed":
            prefill = org.prefills.get((handle, cycle_id))
            rating = prefill.proposed_rating if prefill else None
        else:
            rating = org.final_rating(handle, cycle_id)
        if rating is not None and org.scale.get(rating) is not None:
            out[handle] = rating
    return out


@dataclass(frozen=True)
class Roster:
    """Everyone rated with one kind of rating in one cycle: level then, manager now, rating."""

    people: tuple[tuple[str, str, str, str], ...]
    """(handle, level during the cycle or "", manager or "", rating id)."""

    @classmethod
    def of(cls, org: Org, cycle_id: str, kind: str) -> Roster:
        """The roster of ``kind`` ratings in ``cycle_id``."""
        cycle = org.cycles[cycle_id]
        return cls(
            tuple(
                (h, level_during(org, h, cycle.id) or "", org.people[h].manager or "", rating)
                for h, rating in sorted(rated(org, cycle_id, kind).items())
            )
        )

    def members(self, spec: Mapping[str, Sequence[str]]) -> frozenset[str]:
        """People whose level and manager match a group spec (a missing key matches all)."""
        levels = set(spec["levels"]) if "levels" in spec else None
        managers = set(spec["managers"]) if "managers" in spec else None
        return frozenset(
            handle
            for handle, level, manager, _ in self.people
            if (levels is None or level in levels) and (managers is None or manager in managers)
        )


def _spec_problem(text: str) -> tuple[dict[str, list[str]] | None, str]:
    """The parsed group spec, or None and what is wrong with it."""
    try:
        spec = json.loads(text)
    except ValueError:
        return None, f"group spec is not JSON: {text!r}"
    if not isinstance(spec, dict):
        return None, f"group spec is not an object: {text!r}"
    unknown = set(spec) - GROUP_KEYS
    if unknown:
        return None, f"group spec has keys the attack cannot model {sorted(unknown)}: {text!r}"
    for key, values in spec.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return None, f"group spec {key!r} is not a list of strings: {text!r}"
    return spec, ""


def _release_rows(
    table: Table, org: Org, rosters: dict[tuple[str, str], Roster]
) -> tuple[list[PublishedRow], list[str]]:
    """The published rows of one release table, and every problem that stops modelling it."""
    cycle = table.attrs.get("data-calib-cycle", "")
    kind = table.attrs.get("data-calib-ratings", "")
    columns = table.rating_columns()
    problems = []
    if cycle not in org.cycles:
        problems.append(f"release table names an unknown cycle {cycle!r}")
    if kind not in KINDS:
        problems.append(f"release table names an unknown kind of rating {kind!r}")
    if not columns:
        problems.append("release table has no data-calib-rating columns")
    unknown = sorted(set(columns.values()) - {r.id for r in org.scale.ratings})
    if unknown:
        problems.append(f"release table has columns of ratings not on the scale: {unknown}")
    if problems:
        return [], [f"{p} ({table.caption!r})" for p in problems]
    rows: list[PublishedRow] = []
    for row in table.body_rows():
        cells = row.by_column()
        label = next((c.text for c in row.cells if c.tag == "th"), "")
        where = f"({table.caption!r}, row {label!r})"
        numbers = {
            rating: _COUNT.match(cells[i].text) if i in cells else None
            for i, rating in columns.items()
        }
        text = row.attrs.get("data-calib-group")
        if text is None:
            if any(numbers.values()):
                problems.append(f"row with rating counts but no data-calib-group {where}")
            continue
        spec, problem = _spec_problem(text)
        missing = [rating for rating, match in numbers.items() if match is None]
        if spec is None:
            problems.append(f"{problem} {where}")
        elif missing:
            problems.append(f"published row without a count for {missing} {where}")
        else:
            counts = tuple((rating, int(m.group(1))) for rating, m in numbers.items() if m)
            if (cycle, kind) not in rosters:
                rosters[(cycle, kind)] = Roster.of(org, cycle, kind)
            members = rosters[(cycle, kind)].members(spec)
            rows.append(
                PublishedRow(
                    table.page,
                    table.caption,
                    label,
                    cycle,
                    kind,
                    json.dumps(spec, sort_keys=True),
                    members,
                    counts,
                )
            )
    return rows, problems


def published_rows(documents: Iterable[Document], org: Org) -> list[PublishedRow]:
    """Every published row of every ``table.calib-release``.

    Raises ``ValueError`` when a release table cannot be modelled (see
    :func:`unaccounted`), rather than leaving its numbers out of the attack.
    """
    rows: list[PublishedRow] = []
    problems: list[str] = []
    rosters: dict[tuple[str, str], Roster] = {}
    for table in iter_tables(documents):
        if table.is_release:
            found, wrong = _release_rows(table, org, rosters)
            rows.extend(found)
            problems.extend(f"{table.page}: {p}" for p in wrong)
    if problems:
        raise ValueError("release tables the attack cannot model:\n" + "\n".join(problems))
    return rows


def unaccounted(documents: Iterable[Document], org: Org) -> list[tuple[str, str]]:
    """Rating counts the attack cannot model, as (page, description); empty when none.

    Fails closed: a table that is not marked as a release but has a header
    cell (or row header) spelling a rating label of the scale, and every
    release table row that shows counts without a group spec, or whose spec or
    counts the attack cannot read.
    """
    labels = {r.label for r in org.scale.ratings}
    found: list[tuple[str, str]] = []
    rosters: dict[tuple[str, str], Roster] = {}
    for table in iter_tables(documents):
        if table.is_release:
            found.extend((table.page, p) for p in _release_rows(table, org, rosters)[1])
            continue
        heads = {c.text for row in table.header_rows() for c in row.cells}
        heads |= {c.text for row in table.rows for c in row.cells if c.tag == "th"}
        named = sorted(heads & labels)
        if named:
            found.append(
                (table.page, f"unmarked table {table.caption!r} has rating headers {named}")
            )
    return found


# --- What the reader knows ----------------------------------------------------------------

Known = dict[tuple[str, str, str], str]
"""(handle, cycle id, kind) to the rating id the reader already knows."""


def reader_knowledge(org: Org, audience_name: str, reader: str | None = None) -> Known:
    """Every rating the audience may see in full: a manager's reporting tree, else nothing.

    ``reader`` names the person reading, who also knows their own ratings
    (both kinds, every cycle): a rated engineer reading the org site, or a
    manager who is rated too.
    """
    audience = resolve_audience(org, audience_name)
    scope = people_in_scope(org, audience) if "ratings" in audience.sees else set()
    if reader is not None:
        scope = scope | {reader}
    known: Known = {}
    for cycle_id in org.cycles:
        for kind in KINDS:
            for handle, rating in rated(org, cycle_id, kind).items():
                if handle in scope:
                    known[(handle, cycle_id, kind)] = rating
    return known


def possible_readers(org: Org, audience_name: str) -> list[str]:
    """Rated people who may read the audience's site: the manager it is built for, or anyone."""
    audience = resolve_audience(org, audience_name)
    if audience.handle is not None:
        return [audience.handle]
    return sorted({h for c in org.cycles for k in KINDS for h in rated(org, c, k)})


# --- The solver ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Leak:
    """A rating the published rows (and what the reader knows) leave only one value for."""

    handle: str
    cycle: str
    kind: str
    rating: str
    rows: tuple[PublishedRow, ...]
    reader: str | None = None
    """The rated reader whose own ratings the attack also used, if any."""

    def __str__(self) -> str:
        found = "\n    ".join(row.describe() for row in self.rows)
        who = f" (to {self.reader}, who knows their own rating)" if self.reader else ""
        return (
            f"{self.handle}: {self.kind} rating in {self.cycle} is {self.rating}{who}, "
            f"from\n    {found}"
        )


_Vars = dict[tuple[str, str], cp_model.IntVar]


@dataclass(frozen=True)
class _Equation:
    """Sum over ``members`` (unknown people) of "holds ``rating``" equals ``total``."""

    row: int
    rating: str
    members: tuple[str, ...]
    total: int


def _solver() -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 7
    solver.parameters.max_time_in_seconds = SOLVE_SECONDS
    return solver


def _check_counts(rows: Sequence[PublishedRow], truth: Mapping[str, str]) -> None:
    """Every published count must be what the group spec's members hold, or the model is wrong."""
    wrong = []
    for row in rows:
        actual = {rating: 0 for rating, _ in row.counts}
        for handle in row.members:
            if truth[handle] in actual:
                actual[truth[handle]] += 1
        if actual != dict(row.counts):
            wrong.append(f"{row.describe()}; its members hold {actual}")
    if wrong:
        raise ValueError(
            "published counts that differ from the members of their group spec:\n"
            + "\n".join(wrong)
        )


def _equations(rows: Sequence[PublishedRow], fixed: Mapping[str, str]) -> list[_Equation]:
    """One equation per row and rating column, the known members moved to the right-hand side."""
    out: dict[tuple[tuple[str, ...], str, int], _Equation] = {}
    for index, row in enumerate(rows):
        unknown = tuple(sorted(h for h in row.members if h not in fixed))
        if not unknown:
            continue
        for rating, count in row.counts:
            total = count - sum(1 for h in row.members if fixed.get(h) == rating)
            key = (unknown, rating, total)
            out.setdefault(key, _Equation(index, rating, unknown, total))
    return list(out.values())


def _components(equations: Sequence[_Equation]) -> list[list[_Equation]]:
    """Equations grouped so that no two groups share a person (each is solved alone)."""
    parent: dict[str, str] = {}

    def find(handle: str) -> str:
        while parent.setdefault(handle, handle) != handle:
            parent[handle] = parent[parent[handle]]
            handle = parent[handle]
        return handle

    for eq in equations:
        for other in eq.members[1:]:
            parent[find(other)] = find(eq.members[0])
    groups: dict[str, list[_Equation]] = {}
    for eq in equations:
        groups.setdefault(find(eq.members[0]), []).append(eq)
    return [groups[key] for key in sorted(groups)]


class _Component:
    """Equations that share people, solved apart from the rest of the cycle's equations."""

    def __init__(self, equations: Sequence[_Equation], ratings: Sequence[str]) -> None:
        self.equations = equations
        self.ratings = ratings
        self.people = sorted({m for eq in equations for m in eq.members})
        self._explainer: tuple[cp_model.CpModel, _Vars, dict[int, cp_model.IntVar]] | None = None

    def model(self, *, enforce: bool) -> tuple[cp_model.CpModel, _Vars, dict[int, cp_model.IntVar]]:
        """Booleans "person holds rating", one rating each, and the equations.

        With ``enforce``, each row's equations hold only under that row's
        switch, so that the solver can name the rows an infeasibility needs.
        """
        model = cp_model.CpModel()
        holds = {(p, r): model.new_bool_var(f"{p}={r}") for p in self.people for r in self.ratings}
        for person in self.people:
            model.add_exactly_one(holds[(person, r)] for r in self.ratings)
        switches: dict[int, cp_model.IntVar] = {}
        for eq in self.equations:
            constraint = model.add(sum(holds[(m, eq.rating)] for m in eq.members) == eq.total)
            if enforce:
                switch = switches.setdefault(eq.row, model.new_bool_var(f"row{eq.row}"))
                constraint.only_enforce_if(switch)
        return model, holds, switches

    def swappable(self, truth: Mapping[str, str]) -> set[str]:
        """People who can trade ratings with someone counted in exactly the same rows.

        Swapping two such people keeps every published count, so neither rating
        is determined; this settles most people without the solver.
        """
        rows_of: dict[str, set[tuple[str, ...]]] = {p: set() for p in self.people}
        for eq in self.equations:
            for member in eq.members:
                rows_of[member].add(eq.members)
        classes: dict[frozenset[tuple[str, ...]], list[str]] = {}
        for person in self.people:
            classes.setdefault(frozenset(rows_of[person]), []).append(person)
        return {p for same in classes.values() if len({truth[q] for q in same}) > 1 for p in same}

    def backbone(self, truth: Mapping[str, str]) -> list[str]:
        """People whose true rating every solution of the equations shares.

        Each round asks for a solution in which at least one remaining candidate
        differs from the truth (the hints push every candidate away from it),
        and drops every candidate that differs; when no such solution exists,
        the remaining candidates are determined. The truth itself is a solution
        (see :func:`_check_counts`), so "no solution" can only mean that.
        """
        candidates = set(self.people) - self.swappable(truth)
        if not candidates:
            return []
        model, holds, _ = self.model(enforce=False)
        for person in self.people:
            model.add_hint(holds[(person, truth[person])], False)
        solver = _solver()
        while candidates:
            switch = model.new_bool_var("")
            keep = sum(holds[(p, truth[p])] for p in sorted(candidates))
            model.add(keep <= len(candidates) - 1).only_enforce_if(switch)
            model.clear_assumptions()
            model.add_assumptions([switch])
            status = solver.solve(model)
            if status == cp_model.INFEASIBLE:
                break
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                raise RuntimeError(f"the solver could not decide ({solver.status_name(status)})")
            candidates = {p for p in candidates if solver.boolean_value(holds[(p, truth[p])])}
        return sorted(candidates)

    def explain(self, person: str, rating: str) -> set[int]:
        """Rows that together force ``person`` to hold ``rating`` (sufficient, maybe not minimal).

        One row is enough when everyone it counts that the reader cannot see
        holds the same rating (a row of one, or a homogeneous row); otherwise
        the solver names a set of rows it needed to prove the rating.
        """
        for eq in self.equations:
            if person in eq.members and eq.rating == rating and eq.total == len(eq.members):
                return {eq.row}
        if self._explainer is None:
            self._explainer = self.model(enforce=True)
        model, holds, switches = self._explainer
        order = sorted(switches)
        model.clear_assumptions()
        model.add_assumptions([switches[row] for row in order])
        model.add_assumptions([holds[(person, rating)].Not()])
        solver = _solver()
        status = solver.solve(model)
        if status != cp_model.INFEASIBLE:
            raise RuntimeError(f"{person} was found determined, but not when explaining it")
        core = set(solver.sufficient_assumptions_for_infeasibility())
        index = {switches[row].index: row for row in order}
        rows = {index[i] for i in core if i in index}
        return rows or {eq.row for eq in self.equations if person in eq.members}


def determined_ratings(org: Org, rows: Sequence[PublishedRow], known: Known) -> list[Leak]:
    """Ratings of people the reader may not see that the published rows pin down.

    Per cycle and kind of rating: one boolean per (person, rating), exactly
    one rating each, and for every published row and rating column the sum
    over its members equals the published count; ratings in ``known`` are
    fixed. A person not in ``known`` is determined when no solution gives them
    another rating than their true one. Raises ``ValueError`` when a published
    count disagrees with its group spec (the model of the site would be wrong).
    """
    ratings = [r.id for r in org.scale.ratings]
    leaks: list[Leak] = []
    for cycle_id, kind in sorted({(row.cycle, row.kind) for row in rows}):
        part = [row for row in rows if (row.cycle, row.kind) == (cycle_id, kind)]
        truth = rated(org, cycle_id, kind)
        _check_counts(part, truth)
        fixed = {h: r for (h, c, k), r in known.items() if (c, k) == (cycle_id, kind)}
        for equations in _components(_equations(part, fixed)):
            component = _Component(equations, ratings)
            for person in component.backbone(truth):
                why = component.explain(person, truth[person])
                found = tuple(part[i] for i in sorted(why))
                leaks.append(Leak(person, cycle_id, kind, truth[person], found))
    return leaks


def reader_leaks(org: Org, rows: Sequence[PublishedRow], audience_name: str) -> list[Leak]:
    """Leaks to a reader of the audience who knows only what it shows, then to each rated reader.

    Only readers counted in some published row are tried: knowing one's own
    rating adds nothing to equations one is not part of.
    """
    counted = {h for row in rows for h in row.members}
    readers = [r for r in possible_readers(org, audience_name) if r in counted]
    base = reader_knowledge(org, audience_name)
    leaks = determined_ratings(org, rows, base)
    everyone = {(c, k): rated(org, c, k) for c in org.cycles for k in KINDS}
    for reader in readers:
        own = {
            (reader, c, k): found[reader] for (c, k), found in everyone.items() if reader in found
        }
        known = base | own
        leaks += [replace(leak, reader=reader) for leak in determined_ratings(org, rows, known)]
    return leaks


def leak_report(leaks: Sequence[Leak], limit: int = 20) -> str:
    """The first ``limit`` leaks in words, for an assertion message."""
    lines = [str(leak) for leak in leaks[:limit]]
    if len(leaks) > limit:
        lines.append(f"... and {len(leaks) - limit} more")
    return f"{len(leaks)} rating(s) determined by published numbers:\n" + "\n".join(lines)
