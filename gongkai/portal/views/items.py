"""Item pages, their print view and attachment downloads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from gongkai.catalog.models import Attachment, Item, Validity
from gongkai.catalog.selectors import public_items
from gongkai.participation.selectors import consultations_for_item
from gongkai.portal import pagecache, selectors
from gongkai.portal.views.catalog import organ_crumbs
from gongkai.reports.selectors import published_report_charts
from gongkai.sites.middleware import elsewhere


def _item_or_404(pk: int) -> Item:
    item = selectors.item_page(pk)
    if item is None:
        # Drafts, filed (依申请公开/不予公开) and unknown items look the same: not found.
        raise Http404("信息不存在或未公开")
    return item


def meta_rows(item: Item) -> list[list[tuple[str, str]]]:
    """The 信息公开表头 (legal-rules §5.1) as rows of two label/value pairs."""
    validity = item.get_validity_display()
    if item.validity != Validity.VALID and item.validity_changed_on:
        validity += f"（{item.validity_changed_on:%Y年%m月%d日}）"
    fields = [
        ("索引号", item.index_number),
        ("主题分类", item.topic.label if item.topic else ""),
        ("发布机构", item.organ.name),
        ("成文日期", f"{item.written_on:%Y年%m月%d日}" if item.written_on else ""),
        ("文号", item.doc_number),
        ("发布日期", _local_date(item.published_at)),
        *([("更新日期", _local_date(item.revised_at))] if item.revised_at else []),
        ("有效性", validity),
        ("公开方式", item.get_attribute_display()),
    ]
    if item.genre:
        fields.append(("体裁", item.genre.name))
    if item.keywords:
        fields.append(("关键词", item.keywords))
    return [fields[i : i + 2] for i in range(0, len(fields), 2)]


def _local_date(value: datetime | None) -> str:
    return f"{timezone.localtime(value):%Y年%m月%d日}" if value else ""


def _item_context(request: HttpRequest, item: Item) -> dict[str, Any]:
    withdrawn = item.is_withdrawn  # also while a 恢复发布 waits for 签发
    column = item.column
    crumbs = organ_crumbs(item.organ, last=False)
    crumbs += [(c.name, c.get_absolute_url()) for c in selectors.column_ancestors(column)]
    crumbs += [(column.name, column.get_absolute_url()), ("正文", None)]
    return {
        "item": item,
        "meta_rows": meta_rows(item),
        "withdrawn": withdrawn,
        # 撤回: the page stays so links do not silently die, but nothing of the content is shown.
        "attachments": [] if withdrawn else list(item.attachments.all()),
        "interpretations": [] if withdrawn else selectors.interpretations_of(item),
        "policy": None if withdrawn else selectors.interpreted_policy(item),
        "report_charts": [] if withdrawn else published_report_charts(item),
        # 公开征求意见: the way back from a final policy to its consultation (issue 18 §3).
        "consultations": [] if withdrawn else consultations_for_item(item),
        "page_url": request.build_absolute_uri(item.get_absolute_url()),
        "crumbs": crumbs,
        "column_name": column.name,
        "column_type": "信息公开目录",
    }


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pagecache.declare(request, pagecache.item_tag(pk))
    item = _item_or_404(pk)
    if away := elsewhere(request, item.organ.path):  # another site's item (gongkai/sites)
        return away
    return render(request, "portal/item.html", _item_context(request, item))


def item_print(request: HttpRequest, pk: int) -> HttpResponse:
    pagecache.declare(request, pagecache.item_tag(pk))
    item = _item_or_404(pk)
    if away := elsewhere(request, item.organ.path):
        return away
    return render(request, "portal/item_print.html", _item_context(request, item))


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("item"), pk=pk)
    # Only attachments of currently published 主动公开 items; withdrawn items' files are gone.
    if not public_items().filter(pk=attachment.item_id).exists():
        raise Http404("附件不存在或已撤回")
    try:
        handle = attachment.file.open("rb")
    except OSError as exc:
        raise Http404("附件文件缺失") from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
