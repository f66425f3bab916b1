"""The page cache on Redis, the backend of a site with several app servers (GONGKAI_CACHE_URL).

Uses the Redis at GONGKAI_TEST_REDIS_URL (default redis://127.0.0.1:6379/15); skipped when none
answers, unless GONGKAI_REQUIRE_REDIS=1 (CI sets it, so CI always runs them). The "stopped
mid-run" test starts a redis-server of its own, which it can stop.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from gongkai.catalog.models import Item
from gongkai.core import cache_tags

pytestmark = pytest.mark.usefixtures("transactional_db")

REDIS_URL = os.environ.get("GONGKAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def _need(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("GONGKAI_REQUIRE_REDIS") == "1":
        pytest.fail(reason + " (GONGKAI_REQUIRE_REDIS=1)")
    pytest.skip(reason)


def _redis_caches(settings: Any, url: str) -> None:
    prefix = f"gongkai-test-{uuid.uuid4().hex[:8]}"
    redis_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    settings.CACHES = {
        "default": {**redis_cache, "KEY_PREFIX": prefix},
        "pages": {**redis_cache, "KEY_PREFIX": prefix + "-pages"},
    }
    settings.GONGKAI = {**settings.GONGKAI, "PAGE_CACHE": True}
    cache_tags.resume()


@pytest.fixture
def on_redis(settings: Any) -> None:
    _need(_answers(REDIS_URL), f"没有可用的 Redis（{REDIS_URL}）")
    _redis_caches(settings, REDIS_URL)


def test_pages_are_shared_and_fresh_on_redis(
    on_redis: None, make_item: Callable[..., Item], withdraw: Callable[[Item, str], Item]
) -> None:
    live = make_item(title="关于发放二〇二六年就业补贴的通知")
    urls = ["/", live.get_absolute_url(), reverse("portal:column", args=[live.column_id])]
    first, second = Client(), Client()  # two readers; in production, two app servers
    for url in urls:
        first.get(url)
        assert second.get(url)["X-Gongkai-Cache"] == "hit", url
    new = make_item(title="关于核发新版社会保障卡的公告")
    for url in [urls[0], urls[2]]:
        assert new.get_absolute_url() in second.get(url).content.decode(), url
    with transaction.atomic():
        withdraw(live, "内容已过时")
    page = first.get(live.get_absolute_url()).content.decode()
    assert "撤回" in page and "各有关单位" not in page


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def own_redis(tmp_path: Any) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    binary = shutil.which("redis-server")
    _need(binary is not None, "没有 redis-server 程序")
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(  # noqa: S603 - the machine's redis-server, our arguments
            [str(binary), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(tmp_path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        started.append(proc)
        for _ in range(100):
            if _answers(url):
                return proc
            time.sleep(0.05)
        raise RuntimeError("redis-server 未能启动")

    start.url = url  # type: ignore[attr-defined]
    yield start
    for proc in started:
        proc.kill()
        proc.wait()


def test_redis_stopped_mid_run_degrades_to_uncached_pages(
    own_redis: Any, settings: Any, make_item: Callable[..., Item], caplog: Any
) -> None:
    server = own_redis()
    _redis_caches(settings, own_redis.url)
    live = make_item(title="关于发放二〇二六年就业补贴的通知")
    client = Client()
    client.get(live.get_absolute_url())
    assert client.get(live.get_absolute_url())["X-Gongkai-Cache"] == "hit"

    server.kill()
    server.wait()
    for url in ["/", live.get_absolute_url(), "/organs/", "/search/?q=补贴"]:
        response = client.get(url)
        assert response.status_code == 200 and "X-Gongkai-Cache" not in response, url
    assert "页面缓存不可用" in caplog.text
    # A publication while Redis is down commits; it is shown as soon as pages are rendered.
    new = make_item(title="关于核发新版社会保障卡的公告")
    assert new.get_absolute_url() in client.get("/").content.decode()

    # Redis back (empty: it keeps nothing on disk): caching resumes after the pause.
    own_redis()
    cache_tags.resume()
    client.get("/")
    again = client.get("/")
    assert again["X-Gongkai-Cache"] == "hit" and new.get_absolute_url() in again.content.decode()
