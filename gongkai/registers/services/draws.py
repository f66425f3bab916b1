"""双随机一公开 (国办发〔2015〕58号: 随机抽取检查对象、随机选派执法检查人员, 抽查情况及查处结果
及时向社会公开): pools per organ, draws anyone can verify (`method.py`).

1. 公告 (`draw_announce`): the pools are copied into the draw in their canonical text, their
   SHA-256 published, a 32-byte seed drawn and only its SHA-256 (the commitment) published.
2. 抽取 (`draw_perform`): the seed is revealed (with an optional public value that did not exist
   at the announcement), the subjects and inspectors ranked, the result published.
3. 检查结果 (`draw_outcome`, `draw_conclude`): each subject's outcome, published at the end.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.core.identifiers import is_valid_resident_id
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import require_roles
from gongkai.registers import method
from gongkai.registers.audit import RegistersAudit
from gongkai.registers.models import Draw, DrawResult, DrawStatus, Outcome, Pool, PoolKind
from gongkai.registers.transitions import DRAW_MACHINE, KEEPERS, DrawEvent


def pool_members(pool: Pool) -> list[method.Member]:
    return [method.Member(m["code"], m["name"]) for m in pool.members]


@transaction.atomic
def pool_save(
    *, actor: Actor, organ: Organ, kind: str, name: str, text: str, pool: Pool | None = None
) -> Pool:
    """Create or replace a pool from lines of "编码 名称". Draws already announced keep the
    pool as it was (they hold its text and hash)."""
    require_roles(actor, organ, KEEPERS, message="只有本机关采编或公开办可以维护名录库。")
    if kind not in PoolKind.values:
        raise ValidationError({"kind": "请选择名录库类型。"})
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写名录库名称。"})
    members = method.parse_pool(text, what="名录")
    if not members:
        raise ValidationError({"text": "名录库不能为空。"})
    # The pools are published with every draw: a 身份证号 (an inspector's, or a 个体工商户
    # owner's) is never a member's code. Inspectors go by 执法证号, subjects by 统一社会信用代码.
    ids = [m.code for m in members if is_valid_resident_id(m.code.upper())]
    if ids:
        raise ValidationError(
            {
                "text": f"名录随抽查结果公开，编码不能使用身份证号码（共 {len(ids)} 条），"
                "请改用执法证号或统一社会信用代码。"
            }
        )
    if pool is None:
        pool = Pool(organ=organ, kind=kind)
    elif pool.organ_id != organ.pk:
        raise ValidationError("名录库不属于该机关。")
    pool.kind = kind
    pool.name = name
    pool.members = [{"code": m.code, "name": m.name} for m in members]
    pool.save()
    audit_record(
        actor=actor,
        action=RegistersAudit.POOL_SAVE,
        obj=pool,
        organ_id=organ.pk,
        data={"members": len(members), "sha256": method.sha256_hex(method.canonical_text(members))},
    )
    return pool


@transaction.atomic
def draw_announce(
    *,
    actor: Actor,
    organ: Organ,
    title: str,
    subjects: Pool,
    inspectors: Pool,
    subject_count: int,
    inspectors_per_subject: int = 2,
) -> Draw:
    """公告: fixes the pools (hashes) and the seed (commitment) before anyone knows the result."""
    title = title.strip()
    draw = Draw(organ=organ, title=title, created_by=user_of(actor))
    DRAW_MACHINE.check(actor, draw, DrawEvent.ANNOUNCE)
    if not title:
        raise ValidationError({"title": "请填写抽查事项。"})
    if subjects.organ_id != organ.pk or inspectors.organ_id != organ.pk:
        raise ValidationError("只能使用本机关的名录库。")
    if subjects.kind != PoolKind.SUBJECTS or inspectors.kind != PoolKind.INSPECTORS:
        raise ValidationError("请分别选择检查对象名录库和执法检查人员名录库。")
    subject_members, inspector_members = pool_members(subjects), pool_members(inspectors)
    if not 1 <= subject_count <= len(subject_members):
        raise ValidationError(
            {"subject_count": f"抽取检查对象数应在 1 至 {len(subject_members)} 之间。"}
        )
    if not 1 <= inspectors_per_subject <= len(inspector_members):
        raise ValidationError(
            {"inspectors_per_subject": f"匹配检查人员数应在 1 至 {len(inspector_members)} 之间。"}
        )
    draw.subject_count = subject_count
    draw.inspectors_per_subject = inspectors_per_subject
    draw.subjects_text = method.canonical_text(subject_members)
    draw.inspectors_text = method.canonical_text(inspector_members)
    draw.subjects_sha256 = method.sha256_hex(draw.subjects_text)
    draw.inspectors_sha256 = method.sha256_hex(draw.inspectors_text)
    draw.seed = secrets.token_hex(32)
    draw.seed_commitment = method.commitment(draw.seed)
    draw.announced_at = timezone.now()
    return DRAW_MACHINE.fire(
        actor=actor,
        obj=draw,
        event=DrawEvent.ANNOUNCE,
        data={
            "subjects_sha256": draw.subjects_sha256,
            "inspectors_sha256": draw.inspectors_sha256,
            "seed_commitment": draw.seed_commitment,
        },
    )


def _members(text: str) -> list[method.Member]:
    return method.parse_pool(text, what="名录")


@transaction.atomic
def draw_perform(*, actor: Actor, draw: Draw, public_value: str = "") -> Draw:
    """抽取: reveal the seed and rank (`method.run_draw`); the result is published at once."""
    draw = DRAW_MACHINE.lock(draw)
    DRAW_MACHINE.check(actor, draw, DrawEvent.DRAW)
    public_value = public_value.strip()
    if len(public_value) > 100:
        raise ValidationError({"public_value": "公开随机值最多100个字符。"})
    matches = method.run_draw(
        subjects=_members(draw.subjects_text),
        inspectors=_members(draw.inspectors_text),
        seed=draw.seed,
        public_value=public_value,
        subject_count=draw.subject_count,
        inspectors_per_subject=draw.inspectors_per_subject,
    )
    draw.public_value = public_value
    draw.drawn_at = timezone.now()
    DRAW_MACHINE.fire(actor=actor, obj=draw, event=DrawEvent.DRAW, data={"seed": draw.seed})
    DrawResult.objects.bulk_create(
        [
            DrawResult(
                draw=draw,
                rank=m.rank,
                subject_code=m.subject.code,
                subject_name=m.subject.name,
                inspectors=[{"code": p.code, "name": p.name} for p in m.inspectors],
            )
            for m in matches
        ]
    )
    return draw


@transaction.atomic
def draw_outcome(
    *, actor: Actor, result: DrawResult, outcome: str, note: str = "", on: date | None = None
) -> DrawResult:
    """登记检查结果 of one subject drawn."""
    draw = DRAW_MACHINE.lock(result.draw)
    require_roles(actor, draw.organ, KEEPERS, message="只有本机关采编或公开办可以登记检查结果。")
    if draw.status != DrawStatus.DRAWN:
        raise ValidationError(f"抽查当前状态为“{draw.get_status_display()}”，不能登记检查结果。")
    if outcome not in Outcome.values or outcome == Outcome.PENDING:
        raise ValidationError({"outcome": "请选择检查结果。"})
    note = note.strip()
    if outcome in (Outcome.RECTIFY, Outcome.CASE) and not note:
        raise ValidationError({"note": "发现问题的，请填写问题及处理情况。"})
    result = DrawResult.objects.select_for_update().get(pk=result.pk)
    result.outcome, result.outcome_note, result.outcome_on = outcome, note, on
    result.save(update_fields=["outcome", "outcome_note", "outcome_on"])
    audit_record(
        actor=actor,
        action=RegistersAudit.OUTCOME,
        obj=draw,
        organ_id=draw.organ_id,
        comment=note,
        data={"subject": result.subject_name, "outcome": outcome},
    )
    return result


@transaction.atomic
def draw_conclude(*, actor: Actor, draw: Draw) -> Draw:
    """公开检查结果: every subject drawn has its outcome."""
    draw = DRAW_MACHINE.lock(draw)
    DRAW_MACHINE.check(actor, draw, DrawEvent.CONCLUDE)
    pending = draw.results.filter(outcome=Outcome.PENDING).count()
    if pending:
        raise ValidationError(f"尚有 {pending} 个检查对象未登记检查结果。")
    draw.concluded_at = timezone.now()
    return DRAW_MACHINE.fire(actor=actor, obj=draw, event=DrawEvent.CONCLUDE)
