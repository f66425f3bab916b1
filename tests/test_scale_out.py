"""Scale-out for real (issue 16 point 8): two app servers, one PostgreSQL, one Redis, one worker.

Runs on the PostgreSQL pass of CI (GONGKAI_DATABASE_URL=postgres://…) with the Redis at
127.0.0.1:6379; skipped on SQLite, which one machine's processes share by file and which is not
a scale-out configuration. Two gunicorn instances (`serve.gunicorn_command`, one worker each) on
two ports, each with a state directory of its own (nothing shared by file but the media
volume), GONGKAI_CACHE_URL pointing both at Redis and GONGKAI_SEARCH_BACKEND=postgres; plus one
`gongkai db_worker`. This test process writes through the services with the same Redis caches,
as a third app server would.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection, transaction

from gongkai.catalog.models import Item
from gongkai.catalog.services import workflow
from gongkai.core import cache_tags
from gongkai.core.management.commands.serve import gunicorn_command

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("GONGKAI_TEST_SCALE_REDIS_URL", "redis://127.0.0.1:6379/12")

pytestmark = [pytest.mark.usefixtures("transactional_db")]


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def scale_env(tmp_path: Path, settings: Any) -> dict[str, str]:
    if connection.vendor != "postgresql":
        pytest.skip("扩展部署测试需要 PostgreSQL（CI 的第二轮）")
    if not _redis_answers():
        if os.environ.get("GONGKAI_REQUIRE_REDIS") == "1":
            pytest.fail(f"没有可用的 Redis（{REDIS_URL}）")
        pytest.skip(f"没有可用的 Redis（{REDIS_URL}）")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    # The PostgreSQL index lives in tables of its own (search/migrations/0001), which the
    # per-test flush does not empty: an earlier test's "ready" mark would make both servers
    # answer from an index without this test's items, and queue no rebuild.
    with connection.cursor() as cur:
        cur.execute("DELETE FROM search_entry")
        cur.execute("DELETE FROM search_state")
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    # This process writes as a third app server: the same Redis caches as the two below.
    redis_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    settings.CACHES = {
        "default": {**redis_cache, "KEY_PREFIX": "gongkai"},
        "pages": {**redis_cache, "KEY_PREFIX": "gongkai-pages"},
    }
    settings.GONGKAI = {**settings.GONGKAI, "PAGE_CACHE": True}
    cache_tags.resume()
    media = tmp_path / "media"
    media.mkdir()
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GONGKAI_DATABASE_URL": url,
        "GONGKAI_CACHE_URL": REDIS_URL,
        "GONGKAI_SEARCH_BACKEND": "postgres",
        "GONGKAI_ALLOW_DEV_SECRET": "1",
        "GONGKAI_MEDIA_ROOT": str(media),
        "GONGKAI_PAGE_CACHE": "1",
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: 服务进程已退出（{proc.returncode}）")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our local server
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url}: 服务未能启动")


@pytest.fixture
def servers(scale_env: dict[str, str], tmp_path: Path) -> Iterator[dict[str, Any]]:
    procs: list[subprocess.Popen[bytes]] = []
    bases = {}
    try:
        for name in ("a", "b"):
            var = tmp_path / f"var-{name}"
            var.mkdir()
            env = {**scale_env, "GONGKAI_VAR_DIR": str(var)}
            subprocess.run(
                [sys.executable, "-m", "gongkai.cli", "collectstatic", "--noinput", "-v0"],
                env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
            port = _free_port()
            cmd = gunicorn_command(
                "config.wsgi:application", host="127.0.0.1", port=port, workers=1
            )
            proc = subprocess.Popen(  # noqa: S603
                cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            procs.append(proc)
            bases[name] = f"http://127.0.0.1:{port}"
            _wait(bases[name] + "/robots.txt", proc)
        worker_env = {**scale_env, "GONGKAI_VAR_DIR": str(tmp_path / "var-worker")}
        worker = subprocess.Popen(
            [sys.executable, "-m", "gongkai.cli", "db_worker", "--no-startup-delay",
             "--interval", "0.2"],
            env=worker_env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        procs.append(worker)
        yield {**bases, "vars": [tmp_path / "var-a", tmp_path / "var-b"]}
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


#: Both servers answer for one site name, as behind one load balancer (the page cache keys
#: pages by host, and a cookie belongs to a host).
HOST = "localhost"


class Browser:
    """A reader or an official with cookies, against one server or the other."""

    def __init__(self) -> None:
        self.last_url = ""
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, dict[str, str], str]:
        """Status, headers and text of `url`, after redirects (self.last_url: where it ended)."""
        request = urllib.request.Request(url, headers={"Host": HOST})  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as r:
                self.last_url = r.geturl()
                return r.status, dict(r.headers), r.read().decode()
        except urllib.error.HTTPError as e:
            self.last_url = url
            return e.code, dict(e.headers), e.read().decode()

    def post(self, url: str, data: dict[str, str], referer: str) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode()
        headers = {"Referer": referer, "Host": HOST}
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as r:
                self.last_url = r.geturl()
                return r.status, r.geturl()
        except urllib.error.HTTPError as e:
            self.last_url = url
            return e.code, url


def _wait_for(check: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.3)
    return False


def test_two_app_servers_share_pages_sessions_and_the_task_queue(
    servers: dict[str, Any],
    make_draft: Callable[..., Item],
    publish: Callable[[Item], Item],
    staff: dict[str, Any],
) -> None:
    a, b = servers["a"], servers["b"]
    live = publish(make_draft(title="关于发放二〇二六年就业补贴的通知"))
    reader = Browser()

    # A page cached by B is stale for both the moment a third server withdraws the item.
    assert reader.get(b + live.get_absolute_url())[0] == 200
    status, headers, _ = reader.get(b + live.get_absolute_url())
    assert headers.get("X-Gongkai-Cache") == "hit"
    assert reader.get(a + live.get_absolute_url())[1].get("X-Gongkai-Cache") == "hit"
    with transaction.atomic():
        workflow.item_withdraw(actor=staff["approver"], item=live, reason="内容已过时")
    for base in (a, b):
        _, headers, html = reader.get(base + live.get_absolute_url())
        assert "X-Gongkai-Cache" not in headers and "撤回" in html, base

    # A session opened on A is valid on B (sessions in the shared cache and database).
    official = Browser()
    _, _, login_page = official.get(a + "/office/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)
    assert token
    user = staff["editor"]
    # The servers hash with PBKDF2 (the test settings use a fast hasher they do not know).
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode("Gongkai-scale-2026!", hasher.salt())
    user.save()
    official.post(
        a + "/office/login/",
        {"csrfmiddlewaretoken": token.group(1), "username": user.username,
         "password": "Gongkai-scale-2026!"},
        referer=a + "/office/login/",
    )  # fmt: skip
    assert "/office/login/" not in official.last_url, "A 上登录失败"
    status, _, html = official.get(b + "/office/")
    assert status == 200 and "/office/login/" not in official.last_url, "B 不认 A 的会话"
    stranger = Browser()
    stranger.get(b + "/office/")
    assert "/office/login/" in stranger.last_url  # without the session: the login page

    # A task queued by A (the search index is not built yet: A's first search queues the
    # rebuild) is run by the worker; B then answers from the PostgreSQL index, not the fallback.
    other = publish(make_draft(title="关于核发新版社会保障卡的公告"))
    reader.get(a + "/search/?q=" + urllib.parse.quote("社会保障卡"))

    def indexed_on_b() -> bool:
        _, _, html = Browser().get(b + "/search/?q=" + urllib.parse.quote("社会保障卡"))
        return other.get_absolute_url() in html and 'id="fallback-notice"' not in html

    assert _wait_for(indexed_on_b), "B 未从 PostgreSQL 索引中查到 A 触发重建后的信息"

    # A rate limit counts across both: wrong 查询码 lookups from one address, alternating
    # between the servers, are refused once the limit is reached on either.
    guesser = Browser()
    statuses = []
    for n in range(8):
        base = (a, b)[n % 2]
        _, _, page = guesser.get(base + "/apply/status/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        code, _ = guesser.post(
            base + "/apply/status/",
            {"csrfmiddlewaretoken": csrf.group(1) if csrf else "", "code": f"WRONGCODE{n:03d}",
             "tail": "1234"},
            referer=base + "/apply/status/",
        )  # fmt: skip
        statuses.append(code)
    limit = 5  # applications/ratelimit.py: LOOKUP_FAILURES_PER_IP
    assert 429 not in statuses[:limit] and set(statuses[limit:]) == {429}, statuses

    # Nothing fell back to files: no file cache and no local search index on either server.
    for var in servers["vars"]:
        for name in ("cache", "pagecache", "search"):
            assert not (var / name).exists() or not any((var / name).iterdir()), (var, name)
