"""Public pages: a consultation (comment form with its robot traps and limits, XSS shown as
text, the 100,000-character comment, the feedback and the final policy), surveys (one answer
per browser, results after closing), proposals and 回应关切."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from gongkai.participation.models import Comment, CommentStatus, Survey
from gongkai.participation.services import consultations as svc
from gongkai.participation.services import proposals as proposal_svc
from gongkai.participation.services import surveys as survey_svc
from gongkai.participation.tests.conftest import end_period
from gongkai.participation.views.public import STARTED_SALT

pytestmark = pytest.mark.django_db
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def mid_window() -> Iterator[None]:
    """Rate limits count in fixed windows: a counting test starts well inside one."""
    with time_machine.travel(datetime(2026, 3, 2, 10, 20, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


def _form(**over: Any) -> dict[str, Any]:
    data = {
        "body": "建议明确押金退还期限。",
        "name": "张三",
        "contact": "13912345678",
        "started": signing.dumps(time.time() - 60, salt=STARTED_SALT),
        "client_token": "",
    }
    data.update(over)
    return data


def test_the_page_and_a_comment(client: Any, make_consultation: Callable[..., Any]) -> None:
    c = make_consultation()
    url = reverse("participation:consultation", args=[c.pk])
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and "提交意见" in body and "起草说明" in body
    response = client.post(url, _form(body=XSS, name=XSS), follow=True)
    assert "审核后将在本页显示" in response.content.decode()
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING and comment.body == XSS
    svc.comment_moderate(actor=c.created_by, comment=comment, show=True)
    body = client.get(url).content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;alert" in body
    assert "13912345678" not in body  # the contact is never shown
    assert "&lt;*" in body  # the name masked (and escaped)


def test_robots_and_bad_input(client: Any, make_consultation: Callable[..., Any]) -> None:
    c = make_consultation()
    url = reverse("participation:consultation", args=[c.pk])
    assert client.post(url, _form(website="http://spam")).status_code == 400
    fast = client.post(url, _form(started=signing.dumps(time.time(), salt=STARTED_SALT)))
    assert fast.status_code == 400 and "提交过快" in fast.content.decode()
    huge = client.post(url, _form(body="意" * 100_000))
    text = huge.content.decode()
    assert huge.status_code == 400 and "不能超过2000字" in text and "现为100000字" in text
    assert not Comment.objects.exists()


def test_a_flood_from_one_address_gets_429_in_chinese(
    client: Any, mid_window: None, make_consultation: Callable[..., Any]
) -> None:
    c = make_consultation()
    url = reverse("participation:consultation", args=[c.pk])
    codes = [client.post(url, _form(body=f"第{i}条意见")).status_code for i in range(7)]
    assert codes[:5] == [302] * 5 and codes[5:] == [429, 429]
    page = client.post(url, _form(body="再来一条"))
    assert page.status_code == 429 and "过于频繁" in page.content.decode()
    assert Comment.objects.count() == 5


def test_drafts_are_not_public_and_closed_ones_take_no_comment(
    client: Any, make_consultation: Callable[..., Any]
) -> None:
    draft = make_consultation(open_it=False)
    assert client.get(reverse("participation:consultation", args=[draft.pk])).status_code == 404
    ended = end_period(make_consultation())
    url = reverse("participation:consultation", args=[ended.pk])
    page = client.get(url)
    assert (
        "已截止，待反馈" in page.content.decode()
        and "提交意见</button>" not in page.content.decode()
    )
    assert client.post(url, _form()).status_code == 400


def test_feedback_and_final_policy_are_shown(
    client: Any, make_consultation: Callable[..., Any], people: dict[str, Any], publish_item: Any
) -> None:
    c = make_consultation()
    comment, _ = svc.comment_submit(consultation=c, body="建议放宽备案期限。")
    svc.comment_moderate(actor=people["editor"], comment=comment, show=True)
    c = end_period(c)
    svc.feedback_group_add(
        actor=people["editor"],
        consultation=c,
        topic="<i>备案期限</i>",
        decision="partly",
        reason="延长至30日。",
        comment_ids=[comment.pk],
    )
    svc.feedback_publish(actor=people["editor"], consultation=c, summary="共收到1条意见。")
    svc.consultation_close(actor=people["editor"], consultation=c)
    item = publish_item()
    svc.consultation_link_final(actor=people["editor"], consultation=c, item=item)
    body = client.get(reverse("participation:consultation", args=[c.pk])).content.decode()
    assert "意见采纳情况反馈" in body and "部分采纳" in body and "&lt;i&gt;备案期限" in body
    assert reverse("portal:item", args=[item.pk]) in body and "已办结" in body
    index = client.get(reverse("participation:index")).content.decode()
    assert c.title in index


def test_a_survey_takes_one_answer_per_browser(
    client: Any, dept: Any, people: dict[str, Any]
) -> None:
    today = timezone.localdate()
    s = survey_svc.survey_create(
        actor=people["editor"],
        organ=dept,
        title="满意度调查",
        intro="",
        starts_on=today,
        ends_on=today + timedelta(days=5),
    )
    q = survey_svc.question_add(
        actor=people["editor"], survey=s, kind="single", text="满意吗", choices=["满意", "不满意"]
    )
    url = reverse("participation:survey", args=[s.pk])
    page = client.get(url)
    assert page.status_code == 200 and "gk_voter" in page.cookies
    missing = client.post(url, {})
    assert missing.status_code == 400 and "请回答此题" in missing.content.decode()
    assert client.post(url, {f"q{q.pk}": "0"}).status_code == 302
    again = client.post(url, {f"q{q.pk}": "1"})
    assert again.status_code == 400 and "已经参与过" in again.content.decode()
    assert "调查结果" not in client.get(url).content.decode()  # not before closing
    Survey.objects.filter(pk=s.pk).update(
        starts_on=today - timedelta(days=9), ends_on=today - timedelta(days=1)
    )
    results = client.get(url).content.decode()
    assert "调查结果" in results and "100%" in results


def test_proposals_and_responses_pages(client: Any, dept: Any, people: dict[str, Any]) -> None:
    fields = proposal_svc.ProposalFields(
        kind="cppcc",
        year=timezone.localdate().year,
        number="12",
        title="关于增设公交站点的提案",
        proposer="王委员",
        assigned_on=date(2026, 3, 10),
    )
    p = proposal_svc.proposal_register(actor=people["editor"], organ=dept, fields=fields)
    listing = client.get(reverse("participation:proposals")).content.decode()
    assert "关于增设公交站点的提案" not in listing  # not replied yet
    assert client.get(reverse("participation:proposal", args=[p.pk])).status_code == 404
    proposal_svc.proposal_reply(
        actor=people["editor"],
        proposal=p,
        replied_on=date(2026, 5, 1),
        disclosure="summary",
        summary="<b>已增设</b>站点。",
    )
    page = client.get(reverse("participation:proposal", args=[p.pk])).content.decode()
    assert "复文摘要" in page and "&lt;b&gt;已增设" in page
    assert client.get(reverse("participation:responses")).status_code == 200


def test_a_survey_flood_from_one_address_gets_429(
    client: Any, mid_window: None, dept: Any, people: dict[str, Any]
) -> None:
    today = timezone.localdate()
    s = survey_svc.survey_create(
        actor=people["editor"],
        organ=dept,
        title="调查",
        intro="",
        starts_on=today,
        ends_on=today,
    )
    q = survey_svc.question_add(
        actor=people["editor"], survey=s, kind="single", text="满意吗", choices=["是", "否"]
    )
    url = reverse("participation:survey", args=[s.pk])
    codes = []
    for i in range(12):
        client.cookies["gk_voter"] = f"{i:032x}"  # a new browser each time, one address
        codes.append(client.post(url, {f"q{q.pk}": "0"}).status_code)
    assert codes[:10] == [302] * 10 and codes[10:] == [429, 429]
    page = client.post(url, {f"q{q.pk}": "0"})
    assert page.status_code == 429 and "过于频繁" in page.content.decode()
    assert s.responses.count() == 10
