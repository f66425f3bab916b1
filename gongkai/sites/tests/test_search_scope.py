"""Search on a department's own site covers that site's organs (issue 20 §5: a site of its own
on the shared platform), with a way to search the whole platform; the city portal searches
everything."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.catalog.models import Item
from gongkai.orgs.models import Organ
from gongkai.sites.models import Site


@pytest.fixture
def documents(
    platform: dict[str, Site],
    city: Organ,
    jyj: Organ,
    published: Callable[..., Item],
    django_capture_on_commit_callbacks: Any,
) -> dict[str, Item]:
    with django_capture_on_commit_callbacks(execute=True):  # indexed on commit
        return {
            "jyj": published(jyj, "岚城市教育局关于学生资助补贴发放的通知"),
            "city": published(city, "岚城市人民政府关于就业补贴发放的通知"),
        }


def _results(html: str) -> str:
    """The results list (titles are highlighted there, so items are found by their links)."""
    return html[html.index('id="results-title"') :]


def test_a_department_site_searches_its_own_organs(
    search_backend: Any, documents: dict[str, Item]
) -> None:
    html = Client().get(reverse("portal:search"), {"q": "补贴"}, HTTP_HOST="jyj.localhost")
    page = html.content.decode()
    assert documents["jyj"].get_absolute_url() in _results(page)
    assert documents["city"].get_absolute_url() not in _results(page)
    assert "检索范围：本站（岚城市教育局网站）" in page and "scope=all" in page
    # The organ list offers the site's organs only.
    assert "岚城市人民政府</option>" not in page


def test_the_reader_can_search_the_whole_platform_from_a_department_site(
    search_backend: Any, documents: dict[str, Item]
) -> None:
    page = (
        Client()
        .get(reverse("portal:search"), {"q": "补贴", "scope": "all"}, HTTP_HOST="jyj.localhost")
        .content.decode()
    )
    assert documents["jyj"].get_absolute_url() in _results(page) and documents[
        "city"
    ].get_absolute_url() in _results(page)
    assert "检索范围：全平台" in page and "只检索本站" in page
    assert '<input type="hidden" name="scope" value="all">' in page  # kept by the form


def test_the_city_portal_searches_everything_without_a_scope_line(
    search_backend: Any, documents: dict[str, Item]
) -> None:
    page = (
        Client()
        .get(reverse("portal:search"), {"q": "补贴"}, HTTP_HOST="127.0.0.1")
        .content.decode()
    )
    assert documents["jyj"].get_absolute_url() in _results(page) and documents[
        "city"
    ].get_absolute_url() in _results(page)
    assert "检索范围" not in page


def test_the_json_search_follows_the_same_scope(
    search_backend: Any, documents: dict[str, Item]
) -> None:
    data = (
        Client().get(reverse("portal:search_json"), {"q": "补贴"}, HTTP_HOST="jyj.localhost").json()
    )
    assert [r["title"] for r in data["results"]] == [documents["jyj"].title]
