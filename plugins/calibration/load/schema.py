"""The schema pass: every JSON Schema error of a document, pointed at the right key."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from calibration.diagnostics import Diagnostic
from calibration.load.positions import Document
from calibration.load.resources import load_schema

RULE = "schema"
_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of keys",
    "null": "null",
}


@cache
def validator(kind: str) -> Draft202012Validator:
    """The compiled validator of one file kind (built once per process)."""
    return Draft202012Validator(load_schema(kind), format_checker=FormatChecker())


def _kind_of_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing (null)"
    return f"the text {value!r}"


def _expected(types: Any) -> str:
    names = [types] if isinstance(types, str) else list(types)
    return " or ".join(_TYPE_NAMES.get(t, t) for t in names)


def _unknown_keys(error: ValidationError) -> Iterator[tuple[str, str]]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = sorted(schema.get("properties", {}))
    extra = sorted(set(error.instance) - set(known)) if isinstance(error.instance, dict) else []
    for key in extra:
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}?" if close else f"allowed keys: {', '.join(known)}"
        yield key, f"unknown key {key!r}: {hint}"


def _messages(error: ValidationError) -> Iterator[tuple[tuple[str | int, ...], bool, str]]:
    """Yield (path, point-at-key, message) for one schema error."""
    path = tuple(error.absolute_path)
    validator_name = error.validator
    if validator_name == "additionalProperties":
        for key, message in _unknown_keys(error):
            yield (*path, key), True, message
    elif validator_name == "required":
        # jsonschema raises one error per missing key and names it first in the message
        absent = [k for k in error.validator_value if k not in error.instance]
        named = [k for k in absent if error.message.startswith(repr(k))]
        missing = (named or absent or ["a key"])[0]
        yield (
            path,
            True,
            f"missing required key {missing!r}: add it (see the schema for what it holds)",
        )
    elif validator_name == "type":
        message = (
            f"expected {_expected(error.validator_value)}, found {_kind_of_value(error.instance)}"
        )
        if error.validator_value == "string" and isinstance(error.instance, (int, float, bool)):
            message += "; put the value in quotes"
        elif error.validator_value == "boolean" and isinstance(error.instance, str):
            message += "; write true or false (yes, no, on and off are text in YAML 1.2)"
        yield path, False, message
    elif validator_name == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        yield (
            path,
            False,
            f"{_kind_of_value(error.instance)} is not allowed here; use one of: {allowed}",
        )
    elif validator_name == "format":
        yield (
            path,
            False,
            f"{error.instance!r} is not a valid {error.validator_value}; write it as YYYY-MM-DD"
            if error.validator_value == "date"
            else f"{error.instance!r} is not a valid {error.validator_value}",
        )
    elif validator_name == "pattern":
        yield (
            path,
            False,
            f"{error.instance!r} does not have the expected form (pattern {error.validator_value})",
        )
    elif validator_name in ("minLength", "minItems"):
        yield path, False, "this must not be empty; fill it in"
    elif validator_name == "oneOf" and error.context:
        best = min(error.context, key=lambda e: len(list(e.absolute_path)))
        yield from _messages(best)
    else:
        yield path, False, error.message


@cache
def fast_validator(kind: str) -> Any | None:
    """A compiled jsonschema-rs validator of one kind, or None where it is unavailable.

    It only answers "valid or not", about a hundred times faster; every error
    is still found, located and worded by the reference validator above.
    """
    try:
        import jsonschema_rs
    except ImportError:
        return None
    try:
        return jsonschema_rs.validator_for(load_schema(kind), validate_formats=True)
    except Exception:  # a schema the fast backend cannot compile: the reference one decides
        return None


def _surely_valid(data: Any, kind: str) -> bool:
    fast = fast_validator(kind)
    if fast is None:
        return False
    try:
        return bool(fast.is_valid(data))
    except Exception:  # values it cannot convert (huge integers, NaN): ask the reference one
        return False


def check_document(doc: Document, kind: str) -> list[Diagnostic]:
    """Validate one document against the schema of its kind; report every error.

    Documents the fast backend accepts skip the reference validator; any other
    answer (invalid, unsure, or no fast backend) goes through it, so the errors
    reported never depend on which backend is installed.
    """
    if _surely_valid(doc.data, kind):
        return []
    out: list[Diagnostic] = []
    for error in validator(kind).iter_errors(doc.data):
        for path, key, message in _messages(error):
            out.append(doc.diagnostic(path, RULE, "error", f"{message} ({kind} schema)", key=key))
    return out
