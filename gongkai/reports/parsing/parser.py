"""`parse_report`: a published annual report (HTML or text, any of our encodings) → data + findings.

Result when the input is not an annual report: `format` None, `is_report` False, empty tables and
one finding P0 that says so (the CLI still exits 0). Parser findings use their own rule ids:
P0 not a report / unreadable, P1 figures that cannot be split unambiguously, P2 missing rows
or tables (truncated report), P3 a row whose figures do not fit its columns. The validator's
R1–R8 follow on whatever was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import unquote

from gongkai.reports import definitions as d
from gongkai.reports.definitions import Finding, ReportData, Table
from gongkai.reports.parsing import labels as lb
from gongkai.reports.parsing.decode import UnknownEncoding, decode_bytes
from gongkai.reports.parsing.extract import read_cells
from gongkai.reports.parsing.htmltext import html_to_text, looks_like_html
from gongkai.reports.parsing.legacy import parse_statistics
from gongkai.reports.parsing.normalize import compile_label, normalize_text, strip_page_furniture
from gongkai.reports.parsing.tables import TableResult, parse_table2, parse_table3, parse_table4

_TITLE = re.compile(
    r"(\d{4})\s*年\s*度?\s*的?\s*政府信息公开\s*(?:工作)?\s*(?:年度)?\s*(?:报告|年报)"
)
_PERIOD = re.compile(r"统计(?:期限|时限|区间|时间|周期)[^。]{0,12}?(\d{4})\s*年\s*1\s*月\s*1\s*日")
# Titles that do not read "YYYY年…政府信息公开工作年度报告": "关于2022年度政府信息公开情况的报告",
# "2013年信息公开年度报告", "2011年度信息公开报告", "2020年政府信息公开工作报告".
_LOOSE_TITLE = re.compile(
    r"(\d{4})\s*年\s*度?\s*的?\s*(?:政府|政务)?\s*信息公开\s*(?:工作)?\s*(?:情况)?\s*"
    r"(?:的)?\s*(?:年度)?\s*(?:报告|年报)"
)
# Any sentence giving the statistics period: "数据统计期限为…", "所列数据时间为…", "统计日期自…".
_ANY_PERIOD = re.compile(
    r"(\d{4})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:至|到|—|-|~)\s*"
    r"(?:(\d{4})\s*年\s*)?12\s*月\s*3[01]\s*日"
)
_PUBLISHED_ON = re.compile(
    r"(?:发布时间|发布日期|更新时间|更新日期|公开日期|时间)\s*[:：]\s*(\d{4})\s*[-年./]\s*(\d{1,2})"
)
_YEAR_WORD = re.compile(r"(?<![\d〔\[])((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月\s*\d)")
_URL_YEAR = re.compile(
    r"(?:fbtime=|/)((?:19|20)\d{2})(?:n/|/|&|$)|/t((?:19|20)\d{2})\d{4}_|[a-z]((?:19|20)\d{2})nd"
)
_REPORT_WORDS = re.compile(
    r"(?:政府|政务)?信息公开[^。\n]{0,12}(?:年度)?(?:报告|年报)|本年度报告|本报告|本年报"
)
_OUTLINE = re.compile(
    r"(?m)^\s*一\s*[、.]\s*(?:概述|总体情况|总体概况|总体概述|基本情况|情况概述|主要工作概述|综述|"
    r"政府信息公开(?:总体)?(?:工作)?(?:总体)?情况|年度信息公开总体情况|健全组织)"
)
_SOURCE_LINE = re.compile(r"\A\ufeff?\s*(https?://\S+)[ \t]*\r?\n")
_URL_REPORT = re.compile(r"xxgk|gknb|ndbg|gzbg|信息公开[^/]{0,8}(?:报告|年报)", re.IGNORECASE)
_ORGAN_LEAD = re.compile(
    r"^(?:现(?:将|就|公布|公开)|特向社会公布|向社会公布|发布|公布|由|关于|按照|根据)+"
)
_ORGAN_END = re.compile(
    r"(?:政府|局|委|委员会|办|办公室|厅|部|署|会|院|镇|乡|街道|处|中心|所|站|区|县|市|旗|州|盟|"
    r"管委会|办事处|公司|行|社|馆)$"
)
_ORGAN_JUNK = re.compile(r"[《》()（）\[\]〔〕#_]|号|关于做好|以下简称|编制|[a-zA-Z]{2,}|\d{3,}")
_PUBLISHER = re.compile(r"发布机构\s*[:：|]\s*([^\s|]{2,40})")
_BLOCK1 = re.compile(r"第\s*二十\s*条\s*第\s*[(（]\s*一\s*[)）]\s*项")
_NOTE = re.compile(r"勾\s*稽\s*关\s*系")
_T4 = re.compile(r"行\s*政\s*复\s*议[^\d]{0,300}?结\s*果\s*维\s*持", re.DOTALL)
_STATS = re.compile(r"指\s*标\s*名\s*称")
_STATS_TITLE = re.compile(r"政府信息公开(?:工作)?情况统计表")
_CJK = re.compile(r"[\u4e00-\u9fff]")
NOT_A_REPORT = "不是政府信息公开工作年度报告：没有找到年度报告的标题或统计表格。"


@dataclass
class ParseResult:
    format: str | None
    year: int | None
    organ: str | None
    tables: dict[str, Table] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    source_url: str | None = None
    encoding: str | None = None
    text: str = ""

    @property
    def is_report(self) -> bool:
        return self.format is not None

    def report_data(self) -> ReportData | None:
        if self.format not in ("2021", "2019", "pre2019"):
            return None
        return ReportData(
            format=self.format,  # type: ignore[arg-type]
            year=self.year,
            organ=self.organ,
            tables=self.tables,
            sections=self.sections,
        )

    def as_dict(self) -> dict[str, Any]:
        tables: dict[str, Any] = {"table2": {}, "table3": {}, "table4": {}}
        tables.update({name: _jsonable(t) for name, t in self.tables.items()})
        return {
            "format": self.format,
            "year": self.year,
            "organ": self.organ,
            "is_report": self.is_report,
            "source_url": self.source_url,
            "tables": tables,
            "findings": [f.as_dict() for f in self.findings],
        }


def _jsonable(table: Table) -> dict[str, dict[str, int | float | None]]:
    def num(v: Any) -> int | float | None:
        if isinstance(v, Decimal):
            return int(v) if v == v.to_integral_value() else float(v)
        return v

    return {r: {c: num(v) for c, v in cols.items()} for r, cols in table.items()}


def _not_a_report(message: str, url: str | None, encoding: str | None, text: str) -> ParseResult:
    return ParseResult(
        None, None, None, {}, [Finding("P0", "error", [], message)], {}, url, encoding, text
    )


def parse_report(data: bytes | str, *, url: str | None = None) -> ParseResult:
    encoding: str | None = None
    if isinstance(data, bytes):
        try:
            raw, encoding = decode_bytes(data)
        except UnknownEncoding as exc:
            return _not_a_report(str(exc), url, None, "")
    else:
        raw = data
    text = html_to_text(raw) if looks_like_html(raw) else raw
    first = _SOURCE_LINE.match(text)
    if first:  # a saved copy whose first line is where it came from
        url = url or first.group(1)
        text = text[first.end() :]
    text = strip_page_furniture(normalize_text(text))
    return _parse_text(text, url=url, encoding=encoding, raw=raw)


def _detect_format(text: str) -> str | None:
    score = {
        name: sum(1 for m in marks if compile_label(m).search(text))
        for name, marks in lb.FORMAT_MARKERS.items()
    }
    if score["2021"] or score["2019"]:
        return "2021" if score["2021"] >= score["2019"] else "2019"
    if compile_label(d.TABLE3_ROWS_2019[0].label).search(text):
        return "2019"  # table 三 without table 二 and without the 2021 （六） sub-rows
    if score["pre2019"] >= 2:
        return "pre2019"
    return None


def _clean_organ(name: str | None) -> str | None:
    """The organ's name, or None when what was caught is a phrase and not a name."""
    if not name:
        return None
    name = _ORGAN_LEAD.sub("", name.strip())
    name = re.sub(r"(?:的|编制的|制定的)$", "", name)
    if len(_CJK.findall(name)) < 2 or _ORGAN_JUNK.search(name) or name.startswith(("我", "本")):
        return None
    if not _ORGAN_END.search(name):
        return None
    return name


def _report_year(text: str, url: str | None) -> int | None:
    """The report's year: its title at the top, the statistics period, a title further on (not
    one quoted in 《》), the year the text speaks of most, the publication date, the URL."""
    top = [
        m
        for m in (*_TITLE.finditer(text[:300]), *_LOOSE_TITLE.finditer(text[:300]))
        if text.count("《", 0, m.start()) <= text.count("》", 0, m.start())
    ]
    if top:
        return int(min(top, key=lambda m: m.start()).group(1))
    period = _PERIOD.search(text) or _ANY_PERIOD.search(text)
    if period:
        return int(period.group(1))
    title = _TITLE.search(text) or _LOOSE_TITLE.search(text[:600])
    if title:
        return int(title.group(1))
    counts: dict[int, int] = {}
    body = re.sub(r"《[^》]{0,80}》|〔[^〕]{0,10}〕|\[[^\]]{0,10}\]", " ", text)
    for m in _YEAR_WORD.finditer(body):
        counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
    if counts:
        best = max(counts.values())
        tops = sorted(y for y, n in counts.items() if n == best)
        if best >= 2 or len(counts) == 1:
            return tops[-1] if len(tops) == 1 else tops[0]
    published = _PUBLISHED_ON.search(text[:600])
    if published:
        return int(published.group(1)) - (1 if int(published.group(2)) <= 6 else 0)
    if url:
        decoded = normalize_text(unquote(url))
        title = _TITLE.search(decoded) or _LOOSE_TITLE.search(decoded)
        if title:
            return int(title.group(1))
        hint = _URL_YEAR.search(decoded)
        if hint:
            if hint.group(2):  # /t20220118_…: published early in the next year
                return int(hint.group(2)) - 1
            return int(hint.group(1) or hint.group(3))
    return max(counts) if counts else None


def _year_and_organ(text: str) -> tuple[int | None, str | None]:
    year: int | None = None
    organ: str | None = None
    for m in _TITLE.finditer(text):
        if year is None:
            year = int(m.group(1))
        if int(m.group(1)) != year:
            continue
        before = text[max(0, m.start() - 60) : m.start()]
        name = re.split(r"[\n|:：。，,》《>「」\s]", before)[-1].strip()
        if len(_CJK.findall(name)) >= 2 and not name.endswith(("标题", "名称")):
            organ = name
            break
    if year is None:
        period = _PERIOD.search(text)
        year = int(period.group(1)) if period else None
    organ = _clean_organ(organ)
    if organ is None:
        publisher = _PUBLISHER.search(text)
        organ = _clean_organ(publisher.group(1)) if publisher else None
    return year, organ


def looks_like_report(text: str, url: str | None = None) -> bool:
    """A report without its tables: it says it is a 信息公开 report and has the report's outline."""
    if _TITLE.search(text) or _LOOSE_TITLE.search(text[:600]):
        return True
    if not _OUTLINE.search(text):
        return False
    if _REPORT_WORDS.search(text):
        return True
    if url and _URL_REPORT.search(normalize_text(unquote(url))):
        return True
    # A copy that lost its title and preamble: the outline and the report's own subjects.
    return "依申请公开" in text and len(re.findall(r"(?:政府|政务)信息公开|政务公开", text)) >= 3


def _sections(text: str, spans: list[tuple[int, int]]) -> dict[str, str]:
    masked = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(end, len(masked))):
            masked[i] = " " if masked[i] != "\n" else "\n"
    body = "".join(masked)
    found: list[tuple[str, int, int]] = []
    pos = 0
    for key in d.SECTION_KEYS:
        m = compile_label(*lb.SECTION_ALIASES[key]).search(body, pos)
        if m:
            found.append((key, m.start(), m.end()))
            pos = m.end()
    if not found:
        return {"overview": _squeeze(body)}
    sections: dict[str, str] = {}
    for i, (key, _start, end) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else len(body)
        sections[key] = _squeeze(body[end:stop])
    sections["overview"] = _squeeze(body[: found[0][1]]) + "\n" + sections.get("overview", "")
    return sections


def _squeeze(text: str) -> str:
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def _parse_text(text: str, *, url: str | None, encoding: str | None, raw: str) -> ParseResult:
    fmt_name = _detect_format(text)
    _title_year, organ = _year_and_organ(text)
    year = _report_year(text, url)
    findings: list[Finding] = []
    if fmt_name is None:
        if year is None or not looks_like_report(text, url):
            return _not_a_report(NOT_A_REPORT, url, encoding, raw)
        fmt_name = "pre2019" if year < 2019 else d.format_for_year(year).name
        findings.append(
            Finding(
                "P2", "error", [], "报告中没有找到统计表格（表二、表三、表四），报告可能不完整。"
            )
        )
    tables: dict[str, Table] = {}
    unreadable: set[str] = set()
    spans: list[tuple[int, int]] = []
    if fmt_name == "pre2019":
        titles = list(_STATS_TITLE.finditer(text))
        anchor = _STATS.search(text) or (titles[-1] if titles else None)
        if anchor:
            stats = parse_statistics(text, anchor.start(), len(text), text[: anchor.start()])
            tables["statistics"] = stats.table
            findings.extend(stats.findings)
            unreadable |= stats.unreadable
            spans.append((anchor.start(), len(text)))
    else:
        fmt = d.FORMATS[fmt_name]
        results = _tables(text, fmt, spans)
        for name, res in results.items():
            if res.table:
                tables[name] = res.table
            findings.extend(res.findings)
            unreadable |= res.unreadable
        missing = [name for name in ("table2", "table3", "table4") if name not in tables]
        if missing and len(missing) < 3:
            names = "、".join(
                {"table2": "表二", "table3": "表三", "table4": "表四"}[m] for m in missing
            )
            findings.append(
                Finding("P2", "error", missing, f"没有找到{names}，报告可能被截断或缺少表格。")
            )
    sections = _sections(text, spans)
    result = ParseResult(fmt_name, year, organ, tables, findings, sections, url, encoding, raw)
    report = result.report_data()
    if report is not None:
        from gongkai.reports.validation import validate_report

        for finding in validate_report(report):
            if finding.rule == "R7":
                finding.cells = [c for c in finding.cells if c not in unreadable]
                if not finding.cells:
                    continue
            result.findings.append(finding)
    return result


def _tables(text: str, fmt: d.ReportFormat, spans: list[tuple[int, int]]) -> dict[str, TableResult]:
    out: dict[str, TableResult] = {}
    block = _BLOCK1.search(text)
    note = _NOTE.search(text, block.end() if block else 0)
    first3 = compile_label(fmt.table3_rows[0].label, *lb.TABLE3_ALIASES["new_received"]).search(
        text, note.start() if note else (block.end() if block else 0)
    )
    t3_start = note.start() if note else (first3.start() if first3 else None)
    t4 = _T4.search(text, t3_start if t3_start is not None else (block.end() if block else 0))
    problems = compile_label(*lb.SECTION_ALIASES["problems"]).search(
        text, t4.end() if t4 else (t3_start or 0)
    )
    end_all = problems.start() if problems else len(text)
    first_table = min(
        (m.start() for m in (block, note, first3) if m is not None), default=len(text)
    )
    narrative = text[:first_table] + "\n" + text[end_all:]
    if block:
        t2_end = t3_start if t3_start is not None else (t4.start() if t4 else end_all)
        out["table2"] = parse_table2(text, block.start(), t2_end, fmt, narrative)
        spans.append((block.start(), max(out["table2"].end, block.end())))
    if t3_start is not None:
        t3_end = t4.start() if t4 else end_all
        out["table3"] = parse_table3(text, t3_start, t3_end, fmt, narrative)
        spans.append((t3_start, max(out["table3"].end, t3_start)))
    if t4:
        cells = read_cells(text, t4.start(), end_all)
        if cells.tokens:
            out["table4"] = parse_table4(cells)
            spans.append((t4.start(), cells.end))
    return out
