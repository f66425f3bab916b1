"""Chinese error messages for management-command arguments (argparse speaks English)."""

from __future__ import annotations

import re
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

_MESSAGES = [
    (re.compile(r"unrecognized arguments: (.*)"), "无法识别的参数：{0}"),
    (re.compile(r"the following arguments are required: (.*)"), "缺少必需的参数：{0}"),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 需要一个值"),
    (re.compile(r"argument (\S+): expected at least one argument"), "参数 {0} 至少需要一个值"),
    (
        re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
        "参数 {0} 的取值 {1} 无效，可选：{2}",
    ),
    (re.compile(r"ambiguous option: (\S+)"), "参数 {0} 有歧义"),
    (re.compile(r"argument (\S+): ignored explicit argument (.*)"), "参数 {0} 不接受值 {1}"),
]


def chinese_argparse_message(message: str) -> str:
    for pattern, template in _MESSAGES:
        match = pattern.search(message)
        if match:
            return "参数错误：" + template.format(*match.groups())
    return f"参数错误：{message}"


class ChineseCommandParser(CommandParser):
    def error(self, message: str) -> NoReturn:
        text = chinese_argparse_message(message)
        if self.called_from_command_line:
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog}: {text}\n")
        raise CommandError(text)


class ChineseCommand(BaseCommand):
    """A command whose argument errors and failures read in Chinese on the command line.

    Django prints failures as "CommandError: …"; these print "错误：…" and exit with the same code.
    """

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = (
            ChineseCommandParser  # same parser, Chinese `error`; subparsers inherit it
        )
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if not getattr(self, "_called_from_command_line", False) or options.get("traceback"):
                raise
            self.stderr.write(f"错误：{exc}")
            sys.exit(exc.returncode)
