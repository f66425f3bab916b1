"""The publishing workflow driven through the back-office pages, as staff use it."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.catalog.models import Attachment, Item, Status
from gongkai.core.models import AuditEvent

ID_NUMBER = "11010519491231002X"
OPINION = "经审查，不涉及国家秘密、工作秘密和个人隐私，同意公开。"
CONFIRMED = {"confirm": "1"}  # 签发并发布 and 撤回 ask first (issue 13): the confirmed POST


def _url(name: str, item: Item, *args: int) -> str:
    return reverse(f"office:{name}", args=[item.pk, *args])


def test_full_workflow_editor_to_publication(login, staff, item_data, docx_bytes) -> None:
    client = login(staff["editor"])
    page = client.get(reverse("office:item_create"))
    assert page.status_code == 200
    for label in ("标题", "文号", "形成/变更日期", "公开属性", "法律依据", "附件", "正文"):
        assert f">{label}</label>" in page.content.decode()

    upload = SimpleUploadedFile("申领表.docx", docx_bytes("申领表样式"))
    body = f"<p>申请人张三，身份证号{ID_NUMBER}。</p>"
    response = client.post(
        reverse("office:item_create"),
        item_data(body=body, doc_number="测人社发[2026]7号", attachments=[upload]),
    )
    assert response.status_code == 302
    item = Item.objects.get(title="关于做好就业补贴申领工作的通知")
    assert item.status == Status.DRAFT
    assert item.attachments.get().original_name == "申领表.docx"
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "文号已规范为：测人社发〔2026〕7号" in text
    assert "提交保密审查" in text and "申领表.docx" in text

    response = client.post(_url("item_submit", item), follow=True)
    item.refresh_from_db()
    assert item.status == Status.SECRECY_REVIEW
    assert "已提交保密审查" in response.content.decode()

    client = login(staff["secrecy"])
    page = client.get(_url("item", item)).content.decode()
    finding = item.findings.get(kind="id_number")
    assert "身份证号码" in page
    assert finding.excerpt in page and ID_NUMBER not in finding.excerpt
    assert ">确认</button>" in page and "保密审查通过" in page
    assert "签发并发布" not in page  # not this reviewer's post

    # Passing before acknowledging is refused with a message, not an error page.
    response = client.post(_url("item_pass", item), {"opinion": OPINION}, follow=True)
    assert response.status_code == 200
    assert "未确认" in response.content.decode()
    for f in item.findings.all():
        client.post(_url("finding_acknowledge", item, f.pk))
    assert not item.findings.filter(acknowledged_at__isnull=True).exists()
    response = client.post(_url("item_pass", item), {"opinion": OPINION}, follow=True)
    item.refresh_from_db()
    assert item.status == Status.AWAITING_APPROVAL

    client = login(staff["approver"])
    assert "签发并发布" in client.get(_url("item", item)).content.decode()
    response = client.post(_url("item_publish", item), CONFIRMED, follow=True)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.index_number
    text = response.content.decode()
    assert f"索引号：{item.index_number}" in text
    assert f'href="{item.get_absolute_url()}"' in text

    # The timeline shows every step with who did it.
    assert "保密审查通过" in text and "签发并发布" in text
    assert staff["secrecy"].username in text and staff["approver"].username in text


def test_double_publish_says_already_published(login, staff, make_draft) -> None:
    from gongkai.catalog.services import workflow

    item = workflow.item_submit(actor=staff["editor"], item=make_draft())
    item = workflow.item_pass_secrecy(
        actor=staff["secrecy"], item=item, opinion="经审查，同意公开。"
    )
    client = login(staff["approver"])
    first = client.post(_url("item_publish", item), CONFIRMED)
    second = client.post(_url("item_publish", item), CONFIRMED, follow=True)
    assert first.status_code == 302 and second.status_code == 200
    item.refresh_from_db()
    assert "该信息已发布" in second.content.decode()
    assert item.index_number in second.content.decode()
    assert AuditEvent.objects.for_object(item).filter(action="item.publish").count() == 1


def test_withheld_draft_without_reason_is_returned_with_reasons(login, staff, item_data) -> None:
    client = login(staff["editor"])
    response = client.post(reverse("office:item_create"), item_data(attribute="withheld"))
    assert response.status_code == 302  # an incomplete draft may be saved
    item = Item.objects.get()
    response = client.post(_url("item_submit", item))
    assert response.status_code == 200
    text = response.content.decode()
    assert "退文" in text
    assert "必须说明理由" in text and "必须选择法律依据" in text
    item.refresh_from_db()
    assert item.status == Status.DRAFT


def test_invalid_uploads_keep_typed_values(login, staff, item_data, docx_bytes, settings) -> None:
    client = login(staff["editor"])
    cases = [
        (SimpleUploadedFile("通知.pdf", b"MZ\x90\x00 fake exe"), "不是允许的类型"),
        (SimpleUploadedFile("通知.pdf", docx_bytes("x")), "扩展名与实际内容"),
    ]
    settings.GONGKAI = {**settings.GONGKAI, "MAX_UPLOAD_MB": 1}
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)
    cases.append((SimpleUploadedFile("大.pdf", big), "超过上限"))
    for upload, message in cases:
        good = SimpleUploadedFile("好.docx", docx_bytes("正常附件"))
        data = item_data(title="保留我的标题", keywords="保留关键词", attachments=[good, upload])
        response = client.post(reverse("office:item_create"), data)
        assert response.status_code == 200
        text = response.content.decode()
        assert message in text
        assert 'id="id_attachments_error"' in text  # the message sits with the 附件 field
        assert 'aria-invalid="true"' in text
        assert 'value="保留我的标题"' in text and 'value="保留关键词"' in text
    # Nothing half-saved: no item and no attachment row or orphan file.
    assert not Item.objects.exists() and not Attachment.objects.exists()


def test_edit_shows_duplicate_doc_number_warning(login, staff, make_draft, item_data) -> None:
    make_draft(doc_number="测人社发〔2026〕3号", title="第一份")
    other = make_draft(title="第二份")
    client = login(staff["editor"])
    form = client.get(_url("item_edit", other))
    assert 'value="第二份"' in form.content.decode()
    response = client.post(
        _url("item_edit", other),
        item_data(title="第二份", doc_number="测人社发(2026)3号"),
        follow=True,
    )
    text = response.content.decode()
    assert "文号相同" in text and "msg-warning" in text
    other.refresh_from_db()
    assert other.doc_number == "测人社发〔2026〕3号"


def test_attachment_remove_and_return_needs_comment(login, staff, make_draft, docx_bytes) -> None:
    from gongkai.catalog.services.items import attachment_add

    item = make_draft()
    att = attachment_add(actor=staff["editor"], item=item, name="a.docx", data=docx_bytes("a"))
    client = login(staff["editor"])
    client.post(_url("attachment_remove", item, att.pk))
    assert not item.attachments.exists()
    client.post(_url("item_submit", item))

    client = login(staff["reviewer"])
    response = client.post(_url("item_return", item), {"comment": "  "})
    assert response.status_code == 200
    assert "退回时必须填写退回意见" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.SECRECY_REVIEW
    client.post(_url("item_return", item), {"comment": "请补充附件"})
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    page = login(staff["editor"]).get(_url("item", item)).content.decode()
    assert "请补充附件" in page  # the 退回 comment is in the timeline


def test_schedule_in_the_past_is_a_field_error(login, staff, make_draft) -> None:
    from gongkai.catalog.services import workflow

    item = workflow.item_submit(actor=staff["editor"], item=make_draft())
    item = workflow.item_pass_secrecy(
        actor=staff["secrecy"], item=item, opinion="经审查，同意公开。"
    )
    client = login(staff["approver"])
    response = client.post(_url("item_schedule", item), {"at": "2020-01-01T09:00"})
    assert response.status_code == 200
    assert "必须晚于当前时间" in response.content.decode()
    response = client.post(_url("item_schedule", item), {"at": "2099-01-01T09:00"}, follow=True)
    item.refresh_from_db()
    assert item.status == Status.SCHEDULED
    assert "定时发布" in response.content.decode()


def test_withdraw_and_validity(login, staff, make_draft, publish) -> None:
    item = publish(make_draft())
    client = login(staff["approver"])
    response = client.post(_url("item_withdraw", item), {"reason": ""})
    assert "撤回时必须填写撤回原因" in response.content.decode()
    client.post(
        _url("item_validity", item),
        {"validity": "repealed", "changed_on": "2026-04-01", "note": "被新文件替代"},
    )
    item.refresh_from_db()
    assert item.validity == "repealed"
    client.post(_url("item_withdraw", item), {"reason": "内容有误", **CONFIRMED})
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN and item.withdrawn_reason == "内容有误"


def test_attribute_choices_and_basis_fit(login, staff, item_data, settings) -> None:
    client = login(staff["editor"])
    settings.GONGKAI = {**settings.GONGKAI, "ENABLE_REDACTED_ATTRIBUTE": False}
    assert "删减后公开</option>" not in client.get(reverse("office:item_create")).content.decode()
    settings.GONGKAI = {**settings.GONGKAI, "ENABLE_REDACTED_ATTRIBUTE": True}
    assert "删减后公开</option>" in client.get(reverse("office:item_create")).content.decode()

    data = item_data(attribute="on_request", attribute_basis="art14_secret", attribute_reason="x")
    response = client.post(reverse("office:item_create"), data)
    assert response.status_code == 200
    assert "id_attribute_basis_error" in response.content.decode()
    assert not Item.objects.exists()
