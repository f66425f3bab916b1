"""`Item.policy_document` (counts in the annual report's table 二), backfilled, and its partial
index (issue 16 §7: the province's report read every item joined to its column)."""

from typing import Any

from django.conf import settings
from django.db import migrations, models


def backfill_policy_documents(apps: Any, schema_editor: Any) -> None:
    """One UPDATE: the rule `catalog.rules.is_policy_document` as it stood when the field was
    added (kind 政策文件, or a column of kind 政策文件 or of 第二十条第（一）项), frozen here so
    the migration keeps meaning what it did when the rule moves on."""
    item_model = apps.get_model("catalog", "Item")
    column_model = apps.get_model("catalog", "Column")
    policy_column = column_model.objects.filter(
        models.Q(kind="policy") | models.Q(article="20.1"), pk=models.OuterRef("column_id")
    )
    item_model.objects.filter(
        models.Q(kind="policy") | models.Exists(policy_column), policy_document=False
    ).update(policy_document=True)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0005_scale_indexes'),
        ('orgs', '0003_organ_tree_key'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='item',
            name='policy_document',
            field=models.BooleanField(default=False, editable=False, verbose_name='计入年报表二'),
        ),
        # Going back drops the column, so there is nothing to undo.
        migrations.RunPython(backfill_policy_documents, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='item',
            index=models.Index(condition=models.Q(('policy_document', True)), fields=['organ', 'status', 'published_at'], include=('id', 'written_on', 'validity', 'validity_changed_on', 'genre', 'doc_number'), name='item_policy_document_idx'),
        ),
    ]
