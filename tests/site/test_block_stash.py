"""Finished HTML blocks are lifted out before Markdown runs and put back unchanged."""

from __future__ import annotations

import markdown

from calibration.site.markup.html import block
from calibration.site.prepare import restore_blocks, stash_blocks

PREFIX = "calibblocktest"


def _roundtrip(body: str) -> str:
    text, blocks = stash_blocks(body, PREFIX)
    return restore_blocks(markdown.markdown(text), blocks, PREFIX)


def test_blocks_come_back_byte_for_byte_and_markdown_still_runs_around_them() -> None:
    table = "<table><tr><td>a *not emphasis* &lt;b&gt;</td></tr></table>"
    body = "## Heading\n\nSome *text*.\n" + block(table) + "After.\n"
    html = _roundtrip(body)
    assert table in html
    assert "<h2>Heading</h2>" in html
    assert "<em>text</em>" in html
    assert PREFIX not in html


def test_nested_blocks_travel_inside_their_outer_block() -> None:
    inner = block("<p>inner</p>")
    body = block(f"<p>outer</p>{inner}")
    text, blocks = stash_blocks(body, PREFIX)
    assert len(blocks) == 1
    assert "<p>inner</p>" in restore_blocks(markdown.markdown(text), blocks, PREFIX)


def test_unbalanced_markers_leave_the_page_alone() -> None:
    body = block("<p>x</p>").replace("<!--/calib:block-->", "")
    text, blocks = stash_blocks(body, PREFIX)
    assert (text, blocks) == (body, {})


def test_a_token_written_by_a_user_is_not_replaced() -> None:
    # Page text can hold the fixed part of a token, never the random prefix of a build.
    text, blocks = stash_blocks(block("<p>x</p>"), PREFIX)
    html = markdown.markdown(text + "\n\ncalibblockother000000\n")
    assert "calibblockother000000" in restore_blocks(html, blocks, PREFIX)
