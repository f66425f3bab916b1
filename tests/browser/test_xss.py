"""Hostile input in a real browser (issue 16 §5): the XSS corpus of tests/test_hostile_xss.py
through an item's title, summary and body, an application's fields and the query parameters of
the public pages; Chromium renders every page and nothing runs: no dialog opens and no payload
sets `window.__gkxss`."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.test_hostile_xss import ALL, MARK, PAYLOADS, QUERY_NAMES

pytestmark = pytest.mark.browser


def _visit(page: Any, url: str, ran: list[str]) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    page.keyboard.press("Tab")  # focus-driven payloads (autofocus/onfocus) get their chance
    if page.evaluate(f"() => Boolean(window.{MARK})"):
        ran.append(url)


@pytest.mark.django_db(transaction=True)
def test_no_payload_runs_in_the_browser(
    live_server: Any,
    page: Any,
    make_draft: Any,
    publish: Any,
    staff: dict,
    organ: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    from django.test import Client

    from gongkai.applications.services.intake import application_register

    settings.MEDIA_ROOT = tmp_path
    # The detector works: a payload that does run sets the flag.
    page.set_content(f"<p>{PAYLOADS[3]}</p>")
    page.wait_for_function(f"() => window.{MARK} === 1")
    item = publish(
        make_draft(
            title=f"关于就业补贴的通知{PAYLOADS[1]}",
            summary=ALL[:500],
            body=f"<p>正文</p>{ALL}",
            keywords=PAYLOADS[3][:100],
        )
    )
    app = application_register(
        actor=None,
        organ=organ,
        channel="online",
        submitted_on=date(2026, 3, 2),
        data={
            "applicant_type": "natural",
            "name": f"李{PAYLOADS[2]}"[:50],
            "id_type": "passport",
            "id_number": "E12345678",
            "phone": "13812345678",
            "email": "liming@example.com",
            "address": ALL[:200],
            "description": ALL,
            "info_form": "electronic",
            "delivery": "email",
        },
    ).application
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    base = live_server.url
    ran: list[str] = []
    public = [
        reverse("portal:home"),
        reverse("portal:item", args=[item.pk]),
        reverse("portal:item_print", args=[item.pk]),
        reverse("portal:column", args=[item.column_id]),
        reverse("portal:organ", args=[organ.pk]),
        reverse("portal:browse"),
        reverse("portal:policies"),
        reverse("portal:search"),
        reverse("apply:index"),
        reverse("apply:status"),
        reverse("report_check:check"),
    ]
    for url in public:
        _visit(page, base + url, ran)
        for payload in PAYLOADS[:6]:
            query = urlencode({name: payload for name in QUERY_NAMES if name != "script"})
            _visit(page, f"{base}{url}?{query}", ran)
    # Staff pages: the case page (with ?reveal=1) and the item page, signed in as the 采编.
    client = Client()
    client.force_login(staff["editor"])
    cookie = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": base}])
    for url in (
        reverse("office_apps:case", args=[app.pk]),
        reverse("office_apps:case", args=[app.pk]) + "?reveal=1",
        reverse("office_apps:queue"),
        reverse("office:item", args=[item.pk]),
        reverse("office:items"),
    ):
        _visit(page, base + url, ran)
    assert "李" in page.goto(base + reverse("office_apps:case", args=[app.pk])).text()
    assert not ran, f"payload ran on: {ran}"
    assert not dialogs, f"dialogs opened: {dialogs}"
