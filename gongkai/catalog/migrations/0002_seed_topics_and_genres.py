"""Seed the 主题分类 tree (legal-rules §5.3) and the 体裁 list. Rerunnable: existing rows are kept."""

from pathlib import Path

import yaml
from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def seed(apps, schema_editor):
    Topic = apps.get_model("catalog", "Topic")
    Genre = apps.get_model("catalog", "Genre")
    topics = yaml.safe_load((DATA / "topics.yaml").read_text(encoding="utf-8"))
    for i, (top, children) in enumerate(topics.items(), start=1):
        parent, _ = Topic.objects.get_or_create(parent=None, name=top, defaults={"sort_order": i})
        for j, child in enumerate(children or [], start=1):
            Topic.objects.get_or_create(parent=parent, name=child, defaults={"sort_order": j})
    genres = yaml.safe_load((DATA / "genres.yaml").read_text(encoding="utf-8"))
    for i, name in enumerate(genres, start=1):
        Genre.objects.get_or_create(name=name, defaults={"sort_order": i})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_catalog_items_columns_topics")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
