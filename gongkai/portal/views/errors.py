"""Error pages in Chinese, for citizens and staff alike (Django's defaults are English).

Wired in `config/urls.py` (handler400/403/404/500) and `CSRF_FAILURE_VIEW`. The 400 and 500
pages are rendered without the request: whatever broke may be what the site template needs
(a 400 for a forged Host header would raise again in `request.get_host`). What gunicorn refuses
before Django sees it (an over-long URL: 414, a malformed request: 400) gets the Chinese pages
of `config/gunicorn.py`.
"""

from __future__ import annotations

import re

from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from gongkai.core.conf import gongkai_settings

_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _message(exception: Exception | None) -> str:
    """Our own messages (Http404("信息不存在或未公开") …) are shown; Django's English
    internals ("No Item matches the given query.") are not."""
    text = str(exception.args[0]) if exception is not None and exception.args else ""
    return text if _CHINESE.search(text) else ""


def _page(request: HttpRequest, status: int, heading: str, detail: str) -> HttpResponse:
    return render(
        request,
        "errors/page.html",
        {"status": status, "heading": heading, "detail": detail, "column_name": heading},
        status=status,
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        404,
        "页面不存在",
        _message(exception) or "您访问的页面不存在，可能已被删除、撤回或网址有误。",
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        403,
        "无权访问",
        _message(exception) or "您没有访问此页面的权限。工作人员请确认已用本人账号登录。",
    )


def _plain(status: int, heading: str, detail: str) -> HttpResponse:
    # The site's name comes from the settings, not from the request (see the module docstring).
    context = {
        "status": status,
        "heading": heading,
        "detail": detail,
        "site_name": gongkai_settings().SITE_NAME,
    }
    return HttpResponse(render_to_string("errors/plain.html", context), status=status)


def _bad_request_detail(exception: Exception | None) -> str:
    """What went wrong, in words a citizen can act on (Django raises these as 400)."""
    if isinstance(exception, RequestDataTooBig):
        return "提交的内容过大，服务器未予接收。请减少内容或附件后重新提交。"
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return "提交的项目过多，服务器未予接收。请返回上一页，减少内容后重新提交。"
    if isinstance(exception, DisallowedHost):
        return "访问所用的网址（主机名）不属于本网站。请通过本网站的正式网址访问。"
    return "请求的格式不正确，请返回上一页重新操作。"


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _plain(400, "请求无效", _bad_request_detail(exception))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form's security token was missing or stale (page open too long, cookies off)."""
    return _page(
        request,
        403,
        "页面已过期",
        "表单已失效（页面打开时间过长，或浏览器禁用了 Cookie），刚才的提交没有被处理。"
        "请返回上一页，刷新后重新填写提交；已填写的内容请先自行复制保存。",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _plain(
        500,
        "系统繁忙",
        "服务器处理请求时出错，已记录在系统日志中。请稍后再试；如仍不能访问，请联系网站管理员。",
    )
