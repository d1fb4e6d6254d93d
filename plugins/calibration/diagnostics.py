"""The one diagnostic type every check produces and every reporter consumes."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

Severity = Literal["error", "warning"]
PathPart = str | int


def json_path(parts: Sequence[PathPart]) -> str:
    """Render a path of keys and indexes as a JSONPath string such as ``$.evidence[0].date``."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier():
            out += f".{part}"
        else:
            escaped = part.replace("\\", "\\\\").replace("'", "\\'")
            out += f"['{escaped}']"
    return out


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem found at ``file:line:column`` (1-based), raised by ``rule``.

    ``path`` is the location inside the YAML document, used to compute the line
    lazily; ``message`` says what is wrong and how to fix it.
    """

    file: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    path: tuple[PathPart, ...] = field(default=(), compare=False)

    @property
    def json_path(self) -> str:
        """The JSONPath of the offending value."""
        return json_path(self.path)

    @property
    def identity(self) -> str:
        """What the finding is about, as a short hash: see :func:`identity`."""
        return identity(self.rule, self.file, self.path)

    def with_severity(self, severity: Severity) -> Diagnostic:
        """Return a copy with another severity (for configured overrides)."""
        return replace(self, severity=severity)

    def as_dict(self) -> dict[str, object]:
        """Plain dict in the shape of the JSON report."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "json_path": self.json_path,
        }


def identity(rule: str, file: str, path: Sequence[PathPart]) -> str:
    """A short hash of a finding's rule and subject (its file and JSON path), never its message.

    Messages carry numbers that move ("19 of 71" becomes "20 of 71") and line
    numbers shift with every edit above; neither makes it another finding.
    """
    subject = "\0".join((rule, file, json_path(path)))
    return hashlib.sha256(subject.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def fingerprints(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """A stable fingerprint per diagnostic, in order: ``<identity>:<occurrence>``.

    A rule that reports the same subject twice (a file-level problem, say) gets
    occurrences 1, 2 and so on, in the order given, as GitHub numbers its own
    line hashes; everything else is ``:1``.
    """
    seen: Counter[str] = Counter()
    out = []
    for diag in diagnostics:
        key = diag.identity
        seen[key] += 1
        out.append(f"{key}:{seen[key]}")
    return out


def count(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """Return the number of errors and of warnings."""
    errors = warnings = 0
    for diag in diagnostics:
        if diag.severity == "error":
            errors += 1
        else:
            warnings += 1
    return errors, warnings
