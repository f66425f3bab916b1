"""Body HTML sanitising: official documents need structure, never scripts or event handlers."""

from __future__ import annotations

import nh3

_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "h5",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "sub",
    "sup",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "a",
    "img",
    "span",
    "div",
    "hr",
    "pre",
}
_ATTRS = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "p": {"align"},
    "div": {"align"},
}


def sanitize_body(html: str) -> str:
    """Remove scripts, styles, event handlers and javascript: URLs; keep document structure."""
    return nh3.clean(
        html or "",
        tags=_TAGS,
        attributes=_ATTRS,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
