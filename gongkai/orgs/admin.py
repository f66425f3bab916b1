from django.contrib import admin

from gongkai.orgs.models import Membership, Organ


class MembershipInline(admin.TabularInline[Membership, Organ]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organ)
class OrganAdmin(admin.ModelAdmin[Organ]):
    list_display = ["name", "kind", "level", "parent", "credit_code", "org_code"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "short_name", "credit_code", "org_code"]
    inlines = [MembershipInline]
