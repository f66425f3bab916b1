"""督查通报: what a round found, drafted from its records (the organs, the checklist, the results
per organ, the findings with their 整改要求 and 整改期限), exported as a 公文 DOCX with the same
layout as the 自查报告 (`selfcheck.render_docx`: GB/T 9704-2012 through `gongkai.core.gongwen`).

It is the organiser's internal document: the platform does not publish it (an organ that
wants it public publishes it as an item of its catalog, through 签发 like any other).
"""

from __future__ import annotations

from datetime import date

from gongkai.core.audit import chinese_date
from gongkai.workplans.models import InspectionRound, Verdict
from gongkai.workplans.selectors import round_summary
from gongkai.workplans.selfcheck import numeral, render_docx

VERDICT_LABELS = dict(Verdict.choices)


def bulletin_title(round_: InspectionRound) -> str:
    return f"{round_.organ.name}关于{round_.title}情况的通报"


def bulletin_body(round_: InspectionRound, *, today: date) -> str:
    """The 通报 as plain text, one paragraph a line (“一、” and “（一）” lines are headings)."""
    summary = round_summary(round_)
    lines_count = round_.lines.count()
    period = f"{chinese_date(round_.starts_on)}至{chinese_date(round_.ends_on)}"
    names = "、".join(s.organ.name for s in summary)
    out = [
        f"{period}，{round_.organ.name}对{names}等{len(summary)}个单位开展了{round_.title}。"
        "现将有关情况通报如下。",
        "一、督查基本情况",
        (round_.scope.rstrip("。") + "。" if round_.scope else "")
        + f"本次督查对照督查清单{lines_count}项，逐项检查各单位落实情况，"
        "结论分为符合、基本符合、不符合、不适用。",
        "二、督查结果",
    ]
    for n, row in enumerate(summary, start=1):
        counts = "，".join(f"{VERDICT_LABELS[v]}{row.counts[v]}项" for v in Verdict.values)
        pending = lines_count - sum(row.counts.values())
        tail = f"，尚未填写{pending}项" if pending else ""
        out.append(f"（{numeral(n)}）{row.organ.name}")
        out.append(f"督查{lines_count}项：{counts}{tail}；发现问题{row.findings}个。")
    findings = list(
        round_.findings.select_related("organ", "line").order_by("organ__tree_key", "pk")
    )
    out.append("三、发现的主要问题及整改要求")
    if not findings:
        out.append("本次督查未发现需要整改的问题。")
    for n, f in enumerate(findings, start=1):
        basis = f"（督查要点：{f.line.text}）" if f.line else ""
        out.append(
            f"{n}.{f.organ.name}：{f.problem.rstrip('。')}{basis}。"
            f"整改要求：{f.requirement.rstrip('。')}。"
            f"整改期限：{chinese_date(f.deadline)}。目前{f.get_status_display()}。"
        )
    out += [
        "四、下一步工作",
        "请各被督查单位对照问题清单，在整改期限内完成整改，并通过平台报送整改情况和佐证材料；"
        f"{round_.organ.name}将逐项核验，对逾期未整改的予以督办。",
    ]
    return "\n".join(out)


def bulletin_docx(round_: InspectionRound, *, today: date) -> bytes:
    return render_docx(
        title=bulletin_title(round_),
        body=bulletin_body(round_, today=today),
        organ=round_.organ.name,
        day=today,
    )
