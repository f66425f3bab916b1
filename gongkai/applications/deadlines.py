"""Deadline rules of 依申请公开 as pure functions.

Sources: 《政府信息公开条例》 Art. 30–35; 国办函〔2020〕109号 for the fee window. Every time rule of
依申请公开 lives here once (services, forms, views and the command call these functions; none
restates a number of days).
Counting (legal-rules §1.8, DERIVED): the start date is not counted; working day 1 is the first
working day after it; weekend make-up workdays (调休上班) count. Every result names the calendar
version it used and is provisional when it depends on a day that a notice not yet loaded could
change (§6.3).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from django.db import models

from gongkai.core.conf import gongkai_settings
from gongkai.core.workcal.calendar import (
    WorkCalendar,
    add_working_days,
    default_calendar,
    format_date,
    is_working_day,
    uncertain_years,
)

logger = logging.getLogger("gongkai.deadlines")

CORRECTION_NOTICE_WORKING_DAYS = 7  # Art. 30
ANSWER_WORKING_DAYS = 20  # Art. 33 para 2
MAX_EXTENSION_WORKING_DAYS = 20  # Art. 33 para 2
CONSULTATION_REPLY_WORKING_DAYS = 15  # Art. 32 (third party), Art. 34 (co-making organ)
FEE_PAYMENT_WORKING_DAYS = 20  # 109号 as implemented by the 川财 notice (legal-rules §3)
EARLIEST, LATEST = date(2000, 1, 1), date(2098, 12, 31)  # lunar fallback needs years it can compute


class Channel(models.TextChoices):
    """Art. 31: how the application arrived decides its receipt date (`Application.channel`)."""

    IN_PERSON = "in_person", "当面提交"
    POST_SIGNED = "post_signed", "邮寄（需签收）"
    POST_ORDINARY = "post_ordinary", "平常信函"
    ONLINE = "online", "互联网"
    FAX = "fax", "传真"


#: How the explanation sentences name each channel ("申请{phrase}的，…").
CHANNEL_PHRASES = {
    Channel.IN_PERSON: "当面提交",
    Channel.POST_SIGNED: "以需签收的方式邮寄",
    Channel.POST_ORDINARY: "以平常信函邮寄",
    Channel.ONLINE: "通过互联网渠道提交",
    Channel.FAX: "通过传真提交",
}
_CONFIRMED_CHANNELS = frozenset({Channel.POST_ORDINARY, Channel.ONLINE, Channel.FAX})


class ConsultationKind(StrEnum):
    THIRD_PARTY = "third_party"  # Art. 32
    AGENCY = "agency"  # Art. 34


class DeadlineInputError(ValueError):
    """Inputs that cannot describe a real case; the Chinese message says which dates clash."""


@dataclass(frozen=True)
class Consultation:
    sent: date
    replied: date | None = None
    kind: ConsultationKind = ConsultationKind.THIRD_PARTY


@dataclass(frozen=True)
class DeadlineInput:
    received: date
    channel: Channel = Channel.IN_PERSON
    confirmed: date | None = None
    correction_received: date | None = None
    extended: bool = False
    extension_working_days: int = MAX_EXTENSION_WORKING_DAYS
    consultations: tuple[Consultation, ...] = ()
    delayed_until: date | None = None  # Art. 35
    fee_notice: date | None = None
    fee_paid: date | None = None
    # The answer: drafted and waiting for 审核 / 签发, or signed (the answer date).
    answer_drafted: date | None = None
    answered: date | None = None


@dataclass(frozen=True)
class DeadlineResult:
    receipt_date: date
    channel: str
    assumed_confirmation: bool
    correction_notice_due: date
    answer_period_start: date
    answer_due_statutory: date  # working day 20 (plus excluded days)
    answer_due_extended: date | None
    answer_due_delayed: date | None
    answer_due: date  # the one that applies: delayed, else extended, else statutory
    consultation_reply_dues: tuple[date, ...]
    fee_payment_due: date | None
    excluded_working_days: int
    excluded_dates: tuple[date, ...]
    provisional: bool
    provisional_years: tuple[int, ...]
    calendar_version: str
    explanation: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO strings, tuples as lists."""
        out: dict[str, Any] = {}
        for f in fields(self):
            out[f.name] = _jsonable(getattr(self, f.name))
        return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


# --- the rules ------------------------------------------------------------------------------------


def needs_confirmation(channel: str) -> bool:
    """Art. 31(二)(三): whether the receipt date is the day both sides confirmed the application.

    A 平常信函 needing no signature, an online application and a fax count from the confirmation
    with the applicant, not from their arrival; in person and signed-for post count at once.
    """
    return channel in _CONFIRMED_CHANNELS


def receipt_date(*, channel: Channel, received: date, confirmed: date | None) -> tuple[date, bool]:
    """Art. 31: the date the organ received the application, by channel; returns (date, assumed).

    (一) 当面提交: the day it was submitted. (二) 邮寄: the day the organ signed for it; a
    平常信函 needing no signature: the day the GIO body confirmed with the applicant, which it
    must try to do on the day the letter arrives. (三) 互联网渠道 or 传真: the day both sides
    confirmed. Without a confirmation date the same-day confirmation the article expects is
    assumed (and said so in the explanation).
    """
    if not needs_confirmation(channel):
        if confirmed is not None:
            verb = "提交" if channel == Channel.IN_PERSON else "签收"
            raise DeadlineInputError(
                f"{CHANNEL_PHRASES[channel]}的申请以{verb}之日为收到申请之日，"
                "不需要确认日期（--confirmed）"
            )
        return received, False
    if confirmed is None:
        return received, True
    if confirmed < received:
        raise DeadlineInputError(
            f"确认日期{format_date(confirmed)}早于收到日期{format_date(received)}"
        )
    return confirmed, False


def correction_notice_due(receipt: date, cal: WorkCalendar) -> date:
    """Art. 30: the one-time 补正 notice is due within 7 working days of receipt."""
    return add_working_days(receipt, CORRECTION_NOTICE_WORKING_DAYS, cal)


def answer_period_start(receipt: date, correction_received: date | None) -> date:
    """Art. 30: the answer period restarts on receipt of the correction.

    "答复期限自行政机关收到补正的申请之日起计算"
    """
    if correction_received is None:
        return receipt
    if correction_received < receipt:
        raise DeadlineInputError(
            f"收到补正的日期{format_date(correction_received)}早于收到申请之日{format_date(receipt)}"
        )
    return correction_received


def working_days_in(after: date, through: date, cal: WorkCalendar) -> frozenset[date]:
    """The working days in (after, through]."""
    days: set[date] = set()
    day = after
    while day < through:
        day += timedelta(days=1)
        if is_working_day(day, cal):
            days.add(day)
    return frozenset(days)


def consultation_reply_due(sent: date, cal: WorkCalendar) -> date:
    """Art. 32 (third party) / Art. 34 (other organ): the consulted party answers within 15
    working days of receiving the request for its opinion (counted here from the day it was sent).
    """
    return add_working_days(sent, CONSULTATION_REPLY_WORKING_DAYS, cal)


def fee_payment_due(notice: date, cal: WorkCalendar) -> date:
    """国办函〔2020〕109号 (as implemented by the 川财 notice): pay within 20 working days counted
    from the day after the fee notice, or the application is deemed abandoned."""
    return add_working_days(notice, FEE_PAYMENT_WORKING_DAYS, cal)


def consultation_window(c: Consultation, cal: WorkCalendar) -> tuple[date, frozenset[date]]:
    """Art. 32 / Art. 34 with Art. 33 para 3: (reply due, working days not counted).

    The consulted party has 15 working days (counted here from the day the letter was sent: the
    day it was received is not known). The working days after the letter was sent, up to and
    including the day the reply arrived (or the day the 15-day window closed, if that is earlier
    or no reply came) are "征求第三方和其他机关意见所需时间" and do not count towards the answer
    period.
    """
    if c.replied is not None and c.replied < c.sent:
        raise DeadlineInputError(
            f"收到意见的日期{format_date(c.replied)}早于发出征求意见书的日期{format_date(c.sent)}"
        )
    reply_due = consultation_reply_due(c.sent, cal)
    end = reply_due if c.replied is None else min(c.replied, reply_due)
    return reply_due, working_days_in(c.sent, end, cal)


def fee_window(notice: date, paid: date | None, cal: WorkCalendar) -> tuple[date, frozenset[date]]:
    """国办函〔2020〕109号 (as implemented by the 川财 notice): the fee payment window.

    Pay within 20 working days counted from the day after the fee notice is received, or the
    application is deemed abandoned. Returns (payment due, the working days from the notice to
    payment or to the end of the window). Those days are excluded from the answer period when
    `GONGKAI["FEE_TIME_EXCLUDED"]` is true (default); whether the national measure excludes them
    is UNVERIFIED (legal-rules §3).
    """
    if paid is not None and paid < notice:
        raise DeadlineInputError(
            f"缴费日期{format_date(paid)}早于收费通知日期{format_date(notice)}"
        )
    due = fee_payment_due(notice, cal)
    end = due if paid is None else min(paid, due)
    return due, working_days_in(notice, end, cal)


def count_excluding(start: date, n: int, excluded: frozenset[date], cal: WorkCalendar) -> date:
    """Art. 33 para 3: the n-th working day after `start`, skipping days that do not count."""
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day, cal) and day not in excluded:
            counted += 1
    return day


def answer_due(start: date, excluded: frozenset[date], cal: WorkCalendar) -> date:
    """Art. 33 para 2: answer within 20 working days of receipt (of the corrected application)."""
    return count_excluding(start, ANSWER_WORKING_DAYS, excluded, cal)


def check_extension(*, extended_before: bool, days: int | None = None) -> None:
    """Art. 33 para 2: the answer period may be extended once, by at most 20 working days.

    `extended_before`: the case was extended already; `days`: the extension asked for (None when
    only asking whether the case may be extended at all). Raises `DeadlineInputError` saying why.
    """
    if extended_before:
        raise DeadlineInputError("第三十三条只允许延长一次答复期限，本申请已延期。")
    if days is not None and not 1 <= days <= MAX_EXTENSION_WORKING_DAYS:
        raise DeadlineInputError(
            f"延长答复期限最长不得超过{MAX_EXTENSION_WORKING_DAYS}个工作日（第三十三条第二款）。"
        )


def extended_answer_due(
    start: date,
    excluded: frozenset[date],
    cal: WorkCalendar,
    days: int = MAX_EXTENSION_WORKING_DAYS,
) -> date:
    """Art. 33 para 2: one extension of at most 20 working days.

    Approved by the head of the GIO working body and told to the applicant; counted on from the
    same start (working day 40 for a full extension).
    """
    check_extension(extended_before=False, days=days)
    return count_excluding(start, ANSWER_WORKING_DAYS + days, excluded, cal)


def delayed_answer_due(delayed_until: date, statutory_due: date) -> date:
    """Art. 35: a reasonable delayed date set by the organ.

    For requests clearly beyond a reasonable number or frequency the organ may set a later date
    and tell the applicant. No maximum exists; the date must lie after the Art. 33 due date.
    """
    if delayed_until <= statutory_due:
        raise DeadlineInputError(
            f"延迟答复日期{format_date(delayed_until)}应晚于法定答复期限{format_date(statutory_due)}"
            "（第三十五条）"
        )
    return delayed_until


# --- putting it together --------------------------------------------------------------------------


def _check_range(inp: DeadlineInput) -> None:
    named: dict[str, date | None] = {
        "收到日期": inp.received,
        "确认日期": inp.confirmed,
        "收到补正日期": inp.correction_received,
        "延迟答复日期": inp.delayed_until,
        "收费通知日期": inp.fee_notice,
        "缴费日期": inp.fee_paid,
        "拟稿日期": inp.answer_drafted,
        "答复日期": inp.answered,
    }
    checks = list(named.items())
    for c in inp.consultations:
        checks += [("发出征求意见书日期", c.sent), ("收到意见日期", c.replied)]
    for label, value in checks:
        if value is not None and not EARLIEST <= value <= LATEST:
            raise DeadlineInputError(f"{label}{value.isoformat()}超出支持范围（2000—2098年）")


def _fee_time_excluded() -> bool:
    return gongkai_settings().FEE_TIME_EXCLUDED


def compute_deadlines(inp: DeadlineInput, cal: WorkCalendar | None = None) -> DeadlineResult:
    """Every date of a request under Art. 30–35, with a Chinese sentence for each."""
    cal = cal or default_calendar()
    _check_range(inp)
    say: list[str] = []
    receipt, assumed = receipt_date(
        channel=inp.channel, received=inp.received, confirmed=inp.confirmed
    )
    say.append(_receipt_sentence(inp.channel, inp.received, receipt, assumed))
    say.append(
        "期限按工作日计算：收到之日不计入，自次日起的第一个工作日为第1个工作日；"
        "国务院办公厅通知安排的调休上班日计为工作日。"
    )
    notice_due = correction_notice_due(receipt, cal)
    say.append(
        f"补正告知期限：自{format_date(receipt)}起第{CORRECTION_NOTICE_WORKING_DAYS}个工作日，"
        f"即{format_date(notice_due)}（第三十条：一次性告知申请人补正）。"
    )
    start = answer_period_start(receipt, inp.correction_received)
    if inp.correction_received is not None:
        say.append(f"{format_date(start)}收到补正后的申请，答复期限自该日重新起算（第三十条）。")

    excluded: set[date] = set()
    reply_dues: list[date] = []
    for c in sorted(inp.consultations, key=lambda c: c.sent):
        if c.sent < receipt:
            raise DeadlineInputError(
                f"发出征求意见书的日期{format_date(c.sent)}早于收到申请之日{format_date(receipt)}"
            )
        reply_due, days = consultation_window(c, cal)
        reply_dues.append(reply_due)
        excluded |= days
        say.append(_consultation_sentence(c, reply_due, len(days)))

    fee_due = None
    if inp.fee_paid is not None and inp.fee_notice is None:
        raise DeadlineInputError("有缴费日期但没有收费通知日期")
    if inp.fee_notice is not None:
        if inp.fee_notice < start:
            raise DeadlineInputError(
                f"收费通知日期{format_date(inp.fee_notice)}早于答复期限起算日{format_date(start)}"
            )
        fee_due, fee_days = fee_window(inp.fee_notice, inp.fee_paid, cal)
        say.append(_fee_sentence(inp.fee_notice, inp.fee_paid, fee_due, fee_days))
        if _fee_time_excluded():
            excluded |= fee_days

    frozen = frozenset(excluded)
    statutory = answer_due(start, frozen, cal)
    say.append(
        _due_sentence("答复期限", start, ANSWER_WORKING_DAYS, statutory, frozen, "第三十三条第二款")
    )
    extended = None
    if inp.extended:
        extended = extended_answer_due(start, frozen, cal, inp.extension_working_days)
        n = ANSWER_WORKING_DAYS + inp.extension_working_days
        say.append(
            f"经政府信息公开工作机构负责人同意延长{inp.extension_working_days}个工作日并告知申请人。"
        )
        say.append(
            _due_sentence("延长后的答复期限", start, n, extended, frozen, "第三十三条第二款")
        )
    delayed = None
    if inp.delayed_until is not None:
        delayed = delayed_answer_due(inp.delayed_until, extended or statutory)
        say.append(f"依第三十五条确定延迟答复的合理期限：{format_date(delayed)}。")
    due = delayed or extended or statutory
    answer_sentence = _answer_sentence(inp, due, cal)
    if answer_sentence:
        say.append(answer_sentence)
    counted_excluded = tuple(sorted(d for d in frozen if start < d <= (extended or statutory)))

    last = max([notice_due, statutory, extended or statutory, fee_due or statutory, *reply_dues])
    unsure = uncertain_years(receipt, last, cal)
    say.append(f"使用工作日历版本 {cal.version}。")
    if unsure:
        years = "、".join(f"{y}年" for y in sorted(unsure))
        say.append(
            f"{years}节假日安排通知尚未导入，相关日期按《全国年节及纪念日放假办法》规定的法定节假日推定，"
            "以上结果为暂定，导入通知后将重新计算。"
        )
    return DeadlineResult(
        receipt_date=receipt,
        channel=str(inp.channel),
        assumed_confirmation=assumed,
        correction_notice_due=notice_due,
        answer_period_start=start,
        answer_due_statutory=statutory,
        answer_due_extended=extended,
        answer_due_delayed=delayed,
        answer_due=due,
        consultation_reply_dues=tuple(reply_dues),
        fee_payment_due=fee_due,
        excluded_working_days=len(counted_excluded),
        excluded_dates=counted_excluded,
        provisional=bool(unsure),
        provisional_years=tuple(sorted(unsure)),
        calendar_version=cal.version,
        explanation=tuple(say),
    )


def _receipt_sentence(channel: Channel, received: date, receipt: date, assumed: bool) -> str:
    rule = {
        Channel.IN_PERSON: "以提交之日为收到申请之日（第三十一条第（一）项）",
        Channel.POST_SIGNED: "以行政机关签收之日为收到申请之日（第三十一条第（二）项）",
        Channel.POST_ORDINARY: (
            "以政府信息公开工作机构与申请人确认之日为收到申请之日（第三十一条第（二）项）"
        ),
        Channel.ONLINE: "以双方确认之日为收到申请之日（第三十一条第（三）项）",
        Channel.FAX: "以双方确认之日为收到申请之日（第三十一条第（三）项）",
    }[channel]
    text = f"收到申请之日：{format_date(receipt)}。申请{CHANNEL_PHRASES[channel]}的，{rule}。"
    if assumed:
        text += f"未提供确认日期，按{format_date(received)}当日确认计算。"
    return text


def _consultation_sentence(c: Consultation, reply_due: date, excluded: int) -> str:
    who, article = (
        ("第三方", "第三十二条")
        if c.kind == ConsultationKind.THIRD_PARTY
        else ("其他机关", "第三十四条")
    )
    text = (
        f"{format_date(c.sent)}发出{who}征求意见书，应在第{CONSULTATION_REPLY_WORKING_DAYS}个工作日"
        f"即{format_date(reply_due)}前提出意见（{article}）；"
    )
    if c.replied is None:
        text += "尚未收到意见，按意见期限届满计算，"
    elif c.replied > reply_due:
        text += f"{format_date(c.replied)}收到意见（已逾期），不计入的时间截至意见期限届满，"
    else:
        text += f"{format_date(c.replied)}收到意见，"
    return text + f"其间{excluded}个工作日不计入答复期限（第三十三条第三款）。"


def _fee_sentence(notice: date, paid: date | None, due: date, days: frozenset[date]) -> str:
    text = (
        f"{format_date(notice)}发出收费通知，申请人应在第{FEE_PAYMENT_WORKING_DAYS}个工作日"
        f"即{format_date(due)}前缴费，逾期视为放弃申请（国办函〔2020〕109号）；"
    )
    text += f"{format_date(paid)}缴费。" if paid else "尚未缴费。"
    if _fee_time_excluded():
        return text + f"收费期间{len(days)}个工作日不计入答复期限（本平台配置）。"
    return text + "按本平台配置，收费期间计入答复期限。"


def _answer_sentence(inp: DeadlineInput, due: date, cal: WorkCalendar) -> str:
    """Art. 33 counts to the answer, and an answer is given when it is signed: a draft waiting
    for 审核 / 签发 does not stop the clock; the signed date is the answer date."""
    if inp.answered is not None:
        if inp.answered <= due:
            return f"{format_date(inp.answered)}签发答复（答复日期），在答复期限内。"
        late = len(working_days_in(due, inp.answered, cal))
        return f"{format_date(inp.answered)}签发答复（答复日期），超过答复期限{late}个工作日。"
    if inp.answer_drafted is not None:
        return (
            f"{format_date(inp.answer_drafted)}拟定答复，待审核、签发；答复日期以签发之日为准，"
            "审批期间答复期限继续计算（第三十三条）。"
        )
    return ""


def _due_sentence(
    what: str, start: date, n: int, due: date, excluded: frozenset[date], article: str
) -> str:
    skipped = sum(1 for d in excluded if start < d <= due)
    extra = f"（另有{skipped}个工作日不计入）" if skipped else ""
    return (
        f"{what}：自{format_date(start)}起第{n}个工作日{extra}，即{format_date(due)}（{article}）。"
    )


# --- recomputing when the calendar changes --------------------------------------------------------

DATE_FIELDS = (
    "correction_notice_due",
    "answer_due_statutory",
    "answer_due_extended",
    "answer_due",
    "fee_payment_due",
)


@dataclass(frozen=True)
class DueDateMove:
    key: Any
    field: str
    old: date | None
    new: date | None
    old_version: str
    new_version: str


def recompute_deadlines(
    cases: Iterable[tuple[Any, DeadlineInput]], *, old: WorkCalendar, new: WorkCalendar
) -> list[DueDateMove]:
    """Recompute open cases after a calendar change (§6.3 item 2) and log every due date that moved.

    `cases` pairs a caller's key (e.g. an application id) with its inputs. Used by the receiver of
    `gongkai.core.workcal.signals.calendar_year_loaded`.
    """
    moves: list[DueDateMove] = []
    for key, inp in cases:
        before, after = compute_deadlines(inp, old), compute_deadlines(inp, new)
        for name in DATE_FIELDS:
            a, b = getattr(before, name), getattr(after, name)
            if a != b:
                move = DueDateMove(key, name, a, b, old.version, new.version)
                moves.append(move)
                logger.info(
                    "到期日变化：%s %s %s → %s（工作日历 %s → %s）",
                    key,
                    name,
                    a,
                    b,
                    old.version,
                    new.version,
                )
    return moves
