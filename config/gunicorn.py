"""gunicorn settings for gongkai: `gunicorn -c python:config.gunicorn config.wsgi:application`.

`gongkai serve` (make run) starts gunicorn with this module; production should too. It sets the
request-line limit and makes the error pages gunicorn answers itself Chinese: a request gunicorn
refuses before Django sees it (an over-long URL: 414; a malformed request line or header: 400;
too large headers: 431) would otherwise get gunicorn's English page ("URI Too Long"), which a
citizen cannot read. Django's own errors have their pages in `gongkai/portal/views/errors.py`.

gunicorn has no setting for its error pages, so `gunicorn.util.write_error` (the one function
its workers call for them, `workers/base.py: handle_error`) is replaced when this module is
loaded in the master process; workers are forked from it.
"""

from __future__ import annotations

import html
import socket
from http import HTTPStatus
from typing import Any

import gunicorn.util

#: The longest request line (method, URL with query string, protocol) accepted, in bytes:
#: gunicorn's maximum (its default is 4094). Longer URLs get the Chinese 414 page below.
limit_request_line = 8190

#: Chinese heading and explanation for each status gunicorn answers itself.
PAGES: dict[int, tuple[str, str]] = {
    400: ("请求无效", "浏览器发送的请求格式不正确，请返回上一页重新操作，或从首页重新进入。"),
    403: ("禁止访问", "服务器拒绝了这个请求。"),
    414: (
        "网址过长",
        "您访问的网址过长，服务器无法处理。请返回上一页，减少检索词或筛选条件后再试，"
        "或从首页重新进入。",
    ),
    417: ("请求无效", "服务器无法满足请求中的 Expect 要求，请重新操作。"),
    431: (
        "请求头过大",
        "浏览器发送的信息（如 Cookie）过多，服务器无法处理。请清除本网站的 Cookie 后再试。",
    ),
    500: ("系统繁忙", "服务器处理请求时出错，请稍后再试；如仍不能访问，请联系网站管理员。"),
    501: ("请求无效", "服务器不支持这种请求方式。"),
}


def error_page(status: int) -> bytes:
    """A complete HTTP response (status line, headers, UTF-8 HTML body) for `status`."""
    heading, detail = PAGES.get(status, PAGES[400])
    body = (
        '<!doctype html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(heading)}</title>\n"
        "<style>body{font-family:sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.75;color:#1a1a1a}h1{color:#8c0d16}a{color:#0b4a8f}</style>\n"
        f"</head>\n<body>\n<main>\n<h1>{html.escape(heading)}</h1>\n"
        f"<p>{html.escape(detail)}</p>\n<p>错误代码：{status}</p>\n"
        '<p><a href="/">返回首页</a></p>\n</main>\n</body>\n</html>\n'
    ).encode()
    # The reason phrase stays ASCII (HTTP/1.1 sends it as ISO-8859-1); readers see the page.
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Error"
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
        f"Content-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode("ascii")
    return head + body


def write_error(sock: socket.socket, status_int: int, reason: str, mesg: Any) -> None:
    """gunicorn's `util.write_error` with our page: same arguments, the internal message (which
    may quote the request) is left to gunicorn's log."""
    gunicorn.util.write_nonblock(sock, error_page(int(status_int)))


gunicorn.util.write_error = write_error
