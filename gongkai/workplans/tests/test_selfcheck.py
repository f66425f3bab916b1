"""自查报告: drafted from the organ's tasks, edited and saved, exported as a 公文 DOCX (A4,
GB/T 9704 margins) and opened back."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from gongkai.orgs.models import Organ
from gongkai.workplans.models import SelfCheck, Task
from gongkai.workplans.selfcheck import numeral, render_docx, selfcheck_draft
from gongkai.workplans.services.tasks import task_accept, task_report
from gongkai.workplans.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三")]
)
def test_numerals(n: int, text: str) -> None:
    assert numeral(n) == text


def test_draft_from_the_tasks(
    assign: Callable[..., Task], finance: Organ, people: dict[str, Any]
) -> None:
    done = assign(finance, title="公开部门预算")
    task_report(actor=people["finance"], task=done, text="已在专栏公开部门预算", on=TODAY)
    task_accept(actor=people["office"], task=done, on=TODAY)
    assign(finance, title="公开部门决算")
    draft = selfcheck_draft(done.plan, finance, today=TODAY)
    assert "共承担工作要点任务2项，已通过验收1项，正在办理1项" in draft
    assert "（一）公开部门预算。完成时限2026年4月1日，目前已完成。已在专栏公开部门预算。" in draft
    assert "（二）公开部门决算。" in draft and "尚未报送进展" in draft
    assert draft.splitlines()[1] == "一、总体情况"


def test_edit_save_and_export_docx(
    client: Any, assign: Callable[..., Task], finance: Organ, people: dict[str, Any]
) -> None:
    import docx

    task = assign(finance, title="公开部门预算")
    client.force_login(people["finance"])
    url = reverse("workplans:selfcheck", args=[task.plan_id])
    page = client.get(url).content.decode()
    assert "测试市财政局关于2026年政务公开工作要点落实情况的自查报告" in page
    empty = client.post(url, {"title": "", "body": ""})
    assert empty.status_code == 400 and "请填写自查报告的标题和正文" in empty.content.decode()
    body = "一、总体情况\n我局按要求完成了各项任务。\n（一）预算公开\n已公开。"
    saved = client.post(url, {"title": "财政局自查报告", "body": body})
    assert saved.status_code == 302 and SelfCheck.objects.get().body == body
    response = client.get(reverse("workplans:selfcheck_docx", args=[task.plan_id]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    section = document.sections[0]
    mm = [round(x.mm) for x in (section.page_width, section.page_height, section.top_margin,
                                section.left_margin) if x is not None]  # fmt: skip
    size, margins = tuple(mm[:2]), tuple(mm[2:])
    assert size == (210, 297) and margins == (37, 28)  # A4, GB/T 9704 5.2.1
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == "财政局自查报告" and texts[1:5] == body.splitlines()
    assert texts[-2] == "测试市财政局" and texts[-1].endswith("日")
    heading = next(p for p in document.paragraphs if p.text == "一、总体情况")
    assert heading.runs[0].font.name == "黑体"
    # Another organ's people neither read nor export it.
    client.force_login(people["housing"])
    assert client.get(url).status_code == 404
    client.force_login(people["office"])  # the 公开办 above may
    assert client.get(url + f"?organ={finance.pk}").status_code == 200


def test_render_docx_is_a_docx() -> None:
    import docx

    data = render_docx(title="标题", body="一、情况\n正文。", organ="测试市财政局", day=TODAY)
    assert data[:2] == b"PK"
    assert [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text][:3] == [
        "标题", "一、情况", "正文。",
    ]  # fmt: skip


def test_no_report_for_an_organ_without_tasks(
    assign: Callable[..., Task], finance: Organ, housing: Organ, people: dict[str, Any]
) -> None:
    from django.core.exceptions import ValidationError

    from gongkai.workplans.services.selfcheck import selfcheck_save

    task = assign(finance)
    with pytest.raises(ValidationError, match="测试市住房和城乡建设局在该工作要点中没有承担任务"):
        selfcheck_save(actor=people["housing"], plan=task.plan, organ=housing, title="t", body="b")
    assert not SelfCheck.objects.exists()
