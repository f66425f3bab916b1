"""What every endpoint shares: input types that cannot crash a database, the error body, the
opaque cursor, the token authentication and the rate limits."""

from __future__ import annotations

import base64
import binascii
import json
import re
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Schema
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle
from pydantic import AfterValidator, BeforeValidator, Field

from gongkai.api import selectors
from gongkai.api.models import ApiToken
from gongkai.api.services import token_mark_used
from gongkai.core import ratelimit

MAX_ID = 2**31 - 1  # the largest key both databases store in an integer column
DEFAULT_LIMIT, MAX_LIMIT = 20, 100
MIN_YEAR, MAX_YEAR = 1949, 2100

#: Public endpoints: per client address. Staff endpoints: per token (a migration script may
#: write a few thousand items an hour, and shares no counter with the public).
PUBLIC_PER_IP = ratelimit.Limit("api-ip", 120, 60)
STAFF_PER_TOKEN = ratelimit.Limit("api-token", 600, 60)


# ---- input types --------------------------------------------------------------------------


def _clean_text(value: str) -> str:
    """Refuse what a database cannot store (PostgreSQL refuses NUL; lone surrogates cannot be
    encoded): a 400 with a reason, never a 500."""
    if "\x00" in value:
        raise ValueError("不能包含空字符（\\0）。")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("含有无法识别的字符，请使用 UTF-8 编码的文字。") from None
    return value


_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def _text_only(value: Any) -> Any:
    """Dates and times are written out (ISO 8601), never a number read as a Unix timestamp."""
    number = isinstance(value, str) and _NUMBER.fullmatch(value.strip())
    if number or isinstance(value, int | float | bool | Decimal):
        raise ValueError("应写成日期或时间，如 2026-03-02 或 2026-03-02T09:00:00+08:00。")
    return value


def _aware(value: datetime) -> datetime:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"时间应在{MIN_YEAR}年至{MAX_YEAR}年之间。")
    if timezone.is_naive(value):  # read as the site's time zone (Asia/Shanghai)
        value = timezone.make_aware(value)
    return value.astimezone(UTC)


def _in_years(value: date) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"日期应在{MIN_YEAR}年至{MAX_YEAR}年之间。")
    return value


Text = Annotated[str, AfterValidator(_clean_text)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
When = Annotated[datetime, BeforeValidator(_text_only), AfterValidator(_aware)]
Day = Annotated[date, BeforeValidator(_text_only), AfterValidator(_in_years)]


def page_size(limit: int | None) -> int:
    """Page sizes are bounded: below 1 is 1, above 100 is 100 (never an unbounded query)."""
    if limit is None:
        return DEFAULT_LIMIT
    return max(1, min(MAX_LIMIT, limit))


# ---- errors ---------------------------------------------------------------------------------


class Error(Schema):
    """Every error: a code for programs, a Chinese sentence for people."""

    code: str = Field(description="错误类型，如 bad_request、not_found、rate_limited")
    detail: str = Field(description="中文说明")
    errors: dict[str, list[str]] = Field(
        default_factory=dict, description="逐项的输入错误（参数名 → 说明），无则为空"
    )


#: Every endpoint may answer these (bad input, rate limit) besides its own.
COMMON_ERRORS: dict[int, type[Schema]] = {400: Error, 429: Error}


def responses(ok: Any, *codes: int, ok_status: int = 200) -> dict[int, Any]:
    return {ok_status: ok, **COMMON_ERRORS, **dict.fromkeys(codes, Error)}


# ---- the cursor -----------------------------------------------------------------------------


class BadCursor(ValueError):
    pass


def encode_cursor(order: str, key: Any, pk: int) -> str:
    """Opaque to clients: where the last page ended (the sort key and id of its last row)."""
    if isinstance(key, datetime):
        key = key.astimezone(UTC).isoformat()
    raw = json.dumps([order, key, pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, order: str) -> tuple[Any, int]:
    """(sort key, id) of a cursor made by `encode_cursor` for the same ordering."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        kind, key, pk = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, TypeError, binascii.Error, UnicodeError):
        raise BadCursor("cursor 无效：请使用上一页返回的 next_cursor 原样传回。") from None
    if kind != order:
        raise BadCursor("cursor 与排序方式不符：换了排序方式请从第一页重新开始。")
    if not isinstance(pk, int) or not 0 <= pk <= MAX_ID:
        raise BadCursor("cursor 无效：请使用上一页返回的 next_cursor 原样传回。")
    if isinstance(key, str) and key:
        try:
            when = datetime.fromisoformat(key)
        except ValueError:
            raise BadCursor("cursor 无效：请使用上一页返回的 next_cursor 原样传回。") from None
        if timezone.is_naive(when):
            raise BadCursor("cursor 无效：请使用上一页返回的 next_cursor 原样传回。")
        return when, pk
    if key is None or (isinstance(key, int) and not isinstance(key, bool)):
        return key, pk
    raise BadCursor("cursor 无效：请使用上一页返回的 next_cursor 原样传回。")


# ---- authentication and rate limits ---------------------------------------------------------


class TokenAuth(HttpBearer):
    """`Authorization: Bearer gk_…`: the token's user, acting with that user's roles."""

    openapi_description = (
        "后台账号的接口令牌（在后台“接口令牌”页或用 gongkai api token create 创建）"
    )

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = selectors.active_token(token)
        if found is None:
            return None
        token_mark_used(token=found)
        request.user = found.user
        return found


class ApiThrottle(BaseThrottle):
    """The project's limiter (`gongkai.core.ratelimit`): per token when one authenticated the
    request, else per client address (behind a trusted proxy, the forwarded one)."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "auth", None)
        if isinstance(token, ApiToken):
            return ratelimit.acquire(STAFF_PER_TOKEN, f"token:{token.pk}")
        return ratelimit.acquire(PUBLIC_PER_IP, ratelimit.client_ip(request))

    def wait(self) -> float | None:
        # Both limits count per minute (no state kept here: one throttle serves every thread).
        window = PUBLIC_PER_IP.window_seconds
        return float(window - int(time.time()) % window)
