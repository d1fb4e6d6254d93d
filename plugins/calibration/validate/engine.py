"""Run the schema pass and every rule, and turn findings into located diagnostics."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from calibration import progress
from calibration.diagnostics import Diagnostic, PathPart
from calibration.load.batch import collector_paused, map_chunks
from calibration.load.positions import Document
from calibration.load.repository import Repository
from calibration.load.schema import check_document
from calibration.load.yamlio import LOADER_RULES
from calibration.validate.incremental import incremental_state
from calibration.validate.registry import Finding, finding_severity, iter_rules
from calibration.validate.rules_judgement import prepare_verdicts, shared_contexts


def locate_finding(
    documents: Mapping[str, Document], finding: Finding, rule_id: str, severity: str
) -> Diagnostic:
    """The diagnostic of a finding, at its place in its document (1:1 without one).

    Every rule's findings are located here, the history rules' too (in the head's documents).
    """
    if finding.line is not None:
        return Diagnostic(finding.file, finding.line, 1, rule_id, severity, finding.message)  # type: ignore[arg-type]
    doc = documents.get(finding.file)
    if doc is None:
        return Diagnostic(finding.file, 1, 1, rule_id, severity, finding.message, finding.path)  # type: ignore[arg-type]
    message = finding.message
    if finding.related:
        lines = sorted({doc.locate(path)[0] for path in finding.related})
        message += f" (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})"
    return doc.diagnostic(finding.path, rule_id, severity, message, key=finding.key)


def _run_rules(
    repo: Repository, overrides: dict[str, str], diagnostics: list[Diagnostic]
) -> list[tuple[str, str, list[Finding]]]:
    """Each enabled rule's findings with its severity; a failing rule adds a diagnostic."""
    results: list[tuple[str, str, list[Finding]]] = []
    rules = list(iter_rules(needs_base=False))
    work = progress.task("checking rules", len(rules))
    for rule in rules:
        work.advance()
        severity = overrides.get(rule.id, rule.severity)
        if severity == "off":
            continue
        try:
            findings = list(rule.check(repo.org))
        except Exception as exc:  # a rule bug must not hide every other finding
            diagnostics.append(
                Diagnostic(
                    ".",
                    1,
                    1,
                    rule.id,
                    "error",
                    f"internal error in rule {rule.id} ({type(exc).__name__}: {exc}); "
                    "please report it with the file that triggers it",
                )
            )
            continue
        results.append((rule.id, severity, findings))
    return results


def _prelocate(repo: Repository, findings: list[Finding]) -> None:
    """Look up the positions findings need that are not known yet, in workers when many.

    Finding a position means composing the file's node tree, which costs about
    as much as parsing it; the trees are built in forked workers and only the
    positions come back (and are kept in the cache with the file).
    """
    wanted: dict[str, set[tuple[tuple[PathPart, ...], bool]]] = {}
    for finding in findings:
        doc = repo.documents.get(finding.file)
        if doc is None:
            continue
        places = [(finding.path, finding.key), *((path, False) for path in finding.related)]
        for place in places:
            if place not in doc.marks:
                wanted.setdefault(finding.file, set()).add(place)
    files = sorted(wanted)

    def work(indexes: list[int]) -> list[dict[tuple[tuple[PathPart, ...], bool], tuple[int, int]]]:
        out = []
        for index in indexes:
            doc = repo.documents[files[index]]
            places = wanted[files[index]]
            out.append({place: doc.locate(place[0], key=place[1]) for place in places})
        return out

    for relpath, marks in zip(files, map_chunks(work, len(files)), strict=True):
        repo.documents[relpath].marks.update(marks)


def loader_severities(diagnostics: list[Diagnostic], overrides: dict[str, str]) -> list[Diagnostic]:
    """Load problems, with the loader's warnings at the severity ``rubric/rules.yaml`` sets."""
    out = []
    for diag in diagnostics:
        severity = overrides.get(diag.rule) if diag.rule in LOADER_RULES else None
        if severity == "off":
            continue
        out.append(diag if severity is None else replace(diag, severity=severity))  # type: ignore[arg-type]
    return out


def validate_repository(repo: Repository) -> list[Diagnostic]:
    """Every problem of the repository, sorted by file, line and column (see :func:`_validate`).

    The collector stays paused: the rules allocate freely while the whole parsed
    repository is alive, and walking it again and again costs more than the rules.
    """
    with collector_paused():
        return _validate(repo)


def _validate(repo: Repository) -> list[Diagnostic]:
    """Every problem of the repository, sorted by file, line and column.

    Load problems come first, then schema errors (found while loading, or from
    the cache), then the rules; a rule's severity can be overridden (or turned
    off) in ``rubric/rules.yaml``. Positions looked up are kept in the cache.
    """
    overrides = repo.org.settings.severities
    diagnostics = loader_severities(repo.diagnostics, overrides)
    for relpath, doc in repo.documents.items():
        found = repo.schema_diagnostics.get(relpath)
        if found is None:  # a repository assembled without the loader
            found = check_document(doc, repo.kinds[relpath])
        diagnostics.extend(found)
    prepare_verdicts(repo.org, overrides)
    with shared_contexts():
        results = _run_rules(repo, overrides, diagnostics)
    _prelocate(repo, [f for _, _, findings in results for f in findings])
    for rule_id, severity, findings in results:
        diagnostics.extend(
            locate_finding(
                repo.documents, f, rule_id, finding_severity(rule_id, severity, overrides, f)
            )
            for f in findings
        )
    result = sorted(set(diagnostics))
    repo.save_cache(result, incremental_state(repo, results) if repo.cache is not None else None)
    return result
