"""HTML documentation to reStructuredText."""

from __future__ import annotations

import pytest

from codegen.docs import html_to_rst, wrap


@pytest.mark.parametrize(
    ("html", "rst"),
    [
        ("<p>Plain text.</p>", "Plain text."),
        ("<p>One.</p> <p>Two.</p>", "One.\n\nTwo."),
        ("<p>Use <code>MaxResults</code>, then stop.</p>", "Use ``MaxResults``, then stop."),
        ("<p>Value of <code>A</code>and more</p>", "Value of ``A`` and more"),
        ("<p>(<code>x</code>)</p>", "(``x``)"),
        ("<p>a_b *c* `d` |e|</p>", "a\\_b \\*c\\* \\`d\\` \\|e\\|"),
        (
            '<p>See <a href="https://e.com/x">the guide</a>.</p>',
            "See `the guide <https://e.com/x>`__.",
        ),
        ('<p>See <a href="#local">here</a>.</p>', "See here."),
        ("<ul><li><p>one</p></li><li>two</li></ul>", "- one\n\n- two"),
        ("<note><p>Careful.</p></note>", "Note: Careful."),
        ("<important><p>Do not.</p></important>", "Important: Do not."),
        ("<p>&lt;tag&gt; &amp; co</p>", "<tag> & co"),
        ("", ""),
    ],
)
def test_html_to_rst(html: str, rst: str) -> None:
    assert html_to_rst(html) == rst


def test_wrap_is_deterministic_and_keeps_list_items_hanging() -> None:
    text = "- " + "word " * 30 + "\n\nnext paragraph"
    lines = wrap(text, 40, "    ")
    assert all(len(line) <= 40 for line in lines)
    assert lines[0].startswith("    - ") and lines[1].startswith("      ")
    assert "" in lines and lines[-1] == "    next paragraph"
    assert wrap(text, 40, "    ") == lines
