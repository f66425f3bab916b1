"""Entering or importing a 工作要点: text or DOCX → parsed points (parsing.py) → organ phrases
matched to the tree (matching.py) → shown to the 公开办 → saved as confirmed.

`plan_preview` is what the confirmation page shows (nothing is written); `plan_import` re-reads
the same text with the person's choices for the phrases the tree did not settle, and saves the
plan, its points and their organs in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.catalog.files import as_file, check_upload, extract_text, safe_name
from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.core.conf import gongkai_settings
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import require_roles
from gongkai.workplans.audit import WorkplansAudit
from gongkai.workplans.matching import Match, match_phrases
from gongkai.workplans.models import Plan, PlanSource, Point
from gongkai.workplans.parsing import ParsedPlan, ParsedPoint, parse_plan

NOT_OFFICE = "只有本机关公开办管理员可以录入工作要点。"
MAX_TEXT_CHARS = 200_000


def text_from_upload(name: str, data: bytes | object) -> str:
    """The text of an uploaded 工作要点: a DOCX (checked like every upload: size, type sniffed
    from the content, zip bombs) or a plain-text file (UTF-8 or GB 18030)."""
    name = safe_name(name)
    upload = as_file(data)  # type: ignore[arg-type]
    max_bytes = gongkai_settings().MAX_UPLOAD_MB * 1024 * 1024
    if name.lower().endswith(".txt"):
        size = upload.size or 0
        if size == 0:
            raise ValidationError(f"文件“{name}”是空文件。")
        if size > max_bytes:
            raise ValidationError(f"文件“{name}”超过上限 {max_bytes // 1048576} MB。")
        upload.seek(0)
        raw = bytes(upload.read())
        if b"\x00" in raw:
            raise ValidationError(f"文件“{name}”不是纯文本文件。")
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ValidationError(f"文件“{name}”的文字编码无法识别，请另存为 UTF-8 文本或 DOCX。")
    if not name.lower().endswith(".docx"):
        raise ValidationError(f"文件“{name}”不是 Word（DOCX）文档或纯文本（TXT）文件，无法导入。")
    try:
        kind = check_upload(name, upload, max_bytes)
    except ValidationError as exc:
        reason = "；".join(exc.messages)
        raise ValidationError(
            f"文件“{name}”不是有效的 Word（DOCX）文档，无法导入：{reason}"
        ) from exc
    if kind != "docx":
        raise ValidationError(f"文件“{name}”不是有效的 Word（DOCX）文档，无法导入。")
    return extract_text(kind, upload)


@dataclass
class Preview:
    """What the confirmation page shows: the parsed plan and how its organ phrases matched."""

    parsed: ParsedPlan
    matches: dict[str, Match]

    @property
    def unmatched(self) -> list[Match]:
        return [m for m in self.matches.values() if not m.matched]


def _parsed(text: str) -> ParsedPlan:
    text = (text or "").strip()
    if not text:
        raise ValidationError("导入内容为空：请粘贴工作要点全文，或上传 DOCX 文件。")
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError(f"导入内容超过 {MAX_TEXT_CHARS} 字，请分批录入。")
    parsed = parse_plan(text)
    if not parsed.points:
        raise ValidationError(
            "未能识别出任何工作要点条目：条目应以“一、”“（一）”“一是”或“1.”开头，"
            "请检查内容后重新导入。"
        )
    return parsed


def plan_preview(*, actor: Actor, organ: Organ, text: str) -> Preview:
    """Parse and match without writing (the confirmation page)."""
    require_roles(actor, organ, {Role.ORGAN_ADMIN}, message=NOT_OFFICE)
    parsed = _parsed(text)
    return Preview(parsed=parsed, matches=match_phrases(organ, parsed.phrases()))


@transaction.atomic
def plan_import(
    *,
    actor: Actor,
    organ: Organ,
    year: int,
    title: str,
    text: str,
    source: str = PlanSource.OWN,
    doc_number: str = "",
    choices: Mapping[str, Organ | None] | None = None,
) -> Plan:
    """Save a confirmed 工作要点: its points in document order and, for each, the organs its
    parentheses name, matched to the tree or chosen by the person (`choices`: phrase → organ,
    None for “not an organ of ours”). Organs outside the plan organ's subtree are refused."""
    require_roles(actor, organ, {Role.ORGAN_ADMIN}, message=NOT_OFFICE)
    title = (title or "").strip()
    parsed = _parsed(text)
    title = title or parsed.title or f"{year}年政务公开工作要点"
    if not 2000 <= int(year) <= 2100:
        raise ValidationError("年度应为四位数字年份。")
    if source not in PlanSource.values:
        raise ValidationError("请选择工作要点的来源。")
    if Plan.objects.filter(organ=organ, year=year, title=title[:200]).exists():
        raise ValidationError(f"{organ.name}已有{year}年度的“{title}”，请勿重复导入。")
    matches = match_phrases(organ, parsed.phrases())
    for phrase, chosen in (choices or {}).items():
        if chosen is None or phrase not in matches:
            continue
        if not chosen.path.startswith(organ.path):
            raise ValidationError(
                f"“{chosen.name}”不在{organ.name}的管辖范围内，不能作为责任单位。"
            )
        matches[phrase] = Match(phrase=phrase, organs=[chosen])
    plan = Plan.objects.create(
        organ=organ,
        year=year,
        title=title[:200],
        source=source,
        doc_number=(doc_number or "").strip()[:80],
        preamble=parsed.preamble,
        created_by=user_of(actor),
    )
    counter = [0]

    def save(points: list[ParsedPoint], parent: Point | None) -> None:
        for p in points:
            counter[0] += 1
            unmatched = [lead.phrase for lead in p.leads if not matches[lead.phrase].matched]
            point = Point.objects.create(
                plan=plan,
                parent=parent,
                number=p.number[:16],
                level=p.level,
                title=p.title[:300],
                body=p.body,
                lead_text=p.lead_text[:500],
                unmatched=unmatched,
                order=counter[0],
            )
            leads = {o.pk for x in p.leads if x.lead for o in matches[x.phrase].organs}
            helpers = {o.pk for x in p.leads if not x.lead for o in matches[x.phrase].organs}
            if leads:
                point.lead_organs.set(leads)
            if helpers - leads:
                point.co_organs.set(helpers - leads)
            save(p.children, point)

    save(parsed.points, None)
    audit_record(
        actor=actor,
        action=WorkplansAudit.PLAN_IMPORT,
        obj=plan,
        organ_id=organ.pk,
        data={
            "year": year,
            "points": counter[0],
            "matched": sum(1 for m in matches.values() if m.matched),
            "unmatched": [m.phrase for m in matches.values() if not m.matched],
        },
    )
    return plan
