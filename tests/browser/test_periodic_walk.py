"""Issue 19 §4 in a real browser: a 民政局's 公开办 finds in the calendar a month of its 临时救助
名单 overdue and the current month due; uploads the month's CSV against the declared schema and is
refused, in Chinese, while the 身份证号码 column holds full numbers; uploads the masked file,
publishes it; a citizen then reads it on the portal as an accessible table (caption, column and
row headers) and downloads it as CSV and XLSX, the masked numbers and nothing more.

The periods are placed around the day the walk runs (three months back to this month), so what
is overdue and what is due hold whatever the date: the oldest month fell due six weeks ago at
the latest, this month's falls due next month."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.staff import staff_page

pytestmark = pytest.mark.browser

HEADER = "姓名,身份证号码,救助金额（元）"
COLUMNS = ["姓名", "身份证号码", "救助金额（元）"]
MASKED = [("张某", "330102********1234", "1500"), ("李某", "330106********5678", "800")]


def _months_back(day: date, months: int) -> date:
    """The first day of the month `months` before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _label(first: date) -> str:
    return f"{first.year}年{first.month}月"


def _upload(office: Any, csv_text: str) -> None:
    office.get_by_label("数据文件").set_input_files(
        files=[{"name": "名单.csv", "mimeType": "text/csv", "buffer": csv_text.encode()}]
    )
    office.get_by_role("button", name="上传并检查").click()
    office.wait_for_load_state()


def test_due_month_uploaded_refused_masked_published_and_downloaded(
    live_server: Any,
    browser: Any,
    page: Any,
    shot: Any,
    make_organ: Callable[..., Any],
    make_user: Callable[..., Any],
) -> None:
    import openpyxl
    from django.utils import timezone

    from gongkai.catalog.models import Column
    from gongkai.core.identifiers import resident_id_check_char
    from gongkai.orgs.models import Organ
    from gongkai.periodic.models import Dataset, DatasetStatus, Frequency
    from gongkai.periodic.rules import SchemaColumn
    from gongkai.periodic.services.schedules import ScheduleFields, schedule_create

    county = make_organ("鹭溪县人民政府", kind=Organ.Kind.GOVERNMENT, level=Organ.Level.COUNTY)
    bureau = make_organ("鹭溪县民政局", parent=county, level=Organ.Level.COUNTY)
    official = make_user("pw-office", organ=bureau, roles=("organ_admin",))
    today = timezone.localdate()
    oldest, current = _months_back(today, 3), _months_back(today, 0)
    schedule = schedule_create(
        actor=official,
        organ=bureau,
        starts_on=oldest,
        fields=ScheduleFields(
            title="临时救助对象名单",
            column=Column.objects.filter(organ=bureau, is_active=True).first(),
            frequency=Frequency.MONTHLY,
            due_days=15,
            basis="《社会救助暂行办法》第四十七条",
            schema=(
                SchemaColumn("姓名", "text"),
                SchemaColumn("身份证号码", "text", masked=True),
                SchemaColumn("救助金额（元）", "decimal"),
            ),
        ),
    )
    full_id = "33010219850307123" + resident_id_check_char("33010219850307123")
    base = live_server.url

    # The calendar, two months from this one: the oldest month is overdue, this one is due.
    office = staff_page(browser, base, "pw-office")
    office.goto(f"{base}/office/periodic/")
    office.get_by_role("link", name="公开日历（到期与逾期）").click()
    office.wait_for_load_state()
    office.get_by_label("月数").fill("2")
    office.get_by_role("button", name="查看").click()
    office.wait_for_load_state()
    rows = office.locator("#calendar tbody tr")
    overdue = rows.filter(has_text=_label(oldest))
    expect(overdue.locator(".state")).to_have_text("逾期未发布")
    expect(rows.filter(has_text=_label(current)).locator(".state")).to_have_text("待发布")

    # To the schedule, and the oldest month's upload.
    overdue.get_by_role("link", name="临时救助对象名单").click()
    office.wait_for_load_state()
    office.locator("#periods tbody tr", has_text=_label(oldest)).get_by_role(
        "link", name="上传数据"
    ).click()
    office.wait_for_load_state()
    expect(office.locator("pre")).to_contain_text("身份证号码：文本：脱敏")
    office.get_by_label("数据标题").fill(f"{_label(oldest)}临时救助对象名单")

    # Full ID numbers: refused with the reason and the law, nothing kept.
    _upload(office, f"{HEADER}\n张某,{full_id},1500\n李某,330106********5678,800\n")
    expect(office.locator(".messages")).to_contain_text(
        "数据含有个人信息，不能公开：“身份证号码”列含有未遮盖的身份证号码（如第2行）"
    )
    expect(office.locator(".messages")).to_contain_text("《个人信息保护法》第二十八条")
    assert not Dataset.objects.exists()

    good = HEADER + "\n" + "".join(",".join(r) + "\n" for r in MASKED)
    office.get_by_label("数据标题").fill(f"{_label(oldest)}临时救助对象名单")
    _upload(office, good)
    expect(office.locator(".messages")).to_contain_text("数据已通过检查，待发布")
    office.get_by_role("button", name="发布数据").click()
    office.wait_for_load_state()
    expect(office.locator(".messages")).to_contain_text("数据已发布")
    dataset = Dataset.objects.get(schedule=schedule)
    assert dataset.status == DatasetStatus.PUBLISHED

    # The month is now published late (逾期发布), and no longer overdue in the calendar.
    office.goto(f"{base}{schedule.get_absolute_url()}")
    period_row = office.locator("#periods tbody tr", has_text=_label(oldest))
    expect(period_row.locator(".state")).to_have_text("逾期发布")
    office.goto(f"{base}/office/periodic/calendar/?months=2")
    expect(
        office.locator("#calendar tbody tr", has_text=_label(oldest)).filter(has_text="逾期未发布")
    ).to_have_count(0)

    # A citizen: the organ's page, the dataset as an accessible table.
    page.goto(f"{base}/periodic/")
    page.get_by_role("link", name="鹭溪县民政局").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=dataset.title).click()
    page.wait_for_load_state()
    table = page.get_by_role("table", name=dataset.title)  # named by its caption
    expect(table.locator("caption")).to_have_text(dataset.title)
    expect(table.locator("thead th[scope='col']")).to_have_text(COLUMNS)
    expect(table.locator("tbody th[scope='row']")).to_have_text(["张某", "李某"])
    expect(table.get_by_role("cell", name="330102********1234")).to_be_visible()
    expect(page.locator("#data-summary")).to_contain_text("共 2 行、3 列")
    assert full_id not in page.content()
    shot("1-public-table")

    # The downloads carry the same rows, nothing more.
    with page.expect_download() as got:
        page.get_by_role("link", name="CSV 格式").click()
    text = Path(got.value.path()).read_bytes().decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [COLUMNS, *map(list, MASKED)]
    with page.expect_download() as got:
        page.get_by_role("link", name="Excel（XLSX）格式").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()), read_only=True)
    values = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    assert values == [COLUMNS, *map(list, MASKED)]
