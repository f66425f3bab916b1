"""The confidentiality scanner (保密审查 aid): what it flags, how it masks, what it leaves alone."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.catalog.scanner import Hit, html_text, id_kind, mask_html, mask_plain, scan_text
from gongkai.catalog.services import workflow
from gongkai.core.identifiers import luhn_valid

ID_NUMBER = "11010519491231002X"  # valid birth date and check character
ID_AND_LUHN = "110105198001011553"  # a valid ID whose digits also pass the Luhn check
CARD = "6222021234567894"  # Luhn-valid 16-digit card number


def kinds(text: str) -> list[str]:
    return [hit.kind for hit in scan_text(text)]


def test_flags_a_valid_id_number_and_a_mobile_masked() -> None:
    hits = scan_text(f"申请人张三，身份证号{ID_NUMBER}，电话13812345678。")
    assert hits == [Hit("id_number", "110105********002X"), Hit("mobile", "138****5678")]
    assert all(ID_NUMBER not in h.excerpt and "13812345678" not in h.excerpt for h in hits)


def test_lower_case_and_full_width_id_numbers_are_flagged() -> None:
    assert kinds(ID_NUMBER.lower()) == ["id_number"]
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in ID_NUMBER)
    assert scan_text(f"身份证：{full_width}") == [Hit("id_number", "110105********002X")]


@pytest.mark.parametrize(
    "text",
    [
        # (A wrong check character used to be ignored here; issue 13 flags it as 疑似身份证号,
        # see test_wrong_check_digit_is_a_suspected_id_number.)
        "110105194902300020",  # check character right, but 2月30日 is no birth date
        "110105189912310023",  # check character right, but born before 1900
        f"A{ID_NUMBER}",  # part of a longer code, not an ID on its own
        f"{ID_NUMBER}7",
    ],
)
def test_id_shaped_numbers_that_are_not_ids_are_ignored(text: str) -> None:
    assert "id_number" not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "测人社发〔2026〕7号",  # 文号
        "国办发〔2019〕15号、浙政办发〔2025〕123号",
        "索引号 717000016/2026-00001",
        "联系电话：0571-12345678，邮编310000",  # landline and postcode
        "2026年3月2日印发，共12页",
        "第12345678901234号",  # 14 digits: too long for a mobile, too short for a card
    ],
)
def test_document_numbers_and_dates_are_not_flagged(text: str) -> None:
    assert scan_text(text) == []


def test_mobile_inside_a_longer_number_is_not_a_mobile() -> None:
    assert "mobile" not in kinds("流水号2138123456789")
    assert "mobile" not in kinds("流水号1381234567890")


def test_bank_card_needs_the_luhn_check() -> None:
    assert scan_text(f"账号{CARD}") == [Hit("bank_card", "6222********7894")]
    assert kinds("账号6222 0212 3456 7894") == ["bank_card"]
    assert "bank_card" not in kinds("账号6222021234567895")


def test_an_id_number_is_not_reported_again_as_a_bank_card() -> None:
    assert kinds(ID_AND_LUHN) == ["id_number"]


def test_email_is_masked_to_its_first_letter() -> None:
    assert scan_text("邮箱 zhangsan@example.com") == [Hit("email", "z***@example.com")]


@pytest.mark.parametrize(
    "text",
    ["机密★1年", "★绝密", "秘密 ★ 10年", "内部资料 注意保密", "本文件不得外传", "密级：无"],
)
def test_secrecy_marks_are_flagged_with_their_context(text: str) -> None:
    hits = [h for h in scan_text(f"正文开头。{text}正文结尾。") if h.kind == "secrecy_mark"]
    assert hits and all(h.excerpt.strip() for h in hits)


def test_ordinary_words_are_not_secrecy_marks() -> None:
    assert scan_text("保密审查通过后公开；秘书处负责解释。") == []


def test_repeated_findings_are_reported_once() -> None:
    text = f"{ID_NUMBER}；复印件号码同上：{ID_NUMBER}；电话13812345678，13812345678。"
    assert kinds(text) == ["id_number", "mobile"]


def test_empty_text_has_no_findings() -> None:
    assert scan_text("") == []


def test_invalid_id_number_is_flagged_as_suspected(make_draft, staff) -> None:
    """Was `test_invalid_id_number_is_not_flagged`: issue 13 wants a wrong check digit flagged
    as 疑似身份证号 (never as a plain 身份证号码)."""
    item = make_draft(body="<p>编号110105194912310021</p>")
    item = workflow.item_submit(actor=staff["editor"], item=item)
    assert not item.findings.filter(kind="id_number").exists()
    finding = item.findings.get(kind="id_suspect")
    assert finding.excerpt == "110105********0021" and finding.severity == "提示"
    assert finding.get_kind_display() == "疑似身份证号"


# ---- issue 13: 疑似身份证号 ------------------------------------------------------------------


def test_wrong_check_digit_is_a_suspected_id_number() -> None:
    assert scan_text("身份证号110105194912310021") == [Hit("id_suspect", "110105********0021")]
    assert kinds(ID_NUMBER) == ["id_number"]  # a valid one stays 身份证号码


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        (ID_NUMBER, "id_number"),
        ("110105194912310021", "id_suspect"),  # check digit wrong, the rest is an ID
        ("11010519491231002x", "id_number"),  # lower-case x
        ("000105194912310021", None),  # region code 00
        ("001105194912310021", None),
        ("990105194912310021", None),  # no such province, and the check digit is wrong
        ("110105194902300021", None),  # 2月30日
        ("110105194913010021", None),  # 13月
        ("110105189912310021", None),  # born before 1900
        ("110105299912310021", None),  # born in the future
        ("202604011234567890", None),  # an order number starting with a date
    ],
)
def test_id_kind_table(number: str, kind: str | None) -> None:
    assert id_kind(number, today=date(2026, 12, 3)) == kind


def test_a_suspected_id_is_not_reported_again_as_a_bank_card() -> None:
    number = "110105194912310002"  # fails the ID check, passes Luhn
    assert luhn_valid(number)
    assert kinds(number) == ["id_suspect"]


# ---- issue 13: the preview masks what the findings mask ------------------------------------


def test_preview_masks_and_marks_what_the_findings_mask() -> None:
    html = f"<p>申请人身份证号{ID_NUMBER}，电话13812345678，邮箱 zhangsan@example.com。</p>"
    preview = mask_html(html, {"id_number": "身份证号码"})
    for hit in scan_text(html_text(html)):
        assert hit.excerpt in preview
    assert ID_NUMBER not in preview and "13812345678" not in preview
    assert "zhangsan" not in preview
    assert preview.count('<mark class="scan-hit') == 3
    assert "〔保密扫描：身份证号码〕" in preview
    assert preview.startswith("<p>申请人身份证号<mark") and preview.endswith("。</p>")


def test_preview_keeps_tags_and_masks_a_number_split_by_one() -> None:
    html = (
        '<p>电话<strong>138</strong>12345678；<a href="https://e.gov.cn/?a=1&amp;b=2">链接</a></p>'
    )
    preview = mask_html(html)
    assert "138****5678" in preview
    text_only = preview.replace("<strong>", "").replace("</strong>", "")
    assert "12345678" not in text_only.replace("138****5678", "")
    assert '<a href="https://e.gov.cn/?a=1&amp;b=2">链接</a>' in preview


def test_preview_masks_full_width_digits_and_escapes_text() -> None:
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in ID_NUMBER)
    preview = mask_html(f"<p>证号{full_width} &lt;script&gt;</p>")
    assert "110105********002X" in preview and full_width not in preview
    assert "&lt;script&gt;" in preview and "<script>" not in preview


def test_paragraph_boundaries_separate_numbers() -> None:
    html = "<p>13812345678</p><p>13912345678</p>"
    assert [h.excerpt for h in scan_text(html_text(html))] == ["138****5678", "139****5678"]
    assert mask_html(html).count("scan-mobile") == 2


def test_secrecy_marks_are_highlighted_not_masked() -> None:
    preview = mask_html("<p>机密★1年</p>")
    assert '<mark class="scan-hit scan-secrecy_mark">' in preview and "机密★" in preview


def test_plain_text_preview_keeps_lines() -> None:
    assert mask_plain("联系人：张三\n电话13812345678") == (
        "联系人：张三<br>电话"
        '<mark class="scan-hit scan-mobile"><span class="visually-hidden">〔保密扫描：mobile〕'
        "</span>138****5678</mark>"
    )
