"""The 督查 back office: plan a round (an organ outside the subtree refused on the page), build
the checklist, fill the matrix, raise a finding, the organ submits its 整改, the organiser
verifies; the 通报 DOCX; who sees what (404/403)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gongkai.orgs.models import Organ
from gongkai.workplans.models import Finding, FindingStatus, InspectionRound, Result, RoundStatus
from gongkai.workplans.tests.conftest import png_bytes

pytestmark = pytest.mark.django_db


def test_plan_a_round_on_the_page(
    client: Any, city: Organ, finance: Organ, elsewhere: Organ, people: dict[str, Any]
) -> None:
    client.force_login(people["office"])
    page = client.get(reverse("workplans:round_create")).content.decode()
    assert f'value="{finance.pk}" id="id_organs_' in page and "另一市人民政府" not in page
    today = timezone.localdate()
    data = {"organ": city.pk, "year": today.year, "title": "年中督查", "scope": "",
            "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=5)).isoformat(),
            "organs": [finance.pk, elsewhere.pk]}  # fmt: skip
    refused = client.post(reverse("workplans:round_create"), data)
    assert refused.status_code == 400
    assert "“另一市人民政府”不在测试市人民政府的管辖范围内" in refused.content.decode()
    assert not InspectionRound.objects.exists()
    done = client.post(reverse("workplans:round_create"), {**data, "organs": [finance.pk]})
    round_ = InspectionRound.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse(
        "workplans:round", args=[round_.pk]
    )
    act = reverse("workplans:round_post", args=[round_.pk, "start"])
    early = client.post(act)
    assert early.status_code == 409 and "请先编制督查清单" in early.content.decode()
    tpl = reverse("workplans:round_post", args=[round_.pk, "from_template"])
    assert client.post(tpl, {"codes": ["catalog_complete", "requests_on_time"]}).status_code == 302
    empty = client.post(reverse("workplans:round_post", args=[round_.pk, "add_line"]), {"text": ""})
    assert empty.status_code == 400 and "请填写督查内容" in empty.content.decode()
    remove = reverse("workplans:round_post", args=[round_.pk, "remove_line"])
    bad = client.post(remove, {"line": "abc"})
    assert bad.status_code == 400 and "没有这个督查要点" in bad.content.decode()
    assert client.post(reverse("workplans:round_post", args=[round_.pk, "plan"])).status_code == 404
    assert client.post(act).status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.IN_PROGRESS and round_.lines.count() == 2
    # The inspected department neither reads the round nor plans one.
    client.force_login(people["finance"])
    assert client.get(reverse("workplans:round", args=[round_.pk])).status_code == 404
    assert client.get(reverse("workplans:round_create")).status_code == 403
    assert client.get(reverse("workplans:round_docx", args=[round_.pk])).status_code == 404


def test_matrix_finding_rectify_verify(
    client: Any, make_round: Callable[..., InspectionRound], finance: Organ,
    people: dict[str, Any], settings: Any, tmp_path: Any,
) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    round_ = make_round(finance)
    first, second = list(round_.lines.order_by("order"))
    client.force_login(people["office"])
    url = reverse("workplans:round_matrix", args=[round_.pk])
    page = client.get(url).content.decode()
    assert f'name="v_{first.pk}_{finance.pk}"' in page and "已填写 0 / 2 项" in page
    bad = client.post(url, {f"v_{first.pk}_{finance.pk}": "conform",
                            f"v_{second.pk}_{finance.pk}": "fail"})  # fmt: skip
    assert bad.status_code == 400 and "请填写说明（存在的问题）" in bad.content.decode()
    assert not Result.objects.exists() and 'value="fail" selected' in bad.content.decode()
    good = client.post(url, {f"v_{first.pk}_{finance.pk}": "conform",
                             f"v_{second.pk}_{finance.pk}": "fail",
                             f"n_{second.pk}_{finance.pk}": "依申请答复超期"})  # fmt: skip
    assert good.status_code == 302 and Result.objects.count() == 2
    new = reverse("workplans:finding_create", args=[round_.pk])
    form = client.get(new + f"?organ={finance.pk}&line={second.pk}").content.decode()
    assert "依申请" in form
    data = {"organ": finance.pk, "line": second.pk, "problem": "2件申请逾期答复",
            "requirement": "建立台账，按期答复", "deadline": ""}  # fmt: skip
    refused = client.post(new, data)
    assert refused.status_code == 400 and "请填写整改期限" in refused.content.decode()
    deadline = (timezone.localdate() + timedelta(days=10)).isoformat()
    raised = client.post(new, {**data, "deadline": deadline})
    finding = Finding.objects.get()
    assert raised.status_code == 302 and raised["Location"] == reverse(
        "workplans:finding", args=[finding.pk]
    )
    # The department sees it in its list and submits its 整改 with a file.
    client.force_login(people["finance"])
    assert "2件申请逾期答复" in client.get(reverse("workplans:findings")).content.decode()
    page = client.get(raised["Location"]).content.decode()
    assert 'id="act-submit"' in page and 'id="act-verify"' not in page
    act = reverse("workplans:finding_act", args=[finding.pk, "submit"])
    upload = SimpleUploadedFile("台账.png", png_bytes(), "image/png")
    assert (
        client.post(act, {"text": "已建立台账并补充答复。", "files": [upload]}).status_code == 302
    )
    verify = reverse("workplans:finding_act", args=[finding.pk, "verify"])
    denied = client.post(verify, {})
    assert denied.status_code == 403
    evidence = finding.evidence.get()
    download = client.get(reverse("workplans:finding_evidence", args=[evidence.pk]))
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")
    # Another department sees nothing of it.
    client.force_login(people["housing"])
    assert client.get(raised["Location"]).status_code == 404
    assert "2件申请逾期答复" not in client.get(reverse("workplans:findings")).content.decode()
    # The organiser verifies; a second verify is refused as a state conflict.
    client.force_login(people["office"])
    assert client.post(verify, {"comment": "已核实"}).status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.VERIFIED
    again = client.post(verify, {})
    assert again.status_code == 409 and "问题当前状态为“已整改”" in again.content.decode()
    summary = client.get(reverse("workplans:round", args=[round_.pk])).content.decode()
    assert "不在门户网站公开" in summary and "2件申请逾期答复" in summary


def test_bulletin_docx_download(
    client: Any, make_round: Callable[..., InspectionRound], finance: Organ,
    people: dict[str, Any],
) -> None:  # fmt: skip
    import docx

    round_ = make_round(finance)
    client.force_login(people["office"])
    response = client.get(reverse("workplans:round_docx", args=[round_.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    assert round(document.sections[0].page_width.mm) == 210  # type: ignore[union-attr]
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == "测试市人民政府关于2026年政务公开工作督查情况的通报"
    assert "本次督查未发现需要整改的问题。" in texts


def test_overdue_findings_list(
    client: Any, make_round: Callable[..., InspectionRound], finance: Organ,
    people: dict[str, Any],
) -> None:  # fmt: skip
    from gongkai.workplans.services.findings import finding_raise

    round_ = make_round(finance)
    today = timezone.localdate()
    finding = finding_raise(
        actor=people["office"], round_=round_, organ=finance, problem="目录缺项",
        requirement="补齐目录", deadline=today - timedelta(days=3),
        on=today - timedelta(days=10),
    )  # fmt: skip
    client.force_login(people["office"])
    page = client.get(reverse("workplans:findings") + "?overdue=1").content.decode()
    assert "目录缺项" in page and "超期" in page
    rounds = client.get(reverse("workplans:rounds")).content.decode()
    assert "有 1 个督查问题已超过整改期限" in rounds and round_.title in rounds
    assert finding.pk
