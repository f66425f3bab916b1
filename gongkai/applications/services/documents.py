"""Letters (告知书、补正告知书、延期告知书、征询函、收费通知书) rendered to DOCX.

Every decision letter carries its legal basis and the remedy notice of Art. 51: 行政复议 within
60 days (《行政复议法》第二十条) with the organ's 复议机关, 行政诉讼 within 6 months
(《行政诉讼法》第四十六条) with its court, and the contact person and phone of the GIO working
body; an organ that has not set them gets the general wording ("依法申请行政复议") and its
公开办 a warning on the case page (`letter_settings_missing`). The applicant is addressed as
the applicant type requires (a person by name and 您, an organisation by its name and 你单位,
never 您（单位）), and an answer after a 补正 quotes the corrected request (Art. 30).

Letters are laid out as 公文 on A4 (GB/T 9704-2012, `gongkai.core.gongwen`) and numbered like
them: the organ's 机关代字 (`Organ.doc_prefix`, else its number stem + 依申请), 〔year〕, serial 号;
numbers run per organ and year. The wording is the organ's own (`LetterTemplate`) or the default
(`data/letters.yaml`). A letter is an official act of the organ: only its handlers issue one
(`document_generate` checks, not just the hidden button), and a decision letter only once the
answer is signed; it is dated the day it was signed.
"""

from __future__ import annotations

import io
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.applications.audit import ApplicationAudit
from gongkai.applications.fees import FeeMethod
from gongkai.applications.models import (
    ApplicantType,
    Application,
    ApplicationDocument,
    Consultation,
    LetterTemplate,
)
from gongkai.applications.outcomes import OUTCOME_BY_KEY
from gongkai.applications.services.numbering import letter_number
from gongkai.applications.transitions import HANDLER_ROLES, NOT_HANDLER
from gongkai.core import gongwen
from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.orgs.models import Organ
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


#: How earlier templates (and an organ's own copies of them) addressed every applicant.
_OLD_YOU = "您（单位）"


def addressee(app: Application) -> str:
    """How the letter says "you": 您 to a person, 你单位 to an organisation."""
    return "你单位" if app.applicant_type == ApplicantType.ORGANISATION else "您"


def remedy_text(organ: Organ, you: str) -> str:
    """Art. 51: where to seek 行政复议 (60 days) and 行政诉讼 (6 months), with the organ's
    复议机关 and court, or the general wording when it has not set them."""
    review, court = organ.reconsideration_organ.strip(), organ.court.strip()
    where_review = f"向{review}" if review else "依法"
    where_court = f"向{court}" if court else "向有管辖权的人民法院"
    return str(default_templates()["remedy"]).format(
        you=you, reconsideration=where_review, court=where_court
    )


def contact_text(organ: Organ) -> str:
    """The person and phone the applicant can ask (the GIO working body when no person is set)."""
    parts = []
    if organ.gio_contact_person.strip():
        parts.append(f"联系人：{organ.gio_contact_person.strip()}")
    elif organ.gio_name.strip():
        parts.append(f"联系部门：{organ.gio_name.strip()}")
    if organ.gio_phone.strip():
        parts.append(f"联系电话：{organ.gio_phone.strip()}")
    return "，".join(parts) + "。" if parts else ""


def letter_settings_missing(organ: Organ) -> list[str]:
    """The organ settings a complete remedy notice and contact line need but lack."""
    wanted = [
        ("reconsideration_organ", "行政复议机关"),
        ("court", "管辖人民法院"),
        ("gio_contact_person", "依申请公开联系人"),
        ("gio_phone", "联系电话"),
    ]
    return [label for name, label in wanted if not str(getattr(organ, name) or "").strip()]


def letter_context(
    app: Application, *, consultation: Consultation | None = None, draft: bool = False
) -> dict[str, str]:
    """The placeholders of a letter. `draft`: the answer waiting for 审核 / 签发 (preview)."""
    outcome = OUTCOME_BY_KEY.get(app.draft_outcome if draft else app.outcome)
    you = addressee(app)
    contact = contact_text(app.organ)
    remedy = remedy_text(app.organ, you)
    ctx: dict[str, str] = defaultdict(str)
    ctx.update(
        organ=app.organ.name,
        applicant=app.name,
        you=you,
        reference=app.reference,
        received=_cn(app.receipt_date or app.submitted_on),
        # Art. 30: after a 补正 the request is the corrected one.
        description=app.requested_description,
        original_description=app.description,
        outcome_label=outcome.label if outcome else "",
        basis=outcome.basis if outcome else "",
        reason=app.draft_reason if draft else app.outcome_reason,
        due=_cn(app.due_date),
        extension_days=str(app.extension_days or app.extension_requested_days or ""),
        extension_reason=app.extension_reason or app.extension_requested_reason,
        correction_items=app.correction_items,
        correction_deadline=_cn(app.correction_deadline),
        fee_method=FeeMethod.LABELS.get(app.fee_method, ""),
        fee_units=str(app.fee_units or ""),
        fee_amount=f"{app.fee_amount:.2f}" if app.fee_amount is not None else "",
        # The remedy paragraph ends with the contact line, so older templates carry it too.
        remedy=f"{remedy}\n\n{contact}" if contact else remedy,
        contact=contact,
        date=_cn(timezone.localdate()),
    )
    if consultation is not None:
        ctx.update(party=consultation.party, reply_due=_cn(consultation.reply_due))
    return ctx


def letter_paragraphs(body: str, ctx: dict[str, str]) -> list[str]:
    """The template filled in, one string per paragraph (blank lines separate them)."""
    body = body.replace(_OLD_YOU, "{you}")
    return [p.strip() for p in body.format_map(ctx).split("\n\n") if p.strip()]


def letter_preview(app: Application) -> tuple[str, list[str]] | None:
    """The decision letter of the draft answer, as the reviewer and the 签发 read it."""
    outcome = OUTCOME_BY_KEY.get(app.draft_outcome)
    if outcome is None:
        return None
    title, body = template_for(app, outcome.letter)
    return title, letter_paragraphs(body, letter_context(app, draft=True))


def render_docx(*, title: str, number: str, paragraphs: list[str], organ: str, date: str) -> bytes:
    """A 公文 on A4 (GB/T 9704-2012, `gongkai.core.gongwen`): 2号 小标宋 title, the number
    centred below it (7.2.5), 3号 仿宋 body with two characters of indent (7.3.3), the
    addressee flush left (7.3.2), the organ and date as 7.3.5.2 places them."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    gongwen.setup_page(document)
    body_pt, body_font = gongwen.BODY_SIZE, gongwen.BODY_FONT
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    gongwen.set_font(head.add_run(title), gongwen.TITLE_FONT, gongwen.TITLE_SIZE)
    num = document.add_paragraph()
    num.alignment = WD_ALIGN_PARAGRAPH.CENTER
    gongwen.set_font(num.add_run(number), body_font, body_pt)
    document.add_paragraph()  # one blank line between the heading and the addressee
    for i, text in enumerate(paragraphs):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if i > 0:
            p.paragraph_format.first_line_indent = Pt(2 * body_pt)
        gongwen.set_font(p.add_run(text), body_font, body_pt)
    document.add_paragraph()  # 7.3.5.2: the signature one line below the body
    organ_indent, date_indent = gongwen.signature_indents(organ, date)
    for line, indent in ((organ, organ_indent), (date, date_indent)):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(indent * body_pt)
        gongwen.set_font(p.add_run(line), body_font, body_pt)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def letter_kinds(app: Application) -> list[tuple[str, str]]:
    """Letters that fit the case now: the decision letter once answered, and the notices.

    Values are `document_generate` kinds; a consultation letter is `consultation:<pk>`."""
    titles = {k: v["title"] for k, v in default_templates().items() if isinstance(v, dict)}
    kinds: list[tuple[str, str]] = []
    if app.outcome and app.answered_on:  # signed (services/signoff.py), not a draft
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
    if kind in DECISION_KINDS and not (app.outcome and app.answered_on):
        raise ValidationError("答复尚未签发，不能生成答复告知书。")
    title, body = template_for(app, kind)
    ctx = letter_context(app, consultation=consultation)
    # A decision letter is dated the day the answer was signed (its answer date).
    day = app.answered_on if kind in DECISION_KINDS and app.answered_on else timezone.localdate()
    ctx["date"] = _cn(day)
    if kind == "extension":  # an organ's older extension template says {reason}
        ctx["reason"] = ctx["extension_reason"]
    paragraphs = letter_paragraphs(body, ctx)
    number, serial = letter_number(organ=app.organ, year=day.year)
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
