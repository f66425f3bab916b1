"""修订, 恢复发布 and 有效性 approval through the back-office pages, and what the portal shows
(issue 13 §3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.catalog.models import Item, Status, Validity
from gongkai.catalog.services import published, revisions, workflow

OPINION = "经审查，同意公开。"
CONFIRMED = {"confirm": "1"}


def _url(name: str, item: Item, *args: int) -> str:
    return reverse(f"office:{name}", args=[item.pk, *args])


@pytest.fixture
def live(make_draft, publish) -> Item:
    return publish(make_draft(title="关于就业补贴的通知", body="<p>申领截止3月31日。</p>"))


def _to_signoff(item: Item, staff: dict[str, Any]) -> Item:
    item = workflow.item_submit(actor=staff["editor"], item=item)
    for finding in item.findings.all():
        workflow.finding_acknowledge(actor=staff["secrecy"], finding=finding)
    return workflow.item_pass_secrecy(actor=staff["secrecy"], item=item, opinion=OPINION)


def test_correcting_a_published_item_end_to_end(login, staff, live, item_data) -> None:
    public_client = Client()  # a citizen, not the signed-in test client
    editor = login(staff["editor"])
    page = editor.get(_url("item", live)).content.decode()
    assert ">修订</button>" in page
    response = editor.post(_url("item_revise", live))
    revision = Item.objects.get(revision_of=live)
    assert response["Location"] == _url("item_edit", revision)
    form = editor.get(response["Location"]).content.decode()
    assert "修订说明" in form and 'value="关于就业补贴的通知"' in form

    # Emptying the title is refused like a draft's: a field error, nothing saved.
    response = editor.post(
        _url("item_edit", revision), item_data(title="", revision_note="更正日期")
    )
    assert response.status_code == 200 and "id_title_error" in response.content.decode()
    revision.refresh_from_db()
    assert revision.title == "关于就业补贴的通知" and revision.revision_note == ""

    response = editor.post(
        _url("item_edit", revision),
        item_data(
            title="关于就业补贴的通知",
            body="<p>申领截止4月30日。</p>",
            revision_note="更正申领截止日期为4月30日",
        ),
    )
    assert response.status_code == 302
    page = editor.get(_url("item", live)).content.decode()
    assert 'id="open-revision-link"' in page and ">修订</button>" not in page

    revision = _to_signoff(revision, staff)
    approver = login(staff["approver"])
    page = approver.get(_url("item", revision)).content.decode()
    assert ">签发修订</button>" in page and ">签发并发布</button>" not in page
    response = approver.post(_url("item_publish", revision), CONFIRMED, follow=True)
    assert "修订已签发" in response.content.decode()

    # The portal shows the new text, the 更新日期 and the 修订说明; the 索引号 stays.
    public = public_client.get(live.get_absolute_url()).content.decode()
    assert "申领截止4月30日" in public and "申领截止3月31日" not in public
    assert "更新日期" in public and "修订说明：更正申领截止日期为4月30日" in public
    assert live.index_number in public
    # The back office keeps the earlier text.
    page = login(staff["editor"]).get(_url("item", live)).content.decode()
    assert 'id="versions"' in page and "第1版" in page
    old = login(staff["editor"]).get(_url("item_version", live, 1)).content.decode()
    assert "申领截止3月31日" in old and "被修订替换，不再公开" in old
    assert login(staff["editor"]).get(_url("item_version", live, 9)).status_code == 404


def test_a_second_revision_is_refused_with_a_link_to_the_open_one(login, staff, live) -> None:
    first = revisions.revision_open(actor=staff["editor"], item=live)
    response = login(staff["editor"]).post(_url("item_revise", live), follow=True)
    text = response.content.decode()
    assert response.status_code == 200
    assert "已有一份修订稿正在办理" in text
    assert f'href="{_url("item", first)}" id="open-revision-link"' in text
    assert Item.objects.filter(revision_of=live).count() == 1


def test_abandoning_a_revision_asks_first(login, staff, live) -> None:
    revision = revisions.revision_open(actor=staff["editor"], item=live)
    client = login(staff["editor"])
    asked = client.post(_url("item_abandon", revision))
    assert asked.status_code == 200 and "请确认：放弃修订" in asked.content.decode()
    client.post(_url("item_abandon", revision), CONFIRMED)
    revision.refresh_from_db()
    assert revision.status == Status.REVISION_ABANDONED


def test_restore_through_the_pages_and_the_portal_meanwhile(login, staff, live) -> None:
    client = Client()  # a citizen
    workflow.item_withdraw(actor=staff["approver"], item=live, reason="附件有误")
    editor = login(staff["editor"])
    response = editor.post(_url("item_restore", live), {"restore-reason": ""})
    assert "申请恢复发布时必须填写理由" in response.content.decode()
    editor.post(_url("item_restore", live), {"restore-reason": "附件已更正"})
    live.refresh_from_db()
    assert live.status == Status.RESTORE_REVIEW
    public = client.get(live.get_absolute_url())
    assert public.status_code == 200 and "撤回原因：附件有误" in public.content.decode()

    approver = login(staff["approver"])
    pending = approver.get(reverse("office:pending")).content.decode()
    assert live.title in pending
    page = approver.get(_url("item", live)).content.decode()
    assert ">签发并发布</button>" in page and ">不同意恢复发布</button>" in page
    approver.post(_url("item_publish", live), CONFIRMED)
    live.refresh_from_db()
    assert live.status == Status.PUBLISHED
    assert "撤回原因" not in client.get(live.get_absolute_url()).content.decode()


def test_validity_proposed_then_approved_shows_on_the_portal(login, staff, live) -> None:
    client = Client()  # a citizen
    editor = login(staff["editor"])
    page = editor.get(_url("item", live)).content.decode()
    assert "提请变更有效性" in page and 'action="/office/items/' in page
    response = editor.post(
        _url("item_propose_validity", live),
        {"propose-validity": "repealed", "propose-changed_on": "", "propose-note": "x"},
    )
    assert "请填写变更日期" in response.content.decode()
    editor.post(
        _url("item_propose_validity", live),
        {
            "propose-validity": "repealed",
            "propose-changed_on": "2026-05-01",
            "propose-note": "被测人社发〔2026〕9号废止",
        },
    )
    live.refresh_from_db()
    assert live.validity == Validity.VALID and live.validity_proposed == Validity.REPEALED
    assert "已废止" not in client.get(live.get_absolute_url()).content.decode()

    approver = login(staff["approver"])
    assert live.title in approver.get(reverse("office:pending")).content.decode()
    page = approver.get(_url("item", live)).content.decode()
    assert 'id="validity-proposal"' in page and ">同意有效性变更</button>" in page
    approver.post(_url("item_approve_validity", live), {"approve_validity-comment": ""})
    live.refresh_from_db()
    assert live.validity == Validity.REPEALED and live.validity_changed_on == date(2026, 5, 1)
    public = client.get(live.get_absolute_url()).content.decode()
    notice = public.split('class="notice notice-validity"')[1].split("</div>")[0]
    assert "已废止" in notice and "2026年5月1日" in notice
    assert "被测人社发〔2026〕9号废止" in notice


def test_a_declined_validity_change_is_said_so(login, staff, live) -> None:
    published.validity_propose(
        actor=staff["editor"],
        item=live,
        validity=Validity.EXPIRED,
        changed_on=date(2026, 5, 1),
        note="到期",
    )
    approver = login(staff["approver"])
    response = approver.post(_url("item_decline_validity", live), {"decline_validity-comment": ""})
    assert "请填写不同意的理由" in response.content.decode()
    response = approver.post(
        _url("item_decline_validity", live),
        {"decline_validity-comment": "仍在有效期内"},
        follow=True,
    )
    assert "有效性保持不变" in response.content.decode()
    live.refresh_from_db()
    assert live.validity == Validity.VALID and live.validity_proposed == ""
