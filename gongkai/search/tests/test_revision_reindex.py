"""A signed revision reaches the index (issue 13 §3): the published item is found by its new
text, not by the text it replaced; the revision draft itself is never indexed."""

from __future__ import annotations

from typing import Any

from gongkai.catalog.services import revisions, workflow
from gongkai.catalog.services.items import ItemFields, item_update
from gongkai.search.selectors import search_items


def test_the_index_follows_a_signed_revision(
    search_backend: Any, publish_item: Any, crew: Any, django_capture_on_commit_callbacks: Any
) -> None:
    item = publish_item(
        title="关于发放高温津贴的通知", body="<p>高温津贴标准为每人每月三百元。</p>"
    )
    assert [r.item for r in search_items("三百元").results] == [item]
    user = crew(item.organ)
    with django_capture_on_commit_callbacks(execute=True):
        revision = revisions.revision_open(actor=user, item=item)
        revision = item_update(
            actor=user,
            item=revision,
            fields=ItemFields(
                body="<p>高温津贴标准为每人每月四百五十元。</p>", revision_note="调整津贴标准"
            ),
        ).item
        revision = workflow.item_submit(actor=user, item=revision)
        revision = workflow.item_pass_secrecy(actor=user, item=revision, opinion="同意公开。")
    # Before 签发 the index still holds the published text, and no draft.
    assert [r.item for r in search_items("三百元").results] == [item]
    assert search_items("四百五十元").results == []
    with django_capture_on_commit_callbacks(execute=True):
        workflow.item_publish(actor=user, item=revision)
    assert [r.item for r in search_items("四百五十元").results] == [item]
    assert search_items("三百元").results == []
    assert revision.pk not in search_backend.signatures()
