"""一图读懂: the picture a 政策解读 carries, drawn by our own code.

A 一图读懂 interpretation presents a policy's key points as an image. The demo draws it with Pillow
(installed with WeasyPrint): an A4-portrait PNG with the policy's title, its 3–4 key points as
labelled boxes and the issuing organ. Chinese text needs a CJK font; the one the project already
relies on for PDF exports is Debian's `fonts-noto-cjk`, looked up when the demo runs. Without it
the image would show empty boxes instead of characters, so no image is drawn and the points are
published as text instead (`points_html`).

The page shows the image inline with an `alt` text that carries the same points, so readers who
cannot see it (screen readers, 适老化 users zooming text) lose nothing.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.html import escape

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

#: A4 portrait (210 × 297 mm) at 150 dpi.
WIDTH, HEIGHT = 1240, 1754
#: Shown at half size in the body; the CSS scales it down further on narrow screens.
SHOWN_WIDTH, SHOWN_HEIGHT = WIDTH // 2, HEIGHT // 2
FONT_PACKAGE = "fonts-noto-cjk"
# Debian's fonts-noto-cjk; other distributions are found through fontconfig.
_KNOWN_FONTS = {
    True: ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",),
    False: ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",),
}
_NUMERALS = "一二三四五六七八九十"
# Characters that may not begin a line (GB/T 15834 punctuation rules): they stay on the line before.
_NO_LINE_START = "，。、；：？！）》」』”’…—"

_RED = (178, 34, 34)
_DARK_RED = (128, 20, 20)
_PALE = (255, 246, 235)
_INK = (34, 34, 34)
_WHITE = (255, 255, 255)
_MARGIN = 80


@dataclass(frozen=True)
class Infographic:
    title: str  # the interpreted policy's title
    points: tuple[tuple[str, str], ...]  # (label, sentence), 3–4 of them
    organ: str
    published_on: date


# ---- fonts ----------------------------------------------------------------------------------
def _fontconfig_candidates(bold: bool) -> list[tuple[str, int]]:
    """(file, face index) of the installed Chinese fonts, best first: Sans SC in the weight."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    result = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [fc_list, ":lang=zh", "file", "index", "family", "style"],
        capture_output=True,
        text=True,
        check=False,
        timeout=20,
    )
    found = []
    for line in result.stdout.splitlines():
        # "/path/file.ttc: Noto Sans CJK SC,Noto Sans CJK SC Bold:style=Bold:index=2"
        path, _, rest = line.partition(": ")
        fields = dict(part.split("=", 1) for part in rest.split(":")[1:] if "=" in part)
        family = rest.split(":")[0]
        score = (
            ("Sans" in family) * 4
            + (" SC" in family) * 2
            + (("Bold" in fields.get("style", "")) == bold)
        )
        found.append((score, path, int(fields.get("index", "0") or 0)))
    return [(path, index) for _score, path, index in sorted(found, key=lambda f: -f[0])]


def _simplified_face(path: str) -> int | None:
    """The face of a CJK collection with simplified-Chinese glyphs (the SC face); else 0."""
    from PIL import ImageFont

    for index in range(10):
        try:
            name = ImageFont.truetype(path, 12, index=index).getname()[0] or ""
        except OSError:
            return 0 if index else None
        if name.endswith(" SC"):
            return index
    return 0


@lru_cache(maxsize=2)
def font_file(bold: bool) -> tuple[str, int] | None:
    """The CJK font to draw with, as (file, face index), or None when none is installed."""
    try:
        import PIL  # noqa: F401 - only checks that Pillow is there
    except ImportError:
        return None
    for path in _KNOWN_FONTS[bold]:
        if Path(path).is_file():
            index = _simplified_face(path)
            if index is not None:
                return path, index
    candidates = _fontconfig_candidates(bold)
    return candidates[0] if candidates else None


@lru_cache(maxsize=16)
def _font(size: int, bold: bool) -> FreeTypeFont:
    from PIL import ImageFont

    found = font_file(bold) or font_file(not bold)
    if found is None:
        raise LookupError(f"no CJK font installed ({FONT_PACKAGE})")
    return ImageFont.truetype(found[0], size, index=found[1])


def can_draw() -> bool:
    return font_file(True) is not None or font_file(False) is not None


# ---- text -----------------------------------------------------------------------------------
def wrap(text: str, font: FreeTypeFont, width: float, max_lines: int) -> list[str]:
    """Break Chinese text into lines no wider than `width`, ending with … when cut short."""
    lines: list[str] = []
    line = ""
    for char in text:
        if line and char not in _NO_LINE_START and font.getlength(line + char) > width:
            lines.append(line)
            line = char
        else:
            line += char
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


def alt_text(info: Infographic) -> str:
    """What the image says, for readers who cannot see it: title, every point, organ."""
    points = "；".join(
        f"{_NUMERALS[i]}、{label}：{text.rstrip('。')}"
        for i, (label, text) in enumerate(info.points)
    )
    return f"一图读懂：{info.title}。{len(info.points)}个要点：{points}。发布机关：{info.organ}。"


def figure_html(info: Infographic, *, src: str) -> str:
    """The image inline in the body, before the written interpretation."""
    return (
        "<p>为便于公众理解，现将该文件的主要内容以图解形式解读如下。</p>"
        f'<p><img src="{escape(src)}" alt="{escape(alt_text(info))}" '
        f'width="{SHOWN_WIDTH}" height="{SHOWN_HEIGHT}"></p>'
    )


def points_html(info: Infographic) -> str:
    """The points as text, when no image could be drawn."""
    items = "".join(
        f"<li><strong>{escape(label)}</strong>：{escape(text)}</li>" for label, text in info.points
    )
    return f"<h2>图解要点</h2><ol>{items}</ol>"


# ---- drawing --------------------------------------------------------------------------------
def draw(info: Infographic) -> bytes | None:
    """The PNG, or None when no CJK font (or Pillow) is installed."""
    if not can_draw():
        return None
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), _WHITE)
    pen = ImageDraw.Draw(image)
    inner = WIDTH - 2 * _MARGIN
    top = _header(pen, info.title, inner)
    footer = _footer(pen, info)
    _points(pen, info.points, top + 50, footer - 40, inner)
    buffer = io.BytesIO()
    # A palette of 64 colours keeps the antialiased text smooth and the file small.
    image.quantize(colors=64).save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def _header(pen: Any, title: str, inner: int) -> int:
    """The red band with 一图读懂 and the policy's title; returns where it ends."""
    size = 56
    lines = wrap(title, _font(size, True), inner, 3)
    if len(lines) == 3:
        size = 48
        lines = wrap(title, _font(size, True), inner, 3)
    step = int(size * 1.35)
    bottom = 215 + len(lines) * step + 45
    pen.rectangle((0, 0, WIDTH, bottom), fill=_RED)
    pen.text((WIDTH / 2, 120), "一图读懂", font=_font(120, True), fill=_WHITE, anchor="mm")
    for i, line in enumerate(lines):
        pen.text(
            (WIDTH / 2, 215 + i * step), line, font=_font(size, True), fill=_WHITE, anchor="ma"
        )
    return bottom


def _footer(pen: Any, info: Infographic) -> int:
    """The band with the organ and date; returns where it starts."""
    top = HEIGHT - 150
    pen.rectangle((0, top, WIDTH, HEIGHT), fill=_DARK_RED)
    pen.text((WIDTH / 2, top + 55), info.organ, font=_font(44, True), fill=_WHITE, anchor="mm")
    day = info.published_on
    pen.text(
        (WIDTH / 2, top + 110),
        f"{day.year}年{day.month}月{day.day}日发布",
        font=_font(32, False),
        fill=_WHITE,
        anchor="mm",
    )
    return top


def _points(
    pen: Any, points: tuple[tuple[str, str], ...], top: int, bottom: int, inner: int
) -> None:
    """One box per point, spread evenly between `top` and `bottom` (smaller type if needed)."""
    for text_size in (42, 38, 34, 30):
        line_height, label_height, padding = int(text_size * 1.4), text_size * 2, text_size * 2 // 3
        text_font, label_font = _font(text_size, False), _font(text_size + 4, True)
        texts = [wrap(text, text_font, inner - 2 * padding, 4) for _label, text in points]
        heights = [label_height + padding + len(t) * line_height + padding for t in texts]
        free = bottom - top - sum(heights)
        if free >= 24 * (len(points) - 1):
            break
    gap = min(60, free // max(len(points) - 1, 1))
    y = top + max(0, (free - gap * (len(points) - 1)) // 2)
    left, right = _MARGIN, WIDTH - _MARGIN
    for i, ((label, _text), lines, height) in enumerate(zip(points, texts, heights, strict=True)):
        pen.rounded_rectangle(
            (left, y, right, y + height), radius=24, fill=_PALE, outline=_RED, width=4
        )
        tab = f"{_NUMERALS[i]}  {label}"
        tab_width = int(label_font.getlength(tab)) + 2 * padding
        pen.rounded_rectangle((left, y, left + tab_width, y + label_height), radius=24, fill=_RED)
        pen.text(
            (left + padding, y + label_height / 2), tab, font=label_font, fill=_WHITE, anchor="lm"
        )
        ty = y + label_height + padding
        for line in lines:
            pen.text((left + padding, ty), line, font=text_font, fill=_INK)
            ty += line_height
        y += height + gap
