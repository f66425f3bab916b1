"""年报体检, the domain checks (rule L9) and the comparison with last year's report: what a
report of its level cannot say (a 乡镇 making 规章), narratives that do not add up, sections and
tables announced but missing, cumulative counters that went down."""

from __future__ import annotations

import re

from gongkai.reports.parsing.lint_findings import (
    _TOWNSHIP,
    _TOWNSHIP_SELF,
    LintFinding,
    _sentence_at,
)
from gongkai.reports.parsing.parser import ParseResult

_SECTIONS_SAID = re.compile(
    r"(?:全文|报告|本报告|年报|内容)[^。]{0,220}?(?:共|等|计)?\s*"
    r"([一二三四五六七八九十]|[1-9])\s*(?:个|大)?\s*(?:部分|项内容)"
)
_HEADING = re.compile(r"(?m)^[ \t]*([一二三四五六七八九十])\s*[、.]\s*\S")
_CN_DIGITS = "一二三四五六七八九十"
_CN = {c: i for i, c in enumerate(_CN_DIGITS, start=1)}
_RECEIVED = re.compile(
    r"(?:新收到?|收到|受理)[^，。；,;\d]{0,16}?申请[^，。；,;\d]{0,10}?(?:共|数)?\s*(\d+)\s*件"
)
_CARRIED_OVER = re.compile(
    r"(?:上一?年度?(?:结转|转结)[^，。；,;\d]{0,10}?|(?:结转|转结)上一?年度?[^，。；,;\d]{0,10}?)(\d+)\s*件"
)
_DONE = re.compile(r"(?:办结|答复|办理完成|作出答复)[^，。；,;\d（(]{0,16}?(\d+)\s*件")
_CARRIED_FORWARD = re.compile(
    r"(?:(?:结转|转结)(?:至|到)?下一?年度?[^，。；,;\d]{0,10}?(\d+)\s*件|(\d+)\s*件[^，。；,;\d]{0,8}?(?:结转|转结)(?:至|到)?下一?年)"
)


def _domain(parsed: ParseResult, text: str) -> list[LintFinding]:
    out: list[LintFinding] = []
    organ = parsed.organ or ""
    # 乡镇、街道 cannot make 规章 (《立法法》: 规章 are made by ministries and by provincial or
    # districted-city governments).
    regs = parsed.tables.get("table2", {}).get("regulations", {})
    made = [(c, v) for c, v in regs.items() if c in ("issued", "new_made", "new_published") and v]
    if made and (_TOWNSHIP.search(organ) or _TOWNSHIP_SELF.search(text[:3000])):
        out.append(
            LintFinding(
                "L9",
                "error",
                [f"table2.regulations.{c}" for c, _ in made],
                f"乡镇（街道）不能制定规章，表二“规章”却填了{made[0][1]}件；"
                "规范性文件应填在“行政规范性文件”一行。",
            )
        )
    out += _section_count(text)
    out += _narrative_balance(text)
    out += _missing_tables(parsed, text)
    return out


def _section_count(text: str) -> list[LintFinding]:
    m = _SECTIONS_SAID.search(text[:1500])
    if not m:
        return []
    said = _CN.get(m.group(1)) or int(m.group(1))
    present = {_CN[h.group(1)] for h in _HEADING.finditer(text)}
    if not present or max(present) <= said:
        return []
    quote, start = _sentence_at(text, m.start())
    return [
        LintFinding(
            "L9",
            "error",
            [],
            f"开头说全文共{m.group(1)}个部分，正文却有第{_CN_DIGITS[max(present) - 1]}部分。",
            quote[:80],
            start,
        )
    ]


def _narrative_balance(text: str) -> list[LintFinding]:
    """新收 + 上年结转 = 办结 + 结转下年, as the text states them in one paragraph."""
    out: list[LintFinding] = []
    for para in re.finditer(r"[^\n]+", text):
        p = para.group(0)
        if "申请" not in p:
            continue
        a = _RECEIVED.search(p)
        c = _DONE.search(p)
        if not a or not c or re.search(r"复议|诉讼", a.group(0) + c.group(0)):
            continue
        b = _CARRIED_OVER.search(p)
        e = _CARRIED_FORWARD.search(p)
        received, done = int(a.group(1)), int(c.group(1))
        if b and e:
            over = int(b.group(1))
            forward = int(e.group(1) or e.group(2))
            if received + over != done + forward:
                quote, start = _sentence_at(text, para.start() + a.start())
                out.append(
                    LintFinding(
                        "L9",
                        "error",
                        [],
                        f"正文中的申请数对不上：新收{received}件+上年结转{over}件"
                        f"={received + over}件，"
                        f"而办结{done}件+结转下年度{forward}件={done + forward}件。",
                        quote[:80],
                        start,
                    )
                )
        elif not b and not e and not re.search(r"结转|转结|上年|含", p) and done > received:
            quote, start = _sentence_at(text, para.start() + c.start())
            out.append(
                LintFinding(
                    "L9",
                    "error",
                    [],
                    f"正文说办结{done}件，多于受理的{received}件，又没有上年结转的申请。",
                    quote[:80],
                    start,
                )
            )
    return out


_T_HEADINGS = {
    "table2": (r"二\s*[、.]\s*主动公开", r"三\s*[、.]\s*收到和处理"),
    "table3": (
        r"三\s*[、.]\s*收到和处理",
        r"四\s*[、.]\s*(?:政府信息公开)?(?:行政复议|因政府信息公开)",
    ),
    "table4": (
        r"四\s*[、.]\s*(?:政府信息公开)?(?:行政复议|因政府信息公开)",
        r"五\s*[、.]\s*\S*问题",
    ),
}


_TABLE_WORDS = re.compile(
    r"信息内容|本年制发|本年新制作|处理决定|申请人情况|本年新收|结果维持|尚未审结|\|\s*\d"
)


def _missing_tables(parsed: ParseResult, text: str) -> list[LintFinding]:
    """A section heading followed by the next heading, with no table between them."""
    if parsed.format not in ("2019", "2021"):
        return []
    out = []
    names = {
        "table2": "表二（主动公开）",
        "table3": "表三（收到和处理申请）",
        "table4": "表四（复议诉讼）",
    }
    for table, (here, after) in _T_HEADINGS.items():
        if parsed.tables.get(table):
            continue
        h = re.search(rf"(?m)^[ \t]*{here}", text)
        n = re.compile(rf"(?m)^[ \t]*{after}").search(text, h.end()) if h else None
        if h and n and not _TABLE_WORDS.search(text, h.end(), n.start()):
            out.append(
                LintFinding(
                    "L9",
                    "error",
                    [table],
                    f"“{h.group(0).strip()}”部分下没有{names[table]}：格式要求的表格缺失。",
                    h.group(0).strip(),
                    h.start() + len(h.group(0)) - len(h.group(0).lstrip()),
                )
            )
    return out


def _against_previous(parsed: ParseResult, previous: ParseResult) -> list[LintFinding]:
    from gongkai.reports.validation import validate_report

    now, before = parsed.report_data(), previous.report_data()
    if now is None or before is None:
        return []
    got = [f for f in validate_report(now, previous=before) if f.rule == "R8"]
    already = {(f.rule, f.message) for f in parsed.findings}
    return [
        LintFinding(f.rule, "error" if f.severity == "error" else "warning", f.cells, f.message)
        for f in got
        if (f.rule, f.message) not in already
    ]
