"""What the public reads of a letter: personal data masked (masking.py)."""

from __future__ import annotations

from gongkai.mailbox.masking import mask_name, mask_text

PERSONAL = {
    "name": "王芳",
    "phone": "13912345678",
    "id_number": "11010519491231002X",
    "email": "wangfang@example.com",
    "address": "测试市幸福路12号",
}


def test_the_writers_own_data_is_masked_wherever_it_appears() -> None:
    text = (
        "我是王芳，住测试市幸福路12号，电话13912345678，身份证11010519491231002X，"
        "邮箱wangfang@example.com。"
    )
    masked = mask_text(text, personal=PERSONAL).text
    for value in PERSONAL.values():
        assert value not in masked
    assert "王*" in masked and "（地址已隐去）" in masked and "w***@example.com" in masked


def test_other_personal_data_found_by_the_scanner_is_masked() -> None:
    text = (
        "邻居李四电话13800001111，座机0571-87654321，住青云街8栋2单元301室，"
        "卡号6222020200112233446。"
    )
    masked = mask_text(text).text
    for value in ("13800001111", "87654321", "301", "6222020200112233446"):
        assert value not in masked
    assert "青云街*栋*单元***室" in masked


def test_document_numbers_and_years_stay() -> None:
    text = "依据岚政发〔2026〕3号文件，2026年3月起执行。"
    assert mask_text(text).text == text


def test_secrecy_marks_are_counted() -> None:
    assert mask_text("本文件属内部资料，不得外传").secrecy_marks >= 1
    assert mask_text("请尽快维修").secrecy_marks == 0


def test_mask_name() -> None:
    assert mask_name("王芳") == "王*" and mask_name("欧阳明月") == "欧***" and mask_name("") == ""
