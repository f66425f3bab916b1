"""Every organ that exists already gets its standard mailboxes (new organs get them when created,
`mailbox/receivers.py`): no site is left without a consultation channel (legal-rules §4.1).

Self-contained (no app imports, as every data migration): the names and rules are written here
as they were when this migration was made. Rerunnable: an organ's existing kinds are kept.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

TYPES = ["consult", "complaint", "suggestion", "help"]
RULES = (
    "1. 请如实填写姓名和联系电话，以便办理单位联系核实；个人信息依法保密。\n"
    "2. 请一事一信，写明事情的时间、地点、经过和诉求；不得含有违法、侮辱他人的内容。\n"
    "3. 涉及信访、诉讼、仲裁、行政复议等法定途径的事项，请按相应途径办理。\n"
    "4. 提交后请保存查询码，凭查询码和手机号码后四位查询办理情况、评价答复。"
)
LEADER = [("街道", "街道主任信箱"), ("省", "省长信箱"), ("市", "市长信箱"), ("县", "县长信箱"),
          ("区", "区长信箱"), ("镇", "镇长信箱"), ("乡", "乡长信箱")]  # fmt: skip


def _leader(name: str) -> str:
    stem = name.removesuffix("人民政府").removesuffix("办事处")
    for suffix, title in LEADER:
        if stem.endswith(suffix):
            return title
    return "领导信箱"


def create(apps: Any, schema_editor: Any) -> None:
    organ_model = apps.get_model("orgs", "Organ")
    channel_model = apps.get_model("mailbox", "Channel")
    have = set(channel_model.objects.values_list("organ_id", "kind"))
    rows = []
    for organ in organ_model.objects.all().iterator():
        if organ.kind == "government":
            wanted = [
                ("leader", _leader(organ.name), TYPES, 10),
                ("consult", "在线咨询", ["consult"], 20),
            ]
        else:
            wanted = [("department", "部门信箱", TYPES, 10)]
        for kind, name, types, order in wanted:
            if (organ.pk, kind) not in have:
                rows.append(channel_model(organ_id=organ.pk, kind=kind, name=name, types=types,
                                          rules=RULES, sort_order=order))  # fmt: skip
    channel_model.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("mailbox", "0001_initial"), ("orgs", "0003_organ_tree_key")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
