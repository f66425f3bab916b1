"""The 公报's 栏目 are data an operator edits here (name, order, on/off)."""

from django.contrib import admin

from gongkai.gazette.models import Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "active")
    list_editable = ("order", "active")
    ordering = ("order", "pk")
