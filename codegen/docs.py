"""The model's HTML documentation as plain reStructuredText, wrapped deterministically."""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser

_BLOCKS = {"p", "ul", "ol", "note", "important", "dl", "div", "fullname"}
_OPEN, _CLOSE = "\x00", "\x01"  # inline-literal markers until _tidy places them
_ADMONITIONS = {"note": "Note", "important": "Important"}
# Characters that reST would read as markup inside plain text.
_RST_SPECIAL = re.compile(r"([\\*`|_\[\]])")


def _escape(text: str) -> str:
    return _RST_SPECIAL.sub(r"\\\1", text)


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._href: str | None = None
        self._link_text: list[str] = []
        self._code = 0
        self._prefix = ""

    # -- paragraph assembly
    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text == "-":  # a list item whose text comes in a nested paragraph
            return
        if text and text != self._prefix.strip():
            self.paragraphs.append(text)
            self._prefix = ""
        self._current = [self._prefix] if self._prefix else []

    def _emit(self, text: str) -> None:
        if self._href is not None:
            self._link_text.append(text)
        else:
            self._current.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._flush()
            if tag in _ADMONITIONS:
                self._prefix = f"{_ADMONITIONS[tag]}: "
                self._current = [self._prefix]
        elif tag == "li":
            self._flush()
            self._current.append("- ")
        elif tag == "code":
            if self._code == 0:
                self._emit(_OPEN)
            self._code += 1
        elif tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._link_text = []
        elif tag == "br":
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS or tag == "li":
            self._flush()
        elif tag == "code":
            self._code = max(0, self._code - 1)
            if self._code == 0:
                self._emit(_CLOSE)
        elif tag == "a" and self._href is not None:
            text = " ".join("".join(self._link_text).split())
            href, self._href = self._href, None
            if href.startswith(("http://", "https://")) and "`" not in text + href:
                label = text.replace("<", "(").replace(">", ")") or href
                self._current.append(f"`{label} <{href}>`__")
            else:
                self._current.append(text)

    def handle_data(self, data: str) -> None:
        if self._code:
            self._emit(" ".join(data.replace("`", "'").split()))
        else:
            self._emit(_escape(data))


def _literal(match: re.Match[str]) -> str:
    body = " ".join(match.group(1).split())
    return f" ``{body}`` " if body else " "


def _tidy(paragraph: str) -> str:
    # reST literals need no space inside their markers and a boundary outside them.
    paragraph = re.sub(f"{_OPEN}([^{_CLOSE}]*){_CLOSE}", _literal, paragraph)
    paragraph = paragraph.replace(_OPEN, "").replace(_CLOSE, "")
    paragraph = re.sub(r"``\s+([.,;:)!?'])", r"``\1", paragraph)
    paragraph = re.sub(r"([(])\s+``", r"\1``", paragraph)
    return " ".join(paragraph.split())


def html_to_rst(html: str) -> str:
    """Convert model documentation to reST paragraphs separated by blank lines."""
    converter = _Converter()
    converter.feed(html)
    converter.close()
    converter._flush()
    return "\n\n".join(p for p in (_tidy(p) for p in converter.paragraphs) if p)


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Wrap reST paragraphs to ``width`` columns, keeping list items hanging."""
    lines: list[str] = []
    for i, paragraph in enumerate(text.split("\n\n")):
        if i:
            lines.append("")
        hanging = "  " if paragraph.startswith("- ") else ""
        lines.extend(
            textwrap.wrap(
                paragraph,
                width=width,
                initial_indent=indent,
                subsequent_indent=indent + hanging,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return lines
