"""Every public page renders for public data, with the landmarks and metadata readers rely on."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from gongkai.catalog.models import Column, Genre, ItemKind, Topic
from gongkai.catalog.services import workflow


def test_home_shows_sections_search_and_browse_links(client, make_item) -> None:
    item = make_item(title="关于发布2026年就业补贴标准的通知")
    html = client.get(reverse("portal:home")).content.decode()
    for heading in ("法定主动公开内容", "政策文件", "政策解读", "重点领域信息公开"):
        assert heading in html
    assert item.title in html
    assert 'role="search"' in html and 'name="q"' in html
    assert reverse("portal:organs") in html and "#by-topic" in html and "#by-year" in html
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
    assert '<html lang="zh-Hans"' in html
    assert '<meta name="SiteName" content="政府信息公开平台">' in html
    assert '<meta name="ColumnName" content="首页">' in html


def test_key_area_item_appears_in_key_area_block(client, make_item) -> None:
    make_item(column="key-budget", title="2026年部门预算公开")
    html = client.get(reverse("portal:home")).content.decode()
    block = html.split('id="sec-key"')[1]
    assert "2026年部门预算公开" in block and "财政预决算" in block


def test_organ_tree_and_organ_catalog(client, organ, make_organ, make_item) -> None:
    child = make_organ("测试市人社局就业服务中心", parent=organ)
    item = make_item(title="就业服务通知")
    html = client.get(reverse("portal:organs")).content.decode()
    assert organ.name in html and child.name in html
    assert html.index(organ.name) < html.index(child.name)

    html = client.get(reverse("portal:organ", args=[organ.pk])).content.decode()
    assert item.title in html
    assert "法定主动公开内容" in html and "行政法规、规章和规范性文件" in html
    assert reverse("portal:guide", args=[organ.pk]) in html
    assert child.name in html
    assert f'href="{reverse("portal:organ_rss", args=[organ.pk])}"' in html
    assert 'aria-label="当前位置"' in html


def test_column_page_lists_items_of_subcolumns(client, organ, make_item) -> None:
    item = make_item(column="art20-01", title="规范性文件甲")
    parent = Column.objects.get(organ=organ, code="statutory")
    html = client.get(reverse("portal:column", args=[parent.pk])).content.decode()
    assert item.title in html
    assert "行政法规、规章和规范性文件" in html  # sub-column navigation
    assert '<meta name="ColumnName" content="法定主动公开内容">' in html
    assert 'rel="alternate" type="application/rss+xml"' in html
    sub = Column.objects.get(organ=organ, code="art20-01")
    html = client.get(reverse("portal:column", args=[sub.pk])).content.decode()
    assert "第二十条第（一）项" in html


def test_inactive_or_unknown_column_is_404(client, organ) -> None:
    col = Column.objects.get(organ=organ, code="rules")
    Column.objects.filter(pk=col.pk).update(is_active=False)
    assert client.get(reverse("portal:column", args=[col.pk])).status_code == 404
    assert client.get(reverse("portal:column", args=[999999])).status_code == 404
    assert client.get(reverse("portal:organ", args=[999999])).status_code == 404
    assert client.get(reverse("portal:guide", args=[999999])).status_code == 404


def test_item_page_metadata_header(client, make_item) -> None:
    topic = Topic.objects.get(name="劳动就业", parent__name="劳动、人事、监察")
    genre = Genre.objects.get(name="通知")
    item = make_item(
        title="关于就业补贴的通知",
        doc_number="测人社发[2026]7号",
        written_on=date(2026, 2, 27),
        topic=topic,
        genre=genre,
        keywords="就业 补贴",
        summary="明确就业补贴申领条件。",
    )
    html = client.get(item.get_absolute_url()).content.decode()
    for label in (
        "索引号",
        "主题分类",
        "发布机构",
        "成文日期",
        "文号",
        "发布日期",
        "有效性",
        "公开方式",
    ):
        assert f'<th scope="row">{label}</th>' in html
    assert item.index_number in html
    assert "劳动、人事、监察\\劳动就业" in html
    assert "测人社发〔2026〕7号" in html
    assert "2026年02月27日" in html
    assert "主动公开" in html and "有效" in html
    assert '<th scope="row">体裁</th><td>通知</td>' in html
    assert "就业 补贴" in html and "明确就业补贴申领条件。" in html
    assert "现就就业补贴申领工作通知如下" in html
    assert '<meta name="ArticleTitle" content="关于就业补贴的通知">' in html


def test_item_validity_shown_prominently(client, make_item, crew) -> None:
    item = make_item()
    workflow.item_set_validity(
        actor=crew(item.organ),
        item=item,
        validity="repealed",
        changed_on=date(2026, 6, 1),
        note="被新文件替代",
    )
    html = client.get(item.get_absolute_url()).content.decode()
    notice = html.split('class="notice notice-validity"')[1].split("</div>")[0]
    assert "本文件已废止" in notice and "2026年6月1日" in notice and "被新文件替代" in notice


def test_item_attachment_listed_with_size_and_type(client, make_item) -> None:
    item = make_item(attachment=True)
    att = item.attachments.get()
    html = client.get(item.get_absolute_url()).content.decode()
    assert reverse("portal:attachment", args=[att.pk]) in html
    assert "示意图.png" in html and "PNG 图片" in html and "字节" in html
    response = client.get(reverse("portal:attachment", args=[att.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_policy_and_interpretation_link_both_ways(client, make_item) -> None:
    policy = make_item(title="就业补贴办法", kind=ItemKind.POLICY)
    interp = make_item(
        column="interpretation",
        title="《就业补贴办法》政策解读",
        kind=ItemKind.INTERPRETATION,
        interprets=policy,
    )
    draft = make_item(
        column="interpretation",
        title="未发布的解读稿",
        kind=ItemKind.INTERPRETATION,
        interprets=policy,
        publish=False,
    )
    html = client.get(policy.get_absolute_url()).content.decode()
    assert "相关政策解读" in html and interp.get_absolute_url() in html
    assert draft.title not in html
    html = client.get(interp.get_absolute_url()).content.decode()
    assert "解读的政策文件" in html and f'href="{policy.get_absolute_url()}"' in html


def test_item_qr_code_and_print_view(client, make_item) -> None:
    item = make_item(attachment=True)
    html = client.get(item.get_absolute_url()).content.decode()
    assert '<svg role="img" aria-label="本页网址的二维码' in html
    assert "手机扫码阅读本页" in html
    print_url = reverse("portal:item_print", args=[item.pk])
    assert print_url in html
    html = client.get(print_url).content.decode()
    assert 'class="print-page"' in html and item.title in html
    assert "现就就业补贴申领工作通知如下" in html and "示意图.png" in html
    assert f"http://testserver{item.get_absolute_url()}" in html
    assert "<svg" in html and 'name="robots" content="noindex"' in html
    assert "site-nav" not in html


def test_guide_page_from_organ_data(client, make_organ) -> None:
    organ = make_organ(
        "测试市交通运输局",
        gio_name="测试市交通运输局办公室",
        gio_address="测试市人民路1号",
        gio_postcode="310000",
        gio_hours="工作日 9:00-17:00",
        gio_phone="0571-87654321",
        gio_fax="0571-87654322",
        gio_email="gk@example.gov.cn",
        gio_website="https://jt.example.gov.cn/",
        guide_notes="本局另设政务服务窗口。",
        guide_updated_at=date(2026, 1, 15),
    )
    html = client.get(reverse("portal:guide", args=[organ.pk])).content.decode()
    for text in (
        "测试市交通运输局政府信息公开指南",
        "测试市交通运输局办公室",
        "测试市人民路1号",
        "310000",
        "工作日 9:00-17:00",
        "0571-87654321",
        "0571-87654322",
        "gk@example.gov.cn",
        "https://jt.example.gov.cn/",
        "本局另设政务服务窗口。",
        "2026年1月15日",
        "20个工作日",
        "第三十三条",
        "主动公开",
        "依申请公开",
        "法定主动公开内容",
    ):
        assert text in html, text
    for channel in ("当面提交", "信函", "传真", "互联网"):
        assert channel in html
    assert reverse("apply:form", args=[organ.pk]) in html  # the online form of this organ


def test_guide_page_without_contact_data_says_so(client, make_organ) -> None:
    organ = make_organ(gio_phone="", gio_name="")
    html = client.get(reverse("portal:guide", args=[organ.pk])).content.decode()
    assert "未提供" in html and "更新日期：未标注" in html
