"""PDF through WeasyPrint, from the HTML export. Needs a CJK font; otherwise says which package."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Collection

from gongkai.reports.definitions import ReportData
from gongkai.reports.writers.html import write_html

FONT_PACKAGE = "fonts-noto-cjk"


class WriterUnavailable(Exception):
    """The export cannot be produced on this server; the message says what to install."""


def cjk_font_installed() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    result = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False, timeout=20
    )
    return bool(result.stdout.strip())


def write_pdf(data: ReportData, *, charts: Collection[str] = ()) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError):
        raise WriterUnavailable(
            "本服务器未安装 PDF 生成组件 WeasyPrint（pip install weasyprint），暂不能导出 PDF，"
            "请导出 DOCX 或 HTML。"
        ) from None
    if not cjk_font_installed():
        raise WriterUnavailable(
            "本服务器没有中文字体，导出的 PDF 会缺字，因此暂不能导出 PDF。"
            f"请管理员安装中文字体包 {FONT_PACKAGE}"
            f"（Debian/Ubuntu：apt-get install {FONT_PACKAGE}）。"
        )
    result: bytes = HTML(string=write_html(data, charts=charts).decode("utf-8")).write_pdf()
    return result
