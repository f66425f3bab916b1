"""Django admin for catalog configuration (topics, genres, columns).

Items, attachments and scanner findings are shown read-only: their changes must go through the
services (status through the workflow, with audit events), which the back office calls.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.catalog.models import Attachment, Column, Genre, Item, ScanFinding, Topic


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TopicChildInline(admin.TabularInline[Topic, Topic]):
    model = Topic
    fk_name = "parent"
    extra = 0
    fields = ["name", "sort_order"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin[Topic]):
    list_display = ["label", "parent", "sort_order"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "parent__name"]
    list_select_related = ["parent"]
    inlines = [TopicChildInline]


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin[Genre]):
    list_display = ["name", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["name"]


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin[Column]):
    list_display = ["name", "organ", "parent", "code", "kind", "article", "sort_order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "organ__name"]
    list_select_related = ["organ", "parent"]
    autocomplete_fields = ["organ"]
    raw_id_fields = ["parent"]


class AttachmentInline(admin.TabularInline[Attachment, Item]):
    model = Attachment
    extra = 0
    fields = ["original_name", "file_kind", "size", "sha256", "created_at"]
    readonly_fields = ["original_name", "file_kind", "size", "sha256", "created_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FindingInline(admin.TabularInline[ScanFinding, Item]):
    model = ScanFinding
    extra = 0
    fields = ["kind", "source", "excerpt", "acknowledged_by", "acknowledged_at"]
    readonly_fields = ["kind", "source", "excerpt", "acknowledged_by", "acknowledged_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    """Read-mostly: editing and status changes happen in the back office (/office/)."""

    list_display = [
        "title",
        "organ",
        "column",
        "status",
        "attribute",
        "index_number",
        "published_at",
    ]
    list_filter = ["status", "attribute", "kind", "validity"]
    search_fields = ["title", "index_number", "doc_number"]
    list_select_related = ["organ", "column"]
    date_hierarchy = "published_at"
    inlines = [AttachmentInline, FindingInline]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "item", "file_kind", "size", "created_at"]
    list_filter = ["file_kind"]
    search_fields = ["original_name", "sha256", "item__title"]
    list_select_related = ["item"]


@admin.register(ScanFinding)
class ScanFindingAdmin(ReadOnlyAdmin):
    list_display = ["item", "kind", "source", "excerpt", "acknowledged_by", "acknowledged_at"]
    list_filter = ["kind"]
    search_fields = ["item__title", "excerpt"]
    list_select_related = ["item", "acknowledged_by"]
