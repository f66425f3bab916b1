"""Read one saved or fetched page of an old site: its 信息公开表头, title, body and attachment
links. Parsed with selectolax (lexbor), as the monitor parses pages (`monitor/detect/html.py`).

The 表头 comes in three common shapes, all read by one walk:
- a <table>: a label cell (索引号) followed by its value cell;
- a <dl>/<ul>: <dt>索引号</dt><dd>…</dd>, or <li><b>索引号：</b>…</li>, or <li>索引号：…</li>;
- <div>s with spans: <span class="label">索引号</span><span>…</span>.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from gongkai.legacy.rules import ATTACHMENT, label_key

MAX_LINK_SHARE = 0.5
MIN_LIST_ROWS = 3
_LABEL_TAGS = {"td", "th", "dt", "span", "b", "strong", "label", "em", "li", "p", "div", "font"}
_INLINE = re.compile(r"^\s*([^:：]{1,8}?)\s*[:：]\s*(.+)$", re.S)
#: Containers of the body on the usual platforms (TRS: .TRS_Editor; 大汉: #zoom; others).
BODY_SELECTORS = (
    ".TRS_Editor",
    "#zoom",
    ".zoom",
    "#UCAP-CONTENT",
    ".article-content",
    ".bt-content",
    "#content",
    ".content",
    "article",
)


@dataclass
class Attachment:
    href: str  # absolute (or relative to the archive page)
    name: str


@dataclass
class LegacyDoc:
    url: str
    title: str = ""
    header: dict[str, str] = field(default_factory=dict)
    body_html: str = ""
    body_text: str = ""
    link_share: float = 0.0  # how much of the body's text is rows of links (a list page: most)
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def has_header(self) -> bool:
        return bool(self.header)

    @property
    def is_information(self) -> bool:
        """An information page (a 表头 or an article body), not a list or an index: without a
        表头, a body that is mostly links is a list of articles in an article-like container."""
        if self.has_header:
            return True
        return bool(self.body_text.strip()) and self.link_share <= MAX_LINK_SHARE


def _clean(text: str) -> str:
    return " ".join((text or "").replace("\u3000", " ").replace("\xa0", " ").split())


def _value_after(node: LexborNode) -> str:
    """The value that follows a label node: the next text or element (not another label),
    else the rest of the parent's text."""
    sibling = node.next
    while sibling is not None:
        if sibling.tag == "-text":
            text = _clean(sibling.text()).lstrip(":：").strip()
            if text:
                return text
        elif sibling.tag not in ("br", "script", "style"):
            text = _clean(sibling.text(deep=True)).lstrip(":：").strip()
            return "" if label_key(text) else text
        sibling = sibling.next
    return ""


def read_header(root: LexborNode) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in root.traverse(include_text=False):
        if node.tag not in _LABEL_TAGS:
            continue
        own = _clean(node.text(deep=False))
        if not own:
            continue
        key = label_key(own)
        if key is not None:
            value = _value_after(node)
        else:
            match = _INLINE.match(own)
            if not match:
                continue
            key, value = label_key(match.group(1)), _clean(match.group(2))
            if key is None:
                continue
        if key not in found and value:
            found[key] = value
    return found


def _list_share(body: LexborNode, total: int) -> float:
    """The share of the body's text in list rows (<li>/<tr> led by a link: title + date)."""
    rows = []
    for row in body.css("li, tr"):
        text = _clean(row.text(deep=True))
        linked = sum(len(_clean(a.text(deep=True))) for a in row.css("a"))
        if text and linked >= 0.3 * len(text):
            rows.append(len(text))
    return sum(rows) / max(total, 1) if len(rows) >= MIN_LIST_ROWS else 0.0


def _body(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in BODY_SELECTORS:
        node = tree.css_first(selector)
        if node is not None and _clean(node.text(deep=True)):
            return node
    return None


def _attachments(tree: LexborHTMLParser, url: str) -> list[Attachment]:
    found: dict[str, Attachment] = {}
    for link in tree.css("a[href]"):
        href = (link.attributes.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:")):
            continue
        absolute = urldefrag(urljoin(url, href))[0]
        path = unquote(urlsplit(absolute).path)
        if not ATTACHMENT.search(path) or absolute in found:
            continue
        filename = path.rsplit("/", 1)[-1]
        text = _clean(link.text(deep=True))
        name = text if ATTACHMENT.search(text) else (f"{text}{_suffix(filename)}" if text else "")
        found[absolute] = Attachment(href=absolute, name=name or filename)
    return list(found.values())


def _suffix(filename: str) -> str:
    match = ATTACHMENT.search(filename)
    return match.group(0) if match else ""


def read_page(html: str, url: str) -> LegacyDoc:
    tree = LexborHTMLParser(html)
    doc = LegacyDoc(url=url)
    root = tree.body
    if root is None:
        return doc
    doc.header = read_header(root)
    body = _body(tree)
    if body is not None:
        doc.body_html = body.inner_html or ""
        doc.body_text = _clean(body.text(deep=True))
        doc.link_share = _list_share(body, len(doc.body_text))
    heading = tree.css_first("h1")
    title_tag = tree.css_first("title")
    doc.title = (
        doc.header.get("title")
        or (_clean(heading.text(deep=True)) if heading is not None else "")
        or (_clean(title_tag.text(deep=True)) if title_tag is not None else "")
    )[:300]
    doc.attachments = _attachments(tree, url)
    return doc
