"""Rate limits under hostile load (issue 16): counting is atomic (20 concurrent requests against
a limit of 10 let exactly 10 through, on the local-memory and on the file cache, with real
threads), and the client's address is read through trusted proxies only."""

from __future__ import annotations

import threading
import time
from datetime import date
from typing import Any

import pytest
from django.core import signing
from django.core.cache import caches
from django.test import RequestFactory, override_settings
from django.urls import reverse

from gongkai.applications import ratelimit as rl
from gongkai.applications.models import Application

LIMIT = rl.Limit("hostile-test", 10, 3600)


def _race(n: int, work: Any) -> list[Any]:
    """Run `work` in `n` threads released together; their results."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        results[i] = work()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_twenty_concurrent_acquires_let_exactly_ten_through_locmem() -> None:
    results = _race(20, lambda: rl.acquire(LIMIT, "203.0.113.9"))
    assert results.count(True) == 10
    assert rl.hits(LIMIT, "203.0.113.9") == 10  # the refused gave their slot back


def test_twenty_concurrent_acquires_let_exactly_ten_through_file_cache(tmp_path) -> None:
    file_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    with override_settings(CACHES=file_cache):
        for _ in range(3):  # several rounds: a lost update shows up as 11 or more
            caches["default"].clear()
            results = _race(20, lambda: rl.acquire(LIMIT, "203.0.113.9"))
            assert results.count(True) == 10
            assert rl.hits(LIMIT, "203.0.113.9") == 10


def test_release_gives_a_slot_back() -> None:
    for _ in range(10):
        assert rl.acquire(LIMIT, "a")
    assert not rl.acquire(LIMIT, "a")
    rl.release(LIMIT, "a")
    assert rl.acquire(LIMIT, "a") and not rl.acquire(LIMIT, "a")
    assert rl.acquire(LIMIT, "b")  # another subject has its own count


# -- the client's address ---------------------------------------------------------------------


def _ip(remote: str, xff: str | None = None) -> str:
    meta: dict[str, Any] = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return rl.client_ip(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    "trusted,remote,xff,expected",
    [
        # No proxy configured: the header is never believed.
        ((), "198.51.100.7", "1.2.3.4", "198.51.100.7"),
        # Behind one trusted nginx: the address nginx saw.
        (("127.0.0.1",), "127.0.0.1", "1.2.3.4", "1.2.3.4"),
        # The client forges an entry to the left: ignored, nginx's entry counts.
        (("127.0.0.1",), "127.0.0.1", "6.6.6.6, 1.2.3.4", "1.2.3.4"),
        (("127.0.0.1",), "127.0.0.1", "127.0.0.1, 1.2.3.4", "1.2.3.4"),
        # Two trusted hops (load balancer → nginx): read right to left through both.
        (("127.0.0.1", "10.0.0.0/8"), "127.0.0.1", "6.6.6.6, 1.2.3.4, 10.1.2.3", "1.2.3.4"),
        # A request that bypasses the proxy: its own address, whatever the header says.
        (("127.0.0.1",), "198.51.100.7", "1.2.3.4", "198.51.100.7"),
        # Garbage to the left of the trusted entry is never reached; next to it, the proxy.
        (("127.0.0.1",), "127.0.0.1", "<script>, 1.2.3.4", "1.2.3.4"),
        (("127.0.0.1",), "127.0.0.1", "1.2.3.4, not-an-ip", "127.0.0.1"),
        # No header from a trusted proxy: the proxy itself.
        (("127.0.0.1",), "127.0.0.1", None, "127.0.0.1"),
        # IPv6, and the setting as one comma-separated string (the environment variable).
        (("::1",), "::1", "2001:db8::5", "2001:db8::5"),
        ("127.0.0.1, 10.0.0.0/8", "10.9.9.9", "1.2.3.4", "1.2.3.4"),
    ],
)
def test_client_ip_through_trusted_proxies(settings, trusted, remote, xff, expected) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "TRUSTED_PROXIES": trusted}
    assert _ip(remote, xff) == expected


def test_a_bad_proxy_setting_is_reported_by_the_system_check(settings) -> None:
    from gongkai.core.conf import problems

    found = problems({"TRUSTED_PROXIES": ["10.0.0.0/8", "not-a-network"]})
    assert found and "代理服务器的地址或网段" in found[0].message


# -- the public form behind nginx ---------------------------------------------------------------


def _form(i: int) -> dict[str, Any]:
    from gongkai.applications.views.public import STARTED_SALT

    return {
        "applicant_type": "natural",
        "name": "王小红",
        "id_type": "passport",
        "id_number": f"E{i:08d}",
        "phone": f"1391234{i:04d}",
        "email": "wxh@example.com",
        "address": "测试市人民路8号",
        "description": "2025年度本市公共租赁住房分配结果",
        "info_form": "electronic",
        "delivery": "email",
        "client_token": f"{i:032x}",
        "started": signing.dumps(time.time() - 60, salt=STARTED_SALT),
        "website": "",
    }


def test_behind_a_trusted_proxy_each_citizen_has_their_own_count(client, organ, settings) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "TRUSTED_PROXIES": ("127.0.0.1",)}
    url = reverse("apply:form", args=[organ.pk])
    behind = {"REMOTE_ADDR": "127.0.0.1"}
    for i in range(10):
        response = client.post(url, _form(i), HTTP_X_FORWARDED_FOR="1.2.3.4", **behind)
        assert response.status_code == 302, i
    # The same citizen again, forging a fresh address to the left: still 429.
    spoof = client.post(url, _form(10), HTTP_X_FORWARDED_FOR="9.9.9.9, 1.2.3.4", **behind)
    assert spoof.status_code == 429 and "过于频繁" in spoof.content.decode()
    # Another citizen behind the same proxy is not blocked by the first one's count.
    other = client.post(url, _form(11), HTTP_X_FORWARDED_FOR="5.6.7.8", **behind)
    assert other.status_code == 302
    assert Application.objects.count() == 11


def test_a_refused_submission_gives_its_slot_back(client, organ) -> None:
    url = reverse("apply:form", args=[organ.pk])
    for i in range(3):  # invalid forms: 400, no application, no slot used
        bad = {**_form(100 + i), "name": ""}
        assert client.post(url, bad).status_code == 400
    assert rl.hits(rl.SUBMIT_PER_IP, "127.0.0.1") == 0
    assert client.post(url, _form(1)).status_code == 302
    assert rl.hits(rl.SUBMIT_PER_IP, "127.0.0.1") == 1


def test_lookup_failures_are_counted_before_the_lookup(client, organ) -> None:
    """The 查询码 lookup takes its failure slot before looking (so parallel guesses cannot all
    pass the check first): after 5 wrong guesses the 6th is 429 before any lookup."""
    url = reverse("apply:status")
    statuses = [
        client.post(url, {"code": f"GUESS{i:07d}", "tail": "1234"}).status_code for i in range(7)
    ]
    assert statuses == [400] * 5 + [429] * 2
    assert rl.hits(rl.LOOKUP_FAILURES_PER_IP, "127.0.0.1") == 5


def test_a_successful_lookup_gives_its_slot_back(client, organ) -> None:
    from gongkai.applications.services.intake import application_register

    data = {k: v for k, v in _form(1).items() if k not in {"client_token", "started", "website"}}
    app = application_register(
        actor=None, organ=organ, channel="online", submitted_on=date(2026, 3, 2), data=data
    ).application
    url = reverse("apply:status")
    for _ in range(6):  # more right answers than the failure limit: never blocked
        response = client.post(url, {"code": app.query_code, "tail": "0001"})
        assert response.status_code == 302
    assert rl.hits(rl.LOOKUP_FAILURES_PER_IP, "127.0.0.1") == 0
