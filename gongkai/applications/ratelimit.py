"""The rate limits of 依申请公开: the application form (per IP) and the 查询码 status lookup
(failures per IP and per code). The per-applicant limit of the form counts stored applications
instead (`selectors.recent_by_applicant`), so it holds across processes whatever the cache.

The limiter itself is shared by every public form and lives in `gongkai.core.ratelimit`; its
names are re-exported here for the modules and tests that import them from this one.
"""

from __future__ import annotations

from gongkai.core.ratelimit import (
    Limit,
    acquire,
    client_ip,
    hit,
    hits,
    is_limited,
    minutes_left,
    release,
)

__all__ = [
    "LOOKUP_FAILURES_PER_CODE",
    "LOOKUP_FAILURES_PER_IP",
    "SUBMIT_PER_IP",
    "Limit",
    "acquire",
    "client_ip",
    "hit",
    "hits",
    "is_limited",
    "minutes_left",
    "release",
]


#: Public form: at most 10 submissions an hour from one address.
SUBMIT_PER_IP = Limit("apply-submit-ip", 10, 3600)
#: Status lookup: 5 wrong 查询码/尾号 attempts per address per 15 minutes, then HTTP 429.
LOOKUP_FAILURES_PER_IP = Limit("apply-lookup-ip", 5, 900)
#: …and 10 wrong attempts on one 查询码 an hour from anywhere (spread-out guessing of a tail).
LOOKUP_FAILURES_PER_CODE = Limit("apply-lookup-code", 10, 3600)
