"""Only published 主动公开 information ever reaches the public (条例 Art. 19–26)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.models import Attribute, Column, Status
from gongkai.catalog.services import workflow

SECRET = "内部稿件标题绝不公开"


@pytest.fixture
def hidden_items(make_item, crew, organ):
    """A draft, an item awaiting 签发, a scheduled item and a filed 依申请公开 item."""
    draft = make_item(title=f"{SECRET}草稿", publish=False, attachment=True)
    waiting = make_item(title=f"{SECRET}待签发", publish=False)
    user = crew(organ)
    waiting = workflow.item_submit(actor=user, item=waiting)
    waiting = workflow.item_pass_secrecy(actor=user, item=waiting, opinion="经审查，同意公开。")
    scheduled = make_item(title=f"{SECRET}定时", publish=False)
    scheduled = workflow.item_submit(actor=user, item=scheduled)
    scheduled = workflow.item_pass_secrecy(actor=user, item=scheduled, opinion="经审查，同意公开。")
    scheduled = workflow.item_publish(
        actor=user, item=scheduled, at=timezone.now() + timedelta(days=3)
    )
    filed = make_item(title=f"{SECRET}依申请", attribute=Attribute.ON_REQUEST, attachment=True)
    assert [i.status for i in (draft, waiting, scheduled, filed)] == [
        Status.DRAFT,
        Status.AWAITING_APPROVAL,
        Status.SCHEDULED,
        Status.FILED,
    ]
    return [draft, waiting, scheduled, filed]


def _public_pages(organ):
    policy = Column.objects.get(organ=organ, code="policy")
    return [
        reverse("portal:home"),
        reverse("portal:organ", args=[organ.pk]),
        reverse("portal:column", args=[policy.pk]),
        reverse("portal:browse"),
        reverse("portal:browse") + "?q=" + SECRET,
        reverse("portal:column_rss", args=[policy.pk]),
        reverse("portal:column_atom", args=[policy.pk]),
        reverse("portal:organ_rss", args=[organ.pk]),
        reverse("portal:organ_atom", args=[organ.pk]),
        reverse("portal:sitemap"),
    ]


def test_unpublished_and_filed_items_are_never_listed(client, organ, hidden_items, make_item):
    public = make_item(title="公开的通知")
    for url in _public_pages(organ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        if "?q=" in url:  # the search term itself is echoed back; results must be empty
            assert "没有符合条件的公开信息" in text
        else:
            assert SECRET not in text, url
        if "sitemap" not in url and "?q=" not in url:
            assert public.title in text, url
        for hidden in hidden_items:
            assert hidden.get_absolute_url() not in text, url


def test_unpublished_and_filed_items_are_404(client, hidden_items) -> None:
    for item in hidden_items:
        assert client.get(item.get_absolute_url()).status_code == 404
        assert client.get(reverse("portal:item_print", args=[item.pk])).status_code == 404
        for att in item.attachments.all():
            assert client.get(reverse("portal:attachment", args=[att.pk])).status_code == 404


def test_withdrawn_item_shows_notice_only(client, make_item, withdraw, organ) -> None:
    item = make_item(title="已撤回的通知", body="<p>撤回前的正文内容</p>", attachment=True)
    att = item.attachments.get()
    item = withdraw(item, "内容有误，已重新发布")
    html = client.get(item.get_absolute_url()).content.decode()
    local = timezone.localtime(item.withdrawn_at)
    assert f"本信息已于{local.year}年{local.month}月{local.day}日撤回" in html
    assert "内容有误，已重新发布" in html
    assert item.title in html and item.index_number in html  # title and metadata stay
    assert "撤回前的正文内容" not in html
    assert "示意图.png" not in html
    assert reverse("portal:attachment", args=[att.pk]) not in html
    assert "<svg" not in html
    assert client.get(reverse("portal:attachment", args=[att.pk])).status_code == 404
    html = client.get(reverse("portal:item_print", args=[item.pk])).content.decode()
    assert "撤回" in html and "撤回前的正文内容" not in html
    # …and it is no longer listed anywhere.
    for url in _public_pages(organ):
        assert item.get_absolute_url() not in client.get(url).content.decode(), url


def test_interpretation_of_withdrawn_policy_is_not_advertised(client, make_item, withdraw) -> None:
    policy = make_item(title="将撤回的办法", kind="policy")
    interp = make_item(
        column="interpretation", title="办法解读", kind="interpretation", interprets=policy
    )
    withdraw(policy, "政策调整")
    html = client.get(policy.get_absolute_url()).content.decode()
    assert interp.get_absolute_url() not in html  # withdrawn page shows only the notice
    html = client.get(interp.get_absolute_url()).content.decode()
    assert policy.get_absolute_url() in html  # the link still leads to the notice page


def test_missing_attachment_file_is_404_not_500(client, make_item) -> None:
    item = make_item(attachment=True)
    att = item.attachments.get()
    att.file.storage.delete(att.file.name)
    assert client.get(reverse("portal:attachment", args=[att.pk])).status_code == 404


@pytest.mark.parametrize(
    "name", ["item", "item_print", "attachment", "column", "organ", "guide", "column_rss"]
)
def test_huge_ids_are_404_not_500(client, db, name) -> None:
    assert client.get(reverse(f"portal:{name}", args=[10**30])).status_code == 404
