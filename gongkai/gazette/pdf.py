"""The PDF of a 公报 issue, laid out as a 公报: A4, a cover (the gazette's name, the year and
第N期), the 目录 with page numbers, then each entry (title, 文号, body).

Made as the annual report's PDF is (`reports/writers/pdf.py`): HTML through WeasyPrint, with a
CJK font found by fontconfig; without either, `PdfUnavailable` says what to install. The check
is repeated here because `reports` sits above this app (imports point downward).

WeasyPrint fetches nothing: the bodies are staff-written HTML, and a fetch of an `<img src>`
would let a body read local files or reach internal addresses. Images are left out; the body's
text is the standard text.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from gongkai.gazette.models import GazetteEntry, GazetteIssue

FONT_PACKAGE = "fonts-noto-cjk"


class PdfUnavailable(Exception):
    """The PDF cannot be made on this server; the message says what to install."""


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int


def cjk_font_installed() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    result = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False, timeout=20
    )
    return bool(result.stdout.strip())


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"公报 PDF 不读取外部资源：{url[:80]}")


def sections_of(entries: list[GazetteEntry]) -> list[tuple[str, list[GazetteEntry]]]:
    """The entries grouped by section, in the 目录's order (entries come ordered)."""
    groups: list[tuple[str, list[GazetteEntry]]] = []
    for entry in entries:
        if not groups or groups[-1][0] != entry.section.name:
            groups.append((entry.section.name, []))
        groups[-1][1].append(entry)
    return groups


def issue_html(issue: GazetteIssue, entries: list[GazetteEntry]) -> str:
    return render_to_string("gazette/pdf.html", {"issue": issue, "sections": sections_of(entries)})


def render_issue(issue: GazetteIssue, entries: list[GazetteEntry]) -> Rendered:
    try:
        from weasyprint import HTML
    except (ImportError, OSError):
        raise PdfUnavailable(
            "本服务器未安装 PDF 生成组件 WeasyPrint（pip install weasyprint），暂不能生成公报 PDF。"
        ) from None
    if not cjk_font_installed():
        raise PdfUnavailable(
            "本服务器没有中文字体，生成的公报 PDF 会缺字，因此暂不能生成。"
            f"请管理员安装中文字体包 {FONT_PACKAGE}"
            f"（Debian/Ubuntu：apt-get install {FONT_PACKAGE}）。"
        )
    document = HTML(string=issue_html(issue, entries), url_fetcher=_no_fetch).render()
    return Rendered(data=document.write_pdf(), pages=len(document.pages))
