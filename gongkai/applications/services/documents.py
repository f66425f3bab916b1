"""Letters (告知书、补正告知书、延期告知书、征询函、收费通知书) rendered to DOCX.

Every decision letter carries its legal basis and the remedy notice (行政复议 within 60 days,
行政诉讼 within 6 months). Numbers run per organ and year. A letter is an official act of the
organ: only its handlers issue one (`document_generate` checks, not just the hidden button).
"""

from __future__ import annotations

import io
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.applications.audit import ApplicationAudit
from gongkai.applications.fees import FeeMethod
from gongkai.applications.models import (
    Application,
    ApplicationDocument,
    Consultation,
    LetterTemplate,
)
from gongkai.applications.outcomes import OUTCOME_BY_KEY
from gongkai.applications.services.numbering import next_serial
from gongkai.applications.transitions import HANDLER_ROLES, NOT_HANDLER
from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.orgs.permissions import require_roles

_DEFAULTS = Path(__file__).resolve().parent.parent / "data" / "letters.yaml"
LETTER_KINDS = (
    "grant",
    "partial",
    "deny",
    "unable",
    "not_processed",
    "other",
    "correction",
    "extension",
    "consultation",
    "fee",
)
DECISION_KINDS = {"grant", "partial", "deny", "unable", "not_processed", "other"}


@lru_cache(maxsize=1)
def default_templates() -> dict[str, Any]:
    return dict(yaml.safe_load(_DEFAULTS.read_text(encoding="utf-8")))


def template_for(app: Application, kind: str) -> tuple[str, str]:
    custom = LetterTemplate.objects.filter(organ=app.organ, kind=kind).first()
    if custom is not None:
        return custom.title, custom.body
    entry = default_templates()[kind]
    return entry["title"], entry["body"]


def _cn(day: Any) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "（日期待定）"


def letter_context(app: Application, *, consultation: Consultation | None = None) -> dict[str, str]:
    outcome = OUTCOME_BY_KEY.get(app.outcome)
    ctx: dict[str, str] = defaultdict(str)
    ctx.update(
        organ=app.organ.name,
        applicant=app.name,
        reference=app.reference,
        received=_cn(app.receipt_date or app.submitted_on),
        description=app.description,
        outcome_label=outcome.label if outcome else "",
        basis=outcome.basis if outcome else "",
        reason=app.outcome_reason,
        due=_cn(app.due_date),
        extension_days=str(app.extension_days),
        correction_items=app.correction_items,
        correction_deadline=_cn(app.correction_deadline),
        fee_method=FeeMethod.LABELS.get(app.fee_method, ""),
        fee_units=str(app.fee_units or ""),
        fee_amount=f"{app.fee_amount:.2f}" if app.fee_amount is not None else "",
        remedy=default_templates()["remedy"],
        date=_cn(timezone.localdate()),
    )
    if consultation is not None:
        ctx.update(party=consultation.party, reply_due=_cn(consultation.reply_due))
    return ctx


def render_docx(*, title: str, number: str, paragraphs: list[str], organ: str, date: str) -> bytes:
    """An official-looking letter: 小标宋 title, 仿宋 body at 三号, signature block on the right."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def font(run: Any, name: str, size: float, bold: bool = False) -> None:
        run.font.name = name
        run.font.size = Pt(size)
        run.font.bold = bold
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)

    document = docx.Document()
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(head.add_run(title), "方正小标宋简体", 22)
    num = document.add_paragraph()
    num.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    font(num.add_run(number), "仿宋_GB2312", 16)
    for i, text in enumerate(paragraphs):
        p = document.add_paragraph()
        if i > 0:
            p.paragraph_format.first_line_indent = Pt(32)
        font(p.add_run(text), "仿宋_GB2312", 16)
    for line in (organ, date):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        font(p.add_run(line), "仿宋_GB2312", 16)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def letter_kinds(app: Application) -> list[tuple[str, str]]:
    """Letters that fit the case now: the decision letter once answered, and the notices.

    Values are `document_generate` kinds; a consultation letter is `consultation:<pk>`."""
    titles = {k: v["title"] for k, v in default_templates().items() if isinstance(v, dict)}
    kinds: list[tuple[str, str]] = []
    if app.outcome:
        kind = decision_letter_kind(app)
        kinds.append((kind, titles[kind]))
    if app.correction_requested_on:
        kinds.append(("correction", titles["correction"]))
    if app.extended:
        kinds.append(("extension", titles["extension"]))
    if app.fee_method:
        kinds.append(("fee", titles["fee"]))
    for c in app.consultations.all():
        kinds.append((f"consultation:{c.pk}", f"{titles['consultation']}（{c.party}）"))
    return kinds


@transaction.atomic
def document_generate(
    *, actor: Actor, app: Application, kind: str, consultation: Consultation | None = None
) -> ApplicationDocument:
    """Render a letter from the organ's template, number it and store it with the case."""
    require_roles(actor, app.organ, HANDLER_ROLES, message=NOT_HANDLER)
    if kind not in LETTER_KINDS:
        raise ValueError(f"unknown letter kind {kind}")
    title, body = template_for(app, kind)
    ctx = letter_context(app, consultation=consultation)
    paragraphs = [p.strip() for p in body.format_map(ctx).split("\n\n") if p.strip()]
    year = timezone.localdate().year
    serial = next_serial(organ=app.organ, year=year, kind="letter")
    short = app.organ.short_name or app.organ.name[:4]
    number = f"{short}依申请〔{year}〕{serial}号"
    data = render_docx(
        title=title, number=number, paragraphs=paragraphs, organ=app.organ.name, date=ctx["date"]
    )
    doc = ApplicationDocument(
        application=app,
        kind=kind,
        title=title,
        number=number,
        public=kind != "consultation",  # the consultation letter goes to the third party
    )
    doc.file.save(f"{app.reference}-{kind}-{serial}.docx", ContentFile(data), save=False)
    doc.save()
    audit_record(
        actor=actor,
        action=ApplicationAudit.DOCUMENT,
        obj=app,
        organ_id=app.organ_id,
        data={"kind": kind, "number": number},
    )
    return doc


def decision_letter_kind(app: Application) -> str:
    outcome = OUTCOME_BY_KEY.get(app.outcome)
    return outcome.letter if outcome else "other"
