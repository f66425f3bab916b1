# ruff: noqa: N999 - the command is named `import` (gongkai import site …, issue 19 §6)
"""`gongkai import site URL|DIR --organ CODE --user NAME [--dry-run] [--column CODE] [--limit N]
[--report FILE] [--json]`: import an old 政务公开 site (issue 19 §6). Thin: parse, call the
service, print the report (text, or JSON with --json; --report FILE writes the JSON too).

Not an offline command (`gongkai/cli.py`): it writes to the database, and even a dry run reads
the organ, its columns and the 主题分类 from it, so it runs with the site's normal settings.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from gongkai.catalog.models import Column
from gongkai.legacy.models import SourceKind
from gongkai.legacy.services.imports import ImportOptions, import_site
from gongkai.legacy.sources import archive_source, http_source
from gongkai.monitor.crawler import normalise_url
from gongkai.orgs.models import Organ


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数：{value}") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"应为正整数：{value}")
    return number


def _organ(value: str) -> Organ:
    query = Q(org_code=value) | Q(credit_code=value)
    if value.isdigit():
        query |= Q(pk=int(value))
    organ = Organ.objects.filter(query).first()
    if organ is None:
        raise CommandError(f"找不到机关：{value}（请填写组织机构代码、统一社会信用代码或编号）。")
    return organ


class Command(BaseCommand):
    help = "导入旧网站（TRS、大汉等）的政务公开信息：读取信息公开表头，建为目录信息。"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["site"], help="导入对象（目前只有 site）")
        parser.add_argument("source", help="旧网站地址（http/https），或保存的网站文件夹")
        parser.add_argument("--organ", required=True, help="导入到哪个机关（代码或编号）")
        parser.add_argument("--user", default="", help="导入人（用户名；试导入可不填）")
        parser.add_argument("--dry-run", action="store_true", help="只读取并出报告，不写入")
        parser.add_argument("--column", default="", help="全部导入到这个栏目（栏目代码）")
        parser.add_argument("--limit", type=_positive, default=None, help="最多处理几个信息页面")
        parser.add_argument("--max-pages", type=_positive, default=500, help="最多抓取页数")
        parser.add_argument("--max-depth", type=_positive, default=6, help="最大抓取层级")
        parser.add_argument("--base-url", default="", help="文件夹对应的旧网站地址（用于跳转）")
        parser.add_argument("--report", default="", help="把报告（JSON）写入这个文件")
        parser.add_argument("--json", action="store_true", help="在标准输出打印 JSON 报告")

    def handle(self, *args: Any, **options: Any) -> None:
        organ = _organ(options["organ"])
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"找不到用户：{options['user']}")
        elif not options["dry_run"]:
            raise CommandError("正式导入须用 --user 指定导入人（本机关的公开办管理员）。")
        column = None
        if options["column"]:
            column = Column.objects.filter(organ=organ, code=options["column"]).first()
            if column is None:
                raise CommandError(f"该机关没有代码为“{options['column']}”的栏目。")
        raw = options["source"]
        if raw.startswith(("http://", "https://")):
            label, kind = normalise_url(raw), SourceKind.HTTP
            source = http_source(
                label, max_pages=options["max_pages"], max_depth=options["max_depth"]
            )
        else:
            folder = Path(raw)
            if not folder.is_dir():
                raise CommandError(f"不是网址，也不是文件夹：{raw}")
            label, kind = str(folder.resolve()), SourceKind.ARCHIVE
            source = archive_source(
                folder, base_url=options["base_url"], max_pages=options["max_pages"]
            )
        run_options = ImportOptions(
            source_label=label,
            source_kind=kind,
            column=column,
            dry_run=options["dry_run"],
            limit=options["limit"],
        )
        try:
            report = import_site(actor=actor, organ=organ, source=source, options=run_options)
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError("；".join(messages)) from None
        if options["report"]:
            Path(options["report"]).write_text(report.to_json_text(), encoding="utf-8")
        self.stdout.write(report.to_json_text() if options["json"] else report.as_text())
