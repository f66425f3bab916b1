"""`gongkai search reindex|verify|query`: maintain and try the full-text index.

gongkai search reindex [--resume] [--batch N]   rebuild from the catalog (progress bar, resumable)
gongkai search verify [--dry-run]               find missing/stale/extra entries and fix them
gongkai search query "…" [--json] [--organ ID] [--year Y] [--sort date] [--page N]
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.search.handler import get_backend
from gongkai.search.selectors import parse_filters, parse_sort, search_items
from gongkai.search.services import reindex, verify


class Command(BaseCommand):
    help = "全文检索索引：reindex 重建、verify 核对修复、query 试检索。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{reindex,verify,query}")
        p = sub.add_parser("reindex", help="从公开目录重建索引（可断点续建）")
        p.add_argument("--resume", action="store_true", help="从上次中断处继续")
        p.add_argument("--batch", type=int, default=500, help="每批条数（每批提交一次）")
        p = sub.add_parser("verify", help="找出索引中缺失、过期或多余的条目并修复")
        p.add_argument("--dry-run", action="store_true", help="只报告，不修复")
        p = sub.add_parser("query", help="试检索")
        p.add_argument("text", help="检索词")
        p.add_argument("--json", action="store_true", help="输出 JSON")
        p.add_argument("--organ", type=int)
        p.add_argument("--year", type=int)
        p.add_argument("--sort", choices=["relevance", "date"], default="relevance")
        p.add_argument("--page", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "reindex":
            self._reindex(options)
        elif action == "verify":
            self._verify(options)
        else:
            self._query(options)

    # ------------------------------------------------------------ reindex
    def _reindex(self, options: dict[str, Any]) -> None:
        backend = get_backend()
        started = time.monotonic()
        tty = sys.stdout.isatty()

        def progress(done: int, total: int) -> None:
            elapsed = max(time.monotonic() - started, 1e-6)
            width = 30
            filled = int(width * done / total) if total else width
            bar = "#" * filled + "-" * (width - filled)
            line = f"[{bar}] {done}/{total} 条，{done / elapsed:.0f} 条/秒"
            if tty:
                self.stdout.write("\r" + line, ending="")
                self.stdout.flush()
            elif done == total or done % (options["batch"] * 20) == 0:
                self.stdout.write(line)

        if options["batch"] < 1:
            raise CommandError("--batch 必须是正整数。")
        try:
            report = reindex(
                backend, resume=options["resume"], batch=options["batch"], progress=progress
            )
        except KeyboardInterrupt:
            self.stdout.write("")
            raise CommandError(
                "已中断；已提交的批次保留在索引中，用 gongkai search reindex --resume 继续。"
            ) from None
        if tty:
            self.stdout.write("")
        resumed = f"（从编号 {report.resumed_after} 之后继续）" if report.resumed_after else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"重建完成{resumed}：后端 {backend.name}，索引 {report.indexed} 条，"
                f"移除 {report.removed} 条，用时 {report.seconds:.1f} 秒，"
                f"{report.docs_per_s:.0f} 条/秒；索引现有 {backend.count()} 条。"
            )
        )

    # ------------------------------------------------------------ verify
    def _verify(self, options: dict[str, Any]) -> None:
        backend = get_backend()
        report = verify(backend, fix=not options["dry_run"])

        def ids(values: list[int]) -> str:
            head = "、".join(map(str, values[:20]))
            return head + ("…" if len(values) > 20 else "")

        self.stdout.write(
            f"缺失 {len(report.missing)} 条，过期 {len(report.stale)} 条，"
            f"多余（已不公开）{len(report.extra)} 条。"
        )
        for label, values in (
            ("缺失", report.missing),
            ("过期", report.stale),
            ("多余", report.extra),
        ):
            if values:
                self.stdout.write(f"  {label}：{ids(values)}")
        if report.ok:
            self.stdout.write(self.style.SUCCESS("索引与公开目录一致。"))
        elif report.fixed:
            self.stdout.write(self.style.SUCCESS("已全部修复。"))
        else:
            self.stdout.write(self.style.WARNING("未修复（--dry-run）。"))

    # ------------------------------------------------------------ query
    def _query(self, options: dict[str, Any]) -> None:
        params: dict[str, Any] = {}
        if options["organ"]:
            params["organ"] = options["organ"]
        if options["year"]:
            params["year"] = options["year"]
        started = time.monotonic()
        r = search_items(
            options["text"],
            filters=parse_filters(params),
            sort=parse_sort(options["sort"]),
            page=options["page"],
            facets=False,
        )
        ms = (time.monotonic() - started) * 1000
        if options["json"]:
            data = {
                "query": r.query.text,
                "total": r.total,
                "page": r.page,
                "num_pages": r.num_pages,
                "relaxed": r.relaxed,
                "took_ms": round(ms, 1),
                "results": [
                    {
                        "id": res.item.pk,
                        "title": res.item.title,
                        "doc_number": res.item.doc_number,
                        "index_number": res.item.index_number,
                        "organ": res.item.organ.name,
                        "published_at": (
                            res.item.published_at.isoformat() if res.item.published_at else None
                        ),
                        "exact": res.exact,
                        "url": res.item.get_absolute_url(),
                    }
                    for res in r.results
                ],
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        for notice in r.notices:
            self.stdout.write(notice)
        if r.query.empty:
            self.stdout.write("检索词为空。")
            return
        note = "（未找到同时包含全部检索词的结果，以下为部分匹配）" if r.relaxed else ""
        self.stdout.write(
            f"共 {r.total} 条，第 {r.page}/{max(r.num_pages, 1)} 页，{ms:.0f} 毫秒{note}"
        )
        start = (r.page - 1) * 20
        for n, res in enumerate(r.results, start + 1):
            extra = f"  {res.item.doc_number}" if res.item.doc_number else ""
            self.stdout.write(f"{n:>4}. [{res.item.pk}] {res.item.title}{extra}")
