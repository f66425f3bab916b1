"""自查报告: the draft an organ starts from (its tasks of a plan, their progress, evidence and
figures, and the 整改 of the 督查 findings it received that year), and the DOCX it is exported
as, in the 公文 layout of GB/T 9704-2012 (A4, margins, 2号 小标宋 title, 3号 仿宋 body,
黑体/楷体 headings, page numbers: `gongkai.core.gongwen`).

The draft is plain text, one paragraph a line, so the organ edits it in a text box: a line
starting “一、” is a first-level heading, “（一）” a second-level one (GB/T 9704 7.3.3: 黑体 and
楷体), the rest body text indented by two characters.
"""

from __future__ import annotations

import io
import re
from datetime import date

from gongkai.core import gongwen
from gongkai.core.audit import chinese_date
from gongkai.orgs.models import Organ
from gongkai.workplans.models import FINDING_OPEN, Finding, Plan, Status, Task
from gongkai.workplans.selectors import is_overdue, organ_findings, task_counts

NUMERALS = "一二三四五六七八九十"
_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^（[一二三四五六七八九十]+）")
HEADING2_FONT = "楷体_GB2312"


def numeral(n: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一 … 99 (enough for the tasks of one organ)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens - 1]) + "十" + (NUMERALS[ones - 1] if ones else "")


def selfcheck_title(plan: Plan, organ: Organ) -> str:
    return f"{organ.name}关于{plan.year}年政务公开工作要点落实情况的自查报告"


def selfcheck_draft(plan: Plan, organ: Organ, *, today: date) -> str:
    """The organ's report drafted from its tasks (as lead organ) of `plan`."""
    tasks = list(
        Task.objects.filter(plan=plan, organ=organ)
        .select_related("point")
        .prefetch_related("progress__evidence")
        .order_by("point__order", "pk")
    )
    figures = task_counts(organ, plan.year, today=today)
    source = f"《{plan.title}》" + (f"（{plan.doc_number}）" if plan.doc_number else "")
    done = sum(t.status == Status.DONE for t in tasks)
    late = sum(is_overdue(t, today) for t in tasks)
    lines = [
        f"根据{source}的任务分解，我单位对本单位承担任务的落实情况开展了自查，"
        "现将有关情况报告如下。",
        "一、总体情况",
        f"{plan.year}年我单位共承担工作要点任务{len(tasks)}项，已通过验收{done}项，"
        f"正在办理{len(tasks) - done}项，其中超过完成时限的{late}项。"
        f"（全年各工作要点合计：承担{figures.total}项，完成{figures.done}项，"
        f"超期{figures.overdue}项。）",
        "二、任务落实情况",
    ]
    for n, task in enumerate(tasks, start=1):
        reports = list(task.progress.all())
        latest = reports[-1] if reports else None
        state = task.get_status_display()
        line = f"（{numeral(n)}）{task.title}。完成时限{chinese_date(task.deadline)}，目前{state}。"
        if latest is not None:
            line += latest.text if latest.text.endswith("。") else latest.text + "。"
            names = [e.name for e in latest.evidence.all()]
            if names:
                line += f"佐证材料：{'、'.join(names)}。"
        else:
            line += "尚未报送进展。"
        lines.append(line)
    if not tasks:
        lines.append("本单位在该工作要点中暂无牵头任务。")
    heads = iter(NUMERALS[2:])
    findings = organ_findings(organ, plan.year)
    if findings:
        lines.append(f"{next(heads)}、督查发现问题整改情况")
        lines += [finding_line(n, f, today) for n, f in enumerate(findings, start=1)]
    missed = [t for t in tasks if t.status != Status.DONE and is_overdue(t, today)]
    lines.append(f"{next(heads)}、存在的问题")
    if missed:
        titles = "、".join(f"“{t.title}”" for t in missed)
        lines.append(f"对照任务分解，{titles}未能在完成时限内完成，主要原因需进一步分析。")
    else:
        lines.append("对照任务分解，各项任务均在完成时限内推进，未发现逾期未完成的任务。")
    lines += [
        f"{next(heads)}、下一步工作",
        "对尚未完成的任务逐项明确责任人和完成时间，按期报送进展和佐证材料，确保全年任务按时完成。",
    ]
    return "\n".join(lines)


def finding_line(n: int, finding: Finding, today: date) -> str:
    """One finding of a 督查 in the organ's report: the problem, what was asked, where it is."""
    line = (
        f"{n}.{finding.round.title}指出：{finding.problem.rstrip('。')}。"
        f"整改期限{chinese_date(finding.deadline)}，目前{finding.get_status_display()}。"
    )
    if finding.rectification:
        line += finding.rectification.rstrip("。") + "。"
    elif finding.status in FINDING_OPEN and today > finding.deadline:
        line += "已超过整改期限，尚未报送整改情况。"
    return line


def is_heading2(line: str) -> bool:
    """“（一）…” is a heading when it is short and one phrase; a body line may start the same
    way (a task with its state: “（一）公开预算。完成时限…”)."""
    return bool(_H2.match(line)) and len(line) <= 40 and "。" not in line.rstrip("。")


def render_docx(*, title: str, body: str, organ: str, day: date) -> bytes:
    """The report as a 公文 DOCX on A4 (GB/T 9704-2012 through `gongkai.core.gongwen`)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    gongwen.setup_page(document)
    size = gongwen.BODY_SIZE
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    gongwen.set_font(head.add_run(title), gongwen.TITLE_FONT, gongwen.TITLE_SIZE)
    document.add_paragraph()  # one blank line under the title (7.3.1)
    for line in [x.strip() for x in body.splitlines() if x.strip()]:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Pt(2 * size)
        font = gongwen.BODY_FONT
        if _H1.match(line):
            font = gongwen.HEADING_FONT
        elif is_heading2(line):
            font = HEADING2_FONT
        gongwen.set_font(p.add_run(line), font, size)
    document.add_paragraph()  # 7.3.5.2: the signature one line below the body
    date_text = chinese_date(day)
    organ_indent, date_indent = gongwen.signature_indents(organ, date_text)
    for text, indent in ((organ, organ_indent), (date_text, date_indent)):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(indent * size)
        gongwen.set_font(p.add_run(text), gongwen.BODY_FONT, size)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
