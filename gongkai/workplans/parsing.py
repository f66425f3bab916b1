"""Reading a 工作要点 document: its headings and the organs named in parentheses after each point.

The text of a 工作要点 (pasted, or the paragraphs of a DOCX) is a sequence of paragraphs:

- headings of three levels: “一、…” (level 1), “（一）…” or “(一)…” (level 2), and “一是…” or
  “1.…” (level 3; its title is its first sentence, the rest its text);
- other paragraphs: the text of the point above them (before the first heading: the preamble);
- after a point's text, or as a paragraph of its own, the responsible organs in parentheses,
  full- or half-width and nested: “（市政府办公室牵头，各县区政府负责）”,
  “(各县(区、市)人民政府、开发区管委会、市直各单位)”, “（市级重点领域政务公开指导部门：
  市发改委、市财政局；各县（区、市）人民政府…参照落实。）”. A group broken over two
  paragraphs is joined. Citations in parentheses (“（国办发〔2016〕80号）”, “（以下简称…）”)
  are not organs.

`parse_plan` is pure (no database): organ names are matched to the tree by `matching.py`, and a
person confirms the result before anything is saved.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

NUMERALS = "一二三四五六七八九十百"
_LEVEL1 = re.compile(rf"^([{NUMERALS}]+)、\s*(.+)$")
_LEVEL2 = re.compile(rf"^（([{NUMERALS}]+)）\s*(.+)$")
_LEVEL3 = re.compile(rf"^([{NUMERALS}]+)是\s*(.+)$")
_ARABIC = re.compile(r"^(\d{1,2})[.．、]\s*(\D.*)$")
#: A parenthesised group names organs when it has one of these words …
_ORGAN_WORDS = re.compile(
    r"牵头|负责|配合|参照落实|政府|办公室|办公厅|局|委|办|厅|单位|部门|中心|管委会|支队|大队|街道|乡镇"
)
#: … and is not a citation of a document or a definition.
_CITATION = re.compile(r"〔\d{4}〕|\d{4}〕|号$|以下简称|简称|详见|见附件")
#: Words after an organ saying what it does: 牵头 (lead) or 配合/参照 (co-organ).
_LEAD_SUFFIX = re.compile(r"(牵头负责|牵头|负责落实|按职责分工负责|分工负责|负责|落实)$")
_CO_SUFFIX = re.compile(r"(参照落实|参照执行|协助|配合)$")
_LABEL = re.compile(r"^[^：:]{2,30}[：:]")
MAX_TITLE = 300


@dataclass
class LeadOrgan:
    """One organ (or group of organs) named in a point's parentheses."""

    phrase: str  # 市发改委 / 各县（区、市）人民政府
    lead: bool = True  # 牵头/负责 (True) or 配合/参照落实 (False)


@dataclass
class ParsedPoint:
    number: str  # 一 / （一） / 一是 / 1.
    level: int
    title: str
    body: str = ""
    lead_text: str = ""
    leads: list[LeadOrgan] = field(default_factory=list)
    children: list[ParsedPoint] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number}{self.title}"


@dataclass
class ParsedPlan:
    title: str = ""
    preamble: str = ""
    points: list[ParsedPoint] = field(default_factory=list)

    def walk(self) -> list[ParsedPoint]:
        """Every point, depth first, in document order."""
        out: list[ParsedPoint] = []

        def visit(points: list[ParsedPoint]) -> None:
            for p in points:
                out.append(p)
                visit(p.children)

        visit(self.points)
        return out

    def phrases(self) -> list[str]:
        """The distinct organ phrases of the plan, in order of first appearance."""
        seen: dict[str, None] = {}
        for point in self.walk():
            for lead in point.leads:
                seen.setdefault(lead.phrase, None)
        return list(seen)


def normalise(text: str) -> str:
    """Full-width parentheses and colons, no NBSP/ideographic spaces, NFC."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ").replace("\u3000", " ").replace("\ufeff", "")
    return text.replace("(", "（").replace(")", "）").replace(":", "：").strip()


def _balance(text: str) -> int:
    return text.count("（") - text.count("）")


def paragraphs(text: str) -> list[str]:
    """Non-empty normalised paragraphs; a parenthesised group left open at a paragraph's end is
    joined with the following paragraphs (at most three) until it closes."""
    raw = [normalise(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in raw if line]
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        joined = 0
        while _balance(line) > 0 and joined < 3 and i + 1 < len(lines):
            i += 1
            joined += 1
            line += lines[i]
        out.append(line)
        i += 1
    return out


def trailing_group(text: str) -> tuple[str, str] | None:
    """(text before, inner text) of a balanced parenthesised group ending `text` (a final 。
    after it is allowed), or None."""
    stripped = text.rstrip("。.；; ")
    if not stripped.endswith("）"):
        return None
    depth = 0
    for i in range(len(stripped) - 1, -1, -1):
        ch = stripped[i]
        if ch == "）":
            depth += 1
        elif ch == "（":
            depth -= 1
            if depth == 0:
                return stripped[:i].rstrip(), stripped[i + 1 : -1].strip()
    return None


def is_organ_group(inner: str) -> bool:
    return bool(inner) and bool(_ORGAN_WORDS.search(inner)) and not _CITATION.search(inner)


def _split_top(text: str, separators: str) -> list[str]:
    """Split at separators outside nested parentheses (各县（区、市）人民政府 stays whole)."""
    parts: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch == "（":
            depth += 1
        elif ch == "）":
            depth = max(depth - 1, 0)
        elif ch in separators and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip(" 。.") for p in parts if p.strip(" 。.")]


def split_leads(inner: str) -> list[LeadOrgan]:
    """The organs of a group: “市政府办公室牵头，各县区政府负责” → 市政府办公室 (lead),
    各县区政府 (lead); “指导部门：市发改委、市财政局；各县…参照落实” → 市发改委, 市财政局
    (lead), 各县… (co-organ, as everything else in the segment saying 参照落实)."""
    leads: list[LeadOrgan] = []
    for segment in _split_top(inner, "；;"):
        segment = _LABEL.sub("", segment, count=1).strip()
        co_segment = bool(_CO_SUFFIX.search(segment))
        for part in _split_top(segment, "，,、"):
            lead = not co_segment  # “X、Y、Z参照落实”: the suffix speaks for the segment
            text = part
            for _ in range(2):
                if _CO_SUFFIX.search(text):
                    text, lead = _CO_SUFFIX.sub("", text).strip(), False
                elif _LEAD_SUFFIX.search(text):
                    text, lead = _LEAD_SUFFIX.sub("", text).strip(), True
            text = text.strip(" 。.、")
            if len(text) >= 2:
                leads.append(LeadOrgan(phrase=text, lead=lead))
    return leads


def _heading(line: str) -> tuple[str, int, str] | None:
    for pattern, level, fmt in (
        (_LEVEL1, 1, "{}、"),
        (_LEVEL2, 2, "（{}）"),
        (_LEVEL3, 3, "{}是"),
        (_ARABIC, 3, "{}."),
    ):
        m = pattern.match(line)
        if m:
            return fmt.format(m.group(1)), level, m.group(2).strip()
    return None


def _first_sentence(text: str) -> tuple[str, str]:
    m = re.match(r"^(.{2,120}?[。；！])(.*)$", text)
    if not m:
        return text, ""
    return m.group(1).rstrip("。；！"), m.group(2).strip()


def _attach_group(point: ParsedPoint, text: str) -> str:
    """Move a trailing organ group from `text` to `point`; the text without it."""
    found = trailing_group(text)
    if found is None or not is_organ_group(found[1]):
        return text
    before, inner = found
    point.lead_text = f"{point.lead_text}；{inner}" if point.lead_text else inner
    point.leads += split_leads(inner)
    return before


def parse_plan(text: str) -> ParsedPlan:
    """The headings, texts and organ groups of a 工作要点 (see the module docstring)."""
    plan = ParsedPlan()
    stack: list[ParsedPoint] = []
    preamble: list[str] = []
    for line in paragraphs(text):
        head = _heading(line)
        if head is not None:
            number, level, rest = head
            point = ParsedPoint(number=number, level=level, title="")
            rest = _attach_group(point, rest)
            if level == 3 or len(rest) > 60:
                title, body = _first_sentence(rest)
            else:
                title, body = rest, ""
            point.title = title[:MAX_TITLE].rstrip("。")
            point.body = body
            while stack and stack[-1].level >= level:
                stack.pop()
            (stack[-1].children if stack else plan.points).append(point)
            stack.append(point)
            continue
        if not stack:
            if not plan.title and len(line) <= 60 and "工作要点" in line:
                plan.title = line
            else:
                preamble.append(line)
            continue
        point = stack[-1]
        rest = _attach_group(point, line)
        if rest:
            point.body = f"{point.body}\n{rest}" if point.body else rest
    plan.preamble = "\n".join(preamble)
    return plan
