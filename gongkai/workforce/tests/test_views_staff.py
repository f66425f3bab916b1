"""Back office: the year's table with totals and who is missing, the entry form with its
Chinese refusals (nothing written), another organ's staff refused (403), the XLSX opened back."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.core.models import AuditEvent
from gongkai.workforce.models import WorkforceEvidence, WorkforceFigures
from gongkai.workforce.services import figures_save
from gongkai.workforce.tests.conftest import TODAY, figures, pdf

pytestmark = pytest.mark.django_db


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(**kw: str) -> dict[str, Any]:
    data = {
        "fulltime_staff": "2",
        "fulltime_staff_source": "编制文件",
        "parttime_staff": "5",
        "parttime_staff_source": "分工通知",
        "budget": "12.5",
        "budget_source": "预算批复",
        "meetings": "3",
        "meetings_source": "会议纪要",
        "trainings": "2",
        "trainings_source": "培训通知",
        "trainees": "80",
        "trainees_source": "签到表",
        "notes": "",
    }
    data.update(kw)
    return data


def test_enter_through_the_form_and_see_the_totals(
    people: dict[str, Any], county: Any, dept: Any
) -> None:
    editor = _as(people["editor"])
    url = reverse("workforce:edit", args=[dept.pk, 2025])
    page = editor.get(url)
    assert page.status_code == 200 and "兼职人员数" in page.content.decode()
    upload = SimpleUploadedFile("编制文件.pdf", pdf(), content_type="application/pdf")
    response = editor.post(url, {**_post(), "evidence": upload})
    assert response.status_code == 302
    row = WorkforceFigures.objects.get(organ=dept, year=2025)
    assert row.budget == Decimal("12.50") and row.updated_by == people["editor"]
    evidence = WorkforceEvidence.objects.get(figures=row)
    download: Any = editor.get(reverse("workforce:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf()
    refused = _as(people["other"]).get(reverse("workforce:evidence", args=[evidence.pk]))
    assert refused.status_code == 404
    office = _as(people["office"])
    listing = office.get(reverse("workforce:index"), {"organ": county.pk, "year": 2025})
    text = listing.content.decode()
    assert "已填报1个" in text and "岚山县教育局" in text and "尚未填报的机关" in text
    assert "人员经费培训" in text  # the navigation link


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        ("fulltime_staff", "-2", "政府信息公开工作专职人员数不能为负数。"),
        (
            "parttime_staff",
            "五人",
            "政府信息公开工作兼职人员数应填写数字（如 3），不能填写文字“五人”。",
        ),
        ("budget", "12.345", "政府信息公开工作专项经费以万元为单位，最多保留两位小数。"),
        ("trainees_source", "", "请注明接受培训人员数的来源"),
    ],
)
def test_bad_input_comes_back_in_chinese_nothing_written(
    people: dict[str, Any], dept: Any, field: str, raw: str, message: str
) -> None:
    response = _as(people["editor"]).post(
        reverse("workforce:edit", args=[dept.pk, 2025]), _post(**{field: raw})
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "未保存" in page
    assert not WorkforceFigures.objects.exists()


def test_a_future_year_is_refused_on_the_page(people: dict[str, Any], dept: Any) -> None:
    response = _as(people["editor"]).post(reverse("workforce:edit", args=[dept.pk, 2999]), _post())
    assert response.status_code == 400 and "2999年尚未到来" in response.content.decode()
    assert not WorkforceFigures.objects.exists()
    assert _as(people["editor"]).get(reverse("workforce:index"), {"year": 2999}).status_code == 404


def test_another_organs_staff_is_refused(people: dict[str, Any], dept: Any) -> None:
    url = reverse("workforce:edit", args=[dept.pk, 2025])
    other = _as(people["other"])
    assert other.get(url).status_code == 403
    assert other.post(url, _post()).status_code == 403
    assert _as(people["secrecy"]).get(reverse("workforce:index")).status_code == 403
    assert not WorkforceFigures.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="workforce.").exists()


def test_xlsx_export_opens_back(people: dict[str, Any], county: Any, dept: Any) -> None:
    sources = dict(figures().sources, meetings='=HYPERLINK("x")')
    figures_save(
        actor=people["office"], organ=dept, year=2025, values=figures(sources=sources), today=TODAY
    )
    response = _as(people["office"]).get(
        reverse("workforce:export"), {"organ": county.pk, "year": 2025}
    )
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    sheet = book["人员经费培训"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "岚山县人民政府（含下级机关）2025年政府信息公开工作人员、经费和培训情况"
    by_name = {str(r[0]).strip("　"): r for r in rows[2:]}
    assert by_name["岚山县人民政府"][1] == "未填报"
    dept_row = by_name["岚山县人力资源和社会保障局"]
    assert dept_row[1] == 2 and dept_row[5] == 12.5 and dept_row[8] == '=HYPERLINK("x")'
    assert sheet.cell(row=4, column=9).data_type == "s"  # text, never a formula
    total = next(r for r in rows if str(r[0]).startswith("合计"))
    assert total[0] == "合计（已填报1个，共3个机关）" and total[11] == 80
    assert rows[-1][0] == "未填报的机关：岚山县人民政府、岚山县教育局"
    table = [[c.value for c in row] for row in book["附表格式"].iter_rows()]
    assert table[1] == ["政府信息公开工作专职人员数", "人", 2]
