"""Back office: queue, registration, case page actions, transfer, 复议/诉讼, Art. 44 proposals."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.applications.models import Application, AppStatus, LegalChallenge
from gongkai.applications.services import workflow as wf
from gongkai.catalog.models import Item
from gongkai.core.models import AuditEvent


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def login(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def act(client: Any, app: Application, name: str, data: dict[str, Any]) -> Any:
    return client.post(reverse("office_apps:act", args=[app.pk, name]), data)


def test_queue_lists_own_organ_with_due_and_masked_applicant(client, register, staff) -> None:
    app = register(submitted_on=date(2026, 3, 2))
    page = login(client, staff["editor"]).get(reverse("office_apps:queue")).content.decode()
    assert app.reference in page and "138****5678" in page
    assert "13812345678" not in page
    assert "2026-03-30" in page  # 20th working day after 2 March 2026
    assert "办理中" in page


def test_queue_other_organ_sees_nothing_and_case_is_403(
    client, register, make_organ, make_user
) -> None:
    app = register()
    other = make_organ("测试市交通运输局")
    stranger = make_user("stranger", organ=other, roles=("editor",))
    login(client, stranger)
    assert app.reference not in client.get(reverse("office_apps:queue")).content.decode()
    assert client.get(reverse("office_apps:case", args=[app.pk])).status_code == 403
    response = act(client, app, "answer", {"outcome": "granted", "on": "2026-03-05"})
    assert response.status_code == 403
    app.refresh_from_db()
    assert app.status == AppStatus.PROCESSING


def test_queue_filters(client, register, staff) -> None:
    today = timezone.localdate()
    overdue = register(submitted_on=today - timedelta(days=60), data={"name": "超期人"})
    fresh = register(submitted_on=today, data={"name": "新申请人", "phone": "13800000001"})
    wf.application_withdraw(actor=staff["editor"], app=fresh, on=today)
    login(client, staff["editor"])
    url = reverse("office_apps:queue")
    page = client.get(url, {"due": "overdue"}).content.decode()
    assert overdue.reference in page and "新申请人" not in page
    page = client.get(url, {"status": "withdrawn"}).content.decode()
    assert "新申请人" in page and "超期人" not in page
    page = client.get(url, {"q": "超期"}).content.decode()
    assert "超期人" in page and "新申请人" not in page
    page = client.get(url, {"assignee": "me"}).content.decode()
    assert "没有符合条件的申请" in page


def test_queue_due_soon_filter(client, register, staff) -> None:
    from gongkai.core.workcal.calendar import add_working_days, default_calendar

    today = timezone.localdate()
    # Received 18 working days before today → due in 2 working days.
    received = today
    while add_working_days(received, 20, default_calendar()) > add_working_days(
        today, 2, default_calendar()
    ):
        received -= timedelta(days=1)
    soon = register(submitted_on=received, data={"name": "将到期"})
    later = register(submitted_on=today, data={"name": "刚收到", "phone": "13800000002"})
    page = (
        login(client, staff["editor"])
        .get(reverse("office_apps:queue"), {"due": "soon"})
        .content.decode()
    )
    assert soon.reference in page and later.name not in page


QUEUE_QUERIES = 12  # session, user, roles and organs (nav, filter, access), unread notices
# (the header's 通知 count, issue 13), count, rows


def test_queue_query_count_is_pinned(client, register, staff, django_assert_num_queries) -> None:
    login(client, staff["editor"])
    register()
    with django_assert_num_queries(QUEUE_QUERIES):
        client.get(reverse("office_apps:queue"))
    for i in range(12):
        register(data={"name": f"申请人{i}", "phone": f"139000000{i:02d}"})
        Application.objects.filter(pk=Application.objects.latest("id").pk).update(
            assignee=staff["reviewer"]
        )
    with django_assert_num_queries(QUEUE_QUERIES):
        client.get(reverse("office_apps:queue"))


def test_register_paper_application(client, staff, organ) -> None:
    login(client, staff["editor"])
    assert client.get(reverse("office_apps:register")).status_code == 200
    data = {
        "organ": organ.pk,
        "channel": "post_signed",
        "submitted_on": "2025-09-26",
        "applicant_type": "natural",
        "name": "赵六",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13700001111",
        "description": "2024年度行政事业性收费目录",
        "info_form": "paper",
        "delivery": "post",
    }
    response = client.post(reverse("office_apps:register"), data)
    app = Application.objects.get()
    assert response.status_code == 302
    assert app.channel == "post_signed" and app.receipt_date == date(2025, 9, 26)
    assert app.due_date == date(2025, 10, 30)  # across National Day


def test_register_errors_in_chinese_keep_input(client, staff, organ) -> None:
    login(client, staff["editor"])
    response = client.post(
        reverse("office_apps:register"),
        {
            "organ": organ.pk,
            "channel": "fax",
            "submitted_on": "2026-03-05",
            "confirmed_on": "2026-03-04",
            "applicant_type": "natural",
            "name": "赵六",
            "id_type": "resident_id",
            "id_number": "123",
            "phone": "12",
            "description": "某某信息",
            "info_form": "paper",
            "delivery": "post",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "确认日期不能早于提交日期" in html
    assert "居民身份证号码无效" in html and "请填写有效的联系电话" in html
    assert "某某信息" in html
    assert not Application.objects.exists()


def test_register_forbidden_without_handler_role(client, make_user, organ) -> None:
    secrecy = make_user("only-secrecy", organ=organ, roles=("secrecy",))
    assert login(client, secrecy).get(reverse("office_apps:register")).status_code == 403


def test_case_walk_confirm_correct_consult_extend_answer_letter_deliver_archive(
    client, register, staff, head
) -> None:
    app = register(channel="online", submitted_on=date(2026, 2, 9))
    login(client, staff["editor"])
    page = client.get(reverse("office_apps:case", args=[app.pk])).content.decode()
    assert "确认收到申请" in page and "拟定答复并送审批" not in page
    assert act(client, app, "confirm", {"confirmed_on": "2026-02-09"}).status_code == 302
    app.refresh_from_db()
    assert app.due_date == date(2026, 3, 13)
    response = act(
        client,
        app,
        "request_correction",
        {"on": "2026-02-10", "items": "请说明年份", "deadline": "2026-03-10"},
    )
    assert response.status_code == 302
    assert act(client, app, "receive_correction", {"on": "2026-02-12"}).status_code == 302
    response = act(
        client, app, "consult", {"kind": "third_party", "party": "某公司", "sent_on": "2026-02-13"}
    )
    assert response.status_code == 302
    consultation = app.consultations.get()
    response = act(
        client,
        app,
        "consult_reply",
        {"consultation": consultation.pk, "replied_on": "2026-02-26", "agrees": "1"},
    )
    assert response.status_code == 302
    # Extension needs the head of the GIO working body (Art. 33; issue 13: no longer the 签发):
    # the editor and the approver get a 403 page with the reason.
    for role in ("editor", "approver"):
        login(client, staff[role])
        denied = act(client, app, "extend", {"days": "20", "reason": "需检索档案"})
        assert denied.status_code == 403
        assert "须经政府信息公开工作机构负责人同意" in denied.content.decode()
    login(client, head)
    too_long = act(client, app, "extend", {"days": "25", "reason": "需检索档案"})
    assert too_long.status_code == 400 and "最长不得超过20个工作日" in too_long.content.decode()
    assert act(client, app, "extend", {"days": "20", "reason": "需检索档案"}).status_code == 302
    twice = act(client, app, "extend", {"days": "5", "reason": "再延"})
    assert twice.status_code == 400 and "只允许延长一次" in twice.content.decode()
    login(client, staff["editor"])
    no_reason = act(client, app, "answer", {"outcome": "partial", "on": "2026-03-20"})
    assert no_reason.status_code == 400 and "必须说明理由" in no_reason.content.decode()
    response = act(
        client, app, "answer", {"outcome": "partial", "on": "2026-03-20", "reason": "含个人信息"}
    )
    assert response.status_code == 302
    login(client, staff["approver"])  # issue 13: the answer is signed before it is given
    assert act(client, app, "sign_answer", {"on": "2026-03-20"}).status_code == 302
    login(client, staff["editor"])
    app.refresh_from_db()
    assert app.status == AppStatus.ANSWERED and app.outcome == "partial"
    assert act(client, app, "document", {"kind": "partial"}).status_code == 302
    doc = app.documents.get(kind="partial")
    download = client.get(reverse("office_apps:document", args=[app.pk, doc.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")
    early = act(client, app, "deliver", {"on": "2026-03-19"})
    assert early.status_code == 400 and "不能早于答复日期" in early.content.decode()
    assert act(client, app, "deliver", {"on": "2026-03-21"}).status_code == 302
    assert act(client, app, "archive", {"on": "2026-03-25"}).status_code == 302
    app.refresh_from_db()
    assert app.status == AppStatus.ARCHIVED
    page = client.get(reverse("office_apps:case", args=[app.pk])).content.decode()
    for label in (
        "确认收到申请",
        "告知补正",
        "收到补正",
        "延长答复期限",
        "签发答复",
        "生成文书",
        "归档",
    ):
        assert label in page


def test_withdrawn_case_cannot_be_answered(client, register, staff) -> None:
    app = register()
    wf.application_withdraw(actor=staff["editor"], app=app, on=date(2026, 3, 3))
    login(client, staff["editor"])
    page = client.get(reverse("office_apps:case", args=[app.pk])).content.decode()
    assert 'id="act-answer"' not in page
    response = act(
        client,
        app,
        "answer",
        {"outcome": "denied.process_info", "on": "2026-03-05", "reason": "过程"},
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "申请当前状态为“已撤回”，不能执行“拟定答复送签发”。" in html
    assert "过程" in html  # typed reason kept
    app.refresh_from_db()
    assert app.status == AppStatus.WITHDRAWN and app.outcome == ""


def test_forbidden_transition_post_leaves_state(client, register, staff) -> None:
    app = register()  # 办理中: no fee notice sent, so 已缴费 is not in the table
    login(client, staff["editor"])
    response = act(client, app, "payment", {"on": "2026-03-05"})
    assert response.status_code == 409
    assert "不能执行“已缴费”" in response.content.decode()
    app.refresh_from_db()
    assert app.status == AppStatus.PROCESSING and app.fee_paid_on is None


def test_bad_dates_correction_before_receipt(client, register, staff) -> None:
    app = register(submitted_on=date(2026, 3, 2))
    login(client, staff["editor"])
    response = act(
        client,
        app,
        "request_correction",
        {"on": "2026-03-01", "items": "请说明年份", "deadline": "2026-03-20"},
    )
    assert response.status_code == 400
    assert "不能早于收到申请之日" in response.content.decode()
    bad = act(client, app, "request_correction", {"on": "2026-13-01", "items": "x", "deadline": ""})
    assert bad.status_code == 400 and "年-月-日" in bad.content.decode()
    app.refresh_from_db()
    assert app.status == AppStatus.PROCESSING


def test_fee_notice_and_payment(client, register, staff) -> None:
    app = register(submitted_on=date(2026, 3, 2))
    login(client, staff["editor"])
    response = act(
        client, app, "fee_notice", {"method": "by_volume", "units": "1500", "on": "2026-03-05"}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == AppStatus.FEE_PENDING and str(app.fee_amount) == "54700.00"
    assert act(client, app, "payment", {"on": "2026-03-09"}).status_code == 302
    app.refresh_from_db()
    assert app.status == AppStatus.PROCESSING


def test_note_and_assignment(client, register, staff, make_user, organ) -> None:
    app = register()
    login(client, staff["editor"])
    assert act(client, app, "note", {"text": "已电话联系申请人"}).status_code == 302
    assert act(client, app, "assign", {"assignee": staff["reviewer"].pk}).status_code == 302
    app.refresh_from_db()
    assert app.assignee == staff["reviewer"] and app.notes.get().text == "已电话联系申请人"
    outsider = make_user("secrecy2", organ=organ, roles=("secrecy",))
    bad = act(client, app, "assign", {"assignee": outsider.pk})
    assert bad.status_code == 400  # not a handler: not offered, refused
    page = client.get(reverse("office_apps:queue"), {"assignee": "me"}).content.decode()
    assert app.reference not in page


def test_transfer_links_both_cases_and_audits_both_organs(
    client, register, staff, make_organ, make_user
) -> None:
    app = register(submitted_on=date(2026, 3, 2))
    target = make_organ("测试市自然资源局")
    target_editor = make_user("zr-editor", organ=target, roles=("editor",))
    login(client, staff["editor"])
    response = act(
        client,
        app,
        "transfer",
        {"target": target.pk, "on": "2026-03-04", "reason": "该信息由自然资源部门制作。"},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.transferred_to is None  # issue 13: registered with the target once signed
    login(client, staff["approver"])
    assert act(client, app, "sign_answer", {"on": "2026-03-04"}).status_code == 302
    login(client, staff["editor"])
    app.refresh_from_db()
    new = app.transferred_to
    assert new is not None
    assert app.outcome == "unable.not_held" and app.status == AppStatus.ANSWERED
    assert new.organ == target and new.description == app.description
    assert AuditEvent.objects.filter(action="application.transfer", organ_id=app.organ_id).exists()
    assert AuditEvent.objects.filter(
        action="application.transferred_in", organ_id=target.pk
    ).exists()
    page = client.get(reverse("office_apps:case", args=[app.pk])).content.decode()
    assert 'id="transferred-to"' in page and new.reference in page
    login(client, target_editor)
    page = client.get(reverse("office_apps:case", args=[new.pk])).content.decode()
    assert 'id="transferred-from"' in page and app.organ.name in page


def test_challenge_records_and_bad_dates(client, register, staff, answer) -> None:
    app = register(submitted_on=date(2026, 3, 2))
    answer(app, outcome="denied.process_info", on=date(2026, 3, 20), reason="过程性信息")
    login(client, staff["editor"])
    early = act(client, app, "challenge", {"kind": "review", "filed_on": "2026-03-01"})
    assert early.status_code == 400 and "不能早于申请提交日期" in early.content.decode()
    after = act(
        client, app, "challenge", {"kind": "litigation_after_review", "filed_on": "2026-04-01"}
    )
    assert after.status_code == 400 and "须先登记已审结的行政复议" in after.content.decode()
    ok = act(
        client,
        app,
        "challenge",
        {"kind": "review", "filed_on": "2026-04-01", "body": "测试市人民政府"},
    )
    assert ok.status_code == 302
    review = LegalChallenge.objects.get()
    bad = act(
        client,
        app,
        "challenge_result",
        {"challenge": review.pk, "result": "upheld", "decided_on": "2026-03-30"},
    )
    assert bad.status_code == 400 and "审结日期不能早于" in bad.content.decode()
    good = act(
        client,
        app,
        "challenge_result",
        {"challenge": review.pk, "result": "upheld", "decided_on": "2026-05-20"},
    )
    assert good.status_code == 302
    review.refresh_from_db()
    assert review.result == "upheld" and review.decided_on == date(2026, 5, 20)
    page = client.get(reverse("office_apps:case", args=[app.pk])).content.decode()
    assert "行政复议" in page and "结果维持" in page


def test_frequent_requests_propose_catalog_draft(client, register, staff, answer, organ) -> None:
    today = timezone.localdate()
    apps = []
    for i in range(3):
        app = register(submitted_on=today, data={"name": f"申请人{i}", "phone": f"1390000000{i}"})
        answer(app, outcome="granted", on=today)
        apps.append(app)
    login(client, staff["editor"])
    page = client.get(reverse("office_apps:frequent")).content.decode()
    assert "建议主动公开" in page
    ids = ",".join(str(a.pk) for a in apps)
    response = client.post(reverse("office_apps:propose"), {"ids": ids})
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "office:item", args=[item.pk]
    )
    assert item.status == "draft" and item.column.code == "statutory" and item.organ == organ
    assert "第四十四条" in item.summary
    one = client.post(reverse("office_apps:propose"), {"ids": str(apps[0].pk)})
    assert one.status_code == 302 and Item.objects.count() == 1
