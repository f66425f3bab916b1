"""Importing published reports into an organ's history (ReportImport), with R8 across years."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gongkai.core.models import AuditEvent
from gongkai.reports.importing import ReportImportError, report_import
from gongkai.reports.models import ReportImport

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.django_db
def test_import_stores_tables_findings_and_audit(organ: Any, staff: dict[str, Any]) -> None:
    data = (GOLDEN / "report_2021_gbk.txt").read_bytes()
    record, findings = report_import(
        actor=staff["organ_admin"],
        organ=organ,
        year=2024,
        text_or_bytes=data,
        source_url="https://example.gov.cn/2024.htm",
    )
    record.refresh_from_db()
    assert (record.format, record.year, record.organ_id) == ("2021", 2024, organ.pk)
    assert record.tables["table3"]["new_received"]["total"] == 14069
    assert record.imported_by == staff["organ_admin"]
    assert findings == [] and record.findings == []
    assert "青禾市数据资源管理局" in record.raw_text
    event = AuditEvent.objects.get(action="report.import", object_id=str(record.pk))
    assert event.organ_id == organ.pk and event.data["source_url"].endswith("2024.htm")
    assert record.report_data().cell("table2", "fees", "amount") == 316441


@pytest.mark.django_db
def test_second_year_is_checked_against_the_first(organ: Any, staff: dict[str, Any]) -> None:
    text = (GOLDEN / "report_2021.html").read_text(encoding="utf-8")
    report_import(actor=staff["editor"], organ=organ, year=2023, text_or_bytes=text, source_url="")
    record, findings = report_import(
        actor=staff["editor"], organ=organ, year=2024, text_or_bytes=text, source_url=""
    )
    # Last year's 结转下年度 (819 in total) is not this year's 上年结转 (560): R8, per column.
    r8 = [f for f in findings if f.rule == "R8"]
    assert "table3.carried_over.total" in {c for f in r8 for c in f.cells}
    assert record.findings == [f.as_dict() for f in findings]
    assert ReportImport.objects.filter(organ=organ).count() == 2


@pytest.mark.django_db
def test_year_mismatch_is_a_warning(organ: Any, staff: dict[str, Any]) -> None:
    text = (GOLDEN / "report_2019.html").read_text(encoding="utf-8")
    record, findings = report_import(
        actor=staff["editor"], organ=organ, year=2019, text_or_bytes=text, source_url=""
    )
    assert record.year == 2019 and record.format == "2019"
    assert any(f.rule == "R6" and "2020" in f.message for f in findings)


@pytest.mark.django_db
def test_not_a_report_is_refused(organ: Any, staff: dict[str, Any]) -> None:
    with pytest.raises(ReportImportError, match="不是政府信息公开工作年度报告"):
        report_import(
            actor=staff["editor"], organ=organ, year=2024, text_or_bytes="会议通知", source_url=""
        )
    with pytest.raises(ReportImportError, match="无法识别文件编码"):
        report_import(
            actor=staff["editor"],
            organ=organ,
            year=2024,
            text_or_bytes=b"\xa1\xff" * 50,
            source_url="",
        )
    assert not ReportImport.objects.exists()
