"""`gongkai pagecache`: look at and empty the public pages' cache (portal/pagecache.py).

    gongkai pagecache status          backend and whether it answers
    gongkai pagecache clear           drop every cached page (they are rendered again on demand)
    gongkai pagecache bump TAG …      make the pages naming TAG stale (site, structure, search,
                                      item:42, organ:7)

Nothing here is needed for freshness: changes bump their tags on commit. It is for operators
after a data repair done outside the services, and for the portal benchmark.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core import cache_tags

_TAG = re.compile(r"(site|structure|search|(item|organ):\d+)")


class Command(BaseCommand):
    help = "页面缓存：查看状态、清空、使指定标签的页面失效。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["status", "clear", "bump"])
        parser.add_argument("tags", nargs="*", help="bump 的标签，如 site、item:42")

    def handle(self, *args: Any, **options: Any) -> None:
        action, tags = options["action"], options["tags"]
        conf = settings.CACHES.get(cache_tags.CACHE_ALIAS, settings.CACHES["default"])
        if action == "status":
            answers = cache_tags.current_versions([cache_tags.STRUCTURE]) is not None
            self.stdout.write(
                f"后端：{conf['BACKEND']}  位置：{conf.get('LOCATION', '')}  "
                f"状态：{'正常' if answers else '不可用（页面将不经缓存直接生成）'}"
            )
            return
        if action == "clear":
            store = cache_tags.cache()
            if store is None:
                raise CommandError("页面缓存不可用，未能清空。")
            store.clear()
            self.stdout.write("已清空页面缓存。")
            return
        if not tags:
            raise CommandError("请给出要失效的标签，如：gongkai pagecache bump site")
        bad = [t for t in tags if not _TAG.fullmatch(t)]
        if bad:
            raise CommandError(
                f"无法识别的标签：{'、'.join(bad)}（可用：site、structure、search、item:编号、organ:编号）"
            )
        if not cache_tags.bump(*tags):
            raise CommandError("页面缓存不可用，未能更新。")
        self.stdout.write(f"已使 {len(tags)} 个标签的页面失效。")
