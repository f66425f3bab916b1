"""Issue 19 §2 in a real browser: the 公开办 makes an issue of the 政府公报 in the back office
(期次, then 修改期次信息 to add the 总期号), puts published items into its 目录 under their
栏目, lays out the PDF (A4 pages, fetched and opened), publishes it; a citizen then finds it in
the archive by year, reads its 目录, finds an entry by a word of its title with 检索公报, and the
item's own page says it is the 标准文本 printed in that issue, linking back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import BytesIO
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.staff import staff_page

pytestmark = pytest.mark.browser

A4 = (595, 842)  # points, rounded


def _published(organ: Any, people: dict[str, Any], title: str, doc_number: str) -> Any:
    """A 政策文件 of `organ` through the catalog's workflow (the 公报 prints published items)."""
    from gongkai.catalog.models import Column
    from gongkai.catalog.services import workflow
    from gongkai.catalog.services.items import ItemFields, item_create

    fields = ItemFields(
        title=title,
        formed_on=date(2026, 3, 2),
        doc_number=doc_number,
        body="<p>第一条 为规范工作，制定本文件。</p><p>第二条 本文件自印发之日起施行。</p>",
    )
    column = Column.objects.get(organ=organ, code="policy")
    item = item_create(actor=people["editor"], organ=organ, column=column, fields=fields).item
    item = workflow.item_submit(actor=people["editor"], item=item)
    for finding in item.findings.all():
        workflow.finding_acknowledge(actor=people["secrecy"], finding=finding)
    item = workflow.item_pass_secrecy(actor=people["secrecy"], item=item, opinion="同意公开。")
    return workflow.item_publish(actor=people["approver"], item=item)


def _add(office: Any, word: str, title: str, section: str) -> None:
    """编入 through the picker: find by a word, choose the 栏目 on the item's row."""
    picker = office.locator("#picker")
    picker.get_by_label("标题或文号").fill(word)
    picker.get_by_role("button", name="查找").click()
    office.wait_for_load_state()
    row = office.locator("#candidates tbody tr", has_text=title)
    row.get_by_label(f"栏目：{title}").select_option(label=section)
    row.get_by_role("button", name="编入").click()  # the row's one button, named with its title
    office.wait_for_load_state()
    expect(office.locator(".messages")).to_contain_text(f"已将“{title}”编入“{section}”栏目")


def test_issue_made_printed_published_and_found(
    live_server: Any,
    browser: Any,
    page: Any,
    shot: Any,
    settings: Any,
    tmp_path: Any,
    make_organ: Callable[..., Any],
    make_user: Callable[..., Any],
) -> None:
    from django.utils import timezone
    from pypdf import PdfReader

    from gongkai.gazette import pdf
    from gongkai.gazette.defaults import DEFAULT_SECTIONS
    from gongkai.gazette.models import GazetteIssue, IssueStatus, Section
    from gongkai.orgs.models import Organ

    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        pytest.skip("WeasyPrint 不可用，无法生成公报 PDF")
    if not pdf.cjk_font_installed():
        pytest.skip(f"没有中文字体（{pdf.FONT_PACKAGE}），无法生成公报 PDF")

    settings.MEDIA_ROOT = tmp_path / "media"
    # The live server's database is flushed between walks: the 栏目 seeded by the migration
    # may be gone, so they are laid down again as the demo does.
    for name, order in DEFAULT_SECTIONS:
        Section.objects.get_or_create(name=name, defaults={"order": order})
    city = make_organ("岚山市人民政府", kind=Organ.Kind.GOVERNMENT, level=Organ.Level.CITY)
    dept = make_organ("岚山市财政局", parent=city)
    make_user("gw-office", organ=city, roles=("organ_admin",))
    people = {
        "editor": make_user("gw-editor", organ=city, roles=("editor",)),
        "secrecy": make_user("gw-secrecy", organ=city, roles=("secrecy",)),
        "approver": make_user("gw-approver", organ=city, roles=("approver",)),
    }
    dept_people = {
        "editor": make_user("gw-d-editor", organ=dept, roles=("editor",)),
        "secrecy": make_user("gw-d-secrecy", organ=dept, roles=("secrecy",)),
        "approver": make_user("gw-d-approver", organ=dept, roles=("approver",)),
    }
    notice = _published(
        city, people, "岚山市人民政府关于加强耕地保护工作的通知", "岚政发〔2026〕8号"
    )
    appointment = _published(
        city, people, "岚山市人民政府关于张明同志任职的通知", "岚政任〔2026〕3号"
    )
    budget = _published(
        dept, dept_people, "岚山市财政局关于做好预算公开工作的通知", "岚财〔2026〕5号"
    )
    today = timezone.localdate()
    year = today.year
    base = live_server.url

    # 新建一期: the form starts at this year and today; the 公开办 gives the 期号.
    office = staff_page(browser, base, "gw-office")
    office.goto(f"{base}/office/gazette/")
    office.get_by_role("link", name="新建一期公报").click()
    office.wait_for_load_state()
    office.get_by_label("出版机关").select_option(label="岚山市人民政府")
    office.get_by_label("年份").fill(str(year))
    office.get_by_label("期号（当年第几期）").fill("7")
    office.get_by_label("出版日期").fill(today.isoformat())
    office.get_by_role("button", name="新建").click()
    office.wait_for_load_state()
    issue = GazetteIssue.objects.get(organ=city, year=year, number=7)
    expect(office.get_by_role("heading", level=1)).to_have_text(
        f"《岚山市人民政府公报》{year}年第7期"
    )

    # 修改期次信息 while it is a draft: the 总期号 was forgotten.
    office.get_by_role("link", name="修改期次信息").click()
    office.wait_for_load_state()
    expect(office.get_by_label("期号（当年第几期）")).to_have_value("7")
    office.get_by_label("总期号（可不填）").fill("45")
    office.get_by_role("button", name="保存").click()
    office.wait_for_load_state()
    expect(office.get_by_role("heading", level=1)).to_have_text(
        f"《岚山市人民政府公报》{year}年第7期（总第45期）"
    )

    # The 目录: items of the city and of its department, each under its 栏目.
    _add(office, "耕地", notice.title, "市政府文件")
    _add(office, "岚财", budget.title, "部门文件")
    _add(office, "任职", appointment.title, "人事任免")
    toc = office.locator("section[aria-labelledby='h-toc']")
    expect(toc.get_by_role("heading", level=2)).to_have_text("目录（3篇）")
    expect(toc.get_by_role("heading", level=3)).to_have_text(
        ["【市政府文件】", "【部门文件】", "【人事任免】"]
    )

    # 生成公报 PDF, then fetch it with the official's session and open it.
    office.get_by_role("button", name="生成公报 PDF").click()
    office.wait_for_load_state()
    expect(office.locator(".messages")).to_contain_text("已生成公报 PDF")
    download = office.locator("dl.meta").get_by_role("link", name="下载")
    response = office.context.request.get(base + download.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.body()))
    assert len(reader.pages) >= 2  # the cover and 目录, then the entries
    for sheet in reader.pages:
        assert (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height))) == A4
    text = "".join(sheet.extract_text() for sheet in reader.pages)
    assert "耕地保护" in text and "岚财〔2026〕5号" in text

    office.get_by_role("button", name="出版本期公报").click()
    office.wait_for_load_state()
    expect(office.locator("#issue-status")).to_have_text("已出版")
    expect(office.get_by_role("link", name="修改期次信息")).to_have_count(0)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.PUBLISHED

    # A citizen: the archive by year lists the issue.
    page.goto(f"{base}/gazette/")
    gazette = page.locator(f"section[aria-labelledby='h-g{city.pk}']")
    gazette.get_by_role("link", name=f"{year}年", exact=True).click()
    page.wait_for_load_state()
    expect(page.locator("#issues caption")).to_have_text(f"{year}年共出版1期")
    page.locator("#issues").get_by_role("link", name="第7期（总第45期）").click()
    page.wait_for_load_state()

    # The issue's 目录 links each entry; the entries link the items' pages.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"《岚山市人民政府公报》{year}年第7期（总第45期）"
    )
    toc = page.get_by_role("navigation", name="目录")
    expect(toc.get_by_role("link")).to_have_text([notice.title, budget.title, appointment.title])
    toc.get_by_role("link", name=appointment.title).click()
    expect(page).to_have_url(
        f"{base}{issue.get_absolute_url()}#entry-{issue.entries.get(item=appointment).pk}"
    )
    expect(page.get_by_role("link", name="下载本期 PDF")).to_be_visible()
    shot("1-public-issue")

    # 检索公报 (on the year's page: within this gazette) by one word of a title; the item's
    # page then names its issue (标准文本).
    page.get_by_role("link", name=f"返回{year}年各期").click()
    page.wait_for_load_state()
    search = page.get_by_role("search", name="检索公报")
    search.get_by_label("标题或文号").fill("预算")
    search.get_by_role("button", name="检索公报").click()
    page.wait_for_load_state()
    results = page.locator("#results tbody tr")
    expect(results).to_have_count(1)
    expect(results).to_contain_text(f"《岚山市人民政府公报》{year}年第7期")
    results.get_by_role("link", name=budget.title).click()
    page.wait_for_load_state()
    statement = page.locator("#gazette-statement")
    expect(statement).to_contain_text(
        f"本文已刊登于《岚山市人民政府公报》{year}年第7期（标准文本）"
    )
    shot("2-item-statement")
    statement.get_by_role("link").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"《岚山市人民政府公报》{year}年第7期（总第45期）"
    )
