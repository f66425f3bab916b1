"""年报体检: checking a published annual report, for a 公开办 reviewing its subtree's reports.

`lint_report` reads a report with `parse_report` and sorts what it finds into three kinds:

- ``error``: the report itself is wrong (figures that do not add up, blank cells, the superseded
  tables, template text left in, …);
- ``warning``: something an officer should look at (the text and the tables disagree, a plan
  dated to the report's own year);
- ``doubt``: the parser is unsure (figures it cannot split, rows or tables it did not find in a
  copy that may be cut). A doubt never says the report is wrong and is shown apart.

Each finding keeps its rule id, the cells or the sentence it is about (``quote``, with its
``start`` offset in the checked text) and a Chinese message. Rule ids: the parser's P0–P3 and the
validator's R1–R8 as they are, plus L2–L9 for the checks added here (numbered after the failure
patterns they answer; see ``RULES``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from gongkai.reports.definitions import Finding, Number
from gongkai.reports.parsing.htmltext import html_to_text, looks_like_html
from gongkai.reports.parsing.lint_domain import _against_previous, _domain
from gongkai.reports.parsing.lint_findings import (
    _SENTENCE,
    _TOWNSHIP,
    _TOWNSHIP_SELF,
    Kind,
    LintFinding,
    _sentence_at,
)
from gongkai.reports.parsing.normalize import normalize_text, strip_page_furniture
from gongkai.reports.parsing.parser import ParseResult, parse_report

KIND_LABELS: dict[str, str] = {"error": "错误", "warning": "提醒", "doubt": "解析存疑"}

RULES: dict[str, str] = {
    "L2": "未能识别报告年度",
    "L3": "正文合并类别与表格合计不符",
    "L5": "使用了已废止的格式",
    "L6": "改进计划的年份写成了报告年度",
    "L7": "模板残留、占位符或沿用其他单位、其他年度的文字",
    "L8": "未能识别报告机关",
    "L9": "不合常理的数字或结构",
}


@dataclass
class LintResult:
    parsed: ParseResult
    findings: list[LintFinding] = field(default_factory=list)
    text: str = ""  # the checked (normalised) text the offsets point into
    name: str = ""

    def of_kind(self, kind: Kind) -> list[LintFinding]:
        return [f for f in self.findings if f.kind == kind]

    @property
    def errors(self) -> list[LintFinding]:
        return self.of_kind("error")

    @property
    def warnings(self) -> list[LintFinding]:
        return self.of_kind("warning")

    @property
    def doubts(self) -> list[LintFinding]:
        return self.of_kind("doubt")

    def summary(self) -> dict[str, Any]:
        p = self.parsed
        return {
            "report": self.name,
            "organ": p.organ,
            "year": p.year,
            "format": p.format,
            "is_report": p.is_report,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "doubts": len(self.doubts),
        }

    def as_dict(self) -> dict[str, Any]:
        out = self.parsed.as_dict()
        out["report"] = self.name
        out["findings"] = [f.as_dict() for f in self.findings]
        out["summary"] = self.summary()
        return out


def checked_text(raw: str) -> str:
    """The text the parser reads (HTML → text, 繁→简, NFKC, no page furniture)."""
    text = html_to_text(raw) if looks_like_html(raw) else raw
    first = re.match(r"\A\ufeff?\s*https?://\S+[ \t]*\r?\n", text)
    if first:
        text = text[first.end() :]
    return strip_page_furniture(normalize_text(text))


def lint_report(
    data: bytes | str,
    *,
    url: str | None = None,
    previous: ParseResult | None = None,
    name: str = "",
) -> LintResult:
    return lint_result(parse_report(data, url=url), previous=previous, name=name)


def lint_result(
    parsed: ParseResult, *, previous: ParseResult | None = None, name: str = ""
) -> LintResult:
    """The checks on a report already parsed (the check page parses once)."""
    text = checked_text(parsed.text) if parsed.text else ""
    result = LintResult(parsed, [], text, name)
    result.findings = list(_sorted(lint_parsed(parsed, text, previous)))
    return result


def text_passages(result: LintResult, *, around: int = 40) -> list[dict[str, Any]]:
    """Each error or warning with the passage of the report it points at, for showing the
    finding beside its text: the quote and up to `around` characters either side."""
    out = []
    for f in result.findings:
        if f.kind == "doubt" or (not f.quote and not f.rule.startswith("L")):
            continue
        item: dict[str, Any] = {
            "rule": f.rule,
            "kind": f.kind,
            "kind_label": KIND_LABELS[f.kind],
            "message": f.message,
            "before": "",
            "quote": f.quote,
            "after": "",
        }
        if f.quote and f.start >= 0:
            end = f.start + len(f.quote)
            item["before"] = result.text[max(0, f.start - around) : f.start].lstrip()
            item["quote"] = result.text[f.start : end]
            item["after"] = result.text[end : end + around].rstrip()
            item["before"] = ("…" if f.start > around else "") + item["before"]
            item["after"] += "…" if end + around < len(result.text) else ""
        out.append(item)
    return out


def _sorted(findings: Iterable[LintFinding]) -> list[LintFinding]:
    order = {"error": 0, "warning": 1, "doubt": 2}
    return sorted(findings, key=lambda f: (order[f.kind], f.start if f.start >= 0 else 10**9))


# ---- parser and validator findings, calibrated ---------------------------------------------


def _from_parser(parsed: ParseResult, text: str) -> list[LintFinding]:
    out: list[LintFinding] = []
    granted_partial = _sum_cells(parsed, ("table3.granted.total", "table3.partial.total"))
    combined_seen: set[str] = set()
    for f in parsed.findings:
        if f.rule.startswith("P"):
            out.append(LintFinding(f.rule, "doubt", list(f.cells), f.message))
            continue
        if f.rule == "R5":
            combined = _combined_claim(f, granted_partial)
            if combined is not None:
                if combined and combined.quote not in combined_seen:
                    combined_seen.add(combined.quote)
                    out.append(combined)
                continue
        if f.rule == "R6" and _applicant_instruction(f.message, text):
            continue
        kind: Kind = "error" if f.severity == "error" else "warning"
        quote = _quoted(f.message)
        out.append(LintFinding(f.rule, kind, list(f.cells), f.message, quote, _find(text, quote)))
    return out


def _applicant_instruction(message: str, text: str) -> bool:
    """R6 saw “请填写” only where the report tells applicants what to fill in (a form)."""
    if "“请填写”" not in message:
        return False
    spots = [m.end() for m in re.finditer("请填写", text)]
    return bool(spots) and all(re.match(r".{0,8}?(?:申请表|表格|《)", text[i:]) for i in spots)


def _quoted(message: str) -> str:
    m = re.search(r"“([^”]{4,})”", message)
    return m.group(1).rstrip("…") if m else ""


def _find(text: str, quote: str) -> int:
    return text.find(quote[:30]) if quote else -1


def _cell(parsed: ParseResult, ref: str) -> Number:
    parts = ref.split(".")
    table, col, row = parts[0], parts[-1], ".".join(parts[1:-1])
    return parsed.tables.get(table, {}).get(row, {}).get(col)


def _int(v: Number) -> int | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else None
    return v


def _sum_cells(parsed: ParseResult, refs: Iterable[str]) -> int | None:
    values = [_int(_cell(parsed, r)) for r in refs]
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


_COMBINED = re.compile(
    r"(?:予以公开|全部公开)\s*(?:及|和|与|、|或|以及)\s*部分公开[^\d，。；]{0,8}?(\d+)\s*件"
)


def _combined_claim(f: Finding, both: int | None) -> LintFinding | Literal[False] | None:
    """An R5 about 予以公开 or 部分公开 stated together ("予以公开及部分公开42件"): compare
    with their sum. None: not such a claim; False: the claim agrees with the tables."""
    sentence = _quoted(f.message)
    m = _COMBINED.search(sentence)
    if not m or not ("予以公开" in f.message[:12] or "部分公开" in f.message[:12]):
        return None
    said = int(m.group(1))
    if both is None or said == both:
        return False
    return LintFinding(
        "L3",
        "warning",
        ["table3.granted.total", "table3.partial.total"],
        f"正文说予以公开和部分公开合计{said}件（“{sentence[:60]}”），表三两项合计为{both}件。",
        sentence,
    )


# ---- the added checks ------------------------------------------------------------------------


def lint_parsed(
    parsed: ParseResult, text: str, previous: ParseResult | None = None
) -> list[LintFinding]:
    if not parsed.is_report:
        return [LintFinding(f.rule, "doubt", [], f.message) for f in parsed.findings]
    out = _from_parser(parsed, text)
    seen_combined = {f.quote for f in out if f.rule == "L3"}
    out += _combined_in_text(parsed, text, seen_combined)
    if parsed.year is None:
        out.append(
            LintFinding(
                "L2", "doubt", [], "未能识别报告年度：标题、统计期限和发布日期中都没有找到年份。"
            )
        )
    if parsed.organ is None:
        out.append(LintFinding("L8", "doubt", [], "未能识别报告机关，请在检查结果中手工填写。"))
    out += _superseded(parsed, text)
    out += _plan_year(parsed, text, out)
    out += _residue(parsed, text)
    out += _domain(parsed, text)
    if previous is not None:
        out += _against_previous(parsed, previous)
    for f in out:
        if f.quote and f.start < 0:
            f.start = _find(text, f.quote)
    return out


def _combined_in_text(parsed: ParseResult, text: str, seen: set[str]) -> list[LintFinding]:
    """予以公开及部分公开 stated together where the validator said nothing (R5 compares each)."""
    both = _sum_cells(parsed, ("table3.granted.total", "table3.partial.total"))
    if both is None:
        return []
    out = []
    for s in _SENTENCE.finditer(text):
        m = _COMBINED.search(s.group(0))
        if m and int(m.group(1)) != both and s.group(0).strip() not in seen:
            quote = s.group(0).strip()
            out.append(
                LintFinding(
                    "L3",
                    "warning",
                    ["table3.granted.total", "table3.partial.total"],
                    f"正文说予以公开和部分公开合计{m.group(1)}件（“{quote[:60]}”），"
                    f"表三两项合计为{both}件。",
                    quote,
                    s.start() + (len(s.group(0)) - len(s.group(0).lstrip())),
                )
            )
    return out


_FEES_OUTLINE = re.compile(r"收费及减免|收费和减免|收费、减免")


def _superseded(parsed: ParseResult, text: str) -> list[LintFinding]:
    out: list[LintFinding] = []
    year = parsed.year
    if year is None:
        return out
    has_tables = any(parsed.tables.get(t) for t in ("table2", "table3", "table4"))
    if parsed.format == "2019" and year >= 2021 and has_tables:
        out.append(
            LintFinding(
                "L5",
                "error",
                [],
                f"{year}年度报告使用了2019年试行格式的表格（“本年新制作数量”“上一年项目数量”等），"
                "2020年度以后的报告应按2021年印发的年度报告格式（国办公开办函〔2021〕30号）填报。",
            )
        )
    if parsed.format == "2021" and year <= 2020 and has_tables:
        out.append(
            LintFinding(
                "L5",
                "warning",
                [],
                f"{year}年度报告使用了2021年格式的表格，该年度应使用2019年试行格式，请核实年度。",
            )
        )
    if year >= 2019:
        intro = text[:800]
        m = _FEES_OUTLINE.search(intro)
        if m and re.search(r"(?:包括|组成|由|分为)", intro):
            s = _sentence_at(text, m.start())
            out.append(
                LintFinding(
                    "L5",
                    "error",
                    [],
                    f"报告结构沿用了2019年以前的旧提纲（含“政府信息公开的收费及减免情况”）；"
                    f"{year}年度报告应按现行《条例》第五十条和年度报告格式的六个部分编写。",
                    s[0],
                    s[1],
                )
            )
    return out


_PLAN = re.compile(
    r"((?:19|20)\d{2})\s*年\s*度?\s*[,，]?\s*(?:我们|我[局区市县办委厅镇乡街]|本机关|本单位)?\s*"
    r"(?:将|拟|计划)\s*(?:从以下|从|在以下|重点|进一步|继续|着力|围绕|以|采取|做好)"
)


def _plan_year(parsed: ParseResult, text: str, already: list[LintFinding]) -> list[LintFinding]:
    year = parsed.year
    if year is None or any(f.rule == "R6" and "改进计划" in f.message for f in already):
        return []
    for m in _PLAN.finditer(text):
        if int(m.group(1)) == year:
            quote, start = _sentence_at(text, m.start())
            return [
                LintFinding(
                    "L6",
                    "warning",
                    [],
                    f"“{m.group(0)}”：{year}年度报告中的改进计划应针对{year + 1}年，"
                    "年份可能沿用了旧模板。",
                    quote,
                    start,
                )
            ]
    return []


_INSTRUCTIONS = re.compile(
    r"编写说明|填写说明|填报说明|此处填写|可参考本单位|一般情况下属于|应提供相关数据|"
    r"减用负值表示|指\s*\d{4}\s*年(?:事项数|增加或减少)|可先适当综述"
)
_PLACEHOLDERS = re.compile(
    r"(?<![A-Za-z0-9./_:@=?&%-])[Xx×]{2,}(?![A-Za-z0-9./_@=&%-])|"
    r"[(（]\s*(?:单位|机关|部门|乡镇|街道)名称\s*[)）]|来源\s*[:：]\s*1(?!\d)"
)
_MISSING_COUNT = re.compile(
    r"(?:共|累计|合计|全年)\s*(?:主动)?\s*(?:公开|发布|收到|受理|办理|办结|答复)"
    r"[^\d，。；,;:：]{0,8}?(?<![\d\s文事案稿附证软邮信物要])\s*(?:条|件|篇)(?=[，。；,;:：(（其])"
)
_OWN_TITLE = re.compile(
    r"《([^《》]{0,30}?((?:19|20)\d{2})\s*年\s*度?\s*(?:政府)?信息公开(?:工作)?(?:年度)?(?:报告|年报))》"
)
_UPPER_APPLICATIONS = re.compile(
    r"向(?:市|县|区|省)政府(?:及|和|、)(?:市|县|区|省)政府办公(?:室|厅)提出"
)
_COUNTY = re.compile(r"(?:县|区|旗)人民政府(?:办公室)?$")
_CITY_SYSTEM = re.compile(r"全市(?:各级)?(?:政府|行政机关)?系统")
_AUTHOR = re.compile(r"本(?:年度)?报告由\s*([^\s，。,、]{2,20}?)(?:人民政府)?\s*(?:编制|编写)")


def _residue(parsed: ParseResult, text: str) -> list[LintFinding]:
    out: list[LintFinding] = []
    m = _INSTRUCTIONS.search(text)
    if m:
        quote, start = _sentence_at(text, m.start())
        out.append(
            LintFinding(
                "L7",
                "error",
                [],
                f"报告中留有填报模板的说明文字“{m.group(0)}”，发布前应删除。",
                quote[:80],
                start,
            )
        )
    for m in _PLACEHOLDERS.finditer(text):
        quote, start = _sentence_at(text, m.start())
        if re.search(r"https?://|www\.|\.gov|\.cn|\.com", quote[max(0, m.start() - start - 40) :]):
            continue
        out.append(
            LintFinding(
                "L7",
                "error",
                [],
                f"报告中留有占位符“{m.group(0)}”，应填写实际内容。",
                quote[:80],
                start,
            )
        )
        break
    m = _MISSING_COUNT.search(text)
    if m:
        quote, start = _sentence_at(text, m.start())
        out.append(
            LintFinding(
                "L7",
                "error",
                [],
                f"“{m.group(0)}”缺少数字：模板中的数字没有填写。",
                quote[:80],
                start,
            )
        )
    if parsed.year is not None:
        for m in _OWN_TITLE.finditer(text[:1500]):
            if re.search(r"关于|通知|有关事项|格式", m.group(1)):
                continue
            if int(m.group(2)) != parsed.year:
                quote, start = _sentence_at(text, m.start())
                out.append(
                    LintFinding(
                        "L7",
                        "error",
                        [],
                        f"报告称本报告为《{m.group(1)}》，年份{m.group(2)}与报告年度"
                        f"{parsed.year}不一致，可能沿用了上一年的文字。",
                        quote[:80],
                        start,
                    )
                )
                break
    township = bool(
        (parsed.organ and _TOWNSHIP.search(parsed.organ)) or _TOWNSHIP_SELF.search(text[:3000])
    )
    if township:
        m = _UPPER_APPLICATIONS.search(text)
        if m:
            quote, start = _sentence_at(text, m.start())
            out.append(
                LintFinding(
                    "L7",
                    "error",
                    [],
                    f"乡镇（街道）报告中出现“{m.group(0)}”，是上级政府报告的表述，可能照抄了模板。",
                    quote[:80],
                    start,
                )
            )
    if parsed.organ and _COUNTY.search(parsed.organ):
        m = _CITY_SYSTEM.search(text)
        if m:
            quote, start = _sentence_at(text, m.start())
            out.append(
                LintFinding(
                    "L7",
                    "warning",
                    [],
                    f"县（区）级报告中出现“{m.group(0)}”，是市级报告的表述，可能照抄了上级的报告。",
                    quote[:80],
                    start,
                )
            )
    if parsed.organ:
        m = _AUTHOR.search(text[:1500])
        if m and not _same_place(m.group(1), parsed.organ):
            quote, start = _sentence_at(text, m.start())
            out.append(
                LintFinding(
                    "L7",
                    "error",
                    [],
                    f"报告写明由“{m.group(1)}”编制，与报告机关“{parsed.organ}”不一致，"
                    "可能照抄了其他单位的报告。",
                    quote[:80],
                    start,
                )
            )
    tables = [parsed.tables.get(t, {}) for t in ("table2", "table3", "table4")]
    rows = sum(len(t) for t in tables)
    values = [v for t in tables for row in t.values() for v in row.values()]
    figures_seen = any(
        f.rule == "P1" or (f.rule == "P3" and "只读到0个数" not in f.message)
        for f in parsed.findings
    )
    if rows >= 10 and all(v is None for v in values) and not figures_seen:
        out.append(
            LintFinding(
                "L7",
                "error",
                [],
                "统计表只有栏目、没有任何数字：发布的是未填写的模板。",
            )
        )
    return out


def _same_place(author: str, organ: str) -> bool:
    """False only when the author is a named place that shares nothing with the organ."""
    if not re.match(r"[\u4e00-\u9fff]{2,}(?:省|市|县|区|旗|镇|乡|街道)", author):
        return True  # "县政务公开办", "我局": not another place's name
    a, b = (re.sub(r"[省市县区旗镇乡]|街道|人民政府|办公室|办事处", "", x) for x in (author, organ))
    pairs = {a[i : i + 2] for i in range(len(a) - 1)}
    return not pairs or any(b[i : i + 2] in pairs for i in range(len(b) - 1))


__all__ = [
    "KIND_LABELS",
    "RULES",
    "LintFinding",
    "LintResult",
    "lint_report",
    "lint_result",
    "text_passages",
]
