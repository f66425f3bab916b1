"""Decoding pages: GBK/GB18030 without a charset header is common (issue 17, bad input)."""

from __future__ import annotations

from gongkai.monitor.detect.text import decode

TEXT = "关于做好2024年政府信息公开工作的通知：各乡镇人民政府、县直各单位，现将有关事项通知如下。"


def test_gbk_without_any_declaration_is_detected() -> None:
    text, encoding = decode(f"<html><body><p>{TEXT * 3}</p></body></html>".encode("gbk"))
    assert TEXT in text
    assert encoding == "gb18030"


def test_meta_gb2312_is_read_as_gb18030() -> None:
    # 镕 is outside GB2312; pages labelled gb2312 often hold such characters
    raw = f"<meta charset='gb2312'><p>朱镕基 {TEXT}</p>".encode("gb18030")
    text, encoding = decode(raw)
    assert "朱镕基" in text and encoding == "gb18030"


def test_header_charset_wins_and_a_wrong_one_falls_back() -> None:
    raw = TEXT.encode("utf-8")
    assert decode(raw, header_charset="utf-8")[0] == TEXT
    assert decode(raw, header_charset="gbk")[0] == TEXT  # not valid GBK: next candidate
    assert decode(raw, header_charset="no-such-charset")[0] == TEXT


def test_bom_and_garbage() -> None:
    assert decode(b"\xef\xbb\xbf" + TEXT.encode())[0] == TEXT
    text, _ = decode(bytes(range(256)) * 4)
    assert isinstance(text, str)
