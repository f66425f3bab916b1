"""`Item.policy_document` (counts in table 二, 条例第二十条第（一）项) follows the rule
`rules.is_policy_document` however the item or its column changes, and the migration's backfill
sets it on the rows that existed before the field."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps

from gongkai.catalog.models import Column, Item, ItemKind
from gongkai.catalog.rules import is_policy_document
from gongkai.catalog.services.items import ItemFields, item_update

pytestmark = pytest.mark.django_db


def _column(organ: Any, code: str) -> Column:
    return Column.objects.get(organ=organ, code=code)


def _stored(item: Item) -> bool:
    return Item.objects.values_list("policy_document", flat=True).get(pk=item.pk)


@pytest.mark.parametrize(
    ("kind", "column_kind", "article", "expected"),
    [
        (ItemKind.GENERAL, Column.Kind.POLICY, "", True),  # the 政策文件 column
        (ItemKind.GENERAL, Column.Kind.STATUTORY, "20.1", True),  # 第二十条第（一）项
        (ItemKind.POLICY, Column.Kind.GENERAL, "", True),  # a 政策文件 filed elsewhere
        (ItemKind.POLICY, Column.Kind.STATUTORY, "20.7", True),
        (ItemKind.GENERAL, Column.Kind.STATUTORY, "20.7", False),  # 财政预决算
        (ItemKind.INTERPRETATION, Column.Kind.INTERPRETATION, "", False),  # 政策解读
        (ItemKind.GENERAL, Column.Kind.STATUTORY, "20.10", False),  # not a prefix match
    ],
)
def test_the_rule(kind: str, column_kind: str, article: str, expected: bool) -> None:
    column = Column(kind=column_kind, article=article)
    assert is_policy_document(kind=kind, column=column) is expected


def test_set_when_the_item_is_saved(organ: Any, make_draft: Callable[..., Any]) -> None:
    assert _stored(make_draft()) is True  # make_draft files it in the 政策文件 column
    assert _stored(make_draft(column=_column(organ, "art20-01"))) is True
    assert _stored(make_draft(column=_column(organ, "art20-07"))) is False
    assert _stored(make_draft(column=_column(organ, "art20-07"), kind=ItemKind.POLICY)) is True


def test_follows_an_edit_of_column_or_kind(
    organ: Any, staff: dict[str, Any], make_draft: Callable[..., Any]
) -> None:
    item = make_draft(column=_column(organ, "art20-07"))
    item = item_update(
        actor=staff["editor"], item=item, fields=ItemFields(column=_column(organ, "policy"))
    ).item
    assert _stored(item) is True
    item = item_update(
        actor=staff["editor"], item=item, fields=ItemFields(column=_column(organ, "guide"))
    ).item
    assert _stored(item) is False
    item = item_update(
        actor=staff["editor"], item=item, fields=ItemFields(kind=ItemKind.POLICY)
    ).item
    assert _stored(item) is True


def test_a_save_of_some_fields_still_writes_the_flag(
    organ: Any, make_draft: Callable[..., Any]
) -> None:
    item = make_draft(column=_column(organ, "art20-07"))
    item.column = _column(organ, "art20-01")
    item.save(update_fields=["column"])
    assert _stored(item) is True
    item.column = _column(organ, "guide")
    item.save(update_fields=["title"])  # the column not written: the flag still matches it
    assert Item.objects.get(pk=item.pk).column.code == "art20-01"
    assert _stored(item) is True


def test_follows_a_change_of_its_column(organ: Any, make_draft: Callable[..., Any]) -> None:
    column = _column(organ, "art20-07")
    plain = make_draft(column=column)
    policy = make_draft(column=column, kind=ItemKind.POLICY)
    elsewhere = make_draft(column=_column(organ, "art20-05"))

    column.article = "20.1"
    column.save()
    assert (_stored(plain), _stored(policy), _stored(elsewhere)) == (True, True, False)

    column.article = "20.7"
    column.save(update_fields=["article"])
    assert (_stored(plain), _stored(policy)) == (False, True)

    column.kind = Column.Kind.POLICY
    column.save(update_fields=["name"])  # the kind not written: nothing to follow
    assert _stored(plain) is False
    column.save(update_fields=["kind"])
    assert _stored(plain) is True


def test_the_migration_backfills_every_existing_item(
    organ: Any, make_draft: Callable[..., Any]
) -> None:
    made = [
        make_draft(),
        make_draft(column=_column(organ, "art20-01")),
        make_draft(column=_column(organ, "art20-07")),
        make_draft(column=_column(organ, "art20-07"), kind=ItemKind.POLICY),
        make_draft(column=_column(organ, "interpretation"), kind=ItemKind.INTERPRETATION),
    ]
    Item.objects.update(policy_document=False)  # as the rows stood before the field
    migration = importlib.import_module("gongkai.catalog.migrations.0006_item_policy_document")
    migration.backfill_policy_documents(apps, None)
    got = {i.pk: i.policy_document for i in Item.objects.select_related("column")}
    want = {i.pk: is_policy_document(kind=i.kind, column=i.column) for i in made}
    assert got == want
    assert sorted(want.values()) == [False, False, True, True, True]
