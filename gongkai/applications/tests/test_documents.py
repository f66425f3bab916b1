import io
from datetime import date

import docx
import docx.document
import pytest
from django.utils import timezone
from docx.shared import Pt

from gongkai.applications.models import LetterTemplate
from gongkai.applications.services import workflow as wf
from gongkai.applications.services.documents import decision_letter_kind, document_generate
from gongkai.core.identifiers import make_org_code, make_uscc


def _text(doc_file) -> str:
    with doc_file.open("rb") as fh:
        document = docx.Document(io.BytesIO(fh.read()))
    return "\n".join(p.text for p in document.paragraphs)


def test_denial_letter_carries_basis_and_remedy(
    register, staff, answer, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    app = register()
    app = answer(
        app,
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


# ----- issue 13 point 9: 公文 on A4, addressee, corrected request, remedy, 机关代字 ----------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _open(doc) -> docx.document.Document:
    with doc.file.open("rb") as fh:
        return docx.Document(io.BytesIO(fh.read()))


def _east_asian(run) -> str:
    return str(run._element.xpath("./w:rPr/w:rFonts/@w:eastAsia")[0])


def _granted(register, answer, **kw):
    return answer(register(**kw), outcome="granted", on=date(2026, 3, 5))


def test_letters_are_a4_gb_t_9704_documents(register, answer, staff, settings, tmp_path) -> None:
    """GB/T 9704-2012: A4 (5.1), margins 37/35/28/26 mm (5.2.1), 3号 仿宋 body and 2号 小标宋
    title (5.2.2, 7.3.1), 22 lines × 28 characters (5.2.3), page numbers in the footer (7.5)."""
    settings.MEDIA_ROOT = tmp_path
    app = _granted(register, answer)
    document = _open(document_generate(actor=staff["editor"], app=app, kind="grant"))
    section = document.sections[0]
    size = [section.page_width, section.page_height]
    assert [x.mm if x else 0 for x in size] == pytest.approx([210, 297], abs=0.1)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [x.mm if x else 0 for x in margins] == pytest.approx([37, 35, 28, 26], abs=0.1)
    grid = section._sectPr.find(f"{W}docGrid")
    assert grid is not None and grid.get(f"{W}type") == "linesAndChars"
    assert int(grid.get(f"{W}linePitch")) == pytest.approx(225 / 25.4 * 72 * 20 / 22, abs=2)
    title, body = document.paragraphs[0].runs[0], document.paragraphs[3].runs[0]
    assert title.font.size == Pt(22) and "小标宋" in _east_asian(title)
    assert body.font.size == Pt(16) and _east_asian(body) == "仿宋_GB2312"
    assert "PAGE" in section.footer._element.xml and "PAGE" in section.even_page_footer._element.xml
    assert document.settings.odd_and_even_pages_header_footer
    # The decision letter is dated the day the answer was signed (7.3.5: 成文日期).
    assert document.paragraphs[-1].text == "2026年3月5日"


def test_letter_number_uses_the_organs_doc_prefix(
    register, answer, staff, organ, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    app = _granted(register, answer)
    first = document_generate(actor=staff["editor"], app=app, kind="grant")
    # No 机关代字 set: the organ's number stem (测试市人力资源和社会保障局 → 测人社) + 依申请,
    # not its name cut to four characters (测试市人依申请).
    assert first.number == "测人社依申请〔2026〕1号"
    organ.doc_prefix = "测人社办依申请"
    organ.save()
    app.refresh_from_db()
    second = document_generate(actor=staff["editor"], app=app, kind="grant")
    assert second.number == "测人社办依申请〔2026〕2号"


def test_a_person_is_addressed_by_name_and_an_organisation_as_such(
    register, answer, staff, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    person = _granted(register, answer)
    text = _text(document_generate(actor=staff["editor"], app=person, kind="grant").file)
    assert "李明：" in text and "收到您提出的" in text
    assert "您（单位）" not in text and "你单位" not in text
    company = _granted(
        register,
        answer,
        data={
            "applicant_type": "organisation",
            "org_subtype": "commercial",
            "name": "测试市青禾科技有限公司",
            "credit_code": make_uscc(
                registration="91", division="330100", org_code9=make_org_code("MA27XL6P")
            ),
            "legal_rep": "王五",
            "contact_person": "赵六",
            "description": "另一份完全不同的申请内容",
        },
    )
    text = _text(document_generate(actor=staff["editor"], app=company, kind="grant").file)
    assert "测试市青禾科技有限公司：" in text and "收到你单位提出的" in text
    assert "您" not in text


def test_an_organs_older_template_is_addressed_right(
    register, answer, staff, organ, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    LetterTemplate.objects.create(
        organ=organ, kind="grant", title="答复书", body="{applicant}：\n\n您（单位）的申请已办结。"
    )
    text = _text(
        document_generate(actor=staff["editor"], app=_granted(register, answer), kind="grant").file
    )
    assert "您的申请已办结。" in text and "您（单位）" not in text


def test_an_answer_after_correction_quotes_the_corrected_request(
    register, answer, staff, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    app = register(submitted_on=date(2026, 3, 2))
    app = wf.application_request_correction(
        actor=staff["editor"],
        app=app,
        on=date(2026, 3, 3),
        items="年份",
        deadline=date(2026, 3, 17),
    )
    app = wf.application_receive_correction(
        actor=None, app=app, on=date(2026, 3, 5), text="2025年一次性扩岗补助发放情况"
    )
    app = answer(app, outcome="granted", on=date(2026, 3, 9))
    text = _text(document_generate(actor=staff["editor"], app=app, kind="grant").file)
    assert "申请获取“2025年一次性扩岗补助发放情况”" in text
    assert app.description not in text


def test_the_remedy_names_the_review_organ_court_and_contact(
    register, answer, staff, organ, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    app = _granted(register, answer)
    text = _text(document_generate(actor=staff["editor"], app=app, kind="grant").file)
    # Not set: the general wording (Art. 51), and the GIO working body as contact.
    assert "六十日内依法申请行政复议" in text
    assert "六个月内向有管辖权的人民法院提起行政诉讼" in text
    assert "联系部门：办公室，联系电话：0571-12345678。" in text
    organ.reconsideration_organ = "测试市人民政府"
    organ.court = "测试市西湖区人民法院"
    organ.gio_contact_person = "陈静"
    organ.save()
    app.refresh_from_db()
    text = _text(document_generate(actor=staff["editor"], app=app, kind="grant").file)
    assert "六十日内向测试市人民政府申请行政复议" in text
    assert "六个月内向测试市西湖区人民法院提起行政诉讼" in text
    assert "联系人：陈静，联系电话：0571-12345678。" in text


def test_the_gio_sees_which_letter_settings_are_missing(
    client, register, staff, organ, settings, tmp_path
) -> None:
    from django.urls import reverse

    settings.MEDIA_ROOT = tmp_path
    app = register()
    client.force_login(staff["editor"])
    page = client.get(reverse("office_apps:case", args=[app.pk])).content.decode()
    assert 'id="letter-settings-missing"' in page
    assert "行政复议机关、管辖人民法院、依申请公开联系人" in page
    organ.reconsideration_organ, organ.court = "测试市人民政府", "测试市西湖区人民法院"
    organ.gio_contact_person = "陈静"
    organ.save()
    page = client.get(reverse("office_apps:case", args=[app.pk])).content.decode()
    assert 'id="letter-settings-missing"' not in page
