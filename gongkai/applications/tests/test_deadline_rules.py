"""The deadline rules of Art. 30–35 on dated examples (chinese-calendar seed, no database)."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import pytest

from gongkai.applications.deadlines import (
    Channel,
    Consultation,
    ConsultationKind,
    DeadlineInput,
    DeadlineInputError,
    DeadlineResult,
    compute_deadlines,
    recompute_deadlines,
)
from gongkai.core.workcal import WorkCalendar, seed_calendar


def run(**kw: Any) -> DeadlineResult:
    return compute_deadlines(DeadlineInput(**kw), seed_calendar())


@pytest.mark.parametrize(
    ("receipt", "wd7", "wd20", "wd40"),
    [
        # legal-rules §1.8 test vectors
        (date(2025, 9, 26), date(2025, 10, 13), date(2025, 10, 30), date(2025, 11, 27)),
        (date(2025, 1, 20), date(2025, 2, 5), date(2025, 2, 21), date(2025, 3, 21)),
        (date(2024, 12, 20), date(2024, 12, 31), date(2025, 1, 20), date(2025, 2, 21)),
        (date(2025, 12, 15), date(2025, 12, 24), date(2026, 1, 13), date(2026, 2, 10)),
        (date(2026, 2, 9), date(2026, 2, 25), date(2026, 3, 13), date(2026, 4, 13)),
        (date(2026, 9, 18), date(2026, 9, 29), date(2026, 10, 22), date(2026, 11, 19)),
    ],
)
def test_shared_vectors(receipt: date, wd7: date, wd20: date, wd40: date) -> None:
    plain = compute_deadlines(DeadlineInput(received=receipt), seed_calendar())
    assert (plain.correction_notice_due, plain.answer_due) == (wd7, wd20)
    assert plain.provisional is False
    extended = compute_deadlines(DeadlineInput(received=receipt, extended=True), seed_calendar())
    assert (extended.answer_due_statutory, extended.answer_due) == (wd20, wd40)


def test_spring_festival_2026_counts_both_makeup_saturdays() -> None:
    r = run(received=date(2026, 2, 13))
    # WD1 = Sat 02-14, WD2..5 = 02-24..27, WD6 = Sat 02-28, WD7 = Mon 03-02.
    assert r.correction_notice_due == date(2026, 3, 2)
    assert r.answer_due == date(2026, 3, 19)


def test_explanation_says_how_each_date_was_computed() -> None:
    r = run(received=date(2026, 3, 2))
    assert r.answer_due == date(2026, 3, 30)
    text = "\n".join(r.explanation)
    assert "自2026年3月2日起第20个工作日，即2026年3月30日（第三十三条第二款）" in text
    assert "自2026年3月2日起第7个工作日，即2026年3月11日（第三十条" in text
    assert "第三十一条第（一）项" in text
    assert f"使用工作日历版本 {seed_calendar().version}" in text
    assert r.calendar_version == seed_calendar().version


@pytest.mark.parametrize(
    ("channel", "confirmed", "receipt", "assumed"),
    [
        (Channel.IN_PERSON, None, date(2026, 3, 2), False),
        (Channel.POST_SIGNED, None, date(2026, 3, 2), False),
        (Channel.POST_ORDINARY, date(2026, 3, 3), date(2026, 3, 3), False),
        (Channel.POST_ORDINARY, None, date(2026, 3, 2), True),
        (Channel.ONLINE, date(2026, 3, 4), date(2026, 3, 4), False),
        (Channel.FAX, None, date(2026, 3, 2), True),
    ],
)
def test_receipt_date_by_channel(
    channel: Channel, confirmed: date | None, receipt: date, assumed: bool
) -> None:
    r = run(received=date(2026, 3, 2), channel=channel, confirmed=confirmed)
    assert (r.receipt_date, r.assumed_confirmation) == (receipt, assumed)
    if assumed:
        assert any("未提供确认日期" in s for s in r.explanation)


def test_correction_restarts_the_answer_period() -> None:
    r = run(received=date(2026, 3, 2), correction_received=date(2026, 3, 9))
    assert r.correction_notice_due == date(2026, 3, 11)  # still from the first receipt
    assert r.answer_period_start == date(2026, 3, 9)
    assert r.answer_due == date(2026, 4, 7)  # 清明 2026-04-04..06 is skipped
    assert any("重新起算" in s for s in r.explanation)


def test_consultation_across_national_day_is_excluded() -> None:
    c = Consultation(sent=date(2025, 9, 29), replied=date(2025, 10, 10))
    r = run(received=date(2025, 9, 26), consultations=(c,))
    # Excluded: 09-30, 10-09, 10-10 (10-01..08 are holidays anyway).
    assert r.excluded_dates == (date(2025, 9, 30), date(2025, 10, 9), date(2025, 10, 10))
    assert r.excluded_working_days == 3
    assert r.answer_due == date(2025, 11, 4)  # 10-30 + 3 working days
    assert r.consultation_reply_dues == (date(2025, 10, 27),)


def test_consultation_without_reply_runs_to_the_end_of_the_15_day_window() -> None:
    silent = Consultation(sent=date(2025, 9, 29))
    late = Consultation(sent=date(2025, 9, 29), replied=date(2025, 11, 5))
    for c in (silent, late):
        r = run(received=date(2025, 9, 26), consultations=(c,))
        assert r.excluded_working_days == 15
        assert r.answer_due == date(2025, 11, 20)


def test_overlapping_consultations_count_each_day_once() -> None:
    third = Consultation(sent=date(2025, 9, 29), replied=date(2025, 10, 10))
    organ = Consultation(
        sent=date(2025, 10, 9), replied=date(2025, 10, 13), kind=ConsultationKind.AGENCY
    )
    r = run(received=date(2025, 9, 26), consultations=(third, organ))
    assert r.excluded_working_days == 5  # 09-30, 10-09, 10-10, 10-11 (Sat, 调休), 10-13
    assert r.answer_due == date(2025, 11, 6)
    assert any("第三十四条" in s for s in r.explanation)


def test_consultation_replied_the_same_day_excludes_nothing() -> None:
    c = Consultation(sent=date(2026, 3, 5), replied=date(2026, 3, 5))
    assert run(received=date(2026, 3, 2), consultations=(c,)).answer_due == date(2026, 3, 30)


def test_fee_time_excluded_by_default(settings: Any) -> None:
    r = run(received=date(2026, 3, 2), fee_notice=date(2026, 3, 10), fee_paid=date(2026, 3, 13))
    assert r.fee_payment_due == date(2026, 4, 8)  # 20 working days, 清明 skipped
    assert r.excluded_working_days == 3
    assert r.answer_due == date(2026, 4, 2)


def test_fee_time_counted_when_configured(settings: Any) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "FEE_TIME_EXCLUDED": False}
    r = run(received=date(2026, 3, 2), fee_notice=date(2026, 3, 10), fee_paid=date(2026, 3, 13))
    assert r.excluded_working_days == 0
    assert r.answer_due == date(2026, 3, 30)
    assert any("计入答复期限" in s for s in r.explanation)


def test_article_35_delayed_date() -> None:
    r = run(received=date(2026, 3, 2), delayed_until=date(2026, 5, 15))
    assert (r.answer_due_statutory, r.answer_due) == (date(2026, 3, 30), date(2026, 5, 15))
    with pytest.raises(DeadlineInputError, match="第三十五条"):
        run(received=date(2026, 3, 2), delayed_until=date(2026, 3, 20))


def test_partial_extension() -> None:
    r = run(received=date(2026, 3, 2), extended=True, extension_working_days=5)
    assert r.answer_due == date(2026, 4, 7)  # WD25: 03-31, 04-01, 04-02, 04-03, (清明) 04-07


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"confirmed": date(2026, 3, 1), "channel": Channel.ONLINE}, "早于收到日期"),
        ({"confirmed": date(2026, 3, 3)}, "不需要确认日期"),
        ({"correction_received": date(2026, 3, 1)}, "收到补正的日期"),
        (
            {"consultations": (Consultation(sent=date(2026, 3, 5), replied=date(2026, 3, 4)),)},
            "早于发出",
        ),
        ({"consultations": (Consultation(sent=date(2026, 2, 27)),)}, "早于收到申请之日"),
        ({"extended": True, "extension_working_days": 21}, "不得超过20个工作日"),
        ({"fee_notice": date(2026, 3, 10), "fee_paid": date(2026, 3, 9)}, "缴费日期"),
        ({"fee_paid": date(2026, 3, 9)}, "没有收费通知"),
        ({"fee_notice": date(2026, 3, 1)}, "收费通知日期"),
        ({"delayed_until": date(2099, 1, 1)}, "超出支持范围"),
    ],
)
def test_bad_inputs(kw: dict[str, Any], message: str) -> None:
    with pytest.raises(DeadlineInputError, match=message):
        run(received=date(2026, 3, 2), **kw)


def test_crossing_into_an_unloaded_year_is_provisional() -> None:
    r = run(received=date(2026, 12, 10))
    assert r.provisional is True
    assert r.provisional_years == (2027,)
    assert any("2027年节假日安排通知尚未导入" in s for s in r.explanation)
    # Late December waits for the 2027 notice even if the due date stays in 2026.
    assert run(received=date(2026, 11, 24)).provisional is True
    assert run(received=date(2026, 11, 20)).provisional is False


def test_recompute_logs_every_moved_date(caplog: pytest.LogCaptureFixture) -> None:
    old = seed_calendar()
    extra = frozenset({date(2027, 1, 4), date(2027, 1, 5)})  # test data, not the real 2027 notice
    new = WorkCalendar(
        holidays=old.holidays | extra,
        makeup_workdays=old.makeup_workdays,
        years=old.years | {2027},
        version="v9-test",
        confirmed_years=old.confirmed | {2027},
    )
    cases = [
        ("A", DeadlineInput(received=date(2026, 12, 10))),
        ("B", DeadlineInput(received=date(2026, 3, 2))),
    ]
    with caplog.at_level(logging.INFO, logger="gongkai.deadlines"):
        moves = recompute_deadlines(cases, old=old, new=new)
    assert {(m.key, m.field) for m in moves} == {("A", "answer_due_statutory"), ("A", "answer_due")}
    move = next(m for m in moves if m.field == "answer_due")
    assert move.new is not None and move.old is not None and move.new > move.old
    assert (move.old_version, move.new_version) == (old.version, "v9-test")
    assert "到期日变化" in caplog.text and "v9-test" in caplog.text
    assert compute_deadlines(cases[0][1], new).provisional is False


def test_result_is_frozen_and_json_ready() -> None:
    r = run(received=date(2026, 3, 2), consultations=(Consultation(sent=date(2026, 3, 5)),))
    with pytest.raises(AttributeError):
        r.answer_due = date(2026, 1, 1)  # type: ignore[misc]
    data = r.as_dict()
    assert data["answer_due"] == r.answer_due.isoformat()
    assert data["consultation_reply_dues"] == [d.isoformat() for d in r.consultation_reply_dues]
    assert isinstance(data["explanation"], list)
