"""政策文件库 (issue 13 point 17): policies by 有效性, organ, year and 文号 without a search word,
paged; and the 分类浏览 filter on 有效性, which was ignored before."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gongkai.catalog.services import workflow
from gongkai.portal import selectors


def _results(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('id="policy-results-title"')[1].split("</section>")[0]


@pytest.fixture
def policies(make_item, make_organ, organ, crew):
    child = make_organ("测试市人社局就业服务中心", parent=organ)
    other = make_organ("测试市财政局")
    items = {
        "valid": make_item(
            kind="policy", title="甲就业政策", doc_number="测人社发〔2024〕3号",
            written_on=date(2024, 5, 6),
        ),
        "repealed": make_item(
            kind="policy", title="乙旧就业政策", doc_number="测人社发〔2019〕12号",
            written_on=date(2019, 3, 1),
        ),
        "amended": make_item(
            kind="policy", title="丙中心办法", doc_number="测就中〔2024〕1号",
            written_on=date(2024, 1, 8), in_organ=child,
        ),
        "expired": make_item(
            kind="policy", title="丁财政通知", doc_number="测财发[2021]30号",
            written_on=date(2021, 7, 1), in_organ=other,
        ),
        "general": make_item(title="戊工作动态"),  # not a policy document
    }  # fmt: skip
    for key, changed in (("repealed", date(2025, 1, 1)), ("amended", date(2025, 2, 1))):
        items[key] = workflow.item_set_validity(
            actor=crew(items[key].organ), item=items[key], validity=key, changed_on=changed
        )
    items["expired"] = workflow.item_set_validity(
        actor=crew(other), item=items["expired"], validity="expired", changed_on=date(2024, 1, 1)
    )
    items["child"], items["other"] = child, other
    return items


def test_every_policy_is_listed_without_a_search_word(client, policies) -> None:
    html = _results(client.get(reverse("portal:policies")))
    for title in ("甲就业政策", "乙旧就业政策", "丙中心办法", "丁财政通知"):
        assert title in html
    assert "戊工作动态" not in html and "共找到 4 件政策文件" in html


@pytest.mark.parametrize(
    ("validity", "shown", "label"),
    [
        ("valid", "甲就业政策", "现行有效"),
        ("amended", "丙中心办法", "已修改"),
        ("expired", "丁财政通知", "已失效"),
        ("repealed", "乙旧就业政策", "已废止"),
    ],
)
def test_filter_by_validity(client, policies, validity, shown, label) -> None:
    response = client.get(reverse("portal:policies"), {"validity": validity})
    html = _results(response)
    assert shown in html and "共找到 1 件政策文件" in html
    page = response.content.decode()
    assert f'<option value="{validity}" selected>{label}（1）</option>' in page


def test_filter_by_organ_subtree_year_and_doc_number(client, policies, organ) -> None:
    html = _results(client.get(reverse("portal:policies"), {"organ": organ.pk}))
    assert "甲就业政策" in html and "丙中心办法" in html and "丁财政通知" not in html
    html = _results(client.get(reverse("portal:policies"), {"year": 2024}))
    assert "甲就业政策" in html and "丙中心办法" in html and "乙旧就业政策" not in html
    # 文号 typed with other brackets, in part, or as a serial.
    for typed in ("测人社发[2024]3号", "测人社发（2024）3号", "测人社发〔2024〕3号"):
        html = _results(client.get(reverse("portal:policies"), {"doc_number": typed}))
        assert "甲就业政策" in html and "共找到 1 件" in html, typed
    html = _results(client.get(reverse("portal:policies"), {"doc_number": "测人社发"}))
    assert "甲就业政策" in html and "乙旧就业政策" in html and "丙中心办法" not in html
    html = _results(client.get(reverse("portal:policies"), {"doc_number": "[2021]"}))
    assert "丁财政通知" in html and "共找到 1 件" in html
    html = _results(
        client.get(reverse("portal:policies"), {"validity": "valid", "organ": organ.pk})
    )
    assert "甲就业政策" in html and "共找到 1 件" in html


def test_junk_filters_are_dropped_not_errors(client, policies) -> None:
    for params in (
        {"validity": "<script>"},
        {"organ": "abc"},
        {"year": "99999"},
        {"doc_number": "\x00" * 3},
        {"page": "-1"},
    ):
        assert client.get(reverse("portal:policies"), params).status_code == 200


def test_the_library_is_paged(client, make_item, monkeypatch) -> None:
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    for n in range(5):
        make_item(kind="policy", title=f"政策{n}号", doc_number=f"测试发〔2024〕{n + 1}号")
    first = client.get(reverse("portal:policies")).content.decode()
    assert "共 5 条，第 1 / 3 页" in first and 'rel="next"' in first
    last = client.get(reverse("portal:policies"), {"page": 3}).content.decode()
    assert "第 3 / 3 页" in last


def test_the_browse_filter_on_validity_works(client, policies) -> None:
    response = client.get(reverse("portal:browse"), {"validity": "repealed"})
    html = response.content.decode().split('id="results-title"')[1].split("<aside")[0]
    assert "乙旧就业政策" in html and "甲就业政策" not in html and "戊工作动态" not in html
    assert '<option value="repealed" selected>已废止</option>' in response.content.decode()


def test_the_navigation_leads_to_the_library(client, policies) -> None:
    html = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("portal:policies")}"' in html
