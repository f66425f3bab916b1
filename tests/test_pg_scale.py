"""bench/pg_scale.py at a tiny scale on the PostgreSQL test database: the generator writes rows
the models accept (tree, 索引号, statuses, serials), and every measured page answers.

PostgreSQL only (the generator uses COPY); skipped on SQLite. No timing is asserted.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from django.db import connection
from django.db.models import Count, F, Max

from gongkai.applications.models import Application, AppStatus
from gongkai.catalog.models import Column, IndexSerial, Item, Status
from gongkai.catalog.rules import is_policy_document
from gongkai.core.text import parse_doc_number
from gongkai.orgs.models import Organ, tree_keys

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="pg_scale uses COPY: PostgreSQL only"
    ),
]

BENCH = Path(__file__).resolve().parent.parent / "bench" / "pg_scale.py"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pg_scale_bench", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def generated() -> dict:
    bench = load_bench()
    before = {
        "organs": Organ.objects.count(),
        "items": Item.objects.count(),
        "applications": Application.objects.count(),
    }
    out = bench.generate(organs=20, items=2000, applications=500, seed=7, batch=300)
    return {"out": out, "before": before}


def test_counts(generated: dict) -> None:
    before = generated["before"]
    assert Organ.objects.count() - before["organs"] == 20
    assert Item.objects.count() - before["items"] == 2000
    assert Application.objects.count() - before["applications"] == 500
    assert generated["out"]["columns"] == Column.objects.count()


def test_organ_tree_is_consistent() -> None:
    load_bench().generate(organs=20, items=0, applications=0)
    organs = list(Organ.objects.all())
    by_id = {o.pk: o for o in organs}
    for o in organs:
        parent = by_id.get(o.parent_id) if o.parent_id else None
        assert o.path == (parent.path if parent else "/") + f"{o.pk}/"
        o.full_clean()  # valid 统一社会信用代码 / 组织机构代码, unique
    rows = [(o.pk, o.parent_id, o.sort_order, o.name) for o in organs]
    assert tree_keys(rows) == {o.pk: o.tree_key for o in organs}
    province = Organ.objects.get(parent__isnull=True)
    assert province.subtree().count() == 20
    assert {o.level for o in organs} >= {"province", "city"}


def test_items_respect_the_catalog_rules(generated: dict) -> None:
    items = Item.objects.select_related("organ", "column")
    assert not items.exclude(column__organ=F("organ")).exists()
    assert set(items.values_list("status", flat=True)) <= {s.value for s in Status}
    numbered = items.exclude(index_number="")
    # 索引号 "<org code>/<year>-<serial>", unique per organ, serials continued by IndexSerial.
    assert not numbered.values("organ", "index_number").annotate(n=Count("id")).filter(n__gt=1)
    for item in numbered[:200]:
        code, year, serial = re.fullmatch(r"(\w{9})/(\d{4})-(\d{5})", item.index_number).groups()
        assert code == item.organ.org_code
        assert str(item.published_at.year) == year
    for serial in IndexSerial.objects.all():
        last = (
            numbered.filter(organ=serial.organ_id, index_number__contains=f"/{serial.period}-")
            .order_by("-index_number")
            .values_list("index_number", flat=True)
            .first()
        )
        assert last and int(last[-5:]) == serial.last_serial
    for item in items.exclude(doc_number="")[:100]:  # stored as catalog.services.items does
        parsed = parse_doc_number(item.doc_number)
        assert parsed is not None
        assert (item.doc_agency, item.doc_year, item.doc_serial) == (
            parsed.agency,
            parsed.year,
            parsed.serial,
        )
    assert not items.filter(status=Status.PUBLISHED, published_at__isnull=True).exists()
    assert not items.filter(status=Status.DRAFT).exclude(index_number="").exists()
    for item in items.order_by("?")[:20]:
        item.full_clean(exclude=["created_by"])  # generated: no drafter account
    # Table 二's stored flag, as `Item.save` would have set it (the COPY bypasses save).
    flags = [(i.policy_document, is_policy_document(kind=i.kind, column=i.column)) for i in items]
    assert all(stored == rule for stored, rule in flags)
    assert any(stored for stored, _ in flags)


def test_applications_are_consistent(generated: dict) -> None:
    apps = Application.objects.all()
    assert set(apps.values_list("status", flat=True)) <= {s.value for s in AppStatus}
    assert not apps.exclude(organ__kind__in=["government", "department"]).exists()
    answered = apps.filter(status__in=[AppStatus.ANSWERED, AppStatus.ARCHIVED])
    assert answered.exists()
    assert not answered.filter(outcome="").exists()
    assert not answered.filter(answered_on__lt=F("receipt_date")).exists()
    assert apps.aggregate(n=Count("query_code", distinct=True))["n"] == apps.count()
    assert apps.exclude(reference="").values("reference").distinct().count() == apps.count()
    assert Application.objects.aggregate(m=Max("id"))["m"] is not None
    for app in apps.order_by("?")[:20]:
        app.full_clean()


def test_measure_answers_every_page(generated: dict) -> None:
    """`measure` loads each page (HTTP 200 or it raises) and builds the subtree report."""
    out = load_bench().measure(repeat=1)
    assert out["counts"]["items"] == Item.objects.count()
    assert "annual_report_province_subtree" in out["results"]
    for name in ("home", "column_list", "item", "organ_items", "office_queue_province"):
        assert out["results"][name]["queries"] > 0
