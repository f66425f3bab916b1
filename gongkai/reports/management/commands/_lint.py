"""`gongkai report lint FILE|DIR`: the 年报体检 on the command line (see report.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from gongkai.reports.parsing.lint import KIND_LABELS, LintResult, lint_report
from gongkai.reports.parsing.lint_batch import (
    BatchError,
    lint_files,
    report_files,
    summary_row,
    write_summary_xlsx,
)
from gongkai.reports.parsing.parser import ParseResult, parse_report


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise CommandError(f"找不到文件“{path}”。")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(f"无法读取文件“{path}”：{exc.strerror or exc}") from None


def handle_lint(options: dict[str, Any], stdout: Any) -> None:
    target = Path(str(options["path"]))
    previous: ParseResult | None = None
    if options.get("previous"):
        previous = parse_report(_read(Path(str(options["previous"]))))
    try:
        if target.is_dir():
            results = lint_files(report_files(target))
        elif target.is_file():
            results = [lint_report(_read(target), previous=previous, name=target.name)]
        else:
            raise CommandError(f"找不到文件或目录“{target}”。")
        if options.get("xlsx"):
            write_summary_xlsx(results, Path(str(options["xlsx"])))
    except BatchError as exc:
        raise CommandError(str(exc)) from None
    summary = [summary_row(r) for r in results]
    if options.get("json"):
        if target.is_dir():
            payload: dict[str, Any] = {
                "summary": summary,
                "reports": [r.as_dict() for r in results],
            }
        else:
            payload = results[0].as_dict()
        stdout.write(json.dumps(payload, ensure_ascii=False))
        return
    for result in results:
        _print(result, stdout)
    if target.is_dir():
        errors = sum(row["errors"] for row in summary)
        warnings = sum(row["warnings"] for row in summary)
        stdout.write(f"共检查{len(results)}份报告：错误{errors}处，提醒{warnings}处。")


def _print(result: LintResult, stdout: Any) -> None:
    p = result.parsed
    if not p.is_report:
        message = result.findings[0].message if result.findings else "不是年度报告。"
        stdout.write(f"{result.name}：{message}")
        return
    stdout.write(
        f"{result.name}：{p.organ or '（未识别机关）'} {p.year or '（未识别年度）'}年度报告，"
        f"错误{len(result.errors)}处，提醒{len(result.warnings)}处，解析存疑{len(result.doubts)}处"
    )
    for kind in ("error", "warning", "doubt"):
        for f in result.of_kind(kind):
            where = f"（“{f.quote[:40]}”）" if f.quote else ""
            stdout.write(f"  [{f.rule} {KIND_LABELS[f.kind]}] {f.message}{where}")
