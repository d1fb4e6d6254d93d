"""Reporters: pure functions from a validation report to text, looked up by name."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from calibration import __version__
from calibration.diagnostics import Diagnostic, count


@dataclass(frozen=True)
class Report:
    """The result of one validation run."""

    diagnostics: list[Diagnostic]
    files_checked: int
    rule_docs: dict[str, str] = field(default_factory=dict)
    strict: bool = False
    next_step: str = "Fix the problems above, then run `calib validate` again."
    """The last line of a failed text report: what to do next."""

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


def render_text(report: Report) -> str:
    """``file:line:col: severity [rule] message`` lines and a summary."""
    lines = [
        f"{d.file}:{d.line}:{d.column}: {d.severity} [{d.rule}] {d.message}"
        for d in report.diagnostics
    ]
    lines.append(_summary_line(report))
    if report.failed:
        lines.append(report.next_step)
    return "\n".join(lines) + "\n"


def render_json(report: Report) -> str:
    """The machine-readable report: status and every diagnostic."""
    payload = {
        "status": "fail" if report.failed else "ok",
        "files_checked": report.files_checked,
        "diagnostics": [d.as_dict() for d in report.diagnostics],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def escape_data(value: str) -> str:
    """Escape a workflow-command message the way the Actions toolkit does."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow-command property (file, title) the way the Actions toolkit does."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    """GitHub Actions workflow commands: one annotation per diagnostic, shown inline in the PR."""
    lines = []
    for d in report.diagnostics:
        props = ",".join(
            [
                f"file={escape_property(d.file)}",
                f"line={d.line}",
                f"col={d.column}",
                f"title={escape_property(d.rule)}",
            ]
        )
        lines.append(f"::{d.severity} {props}::{escape_data(d.message)}")
    lines.append(escape_data(_summary_line(report)))
    return "\n".join(lines) + "\n"


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~@])")


def _md_cell(value: str) -> str:
    """Text that renders as itself in a Markdown table cell: no links, images or mentions."""
    flat = " ".join(value.split())
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(flat, quote=False))


def render_summary(report: Report) -> str:
    """Markdown for the job summary, listing every finding (annotations are capped per step)."""
    errors, warnings = count(report.diagnostics)
    out = ["## Calibration validation", "", _summary_line(report), ""]
    if report.diagnostics:
        out += ["| Location | Severity | Rule | Message |", "|---|---|---|---|"]
        for d in report.diagnostics:
            where = f"{d.file}:{d.line}:{d.column}"
            out.append(
                f"| {_md_cell(where)} | {d.severity} | {_md_cell(d.rule)} | {_md_cell(d.message)} |"
            )
    out.append("")
    out.append(f"{errors} error(s), {warnings} warning(s).")
    return "\n".join(out) + "\n"


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
        }
        for d in report.diagnostics
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
