"""The 栏目 a 公报 starts with (as city and county 公报 arrange their 目录); an operator renames,
reorders, adds or switches them off in the admin (`Section`)."""

from typing import Any

from django.db import migrations

from gongkai.gazette.defaults import DEFAULT_SECTIONS



def seed(apps: Any, schema_editor: Any) -> None:
    Section = apps.get_model("gazette", "Section")
    for name, order in DEFAULT_SECTIONS:
        Section.objects.get_or_create(name=name, defaults={"order": order})


def unseed(apps: Any, schema_editor: Any) -> None:
    Section = apps.get_model("gazette", "Section")
    Section.objects.filter(name__in=[n for n, _ in DEFAULT_SECTIONS], entries=None).delete()


class Migration(migrations.Migration):
    dependencies = [("gazette", "0001_issues_entries_sections")]

    operations = [migrations.RunPython(seed, unseed)]
