"""Attachment files for demo items, generated in memory: DOCX, XLSX and a small hand-built PDF."""

from __future__ import annotations

import io
import random


def make_docx(title: str, paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_xlsx(title: str, rng: random.Random) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.worksheets[0]
    ws.title = "附表"
    ws.append([title])
    ws.append(["序号", "项目", "数量", "金额（万元）", "备注"])
    for i in range(1, rng.randint(5, 12) + 1):
        ws.append([i, f"项目{i}", rng.randint(1, 400), round(rng.uniform(1, 5000), 2), ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _pdf_text(text: str) -> str:
    """A UTF-16BE hex string for the UniGB-UCS2-H encoded CJK font."""
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def make_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF 1.4 using the standard Adobe-GB1 font STSong-Light (not embedded).

    Readers substitute a local 宋体; no font file ships with the project, which keeps the demo
    small and free of font licences.
    """
    commands = ["BT", "/F1 18 Tf", "72 770 Td", f"{_pdf_text(title)} Tj", "/F1 11 Tf"]
    for line in lines:
        commands += ["0 -24 Td", f"{_pdf_text(line[:40])} Tj"]
    commands.append("ET")
    stream = "\n".join(commands).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [5 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor 7 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def attachment_for(kind: str, title: str, rng: random.Random) -> tuple[str, bytes]:
    """(file name, content) of a demo attachment of `kind` for an item titled `title`."""
    short = title[:40]
    lines = [f"{short}", "（附件）", "本文件为演示数据，由 gongkai demo 生成。"]
    if kind == "docx":
        return f"{short}.docx", make_docx(short, lines[1:])
    if kind == "xlsx":
        return f"{short}附表.xlsx", make_xlsx(short, rng)
    return f"{short}.pdf", make_pdf(short, lines[1:])
