"""Render a review summary as Markdown (a PR comment or job summary) or JSON (for machines).

Markdown escapes every piece of user text: no raw HTML, no images or links
built from data, and no ``@`` mention that would ping someone from a summary.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re

from calibration.diagnostics import Diagnostic
from calibration.gitops.review import EngineerChange, FileChange, GroupShift, ReviewSummary
from calibration.model import Org

LIMIT = 50
"""Most findings listed per kind; a job summary has a size cap and people stop reading."""

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(text: object) -> str:
    """User text made inert for Markdown on one line."""
    flat = " ".join(str(text).split())
    escaped = _MARKDOWN.sub(r"\\\1", html.escape(flat, quote=False))
    return escaped.replace("@", "@\u200b")  # a zero-width space stops @mentions


def _rating(org: Org, rating: str | None) -> str:
    if not rating:
        return "none"
    return md(org.scale.short(rating) if org.scale.get(rating) else rating)


def _person(org: Org, handle: str | None) -> str:
    if not handle:
        return "none"
    person = org.people.get(handle)
    return f"{md(person.name)} ({md(handle)})" if person and person.name != handle else md(handle)


def _evidence(change: FileChange) -> str:
    parts = []
    for delta in change.evidence:
        counts = [
            f"{n} {word}"
            for n, word in (
                (delta.added, "added"),
                (delta.removed, "removed"),
                (delta.edited, "edited"),
            )
            if n
        ]
        parts.append(f"{md(delta.dimension)}: {', '.join(counts)}")
    return " · ".join(parts) or "unchanged"


def _also(change: FileChange) -> str:
    fields = [md(f) for f in change.fields]
    if change.peers_before != change.peers_after:
        fields.append(f"peer observations {change.peers_before} → {change.peers_after}")
    return ", ".join(fields) or "–"


def _engineer_rows(org: Org, eng: EngineerChange) -> list[str]:
    level = md(eng.level_after or eng.level_before or "")
    if eng.level_before and eng.level_after and eng.level_before != eng.level_after:
        level = f"{md(eng.level_before)} → {md(eng.level_after)}"
    who = _person(org, eng.handle)
    if eng.status == "renamed":
        who += f", renamed from {md(eng.renamed_from)}"
    elif eng.status in ("added", "deleted"):
        who += f", person {'added' if eng.status == 'added' else 'removed'}"
    head = f"| {who} | {_person(org, eng.manager)} | {level} "
    if not eng.files:
        where = "person.yaml" if eng.status else "outcomes (below)"
        return [head + f"| – | – | – | {where} |"]
    rows = []
    for change in eng.files:
        if change.status == "added":
            rating = _rating(org, change.rating_after)
        elif change.status == "deleted" or change.rating_before == change.rating_after:
            rating = _rating(org, change.rating_before)
        else:
            rating = f"{_rating(org, change.rating_before)} → {_rating(org, change.rating_after)}"
        rows.append(
            head
            + f"| {md(change.cycle)}, {change.status} | {rating} "
            + f"| {_evidence(change)} | {_also(change)} |"
        )
    return rows


def _engineers(org: Org, summary: ReviewSummary) -> list[str]:
    if not summary.engineers:
        return []
    out = [
        "### Engineers",
        "",
        "| Engineer | Manager | Level | Cycle file | Proposed rating | Evidence | Also changed |",
        "|---|---|---|---|---|---|---|",
    ]
    for eng in summary.engineers:
        out += _engineer_rows(org, eng)
    calibrated = [(eng, c) for eng in summary.engineers for c in eng.calibrated]
    if calibrated:
        out += ["", "Calibrated ratings:", ""]
        out += [
            f"- {_person(org, eng.handle)}, {md(c.cycle)}: "
            f"{_rating(org, c.before)} → {_rating(org, c.after)}"
            for eng, c in calibrated
        ]
    return [*out, ""]


def _finding(d: Diagnostic) -> str:
    return f"- {d.severity} `{d.rule}` at {md(d.file)}:{d.line}: {md(d.message)}"


def _findings(summary: ReviewSummary) -> list[str]:
    out = ["### Findings", ""]
    if not summary.new_findings and not summary.fixed_findings:
        return [*out, "No finding appears or goes away.", ""]
    for title, items in (("New", summary.new_findings), ("Fixed", summary.fixed_findings)):
        if items:
            out += [f"{title} ({len(items)}):", "", *(_finding(d) for d in items[:LIMIT])]
            if len(items) > LIMIT:
                out.append(
                    f"- … and {len(items) - LIMIT} more: run `calib validate` to see them all"
                )
            out.append("")
    return out


def _counts(org: Org, counts: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{_rating(org, rating)} {n}" for rating, n in counts) or "none"


def _distribution(org: Org, summary: ReviewSummary) -> list[str]:
    if not summary.distribution and not summary.outliers:
        return []
    out = ["### Rating distribution (proposed ratings per manager and level)", ""]
    if summary.distribution:
        out += ["| Cycle | Manager | Level | Before | After |", "|---|---|---|---|---|"]
        shift: GroupShift
        for shift in summary.distribution:
            out.append(
                f"| {md(shift.cycle)} | {_person(org, shift.manager)} | {md(shift.level)} "
                f"| {_counts(org, shift.before)} | {_counts(org, shift.after)} |"
            )
        out.append("")
    if summary.outliers:
        out += [
            f"- Outlier {o.change}: {_person(org, o.manager)} at {md(o.level)} "
            f"({md(o.direction)}), {md(o.cycle)}"
            for o in summary.outliers
        ]
    else:
        out.append("No outlier appears or goes away.")
    return [*out, ""]


def _promotions(org: Org, summary: ReviewSummary) -> list[str]:
    if not summary.promotions:
        return []
    out = ["### Promotion cases", ""]
    for p in summary.promotions:
        what = (
            f"decision {md(p.decision)} for {md(p.target)}"
            if p.change == "decided"
            else f"case {p.change} for {md(p.target)}"
        )
        out.append(f"- {_person(org, p.handle)}, {md(p.cycle)}: {what}")
    return [*out, ""]


def render_markdown(summary: ReviewSummary, org: Org) -> str:
    """The summary for a pull request comment or a job summary; ``org`` is the head's model."""
    new, fixed = len(summary.new_findings), len(summary.fixed_findings)
    lines = [
        "## Calibration review",
        "",
        f"Compared with {md(summary.base_label)}: {len(summary.engineers)} engineer(s) touched, "
        f"{new} new finding(s), {fixed} fixed, {len(summary.promotions)} promotion change(s).",
        "",
    ]
    if summary.other_files:
        lines += [
            f"Rubric and shared files changed: {', '.join(md(p) for p in summary.other_files)}.",
            "",
        ]
    lines += (
        _engineers(org, summary)
        + _findings(summary)
        + _distribution(org, summary)
        + _promotions(org, summary)
    )
    return "\n".join(lines).rstrip("\n") + "\n"


def _with_prints(findings: list[Diagnostic], prints: list[str]) -> list[dict[str, object]]:
    return [
        {**d.as_dict(), "fingerprint": print_} for d, print_ in zip(findings, prints, strict=True)
    ]


def render_json(summary: ReviewSummary) -> str:
    """The summary as JSON, with ids rather than labels."""
    payload = {
        "base": summary.base_label,
        "engineers": [dataclasses.asdict(e) for e in summary.engineers],
        "distribution": [dataclasses.asdict(s) for s in summary.distribution],
        "outliers": [dataclasses.asdict(o) for o in summary.outliers],
        "promotions": [dataclasses.asdict(p) for p in summary.promotions],
        "findings": {
            "new": _with_prints(summary.new_findings, summary.new_fingerprints),
            "fixed": _with_prints(summary.fixed_findings, summary.fixed_fingerprints),
        },
        "other_files": summary.other_files,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
