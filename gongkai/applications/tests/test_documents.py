import io
from datetime import date

import docx
from django.utils import timezone

from gongkai.applications.models import LetterTemplate
from gongkai.applications.services import workflow as wf
from gongkai.applications.services.documents import decision_letter_kind, document_generate


def _text(doc_file) -> str:
    with doc_file.open("rb") as fh:
        document = docx.Document(io.BytesIO(fh.read()))
    return "\n".join(p.text for p in document.paragraphs)


def test_denial_letter_carries_basis_and_remedy(register, staff, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    app = register()
    app = wf.application_answer(
        actor=staff["editor"],
        app=app,
        outcome="denied.process_info",
        on=date(2026, 3, 5),
        reason="所申请信息为内部讨论记录。",
    )
    kind = decision_letter_kind(app)
    assert kind == "deny"
    doc = document_generate(actor=staff["editor"], app=app, kind=kind)
    text = _text(doc.file)
    assert "政府信息不予公开告知书" in text
    assert "《条例》第十六条第二款" in text
    assert "六十日内" in text and "六个月内" in text
    assert app.name in text and app.reference in text
    second = document_generate(actor=staff["editor"], app=app, kind=kind)
    assert doc.number.endswith(f"〔{timezone.localdate().year}〕1号")
    assert second.number.endswith("2号")


def test_organ_template_overrides_default(register, staff, organ, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    LetterTemplate.objects.create(
        organ=organ,
        kind="correction",
        title="补正通知",
        body="{applicant}：请补充{correction_items}。",
    )
    app = register()
    app = wf.application_request_correction(
        actor=staff["editor"],
        app=app,
        on=date(2026, 3, 3),
        items="申请年份",
        deadline=date(2026, 3, 17),
    )
    text = _text(document_generate(actor=staff["editor"], app=app, kind="correction").file)
    assert "李明：请补充申请年份。" in text and "补正通知" in text
