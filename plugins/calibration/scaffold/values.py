"""The values a scaffold needs: from flags, else asked for in a terminal, else a usage error."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Ask = Callable[[str, "str | None"], str]
"""Ask one question in a terminal: (prompt, default) -> answer."""

Check = Callable[[str], "str | None"]
"""Return why a value is not acceptable, or None."""


class ValueProblem(Exception):
    """A value is missing (in a script) or not acceptable; the message names the flag."""


@dataclass(frozen=True)
class Question:
    """One value of a scaffold and the flag that gives it."""

    key: str
    flag: str
    prompt: str
    check: Check | None = None
    default: str | None = None
    optional: bool = False


def one_of(choices: Sequence[str], what: str) -> Check:
    """Accept only ``choices`` (ids read from the repository, never from code)."""

    def check(value: str) -> str | None:
        if value in choices:
            return None
        known = ", ".join(choices) if choices else f"none: define a {what} first"
        return f"{value!r} is not a {what}; use one of: {known}"

    return check


def matches(pattern: str, what: str) -> Check:
    """Accept values matching a schema's pattern."""

    def check(value: str) -> str | None:
        return (
            None
            if re.fullmatch(pattern, value)
            else f"{value!r} is not a valid {what} (pattern {pattern})"
        )

    return check


def is_date(value: str) -> str | None:
    """Accept YYYY-MM-DD dates only."""
    try:
        if len(value) == 10:
            dt.date.fromisoformat(value)
            return None
    except ValueError:
        pass
    return f"{value!r} is not a date; write it as YYYY-MM-DD"


def _ask_until_valid(question: Question, ask: Ask) -> str:
    prompt = question.prompt
    for _attempt in range(5):
        answer = ask(prompt, question.default).strip()
        if not answer and question.optional:
            return ""
        problem = question.check(answer) if answer and question.check else None
        if answer and problem is None:
            return answer
        prompt = f"{problem or 'a value is needed'}\n{question.prompt}"
    raise ValueProblem(f"no acceptable value for {question.flag}; pass it as a flag")


def resolve(
    questions: Sequence[Question], given: dict[str, str | None], ask: Ask | None
) -> dict[str, str]:
    """Every value: a flag wins; a terminal is asked; a script without the flag is an error.

    ``ask`` is None when standard input is not a terminal.
    """
    values: dict[str, str] = {}
    for question in questions:
        value = given.get(question.key)
        if value is None:
            if ask is not None:
                values[question.key] = _ask_until_valid(question, ask)
                continue
            if question.default is None and not question.optional:
                raise ValueProblem(f"missing {question.flag}: {question.prompt.lower()}")
            value = question.default or ""
        value = value.strip()
        if value and question.check is not None:
            problem = question.check(value)
            if problem is not None:
                raise ValueProblem(f"{question.flag}: {problem}")
        values[question.key] = value
    return values
