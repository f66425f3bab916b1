"""The public pages' cache: each anonymous GET of a listed page is rendered once per change.

Design (docs/architecture.md, "Portal page cache"): per-URL caching with exact invalidation by
versioned tags (`gongkai.core.cache_tags`). A page is stored with the versions of the tags it
depends on; the receivers in `portal/receivers.py` bump those tags when a change commits. A
request is answered from the cache only when every stored version is still current, so no page
outlives the change it shows.

What makes a request cacheable (`policy_for`):
- GET or HEAD of a page listed in `CACHED_PAGES`, by an anonymous reader: not signed in and no
  pending message (a signed-in official always sees pages rendered for them; a citizen whose
  session only remembers an application gets the cached pages);
- a query string of known parameters only, each once and short: unknown or repeated parameters
  and long values are rendered but never stored, so a query string cannot fill the cache.
The key holds the variant (简/繁, 适老化), the host, the local date (pages that show "this
year" or a date change at midnight) and the release (site identity and static file names), so
each variant is cached apart and nothing from before a deployment is served after it.

What is stored (`store`): only a 200 response that sets no cookie and is not private. The reading
tools' forms carry no CSRF token (their views are exempt: a display preference is no secret),
so a page holds nothing personal.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control

from gongkai.core import cache_tags
from gongkai.core.cache_tags import SEARCH, SITE, STRUCTURE
from gongkai.core.conf import gongkai_settings
from gongkai.portal.prefs import wants_large, wants_traditional

_FILTERS = frozenset({"organ", "column", "topic", "genre", "year", "validity", "kind", "area", "q"})
_SEARCH = frozenset(
    {"q", "organ", "column", "topic", "genre", "year", "year_from", "year_to", "validity"}
    | {"sort", "page", "facets"}
)

#: url name (namespace "portal") → the query parameters the page reads. `script` (简/繁 for feed
#: readers) is allowed everywhere.
CACHED_PAGES: dict[str, frozenset[str]] = {
    "home": frozenset(),
    "organs": frozenset(),
    "organ": frozenset(),
    "guide": frozenset(),
    "organ_rss": frozenset(),
    "organ_atom": frozenset(),
    "column": frozenset({"page"}),
    "column_rss": frozenset(),
    "column_atom": frozenset(),
    "browse": _FILTERS | {"page"},
    "policies": frozenset({"validity", "organ", "year", "doc_number", "page"}),
    "site_rss": frozenset(),
    "site_atom": frozenset(),
    "search": _SEARCH,
    "search_json": _SEARCH,
    "search_suggest": frozenset({"q"}),
    "item": frozenset(),
    "item_print": frozenset(),
    "sitemap": frozenset({"p"}),
    "sitemap_page": frozenset(),
}
#: Pages that follow the search index as well; kept a shorter while (`SEARCH_CACHE_SECONDS`),
#: as anyone can ask for new queries.
SEARCH_PAGES = frozenset({"search", "search_json", "search_suggest"})

MAX_QUERY_BYTES = 400
MAX_VALUE_CHARS = 100


@dataclass
class PagePolicy:
    key: str
    timeout: int
    #: What the page depends on unless its view declares narrower tags.
    tags: tuple[str, ...] = ()
    #: Tag → version read before the page was rendered (see `declare`).
    versions: dict[str, str] = field(default_factory=dict)
    narrowed: bool = False


def _query_is_bounded(request: HttpRequest, allowed: frozenset[str]) -> bool:
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_BYTES:
        return False
    for name, values in request.GET.lists():
        if name not in allowed and name != "script":
            return False
        if len(values) != 1 or len(values[0]) > MAX_VALUE_CHARS:
            return False
    return True


@functools.cache
def release() -> str:
    """What a deployment changes on every page: the site identity and the static files' names
    (hashed by the manifest storage), so that a restart after either never serves old pages."""
    from django.templatetags.static import static

    conf = gongkai_settings()
    parts = [
        conf.SITE_NAME, conf.SITE_SPONSOR, conf.SITE_ID_CODE, conf.SITE_ICP, conf.SITE_PSB,
        conf.SITE_CONTACT, conf.TRADITIONAL_VARIANT, static("css/gongkai.css"),
    ]  # fmt: skip
    return hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()[:12]


@functools.lru_cache(maxsize=8192)
def page_name(path_info: str) -> str:
    """The url name of a cacheable portal page at `path_info`, else "". Remembered per path
    (the URL configuration does not change while the process runs; resolving took a fifth of a
    cached page's time), at most 8,192 paths."""
    try:
        match = resolve(path_info)
    except Resolver404:
        return ""
    if match.namespace != "portal" or match.url_name not in CACHED_PAGES:
        return ""
    return str(match.url_name)


_day: tuple[int, str] = (-1, "")


def today() -> str:
    """The local date, computed once a minute (a page's key changes at midnight)."""
    global _day
    minute = int(time.time() // 60)
    if _day[0] != minute:
        _day = (minute, timezone.localdate().isoformat())
    return _day[1]


@receiver(setting_changed, dispatch_uid="gongkai.portal.pagecache.release")
def _forget_release(**kwargs: Any) -> None:
    release.cache_clear()
    page_name.cache_clear()
    LOCAL.clear()


def _personal_session(request: HttpRequest) -> bool:
    """Whether the reader's session holds something a page shows them alone: a signed-in user
    (an official sees pages rendered for them) or messages waiting. A citizen's session after
    applying or looking up a case holds neither, and gets cached pages like everyone else. One
    session read, far cheaper than rendering the page."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(key)
    try:
        return SESSION_KEY in store or "_messages" in store
    except Exception:  # noqa: BLE001 - a session store that fails: render, do not cache
        return True


def policy_for(request: HttpRequest) -> PagePolicy | None:
    """The cache policy of `request`, or None: render it, and do not store it."""
    if request.method not in ("GET", "HEAD") or not gongkai_settings().PAGE_CACHE:
        return None
    cookies = request.COOKIES
    if CookieStorage.cookie_name in cookies or _personal_session(request):
        return None
    name = page_name(request.path_info)
    if not name or not _query_is_bounded(request, CACHED_PAGES[name]):
        return None
    conf = gongkai_settings()
    searching = name in SEARCH_PAGES
    variant = ("hant" if wants_traditional(request) else "hans") + (
        "-large" if wants_large(request) else ""
    )
    raw = "|".join(
        [
            release(),
            request.get_host(),
            variant,
            today(),
            request.path,
            request.META.get("QUERY_STRING", ""),
        ]
    )
    key = "page:" + hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()
    timeout = conf.SEARCH_CACHE_SECONDS if searching else conf.PAGE_CACHE_SECONDS
    tags = (STRUCTURE, SITE, SEARCH) if searching else (STRUCTURE, SITE)
    return PagePolicy(key=key, timeout=timeout, tags=tags)


def item_tag(pk: int) -> str:
    """An item's own page and print view (and the pages of items linked to it)."""
    return f"item:{pk}"


def organ_tag(pk: int) -> str:
    """An organ's catalog pages: its page, columns, 公开指南 and feeds."""
    return f"organ:{pk}"


def declare(request: HttpRequest, *tags: str) -> None:
    """A view's narrower dependencies: the page changes only with these tags (and STRUCTURE),
    not with every public change on the site. Call it before reading the data the tags stand
    for: the versions are read now, so a change that commits during the rendering is a bump
    after this read and makes the stored page a miss."""
    policy: PagePolicy | None = getattr(request, "page_cache", None)
    if policy is None:
        return
    versions = cache_tags.current_versions(tags)
    if versions is None:
        request.page_cache = None  # type: ignore[attr-defined]
        return
    if not policy.narrowed:
        policy.versions = {STRUCTURE: policy.versions[STRUCTURE]}
        policy.narrowed = True
    policy.versions.update(versions)


#: Headers replayed from the cache; the rest (security headers, Date) are added on the way out.
_KEPT = frozenset({"content-type", "content-language", "vary", "x-frame-options", "etag"})


def _storable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


def _etag(body: bytes) -> str:
    return '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'


def _revalidate(response: HttpResponse) -> None:
    # Browsers and proxies may keep the page but must ask again each time (a 304 when the ETag
    # still matches, via ConditionalGetMiddleware): never a stale page from a browser cache.
    patch_cache_control(response, no_cache=True)


def store(policy: PagePolicy, response: HttpResponse) -> None:
    if not _storable(response):
        return
    body = response.content
    response["ETag"] = _etag(body)
    entry = {
        "v": policy.versions,
        "status": response.status_code,
        "headers": [(k, v) for k, v in response.items() if k.lower() in _KEPT],
        "body": body,
    }
    cache_tags.put(policy.key, entry, policy.timeout)
    LOCAL.put(policy.key, entry, time.monotonic() + policy.timeout)
    _revalidate(response)


class LocalEntries:
    """This process's copy of recently served entries, bounded in bytes (oldest out first).

    An entry never changes under its key: what decides whether it may be served is its tag
    versions, which are always read from the shared cache (`still_current`). Keeping the
    entry here only saves reading and unpickling the page body from the shared cache.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[str, tuple[dict[str, Any], float]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            if found[1] < time.monotonic():
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return found[0]

    def put(self, key: str, entry: dict[str, Any], expires: float) -> None:
        size = len(entry["body"])
        if size > self.max_bytes // 8:
            return
        with self.lock:
            if key in self.entries:
                self._drop(key)
            self.entries[key] = (entry, expires)
            self.size += size
            while self.size > self.max_bytes:
                self._drop(next(iter(self.entries)))

    def _drop(self, key: str) -> None:
        entry, _ = self.entries.pop(key)
        self.size -= len(entry["body"])

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


LOCAL = LocalEntries(max_bytes=32 * 1024 * 1024)


def replay(policy: PagePolicy) -> HttpResponse | None:
    entry = LOCAL.get(policy.key)
    if entry is None:
        entry = cache_tags.get(policy.key)
        if not isinstance(entry, dict):
            return None
        LOCAL.put(policy.key, entry, time.monotonic() + policy.timeout)
    if not cache_tags.still_current(entry.get("v") or {}):
        return None
    response = HttpResponse(entry["body"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response["Content-Length"] = str(len(entry["body"]))
    response["X-Gongkai-Cache"] = "hit"
    _revalidate(response)
    return response


class PageCacheMiddleware:
    """Answers cacheable requests from the cache; stores what they render otherwise.

    Sits after WhiteNoise and before the session, CSRF, auth and script middleware, so a hit
    skips all of them and the stored page is the finished (converted) one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        policy = policy_for(request)
        if policy is None:
            return self.get_response(request)
        if (hit := replay(policy)) is not None:
            return hit
        # Versions are read before the page is rendered: a change committed while it renders
        # bumps a version after this read, so what is stored below is already a miss.
        versions = cache_tags.current_versions(policy.tags)
        if versions is None:
            return self.get_response(request)  # the cache is failing: render, store nothing
        policy.versions = versions
        request.page_cache = policy  # type: ignore[attr-defined]
        response = self.get_response(request)
        final: PagePolicy | None = getattr(request, "page_cache", None)
        if final is not None:
            store(final, response)
        return response
