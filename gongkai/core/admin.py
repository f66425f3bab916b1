from typing import Any

from django.contrib import admin
from django.db.models import QuerySet, URLField
from django.http import HttpRequest
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.core.workcal import services as workcal_services
from gongkai.core.workcal.models import CalendarDay, CalendarVersion, CalendarYear


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["created_at", "actor_label", "action", "object_type", "object_id", "to_state"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_id", "comment"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- Working-day calendar (legal-rules §6): every edit is versioned by the workcal services.


class CalendarDayInline(admin.TabularInline[CalendarDay, CalendarYear]):
    model = CalendarDay
    extra = 1
    fields = ["date", "kind", "name"]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin[CalendarYear]):
    list_display = ["year", "status", "notice_number", "notice_title", "origin", "loaded_at"]
    list_filter = ["status", "origin"]
    search_fields = ["year", "notice_title", "notice_number"]
    readonly_fields = ["origin", "loaded_at"]
    fields = [
        "year",
        "status",
        "notice_title",
        "notice_number",
        "notice_url",
        "note",
        "origin",
        "loaded_at",
    ]
    inlines = [CalendarDayInline]
    formfield_overrides = {URLField: {"assume_scheme": "https"}}

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: Any, change: bool) -> None:
        obj.origin = CalendarYear.Origin.ADMIN
        obj.loaded_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # After the inline days are saved: number the new state of the calendar.
        workcal_services.calendar_year_edited(actor=request.user, year=form.instance)

    def delete_model(self, request: HttpRequest, obj: CalendarYear) -> None:
        pk = obj.pk
        super().delete_model(request, obj)
        obj.pk = pk  # the audit event names the deleted row
        workcal_services.calendar_year_edited(actor=request.user, year=obj, deleted=True)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        for obj in list(queryset):
            self.delete_model(request, obj)


@admin.register(CalendarVersion)
class CalendarVersionAdmin(admin.ModelAdmin[CalendarVersion]):
    list_display = ["number", "label", "reason", "created_at"]
    readonly_fields = ["number", "content_hash", "reason", "created_at", "data"]

    @admin.display(description="版本标识")
    def label(self, obj: CalendarVersion) -> str:
        return obj.label

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
