"""A report whose catalog item was withdrawn (撤回) is 已撤回, no longer 已发布.

Until this migration a report followed its item by a receiver of `item_public_changed` (签发
only) and by a sync run when its page was opened (退回); a withdrawal was never followed. From now
on `gongkai.reports.receivers` follows every item transition as it happens, so reports left
behind by the old way are brought in step with their items once, here, each with an audit row
as the table's writer would have written it (the event values of `reports/transitions.py`).
"""

from typing import Any

from django.db import migrations, models

#: (report status, item status) → (report event, new report status)
_FOLLOW = {
    ("in_review", "published"): ("published", "published"),
    ("in_review", "draft"): ("returned", "draft"),
    ("in_review", "withdrawn"): ("withdrawn", "withdrawn"),
    ("published", "withdrawn"): ("withdrawn", "withdrawn"),
}


def follow_items(apps: Any, schema_editor: Any) -> None:
    AnnualReport = apps.get_model("reports", "AnnualReport")
    AuditEvent = apps.get_model("core", "AuditEvent")
    reports = AnnualReport.objects.filter(
        status__in=["in_review", "published"], item__isnull=False
    ).select_related("item")
    for report in reports:
        step = _FOLLOW.get((report.status, report.item.status))
        if step is None:
            continue
        event, after = step
        before = report.status
        report.status = after
        if after == "draft":
            report.data = {}
        if event == "published" or (before == "in_review" and after == "withdrawn"):
            report.published_at = report.published_at or report.item.published_at
        report.save(update_fields=["status", "data", "published_at", "updated_at"])
        AuditEvent.objects.create(
            actor=None,
            actor_label="系统",
            action=f"report.{event}",
            object_type="reports.annualreport",
            object_id=str(report.pk),
            organ_id=report.organ_id,
            from_state=before,
            to_state=after,
            comment="升级时与公开目录中的信息状态同步",
            data={"item": report.item_id, "item_status": report.item.status},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_audit_log"),
        ("catalog", "0002_seed_topics_and_genres"),
        ("reports", "0002_annual_reports"),
    ]

    operations = [
        migrations.AlterField(
            model_name="annualreport",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "草稿"),
                    ("in_review", "已提交发布（保密审查、签发中）"),
                    ("published", "已发布"),
                    ("withdrawn", "已撤回"),
                ],
                db_index=True,
                default="draft",
                max_length=16,
                verbose_name="状态",
            ),
        ),
        migrations.RunPython(follow_items, migrations.RunPython.noop),
    ]
