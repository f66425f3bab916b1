"""`gongkai deadline`: the 依申请公开 deadline engine on the command line.

Keep this contract exactly (acceptance checks call it):

gongkai deadline --received YYYY-MM-DD [--channel in_person|post_signed|post_ordinary|online|fax]
    [--confirmed YYYY-MM-DD] [--correction-received YYYY-MM-DD] [--extended]
    [--consultation SENT:REPLIED ...] --json
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from django.core.management.base import CommandError

from gongkai.applications.deadlines import (
    CHANNEL_PHRASES,
    Channel,
    Consultation,
    ConsultationKind,
    DeadlineInput,
    DeadlineInputError,
    check_extension,
    compute_deadlines,
)
from gongkai.core.workcal.calendar import format_date
from gongkai.core.workcal.cliutil import ChineseCommand

HELP = """\
计算依申请公开的各项期限（《政府信息公开条例》第三十条至第三十五条）。

收到申请之日按第三十一条确定：in_person（当面）为提交之日；post_signed（挂号信等需签收的邮寄）为签收之日；
post_ordinary（平常信函）、online（互联网）、fax（传真）为确认之日，用 --confirmed 给出；
不给出时按收到当日确认计算（第三十一条要求平常信函于收到当日确认），
结果中 assumed_confirmation 为 true；当面提交和 post_signed 不接受 --confirmed。
工作日从收到之日的次日起算，调休上班日计为工作日。--consultation 的 SENT:REPLIED 为发出征求意见书和
收到意见的日期；尚未收到意见写 SENT:（按15个工作日的意见期限届满计算）。"""


class Command(ChineseCommand):
    help = HELP
    # A calculator: it reports calendar gaps itself (`provisional`), so it runs no system checks.
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--received", help="收到（提交、签收）日期 YYYY-MM-DD，必填")
        parser.add_argument(
            "--channel",
            default=Channel.IN_PERSON.value,
            help="提交渠道：in_person|post_signed|post_ordinary|online|fax（默认 in_person）",
        )
        parser.add_argument("--confirmed", help="确认日期（平常信函、互联网、传真）")
        parser.add_argument("--correction-received", help="收到补正申请的日期；答复期限自该日起算")
        parser.add_argument("--extended", action="store_true", help="经批准延长答复期限20个工作日")
        parser.add_argument(
            "--extension-days", type=str, default="20", help="延长的工作日数（1—20，默认20）"
        )
        parser.add_argument(
            "--consultation",
            action="extend",
            nargs="+",
            default=[],
            metavar="SENT:REPLIED",
            help="征求第三方意见（第三十二条）：发出日:收到意见日",
        )
        parser.add_argument(
            "--agency-consultation",
            action="extend",
            nargs="+",
            default=[],
            metavar="SENT:REPLIED",
            help="征求其他机关意见（第三十四条）：发出日:收到意见日",
        )
        parser.add_argument("--delayed-until", help="第三十五条确定的延迟答复日期")
        parser.add_argument("--fee-notice", help="发出收费通知的日期")
        parser.add_argument("--fee-paid", help="缴费日期")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        inp = self._input(options)
        try:
            result = compute_deadlines(inp)
        except (DeadlineInputError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"答复期限：{format_date(result.answer_due)}"
            + ("（暂定）" if result.provisional else "")
        )
        for sentence in result.explanation:
            self.stdout.write(f"- {sentence}")

    def _input(self, options: dict[str, Any]) -> DeadlineInput:
        if not options.get("received"):
            raise CommandError("缺少收到日期：请用 --received YYYY-MM-DD 给出")
        channel_text = (options.get("channel") or "").strip()
        try:
            channel = Channel(channel_text)
        except ValueError:
            known = "、".join(f"{c.value}（{CHANNEL_PHRASES[c]}）" for c in Channel)
            raise CommandError(f"未知的提交渠道“{channel_text}”，可选：{known}") from None
        try:
            extension = int(options.get("extension_days") or "20")
        except ValueError:
            raise CommandError("--extension-days 应为1—20的整数") from None
        try:
            check_extension(extended_before=False, days=extension)
        except DeadlineInputError as exc:
            raise CommandError(str(exc)) from None
        consultations = [
            _consultation(v, ConsultationKind.THIRD_PARTY) for v in options["consultation"]
        ] + [_consultation(v, ConsultationKind.AGENCY) for v in options["agency_consultation"]]
        return DeadlineInput(
            received=_date(options["received"], "--received"),
            channel=channel,
            confirmed=_date_or_none(options.get("confirmed"), "--confirmed"),
            correction_received=_date_or_none(
                options.get("correction_received"), "--correction-received"
            ),
            extended=bool(options.get("extended")),
            extension_working_days=extension,
            consultations=tuple(consultations),
            delayed_until=_date_or_none(options.get("delayed_until"), "--delayed-until"),
            fee_notice=_date_or_none(options.get("fee_notice"), "--fee-notice"),
            fee_paid=_date_or_none(options.get("fee_paid"), "--fee-paid"),
        )


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise CommandError(f"{option} 的日期“{text}”无效，应为 YYYY-MM-DD") from None


def _date_or_none(text: str | None, option: str) -> date | None:
    return None if text in (None, "") else _date(str(text), option)


def _consultation(text: str, kind: ConsultationKind) -> Consultation:
    sent_text, sep, replied_text = str(text).partition(":")
    if not sent_text.strip():
        raise CommandError(f"征求意见“{text}”应写成 发出日期:收到意见日期（YYYY-MM-DD:YYYY-MM-DD）")
    sent = _date(sent_text, "--consultation")
    replied = _date(replied_text, "--consultation") if sep and replied_text.strip() else None
    if replied is not None and replied < sent:
        raise CommandError(
            f"收到意见的日期{format_date(replied)}早于发出征求意见书的日期{format_date(sent)}"
        )
    return Consultation(sent=sent, replied=replied, kind=kind)
