"""Organs in tree order everywhere: each level by 排序, then name — not `path` as text (which
put /1/10/ before /1/2/) — and people in pickers told apart by their organ."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.orgs.models import Organ, Role, rebuild_tree_keys, tree_keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(make_organ: Callable[..., Any]) -> Any:
    """A city with eleven departments (ids 1, 2 … 11 below it: path order would be 1, 10, 11, 2)
    and a county with its own department."""
    gov = make_organ("岚川市人民政府", kind=Organ.Kind.GOVERNMENT)
    county = make_organ("青岚区人民政府", parent=gov, kind=Organ.Kind.GOVERNMENT, sort_order=200)
    make_organ("青岚区卫生健康局", parent=county)
    for n in range(1, 11):
        make_organ(f"岚川市第{n:02d}局", parent=gov, sort_order=100)
    make_organ("岚川市发展和改革委员会", parent=gov, sort_order=10)
    return gov


def names(organs: Any) -> list[str]:
    return [o.name for o in organs]


def test_default_order_is_the_tree(city: Any) -> None:
    listed = names(Organ.objects.all())
    assert listed[0] == "岚川市人民政府"
    assert listed[1] == "岚川市发展和改革委员会"  # 排序 10 comes first at its level
    assert listed[2:12] == [f"岚川市第{n:02d}局" for n in range(1, 11)]  # then by name
    assert listed[12:] == ["青岚区人民政府", "青岚区卫生健康局"]  # a subtree stays together
    assert [o.depth for o in Organ.objects.all()][:3] == [0, 1, 1]


def test_renaming_reordering_and_moving_follow(city: Any) -> None:
    county = Organ.objects.get(name="青岚区人民政府")
    county.sort_order = 1
    county.save()
    assert names(Organ.objects.all())[1:3] == ["青岚区人民政府", "青岚区卫生健康局"]
    tenth = Organ.objects.get(name="岚川市第10局")
    tenth.name = "岚川市第00局"
    tenth.save(update_fields=["name"])
    listed = names(Organ.objects.all())
    assert listed.index("岚川市第00局") < listed.index("岚川市第01局")
    health = Organ.objects.get(name="青岚区卫生健康局")
    health.parent = city
    health.sort_order = 5
    health.save()
    assert names(Organ.objects.all())[1:4] == [
        "青岚区人民政府",  # 排序 1, now without children
        "青岚区卫生健康局",  # 排序 5, moved up to the city
        "岚川市发展和改革委员会",  # 排序 10
    ]
    assert health.path == f"{city.path}{health.pk}/"


def test_keys_are_digits_and_the_migration_fills_them(city: Any) -> None:
    Organ.objects.update(tree_key="")
    rebuild_tree_keys(Organ.objects)
    keys = list(Organ.objects.values_list("tree_key", flat=True))
    assert all(k.isdigit() and len(k) % 4 == 0 for k in keys)
    assert keys == sorted(keys)
    # Same 排序: by name (一 U+4E00 before 二 U+4E8C), a child right after its parent.
    assert tree_keys([(1, None, 100, "二"), (2, None, 100, "一"), (3, 1, 100, "三")]) == {
        2: "0001",
        1: "0002",
        3: "00020001",
    }


def test_choosers_and_lists_use_the_tree(city: Any, make_user: Callable[..., Any]) -> None:
    from gongkai.catalog.selectors import organ_tree
    from gongkai.orgs.permissions import organs_with_role

    expected = names(Organ.objects.all())
    assert names(o for o, _depth in organ_tree()) == expected
    admin = make_user(organ=city, roles=(Role.ORGAN_ADMIN,))
    assert names(organs_with_role(admin, Role.ORGAN_ADMIN)) == expected
    client = Client()
    client.force_login(admin)
    html = client.get(reverse("office:organs")).content.decode()
    positions = [html.index(f"<td>{name}</td>") for name in expected]
    assert positions == sorted(positions)


def test_namesakes_are_told_apart_by_organ(city: Any, make_user: Callable[..., Any]) -> None:
    from gongkai.orgs.selectors import person_label, person_labels

    health = Organ.objects.get(name="青岚区卫生健康局")
    first = Organ.objects.get(name="岚川市第01局")
    a = make_user("zhangwei1", organ=health, roles=(Role.EDITOR,), first_name="张伟")
    b = make_user("zhangwei2", organ=first, roles=(Role.EDITOR, Role.REVIEWER), first_name="张伟")
    nobody = make_user("lisi", first_name="李四")
    labels = person_labels([a, b, nobody])
    assert labels == {
        a.pk: "张伟（青岚区卫生健康局）",
        b.pk: "张伟（岚川市第01局）",
        nobody.pk: "李四",
    }
    from gongkai.orgs.models import Membership

    Membership.objects.create(user=b, organ=health, role=Role.EDITOR)
    assert person_label(b) == "张伟（岚川市第01局等）"
    assert person_label(b, organs=[health]) == "张伟（青岚区卫生健康局等）"


def test_the_assign_form_disambiguates_namesakes(city: Any, make_user: Callable[..., Any]) -> None:
    from gongkai.applications.forms import AssignForm

    health = Organ.objects.get(name="青岚区卫生健康局")
    first = Organ.objects.get(name="岚川市第01局")
    a = make_user("zw1", organ=health, roles=(Role.EDITOR,), first_name="张伟")
    b = make_user("zw2", organ=first, roles=(Role.EDITOR,), first_name="张伟")
    labels = dict(AssignForm(users=[a, b]).fields["assignee"].choices)  # type: ignore[attr-defined]
    assert labels[a.pk] == "张伟（青岚区卫生健康局）" and labels[b.pk] == "张伟（岚川市第01局）"
