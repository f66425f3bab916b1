"""Object-level permissions: another organ's items are 403 in every staff item view."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.catalog.models import Item, Status


@pytest.fixture
def outsider(make_organ, make_user):
    """An editor (and approver, secrecy) of organ B, who must not touch organ A's drafts."""
    other = make_organ("另一个局")
    return make_user("outsider", organ=other, roles=("editor", "approver", "secrecy"))


def test_editor_of_other_organ_gets_403_everywhere(login, outsider, make_draft, staff, docx_bytes):
    from gongkai.catalog.services.items import attachment_add

    draft = make_draft()
    att = attachment_add(actor=staff["editor"], item=draft, name="a.docx", data=docx_bytes("a"))
    client = login(outsider)
    assert client.get(reverse("office:item", args=[draft.pk])).status_code == 403
    assert client.get(reverse("office:item_edit", args=[draft.pk])).status_code == 403
    edit = client.post(reverse("office:item_edit", args=[draft.pk]), {"title": "改标题"})
    assert edit.status_code == 403
    for name in ("item_submit", "item_publish", "item_pass", "item_return", "item_withdraw"):
        response = client.post(reverse(f"office:{name}", args=[draft.pk]), {"comment": "x"})
        assert response.status_code == 403, name
    remove = client.post(reverse("office:attachment_remove", args=[draft.pk, att.pk]))
    assert remove.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.title != "改标题"
    assert draft.attachments.count() == 1
    # Nor does it show up in their lists.
    assert draft.title not in client.get(reverse("office:items")).content.decode()
    assert draft.title not in client.get(reverse("office:dashboard")).content.decode()


def test_anonymous_is_sent_to_login(client, make_draft) -> None:
    response = client.get(reverse("office:item", args=[make_draft().pk]))
    assert response.status_code == 302 and reverse("office:login") in response["Location"]


def test_missing_item_is_404(login, staff) -> None:
    assert login(staff["editor"]).get(reverse("office:item", args=[999999])).status_code == 404


def test_same_organ_without_role_gets_a_message_not_an_error(login, staff, make_draft) -> None:
    draft = make_draft()
    client = login(staff["reviewer"])
    assert client.get(reverse("office:item_edit", args=[draft.pk])).status_code == 403
    response = client.post(reverse("office:item_submit", args=[draft.pk]), follow=True)
    assert response.status_code == 200
    assert "没有执行此操作的岗位权限" in response.content.decode()
    assert Item.objects.get(pk=draft.pk).status == Status.DRAFT


def test_organ_chooser_lists_only_editor_organs(login, make_organ, make_user, organ) -> None:
    other = make_organ("只有审核岗位的局")
    user = make_user("two_hats", organ=organ, roles=("editor",))
    make_user("x", organ=other, roles=("reviewer",))
    from gongkai.orgs.models import Membership

    Membership.objects.create(user=user, organ=other, role="reviewer")
    page = login(user).get(reverse("office:item_create")).content.decode()
    assert organ.name in page and "只有审核岗位的局" not in page


def test_column_of_another_organ_is_refused(login, staff, item_data, make_organ) -> None:
    from gongkai.catalog.models import Column

    foreign = Column.objects.get(organ=make_organ("别的局"), code="policy")
    response = login(staff["editor"]).post(
        reverse("office:item_create"), item_data(column=foreign.pk)
    )
    assert response.status_code == 200
    assert "id_column_error" in response.content.decode()
    assert not Item.objects.exists()


def test_single_organ_is_preselected_and_column_names_the_organ(
    login, staff, organ, item_data
) -> None:
    client = login(staff["editor"])
    page = client.get(reverse("office:item_create")).content.decode()
    assert f'<option value="{organ.pk}" selected>' in page
    response = client.post(reverse("office:item_create"), item_data(organ=""))
    assert response.status_code == 302
    assert Item.objects.get().organ == organ


def test_attachment_download_for_reviewers_only(
    client, staff, make_draft, make_organ, make_user, settings, tmp_path, pdf_bytes
) -> None:
    from gongkai.catalog.services.items import attachment_add

    settings.MEDIA_ROOT = tmp_path
    item = make_draft()
    att = attachment_add(actor=staff["editor"], item=item, name="a.pdf", data=pdf_bytes)
    url = f"/office/items/{item.pk}/attachments/{att.pk}/"
    client.force_login(staff["secrecy"])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    outsider = make_user(organ=make_organ("别的局"), roles=("secrecy",))
    client.force_login(outsider)
    assert client.get(url).status_code == 403
