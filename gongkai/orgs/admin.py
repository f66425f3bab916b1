from django.contrib import admin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest

from gongkai.orgs.models import Membership, Organ
from gongkai.orgs.services import organ_change, organ_create


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
        """Through the services, so an organ added here gets the standard catalog columns."""
        if change:
            organ_change(actor=request.user, organ=obj, changed=form.changed_data)
        else:
            organ_create(actor=request.user, organ=obj)
