"""Organs in tree order: the `tree_key` column (per level the rank among siblings by 排序, then
name), filled for the organs that exist, and the default ordering by it instead of `path`
(which sorted ids as text: /1/10/ before /1/2/)."""

from typing import Any

from django.db import migrations, models


def fill_tree_keys(apps: Any, schema_editor: Any) -> None:
    from gongkai.orgs.models import rebuild_tree_keys

    rebuild_tree_keys(apps.get_model("orgs", "Organ").objects)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_organ_workflow_settings_and_gio_head"),
    ]

    operations = [
        migrations.AddField(
            model_name="organ",
            name="tree_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=255),
        ),
        migrations.AlterModelOptions(
            name="organ",
            options={
                "ordering": ["tree_key"],
                "verbose_name": "机构",
                "verbose_name_plural": "机构",
            },
        ),
        migrations.RunPython(fill_tree_keys, migrations.RunPython.noop),
    ]
