"""`gongkai workcal import|show|versions`: load and inspect the working-day calendar."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from gongkai.core.workcal.calendar import default_calendar
from gongkai.core.workcal.cliutil import ChineseCommand
from gongkai.core.workcal.fileformat import CalendarFileError, parse_csv, parse_yaml
from gongkai.core.workcal.models import CalendarDay, CalendarVersion, CalendarYear
from gongkai.core.workcal.services import calendar_year_import

IMPORT_HELP = """\
导入国务院办公厅节假日安排通知（一个年度替换该年度全部放假日和调休上班日，并生成新的日历版本）。

YAML（.yaml/.yml，可为一个年度，也可为多个年度组成的列表）：
  year: 2027
  status: 已发布通知            # 已发布通知 | 暂定
  notice:
    title: 国务院办公厅关于2027年部分节假日安排的通知
    number: 国办发明电〔2026〕N号
    url: https://www.gov.cn/...
  holidays:                     # 放假日（含放假期间的周末）：名称 → 日期或区间
    元旦: [2027-01-01]
    春节: [2027-02-05..2027-02-11]
  workdays:                     # 调休上班的周六、周日
    春节: [2027-02-13]

CSV（.csv，表头 date,kind,name；kind 为 放假 或 上班；# 开头为注释）：
  date,kind,name
  2027-01-01,放假,元旦
  2027-02-05..2027-02-11,放假,春节
  2027-02-13,上班,春节
CSV 的年份默认取最晚日期的年份，通知信息用 --year/--status/--notice-* 指定。
日期只能在该年度内或上一年12月（次年通知可能调整12月下旬）。"""


class Command(ChineseCommand):
    help = "工作日历：导入（import）、查看（show）、版本（versions）"

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="子命令")
        imp = sub.add_parser("import", help="从 YAML 或 CSV 文件导入", description=IMPORT_HELP)
        imp.formatter_class = argparse.RawDescriptionHelpFormatter
        imp.add_argument("file", help="YAML 或 CSV 文件")
        imp.add_argument("--format", dest="file_format", help="yaml 或 csv（默认按扩展名）")
        imp.add_argument("--year", type=str, help="CSV：年度（默认取最晚日期的年份）")
        imp.add_argument("--status", default="", help="CSV：已发布通知（默认）或 暂定")
        imp.add_argument("--notice-title", default="", help="CSV：通知标题")
        imp.add_argument("--notice-number", default="", help="CSV：通知文号")
        imp.add_argument("--notice-url", default="", help="CSV：通知网址")
        imp.add_argument("--dry-run", action="store_true", help="只检查文件，不写入")
        show = sub.add_parser("show", help="查看某一年度的放假与调休安排，或全部年度概况")
        show.add_argument("year", nargs="?", help="年度，如 2026")
        sub.add_parser("versions", help="列出日历版本")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self._import(options)
        elif action == "show":
            self._show(options.get("year"))
        else:
            for v in CalendarVersion.objects.order_by("-number")[:50]:
                self.stdout.write(f"{v.label}  {v.created_at:%Y-%m-%d %H:%M}  {v.reason}")

    def _import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件 {path}：{exc}") from None
        fmt = (options.get("file_format") or path.suffix.lstrip(".")).lower()
        try:
            if fmt in {"yaml", "yml"}:
                years = parse_yaml(text, name=path.name)
            elif fmt == "csv":
                years = parse_csv(
                    text,
                    name=path.name,
                    year=_int_or_none(options.get("year")),
                    status=options.get("status") or "已发布通知",
                )
                years[0].notice_title = options.get("notice_title") or ""
                years[0].notice_number = options.get("notice_number") or ""
                years[0].notice_url = options.get("notice_url") or ""
            else:
                raise CommandError(
                    f"无法识别的文件格式“{fmt}”，请使用 .yaml 或 .csv，或指定 --format"
                )
        except CalendarFileError as exc:
            raise CommandError(str(exc)) from None
        for data in years:
            summary = (
                f"{data.year}年：放假 {len(data.holidays)} 天，调休上班 {len(data.workdays)} 天"
            )
            if options.get("dry_run"):
                self.stdout.write(f"检查通过（未写入）{summary}")
                continue
            change = calendar_year_import(actor=None, data=data)
            verb = "新版本" if change.created else "内容未变，仍为版本"
            self.stdout.write(f"已导入{summary}；{verb} {change.new_version}")

    def _show(self, year_text: str | None) -> None:
        cal = default_calendar()
        if not year_text:
            self.stdout.write(f"当前日历版本：{cal.version}")
            for each in CalendarYear.objects.order_by("year"):
                self.stdout.write(
                    f"{each.year}  {each.get_status_display()}  {each.notice_number or '-'}  "
                    f"{each.notice_url or each.note or '-'}"
                )
            return
        year = _int_or_none(year_text) or 0
        row = CalendarYear.objects.filter(year=year).first()
        if row is None:
            raise CommandError(f"没有{year_text}年的节假日安排；该年按法定节假日推定（暂定）")
        self.stdout.write(f"{row.year}年（{row.get_status_display()}）{row.notice_title}")
        for day in row.days.order_by("date"):
            kind = "调休上班" if day.kind == CalendarDay.Kind.WORKDAY else "放假"
            self.stdout.write(f"  {day.date.isoformat()}  {kind}  {day.name}")


def _int_or_none(value: str | None) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value))
    except ValueError:
        raise CommandError(f"年份应为数字，而不是“{value}”") from None
