"""The overdue and lapse jobs (task and command share one service), and the demo year."""

from __future__ import annotations

import random
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from gongkai.applications import tasks
from gongkai.applications.models import Application, AppStatus
from gongkai.applications.outcomes import OUTCOMES
from gongkai.applications.services import workflow as wf
from gongkai.core.models import AuditEvent


def test_mark_overdue_task_is_idempotent(
    register, staff, organ, django_capture_on_commit_callbacks
) -> None:
    organ.gio_email = "gio@example.com"
    organ.save()
    late = register(submitted_on=timezone.localdate() - timedelta(days=60))
    fresh = register(submitted_on=timezone.localdate(), data={"phone": "13800000009"})
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.mark_overdue.enqueue()
    assert first.return_value == [late.pk]
    assert tasks.mark_overdue.enqueue().return_value == []
    assert AuditEvent.objects.filter(action="application.overdue").count() == 1
    fresh.refresh_from_db()
    assert fresh.overdue_notified_at is None


def test_close_lapsed_task_and_command_share_the_service(register, staff) -> None:
    app = register(submitted_on=date(2026, 3, 2))
    wf.application_request_correction(
        actor=staff["editor"],
        app=app,
        on=date(2026, 3, 3),
        items="请说明年份",
        deadline=date(2026, 3, 18),
    )
    out = StringIO()
    call_command("applications", "close-lapsed", "--today", "2026-03-18", stdout=out)
    assert "没有逾期" in out.getvalue()  # the deadline day itself still counts
    call_command("applications", "close-lapsed", "--today", "2026-03-19", stdout=out)
    assert "已终止处理 1 件" in out.getvalue() and app.reference in out.getvalue()
    app.refresh_from_db()
    assert app.status == AppStatus.ANSWERED and app.outcome == "other.no_correction"
    assert tasks.close_lapsed.enqueue().return_value == []  # nothing twice


def test_command_mark_overdue_and_bad_date(register) -> None:
    register(submitted_on=timezone.localdate() - timedelta(days=60))
    out = StringIO()
    call_command("applications", "mark-overdue", stdout=out)
    assert "新标记超期申请 1 件" in out.getvalue()
    call_command("applications", "mark-overdue", stdout=out)
    assert "没有新的超期申请" in out.getvalue()
    with pytest.raises(CommandError, match="日期格式"):
        call_command("applications", "close-lapsed", "--today", "2026-13-40")


@pytest.fixture
def demo_organs(make_organ: Any, make_user: Any) -> list[Any]:
    from gongkai.orgs.models import Organ

    result = []
    for name, kind in (
        ("测试市人民政府", Organ.Kind.GOVERNMENT),
        ("测试市住房和城乡建设局", "department"),
        ("测试市档案馆", "unit"),
    ):
        organ = make_organ(name, kind=kind)
        # Issue 13: answers pass 审核 / 签发, extensions the GIO head; the government reviews.
        for role in ("editor", "reviewer", "approver", "gio_head"):
            make_user(f"{organ.pk}-{role}", organ=organ, roles=(role,))
        result.append(organ)
    result[0].answer_signoff = Organ.AnswerSignoff.REVIEWER_APPROVER
    result[0].save()
    return result


def test_demo_year_has_every_state_and_outcome(demo_organs, settings, tmp_path) -> None:
    from gongkai.demo.applications import build_applications

    settings.MEDIA_ROOT = tmp_path
    year = timezone.localdate().year
    counts = build_applications(organs=demo_organs, rng=random.Random(7), year=year)
    states = set(Application.objects.values_list("status", flat=True))
    assert states == set(AppStatus.values)
    outcomes = set(Application.objects.exclude(outcome="").values_list("outcome", flat=True))
    assert outcomes == {o.key for o in OUTCOMES}
    assert not Application.objects.filter(organ=demo_organs[2]).exists()  # 档案馆 takes none
    assert Application.objects.filter(extended=True).count() == 1
    assert Application.objects.filter(transferred_to__isnull=False).exists()
    assert Application.objects.exclude(fee_method="").exists()
    assert counts["letters"] > 0
    from gongkai.applications.models import Consultation, LegalChallenge

    assert Consultation.objects.exists()
    assert set(LegalChallenge.objects.values_list("kind", flat=True)) == {
        "review",
        "litigation_direct",
        "litigation_after_review",
    }
    # The jobs find the planted overdue case once, and nothing lapsed is left behind.
    assert len(wf.applications_mark_overdue()) >= 1
    assert wf.applications_mark_overdue() == []
    assert wf.applications_close_lapsed() == []
