"""HTML → text that keeps table structure: each <tr> becomes one line "| a | b | |", so blank
cells stay blank (R7) instead of vanishing."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "table",
    "title",
    "header",
    "footer",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "hr",
}
_SKIP = {"script", "style", "noscript", "template", "head"}
_LOOKS_HTML = re.compile(r"<\s*(html|body|table|div|p|tr|td|br|span|meta)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_HTML.search(text[:20000]))


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "tr":
            self._end_row()
            self.row = []
        elif tag in ("td", "th"):
            self._end_cell()
            self.cell = []
        elif tag in _BLOCK:
            self._text("\n" if self.cell is None else " ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "table":
            self._end_row()
            self.out.append("\n")
        elif tag in _BLOCK:
            self._text("\n" if self.cell is None else " ")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.skip:
            return
        self._text(data)

    def _text(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        elif self.row is not None:
            if data.strip():
                self.cell = [data]
        else:
            self.out.append(data)

    def _end_cell(self) -> None:
        if self.cell is not None and self.row is not None:
            self.row.append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
        self.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None:
            if any(c for c in self.row):
                self.out.append("\n| " + " | ".join(self.row) + " |\n")
            self.row = None


def html_to_text(html: str) -> str:
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    parser._end_row()
    body = "".join(parser.out)
    title = "".join(parser.title).strip()
    body = re.sub(r"[ \t\xa0]+\n", "\n", body)
    body = re.sub(r"\n{3,}", "\n\n", body)
    return (f"{title}\n" if title else "") + body.strip() + "\n"
