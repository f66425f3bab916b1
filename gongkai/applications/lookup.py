"""The 查询码 status lookup, shared by the public status page and the open API (`/api/v1/`):
one rate limit and one answer for an unknown code and a wrong tail, whoever asks.

Each attempt takes a failure slot first and gives it back when it succeeds, so a burst of
concurrent guesses gets no more tries than the limit (issue 16).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gongkai.applications import ratelimit as rl
from gongkai.applications import selectors
from gongkai.applications.forms import StatusLookupForm
from gongkai.applications.models import Application


@dataclass(frozen=True)
class LookupResult:
    application: Application | None
    status: int  # 200 found; 400 bad input or no match; 429 too many failures
    message: str = ""
    #: The bound form when its input was judged (its field errors), else None.
    form: StatusLookupForm | None = None


def status_lookup(*, ip: str, data: Mapping[str, Any]) -> LookupResult:
    """Look an application up by 查询码 + the last four of the phone or ID number."""
    form = StatusLookupForm(data)
    if not rl.acquire(rl.LOOKUP_FAILURES_PER_IP, ip):
        minutes = rl.minutes_left(rl.LOOKUP_FAILURES_PER_IP)
        return LookupResult(
            None, 429, f"查询失败次数过多，为保护申请人信息，请{minutes}分钟后再试。"
        )
    if not form.is_valid():
        rl.release(rl.LOOKUP_FAILURES_PER_IP, ip)  # a typo in the form is no guess
        first = next(iter(form.errors.values()), ["请核对填写的内容。"])
        return LookupResult(None, 400, str(first[0]), form)
    code, tail = form.cleaned_data["code"], form.cleaned_data["tail"]
    if not rl.acquire(rl.LOOKUP_FAILURES_PER_CODE, code):
        rl.release(rl.LOOKUP_FAILURES_PER_IP, ip)
        return LookupResult(
            None, 429, "该查询码的查询失败次数过多，请1小时后再试，或联系受理机关。"
        )
    app = selectors.application_by_code(code, tail)
    if app is None:
        return LookupResult(None, 400, "查询码或号码后四位不正确，请核对后重试。", form)
    rl.release(rl.LOOKUP_FAILURES_PER_IP, ip)
    rl.release(rl.LOOKUP_FAILURES_PER_CODE, code)
    return LookupResult(app, 200, "", form)
