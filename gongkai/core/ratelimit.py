"""A small fixed-window rate limiter on Django's cache (no third-party captcha, no JS).

Shared by the public forms of every app (moved here from `applications/ratelimit.py`, which keeps
its own limits): the application form and the 查询码 lookup (`applications`), the mailbox's write
form and lookup (`mailbox`), the annual-report check (`reports`). Each app declares its `Limit`s;
per-person limits count stored records instead, so they hold across processes whatever the cache.

Counting is atomic (issue 16: 20 concurrent submissions let 11 through a limit of 10): `acquire`
takes a slot with one `cache.add` + `cache.incr` before the work and gives it back when refused,
so two requests never both see the last free slot. Redis and the local-memory cache increment
atomically; the file cache (the default without Redis) does not, so its counts are taken under an
advisory file lock shared by the processes of the host. Several app servers need Redis.

The client's address comes from REMOTE_ADDR, or, when that is a trusted reverse proxy
(`GONGKAI["TRUSTED_PROXIES"]`), from X-Forwarded-For read right to left through trusted hops
only: behind nginx every citizen has their own count, and a forged header buys nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache, caches
from django.core.cache.backends.filebased import FileBasedCache
from django.http import HttpRequest

from gongkai.core.conf import gongkai_settings, proxy_networks


@dataclass(frozen=True)
class Limit:
    name: str
    max_hits: int
    window_seconds: int


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, unless that is a trusted proxy; then the nearest
    address in X-Forwarded-For (read from the right) that is not a trusted proxy. Entries left
    of it were written by the client and are never believed."""
    remote = str(request.META.get("REMOTE_ADDR") or "unknown")
    trusted = proxy_networks(gongkai_settings().TRUSTED_PROXIES)
    if not trusted:
        return remote

    def is_trusted(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return any(addr.version == net.version and addr in net for net in trusted)

    peer = _address(remote)
    if peer is None or not is_trusted(peer):
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    for hop in reversed([h for h in forwarded.split(",") if h.strip()]):
        addr = _address(hop)
        if addr is None:  # garbage where a trusted proxy should have written an address
            return str(peer)
        if not is_trusted(addr):
            return str(addr)
        peer = addr
    return str(peer)


def _key(limit: Limit, subject: str) -> str:
    window = int(time.time() // limit.window_seconds)
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]  # no raw IPs or codes in the cache
    return f"rl:{limit.name}:{window}:{digest}"


@contextlib.contextmanager
def _counting() -> Iterator[None]:
    """Make add + incr one step where the cache does not (the file cache: get, then set)."""
    backend = caches["default"]
    if not isinstance(backend, FileBasedCache):
        yield
        return
    import fcntl

    directory = Path(backend._dir)  # type: ignore[attr-defined]
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "ratelimit.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def hits(limit: Limit, subject: str) -> int:
    return int(cache.get(_key(limit, subject), 0))


def is_limited(limit: Limit, subject: str) -> bool:
    """Whether the limit is reached (a read: use `acquire` to count and decide in one step)."""
    return hits(limit, subject) >= limit.max_hits


def _incr(key: str, delta: int, timeout: int) -> int:
    if delta > 0 and cache.add(key, delta, timeout=timeout):
        return delta
    try:
        return int(cache.incr(key, delta))
    except ValueError:  # expired in between
        if delta < 0:
            return 0
        cache.set(key, delta, timeout=timeout)
        return delta


def hit(limit: Limit, subject: str) -> int:
    """Count one event; returns the count in the current window."""
    with _counting():
        return _incr(_key(limit, subject), 1, limit.window_seconds + 1)


def acquire(limit: Limit, subject: str) -> bool:
    """Take one of the window's slots, atomically: False (and nothing counted) when none is
    left. Give it back with `release` if the work it guarded did not happen."""
    key = _key(limit, subject)
    with _counting():
        if _incr(key, 1, limit.window_seconds + 1) <= limit.max_hits:
            return True
        _incr(key, -1, limit.window_seconds + 1)
        return False


def release(limit: Limit, subject: str) -> None:
    """Give back a slot taken by `acquire` (the submission was refused, the lookup succeeded)."""
    with _counting():
        _incr(_key(limit, subject), -1, limit.window_seconds + 1)


def minutes_left(limit: Limit) -> int:
    """Whole minutes until the current window ends (for the Chinese message)."""
    left = limit.window_seconds - int(time.time()) % limit.window_seconds
    return max(1, (left + 59) // 60)
