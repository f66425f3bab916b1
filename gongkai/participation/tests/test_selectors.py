"""The selector the portal calls on a final policy's page, and its template snippet."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.template.loader import render_to_string

from gongkai.participation import selectors
from gongkai.participation.services import consultations as svc

pytestmark = pytest.mark.django_db


def test_the_item_page_links_back_to_its_consultation(
    make_consultation: Callable[..., Any], people: dict[str, Any], publish_item: Any
) -> None:
    item = publish_item()
    assert selectors.consultations_for_item(item) == []
    c = make_consultation(title="关于<b>租赁</b>办法的征求意见")
    svc.consultation_link_final(actor=people["editor"], consultation=c, item=item)
    found = selectors.consultations_for_item(item)
    assert found == [c]
    html = render_to_string(
        "participation/public/_item_consultations.html", {"consultations": found}
    )
    assert f"/participation/consultations/{c.pk}/" in html and "&lt;b&gt;租赁" in html


def test_the_cached_item_page_gains_the_link_when_the_policy_is_linked(
    make_consultation: Callable[..., Any],
    people: dict[str, Any],
    publish_item: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The portal's page cache keeps the item page until its tag moves: linking the final
    policy (and publishing the feedback) moves it, so readers see the way back at once."""
    from django.test import Client

    settings.GONGKAI = {**settings.GONGKAI, "PAGE_CACHE": True}
    item = publish_item()
    reader = Client()
    reader.get(item.get_absolute_url())
    cached = reader.get(item.get_absolute_url())
    assert cached["X-Gongkai-Cache"] == "hit" and "公开征求意见" not in cached.content.decode()
    c = make_consultation(title="关于住房租赁管理办法（征求意见稿）的意见征集")
    with django_capture_on_commit_callbacks(execute=True):
        svc.consultation_link_final(actor=people["editor"], consultation=c, item=item)
    page = reader.get(item.get_absolute_url())
    assert "X-Gongkai-Cache" not in page
    assert f"/participation/consultations/{c.pk}/" in page.content.decode()
