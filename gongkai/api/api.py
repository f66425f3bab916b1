"""The open API, version 1: one NinjaAPI, its routers, and one error body for every failure.

Errors are `{"code": …, "detail": "<中文>", "errors": {…}}` with the status the page would
have given: 400 bad input (never a 500: bad cursors, filters out of range, text a database
cannot store), 401 no or a bad token, 403 roles, 404 nothing (or nothing you may see), 409 the
record has moved on, 429 too many requests.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from gongkai.api.common import ApiThrottle, BadCursor
from gongkai.core.fsm import InvalidTransition

#: Answers that may carry what is not public (a case's progress, drafts) are never stored by a
#: browser or proxy (issue 16: no-store on personal pages).
PRIVATE_PREFIXES = ("/api/v1/applications/", "/api/v1/staff/")


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 text as it is (readable Chinese, a third of the escaped size)."""

    json_dumps_params = {"ensure_ascii": False}


class GongkaiAPI(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.path.startswith(PRIVATE_PREFIXES):
            add_never_cache_headers(response)
        return response


api = GongkaiAPI(
    title="政务公开开放接口",
    version="1.0",
    description=(
        "公开目录、政府信息、全文检索和年度报告的只读接口（匿名，按IP限流），"
        "依申请公开的查询码办理进度查询，以及凭接口令牌的信息起草与发布。详见 docs/api.md。"
    ),
    urls_namespace="api_v1",
    docs_url="/docs/",
    throttle=[ApiThrottle()],
    renderer=ChineseJSONRenderer(),
)

_PARAM_LABELS = {
    "query": "查询参数",
    "path": "路径参数",
    "body": "请求内容",
    "header": "请求头",
    "cookie": "Cookie",
    "form": "表单",
}


def _error(
    request: HttpRequest, status: int, code: str, detail: str, errors: Any = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "detail": detail, "errors": errors or {}}, status=status
    )


def _listed(expected: Any) -> str:
    return str(expected).replace(" or ", "、").replace(", ", "、")


def _chinese(error: dict[str, Any]) -> str:
    """A pydantic error in Chinese: our own validators already speak it; the rest by type."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error") or error.get("msg", "")).removeprefix("Value error, ")
    return {
        "missing": "必填。",
        "int_parsing": "应为整数。",
        "int_type": "应为整数。",
        "int_from_float": "应为整数。",
        "bool_parsing": "应为 true 或 false。",
        "bool_type": "应为 true 或 false。",
        "date_parsing": "应为日期，格式 YYYY-MM-DD。",
        "date_from_datetime_parsing": "应为日期，格式 YYYY-MM-DD。",
        "date_type": "应为日期，格式 YYYY-MM-DD。",
        "datetime_parsing": "应为时间，格式如 2026-03-02T09:00:00+08:00。",
        "datetime_from_date_parsing": "应为时间，格式如 2026-03-02T09:00:00+08:00。",
        "datetime_type": "应为时间，格式如 2026-03-02T09:00:00+08:00。",
        "string_type": "应为文字。",
        "string_too_long": f"不能超过{ctx.get('max_length', '')}个字。",
        "greater_than_equal": f"不能小于{ctx.get('ge', '')}。",
        "less_than_equal": f"不能大于{ctx.get('le', '')}。",
        "literal_error": f"只能是：{_listed(ctx.get('expected', ''))}。",
        "enum": f"只能是：{_listed(ctx.get('expected', ''))}。",
        "json_invalid": "不是有效的 JSON。",
        "model_attributes_type": "应为 JSON 对象。",
        "dict_type": "应为 JSON 对象。",
        "extra_forbidden": "不认识的字段。",
    }.get(kind, "格式不正确。")


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for e in exc.errors:
        loc = [str(p) for p in e.get("loc", ())]
        where = _PARAM_LABELS.get(loc[0], loc[0]) if loc else "请求"
        # A body is ("body", <argument>, field…): name the field as the client sent it.
        name = ".".join(loc[2:] if loc[:1] == ["body"] else loc[1:]) or where
        errors.setdefault(name, []).append(_chinese(e))
    first = next(iter(errors.items()), ("请求", ["格式不正确。"]))
    return _error(request, 400, "bad_request", f"{first[0]}：{first[1][0]}", errors)


@api.exception_handler(DjangoValidationError)
def _refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """A service refused the input (the same Chinese message as on the page)."""
    errors: dict[str, list[str]] = {}
    if hasattr(exc, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    messages = [str(m) for m in exc.messages]
    return _error(request, 400, "invalid", "；".join(messages) or "输入有误。", errors)


@api.exception_handler(BadCursor)
def _bad_cursor(request: HttpRequest, exc: BadCursor) -> HttpResponse:
    return _error(request, 400, "bad_cursor", str(exc))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(
        request,
        401,
        "unauthenticated",
        "需要有效的接口令牌：请求头 Authorization: Bearer <令牌>（令牌可能已吊销或过期）。",
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", str(exc) or "您没有执行此操作的岗位权限。")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "没有找到：不存在，或未公开。")


@api.exception_handler(InvalidTransition)
def _conflict(request: HttpRequest, exc: InvalidTransition) -> HttpResponse:
    return _error(request, 409, "conflict", str(exc))


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return _error(request, 429, "rate_limited", "请求过于频繁，请稍后再试。")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "error", str(exc))


def _register() -> None:
    from gongkai.api import applicant, public, staff

    api.add_router("", public.router)
    api.add_router("/applications", applicant.router)
    api.add_router("/staff", staff.router)


_register()
