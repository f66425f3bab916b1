"""Old addresses of an imported site answer with a 301 to the item's public page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.test import Client

from gongkai.catalog.models import Item
from gongkai.legacy.services.imports import ImportReport
from gongkai.legacy.tests.sites import write_site


def test_old_url_redirects_to_item(
    tmp_path: Path, run_archive: Callable[..., ImportReport], settings: Any
) -> None:
    settings.ALLOWED_HOSTS = ["www.lanshan.gov.cn", "testserver"]  # the old domain points here
    write_site(tmp_path, "trs")
    run_archive(tmp_path, base_url="http://www.lanshan.gov.cn/")
    item = Item.objects.get(title="岚山县就业补贴申领办法")
    client = Client()
    response = client.get("/art/2024/3/5/art_1229_101.html", HTTP_HOST="www.lanshan.gov.cn")
    assert response.status_code == 301
    assert response["Location"] == item.get_absolute_url()
    # Any host: the old domain may be served under another name.
    assert client.get("/art/2024/3/5/art_1229_101.html").status_code == 301


def test_unknown_or_unpublished_old_url_stays_404(
    tmp_path: Path, run_archive: Callable[..., ImportReport]
) -> None:
    write_site(tmp_path, "trs")
    run_archive(tmp_path, base_url="http://www.lanshan.gov.cn")
    client = Client()
    assert client.get("/art/2024/3/5/art_1229_999.html").status_code == 404
    # The page without a 表头 is a draft: nothing public to send the reader to.
    assert client.get("/art/2024/3/5/art_1229_104.html").status_code == 404


def test_platform_pages_are_not_shadowed(
    tmp_path: Path, run_archive: Callable[..., ImportReport], client: Any
) -> None:
    write_site(tmp_path, "trs")
    run_archive(tmp_path)  # no base URL: old paths are the folder's paths
    assert client.get("/index.html").status_code in (301, 404)  # the index is not an item
    assert client.get("/").status_code == 200
    assert client.post("/art/2024/3/5/art_1229_101.html").status_code in (403, 404, 405)
