"""An entry's transitions reach the item's public page: `item_public_changed` is sent for the
entry's item (page cache, search), and the page shows the 登记编号 and validity period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from gongkai.catalog.models import Item
from gongkai.catalog.signals import item_public_changed
from gongkai.registers.models import NumberSeries
from gongkai.registers.services.register import entry_register, entry_sign
from gongkai.registers.tests.test_services_register import _checks

pytestmark = pytest.mark.django_db


def test_each_entry_transition_announces_its_item(
    people: dict[str, Any],
    series: NumberSeries,
    policy: Callable[..., Item],
    django_capture_on_commit_callbacks: Any,
) -> None:
    item = policy()
    heard: list[int] = []

    def listen(sender: Any, item_id: int, **kwargs: Any) -> None:
        heard.append(item_id)

    item_public_changed.connect(listen, dispatch_uid="test-registers-heard")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            entry = entry_register(actor=people["editor"], item=item, year=2026).entry
        assert heard == [item.pk]
        _checks(entry, people["admin"])
        with django_capture_on_commit_callbacks(execute=True):
            entry_sign(actor=people["approver"], entry=entry, signed_on=date(2026, 3, 5))
        assert heard[-1] == item.pk and len(heard) >= 2
    finally:
        item_public_changed.disconnect(dispatch_uid="test-registers-heard")


def test_the_item_page_shows_the_register_number_after_signing(
    people: dict[str, Any],
    series: NumberSeries,
    policy: Callable[..., Item],
    django_capture_on_commit_callbacks: Any,
) -> None:
    item = policy()
    page = Client().get(item.get_absolute_url())
    assert page.status_code == 200 and "规范性文件登记" not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        entry = entry_register(actor=people["editor"], item=item, year=2026).entry
        _checks(entry, people["admin"])
        entry_sign(actor=people["approver"], entry=entry, signed_on=date(2026, 3, 5))
    html = Client().get(item.get_absolute_url()).content.decode()
    assert "规范性文件登记" in html and "岚人社规〔2026〕1号" in html
    assert "2031年3月5日" in html  # 有效期至: five years from the 施行日期 (the default)
