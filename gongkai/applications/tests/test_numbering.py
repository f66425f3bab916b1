"""Issue 13 point 10: application numbers are unique and readable across organs (today
`2025-0008` existed in two organs); the letters' numbers use the organ's 机关代字 (point 9)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from gongkai.applications.models import Application, ReferencePrefix
from gongkai.applications.selectors import application_by_code
from gongkai.applications.services.numbering import derived_stem, letter_prefix, organ_stem


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("岚川市人民政府", "岚政"),
        ("岚川市人民政府办公室", "岚政办"),
        ("岚川市教育局", "岚教"),
        ("岚川市发展和改革委员会", "岚发改"),
        ("岚川市市场监督管理局", "岚市"),
        ("鹭溪县人民政府", "鹭政"),
        ("鹭溪县晓峰镇人民政府", "晓政"),
        ("晓峰镇人民政府", "晓政"),
        ("测试市人力资源和社会保障局", "测人社"),
        ("国务院办公厅", "国务"),  # no place name: the first two characters
    ],
)
def test_a_stem_is_derived_from_the_name_as_official_abbreviations_are(name, stem) -> None:
    assert derived_stem(name) == stem


def test_the_configured_doc_prefix_wins_and_only_letters_add_yishenqing(make_organ) -> None:
    organ = make_organ("岚川市人民政府办公室", doc_prefix="岚政办依申请")
    assert organ_stem(organ) == "岚政办" and letter_prefix(organ) == "岚政办依申请"
    other = make_organ("岚川市教育局")
    assert organ_stem(other) == "岚教"


def _register(organ: Any, register_with: Any, day: date = date(2025, 9, 26)) -> Application:
    from gongkai.applications.services.intake import application_register
    from gongkai.applications.tests.conftest import CITIZEN

    return application_register(
        actor=register_with, organ=organ, channel="in_person", submitted_on=day, data=dict(CITIZEN)
    ).application


def test_numbers_of_two_organs_never_collide(make_organ, make_user) -> None:
    # Two education bureaus share the stem 岚教: the second organ gets 岚教2.
    first = make_organ("岚川市教育局")
    second = make_organ("岚山区教育局")
    handler = make_user(organ=first, roles=("editor",))
    a = _register(first, handler)
    b = _register(second, make_user(organ=second, roles=("editor",)))
    assert a.reference == "岚教-2025-0001"
    assert b.reference == "岚教2-2025-0001"
    assert _register(first, handler).reference == "岚教-2025-0002"
    assert ReferencePrefix.objects.get(organ=first).prefix == "岚教"
    # A later 机关代字 does not renumber: the stem is the organ's for good.
    first.doc_prefix = "岚教办依申请"
    first.save()
    assert _register(first, handler).reference == "岚教-2025-0003"


def test_the_database_refuses_a_second_application_with_the_same_number(register) -> None:
    app = register()
    other = register(data={"name": "王五", "description": "另一份完全不同的申请内容"})
    with transaction.atomic(), pytest.raises(IntegrityError):
        Application.objects.filter(pk=other.pk).update(reference=app.reference)


def test_the_query_code_lookup_still_finds_the_case(register) -> None:
    app = register()
    assert application_by_code(app.query_code, "5678") == app


@pytest.mark.django_db(transaction=True)
def test_the_migration_rewrites_old_numbers_deterministically(make_organ) -> None:
    """0003/0004: "2025-0001" in three organs becomes "<stem>-2025-0001", unique; and back."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("applications", "0002_answer_signoff_extension_request_reference_prefix")]
    city = make_organ("岚川市教育局")
    district = make_organ("岚山区教育局")
    gov = make_organ("鹭溪县人民政府", doc_prefix="鹭政依申请")
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("applications", "Application")
    fields = {
        "channel": "in_person",
        "submitted_on": date(2025, 9, 26),
        "applicant_type": "natural",
        "name": "李明",
        "phone": "13812345678",
        "description": "统计表",
        "info_form": "paper",
        "delivery": "post",
    }
    for n, organ in enumerate((city, district, gov)):
        old.objects.create(organ_id=organ.pk, reference="2025-0001", query_code=f"Q{n}", **fields)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    refs = dict(Application.objects.values_list("organ_id", "reference"))
    assert refs == {
        city.pk: "岚教-2025-0001",
        district.pk: "岚教2-2025-0001",
        gov.pk: "鹭政-2025-0001",
    }
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    assert set(Application.objects.values_list("reference", flat=True)) == {"2025-0001"}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert dict(Application.objects.values_list("organ_id", "reference")) == refs
