"""The synonym dictionary (issue 13 point 21): 低保 finds 最低生活保障 and the other way round, on
every backend and in the database fallback, from the file and from 配置管理, without a reindex."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.search import analysis, synonyms
from gongkai.search.base import SearchRequest
from gongkai.search.handler import search_backends
from gongkai.search.models import Synonym
from gongkai.search.selectors import search_items


@pytest.fixture
def housing(publish_item):
    return {
        "formal": publish_item(
            title="关于做好公共租赁住房分配工作的通知",
            body="<p>各区住房保障部门：现就公共租赁住房分配有关事项通知如下。</p>",
        ),
        "everyday": publish_item(
            title="公租房申请常见问题解答",
            body="<p>符合条件的家庭可以申请公租房，排队轮候。</p>",
        ),
        "dibao": publish_item(
            title="城乡居民最低生活保障标准调整公告",
            body="<p>最低生活保障标准每人每月提高50元。</p>",
        ),
        "other": publish_item(
            title="关于做好就业补贴申领工作的通知",
            body="<p>就业补贴按季度申领，住房另行安排。</p>",
        ),
    }


def ids(page):
    return {r.item.pk for r in page.results}


def test_the_file_is_read_as_groups_of_equivalent_words(tmp_path: Path) -> None:
    groups = synonyms.parse_file(
        "# 注释\n低保 最低生活保障\n公租房，公共租赁住房 # 行尾注释\n孤零零\n\n低保 低保\n"
    )
    assert groups == [(("低保",), ("最低生活保障",)), (("公租房",), ("公共", "租赁", "住房"))]
    # The shipped dictionary has the pairs the issue names.
    table = synonyms.synonym_map(database=False)
    assert ("最低生活保障",) in table[("低保",)]
    assert ("公租房",) in table[("公共", "租赁", "住房")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("公租房", {"formal", "everyday"}),
        ("公共租赁住房", {"formal", "everyday"}),
        ("低保", {"dibao"}),
        ("低保 标准", {"dibao"}),
    ],
)
def test_a_synonym_finds_the_other_word_on_every_backend(search_backend, housing, query, expected):
    page = search_items(query)
    assert ids(page) == {housing[k].pk for k in expected}
    assert not page.relaxed


def test_the_synonym_is_marked_in_the_results(search_backend, housing):
    page = search_items("公租房")
    formal = next(r for r in page.results if r.item == housing["formal"])
    assert "<mark>公共租赁住房</mark>" in formal.title_html


def test_a_multi_word_synonym_is_a_phrase_not_scattered_words(
    search_backend, housing, publish_item
):
    scattered = publish_item(title="公共服务与房屋租赁、住房登记事项", body="<p>公共事务。</p>")
    assert scattered.pk not in ids(search_items("公租房"))


@pytest.mark.parametrize("query", ["公租房", "公共租赁住房", "低保", "住房 公租房"])
def test_the_database_fallback_finds_what_the_index_finds(search_backend, housing, query):
    pq = synonyms.expand(analysis.parse_query(query))
    request = SearchRequest(query=pq, limit=50)
    from_index = search_backend.search(request)
    from_database = search_backends.fallback().search(request)
    assert set(from_database.ids) == set(from_index.ids) and from_database.total == from_index.total
    assert not from_database.incomplete


def test_a_row_added_in_configuration_works_at_the_next_search(search_backend, publish_item):
    taxi = publish_item(title="网络预约出租汽车经营服务管理细则", body="<p>平台公司应当……</p>")
    assert search_items("网约车").total == 0
    Synonym.objects.create(words="网约车、网络预约出租汽车", note="交通运输")
    assert ids(search_items("网约车")) == {taxi.pk}  # no reindex
    Synonym.objects.update(is_active=False)
    assert search_items("网约车").total == 0


def test_the_admin_form_refuses_a_row_of_one_word() -> None:
    from gongkai.search.admin import SynonymForm

    form = SynonymForm(data={"words": "低保", "note": "", "is_active": True})
    assert not form.is_valid() and "至少填写两个不同的词" in form.errors["words"][0]
    assert SynonymForm(data={"words": "低保 最低生活保障", "is_active": True}).is_valid()
