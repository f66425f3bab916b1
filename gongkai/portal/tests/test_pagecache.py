"""The page cache (portal/pagecache.py): pages come from the cache, and never outlive a change.

These tests commit for real (`transactional_db`): invalidation runs on commit, as in production.
Each freshness test first fills the cache with every page and variant it checks, then makes the
change through the services, then asks again: with the receivers disconnected they fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from django.urls import reverse

from gongkai.catalog.models import Column, Item, Validity
from gongkai.catalog.services import published, revisions, workflow
from gongkai.core import cache_tags

pytestmark = pytest.mark.usefixtures("transactional_db")

#: The four variants a reader can choose: 简/繁 × normal/适老化.
VARIANTS = [
    {},
    {"gk_script": "hant"},
    {"gk_large": "1"},
    {"gk_script": "hant", "gk_large": "1"},
]


@pytest.fixture(autouse=True)
def _page_cache_on(settings: Any) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "PAGE_CACHE": True}


def reader(cookies: dict[str, str]) -> Client:
    client = Client()
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


def fetch_all(urls: list[str]) -> dict[tuple[str, int], str]:
    """Every URL in every variant, as a citizen reads them (twice: the second is a hit)."""
    pages = {}
    for n, cookies in enumerate(VARIANTS):
        client = reader(cookies)
        for url in urls:
            first = client.get(url)
            assert first.status_code == 200, url
            second = client.get(url)
            assert second["X-Gongkai-Cache"] == "hit", url
            pages[url, n] = second.content.decode()
    return pages


def public_urls(item: Item) -> list[str]:
    column = item.column
    return [
        reverse("portal:home"),
        item.get_absolute_url(),
        reverse("portal:item_print", args=[item.pk]),
        reverse("portal:organ", args=[item.organ_id]),
        reverse("portal:column", args=[column.pk]),
        reverse("portal:browse"),
        reverse("portal:policies"),
        reverse("portal:site_rss"),
        reverse("portal:organ_atom", args=[item.organ_id]),
        reverse("portal:column_rss", args=[column.pk]),
        reverse("portal:sitemap"),
        reverse("portal:search") + "?q=" + "补贴",
    ]


@pytest.fixture
def live(make_item: Callable[..., Item]) -> Item:
    item = make_item(
        title="关于发放二〇二六年就业补贴的通知", kind="policy", doc_number="测人社发〔2026〕1号"
    )
    # The first search builds the (test) index, which bumps the search pages once.
    Client().get(reverse("portal:search") + "?q=补贴")
    return item


def test_a_second_request_is_a_hit_with_an_etag_and_a_304(live: Item) -> None:
    client = Client()
    first = client.get(live.get_absolute_url())
    assert first.status_code == 200 and "X-Gongkai-Cache" not in first
    second = client.get(live.get_absolute_url())
    assert second["X-Gongkai-Cache"] == "hit"
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert "no-cache" in second["Cache-Control"]
    # The security headers are added on the way out, hit or not.
    assert second["X-Content-Type-Options"] == "nosniff"
    again = client.get(live.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_publication_reaches_every_page_and_variant(
    live: Item, make_item: Callable[..., Item]
) -> None:
    urls = public_urls(live)
    before = fetch_all(urls)
    assert all("关于核发新版社会保障卡的公告" not in html for html in before.values())
    new = make_item(
        title="关于核发新版社会保障卡的公告",
        body="<p>补贴 社会保障卡</p>",
        kind="policy",
        doc_number="测人社发〔2026〕7号",
    )
    for n, cookies in enumerate(VARIANTS):
        client = reader(cookies)
        for url in urls:
            if url in (live.get_absolute_url(), urls[2]):
                continue  # another item's own page does not list the new one
            html = client.get(url).content.decode()
            assert new.get_absolute_url() in html, (url, n)


def test_revision_replaces_the_text_everywhere(live: Item, crew: Callable[[Any], Any]) -> None:
    urls = public_urls(live)
    fetch_all(urls)
    user = crew(live.organ)
    revision = revisions.revision_open(actor=user, item=live)
    revision.title = "关于发放二〇二六年就业补贴（第二批）的通知"
    revision.revision_note = "补充第二批名单"
    revision.save()
    revision = workflow.item_submit(actor=user, item=revision)
    for finding in revision.findings.all():
        workflow.finding_acknowledge(actor=user, finding=finding)
    revision = workflow.item_pass_secrecy(actor=user, item=revision, opinion="同意公开。")
    workflow.item_publish(actor=user, item=revision)
    for n, cookies in enumerate(VARIANTS):
        client = reader(cookies)
        # The sitemap holds no titles; the search index follows in its own test below.
        for url in urls[:-2]:
            html = client.get(url).content.decode()
            assert "第二批" in html, (url, n)


def test_withdrawal_is_never_served_from_the_cache(
    live: Item, withdraw: Callable[[Item, str], Item]
) -> None:
    urls = public_urls(live)
    pages = fetch_all(urls)
    assert "撤回" not in pages[live.get_absolute_url(), 0]
    with transaction.atomic():
        withdraw(live, "内容已过时")
    for n, cookies in enumerate(VARIANTS):
        client = reader(cookies)
        item_page = client.get(live.get_absolute_url()).content.decode()
        assert "撤回" in item_page, n
        assert "各有关单位" not in item_page and "各有關單位" not in item_page, n
        for url in [urls[0], urls[3], urls[4], urls[7], urls[10]]:
            html = client.get(url).content.decode()
            assert live.get_absolute_url() not in html, (url, n)


def test_a_validity_change_shows_at_once(live: Item, crew: Callable[[Any], Any]) -> None:
    urls = [live.get_absolute_url(), reverse("portal:policies")]
    fetch_all(urls)
    with transaction.atomic():
        published.apply_validity(
            actor=crew(live.organ),
            item=Item.objects.get(pk=live.pk),
            validity=Validity.REPEALED,
            changed_on=date(2026, 5, 1),
            note="已被新文件废止",
        )
    for n, cookies in enumerate(VARIANTS):
        html = reader(cookies).get(live.get_absolute_url()).content.decode()
        assert "2026年5月1日" in html, n


def test_organ_and_column_edits_reach_every_page(live: Item) -> None:
    urls = public_urls(live)[:-1]
    fetch_all(urls)
    organ = live.organ
    organ.name = "测试市人力资源和社会保障局（更名）"
    organ.save()
    column = Column.objects.get(pk=live.column_id)
    column.name = "政策文件（更名）"
    column.save()
    for n, cookies in enumerate(VARIANTS):
        client = reader(cookies)
        for url in [urls[1], urls[3], urls[4]]:
            html = client.get(url).content.decode()
            assert "（更名）" in html, (url, n)


def test_an_interpretation_appears_on_its_policys_page(
    live: Item, make_item: Callable[..., Item]
) -> None:
    fetch_all([live.get_absolute_url()])
    make_item(
        title="《关于发放二〇二六年就业补贴的通知》政策解读",
        column="interpretation",
        kind="interpretation",
        interprets=live,
    )
    html = Client().get(live.get_absolute_url()).content.decode()
    assert "政策解读" in html and "《关于发放二〇二六年就业补贴的通知》政策解读" in html


def test_search_results_follow_the_index(live: Item, make_item: Callable[..., Item]) -> None:
    url = reverse("portal:search") + "?q=" + "社会保障卡"
    client = Client()
    client.get(url)
    assert client.get(url)["X-Gongkai-Cache"] == "hit"
    new = make_item(title="关于核发新版社会保障卡的公告")
    assert new.get_absolute_url() in client.get(url).content.decode()


# ---- what is never cached --------------------------------------------------------------------


def test_unknown_parameters_are_rendered_but_never_stored(live: Item) -> None:
    store = caches["pages"]
    client = Client()
    client.get("/")
    keys_before = len(store._cache)  # type: ignore[attr-defined]
    for n in range(30):
        response = client.get(f"/?utm_source={n}")
        assert response.status_code == 200 and "X-Gongkai-Cache" not in response
    too_long = client.get("/search/?q=" + "补" * 200)
    assert too_long.status_code == 200
    client.get("/search/?q=" + "补" * 200)
    repeated = client.get(f"/column/{live.column_id}/?page=1&page=2")
    assert repeated.status_code == 200
    assert len(store._cache) == keys_before  # type: ignore[attr-defined]


def test_unpublished_items_are_never_stored(make_item: Callable[..., Item]) -> None:
    draft = make_item(title="尚未发布的草稿", publish=False)
    client = Client()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert not any(k.startswith(":1:page:") for k in caches["pages"]._cache)  # type: ignore[attr-defined]


def test_signed_in_officials_get_pages_rendered_for_them(live: Item, staff: dict[str, Any]) -> None:
    client = Client()
    client.force_login(staff["editor"])
    client.get(live.get_absolute_url())
    again = client.get(live.get_absolute_url())
    assert again.status_code == 200 and "X-Gongkai-Cache" not in again


def test_a_citizen_whose_session_remembers_an_application_gets_cached_pages(live: Item) -> None:
    client = Client()
    session = client.session  # as the application form leaves it: the case, no user
    session["apply_done"] = 1
    session.save()
    client.cookies[settings_cookie_name()] = str(session.session_key)
    client.get(live.get_absolute_url())
    assert client.get(live.get_absolute_url())["X-Gongkai-Cache"] == "hit"
    # A message waiting in the session is shown on the next page, not hidden by the cache.
    session["_messages"] = "[]"
    session.save()
    assert "X-Gongkai-Cache" not in client.get(live.get_absolute_url())


def settings_cookie_name() -> str:
    from django.conf import settings

    return str(settings.SESSION_COOKIE_NAME)


def test_the_page_cache_can_be_switched_off(live: Item, settings: Any) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "PAGE_CACHE": False}
    client = Client()
    client.get("/")
    assert "X-Gongkai-Cache" not in client.get("/")


def test_removing_the_receivers_would_serve_stale_pages(live: Item, withdraw: Any) -> None:
    """The check on the checks: with tags never bumped, the withdrawn item would still be
    served; so the freshness tests above depend on the invalidation, not on luck."""
    client = Client()
    client.get(live.get_absolute_url())
    real_bump = cache_tags.bump
    try:
        cache_tags.bump = lambda *tags: True
        with transaction.atomic():
            withdraw(live, "内容已过时")
    finally:
        cache_tags.bump = real_bump
    stale = client.get(live.get_absolute_url())
    assert stale["X-Gongkai-Cache"] == "hit" and "各有关单位" in stale.content.decode()


# ---- the cache failing -------------------------------------------------------------------


@pytest.fixture
def broken_cache(settings: Any) -> Iterator[None]:
    """A "pages" cache on a Redis that does not answer (nothing listens on port 1)."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    cache_tags.resume()
    yield
    cache_tags.resume()


def test_a_cache_that_is_down_gives_uncached_pages_not_errors(
    live: Item, broken_cache: None, caplog: Any
) -> None:
    client = Client()
    for url in public_urls(live):
        response = client.get(url)
        assert response.status_code == 200 and "X-Gongkai-Cache" not in response, url
    assert "页面缓存不可用" in caplog.text


def test_a_change_while_the_cache_is_down_commits_and_is_logged(
    live: Item, broken_cache: None, withdraw: Callable[[Item, str], Item], caplog: Any
) -> None:
    with transaction.atomic():
        withdraw(live, "内容已过时")
    assert Item.objects.get(pk=live.pk).is_withdrawn
    assert "页面缓存版本未能更新" in caplog.text


def test_the_embedded_file_cache_is_fresh_too(
    settings: Any, tmp_path: Any, live: Item, withdraw: Callable[[Item, str], Item]
) -> None:
    """The default of `make run`: a file cache every process of the machine shares."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "pagecache"),
        },
    }
    client = Client()
    client.get(live.get_absolute_url())
    assert client.get(live.get_absolute_url())["X-Gongkai-Cache"] == "hit"
    with transaction.atomic():
        withdraw(live, "内容已过时")
    page = client.get(live.get_absolute_url())
    assert "X-Gongkai-Cache" not in page and "撤回" in page.content.decode()


def test_a_cached_page_costs_no_query(live: Item, django_assert_num_queries: Any) -> None:
    client = Client()
    client.get(live.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get(live.get_absolute_url())["X-Gongkai-Cache"] == "hit"
