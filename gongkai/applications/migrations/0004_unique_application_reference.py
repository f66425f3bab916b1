"""Application numbers are unique across all organs (after 0003 rewrote the old ones)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_readable_unique_application_references"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="application",
            constraint=models.UniqueConstraint(
                condition=models.Q(("reference", ""), _negated=True),
                fields=("reference",),
                name="unique_application_reference",
            ),
        ),
    ]
