"""The public report check tool (stores nothing) and the back-office import of published reports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.applications import ratelimit as rl
from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Role
from gongkai.reports.models import ReportImport
from gongkai.reports.views.checking import CHECK_PER_IP

pytestmark = pytest.mark.django_db

CHECK = "/reports/check/"
ORGAN_NAME = "示例县农业农村局"

# A small 2021-format report of our own, laid out as text copied from a web page (one row a line,
# figures separated by spaces). 结转下年度 of 自然人 is 2 where 一+二−三（七） gives 1: R1 on that
# column and on 总计. 表二 has one blank cell (行政强制) and 表四 is all zeros.
REPORT_2023 = f"""{ORGAN_NAME}2023年政府信息公开工作年度报告
本报告所列数据的统计期限为2023年1月1日至2023年12月31日。
一、总体情况
2023年，我局全年新收政府信息公开申请4件。
二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 0
行政规范性文件 2 1 15
第二十条第（五）项
信息内容 本年处理决定数量
行政许可 120
第二十条第（六）项
信息内容 本年处理决定数量
行政处罚 35
行政强制
第二十条第（八）项
信息内容 本年收费金额（单位：万元）
行政事业性收费 0
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）
申请人情况 自然人 法人或其他组织 总计
商业企业 科研机构 社会公益组织 法律服务机构 其他
一、本年新收政府信息公开申请数量 3 1 0 0 0 0 4
二、上年结转政府信息公开申请数量 1 0 0 0 0 0 1
三、本年度办理结果
（一）予以公开 2 1 0 0 0 0 3
（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0 0 0 0 0 0 0
（三）不予公开
1.属于国家秘密 0 0 0 0 0 0 0
2.其他法律行政法规禁止公开 0 0 0 0 0 0 0
3.危及“三安全一稳定” 0 0 0 0 0 0 0
4.保护第三方合法权益 0 0 0 0 0 0 0
5.属于三类内部事务信息 0 0 0 0 0 0 0
6.属于四类过程性信息 0 0 0 0 0 0 0
7.属于行政执法案卷 0 0 0 0 0 0 0
8.属于行政查询事项 0 0 0 0 0 0 0
（四）无法提供
1.本机关不掌握相关政府信息 1 0 0 0 0 0 1
2.没有现成信息需要另行制作 0 0 0 0 0 0 0
3.补正后申请内容仍不明确 0 0 0 0 0 0 0
（五）不予处理
1.信访举报投诉类申请 0 0 0 0 0 0 0
2.重复申请 0 0 0 0 0 0 0
3.要求提供公开出版物 0 0 0 0 0 0 0
4.无正当理由大量反复申请 0 0 0 0 0 0 0
5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0
（六）其他处理
1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0
2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0
3.其他 0 0 0 0 0 0 0
（七）总计 3 1 0 0 0 0 4
四、结转下年度继续办理 2 0 0 0 0 0 2
四、政府信息公开行政复议、行政诉讼情况
行政复议 行政诉讼
结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉
结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计
0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
五、存在的主要问题及改进情况
个别栏目更新不够及时，下一年度将加强督促。
六、其他需要报告的事项
本年度未收取信息处理费。
"""

R1_CELL = "cell-table3-carried_forward-natural_person"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()  # rate-limit counters live in the (local-memory) cache
    yield
    cache.clear()


@pytest.fixture
def admin_client(staff: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(staff["organ_admin"])
    return client


def _check(client: Client, **data: Any) -> Any:
    return client.post(CHECK, data)


# ---- public check tool --------------------------------------------------------------------


def test_check_page_works_without_login() -> None:
    html = Client().get(CHECK).content.decode()
    assert "年度报告检查" in html and 'enctype="multipart/form-data"' in html
    assert '<label for="id_text"' in html and '<label for="id_file"' in html


def test_pasted_report_shows_tables_and_r1_with_the_cell_highlighted() -> None:
    response = _check(Client(), text=REPORT_2023, source_url="https://www.example.gov.cn/n/1.htm")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2021年格式" in html and "2023年" in html and ORGAN_NAME in html
    # the official layout, labels from the definitions
    assert "申请人情况" in html and 'id="table3"' in html and 'id="table4"' in html
    assert '<span class="rule">R1</span>' in html
    # the finding links to the cell, the cell is flagged and links back to the finding
    assert f'href="#{R1_CELL}"' in html
    start = html.index(f'id="{R1_CELL}"')
    cell = html[html.rindex("<td", 0, start) : html.index("</td>", start)]
    assert "flagged" in cell and 'href="#finding-' in cell and ">2<" in cell
    # a cell without a finding is not flagged; the blank 行政强制 is marked, not shown as 0
    ok = html[html.rindex("<td", 0, html.index('id="cell-table3-granted-total"')) :]
    assert ok.startswith('<td class="num" ')
    blank = html.index('id="cell-table2-coercion-decisions"')
    blank_cell = html[html.rindex("<td", 0, blank) : html.index("</td>", blank)]
    assert "blank" in blank_cell and "空白" in blank_cell and ">0<" not in blank_cell
    assert "flagged" in blank_cell  # a blank cell is a real finding (the parser's P3 here)
    assert 'href="#cell-table2-coercion-decisions"' in html
    assert "https://www.example.gov.cn/n/1.htm" in html
    assert (
        not ReportImport.objects.exists()
        and not AuditEvent.objects.filter(action="report.import").exists()
    )


def test_gbk_upload_is_decoded() -> None:
    upload = SimpleUploadedFile("2023年报.txt", REPORT_2023.encode("gbk"), "text/plain")
    response = Client().post(CHECK, {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert ORGAN_NAME in html and "GBK/GB18030" in html and f'href="#{R1_CELL}"' in html


def test_not_a_report_says_so() -> None:
    response = _check(
        Client(), text="关于召开2024年度安全生产工作会议的通知\n各科室：定于下周一开会。"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "不是政府信息公开工作年度报告" in html and 'role="alert"' in html
    assert "关于召开2024年度安全生产工作会议的通知" in html  # the pasted text is kept
    assert 'id="table3"' not in html


def test_empty_and_oversize_and_wrong_type_uploads_are_refused_with_a_message() -> None:
    client = Client()
    empty = _check(client, text="  ")
    assert empty.status_code == 400 and "请粘贴年度报告的全文" in empty.content.decode()
    big = SimpleUploadedFile("big.txt", b"a" * (5 * 1024 * 1024 + 1), "text/plain")
    response = client.post(CHECK, {"file": big, "source_url": "https://x.example.gov.cn/"})
    html = response.content.decode()
    assert response.status_code == 400 and "超过5 MB" in html
    assert "https://x.example.gov.cn/" in html  # what was typed stays
    pdf = SimpleUploadedFile("r.pdf", b"%PDF-1.4\n", "application/pdf")
    response = client.post(CHECK, {"file": pdf})
    assert response.status_code == 400 and "只能上传 HTML 或 TXT 文件" in response.content.decode()
    bad_url = _check(client, text=REPORT_2023, source_url="not a url")
    assert bad_url.status_code == 400 and "请填写完整的网址" in bad_url.content.decode()


def test_a_request_body_far_over_the_limit_is_refused_before_parsing(
    admin_client: Client,
) -> None:
    huge = str(12 * 1024 * 1024)
    response = Client().post(CHECK, {"text": "年度报告"}, CONTENT_LENGTH=huge)
    assert response.status_code == 413 and "提交的内容过大" in response.content.decode()
    response = admin_client.post(reverse("reports:import"), {"text": "x"}, CONTENT_LENGTH=huge)
    assert response.status_code == 413 and "提交的内容过大" in response.content.decode()
    assert rl.hits(CHECK_PER_IP, "127.0.0.1") == 0


def test_public_check_is_rate_limited_per_address() -> None:
    for _ in range(CHECK_PER_IP.max_hits):
        rl.hit(CHECK_PER_IP, "127.0.0.1")
    response = _check(Client(), text=REPORT_2023)
    html = response.content.decode()
    assert response.status_code == 429 and "检查次数过多" in html
    assert "行政规范性文件 2 1 15" in html  # the pasted text is kept
    other = Client(REMOTE_ADDR="10.1.2.3").post(CHECK, {"text": REPORT_2023})
    assert other.status_code == 200


def test_each_check_counts() -> None:
    _check(Client(), text=REPORT_2023)
    assert rl.hits(CHECK_PER_IP, "127.0.0.1") == 1


# ---- back office: import ------------------------------------------------------------------


def _preview(client: Client, organ: Any, **data: Any) -> Any:
    return client.post(reverse("reports:import"), {"organ": organ.pk, "step": "preview", **data})


def _payload(html: str) -> str:
    start = html.index('name="payload" value="') + len('name="payload" value="')
    return html[start : html.index('"', start)]


def test_import_preview_then_confirm_stores_and_audits(
    admin_client: Client, organ: Any, staff: dict[str, Any]
) -> None:
    url = reverse("reports:import")
    assert admin_client.get(url).status_code == 200
    preview = _preview(admin_client, organ, text=REPORT_2023, source_url="https://e.gov.cn/1.htm")
    html = preview.content.decode()
    assert preview.status_code == 200 and "确认导入" in html and f'href="#{R1_CELL}"' in html
    assert 'name="year" value="2023"' in html  # year defaults from the parse
    assert not ReportImport.objects.exists()  # a preview stores nothing
    response = admin_client.post(
        url,
        {
            "step": "confirm",
            "organ": organ.pk,
            "year": "2023",
            "source_url": "https://e.gov.cn/1.htm",
            "payload": _payload(html),
        },
    )
    record = ReportImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:import_detail", args=[record.pk])
    assert (record.organ, record.year, record.format) == (organ, 2023, "2021")
    assert record.imported_by == staff["organ_admin"]
    assert record.tables["table3"]["carried_forward"]["natural_person"] == 2
    assert any(f["rule"] == "R1" for f in record.findings)
    event = AuditEvent.objects.get(action="report.import", object_id=str(record.pk))
    assert event.organ_id == organ.pk
    detail = admin_client.get(response["Location"]).content.decode()
    assert "已导入" in detail and f'href="#{R1_CELL}"' in detail and "flagged" in detail
    listing = admin_client.get(reverse("reports:imports")).content.decode()
    assert "2023年度报告" in listing and "现行" in listing
    assert f"{len(record.findings)}个（其中错误" in listing


def test_import_upload_gbk_file_and_year_from_form(admin_client: Client, organ: Any) -> None:
    upload = SimpleUploadedFile("old.txt", REPORT_2023.encode("gb18030"), "text/plain")
    html = _preview(admin_client, organ, file=upload, year="2022").content.decode()
    assert "GBK/GB18030" in html and 'name="year" value="2022"' in html
    assert "报告中写的是2023年度" in html


def test_import_errors_keep_the_input(admin_client: Client, organ: Any) -> None:
    not_report = _preview(admin_client, organ, text="这是一份会议纪要，不是年报。")
    html = not_report.content.decode()
    assert not_report.status_code == 200 and "不是政府信息公开工作年度报告" in html
    assert "这是一份会议纪要" in html and "确认导入" not in html
    tampered = admin_client.post(
        reverse("reports:import"),
        {"step": "confirm", "organ": organ.pk, "year": "2023", "payload": "forged"},
    )
    assert tampered.status_code == 400 and "预览已过期或不完整" in tampered.content.decode()
    future = _preview(admin_client, organ, text=REPORT_2023, year="2999")
    assert future.status_code == 400 and "不能晚于今年" in future.content.decode()
    assert not ReportImport.objects.exists()


def test_confirm_with_bad_year_keeps_the_preview(admin_client: Client, organ: Any) -> None:
    html = _preview(admin_client, organ, text=REPORT_2023).content.decode()
    response = admin_client.post(
        reverse("reports:import"),
        {"step": "confirm", "organ": organ.pk, "year": "二〇二三", "payload": _payload(html)},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "请填写四位年份" in page
    assert f'href="#{R1_CELL}"' in page and _payload(html) in page
    assert not ReportImport.objects.exists()


def test_user_without_the_admin_role_gets_403(
    organ: Any, staff: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    client = Client()
    client.force_login(staff["editor"])
    assert client.get(reverse("reports:import")).status_code == 403
    assert client.get(reverse("reports:imports")).status_code == 403
    assert _preview(client, organ, text=REPORT_2023).status_code == 403
    assert Client().get(reverse("reports:import")).status_code == 302  # to the login page


def test_admin_of_another_organ_cannot_import_into_it_or_read_its_imports(
    organ: Any,
    staff: dict[str, Any],
    make_organ: Callable[..., Any],
    make_user: Callable[..., Any],
) -> None:
    other = make_organ("示例县水利局")
    outsider = make_user("other-admin", organ=other, roles=(Role.ORGAN_ADMIN,))
    client = Client()
    client.force_login(outsider)
    assert _preview(client, organ, text=REPORT_2023).status_code == 403
    html = _preview(client, other, text=REPORT_2023).content.decode()
    forged = client.post(
        reverse("reports:import"),
        {"step": "confirm", "organ": organ.pk, "year": "2023", "payload": _payload(html)},
    )
    assert forged.status_code == 403
    assert not ReportImport.objects.filter(organ=organ).exists()
    own = Client()
    own.force_login(staff["organ_admin"])
    page = _preview(own, organ, text=REPORT_2023).content.decode()
    own.post(
        reverse("reports:import"),
        {"step": "confirm", "organ": organ.pk, "year": "2023", "payload": _payload(page)},
    )
    record = ReportImport.objects.get(organ=organ)
    assert client.get(reverse("reports:import_detail", args=[record.pk])).status_code == 403
    assert "2023年度报告" not in client.get(reverse("reports:imports")).content.decode()


def test_parent_admin_imports_for_a_subordinate_organ(
    organ: Any, make_organ: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    child = make_organ("示例县农业农村局执法大队", parent=organ)
    parent_admin = make_user("parent-admin", organ=organ, roles=(Role.ORGAN_ADMIN,))
    client = Client()
    client.force_login(parent_admin)
    html = _preview(client, child, text=REPORT_2023).content.decode()
    client.post(
        reverse("reports:import"),
        {"step": "confirm", "organ": child.pk, "year": "2023", "payload": _payload(html)},
    )
    assert ReportImport.objects.filter(organ=child, year=2023).count() == 1
    again = _preview(client, child, text=REPORT_2023).content.decode()
    assert "已导入过1次" in again


def test_index_links_to_the_check_tool_and_imports(admin_client: Client) -> None:
    html = admin_client.get(reverse("reports:index")).content.decode()
    assert reverse("reports:imports") in html and reverse("report_check:check") in html
