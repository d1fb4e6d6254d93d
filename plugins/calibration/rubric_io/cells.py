"""Expectation items inside one cell: bullets, line breaks and examples, both ways.

A cell of the wide form holds zero or more expectations. With bullets (``-``,
``*``, ``•``, ``1.``) each bullet starts an item and unbulleted lines continue
it; without bullets each line is an item. A line starting with ``Example:`` or
``e.g.``, or a bullet indented deeper than its item, is an example of the item
above. A cell holding only ``-`` (or ``n/a``) says "nothing expected here".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BULLET = re.compile(r"^(?:[-*•◦▪‣·–]|\d{1,2}[.)])\s+")
EXAMPLE = re.compile(r"^(?:examples?\s*:|e\.\s?g\.?(?:\s*[:,]|\s))\s*", re.IGNORECASE)
NOTHING = frozenset({"-", "–", "—", "n/a", "na", "none", "not expected"})
"""Cell texts that explicitly say a level expects nothing on a dimension."""


@dataclass
class Item:
    """One expectation of a cell and its examples."""

    text: str
    examples: list[str] = field(default_factory=list)


def says_nothing(text: str) -> bool:
    """True when a cell explicitly says nothing is expected (``-``, ``n/a``...)."""
    return text.strip().lower() in NOTHING


def _append(target: list[str], text: str) -> None:
    target[-1] = f"{target[-1]}\n{text}" if target[-1] else text


def split_items(text: str) -> list[Item]:
    """Split a cell into items with their examples (see the module doc for the rules)."""
    if says_nothing(text):
        return []
    lines = [line.rstrip() for line in text.split("\n")]
    bulleted = any(BULLET.match(line.strip()) for line in lines)
    items: list[Item] = []
    item_indent = 0
    in_example = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        indent = len(line) - len(line.lstrip())
        bullet = BULLET.match(stripped)
        body = stripped[bullet.end() :] if bullet else stripped
        example = EXAMPLE.match(body)
        if items and (example or (bullet and bulleted and indent > item_indent)):
            body = body[example.end() :] if example else body
            if body:
                items[-1].examples.append(body)
                in_example = True
        elif bullet or not bulleted or not items:
            items.append(Item(body))
            item_indent, in_example = indent, False
        elif in_example:
            _append(items[-1].examples, body)
        else:
            items[-1].text = f"{items[-1].text}\n{body}"
    return items


def _risky(text: str) -> bool:
    """True when plain text would be read back as something else (a bullet, an example)."""
    first = text.split("\n", 1)[0].strip()
    return bool(BULLET.match(first) or EXAMPLE.match(first)) or says_nothing(text)


def render_items(items: list[Item]) -> str:
    """Write items back as a cell that :func:`split_items` reads the same."""
    if not items:
        return "-"
    single = items[0]
    if (
        len(items) == 1
        and not single.examples
        and "\n" not in single.text
        and not _risky(single.text)
    ):
        return single.text
    lines: list[str] = []
    for item in items:
        first, *rest = item.text.split("\n")
        lines.append(f"- {first}")
        lines.extend(f"  {more}" for more in rest)
        for example in item.examples:
            head, *tail = example.split("\n")
            lines.append(f"  Example: {head}")
            lines.extend(f"  {more}" for more in tail)
    return "\n".join(lines)


def split_examples(text: str) -> list[str]:
    """Examples of the long form's example cell: one per line or bullet."""
    out: list[str] = []
    for item in split_items(text):
        out.append(item.text)
        out.extend(item.examples)
    return out


def render_examples(examples: list[str]) -> str:
    """Write examples back as one cell of the long form."""
    if len(examples) == 1 and "\n" not in examples[0] and not _risky(examples[0]):
        return examples[0]
    return render_items([Item(e) for e in examples]) if examples else ""
