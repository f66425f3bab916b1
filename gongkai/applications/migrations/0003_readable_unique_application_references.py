"""Application numbers unique across organs: "2025-0008" becomes "<stem>-2025-0008".

Each organ with applications gets its stem (`ReferencePrefix`), in organ-id order: its 机关代字
(`doc_prefix` without 依申请) or one derived from its short name or name (岚川市教育局 → 岚教), with
a number appended when an earlier organ holds it (岚教2). Every number of the old form
"<year>-<serial>" is rewritten to "<stem>-<year>-<serial>"; year and serial are kept, so the
mapping is deterministic and reversible. The derivation is a frozen copy of
`services/numbering.py` as of this migration (a migration never imports code that may change).
Audit rows and generated letters keep the number they were written with (the audit log is
append-only).
"""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations

OLD = re.compile(r"^\d{4}-\d+$")
PLACE = re.compile(
    r"^(?P<place>.+?(?:自治区|自治州|自治县|特别行政区|省|市|州|盟|县|旗|区|镇|乡|街道))"
)
INNER_PLACE = re.compile(r"^(?P<place>.{1,6}?(?:县|区|镇|乡|街道))(?=人民政府|办事处)")
LETTER_SUFFIX = re.compile(r"(依申请公开|依申请|依申)$")
MAX_STEM = 12


def derived_stem(name: str) -> str:
    name = re.sub(r"\s+", "", name)
    match = PLACE.match(name)
    if match is None:
        return name[:2]
    place, rest = match["place"], name[match.end() :]
    inner = INNER_PLACE.match(rest)
    if inner is not None:
        place, rest = inner["place"], rest[inner.end() :]
    if not rest:
        return place[:2]
    if rest.startswith("人民政府"):
        function = "政办" if "办公室" in rest else "政"
    elif rest.startswith(("办事处", "街道办事处")):
        function = "办"
    else:
        function = "".join(part[:1] for part in rest.split("和")[:2])
    return place[0] + function


def organ_stem(organ: Any) -> str:
    configured = LETTER_SUFFIX.sub("", (organ.doc_prefix or "").strip())
    stem = configured or derived_stem(organ.short_name or organ.name)
    return stem[:MAX_STEM] or "依申请"


def forwards(apps: Any, schema_editor: Any) -> None:
    Application = apps.get_model("applications", "Application")
    Organ = apps.get_model("orgs", "Organ")
    ReferencePrefix = apps.get_model("applications", "ReferencePrefix")
    taken = set(ReferencePrefix.objects.values_list("prefix", flat=True))
    organ_ids = sorted(set(Application.objects.values_list("organ_id", flat=True)))
    for organ in Organ.objects.filter(pk__in=organ_ids).order_by("pk"):
        found = ReferencePrefix.objects.filter(organ_id=organ.pk).first()
        if found is None:
            stem = organ_stem(organ)
            prefix, n = stem, 1
            while prefix in taken:
                n += 1
                prefix = f"{stem[: MAX_STEM - len(str(n))]}{n}"
            found = ReferencePrefix.objects.create(organ_id=organ.pk, prefix=prefix)
            taken.add(prefix)
        for app in Application.objects.filter(organ_id=organ.pk).order_by("pk"):
            if OLD.match(app.reference):
                app.reference = f"{found.prefix}-{app.reference}"
                app.save(update_fields=["reference"])


def backwards(apps: Any, schema_editor: Any) -> None:
    Application = apps.get_model("applications", "Application")
    ReferencePrefix = apps.get_model("applications", "ReferencePrefix")
    for row in ReferencePrefix.objects.all():
        for app in Application.objects.filter(
            organ_id=row.organ_id, reference__startswith=f"{row.prefix}-"
        ):
            rest = app.reference[len(row.prefix) + 1 :]
            if OLD.match(rest):
                app.reference = rest
                app.save(update_fields=["reference"])
    ReferencePrefix.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_answer_signoff_extension_request_reference_prefix"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
