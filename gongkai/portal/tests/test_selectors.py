"""Portal reads: only published 主动公开 items are listed (Art. 19–26), trees nest, junk filters
are dropped."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from gongkai.catalog.models import Attribute, Column, Genre, ItemKind, Topic
from gongkai.portal import selectors
from gongkai.portal.selectors import (
    HOME_SECTIONS,
    SECTION_SIZE,
    BrowseFilters,
    browse_items,
    column_ancestors,
    column_tree,
    home_sections,
    interpretations_of,
    interpreted_policy,
    item_page,
    key_area_block,
    organ_forest,
    parse_filters,
    publication_years,
    topic_groups,
)


@pytest.fixture
def hidden(make_item, withdraw):
    """One item of each kind the public must never see listed."""
    return {
        "draft": make_item(title="草稿不公开", publish=False),
        "on_request": make_item(title="依申请公开的文件", attribute=Attribute.ON_REQUEST),
        "withdrawn": withdraw(make_item(title="已撤回的文件"), "内容有误"),
    }


def titles(items) -> set[str]:
    return {item.title for item in items}


def test_home_sections_list_only_public_items_by_column_kind(make_item, hidden) -> None:
    make_item(title="政策文件甲")
    make_item(title="法定公开乙", column="art20-11")  # a sub-column has its parent's kind
    make_item(title="重点领域丙", column="key-budget")
    sections = home_sections()
    assert [(s.kind, s.label) for s in sections] == HOME_SECTIONS
    by_kind = {s.kind: titles(s.items) for s in sections}
    assert by_kind[Column.Kind.POLICY] == {"政策文件甲"}
    assert by_kind[Column.Kind.STATUTORY] == {"法定公开乙"}
    assert by_kind[Column.Kind.INTERPRETATION] == set()
    assert "重点领域丙" not in set().union(*by_kind.values())


def test_a_home_section_shows_the_newest_few(make_item) -> None:
    for n in range(SECTION_SIZE + 1):
        make_item(title=f"政策{n:02d}")
    (policy,) = [s for s in home_sections() if s.kind == Column.Kind.POLICY]
    assert [i.title for i in policy.items] == [f"政策{n:02d}" for n in range(SECTION_SIZE, 0, -1)]


def test_key_area_block_names_each_area_once_and_lists_public_items(
    make_item, make_organ, withdraw
) -> None:
    make_organ("另一个局")  # a second catalog with the same key-area codes
    make_item(title="2026年部门预算", column="key-budget")
    withdraw(make_item(title="撤回的预算", column="key-budget"), "错误")
    make_item(title="不是重点领域")
    areas, items = key_area_block()
    codes = [code for code, _ in areas]
    assert ("key-budget", "财政预决算") in areas and len(codes) == len(set(codes))
    assert titles(items) == {"2026年部门预算"}


def test_organ_forest_nests_children_under_parents(organ, make_organ) -> None:
    child = make_organ("就业服务中心", parent=organ)
    grandchild = make_organ("就业服务站", parent=child)
    other = make_organ("测试市财政局")
    forest = organ_forest()
    roots = {node.organ: node for node in forest}
    assert set(roots) == {organ, other}
    (child_node,) = roots[organ].children
    assert child_node.organ == child
    assert [n.organ for n in child_node.children] == [grandchild]
    assert roots[other].children == []


def test_column_tree_counts_public_items_and_totals_subcolumns(organ, make_item, hidden) -> None:
    make_item(title="一", column="art20-11")
    make_item(title="二", column="art20-11")
    make_item(title="三", column="policy")
    Column.objects.filter(organ=organ, code="art20-14").update(is_active=False)
    roots = {node.column.code: node for node in column_tree(organ)}
    statutory = roots["statutory"]
    children = {node.column.code: node for node in statutory.children}
    assert children["art20-11"].count == 2 and statutory.count == 0 and statutory.total == 2
    assert "art20-14" not in children  # disabled columns are not shown
    # The hidden draft, 依申请公开 item and withdrawn item were all in 政策文件.
    assert roots["policy"].count == 1 and roots["policy"].total == 1


def test_column_ancestors_run_from_the_top(organ) -> None:
    sub = Column.objects.get(organ=organ, code="art20-11")
    statutory = Column.objects.get(organ=organ, code="statutory")
    assert column_ancestors(sub) == [statutory]
    assert column_ancestors(statutory) == []


def test_item_page_exists_for_published_and_withdrawn_only(make_item, hidden) -> None:
    published = make_item(title="已发布")
    assert item_page(published.pk) == published
    assert item_page(hidden["withdrawn"].pk) == hidden["withdrawn"]  # the page says 已撤回
    assert item_page(hidden["draft"].pk) is None
    assert item_page(hidden["on_request"].pk) is None
    assert item_page(10**9) is None


def test_policy_and_its_published_interpretations(make_item, withdraw) -> None:
    policy = make_item(title="就业补贴办法", kind=ItemKind.POLICY)

    def interpretation(title: str, **kw):
        return make_item(
            column="interpretation",
            title=title,
            kind=ItemKind.INTERPRETATION,
            interprets=policy,
            **kw,
        )

    first, second = interpretation("图解"), interpretation("问答")
    interpretation("解读草稿", publish=False)
    withdraw(interpretation("撤回的解读"), "错误")
    assert interpretations_of(policy) == [first, second]  # in order of publication
    assert interpreted_policy(first) == policy
    assert interpreted_policy(policy) is None  # a policy explains nothing
    withdraw(policy, "废止")
    assert interpreted_policy(first) == policy  # its page still exists and says 已撤回


def test_parse_filters_keeps_good_values(organ, make_item) -> None:
    column = Column.objects.get(organ=organ, code="policy")
    topic = Topic.objects.get(name="劳动就业")
    genre = Genre.objects.get(name="通知")
    f = parse_filters(
        {
            "organ": str(organ.pk),
            "column": f" {column.pk} ",
            "topic": topic.pk,
            "genre": genre.pk,
            "year": "2026",
            "kind": "policy",
            "area": "key-budget",
            "q": "  就业\t补贴  ",
        }
    )
    assert (f.organ, f.column, f.topic, f.genre) == (organ, column, topic, genre)
    assert (f.year, f.kind, f.area, f.area_name) == (2026, "policy", "key-budget", "财政预决算")
    assert f.q == "就业 补贴" and f.active


@pytest.mark.parametrize(
    "params",
    [
        {"organ": "abc", "column": "-1", "topic": "0", "genre": "1.5"},
        {"organ": str(2**31), "column": "99999999", "topic": "", "genre": None},
        {"year": "1948"},
        {"year": "2101"},
        {"year": "二〇二六"},
        {"kind": "nonsense"},
        {"area": "key-budget'; DROP TABLE"},
        {"area": "no-such-area"},
        {"q": " \t\n "},
        {"q": "\x00\x01"},
    ],
)
def test_parse_filters_drops_junk(params, organ) -> None:
    assert parse_filters(params) == BrowseFilters()
    assert not parse_filters(params).active


def test_parse_filters_cleans_the_query_and_ignores_disabled_columns(organ) -> None:
    f = parse_filters({"q": "就业\x00补贴" + "长" * 200})
    assert "\x00" not in f.q and f.q.startswith("就业补贴") and len(f.q) == 100
    Column.objects.filter(organ=organ, code="policy").update(is_active=False)
    disabled = Column.objects.get(organ=organ, code="policy")
    assert parse_filters({"column": disabled.pk}).column is None


def test_browse_items_filters_combine(organ, make_organ, make_item, hidden) -> None:
    child = make_organ("就业服务中心", parent=organ)
    labour = Topic.objects.get(name="劳动就业")
    make_item(title="关于就业补贴的通知", topic=labour)
    make_item(in_organ=child, title="中心就业通知", topic=labour)
    make_item(title="法定公开的社保政策", column="art20-11")
    elsewhere = make_item(in_organ=make_organ("财政局"), title="财政局就业通知")

    def browse(**params) -> set[str]:
        return titles(browse_items(parse_filters(params)))

    everything = browse()
    assert elsewhere.title in everything
    assert not everything & titles(hidden.values())
    assert browse(organ=organ.pk) == {"关于就业补贴的通知", "中心就业通知", "法定公开的社保政策"}
    assert browse(organ=child.pk) == {"中心就业通知"}
    statutory = Column.objects.get(organ=organ, code="statutory")
    assert browse(column=statutory.pk) == {"法定公开的社保政策"}  # sub-columns included
    assert browse(topic=labour.parent_id, organ=organ.pk) == {"关于就业补贴的通知", "中心就业通知"}
    assert browse(q="補貼") == {"关于就业补贴的通知"}  # 繁體 query, simplified title
    assert browse(kind="statutory") == {"法定公开的社保政策"}


def test_publication_years_are_local_years_newest_first(make_item, withdraw) -> None:
    # 16:30 UTC on 31 December 2025 is already 2026 in Beijing.
    with time_machine.travel(datetime(2025, 12, 31, 16, 30, tzinfo=UTC), tick=False):
        make_item(title="新年第一份")
    with time_machine.travel(datetime(2024, 6, 1, 2, 0, tzinfo=UTC), tick=False):
        make_item(title="前年的")
    with time_machine.travel(datetime(2025, 6, 1, 2, 0, tzinfo=UTC), tick=False):
        withdraw(make_item(title="撤回的"), "错误")
        make_item(title="依申请公开的", attribute=Attribute.ON_REQUEST)
    assert publication_years() == [2026, 2024]


def test_topic_groups_put_children_under_their_parent(db) -> None:
    groups = topic_groups()
    assert groups and all(g.topic.parent_id is None for g in groups)
    labour = Topic.objects.get(name="劳动就业")
    (group,) = [g for g in groups if g.topic.pk == labour.parent_id]
    assert labour in group.children
    assert (
        sum(len(g.children) for g in groups) == Topic.objects.filter(parent__isnull=False).count()
    )


def test_organ_choices_follow_the_tree(organ, make_organ) -> None:
    child = make_organ("就业服务中心", parent=organ)
    choices = selectors.organ_choices()
    depth = dict(choices)
    assert depth[child] == depth[organ] + 1
    assert [o for o, _ in choices].index(organ) < [o for o, _ in choices].index(child)


def test_no_publication_years_without_a_public_item(make_item) -> None:
    make_item(title="草稿", publish=False)
    assert publication_years() == []
