"""The 所解读的政策文件 picker (issue 13 point 5): a search by title or 文号 over the published
policies of the organs the editor may see, not a list of every item; it works without scripts."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from gongkai.catalog.forms import POLICY_PICKER_LIMIT
from gongkai.catalog.models import Column, Item, ItemKind


@pytest.fixture
def policies(make_draft: Any, publish: Any, organ: Any) -> dict[str, Item]:
    made = {
        "employment": make_draft(
            title="关于促进高校毕业生就业的若干措施",
            doc_number="测人社发〔2026〕7号",
            kind=ItemKind.POLICY,
        ),
        "pension": make_draft(
            title="关于调整退休人员基本养老金的通知",
            doc_number="测人社发〔2026〕9号",
            kind=ItemKind.POLICY,
        ),
        "training": make_draft(
            title="关于开展职业技能培训补贴的通知",
            doc_number="测人社发〔2025〕30号",
            kind=ItemKind.POLICY,
        ),
    }
    return {key: publish(item) for key, item in made.items()}


@pytest.fixture
def foreign_policy(make_organ: Any, make_user: Any) -> Item:
    """A published policy of an organ the editor has no role in."""
    from gongkai.catalog.services import workflow
    from gongkai.catalog.services.items import ItemFields, item_create

    other = make_organ("另一个局")
    other.review_step = False
    other.save(update_fields=["review_step"])
    users = {r: make_user(f"other-{r}", organ=other, roles=(r,)) for r in ("editor", "secrecy")}
    users["approver"] = make_user("other-approver", organ=other, roles=("approver",))
    fields = ItemFields(
        title="关于促进就业的实施意见（另一个局）",
        formed_on=date(2026, 3, 2),
        kind=ItemKind.POLICY,
        body="<p>正文。</p>",
        doc_number="另发〔2026〕1号",
    )
    column = Column.objects.get(organ=other, code="policy")
    item = item_create(actor=users["editor"], organ=other, column=column, fields=fields).item
    item = workflow.item_submit(actor=users["editor"], item=item)
    item = workflow.item_pass_secrecy(actor=users["secrecy"], item=item, opinion="同意公开。")
    return workflow.item_publish(actor=users["approver"], item=item)


@pytest.fixture(autouse=True)
def straight_to_secrecy(organ: Any) -> None:
    organ.review_step = False
    organ.save(update_fields=["review_step"])


def _search(client: Any, q: str) -> dict[str, Any]:
    response = client.get(reverse("office:policy_search"), {"q": q})
    assert response.status_code == 200
    return json.loads(response.content)


def test_search_endpoint_filters_by_title_and_doc_number(login, staff, policies, foreign_policy):
    client = login(staff["editor"])
    assert [r["id"] for r in _search(client, "就业")["results"]] == [policies["employment"].pk]
    assert [r["id"] for r in _search(client, "测人社发[2026]9")["results"]] == [
        policies["pension"].pk
    ]
    both = {r["id"] for r in _search(client, "〔2026〕")["results"]}
    assert both == {policies["employment"].pk, policies["pension"].pk}
    # Another organ's policy is not offered, nor are drafts or non-policy items.
    assert foreign_policy.pk not in {r["id"] for r in _search(client, "")["results"]}
    assert _search(client, "不存在的标题")["results"] == []
    label = _search(client, "养老金")["results"][0]["label"]
    assert label.endswith("关于调整退休人员基本养老金的通知（测人社发〔2026〕9号）")


def test_search_endpoint_needs_login(client) -> None:
    response = client.get(reverse("office:policy_search"), {"q": "就业"})
    assert response.status_code == 302


def test_the_form_lists_a_short_list_not_every_item(login, staff, policies, make_draft) -> None:
    draft = make_draft(title="一份草稿", kind=ItemKind.POLICY)  # not published: never offered
    page = login(staff["editor"]).get(reverse("office:item_create")).content.decode()
    select = page.split('id="id_interprets"')[1].split("</select>")[0]
    assert select.count("<option") == 1 + len(policies)
    assert draft.title not in select
    assert 'data-policy-search="/office/items/policies/"' in page
    assert "查找所解读的政策文件" in page


def test_the_list_is_limited(login, staff, make_draft, publish) -> None:
    for n in range(POLICY_PICKER_LIMIT + 3):
        publish(make_draft(title=f"政策文件第{n}号", kind=ItemKind.POLICY))
    page = login(staff["editor"]).get(reverse("office:item_create")).content.decode()
    select = page.split('id="id_interprets"')[1].split("</select>")[0]
    assert select.count("<option") == 1 + POLICY_PICKER_LIMIT


def test_without_scripts_one_match_is_chosen_on_save(login, staff, policies, item_data) -> None:
    data = item_data(title="《若干措施》政策解读", kind="interpretation", interprets_q="高校毕业生")
    response = login(staff["editor"]).post(reverse("office:item_create"), data)
    assert response.status_code == 302
    item = Item.objects.get(title="《若干措施》政策解读")
    assert item.interprets == policies["employment"]


def test_without_scripts_several_matches_are_listed(login, staff, policies, item_data) -> None:
    data = item_data(title="解读", kind="interpretation", interprets_q="〔2026〕")
    response = login(staff["editor"]).post(reverse("office:item_create"), data)
    html = response.content.decode()
    assert response.status_code == 200 and "找到2条" in html and "请在列表中选择一条" in html
    select = html.split('id="id_interprets"')[1].split("</select>")[0]
    assert select.count("<option") == 3  # （不适用） and the two matches
    assert policies["training"].title not in select
    assert 'value="〔2026〕"' in html  # the search words are kept
    assert not Item.objects.filter(title="解读").exists()


def test_without_scripts_no_match_says_so(login, staff, policies, item_data) -> None:
    data = item_data(title="解读", kind="interpretation", interprets_q="医保")
    html = login(staff["editor"]).post(reverse("office:item_create"), data).content.decode()
    assert "未找到与“医保”匹配的已发布政策文件" in html
    assert "政策解读必须选择所解读的政策文件" not in html  # one message, not two


def test_a_policy_outside_the_scope_is_refused(login, staff, policies, foreign_policy, item_data):
    data = item_data(title="解读", kind="interpretation", interprets=foreign_policy.pk)
    html = login(staff["editor"]).post(reverse("office:item_create"), data).content.decode()
    assert "所选政策文件不在可选范围内" in html
    assert not Item.objects.filter(title="解读").exists()


def test_editing_keeps_the_current_choice_listed(login, staff, policies, make_draft, publish):
    for n in range(POLICY_PICKER_LIMIT + 1):  # newer policies push the chosen one off the list
        publish(make_draft(title=f"较新的政策文件{n}", kind=ItemKind.POLICY))
    draft = make_draft(title="解读", kind=ItemKind.INTERPRETATION, interprets=policies["training"])
    page = login(staff["editor"]).get(reverse("office:item_edit", args=[draft.pk])).content
    select = page.decode().split('id="id_interprets"')[1].split("</select>")[0]
    assert f'value="{policies["training"].pk}" selected' in select
