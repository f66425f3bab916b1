"""Sign-in lockout (issue 16 §2; what django-axes does, in a page of code on the shared cache).

Failures are counted per user name and per client address (`ratelimit.client_ip`: behind a
trusted proxy, the citizen's address, not the proxy's) over `LOGIN_LOCKOUT_MINUTES`. At
`LOGIN_FAILURE_LIMIT` failures for a name, or `LOGIN_IP_FAILURE_LIMIT` from an address, that name
or address is locked for `LOGIN_LOCKOUT_MINUTES`: a locked sign-in is refused before the
password is looked at, so the right password does not open it either. A successful sign-in
clears its name's count (not its address's: one good account must not reset guessing at others).

The counters live in the "default" cache, shared by every process of the site (a file cache
under var/ on one machine, Redis with several app servers): the office and the admin sign-in,
on any app server, count together. Keys hold hashes, never the name or address itself.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from gongkai.core.conf import gongkai_settings

LOCKED_MESSAGE = "登录失败次数过多，账号已被暂时锁定，请{minutes}分钟后再试，或联系公开办管理员。"


def _digest(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:32]


def _keys(kind: str, value: str) -> tuple[str, str]:
    digest = _digest(kind, value)
    return f"lockout:count:{digest}", f"lockout:locked:{digest}"


def normalise(username: str | None) -> str:
    return (username or "").strip().lower()


def locked_message() -> str:
    return LOCKED_MESSAGE.format(minutes=gongkai_settings().LOGIN_LOCKOUT_MINUTES)


def is_locked(username: str | None, ip: str) -> bool:
    name = normalise(username)
    subjects = [("ip", ip)] + ([("user", name)] if name else [])
    return any(cache.get(_keys(kind, value)[1]) for kind, value in subjects)


def _count(kind: str, value: str, limit: int, seconds: int) -> bool:
    """One more failure for a subject; True when it is (now) locked."""
    count_key, locked_key = _keys(kind, value)
    cache.add(count_key, 0, timeout=seconds)
    try:
        count = cache.incr(count_key)
    except ValueError:  # expired between add and incr
        cache.add(count_key, 1, timeout=seconds)
        count = 1
    if count >= limit:
        cache.set(locked_key, 1, timeout=seconds)
        return True
    return False


def register_failure(username: str | None, ip: str) -> bool:
    """Count a failed sign-in (wrong password or second-factor code). True when the name or the
    address is locked by it."""
    conf = gongkai_settings()
    seconds = conf.LOGIN_LOCKOUT_MINUTES * 60
    name = normalise(username)
    locked = _count("ip", ip, conf.LOGIN_IP_FAILURE_LIMIT, seconds)
    if name:
        locked = _count("user", name, conf.LOGIN_FAILURE_LIMIT, seconds) or locked
    return locked


def clear(username: str | None) -> None:
    """After a successful sign-in: the name's failures are forgotten."""
    name = normalise(username)
    if name:
        cache.delete_many(list(_keys("user", name)))


def unlock(username: str | None = None, ip: str | None = None) -> None:
    """An administrator's release of a name or an address before its time is up."""
    if username:
        clear(username)
    if ip:
        cache.delete_many(list(_keys("ip", ip)))
