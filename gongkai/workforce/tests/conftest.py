"""Fixtures of the workforce tests: a county government with two departments (one of which has a
township-level unit below it), a person in each post, and a way to type figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from gongkai.orgs.models import Organ
from gongkai.workforce.services import FiguresInput

TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    """Uploaded evidence goes to a temporary directory, never the project's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def county(make_organ: Callable[..., Organ]) -> Organ:
    return make_organ("岚山县人民政府", kind=Organ.Kind.GOVERNMENT, level=Organ.Level.COUNTY)


@pytest.fixture
def dept(make_organ: Callable[..., Organ], county: Organ) -> Organ:
    return make_organ("岚山县人力资源和社会保障局", parent=county, level=Organ.Level.COUNTY)


@pytest.fixture
def other_dept(make_organ: Callable[..., Organ], county: Organ) -> Organ:
    return make_organ("岚山县教育局", parent=county, level=Organ.Level.COUNTY)


@pytest.fixture
def people(
    make_user: Callable[..., Any], county: Organ, dept: Organ, other_dept: Organ
) -> dict[str, Any]:
    return {
        "office": make_user("wf-office", organ=county, roles=("organ_admin",)),
        "editor": make_user("wf-editor", organ=dept, roles=("editor",)),
        "secrecy": make_user("wf-secrecy", organ=dept, roles=("secrecy",)),
        "other": make_user("wf-other", organ=other_dept, roles=("editor",)),
        "outsider": make_user("wf-outsider"),
    }


def pdf() -> bytes:
    """A whole one-page PDF (a bare `%PDF-…%%EOF` is refused as broken)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def figures(**kw: Any) -> FiguresInput:
    values: dict[str, Any] = {
        "fulltime_staff": 2,
        "parttime_staff": 5,
        "budget": Decimal("12.50"),
        "meetings": 3,
        "trainings": 2,
        "trainees": 80,
        "sources": {
            "fulltime_staff": "岚人社〔2024〕3号 编制文件",
            "parttime_staff": "工作分工通知",
            "budget": "2025年部门预算批复",
            "meetings": "会议纪要",
            "trainings": "培训通知",
            "trainees": "签到表",
        },
    }
    values.update(kw)
    return FiguresInput(**values)
