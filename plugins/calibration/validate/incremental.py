"""Re-validate a repository in which only a few pre-fills were edited, without loading it all.

A full run stores, beside its result (see :func:`calibration.load.cache.store_result`):
the data of every file that is not a pre-fill (people, rubric, cycles, outcomes:
small next to the pre-fills), each pre-fill's :func:`~calibration.validate.registry.shared_facts`,
and the findings that rules declared ``per_file=False`` made in pre-fills.

When only pre-fills changed, the edited files are parsed and the ``per_file``
rules run on a model holding every other kind of file and just those pre-fills
(every rule declares what it reads, so no finding in another file can depend on
an edited file's own content). If the edits left the shared facts alone, the
stored findings of the other rules stand and are only placed again in the new
text; if not, those rules run again over the whole org, every other pre-fill
rebuilt from its stored shared facts. Anything else (a file added, removed or
renamed, a file that does not load, a rule with no declaration) leaves it to the
full run, which gives the same answer slowly.
"""

from __future__ import annotations

import bisect
import os
import time
from pathlib import Path
from typing import Any

from calibration.diagnostics import Diagnostic
from calibration.load.batch import collector_paused, parse_file
from calibration.load.cache import Snapshot as _Snapshot
from calibration.load.cache import (
    StoredResult,
    cache_key,
    file_state,
    read_extra,
    read_result,
    store_result,
)
from calibration.load.layout import scan_relpaths
from calibration.load.positions import Document
from calibration.load.repository import Repository, build_org
from calibration.model import Org, Prefill, Promotion
from calibration.validate.registry import (
    RULES,
    Finding,
    finding_severity,
    iter_rules,
    shared_facts,
)

MAX_CHANGED = 20
"""More edited files than this are re-validated in full (a rebase, a bulk edit)."""

FindingRow = tuple[str, str, str, tuple[Any, ...], str, bool, tuple[Any, ...]]
# file, rule id, severity, path, message, key, related


def incremental_state(repo: Repository, results: list[tuple[str, str, list[Finding]]]) -> Any:
    """What a later run needs to re-check an edited pre-fill alone, as plain data.

    ``results`` are each rule's id, severity and findings of this (full) run.
    """
    facts = {prefill.source: shared_facts(prefill) for prefill in repo.org.prefills.values()}
    rows: list[FindingRow] = []
    overrides = repo.org.settings.severities
    for rule_id, severity, findings in results:
        if RULES[rule_id].per_file is not False:
            continue
        configured = rule_id in overrides
        for f in findings:
            if repo.kinds.get(f.file) == "prefill":
                level = severity if configured else (f.severity or severity)
                rows.append((f.file, rule_id, level, f.path, f.message, f.key, f.related))
    context = {
        relpath: doc.data
        for relpath, doc in repo.documents.items()
        if repo.kinds[relpath] != "prefill"
    }
    return (facts, rows, context)


def _changes(root: Path, stored: StoredResult, taken_ns: int) -> tuple[list[str], _Snapshot] | None:
    """The edited files and a snapshot of all; None when files came, went or are not plain."""

    listing = scan_relpaths(root)
    if len(listing) != len(stored.files):
        return None
    base = str(root)
    snapshot = _Snapshot(taken_ns)
    changed: list[str] = []
    folders: set[str] = set()
    for relpath, kind in listing:
        row = stored.files.get(relpath)
        state = file_state(base, relpath, row, stored.taken_ns) if row else None
        if row is None or row[0] != kind or state is None:
            return None
        snapshot.files[relpath] = (kind, state[0], state[1])
        if state[1] != row[2]:
            changed.append(relpath)
        folders.add(relpath.rsplit("/", 1)[0])
    links = _links(base)
    if any(_is_link(base, folder, links) for folder in folders):
        return None
    return changed, snapshot


def _links(base: str) -> set[str]:
    """Folders of people/ and cycles/ that are symbolic links, from one listing each (the
    listing knows each entry's type, so no file is looked at one by one)."""
    found: set[str] = set()
    for top in ("people", "cycles"):
        try:
            with os.scandir(os.path.join(base, top)) as entries:
                found.update(f"{top}/{e.name}" for e in entries if e.is_symlink())
        except OSError:
            continue
    return found


def _is_link(base: str, folder: str, links: set[str]) -> bool:
    """Whether ``folder`` (relative) is a symbolic link; the top folders are asked directly."""
    if folder.count("/") == 1 and folder.split("/", 1)[0] in ("people", "cycles"):
        return folder in links
    return os.path.islink(os.path.join(base, folder))


def revalidate(root: Path) -> tuple[list[Diagnostic], int] | None:
    """The full result of ``root`` and its file count, when the last run's result still
    tells it: nothing changed since, or only a few pre-fills (then re-checked and stored
    again, so the next run with nothing changed is immediate). Else None.
    """
    taken_ns = time.time_ns()  # before anything is read, so later edits look racy
    root = root.resolve()
    key = cache_key(root)
    stored = read_result(root, key)
    found = _changes(root, stored, taken_ns) if stored is not None else None
    if stored is None or found is None:
        return None
    changed, snapshot = found
    if not changed:
        return stored.diagnostics, len(snapshot.files)
    undeclared = any(rule.per_file is None for rule in iter_rules(needs_base=False))
    if undeclared or len(changed) > MAX_CHANGED:
        return None
    if any(d.file == "." for d in stored.diagnostics):
        return None  # a rule failed last time: only a full run can tell whether it still does
    if any(snapshot.files[relpath][0] != "prefill" for relpath in changed):
        return None
    extra = read_extra(root, stored.nonce, key)
    if not isinstance(extra, tuple) or len(extra) != 3:
        return None
    kinds = {relpath: row[0] for relpath, row in snapshot.files.items()}
    found_now = _recheck(root, stored, changed, kinds, extra)
    if found_now is None:
        return None
    result, new_extra = found_now
    if new_extra is None:
        store_result(root, snapshot, result, nonce=stored.nonce, key=key)
    else:
        store_result(root, snapshot, result, new_extra, key=key)
    return result, len(snapshot.files)


def _recheck(
    root: Path,
    stored: StoredResult,
    changed: list[str],
    kinds: dict[str, str],
    extra: tuple[Any, ...],
) -> tuple[list[Diagnostic], Any] | None:
    """Diagnostics of the repository with ``changed`` parsed and checked again, and the new
    ``extra`` when it changed (else None); None when only a full run can tell."""

    facts, rows, context = extra
    edited = set(changed)
    documents: dict[str, Document] = {r: Document(r, "", data) for r, data in context.items()}
    loaded: list[Diagnostic] = []
    checked: list[Diagnostic] = []
    for relpath in changed:
        _, data, problems, schema, marks, text = parse_file(root, relpath, "prefill")
        if data is None or schema is None or text is None:
            return None  # it no longer loads: other rules lose a pre-fill
        documents[relpath] = Document(relpath, text, data, marks=marks)
        loaded.extend(problems)
        checked.extend(schema)
    with collector_paused():
        org = build_org(documents, kinds)
        now: dict[str, tuple[object, ...]] = {}
        for relpath in changed:
            prefill = next((p for p in org.prefills.values() if p.source == relpath), None)
            if prefill is None or relpath not in facts:
                return None
            now[relpath] = shared_facts(prefill)
        out = _per_file_findings(org, documents, edited, loaded)
        if out is None:
            return None
        out.extend(checked)
        moved = any(tuple(facts[relpath]) != now[relpath] for relpath in changed)
        if moved:  # the cross-file rules read what changed: they run again, over the whole org
            whole = _whole_org(root, org, stored, documents, kinds, facts, edited)
            if whole is None:
                return None
            found, rows = whole
            out.extend(found)
            drop = {rule.id for rule in iter_rules(needs_base=False) if rule.per_file is False}
        else:  # the cross-file rules' findings stand: only their places in the new text move
            out.extend(_moved_findings(documents, rows, edited))
            drop = set()
    # the stored result is sorted and has no repeats: the few new ones are put in place
    kept = [d for d in stored.diagnostics if d.file not in edited and d.rule not in drop]
    for diagnostic in sorted(set(out)):
        kept.insert(bisect.bisect_left(kept, diagnostic), diagnostic)
    return kept, ({**facts, **now}, rows, context) if moved else None


def _per_file_findings(
    org: Org, documents: dict[str, Document], edited: set[str], loaded: list[Diagnostic]
) -> list[Diagnostic] | None:
    """Load and schema problems of the edited files and the ``per_file`` rules' findings there."""
    # The engine imports this module to store a run's facts; its helpers come in here lazily.
    from calibration.validate.engine import loader_severities, locate_finding
    from calibration.validate.rules_judgement import shared_contexts

    overrides = org.settings.severities
    out = [d for d in loader_severities(loaded, overrides)]
    with shared_contexts():
        for rule in iter_rules(needs_base=False):
            severity = overrides.get(rule.id, rule.severity)
            if severity == "off" or not rule.per_file:
                continue
            try:
                findings = [f for f in rule.check(org) if f.file in edited]
            except Exception:  # the full run reports it the way it always does
                return None
            out.extend(
                locate_finding(
                    documents, f, rule.id, finding_severity(rule.id, severity, overrides, f)
                )
                for f in findings
            )
    return out


def _moved_findings(
    documents: dict[str, Document], rows: list[FindingRow], edited: set[str]
) -> list[Diagnostic]:
    """The stored cross-file findings in the edited files, at their places in the new text."""
    from calibration.validate.engine import locate_finding

    out = []
    for file, rule_id, level, path, message, key, related in rows:
        if file in edited:
            finding = Finding(file, tuple(path), message, key, None, tuple(map(tuple, related)))
            out.append(locate_finding(documents, finding, rule_id, level))
    return out


def _whole_org(
    root: Path,
    org: Org,
    stored: StoredResult,
    documents: dict[str, Document],
    kinds: dict[str, str],
    facts: dict[str, Any],
    edited: set[str],
) -> tuple[list[Diagnostic], list[FindingRow]] | None:
    """The cross-file rules' findings over ``org`` with every other pre-fill rebuilt from its
    stored shared facts (all those rules may read of it), and their rows for the next run."""
    from calibration.validate.engine import locate_finding
    from calibration.validate.rules_judgement import shared_contexts

    for source, fact in facts.items():
        if source not in edited:
            prefill = _skeleton(source, tuple(fact))
            org.prefills[(prefill.handle, prefill.file_cycle)] = prefill
    known = {(d.file, d.rule, d.path): (d.line, d.column) for d in stored.diagnostics}
    overrides = org.settings.severities
    out: list[Diagnostic] = []
    rows: list[FindingRow] = []
    with shared_contexts():
        for rule in iter_rules(needs_base=False):
            severity = overrides.get(rule.id, rule.severity)
            if severity == "off" or rule.per_file is not False:
                continue
            try:
                findings = list(rule.check(org))
            except Exception:
                return None
            for f in findings:
                level = finding_severity(rule.id, severity, overrides, f)
                if kinds.get(f.file) == "prefill":
                    rows.append((f.file, rule.id, level, f.path, f.message, f.key, f.related))
                place = known.get((f.file, rule.id, f.path))
                if f.file in edited or place is None or f.key or f.related:
                    doc = documents.get(f.file)
                    if f.file in kinds and (doc is None or not doc.text):  # not parsed this time
                        _, data, _, _, marks, text = parse_file(root, f.file, kinds[f.file])
                        if data is not None and text is not None:
                            documents[f.file] = Document(f.file, text, data, marks=marks)
                    out.append(locate_finding(documents, f, rule.id, level))
                else:  # the same finding at the same place as last time, in an unchanged file
                    out.append(Diagnostic(f.file, *place, rule.id, level, f.message, f.path))  # type: ignore[arg-type]
    return out, rows


def _skeleton(source: str, fact: tuple[Any, ...]) -> Prefill:
    """A pre-fill holding only its :func:`~calibration.validate.registry.shared_facts`."""
    _, handle, name = source.split("/")
    cycle, rating, promoted, target, invisible = fact
    return Prefill(
        handle=handle,
        cycle=cycle,
        file_cycle=name.rsplit(".", 1)[0],
        source=source,
        proposed_rating=rating,
        invisible_work="yes" if invisible else None,
        promotion=Promotion(target_level=target, gap="") if promoted else None,
    )
