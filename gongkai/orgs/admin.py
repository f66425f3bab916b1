from django.contrib import admin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest

from gongkai.core.audit import audit_record
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
    # Django 5.x warns that URLField's default scheme changes in 6.0; say which one we mean.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(
        self, request: HttpRequest, obj: Organ, form: ModelForm[Organ], change: bool
    ) -> None:
        """An organ added here gets the standard catalog columns, like `organ_create`."""
        from gongkai.catalog.services.columns import columns_create_default

        super().save_model(request, obj, form, change)
        if not change:
            columns_create_default(organ=obj)
        audit_record(
            actor=request.user,
            action="organ.change" if change else "organ.create",
            obj=obj,
            organ_id=obj.pk,
            data={"fields": sorted(form.changed_data)},
        )
