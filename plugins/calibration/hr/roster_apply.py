"""Turn a roster plan into the text of each person file, and prove the result still validates.

Nothing here writes: the command writes only once every file edits cleanly and
the repository, with the new texts in place of the old, has no error it did not
have before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from calibration.diagnostics import Diagnostic
from calibration.hr.roster_plan import Entry, Plan
from calibration.load.repository import Repository, build_org
from calibration.load.yamlio import load_text
from calibration.model import Org
from calibration.scaffold.person_edit import EditError, edit_person, read_back
from calibration.scaffold.records import NO_MANAGER, render_person
from calibration.validate import validate_repository

_SKELETON_KEYS = ("name", "level", "team", "manager", "role", "start_date", "git_username")


def _new_person(entry: Entry) -> tuple[str, str]:
    """The path and text of a new person file, from the skeleton ``calib new person`` writes."""
    relpath = f"people/{entry.handle}/person.yaml"
    values: dict[str, Any] = {c.key: c.new for c in entry.changes}
    skeleton = {k: values.get(k) or "" for k in _SKELETON_KEYS}
    skeleton["manager"] = values.get("manager") or NO_MANAGER
    text = render_person(entry.handle, skeleton)
    extras = {k: v for k, v in values.items() if k not in _SKELETON_KEYS}
    text = edit_person(text, relpath, extras, set())
    expected = {"handle": entry.handle, **{k: v for k, v in values.items() if v or k == "manager"}}
    if read_back(text, relpath) != expected:
        raise EditError("the new file would not read back as intended")
    return relpath, text


def _edited(entry: Entry, org: Org, root: Path) -> tuple[str, str]:
    """The path and edited text of an existing person file."""
    relpath = org.people[entry.handle].source
    try:
        text = (root / relpath).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EditError(f"it cannot be read ({exc})") from exc
    updates = {c.key: c.new for c in entry.changes if c.new is not None or c.key == "manager"}
    drop = {c.key for c in entry.changes if c.new is None and c.key != "manager"}
    return relpath, edit_person(text, relpath, updates, drop)


def person_texts(plan: Plan, org: Org, root: Path) -> tuple[dict[str, str], list[Diagnostic]]:
    """The new text of every file the plan touches, and the files that cannot be edited safely."""
    texts: dict[str, str] = {}
    problems = []
    for entry in plan.entries:
        if not entry.changes:
            continue
        relpath = f"people/{entry.handle}/person.yaml"
        try:
            if entry.action == "add":
                relpath, text = _new_person(entry)
            else:
                relpath, text = _edited(entry, org, root)
        except EditError as exc:
            problems.append(
                Diagnostic(
                    relpath,
                    1,
                    1,
                    "roster-edit",
                    "error",
                    f"cannot edit this file safely: {exc}; make the {entry.action} by hand "
                    "and import again",
                )
            )
            continue
        texts[relpath] = text
    return texts, problems


def new_errors(
    repo: Repository, texts: dict[str, str], before: list[Diagnostic]
) -> list[Diagnostic]:
    """Errors ``calib validate`` would report with ``texts`` written that ``before`` lacks.

    Line numbers move when a file is edited, so findings are compared by file, rule
    and message.
    """

    documents = dict(repo.documents)
    kinds = dict(repo.kinds)
    schema = dict(repo.schema_diagnostics)
    for relpath, text in texts.items():
        loaded = load_text(text, relpath)
        if loaded.document is None:
            return loaded.diagnostics
        documents[relpath], kinds[relpath] = loaded.document, "person"
        schema.pop(relpath, None)
    after = Repository(
        repo.root,
        build_org(documents, kinds),
        documents,
        kinds,
        [d for d in repo.diagnostics if d.file not in texts],
        schema_diagnostics=schema,
    )
    known = {(d.file, d.rule, d.message) for d in before if d.severity == "error"}
    return [
        d
        for d in validate_repository(after)
        if d.severity == "error" and (d.file, d.rule, d.message) not in known
    ]
