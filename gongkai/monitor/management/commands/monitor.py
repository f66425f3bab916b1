"""`gongkai monitor check-page FILE [--url URL] --json`, `gongkai monitor scan URL [--max-pages N]
--json`, `gongkai monitor run` (the daily runs), `gongkai monitor probe` (availability probes).

The first two are the contract of issue 17 §6: one JSON object on stdout; the progress bar
goes to stderr.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.monitor.crawler import CrawlConfig, normalise_url
from gongkai.monitor.detect.classify import VERDICT_LABELS, check_page
from gongkai.monitor.detect.text import decode
from gongkai.monitor.inspect import Inspection, SiteReport
from gongkai.monitor.models import Site, Trigger
from gongkai.monitor.services.runs import probe_due_sites, run_due_sites, run_site, scan
from gongkai.monitor.services.sites import clean_url

MAX_FILE_BYTES = 20_000_000


def _positive(value: str) -> int:
    import argparse

    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数：{value}") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"应为正整数：{value}")
    return number


class Command(BaseCommand):
    help = (
        "网站监管：检查一个保存的页面（check-page）、抓取检查一个网站（scan）、"
        "每日监测（run）、可用性探测（probe）。"
    )
    # The JSON on stdout is read by scripts; the project's system checks (the calendar of next
    # year's holidays …) concern the web site, not a page check, and `gongkai check` runs them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{check-page,scan,run,probe}"
        )
        page = sub.add_parser(
            "check-page", help="判断一个保存的页面（HTML 或文本）是否被篡改、注入垃圾信息"
        )
        page.add_argument("file", help="页面文件")
        page.add_argument("--url", default="", help="页面原来的网址（判断站外链接、冒用域名）")
        page.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
        site = sub.add_parser("scan", help="抓取并检查一个网站，输出监测报告")
        site.add_argument("url", help="网站首页地址")
        site.add_argument("--max-pages", type=_positive, default=None, help="最多抓取页数")
        site.add_argument("--max-depth", type=_positive, default=None, help="最大层级")
        site.add_argument("--concurrency", type=_positive, default=None, help="并发请求数")
        site.add_argument("--rate", type=float, default=None, help="每个主机每秒最多请求数")
        site.add_argument("--no-external", action="store_true", help="不检查站外链接（内网环境）")
        site.add_argument("--today", default="", help="按该日期判断（YYYY-MM-DD，默认今天）")
        site.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
        site.add_argument(
            "--progress", action="store_true", help="总是显示进度（默认仅在终端中显示）"
        )
        run = sub.add_parser("run", help="每日监测：检查已登记的网站（每个网站每天一次）")
        run.add_argument("--site", type=_positive, default=None, help="只检查这个网站（编号）")
        sub.add_parser("probe", help="可用性探测：探测已登记网站的首页")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "check-page":
            self._check_page(options)
        elif action == "scan":
            self._scan(options)
        elif action == "run":
            self._run(options)
        else:
            ids = probe_due_sites()
            self.stdout.write(f"已探测 {len(ids)} 个网站。")

    # ---- check-page ---------------------------------------------------------------------------

    def _check_page(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        if not path.is_file():
            raise CommandError(f"不是文件：{path}")
        try:
            with path.open("rb") as fh:
                raw = fh.read(MAX_FILE_BYTES)
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}") from None
        url = options["url"].strip()
        if url and not url.lower().startswith(("http://", "https://")):
            raise CommandError("--url 应以 http:// 或 https:// 开头。")
        text, encoding = decode(raw)
        verdict = check_page(text, url=normalise_url(url) if url else "")
        result = {**verdict.as_dict(), "file": str(path), "encoding": encoding, "url": url}
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(f"{path}：{VERDICT_LABELS[verdict.verdict]}（{verdict.verdict}）")
        for f in verdict.findings:
            self.stdout.write(f"  [{f.severity}] {f.check}：{f.evidence}")

    # ---- scan ---------------------------------------------------------------------------------

    def _scan(self, options: dict[str, Any]) -> None:
        try:
            url = clean_url(options["url"], label="网址")
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        today = timezone.localdate()
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD，例如 2026-03-02。") from None
        if options["rate"] is not None and options["rate"] <= 0:
            raise CommandError("--rate 应为正数。")
        config = CrawlConfig.from_data(
            max_pages=options["max_pages"],
            max_depth=options["max_depth"],
            concurrency=options["concurrency"],
            per_host_per_second=options["rate"],
        )
        if options["no_external"]:
            config.check_external = False
        show = options["progress"] or sys.stderr.isatty()
        progress = self._progress if show else None
        site = Site.objects.filter(base_url=url).first()
        if site is not None:
            if options["max_pages"] is None:
                config.max_pages = site.max_pages
            _run, report = run_site(
                site=site, trigger=Trigger.COMMAND, today=today, resume=False, config=config,
                progress=progress,
            )  # fmt: skip
        else:
            report = scan(
                url,
                inspection=Inspection(base_url=url, today=today),
                config=config,
                progress=progress,
            )
        if show:
            sys.stderr.write("\n")
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self._print_report(report)

    def _progress(self, done: int, total: int) -> None:
        total = max(total, done, 1)
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r抓取 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()

    def _print_report(self, report: SiteReport) -> None:
        data = report.as_dict()
        self.stdout.write(f"{report.url}：{data['verdict']}（{report.verdict_text}）")
        self.stdout.write(
            f"抓取页面 {report.pages} 个；得分：{report.score if report.score is not None else '—'}"
        )
        for f in report.findings:
            if f.severity in ("high", "medium"):
                self.stdout.write(f"  [{f.severity}] {f.check}：{f.evidence} {f.url}")

    # ---- run ----------------------------------------------------------------------------------

    def _run(self, options: dict[str, Any]) -> None:
        if options["site"]:
            site = Site.objects.filter(pk=options["site"]).first()
            if site is None:
                raise CommandError(f"没有编号为 {options['site']} 的监测网站。")
            _run, report = run_site(site=site, trigger=Trigger.COMMAND)
            self.stdout.write(f"{site.name}：{report.verdict_text}")
            return
        ids = run_due_sites()
        self.stdout.write(f"已检查 {len(ids)} 个网站。")
