"""`gongkai demo`: load the fictional city 岚川市 with staff accounts and ~1,700 items: a random
history of 540 and the items that leave no statutory column of any organ empty."""

from __future__ import annotations

import os
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.demo import infographic, vocab
from gongkai.demo.generate import DEFAULT_ITEMS, DEFAULT_SEED, generate
from gongkai.demo.organs import ADMIN_USERNAME, DEMO_PASSWORD
from gongkai.demo.site import write_demo_site_file
from gongkai.orgs.models import Organ

STATE_LABELS = {
    "published": "已发布",
    "withdrawn": "已撤回",
    "filed": "已签发（依申请公开/不予公开）",
    "draft": "草稿",
    "returned": "已退回（草稿）",
    "secrecy_review": "待保密审查",
    "awaiting_approval": "待签发",
    "scheduled": "待定时发布",
}


class Command(BaseCommand):
    help = "生成演示数据（虚构的岚川市：机构、各岗位账号、公开信息）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="数据库中已有机构时不做任何事")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="随机种子（可复现）")
        parser.add_argument(
            "--items",
            type=int,
            default=DEFAULT_ITEMS,
            help=f"随机生成的已公开历史信息条数（默认 {DEFAULT_ITEMS}；各机构法定栏目另补足内容）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["items"] < 1:
            raise CommandError("--items 必须是正整数。")
        if Organ.objects.exists():
            if options["if_empty"]:
                self.stdout.write("数据库中已有机构，跳过演示数据生成。")
                if Organ.objects.filter(name=f"{vocab.CITY}人民政府").exists():
                    self._site_file()  # a demo database from before the site file existed
                self._hint()
                return
            raise CommandError("数据库中已有机构；演示数据只能装入空数据库（或使用 --if-empty）。")
        started = time.monotonic()
        result = generate(seed=options["seed"], items=options["items"])
        elapsed = time.monotonic() - started
        counts = result.counts
        items = "，".join(
            f"{STATE_LABELS.get(k, k)} {v}"
            for k, v in sorted(counts.items())
            if not k.startswith("application") and k != "annual_reports"
        )
        applications = sum(v for k, v in counts.items() if k.startswith("application.status:"))
        outcomes = sum(1 for k in counts if k.startswith("application.outcome:"))
        summary = (
            f"信息：{items}；依申请公开 {applications} 件（覆盖 {outcomes} 种办理结果），"
            f"办理文书 {counts.get('application.letters', 0)} 份；"
            f"年度报告 {counts.get('annual_reports', 0)} 份"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已生成（{elapsed:.1f} 秒）：机构 {len(result.organs)} 个；{summary}。"
            )
        )
        if not infographic.can_draw():
            self.stdout.write(
                self.style.WARNING(
                    "未找到中文字体，“一图读懂”没有生成图片，要点改以文字发布。"
                    f"安装 {infographic.FONT_PACKAGE} 后重新生成演示数据即可。"
                )
            )
        self._logins(result.logins)
        self._site_file()

    def _site_file(self) -> None:
        """The demo city's name, sponsor and 备案 numbers for the header and footer."""
        path, written = write_demo_site_file(os.environ)
        if path is None:
            self.stdout.write(
                "提示：未设置 GONGKAI_SITE_FILE，网站名称和页面底部的主办单位、备案号等未写入"
                "（make run 会设置）。"
            )
        elif written:
            self.stdout.write(f"网站名称、主办单位和备案号等已写入 {path}（重启服务后生效）。")

    def _logins(self, rows: list[tuple[str, str, str]]) -> None:
        featured = {ADMIN_USERNAME} | {f"{key}-" for key in vocab.FEATURED_ORGANS}
        shown = [
            r
            for r in rows
            if r[0] == ADMIN_USERNAME
            or any(r[0].startswith(p) for p in featured if p.endswith("-"))
        ]
        width = max(len(r[0]) for r in shown) + 2
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
        self.stdout.write(f"{'用户名'.ljust(width - 3)}  机构 / 岗位")
        for username, organ, role in shown:
            self.stdout.write(f"{username.ljust(width)}{organ} / {role}")
        others: dict[str, str] = {}
        for username, organ, _role in rows:
            prefix = username.rsplit("-", 1)[0]
            if username != ADMIN_USERNAME and prefix not in vocab.FEATURED_ORGANS:
                others[prefix] = organ
        if others:
            self.stdout.write(
                "其他机构各有同样五个岗位账号：<代号>-editor（采编）、-reviewer（审核）、"
                "-secrecy（保密审查）、-approver（签发）、-admin（公开办管理员）。代号："
            )
            for prefix, organ in others.items():
                self.stdout.write(f"  {prefix.ljust(16)}{organ}")
        self._hint()

    def _hint(self) -> None:
        base = f"http://127.0.0.1:{os.environ.get('PORT') or 8000}"
        self.stdout.write(
            f"后台登录：{base}/office/login/ ；配置管理：{base}/admin/（{ADMIN_USERNAME}）。"
            f"演示数据的账号密码均为 {DEMO_PASSWORD}。"
        )
