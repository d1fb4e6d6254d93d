"""Reporters: pure functions from a validation report to text, looked up by name."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import quote

from calibration import __version__
from calibration.diagnostics import Diagnostic, count, fingerprints

AnnotateMode = Literal["added", "diff-context", "file", "all"]
ANNOTATE_MODES: tuple[AnnotateMode, ...] = ("added", "diff-context", "file", "all")
"""Which findings of a change become annotations, narrowest first (reviewdog's filter modes
``added``, ``diff_context``, ``file`` and ``nofilter``)."""

_MODE_RANK: dict[AnnotateMode, int] = {"added": 0, "diff-context": 1, "file": 2, "all": 3}
_MODE_TEXT: dict[AnnotateMode, str] = {
    "added": "the lines this change added or modified",
    "diff-context": "the lines of this change's diff",
    "file": "the files this change touches",
    "all": "the whole repository",
}
SHOWN_PER_KIND = 10
"""GitHub shows this many error and this many warning annotations of a step, and drops the rest."""
SUMMARY_ROWS = 1000
"""Most findings listed in the job summary, which holds 1 MiB per step."""


@dataclass(frozen=True)
class ChangedFile:
    """The lines of one file a change touched, numbered as in the new version."""

    added: frozenset[int] = frozenset()
    """Lines the change added or modified."""
    context: frozenset[int] = frozenset()
    """Lines a unified diff shows: the added ones and the unchanged ones around each change."""
    removed: bool = False
    """The change deletes the file: whatever is found there is about the change itself."""


@dataclass(frozen=True)
class ChangeScope:
    """What a pull request changed, so that its own findings come first and are annotated."""

    files: Mapping[str, ChangedFile]
    annotate: AnnotateMode = "file"
    base_label: str = ""
    change_rules: frozenset[str] = frozenset()
    """Rules that judge the change itself (the history rules), wherever they locate a finding."""

    def rank(self, diag: Diagnostic) -> int:
        """0 on a changed line, 1 in the rest of the diff, 2 in a changed file, 3 outside."""
        if diag.file == "." or diag.rule in self.change_rules:
            return 0  # about the run or the change itself: never hidden
        changed = self.files.get(diag.file)
        if changed is None:
            return 3
        if changed.removed or diag.line in changed.added:
            return 0
        return 1 if diag.line in changed.context else 2

    def annotated(self, diag: Diagnostic) -> bool:
        """True when the finding becomes an annotation under this scope's mode."""
        return self.rank(diag) <= _MODE_RANK[self.annotate]


@dataclass(frozen=True)
class Report:
    """The result of one validation run."""

    diagnostics: list[Diagnostic]
    files_checked: int
    rule_docs: dict[str, str] = field(default_factory=dict)
    strict: bool = False
    next_step: str = "Fix the problems above, then run `calib validate` again."
    """The last line of a failed text report: what to do next."""
    change: ChangeScope | None = None
    """What the change under review touched (``--base``), or None for the whole repository."""

    @property
    def failed(self) -> bool:
        """True when the run should exit non-zero."""
        errors, warnings = count(self.diagnostics)
        return errors > 0 or (self.strict and warnings > 0)


def _summary_line(report: Report) -> str:
    errors, warnings = count(report.diagnostics)
    files = {d.file for d in report.diagnostics}
    if not report.diagnostics:
        return f"{report.files_checked} files checked: no problems."
    return (
        f"{report.files_checked} files checked: {errors} error(s), {warnings} warning(s) "
        f"in {len(files)} file(s)."
    )


def in_priority(report: Report) -> list[Diagnostic]:
    """The diagnostics with the change's own first: on its lines, in its diff, in its files."""
    change = report.change
    if change is None:
        return list(report.diagnostics)
    return sorted(report.diagnostics, key=change.rank)  # stable: file order within each rank


def split_annotations(report: Report) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """The diagnostics that become annotations, in priority order, and the rest."""
    ordered = in_priority(report)
    change = report.change
    if change is None:
        return ordered, []
    shown = [d for d in ordered if change.annotated(d)]
    return shown, [d for d in ordered if not change.annotated(d)]


def render_text(report: Report) -> str:
    """``file:line:col: severity [rule] message`` lines (the change's own first) and a summary."""
    lines = [
        f"{d.file}:{d.line}:{d.column}: {d.severity} [{d.rule}] {d.message}"
        for d in in_priority(report)
    ]
    lines.append(_summary_line(report))
    if report.failed:
        lines.append(report.next_step)
    return "\n".join(lines) + "\n"


_PLACE = ("added-line", "diff-context", "file", None)


def render_json(report: Report) -> str:
    """The machine-readable report: status and every diagnostic with its fingerprint.

    With a change, each diagnostic also says where it is relative to it
    (``in_change``: added-line, diff-context, file, or null outside it).
    """
    items = []
    for diag, print_ in zip(report.diagnostics, fingerprints(report.diagnostics), strict=True):
        item = {**diag.as_dict(), "fingerprint": print_}
        if report.change is not None:
            item["in_change"] = _PLACE[report.change.rank(diag)]
        items.append(item)
    payload = {
        "status": "fail" if report.failed else "ok",
        "files_checked": report.files_checked,
        "diagnostics": items,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def escape_data(value: str) -> str:
    """Escape a workflow-command message the way the Actions toolkit does."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow-command property (file, title) the way the Actions toolkit does."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _annotation(d: Diagnostic) -> str:
    props = ",".join(
        [
            f"file={escape_property(d.file)}",
            f"line={d.line}",
            f"col={d.column}",
            f"title={escape_property(d.rule)}",
        ]
    )
    return f"::{d.severity} {props}::{escape_data(d.message)}"


def render_github(report: Report) -> str:
    """GitHub Actions workflow commands: annotations shown inline in the pull request.

    With a change, only its findings are annotated (as its mode says), its own
    lines first, since GitHub shows only the first few of a step; the rest are
    counted here and listed in the job summary.
    """
    shown, rest = split_annotations(report)
    lines = [_annotation(d) for d in shown]
    errors, warnings = count(shown)
    if max(errors, warnings) > SHOWN_PER_KIND:
        lines.append(
            f"::notice title=calib::GitHub shows the first {SHOWN_PER_KIND} error and "
            f"{SHOWN_PER_KIND} warning annotations of a step: {errors} error(s) and "
            f"{warnings} warning(s) are listed in the job summary"
        )
    lines.append(escape_data(_summary_line(report)))
    if rest and report.change is not None:
        where = _MODE_TEXT[report.change.annotate]
        lines.append(
            f"{len(rest)} finding(s) outside {where} are not annotated: "
            "the job summary counts them, `calib validate` lists them."
        )
    return "\n".join(lines) + "\n"


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~@])")


def _md_cell(value: str) -> str:
    """Text that renders as itself in a Markdown table cell: no links, images or mentions."""
    flat = " ".join(value.split())
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(flat, quote=False))


def _on_the_diff(change: ChangeScope, d: Diagnostic) -> str:
    rank = change.rank(d)
    changed = change.files.get(d.file)
    if rank == 0:
        return "changed line" if changed and d.line in changed.added else "the change itself"
    return "in the diff" if rank == 1 else "–"


def _table(diagnostics: list[Diagnostic], change: ChangeScope | None) -> list[str]:
    """Findings as table rows, at most :data:`SUMMARY_ROWS` of them."""
    if not diagnostics:
        return []
    extra = " On the diff |" if change is not None else ""
    out = [
        f"| Location | Severity | Rule | Message |{extra}",
        f"|---|---|---|---|{'---|' * bool(extra)}",
    ]
    for d in diagnostics[:SUMMARY_ROWS]:
        where = f"{d.file}:{d.line}:{d.column}"
        row = f"| {_md_cell(where)} | {d.severity} | {_md_cell(d.rule)} | {_md_cell(d.message)} |"
        if change is not None:
            row += f" {_on_the_diff(change, d)} |"
        out.append(row)
    if len(diagnostics) > SUMMARY_ROWS:
        more = len(diagnostics) - SUMMARY_ROWS
        out += ["", f"… and {more} more: run `calib validate` to list them all."]
    return out


def _by_rule(diagnostics: list[Diagnostic]) -> list[str]:
    """Findings counted per rule and severity, most first."""
    found = Counter((d.rule, d.severity) for d in diagnostics)
    files: dict[tuple[str, str], set[str]] = {}
    for d in diagnostics:
        files.setdefault((d.rule, d.severity), set()).add(d.file)
    out = ["| Rule | Severity | Findings | Files |", "|---|---|---|---|"]
    for (rule, severity), n in sorted(found.items(), key=lambda kv: (-kv[1], kv[0])):
        out.append(f"| {_md_cell(rule)} | {severity} | {n} | {len(files[(rule, severity)])} |")
    return out


def _change_sections(report: Report, change: ChangeScope) -> list[str]:
    ordered = in_priority(report)
    inside = [d for d in ordered if change.rank(d) < 3]
    outside = [d for d in ordered if change.rank(d) == 3]
    shown = sum(1 for d in ordered if change.annotated(d))
    against = f" (against {_md_cell(change.base_label)})" if change.base_label else ""
    out = [f"### In this change ({len(inside)})", ""]
    out.append(
        f"The change{against} touches {len(change.files)} file(s); {shown} finding(s) are "
        f"annotated: those in {_MODE_TEXT[change.annotate]}, and any about the change itself."
    )
    out += ["", *_table(inside, change)] if inside else []
    if outside:
        files = len({d.file for d in outside})
        annotated = (
            "annotated after the change's own" if change.annotate == "all" else "not annotated"
        )
        out += [
            "",
            f"### Elsewhere ({len(outside)})",
            "",
            f"{len(outside)} finding(s) in {files} file(s) this change does not touch, "
            f"{annotated}; run `calib validate` to list them.",
            "",
            *_by_rule(outside),
        ]
    return out


def render_summary(report: Report) -> str:
    """The job summary in Markdown: every finding, or a change's own and the rest counted."""
    errors, warnings = count(report.diagnostics)
    out = ["## Calibration validation", "", _summary_line(report), ""]
    if report.change is not None:
        out += _change_sections(report, report.change)
    else:
        out += _table(report.diagnostics, None)
    out.append("")
    out.append(f"{errors} error(s), {warnings} warning(s).")
    return "\n".join(out) + "\n"


FINGERPRINT_KEY = "calibFinding/v1"
"""The ``partialFingerprints`` key: code scanning matches results across runs by it."""


def render_sarif(report: Report) -> str:
    """SARIF 2.1.0, for code-scanning upload."""
    rule_ids = sorted({d.rule for d in report.diagnostics} | set(report.rule_docs))
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    rules = [
        {
            "id": rule_id,
            "name": rule_id,
            "shortDescription": {"text": report.rule_docs.get(rule_id) or rule_id},
        }
        for rule_id in rule_ids
    ]
    results = [
        {
            "ruleId": d.rule,
            "ruleIndex": index[d.rule],
            "level": d.severity,
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": quote(d.file), "uriBaseId": "SRCROOT"},
                        "region": {"startLine": d.line, "startColumn": d.column},
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: print_},
        }
        for d, print_ in zip(report.diagnostics, fingerprints(report.diagnostics), strict=True)
    ]
    payload = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "calib", "version": __version__, "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


REPORTERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
}
