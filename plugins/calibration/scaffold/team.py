"""``calib new team``: add one team to ``people/teams.yaml``, keeping the file as written.

The file is reviewed like code, so the team is added as new lines after the
last team (comments, order and quoting of everything else stay), and the
result is read back to prove it holds exactly the teams before plus the new one.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from calibration.load.dialect import Core12Loader
from calibration.load.yamlio import load_text
from calibration.scaffold.text import modeline
from calibration.scaffold.values import Question

TEAMS = "people/teams.yaml"


_YAML11_WORDS = frozenset(("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"))
"""Words older YAML readers (and some editors) take for booleans or null: always quoted."""


class TeamFileError(Exception):
    """``people/teams.yaml`` cannot be edited safely; the message says what to do instead."""


def team_questions() -> list[Question]:
    """What ``calib new team`` asks for."""
    return [
        Question("name", "--name", "Display name"),
        Question(
            "description", "--description", "What the team owns (Enter to skip)", optional=True
        ),
        Question("group", "--group", "Org unit the team belongs to (Enter to skip)", optional=True),
    ]


def _scalar(value: str) -> str:
    """``value`` plain where it reads back as itself (``Payments``), else double-quoted."""
    from calibration.scaffold.person_edit import yaml_quote

    if value and "\n" not in value and value.lower() not in _YAML11_WORDS:
        loaded = load_text(f"k: {value}\n", "value")
        if loaded.document is not None and loaded.document.data.get("k") == value:
            return value
    return yaml_quote(value)


def render_team(team_id: str, values: dict[str, str], indent: int, dash: int) -> list[str]:
    """The lines of one list item: ``-`` at column ``dash``, the team's keys at ``indent``."""
    pad = " " * indent
    lines = [" " * dash + "-" + " " * (indent - dash - 1) + f"id: {_scalar(team_id)}"]
    lines.append(f"{pad}name: {_scalar(values['name'])}")
    lines += [
        f"{pad}{key}: {_scalar(values[key])}" for key in ("description", "group") if values.get(key)
    ]
    return lines


def _root(text: str) -> MappingNode | None:
    loader = Core12Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise TeamFileError(
            f"{TEAMS} does not parse; fix it first ({exc.__class__.__name__})"
        ) from None
    finally:
        loader.dispose()
    if node is None:  # nothing but comments yet
        return None
    if not isinstance(node, MappingNode) or node.flow_style:
        raise TeamFileError(f"the top level of {TEAMS} is not a block mapping (one key per line)")
    return node


def _content_end(text: str, node: Node) -> int:
    """Index just past the last character of ``node``'s own text (not the lines after it)."""
    if isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        return _content_end(text, last[1] if isinstance(last, tuple) else last)
    start, end = int(node.start_mark.index), int(node.end_mark.index)
    return start + len(text[start:end].rstrip())


def add_team(text: str, team_id: str, values: dict[str, str]) -> str:
    """Return the text of ``people/teams.yaml`` with the team added after the last one.

    Raises :class:`TeamFileError` when the file's layout does not allow a safe edit.
    """
    root = _root(text)
    found = next(
        (
            (key, value)
            for key, value in (root.value if root is not None else [])
            if isinstance(key, ScalarNode) and key.value == "teams"
        ),
        None,
    )
    if found is None:
        body = text if text.endswith("\n") or not text else text + "\n"
        return body + "teams:\n" + "\n".join(render_team(team_id, values, 4, 2)) + "\n"
    key, value = found
    column = key.start_mark.column
    empty = (isinstance(value, SequenceNode) and not value.value) or (
        isinstance(value, ScalarNode) and value.value in ("", "~", "null")
    )
    if empty:  # ``teams: []`` or ``teams:``: the list starts on the next line
        colon = text.index(":", key.end_mark.index) + 1
        end = max(_content_end(text, value), colon)
        if value.start_mark.line != key.start_mark.line:
            end = colon
        eol = _line_end(text, end)
        item = render_team(team_id, values, column + 4, column + 2)
        return text[:colon] + text[end:eol] + "\n" + "\n".join(item) + text[eol:]
    if not isinstance(value, SequenceNode) or value.flow_style:
        raise TeamFileError(
            f"teams in {TEAMS} is not a list with one team per line; write it that way first"
        )
    first = value.value[0]
    line_start = text.rfind("\n", 0, first.start_mark.index) + 1
    dash = text.index("-", line_start) - line_start
    indent = first.start_mark.column if isinstance(first, MappingNode) else dash + 2
    eol = _line_end(text, _content_end(text, value))
    return text[:eol] + "\n" + "\n".join(render_team(team_id, values, indent, dash)) + text[eol:]


def _line_end(text: str, index: int) -> int:
    """The end of the line holding ``index`` (a comment after a value stays on its line)."""
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline


def teams_of(text: str) -> list[Any]:
    """The teams the file lists; a file of nothing but comments lists none."""
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return []
    loaded = load_text(text, TEAMS)
    if loaded.document is None:
        first = loaded.diagnostics[0]
        raise TeamFileError(
            f"{TEAMS}:{first.line}:{first.column}: {first.message}; "
            "fix it first (nothing was written)"
        )
    teams = loaded.document.data.get("teams")
    return list(teams) if isinstance(teams, list) else []


def added_text(text: str | None, team_id: str, values: dict[str, str]) -> str:
    """The new text of the file (a new file when ``text`` is None), checked by reading it back."""
    if text is None:
        text = modeline("teams", 1) + "\n"
        before: list[Any] = []
    else:
        before = teams_of(text)
    out = add_team(text, team_id, values)
    entry = {"id": team_id, "name": values["name"]}
    entry.update({k: values[k] for k in ("description", "group") if values.get(k)})
    if teams_of(out) != [*before, entry]:
        raise TeamFileError(
            f"adding the team would change more of {TEAMS} than the new lines; "
            "add it by hand (nothing was written)"
        )
    return out
