from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.applications.models import Application, AppStatus
from gongkai.applications.services import extension as ext
from gongkai.applications.services import signoff
from gongkai.applications.services import workflow as wf
from gongkai.applications.services.intake import application_register
from gongkai.applications.transitions import InvalidTransition
from gongkai.core.models import AuditEvent


def test_in_person_receipt_is_submission_day_and_due_is_20th_working_day(register) -> None:
    app = register(channel="in_person", submitted_on=date(2025, 9, 26))
    assert app.status == AppStatus.PROCESSING
    assert app.receipt_date == date(2025, 9, 26)
    assert app.due_date == date(2025, 10, 30)  # legal-rules §1.8 vector, across National Day
    # Issue 13 point 10: the organ's stem leads (测试市人力资源和社会保障局 → 测人社).
    assert app.reference == "测人社-2025-0001"
    assert len(app.query_code) == 12


def test_online_waits_for_confirmation_then_clock_starts(register, staff) -> None:
    app = register(channel="online", submitted_on=date(2026, 2, 9))
    assert app.status == AppStatus.AWAITING_CONFIRMATION and app.due_date is None
    with pytest.raises(ValidationError, match="不能早于"):
        wf.application_confirm_receipt(
            actor=staff["editor"], app=app, confirmed_on=date(2026, 2, 8)
        )
    app = wf.application_confirm_receipt(
        actor=staff["editor"], app=app, confirmed_on=date(2026, 2, 9)
    )
    assert app.receipt_date == date(2026, 2, 9)
    assert app.due_date == date(2026, 3, 13)  # across Spring Festival 2026


def test_correction_restarts_clock_and_only_once(register, staff) -> None:
    app = register(submitted_on=date(2026, 3, 2))
    with pytest.raises(ValidationError, match="不能早于"):
        wf.application_request_correction(
            actor=staff["editor"],
            app=app,
            on=date(2026, 3, 1),
            items="请说明年份",
            deadline=date(2026, 3, 20),
        )
    app = wf.application_request_correction(
        actor=staff["editor"],
        app=app,
        on=date(2026, 3, 4),
        items="请说明所需统计表的年份",
        deadline=date(2026, 3, 20),
    )
    assert app.status == AppStatus.CORRECTION
    app = wf.application_receive_correction(
        actor=None, app=app, on=date(2026, 3, 10), text="2025年"
    )
    assert app.status == AppStatus.PROCESSING
    assert app.clock_start == date(2026, 3, 10)
    assert app.due_date == date(2026, 4, 8)  # 20 WD from 3-10 (清明 4-4..4-6 off)
    with pytest.raises(ValidationError, match="一次性"):
        wf.application_request_correction(
            actor=staff["editor"],
            app=app,
            on=date(2026, 3, 11),
            items="再补正",
            deadline=date(2026, 3, 25),
        )


def test_extension_once_at_most_20_days_by_the_gio_head(register, staff, head) -> None:
    app = register(submitted_on=date(2025, 9, 26))
    # Issue 13: the head of the GIO working body consents (Art. 33), no longer the 签发.
    for role in ("editor", "approver"):
        with pytest.raises(PermissionDenied):
            ext.application_extend(actor=staff[role], app=app, reason="需要检索")
    with pytest.raises(ValidationError, match="20个工作日"):
        ext.application_extend(actor=head, app=app, days=21, reason="需要检索")
    app = ext.application_extend(actor=head, app=app, reason="需要检索大量档案")
    assert app.due_date == date(2025, 11, 27)  # 40th working day, §1.8 vector
    with pytest.raises(ValidationError, match="只允许延长一次"):
        ext.application_extend(actor=head, app=app, reason="再延")
    assert Application.objects.get(pk=app.pk).extension_days == 20


def test_consultation_time_is_excluded(register, staff) -> None:
    app = register(submitted_on=date(2026, 3, 2))
    base_due = app.due_date
    c = wf.application_start_consultation(
        actor=staff["editor"], app=app, kind="third_party", party="某公司", sent_on=date(2026, 3, 5)
    )
    app.refresh_from_db()
    assert app.status == AppStatus.CONSULTING
    app = wf.application_record_consultation_reply(
        actor=staff["editor"], consultation=c, replied_on=date(2026, 3, 11), agrees=False
    )
    assert app.status == AppStatus.PROCESSING
    # 3-6, 3-9, 3-10, 3-11 are excluded: the due date moves by 4 working days.
    assert base_due == date(2026, 3, 30)
    assert app.due_date == date(2026, 4, 3)


def test_forbidden_transition_keeps_state(register, staff, answer) -> None:
    app = register()
    app = answer(app, outcome="granted", on=date(2026, 3, 5))
    with pytest.raises(InvalidTransition):
        wf.application_request_correction(
            actor=staff["editor"],
            app=app,
            on=date(2026, 3, 6),
            items="x",
            deadline=date(2026, 3, 20),
        )
    assert Application.objects.get(pk=app.pk).status == AppStatus.ANSWERED


def test_withdrawn_case_cannot_be_answered(register, staff) -> None:
    app = register()
    app = wf.application_withdraw(actor=None, app=app, on=date(2026, 3, 3), reason="不需要了")
    with pytest.raises(InvalidTransition, match="已撤回"):
        signoff.application_draft_answer(
            actor=staff["editor"], app=app, outcome="granted", on=date(2026, 3, 5)
        )


def test_answer_needs_reason_unless_granted(register, staff, answer) -> None:
    app = register()
    with pytest.raises(ValidationError, match="说明理由"):
        signoff.application_draft_answer(
            actor=staff["editor"], app=app, outcome="denied.third_party", on=date(2026, 3, 5)
        )
    app = answer(
        app,
        outcome="denied.third_party",
        on=date(2026, 3, 5),
        reason="涉及第三方商业秘密，第三方不同意公开",
    )
    event = AuditEvent.objects.for_object(app).get(action="application.answer")
    assert event.data["basis"] == "《条例》第十五条、第三十二条"


def test_invalid_id_number_refused(organ, staff, citizen) -> None:
    citizen["id_number"] = "110105194912310021"
    with pytest.raises(ValidationError) as exc:
        application_register(
            actor=staff["editor"],
            organ=organ,
            channel="in_person",
            submitted_on=date(2026, 3, 2),
            data=citizen,
        )
    assert "居民身份证号码无效" in str(exc.value)
    assert not Application.objects.exists()


def test_double_submit_with_same_token_gives_one_application(organ, citizen) -> None:
    first = application_register(
        actor=None,
        organ=organ,
        channel="online",
        submitted_on=date(2026, 3, 2),
        data=citizen,
        client_token="tok-1",
    )
    second = application_register(
        actor=None,
        organ=organ,
        channel="online",
        submitted_on=date(2026, 3, 2),
        data=citizen,
        client_token="tok-1",
    )
    assert second.application.pk == first.application.pk and not second.created
    assert Application.objects.count() == 1


def test_duplicate_application_is_suggested(register, organ, citizen) -> None:
    first = register()
    result = application_register(
        actor=None, organ=organ, channel="online", submitted_on=date(2026, 3, 9), data=citizen
    )
    assert [a.pk for a in result.possible_duplicates] == [first.pk]


def test_fee_by_item_counts_the_month(register, staff) -> None:
    a = register()
    a = wf.application_send_fee_notice(
        actor=staff["editor"], app=a, method="by_item", units=25, on=date(2026, 3, 5)
    )
    assert a.fee_amount == 1500
    b = register(submitted_on=date(2026, 3, 6), data={"description": "另一项完全不同的信息内容"})
    b = wf.application_send_fee_notice(
        actor=staff["editor"], app=b, method="by_item", units=6, on=date(2026, 3, 9)
    )
    assert b.fee_amount == 700  # items 26–31 of the month
    with pytest.raises(ValidationError, match="重复计费"):
        wf.application_send_fee_notice(
            actor=staff["editor"], app=b, method="by_volume", units=100, on=date(2026, 3, 9)
        )


def test_lapsed_correction_and_fee_close_cases_idempotently(register, staff) -> None:
    a = register(submitted_on=date(2026, 3, 2))
    wf.application_request_correction(
        actor=staff["editor"],
        app=a,
        on=date(2026, 3, 3),
        items="请补充",
        deadline=date(2026, 3, 13),
    )
    b = register(submitted_on=date(2026, 3, 2), data={"description": "第二份不相干的申请内容"})
    wf.application_send_fee_notice(
        actor=staff["editor"], app=b, method="by_volume", units=50, on=date(2026, 3, 3)
    )
    assert wf.applications_close_lapsed(today=date(2026, 3, 13)) == []
    closed = wf.applications_close_lapsed(today=date(2026, 4, 2))
    assert sorted(closed) == sorted([a.pk, b.pk])
    assert Application.objects.get(pk=a.pk).outcome == "other.no_correction"
    assert Application.objects.get(pk=b.pk).outcome == "other.no_fee_payment"
    assert wf.applications_close_lapsed(today=date(2026, 4, 3)) == []


def test_mark_overdue_is_idempotent(
    register, mailoutbox, organ, django_capture_on_commit_callbacks
) -> None:
    from django.utils import timezone

    organ.gio_email = "gongkai@test.gov.cn"
    organ.save()
    app = register(submitted_on=date(2026, 3, 2))
    now = datetime(2026, 4, 1, 9, 0, tzinfo=timezone.get_current_timezone())
    with django_capture_on_commit_callbacks(execute=True):
        assert wf.applications_mark_overdue(now=now) == [app.pk]
        assert wf.applications_mark_overdue(now=now) == []
    assert len(mailoutbox) == 1 and "超期" in mailoutbox[0].subject


def test_open_case_recomputed_when_next_years_notice_is_loaded(
    register, tmp_path, django_capture_on_commit_callbacks
) -> None:
    from io import StringIO

    from django.core.management import call_command

    app = register(submitted_on=date(2026, 12, 10))
    assert app.due_provisional is True
    before = app.due_date
    path = tmp_path / "2027.yaml"
    # Test data only (not the real 2027 notice): 4 January made a day off.
    path.write_text(
        "year: 2027\nnotice: {title: 测试通知}\nholidays:\n  元旦: [2027-01-01..2027-01-04]\n",
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("workcal", "import", str(path), stdout=StringIO())
    app.refresh_from_db()
    assert app.due_provisional is False
    assert app.due_date is not None and before is not None and app.due_date > before
    assert app.calendar_version.startswith("v2-")
    events = AuditEvent.objects.for_object(app).filter(action="application.due_recomputed")
    assert events.count() == 1
    assert events.get().data["from"] == before.isoformat()


def test_art35_delayed_date_must_follow_statutory_due(register, staff) -> None:
    app = register(submitted_on=date(2026, 3, 2))
    with pytest.raises(ValidationError):
        wf.application_set_delayed_due(
            actor=staff["approver"],
            app=app,
            due=date(2026, 3, 20),
            reason="申请数量明显超过合理范围",
        )
    app = wf.application_set_delayed_due(
        actor=staff["approver"], app=app, due=date(2026, 5, 29), reason="申请数量明显超过合理范围"
    )
    assert app.due_date == date(2026, 5, 29)
    assert any("第三十五条" in s for s in app.due_explanation)
