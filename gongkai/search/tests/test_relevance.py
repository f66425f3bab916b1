"""Relevance and visibility on every backend (tantivy; postgres when the database is PostgreSQL).

A small labelled set: query → the item that must come first. Ranks, not timings.
"""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.db import connection

from gongkai.catalog.models import Attribute, LegalBasis
from gongkai.catalog.services import workflow
from gongkai.search.base import SearchFilters
from gongkai.search.selectors import search_items, suggest_titles


@pytest.fixture
def corpus(publish_item, make_organ, organ):
    county = make_organ("益阳县人民政府", parent=organ)
    items = {
        "subsidy": publish_item(
            title="关于做好2024年就业补贴申领工作的通知",
            doc_number="益人社发〔2024〕7号",
            body="<p>各县（市、区）人力资源和社会保障局：为落实稳就业政策，现就就业补贴申领有关事项通知如下。</p>",
        ),
        "dibao": publish_item(
            title="关于调整城乡居民最低生活保障标准的通知",
            doc_number="益政办函[2018]29号",
            keywords="低保标准",
            body="<p>自2018年7月1日起，城乡低保标准提高到每人每月650元。</p>",
        ),
        "mention": publish_item(
            title="市民政局关于社会救助工作的情况报告",
            body="<p>根据益政办函〔2018〕29号文件精神，全面落实低保政策，就业补贴另行通知。</p>",
        ),
        "county": publish_item(
            in_organ=county,
            title="益阳县关于发放就业补贴的公告",
            body="<p>符合条件的人员可申领就业补贴。</p>",
        ),
        "guide": publish_item(
            title="政府信息公开指南",
            column="guide",
            body="<p>公民可以依申请公开方式获取政府信息，申请人应当填写政府信息公开申请表。</p>",
        ),
    }
    items["county_organ"] = county
    return items


def first(q, **kw):
    page = search_items(q, **kw)
    return page.results[0].item if page.results else None, page


@pytest.mark.parametrize(
    "query",
    [
        "益政办函[2018]29号",
        "益政办函〔2018〕29号",
        "益政办函（2018）29号",
        "益政办函【２０１８】２９号",
    ],
)
def test_doc_number_typed_any_way_wins_outright(search_backend, corpus, query):
    item, page = first(query)
    assert item == corpus["dibao"]
    assert page.results[0].exact
    # The document that cites the number is found too, after the exact hit.
    assert corpus["mention"] in [r.item for r in page.results[1:]]


def test_serial_shorthand_finds_the_number(search_backend, corpus):
    item, _ = first("29号文")
    assert item == corpus["dibao"]


def test_index_number_lookup(search_backend, corpus):
    target = corpus["subsidy"]
    item, page = first(target.index_number)
    assert item == target and page.results[0].exact


def test_title_ranks_above_body(search_backend, corpus):
    page = search_items("就业补贴")
    ranked = [r.item for r in page.results]
    assert ranked.index(corpus["subsidy"]) < ranked.index(corpus["mention"])
    assert ranked[-1] == corpus["mention"]


def test_traditional_query_finds_simplified_text(search_backend, corpus):
    item, _ = first("城鄉居民最低生活保障標準")
    assert item == corpus["dibao"]


def test_quoted_phrase_must_be_contiguous(search_backend, corpus):
    page = search_items('"就业补贴申领"')
    assert [r.item for r in page.results] == [corpus["subsidy"]]


def test_and_by_default_then_or_when_nothing_matches(search_backend, corpus):
    page = search_items("低保 标准")
    assert [r.item for r in page.results] == [corpus["dibao"]] and not page.relaxed
    page = search_items("低保 不存在的词语")
    assert page.relaxed and corpus["dibao"] in [r.item for r in page.results]


def test_organ_filter_covers_the_subtree(search_backend, corpus, organ):
    page = search_items("就业补贴", filters=SearchFilters(organ=corpus["county_organ"].pk))
    assert [r.item for r in page.results] == [corpus["county"]]
    page = search_items("就业补贴", filters=SearchFilters(organ=organ.pk))
    assert corpus["county"] in [r.item for r in page.results]


def test_year_and_validity_filters_and_facets(search_backend, corpus):
    year = corpus["subsidy"].published_at.year
    page = search_items("就业补贴", filters=SearchFilters(year_from=year, year_to=year))
    assert page.total == 3
    assert search_items("就业补贴", filters=SearchFilters(year_from=year + 1)).total == 0
    assert search_items("就业补贴", filters=SearchFilters(validity="repealed")).total == 0
    organs = {v.value: v.count for v in page.facets["organ"]}
    assert organs[corpus["county_organ"].pk] == 1


def test_sort_by_date_newest_first(search_backend, corpus):
    page = search_items("就业补贴", sort="date")
    dates = [r.item.published_at.timestamp() for r in page.results if r.item.published_at]
    assert dates == sorted(dates, reverse=True)


def test_snippets_highlight_the_original_text(search_backend, corpus):
    page = search_items("低保标准")
    res = page.results[0]
    assert "<mark>" in res.snippet_html and "650元" in res.snippet_html
    page = search_items("城鄉低保")
    assert "<mark>城乡</mark>" in page.results[0].snippet_html


def test_withdrawn_and_validity_changes_reach_the_index(
    search_backend, corpus, withdraw, crew, django_capture_on_commit_callbacks
):
    withdraw(corpus["dibao"])
    assert corpus["dibao"].pk not in search_backend.signatures()
    assert corpus["dibao"] not in [r.item for r in search_items("低保").results]
    item = corpus["subsidy"]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.item_set_validity(
            actor=crew(item.organ), item=item, validity="repealed", changed_on=date(2026, 4, 1)
        )
    page = search_items("就业补贴", filters=SearchFilters(validity="repealed"))
    assert [r.item for r in page.results] == [item]


def test_only_proactive_published_items_are_visible(search_backend, corpus, publish_item):
    publish_item(title="就业补贴资金内部请示", publish=False)
    publish_item(
        title="就业补贴发放名单",
        attribute=Attribute.ON_REQUEST,
        attribute_reason="涉及个人信息",
        attribute_basis=LegalBasis.ART19_NOT_PROACTIVE,
    )
    titles = [r.item.title for r in search_items("就业补贴").results]
    assert "就业补贴资金内部请示" not in titles and "就业补贴发放名单" not in titles


def test_pagination_past_the_end_shows_the_last_page(search_backend, corpus):
    page = search_items("就业补贴", page=99)
    assert page.page == page.num_pages == 1 and page.results


def test_title_suggestions(search_backend, corpus):
    titles = [i.title for i in suggest_titles("就业补")]
    assert "益阳县关于发放就业补贴的公告" in titles


def test_filtered_or_fallback_stays_inside_the_filter(search_backend, corpus):
    county = SearchFilters(organ=corpus["county_organ"].pk)
    page = search_items("就业补贴 不存在的词语", filters=county)
    assert page.relaxed and [r.item for r in page.results] == [corpus["county"]]


def test_organ_with_a_year_range(search_backend, corpus, organ):
    year = corpus["subsidy"].published_at.year
    county = corpus["county_organ"].pk
    page = search_items(
        "就业补贴", filters=SearchFilters(organ=county, year_from=year - 2, year_to=year)
    )
    assert [r.item for r in page.results] == [corpus["county"]]
    later = SearchFilters(organ=county, year_from=year + 1, year_to=year + 3)
    assert search_items("就业补贴", filters=later).total == 0
    # A range too long to spell out as organ-year terms is filtered field by field.
    wide = SearchFilters(organ=organ.pk, year_from=year - 100, year_to=year)
    assert search_items("就业补贴", filters=wide).total == 3


def test_a_word_inside_a_longer_word_is_found(search_backend, corpus, publish_item):
    # The guide holds 政府信息公开 as a word; this item only inside 政府信息公开条例.
    item = publish_item(title="关于贯彻政府信息公开条例的实施意见", body="<p>认真贯彻执行。</p>")
    found = [r.item for r in search_items("政府信息公开").results]
    assert corpus["guide"] in found and item in found


def test_doc_number_ranks_above_a_mention_in_the_body(search_backend, corpus):
    ranked = [r.item for r in search_items("益政办函").results]
    assert ranked.index(corpus["dibao"]) < ranked.index(corpus["mention"])


def test_sub_words_stand_in_only_when_the_word_itself_finds_nothing(
    search_backend, corpus, publish_item, withdraw
):
    # 工作者 is one dictionary word; 工作 and 作者 are its sub-words. Every backend finds the
    # same items (base.EXPAND_BELOW): the word where it occurs, not every text that holds its
    # sub-words somewhere apart.
    whole = publish_item(
        title="关于表彰优秀社区工作者的决定", body="<p>授予优秀社区工作者称号。</p>"
    )
    apart = publish_item(title="关于做好征文工作的通知", body="<p>请作者按时投稿。</p>")
    page = search_items("工作者")
    assert [r.item for r in page.results] == [whole]
    assert "<mark>工作者</mark>" in page.results[0].title_html
    assert "<mark>工作</mark>" not in page.results[0].snippet_html
    withdraw(whole)
    page = search_items("工作者")
    assert [r.item for r in page.results] == [apart] and not page.relaxed
    assert "<mark>作者</mark>" in page.results[0].snippet_html


def test_postgres_migration_fills_organ_years_of_rows_indexed_before(search_backend, corpus):
    """Migration 0002 adds the organ-year column; rows already indexed stay findable."""
    if search_backend.name != "postgres":
        pytest.skip("organ_years is a column of the PostgreSQL backend's table")
    migration = importlib.import_module("gongkai.search.migrations.0002_search_entry_organ_years")
    year = corpus["county"].published_at.year
    filters = SearchFilters(organ=corpus["county_organ"].pk, year_from=year, year_to=year)
    with connection.cursor() as cur:
        cur.execute("UPDATE search_entry SET organ_years = '{}'")  # as rows written before 0002
    assert search_items("就业补贴", filters=filters).total == 0
    with connection.cursor() as cur:
        cur.execute(migration.ADD)
    assert [r.item for r in search_items("就业补贴", filters=filters).results] == [corpus["county"]]
