"""The mailboxes are set up in the admin (系统配置): name, types, rules, required fields."""

from __future__ import annotations

from django.contrib import admin

from gongkai.mailbox.models import Channel


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "organ", "kind", "active", "require_id_number")
    list_filter = ("kind", "active")
    search_fields = ("name", "organ__name")
    raw_id_fields = ("organ",)
