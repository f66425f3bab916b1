"""Back office: a consultation walked through its actions (and refused where the rules say),
surveys, proposals and 舆情 pages; records of other organs are 404, non-handlers get 403."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.participation.models import (
    Comment,
    Consultation,
    ConsultationStatus,
    Opinion,
    Proposal,
    Survey,
)
from gongkai.participation.services import consultations as svc
from gongkai.participation.tests.conftest import end_period

pytestmark = pytest.mark.django_db


def _act(client: Any, c: Consultation, name: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(reverse("office_participation:act", args=[c.pk, name]), data or {})


def test_a_consultation_walked_in_the_office(
    client: Any, dept: Any, people: dict[str, Any], publish_item: Any
) -> None:
    client.force_login(people["editor"])
    today = timezone.localdate()
    new = reverse("office_participation:consultation_new")
    assert client.get(new).status_code == 200
    short = {
        "organ": dept.pk,
        "kind": "major_decision",
        "title": "关于停车收费的决定（草案）",
        "explanation": "说明",
        "draft_text": "正文",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=9)).isoformat(),
    }
    refused = client.post(new, short)
    assert refused.status_code == 400 and "一般不少于30日" in refused.content.decode()
    short["ends_on"] = (today + timedelta(days=29)).isoformat()
    created = client.post(new, short)
    c = Consultation.objects.get()
    assert created.status_code == 302 and c.status == ConsultationStatus.DRAFT
    assert _act(client, c, "open").status_code == 302
    c.refresh_from_db()
    assert c.status == ConsultationStatus.OPEN
    comment, _ = svc.comment_submit(consultation=c, body="<script>x</script>建议")
    page = client.get(reverse("office_participation:consultation", args=[c.pk])).content.decode()
    assert "&lt;script&gt;x" in page and "审核网上意见" in page
    hide = _act(client, c, "moderate", {"comment_id": comment.pk, "show": "0"})
    assert hide.status_code == 400 and "不予显示的理由" in hide.content.decode()
    assert _act(client, c, "moderate", {"comment_id": comment.pk, "show": "1"}).status_code == 302
    close = _act(client, c, "close")
    assert close.status_code == 409 and "尚未届满" in close.content.decode()
    c = end_period(c)
    close = _act(client, c, "close")
    assert close.status_code == 409 and "尚未公布采纳情况反馈" in close.content.decode()
    page = client.get(reverse("office_participation:consultation", args=[c.pk])).content.decode()
    assert "尚未公布采纳情况反馈，不能办结" in page  # the reason is on the page before trying
    group = {
        "topic": "收费标准",
        "decision": "partly",
        "reason": "部分时段下调。",
        "comment_ids": [comment.pk],
    }
    assert _act(client, c, "group", group).status_code == 302
    assert _act(client, c, "feedback", {"summary": "共收到1条意见。"}).status_code == 302
    assert _act(client, c, "close").status_code == 302
    item = publish_item()
    assert _act(client, c, "link", {"item": item.pk}).status_code == 302
    c.refresh_from_db()
    assert c.status == ConsultationStatus.CLOSED and c.final_item == item
    assert Comment.objects.get().group is not None


def test_other_organs_and_non_handlers(
    client: Any, make_consultation: Callable[..., Any], people: dict[str, Any]
) -> None:
    c = make_consultation()
    client.force_login(people["stranger"])
    assert client.get(reverse("office_participation:consultation", args=[c.pk])).status_code == 404
    assert _act(client, c, "close").status_code == 404
    client.force_login(people["approver"])
    assert client.get(reverse("office_participation:consultation_new")).status_code == 403
    assert client.get(reverse("office_participation:index")).status_code == 200
    client.force_login(people["office"])  # the city's 公开办 covers the department
    assert client.get(reverse("office_participation:consultation", args=[c.pk])).status_code == 200


def test_surveys_proposals_and_opinions_pages(
    client: Any, dept: Any, city: Any, people: dict[str, Any]
) -> None:
    client.force_login(people["editor"])
    today = timezone.localdate()
    r = client.post(
        reverse("office_participation:survey_new"),
        {
            "organ": dept.pk,
            "title": "调查",
            "intro": "",
            "starts_on": today.isoformat(),
            "ends_on": (today - timedelta(days=1)).isoformat(),
        },
    )
    assert r.status_code == 400 and "不能早于开始日期" in r.content.decode()
    r = client.post(
        reverse("office_participation:survey_new"),
        {
            "organ": dept.pk,
            "title": "调查",
            "intro": "",
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
        },
    )
    s = Survey.objects.get()
    url = reverse("office_participation:survey", args=[s.pk])
    assert (
        client.post(
            url, {"kind": "single", "text": "题", "choices": "甲\n乙", "required": "on"}
        ).status_code
        == 302
    )
    assert "甲；乙" in client.get(url).content.decode()
    r = client.post(
        reverse("office_participation:proposal_new"),
        {
            "organ": dept.pk,
            "kind": "npc",
            "year": 2026,
            "number": "5",
            "title": "建议",
            "proposer": "代表",
            "assigned_on": "2026-03-10",
            "co_organs": [city.pk],
        },
    )
    p = Proposal.objects.get()
    assert r.status_code == 302 and p.due_on == date(2026, 6, 10)
    purl = reverse("office_participation:proposal", args=[p.pk])
    bad = client.post(purl, {"replied_on": "2026-05-01", "disclosure": "full"})
    assert bad.status_code == 400 and "须关联" in bad.content.decode()
    assert (
        client.post(
            purl, {"replied_on": "2026-05-01", "disclosure": "summary", "summary": "已办理。"}
        ).status_code
        == 302
    )
    assert (
        "建议"
        in client.get(reverse("office_participation:proposals") + "?year=2026").content.decode()
    )
    noticed = timezone.localtime() - timedelta(hours=10)
    r = client.post(
        reverse("office_participation:opinion_new"),
        {
            "organ": dept.pk,
            "topic": "停水",
            "source": "论坛",
            "level": "major",
            "noticed_at": noticed.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    o = Opinion.objects.get()
    assert r.status_code == 302
    listing = client.get(reverse("office_participation:opinions")).content.decode()
    assert "超时限" in listing and "停水" in listing
    ourl = reverse("office_participation:opinion", args=[o.pk])
    assert (
        client.post(
            ourl,
            {
                "responded_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "url": "javascript:alert(1)",
            },
        ).status_code
        == 400
    )
    assert (
        client.post(
            ourl,
            {
                "responded_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "url": "https://zwfw.example.gov.cn/hygq/1",
            },
        ).status_code
        == 302
    )


def test_a_draft_is_edited_on_its_page(
    client: Any, make_consultation: Callable[..., Any], people: dict[str, Any]
) -> None:
    c = make_consultation(open_it=False, title="<script>alert(1)</script>草案")
    client.force_login(people["editor"])
    page = client.get(reverse("office_participation:consultation", args=[c.pk])).content.decode()
    assert "修改草稿" in page and "<script>alert(1)" not in page
    today = timezone.localdate()
    data = {
        "kind": "major_decision",
        "title": "关于停车收费的决定（草案）",
        "explanation": "说明",
        "draft_text": "正文",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=9)).isoformat(),
    }
    refused = _act(client, c, "edit", data)
    assert refused.status_code == 400 and "一般不少于30日" in refused.content.decode()
    data["ends_on"] = (today + timedelta(days=30)).isoformat()
    assert _act(client, c, "edit", data).status_code == 302
    c.refresh_from_db()
    assert c.kind == "major_decision" and c.period_days == 31
