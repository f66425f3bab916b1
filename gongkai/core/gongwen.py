"""Page layout of official documents (公文) in DOCX, per GB/T 9704-2012 《党政机关公文格式》.

Used by the letters of 依申请公开 (告知书 …) and the annual-report export, so both print on the
paper and in the layout the organs' own documents use:

- 5.1: A4 paper, 210 mm × 297 mm.
- 5.2.1: 天头 (top margin) 37 mm, 订口 (left margin) 28 mm, 版心 (text block) 156 mm × 225 mm,
  hence a right margin of 210 − 28 − 156 = 26 mm and a bottom margin of 297 − 37 − 225 = 35 mm.
- 5.2.2 / 7.3.1 / 7.3.3: the body in 3号 仿宋 (16 pt), the title in 2号 小标宋 (22 pt).
- 5.2.3: 22 lines of 28 characters a page, filling the text block (the issue's "28 lines" is
  not what the standard says): a line pitch of 225 mm / 22 ≈ 29 pt and a character pitch of
  156 mm / 28 ≈ 15.8 pt, set as the document grid.
- 7.5: page numbers in 4号 (14 pt) half-width 宋体 Arabic digits with a 一字线 on each side
  ("— 1 —"), 7 mm below the text block; odd pages right with one character of space, even
  pages left with one.

Fonts are named as Windows/WPS installs them (方正小标宋简体, 仿宋_GB2312, 宋体); Word substitutes
a fallback where they are missing, without moving the page layout.
"""

from __future__ import annotations

from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)  # 5.1
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)  # 5.2.1
TEXT_WIDTH, TEXT_HEIGHT = Mm(156), Mm(225)
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28  # 5.2.3
BODY_SIZE, TITLE_SIZE, PAGE_NUMBER_SIZE = 16, 22, 14  # 3号, 2号, 4号
TITLE_FONT, BODY_FONT, HEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体"
PAGE_NUMBER_FONT = "宋体"
#: 225 mm / 22 lines, in points (≈ 29 pt).
LINE_PITCH = Pt(TEXT_HEIGHT.pt / LINES_PER_PAGE)
#: The footer sits so that the page number's 一字线 is 7 mm below the text block (7.5).
FOOTER_DISTANCE = Mm(35 - 7 - 5)


def set_font(run: Any, name: str, size: float, *, bold: bool = False) -> None:
    """A run in `name` at `size` points, for Latin and East Asian text alike."""
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def setup_page(document: Any, *, grid: bool = True, page_numbers: bool = True) -> None:
    """A4 with the GB/T 9704 margins on every section; the body style at 3号 仿宋 on the
    22 × 28 grid (`grid`, for letters; a report with small table text leaves it off), and the
    page numbers of 7.5 (`page_numbers`)."""
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_SIZE)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    if grid:
        fmt = normal.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE_PITCH
        fmt.space_before = fmt.space_after = Pt(0)
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = TOP, BOTTOM
        section.left_margin, section.right_margin = LEFT, RIGHT
        section.header_distance = Mm(15)
        section.footer_distance = FOOTER_DISTANCE
        if grid:
            _doc_grid(section)
        if page_numbers:
            _page_numbers(document, section)


def _doc_grid(section: Any) -> None:
    """5.2.3: 22 lines × 28 characters. Word's grid: the line pitch in twips, and the character
    pitch as the difference from the body size in 1/4096 pt (negative: 28 characters of 3号
    need slightly less than 16 pt each)."""
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    char_pitch = TEXT_WIDTH.pt / CHARS_PER_LINE
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))
    grid.set(qn("w:charSpace"), str(round((char_pitch - BODY_SIZE) * 4096)))


def _page_numbers(document: Any, section: Any) -> None:
    """7.5: "— N —" in 4号 宋体; odd pages right, even pages left, one character in."""
    document.settings.odd_and_even_pages_header_footer = True
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph.alignment = align
        one_char = Pt(PAGE_NUMBER_SIZE)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = one_char
        else:
            paragraph.paragraph_format.left_indent = one_char
        set_font(paragraph.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        _page_field(paragraph)
        set_font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _page_field(paragraph: Any) -> None:
    """A PAGE field (begin, instruction, separate, placeholder, end)."""

    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    parts: list[Any] = [char("begin"), None, char("separate"), "1", char("end")]
    for part in parts:
        run = paragraph.add_run()
        set_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        if part is None:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = " PAGE "
            run._r.append(instruction)
        elif isinstance(part, str):
            run.text = part
        else:
            run._r.append(part)


def signature_indents(organ: str, day: str) -> tuple[float, float]:
    """7.3.5.2 (不加盖印章的公文): the organ's name two characters in from the right, the date on
    the next line starting two characters right of the name's first character; a date longer
    than the name keeps two characters on its right and moves the name left. Returns the right
    indents of the name and the date in characters (Arabic digits count half a character)."""

    def width(text: str) -> float:
        return sum(0.5 if ch.isascii() else 1 for ch in text)

    name_w, day_w = width(organ), width(day)
    if name_w >= day_w:
        return 2, name_w - day_w
    return 2 + day_w + 2 - name_w, 2
