"""What the checks need from one HTML page, parsed once with selectolax (lexbor, HTML5).

Links (resolved, with their element path, whether hidden and whether in the page's chrome:
nav, header, footer, link lists), hidden blocks (inline style, <style> rules on #id/.class,
the hidden attribute, <noframes>/<noscript>/<marquee> tricks), scripts, <meta> refresh, the
title, the text, and table/list rows for the column and interaction checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

#: Containers whose content the HTML5 parser keeps as raw text: parsed again for their links.
RAW_CONTAINERS = {"noframes", "noscript", "noembed", "xmp"}
_SKIP_TEXT = {"script", "style", "template", "head"}
_CHROME_TAGS = {"nav", "header", "footer"}
_CHROME_WORDS = re.compile(
    r"nav|menu|footer|foot|bottom|header|\btop|link|yqlj|friend|banner|sitemap|breadcrumb|crumb",
    re.I,
)
_HIDE_DECL = [
    re.compile(r"display:none"),
    re.compile(r"visibility:hidden"),
    re.compile(r"(?<![-\w])opacity:0(\.0+)?(;|$|!)"),
    re.compile(r"font-size:0(px|pt|em|rem)?(;|$|!)"),
    re.compile(r"(?<![-\w])(left|top|right|bottom|margin-left|margin-top|text-indent):-\d{3,}"),
    re.compile(r"clip:rect\(0(px)?,?0(px)?,?0(px)?,?0(px)?\)"),
]
_ZERO_BOX = re.compile(r"(?<![-\w])(width|height):(0|1px)(;|$|!)")
_OVERFLOW_HIDDEN = re.compile(r"overflow:hidden")
_STYLE_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^[a-z0-9]*([#.][-\w]+)$", re.I)
#: Accessibility classes hide text for the eye but read it aloud: not a trick by themselves.
_ACCESSIBLE = re.compile(r"visually-hidden|sr-only|screen-reader|skip-link|element-invisible")
_COLOR = re.compile(r"(?<![-\w])color:([^;!]+)")
_BACKGROUND = re.compile(r"background(?:-color)?:([^;!]+)")


def _decls(style: str) -> str:
    return re.sub(r"\s+", "", style.lower())


def hiding_reason(decls: str) -> str:
    """Why a style hides its element ("" if it does not)."""
    for pattern in _HIDE_DECL:
        match = pattern.search(decls)
        if match:
            return match.group(0).rstrip(";!")
    if _ZERO_BOX.search(decls) and _OVERFLOW_HIDDEN.search(decls):
        return "零尺寸且overflow:hidden"
    return ""


@dataclass
class Link:
    href: str  # absolute, without fragment
    text: str
    path: str
    hidden: str = ""  # why it is hidden ("" if visible)
    chrome: bool = False  # in nav/header/footer or a link list
    node: int = 0  # the parser's id of the <a> (which links a hidden block holds)


@dataclass
class HiddenBlock:
    path: str
    tag: str
    ident: str
    reason: str
    text: str
    links: list[Link] = field(default_factory=list)
    accessible: bool = False


@dataclass
class Row:
    text: str
    links: list[Link]


@dataclass
class PageDoc:
    url: str
    title: str = ""
    text: str = ""  # all text of the body (hidden text included)
    visible_text: str = ""  # without the hidden blocks
    first_line: str = ""
    links: list[Link] = field(default_factory=list)
    hidden: list[HiddenBlock] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    refresh: str = ""  # <meta http-equiv=refresh> target
    meta: dict[str, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    marquees: list[HiddenBlock] = field(default_factory=list)
    has_form: bool = False  # a form to fill in (a textarea or three inputs), not a search box

    def region_text(self, selector: str) -> str | None:
        node = self._tree.css_first(selector) if self._tree is not None else None
        return None if node is None else _text(node)

    _tree: LexborHTMLParser | None = None


def element_path(node: LexborNode, *, depth: int = 6) -> str:
    parts = []
    current: LexborNode | None = node
    while current is not None and current.tag not in (None, "-document", "html") and depth:
        label = current.tag or ""
        attrs = current.attributes
        if attrs.get("id"):
            label += f"#{attrs['id']}"
        elif attrs.get("class"):
            label += "." + ".".join((attrs["class"] or "").split()[:2])
        parts.append(label)
        current = current.parent
        depth -= 1
    return " > ".join(reversed(parts))


def _text(node: LexborNode) -> str:
    return " ".join((node.text(separator=" ", strip=True) or "").split())


def _css_hidden(tree: LexborHTMLParser) -> dict[str, str]:
    """#id / .class → the hiding declaration, from the page's <style> blocks."""
    hidden: dict[str, str] = {}
    for style in tree.css("style"):
        css = re.sub(r"/\*.*?\*/", "", style.text() or "", flags=re.S)
        for selectors, body in _STYLE_RULE.findall(css):
            reason = hiding_reason(_decls(body))
            if not reason:
                continue
            for selector in selectors.split(","):
                match = _SIMPLE_SELECTOR.match(selector.strip())
                if match:
                    hidden[match.group(1)] = reason
    return hidden


def _own_hiding(node: LexborNode, css: dict[str, str]) -> str:
    attrs = node.attributes
    if "hidden" in attrs:
        return "hidden属性"
    reason = hiding_reason(_decls(attrs.get("style") or ""))
    if reason:
        return reason
    ident = attrs.get("id") or ""
    if ident and f"#{ident}" in css:
        return f"#{ident}{{{css['#' + ident]}}}"
    for cls in (attrs.get("class") or "").split():
        if f".{cls}" in css:
            return f".{cls}{{{css['.' + cls]}}}"
    if node.tag in RAW_CONTAINERS:
        return f"<{node.tag}>"
    return ""


def _same_colour(node: LexborNode) -> str:
    colour = _COLOR.search(_decls(node.attributes.get("style") or ""))
    if not colour:
        return ""
    current: LexborNode | None = node
    while current is not None and current.tag not in (None, "-document"):
        bg = _BACKGROUND.search(_decls(current.attributes.get("style") or ""))
        if bg:
            return (
                f"文字颜色与背景色相同（{colour.group(1)}）"
                if bg.group(1) == colour.group(1)
                else ""
            )
        current = current.parent
    return ""


def _tiny_marquee(node: LexborNode) -> str:
    attrs = node.attributes
    for name in ("height", "width"):
        value = (attrs.get(name) or "").strip().rstrip("px")
        if value.isdigit() and int(value) <= 3:
            return f"<marquee {name}={value}>"
    amount = (attrs.get("scrollamount") or "").strip()
    if amount.isdigit() and int(amount) >= 500:
        return f"<marquee scrollamount={amount}>"
    return ""


def _chrome(node: LexborNode) -> bool:
    current: LexborNode | None = node
    while current is not None and current.tag not in (None, "-document", "body"):
        if current.tag in _CHROME_TAGS:
            return True
        attrs = current.attributes
        if _CHROME_WORDS.search(f"{attrs.get('id') or ''} {attrs.get('class') or ''}"):
            return True
        current = current.parent
    return False


def _resolve(base: str, href: str) -> str:
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return ""
    try:
        return urldefrag(urljoin(base, href))[0]
    except ValueError:
        return ""


def _links_in(node: LexborNode, base: str, hidden: str, chrome: bool) -> list[Link]:
    out = []
    for a in node.css("a[href]"):
        href = _resolve(base, a.attributes.get("href") or "")
        if href:
            out.append(
                Link(href, _text(a), element_path(a), hidden, chrome or _chrome(a), a.mem_id)
            )
    return out


def parse(html: str, url: str = "") -> PageDoc:
    tree = LexborHTMLParser(html)
    base = url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        base = _resolve(url, base_node.attributes.get("href") or "") or url
    doc = PageDoc(url=url)
    doc._tree = tree
    title = tree.css_first("title")
    doc.title = _text(title) if title is not None else ""
    for meta in tree.css("meta"):
        attrs = meta.attributes
        name = (attrs.get("name") or attrs.get("http-equiv") or "").lower()
        content = attrs.get("content") or ""
        if name:
            doc.meta[name] = content
        if name == "refresh" and "url=" in content.lower():
            doc.refresh = _resolve(base, content[content.lower().index("url=") + 4 :].strip("'\" "))
    doc.scripts = [s.text() or "" for s in tree.css("script")]
    css = _css_hidden(tree)
    body = tree.body or tree.root
    hidden_ids: set[int] = set()
    if body is not None:
        for node in body.traverse(include_text=False):
            if node.tag in _SKIP_TEXT or node.tag is None:
                continue
            if any(p in hidden_ids for p in _ancestor_ids(node)):
                continue
            reason = _own_hiding(node, css) or _same_colour(node)
            if node.tag == "marquee":
                reason = reason or _tiny_marquee(node)
                doc.marquees.append(_block(node, base, reason or "<marquee>"))
            if not reason:
                continue
            hidden_ids.add(node.mem_id)
            doc.hidden.append(_block(node, base, reason))
        raw = [n for n in body.traverse(include_text=False) if n.tag in RAW_CONTAINERS]
        for node in raw:  # their raw text is markup; the blocks above hold it parsed
            node.decompose()
        doc.text = " ".join(
            [_text(body), *(b.text for b in doc.hidden if b.tag in RAW_CONTAINERS)]
        ).strip()
        doc.links = _links_in(body, base, "", False)
        hidden_links = {link.node: b.reason for b in doc.hidden for link in b.links}
        for link in doc.links:
            link.hidden = hidden_links.get(link.node, "")
        doc.links += [link for b in doc.hidden if b.tag in RAW_CONTAINERS for link in b.links]
        visible = doc.text
        for block in doc.hidden:
            if block.text and not block.accessible:
                visible = visible.replace(block.text, " ")
        doc.visible_text = visible
        doc.has_form = any(
            f.css_first("textarea") is not None or len(f.css("input, select")) > 3
            for f in body.css("form")
        )
        for row in body.css("li, tr"):
            doc.rows.append(Row(_text(row), _links_in(row, base, "", False)))
    first = doc.title or next((ln for ln in doc.text.split("  ") if ln.strip()), "")
    doc.first_line = first.strip()
    return doc


def _ancestor_ids(node: LexborNode) -> list[int]:
    out = []
    current = node.parent
    while current is not None and current.tag not in (None, "-document"):
        out.append(current.mem_id)
        current = current.parent
    return out


def _block(node: LexborNode, base: str, reason: str) -> HiddenBlock:
    attrs = node.attributes
    ident = attrs.get("id") or ""
    if node.tag in RAW_CONTAINERS:
        inner = LexborHTMLParser(f"<body>{node.text(deep=True) or ''}</body>")
        inner_body = inner.body
        text = _text(inner_body) if inner_body is not None else ""
        links = [] if inner_body is None else _links_in(inner_body, base, reason, False)
        for link in links:
            link.path = f"{element_path(node)} > {link.path.split(' > ')[-1]}"
            link.node = 0
    else:
        text = _text(node)
        links = _links_in(node, base, reason, False)
    accessible = bool(_ACCESSIBLE.search(f"{attrs.get('class') or ''} {ident}"))
    return HiddenBlock(element_path(node), node.tag or "", ident, reason, text, links, accessible)


_HTML_HINT = re.compile(r"<\s*(html|head|body|div|p|a|title|span|table|meta|br)\b", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:20000]))
