"""`gongkai restore 文件`: a `gongkai backup` archive into an empty instance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "从 gongkai backup 生成的备份文件恢复到一个空实例（新建的空数据库，空的附件目录）："
        "先执行数据库迁移，校验备份文件，再在一个事务中载入全部数据并放回附件，最后重建"
        "全文检索索引。已有数据的实例一律拒绝，不做合并。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="备份文件（.tar.gz）")
        parser.add_argument(
            "--no-reindex",
            action="store_true",
            help="不重建全文检索索引（稍后自行执行 gongkai search reindex）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # An empty database gets its tables first (nothing happens on a migrated one).
        call_command("migrate", interactive=False, verbosity=0)
        try:
            result = restore_backup(Path(options["archive"]), log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if not options["no_reindex"]:
            self.stdout.write("正在重建全文检索索引……")
            try:
                call_command("search", "reindex", verbosity=0)
            # The data is restored whatever goes wrong here; the index can be rebuilt later.
            except Exception as exc:  # noqa: BLE001 - reported, the restore itself succeeded
                self.stderr.write(
                    f"数据已恢复，但全文检索索引重建失败（{exc}）；"
                    "请稍后执行 gongkai search reindex。"
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：{result.rows} 行数据，{result.media_files} 个文件。"
                "请让工作人员重新登录（会话不在备份中）。"
            )
        )
