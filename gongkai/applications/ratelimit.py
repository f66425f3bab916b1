"""A small fixed-window rate limiter on Django's cache (no third-party captcha, no JS).

Used by the public application form (per IP) and the 查询码 status lookup (failures per IP and
per code). The per-applicant limit of the form counts stored applications instead
(`selectors.recent_applications_by_applicant`), so it holds across processes whatever the cache.

With several web processes the default local-memory cache counts per process; a deployment
that runs more than one should configure a shared cache (for example Django's DatabaseCache).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    name: str
    max_hits: int
    window_seconds: int


#: Public form: at most 10 submissions an hour from one address.
SUBMIT_PER_IP = Limit("apply-submit-ip", 10, 3600)
#: Status lookup: 5 wrong 查询码/尾号 attempts per address per 15 minutes, then HTTP 429.
LOOKUP_FAILURES_PER_IP = Limit("apply-lookup-ip", 5, 900)
#: …and 10 wrong attempts on one 查询码 an hour from anywhere (spread-out guessing of a tail).
LOOKUP_FAILURES_PER_CODE = Limit("apply-lookup-code", 10, 3600)


def client_ip(request: HttpRequest) -> str:
    """The peer address. X-Forwarded-For is not trusted: a client could set it to anything."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _key(limit: Limit, subject: str) -> str:
    window = int(time.time() // limit.window_seconds)
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]  # no raw IPs or codes in the cache
    return f"rl:{limit.name}:{window}:{digest}"


def hits(limit: Limit, subject: str) -> int:
    return int(cache.get(_key(limit, subject), 0))


def is_limited(limit: Limit, subject: str) -> bool:
    return hits(limit, subject) >= limit.max_hits


def hit(limit: Limit, subject: str) -> int:
    """Count one event; returns the count in the current window."""
    key = _key(limit, subject)
    if cache.add(key, 1, timeout=limit.window_seconds + 1):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=limit.window_seconds + 1)
        return 1


def minutes_left(limit: Limit) -> int:
    """Whole minutes until the current window ends (for the Chinese message)."""
    left = limit.window_seconds - int(time.time()) % limit.window_seconds
    return max(1, (left + 59) // 60)
