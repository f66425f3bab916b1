"""The back office: queue (masked), the letter page and its actions, permissions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.mailbox.models import Letter, LetterAttachment, Status
from gongkai.mailbox.services import workflow as wf
from gongkai.orgs.models import Organ

pytestmark = pytest.mark.django_db


def test_queue_masks_personal_data(
    client: Any, write: Callable[..., Letter], people: dict[str, Any]
) -> None:
    letter = write()
    client.force_login(people["office"])
    page = client.get(reverse("office_mailbox:queue")).content.decode()
    assert letter.reference in page and "王*" in page and "139****5678" in page
    assert "13912345678" not in page and "王芳" not in page
    client.force_login(people["editor2"])
    assert letter.reference not in client.get(reverse("office_mailbox:queue")).content.decode()


def test_letter_page_offers_what_the_post_may_do(
    client: Any, write: Callable[..., Letter], people: dict[str, Any], dept: Organ, dept2: Organ
) -> None:
    letter = write()
    client.force_login(people["office"])
    page = client.get(reverse("office_mailbox:letter", args=[letter.pk])).content.decode()
    assert 'id="act-assign"' in page and 'id="act-reject"' in page and 'id="act-reply"' not in page
    url = reverse("office_mailbox:act", args=[letter.pk, "assign"])
    missing = client.post(url, {"organ": dept.pk})
    assert missing.status_code == 400 and "请填写转办理由" in missing.content.decode()
    done = client.post(url, {"organ": dept.pk, "reason": "住建职责"})
    assert done.status_code == 302
    letter.refresh_from_db()
    assert letter.organ == dept and letter.status == Status.PROCESSING
    # 住建 passes it to 城管; 城管 tries to send it back: refused, page re-rendered, 400.
    client.force_login(people["editor"])
    client.post(reverse("office_mailbox:act", args=[letter.pk, "transfer"]),
                {"organ": dept2.pk, "reason": "城管职责"})  # fmt: skip
    client.force_login(people["editor2"])
    back = client.post(reverse("office_mailbox:act", args=[letter.pk, "transfer"]),
                       {"organ": dept.pk, "reason": "住建职责"})  # fmt: skip
    assert back.status_code == 400 and "退回公开办" in back.content.decode()
    trail = client.get(reverse("office_mailbox:letter", args=[letter.pk])).content.decode()
    assert "转办记录" in trail and "测试市住房和城乡建设局 → 测试市城市管理局" in trail


def test_refusals_by_role_and_state(
    client: Any, write: Callable[..., Letter], people: dict[str, Any], dept: Organ
) -> None:
    letter = wf.letter_assign(actor=people["office"], letter=write(), organ=dept, reason="住建")
    client.force_login(people["editor"])
    approve = client.post(reverse("office_mailbox:act", args=[letter.pk, "approve"]))
    assert approve.status_code == 403 and "没有办理此留言的权限" in approve.content.decode()
    client.force_login(people["leader"])
    early = client.post(reverse("office_mailbox:act", args=[letter.pk, "approve"]))
    assert early.status_code == 409 and "不能执行" in early.content.decode()
    assert client.post(reverse("office_mailbox:act", args=[letter.pk, "nope"])).status_code == 404
    client.force_login(people["editor2"])
    assert client.get(reverse("office_mailbox:letter", args=[letter.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("office_mailbox:letter", args=[letter.pk])).status_code == 302


def test_attachment_download_needs_the_letter(
    client: Any, write: Callable[..., Letter], people: dict[str, Any], tmp_path: Any, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    letter = write()
    item = LetterAttachment(letter=letter, name="现场.png", kind="png", size=3, sha256="ab" * 32)
    item.file.save("x", SimpleUploadedFile("x", b"png"), save=True)
    client.force_login(people["office"])
    download = client.get(reverse("office_mailbox:attachment", args=[item.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"png"
    client.force_login(people["editor2"])
    assert client.get(reverse("office_mailbox:attachment", args=[item.pk])).status_code == 404


def test_the_writers_data_is_masked_until_asked_and_the_look_recorded(
    client: Any, write: Callable[..., Letter], people: dict[str, Any]
) -> None:
    from gongkai.core.models import AuditEvent

    letter = write()
    client.force_login(people["office"])
    url = reverse("office_mailbox:letter", args=[letter.pk])

    def writer(page: Any) -> str:
        html = page.content.decode()
        return html[html.index('id="writer"') :].split("</td>")[0]

    assert "13912345678" not in writer(client.get(url)) and "王*" in writer(client.get(url))
    assert "13912345678" in writer(client.get(url, {"reveal": "1"}))
    seen = AuditEvent.objects.filter(action="letter.view_personal_data", object_id=str(letter.pk))
    assert seen.get().actor == people["office"]
