"""Rules of the assessment that are not time rules: one pure function per rule, each returning
None when it is satisfied or the reason in Chinese."""

from __future__ import annotations

from decimal import Decimal


def evidence_missing(evidence: str) -> str | None:
    """Issue 20 §3: manual figures are entered with their evidence (what the score rests on)."""
    if not evidence.strip():
        return "人工填报的数据须注明佐证材料（文件名称、文号、链接或检查记录）。"
    return None


def reason_missing(reason: str) -> str | None:
    """Issue 20 §3: a score is adjusted only with a recorded reason."""
    if len(reason.strip()) < 4:
        return "调整分值须填写调整理由（至少4个字），理由将记入审计日志。"
    return None


def adjustment_out_of_range(delta: Decimal, max_points: Decimal) -> str | None:
    """An adjustment moves a score within the indicator's points, never beyond."""
    if delta == 0:
        return "调整分值不能为0。"
    if abs(delta) > max_points:
        return f"调整分值不能超过该指标的分值（{max_points.normalize():f}分）。"
    return None


def unfinished(pending: int) -> str | None:
    """Results are published complete: every 待补 figure entered (with evidence) first."""
    if pending:
        return f"尚有{pending}项考核结果待补（缺数据或未评分），补录后才能发布。"
    return None
