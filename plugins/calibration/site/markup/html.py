"""Small HTML helpers: every user-supplied string goes through :func:`esc` or :func:`rich`."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

# Control characters carry no meaning in names or statements; STX/ETX would
# even collide with python-markdown's placeholders for stashed raw HTML.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def esc(value: object) -> str:
    """Escape any value for HTML text or a double-quoted attribute."""
    return html.escape(_CONTROL.sub("", "" if value is None else str(value)), quote=True)


BLOCK_OPEN = "<!--calib:block-->"
BLOCK_CLOSE = "<!--/calib:block-->"


def block(inner: str, *, tag: str = "div", cls: str = "") -> str:
    """A raw HTML block for a Markdown page: blank lines around it keep Markdown out of it.

    The comments around it let the plugin lift the finished HTML out before
    Markdown runs and put it back after (see ``site.prepare.stash_blocks``);
    user text is escaped, so it can never contain them.
    """
    attr = f' class="{esc(cls)}"' if cls else ""
    return f"\n{BLOCK_OPEN}<{tag}{attr}>\n{inner}\n</{tag}>{BLOCK_CLOSE}\n\n"


def link(href: str, text: str, *, cls: str = "") -> str:
    """An anchor with escaped text and URL."""
    attr = f' class="{esc(cls)}"' if cls else ""
    return f'<a href="{esc(href)}"{attr}>{esc(text)}</a>'


def confidential(kind: str, handle: str, inner: str, *, tag: str = "span") -> str:
    """Wrap confidential content so the site audit can check who it is about and what kind it is."""
    return f'<{tag} data-calib-kind="{esc(kind)}" data-calib-person="{esc(handle)}">{inner}</{tag}>'


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    caption: str = "",
    cls: str = "calib-table",
    row_headers: bool = False,
) -> str:
    """A data table; cells are already-rendered HTML, headers and caption are escaped here."""
    out = [f'<table class="{esc(cls)}">']
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append(
        "<thead><tr>" + "".join(f'<th scope="col">{esc(h)}</th>' for h in headers) + "</tr></thead>"
    )
    out.append("<tbody>")
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            if row_headers and index == 0:
                cells.append(f'<th scope="row">{cell}</th>')
            else:
                cells.append(f"<td>{cell}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def facts(
    rows: Iterable[Sequence[str]], *, caption: str = "", cls: str = "calib-table calib-kv"
) -> str:
    """A two-column table of labelled values (labels escaped here, values already HTML)."""
    out = [f'<table class="{esc(cls)}">']
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append("<tbody>")
    out += [f'<tr><th scope="row">{esc(label)}</th><td>{value}</td></tr>' for label, value in rows]
    out.append("</tbody></table>")
    return "\n".join(out)
