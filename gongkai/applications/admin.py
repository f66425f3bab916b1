"""Admin for 依申请公开. Cases change only through the services (status, dates, audit), so the
application itself is read-only here; organs edit their letter templates (告知书 wording) here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.applications.models import (
    Application,
    ApplicationDocument,
    Consultation,
    LegalChallenge,
    LetterTemplate,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ConsultationInline(ReadOnlyInline):
    model = Consultation
    fields = ["kind", "party", "sent_on", "reply_due", "replied_on", "agrees"]


class DocumentInline(ReadOnlyInline):
    model = ApplicationDocument
    fields = ["number", "title", "kind", "public", "created_at"]
    readonly_fields = ["created_at"]


class ChallengeInline(ReadOnlyInline):
    model = LegalChallenge
    fields = ["kind", "filed_on", "body", "result", "decided_on"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "organ",
        "name",
        "masked_id",
        "masked_tel",
        "status",
        "due_date",
        "outcome",
    ]
    list_filter = ["status", "channel", "applicant_type", "outcome"]
    search_fields = ["reference", "name", "description"]
    list_select_related = ["organ"]
    # Personal data is masked in the admin too; the full values are on the audited case page.
    exclude = ["id_number", "phone", "client_token"]
    inlines = [ConsultationInline, DocumentInline, ChallengeInline]

    @admin.display(description="证件号码")
    def masked_id(self, obj: Application) -> str:
        return obj.masked_id_number

    @admin.display(description="联系电话")
    def masked_tel(self, obj: Application) -> str:
        return obj.masked_phone

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Application._meta.fields if f.name not in self.exclude]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ["organ", "kind", "title", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["organ__name", "title"]
