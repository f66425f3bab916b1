"""`gongkai backup [文件]`: the whole instance (database, uploaded files) in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "备份整个实例：数据库全部数据（与数据库类型无关的 JSON 格式）和附件目录，写入一个 "
        ".tar.gz 文件；全文检索索引不在其中，恢复后重建。见 docs/deploy.md。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "output",
            nargs="?",
            help="备份文件路径（默认：当前目录下 gongkai-backup-年月日-时分秒.tar.gz）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["output"] or timezone.localtime().strftime(
            "gongkai-backup-%Y%m%d-%H%M%S.tar.gz"
        )
        output = Path(name)
        try:
            manifest = create_backup(output, log=self.stdout.write)
        except (BackupError, OSError) as exc:
            raise CommandError(f"备份失败：{exc}") from None
        rows = sum(manifest["counts"].values())
        files = len(manifest["files"]) - 1
        self.stdout.write(
            self.style.SUCCESS(f"已备份到 {output.resolve()}（{rows} 行数据，{files} 个文件）。")
        )
