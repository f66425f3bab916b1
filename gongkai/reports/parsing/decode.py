"""Bytes → text: UTF-8 (BOM or not), UTF-16 with BOM, GBK/GB18030, or a declared charset."""

from __future__ import annotations

import codecs
import contextlib
import re


class UnknownEncoding(ValueError):
    """The bytes are not text in an encoding we can read."""


_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raise UnknownEncoding with a Chinese message otherwise."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            # An odd byte count or a lone surrogate: not UTF-16 text after all.
            raise UnknownEncoding(
                "无法识别文件编码：文件以 UTF-16 标记开头，但内容不是完整的 UTF-16 文本，"
                "请另存为 UTF-8 后重试。"
            ) from None
    if b"\x00" in data[:4096]:
        raise UnknownEncoding(
            "无法识别文件编码：文件含有二进制内容（可能是 PDF、Word 或图片），"
            "请先提取为文本或 HTML（UTF-8、GBK 或 GB18030 编码）再上传。"
        )
    candidates = ["utf-8"]
    declared = _DECLARED.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        with contextlib.suppress(LookupError):
            candidates.append(codecs.lookup(name).name)
    # GB18030 is a superset of GBK and GB2312: one attempt reads all three.
    candidates.append("gb18030")
    for encoding in dict.fromkeys(candidates):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(text):
            return text, encoding
    raise UnknownEncoding(
        "无法识别文件编码：不是 UTF-8、GBK 或 GB18030 编码的文本，请另存为 UTF-8 后重试。"
    )


def _plausible(text: str) -> bool:
    """Reject decodings that are mostly control or private-use characters."""
    if not text:
        return True
    bad = sum(
        1
        for ch in text
        if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0xE000 <= ord(ch) <= 0xF8FF or ch == "\ufffd"
    )
    return bad / len(text) < 0.01
