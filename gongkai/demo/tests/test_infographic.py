"""一图读懂: the PNG the demo draws and the text that stands in for it."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from PIL import Image

from gongkai.catalog.sanitize import sanitize_body
from gongkai.demo import infographic
from gongkai.demo.infographic import Infographic

POINTS = (
    ("总体要求", "健全课后服务工作机制，强化资金保障，确保各项任务按期完成。"),
    ("主要任务", "加快推进课后服务信息共享，落实队伍建设，不断提升群众满意度。"),
    ("保障措施", "稳步推进考核评价，优化宣传引导，做到底数清、情况明。"),
    ("施行日期", "本办法自2025年3月1日起施行，有效期五年。"),
)
INFO = Infographic(
    title="岚川市义务教育阶段课后服务管理办法",
    points=POINTS,
    organ="岚川市教育局",
    published_on=date(2025, 2, 3),
)

needs_font = pytest.mark.skipif(
    not infographic.can_draw(), reason=f"no CJK font ({infographic.FONT_PACKAGE})"
)


@needs_font
@pytest.mark.parametrize("count", [3, 4])
def test_the_picture_is_an_a4_portrait_png(count: int) -> None:
    data = infographic.draw(
        Infographic(
            title=INFO.title,
            points=POINTS[:count],
            organ=INFO.organ,
            published_on=INFO.published_on,
        )
    )
    assert data is not None and data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        width, height = image.size
    assert (width, height) == (infographic.WIDTH, infographic.HEIGHT)
    assert abs(height / width - 297 / 210) < 0.01  # A4 portrait
    assert len(data) < 400_000


@needs_font
def test_the_picture_shows_the_points_in_boxes_not_a_blank_page() -> None:
    """Drawn, not empty: the header band is red, the boxes' pale fill and dark text appear."""
    data = infographic.draw(INFO)
    assert data is not None
    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
        colours = {colour for _n, colour in rgb.getcolors(maxcolors=256) or []}
        header = rgb.getpixel((20, 20))
    assert header == (178, 34, 34)
    assert len(colours) > 10  # antialiased CJK text, not flat rectangles


def test_the_alt_text_names_title_points_and_organ() -> None:
    alt = infographic.alt_text(INFO)
    assert INFO.title in alt and INFO.organ in alt
    for label, text in POINTS:
        assert label in alt and text.rstrip("。") in alt
    assert "4个要点" in alt


def test_the_body_shows_the_picture_inline_with_its_alt_text() -> None:
    html = sanitize_body(infographic.figure_html(INFO, src="/attachment/7/"))
    match = re.search(r'<img src="/attachment/7/" alt="([^"]+)"', html)
    assert match is not None, html
    assert all(label in match.group(1) for label, _text in POINTS)
    assert f'width="{infographic.SHOWN_WIDTH}"' in html


def test_without_a_cjk_font_the_points_are_published_as_text(monkeypatch) -> None:
    monkeypatch.setattr(infographic, "can_draw", lambda: False)
    assert infographic.draw(INFO) is None
    text = infographic.points_html(INFO)
    assert all(label in text and body in text for label, body in POINTS)


@needs_font
def test_lines_never_start_with_closing_punctuation() -> None:
    font = infographic._font(42, False)
    text = "稳步推进考核评价，优化宣传引导，做到底数清、情况明。" * 3
    for width in range(300, 700, 37):
        lines = infographic.wrap(text, font, width, 40)
        assert "".join(lines) == text
        assert not any(line[0] in "，。、；：" for line in lines)
