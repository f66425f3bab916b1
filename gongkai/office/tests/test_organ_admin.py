"""公开办管理员 pages: 公开指南 contact data and catalog columns, each change audited."""

from __future__ import annotations

from django.urls import reverse

from gongkai.catalog.models import Column
from gongkai.core.models import AuditEvent


def _guide_data(**over: str) -> dict[str, str]:
    data = {
        "gio_name": "测试市人力资源和社会保障局办公室",
        "gio_address": "测试市人民路1号",
        "gio_postcode": "310000",
        "gio_hours": "工作日 9:00-17:00",
        "gio_phone": "0571-87654321",
        "gio_fax": "0571-87654322",
        "gio_email": "gk@example.gov.cn",
        "gio_website": "https://www.example.gov.cn",
        "guide_notes": "本机关公开目录按主题分类编排。",
        "guide_updated_at": "2026-03-05",
    }
    data.update(over)
    return data


def test_admin_edits_guide_and_it_is_audited(login, staff, organ) -> None:
    client = login(staff["organ_admin"])
    url = reverse("office:organ_guide", args=[organ.pk])
    assert ">联系电话</label>" in client.get(url).content.decode()
    bad = client.post(url, _guide_data(gio_email="不是邮箱"))
    assert bad.status_code == 200 and "id_gio_email_error" in bad.content.decode()
    assert 'value="0571-87654321"' in bad.content.decode()  # typed values kept
    response = client.post(url, _guide_data(guide_updated_at=""), follow=True)
    assert "公开指南信息已保存" in response.content.decode()
    organ.refresh_from_db()
    assert organ.gio_phone == "0571-87654321" and organ.guide_updated_at is not None
    event = AuditEvent.objects.for_object(organ).get(action="organ.guide")
    assert "gio_phone" in event.data["changed"]


def test_admin_of_parent_covers_child_organ(login, make_organ, make_user, organ) -> None:
    child = make_organ("下属单位", parent=organ)
    admin = make_user("city_admin", organ=organ, roles=("organ_admin",))
    client = login(admin)
    listing = client.get(reverse("office:organs")).content.decode()
    assert "下属单位" in listing
    assert client.get(reverse("office:organ_columns", args=[child.pk])).status_code == 200


def test_columns_add_rename_reorder_disable(login, staff, organ) -> None:
    client = login(staff["organ_admin"])
    url = reverse("office:organ_columns", args=[organ.pk])
    key = Column.objects.get(organ=organ, code="key-areas")
    response = client.post(url, {"parent": key.pk, "name": "就业创业", "code": ""}, follow=True)
    assert "已在“重点领域信息公开”下新增栏目“就业创业”" in response.content.decode()
    new = Column.objects.get(organ=organ, name="就业创业")
    assert new.parent == key and new.kind == key.kind and new.code.startswith("key-areas-")

    change = reverse("office:column_change", args=[organ.pk, new.pk])
    client.post(change, {"op": "rename", f"c{new.pk}-name": "就业创业服务"})
    new.refresh_from_db()
    assert new.name == "就业创业服务"
    empty = client.post(change, {"op": "rename", f"c{new.pk}-name": " "}, follow=True)
    assert "error" in empty.content.decode()

    siblings = lambda: list(  # noqa: E731
        Column.objects.filter(parent=key).order_by("sort_order", "id").values_list("pk", flat=True)
    )
    assert siblings()[-1] == new.pk
    client.post(change, {"op": "up"})
    assert siblings()[-2] == new.pk
    client.post(change, {"op": "down"})
    assert siblings()[-1] == new.pk

    client.post(change, {"op": "disable"})
    new.refresh_from_db()
    assert not new.is_active
    editor_form = login(staff["editor"]).get(reverse("office:item_create")).content.decode()
    assert "/ 就业创业服务</option>" not in editor_form  # disabled: not offered to editors
    client = login(staff["organ_admin"])
    client.post(change, {"op": "enable"})
    new.refresh_from_db()
    assert new.is_active

    actions = set(AuditEvent.objects.for_object(new).values_list("action", flat=True))
    assert {"column.add", "column.rename", "column.move", "column.disable", "column.enable"} <= (
        actions
    )


def test_statutory_columns_cannot_be_disabled(login, staff, organ) -> None:
    guide = Column.objects.get(organ=organ, code="guide")
    art20 = Column.objects.get(organ=organ, code="art20-01")
    client = login(staff["organ_admin"])
    for column in (guide, art20):
        response = client.post(
            reverse("office:column_change", args=[organ.pk, column.pk]),
            {"op": "disable"},
            follow=True,
        )
        assert "不能停用" in response.content.decode()
        column.refresh_from_db()
        assert column.is_active


def test_organ_admin_pages_need_the_admin_role(login, staff, organ, make_organ) -> None:
    for name in ("organ_guide", "organ_columns"):
        url = reverse(f"office:{name}", args=[organ.pk])
        assert login(staff["editor"]).get(url).status_code == 403
        assert login(staff["organ_admin"]).get(url).status_code == 200
    foreign = make_organ("外机关")
    url = reverse("office:organ_guide", args=[foreign.pk])
    assert login(staff["organ_admin"]).get(url).status_code == 403
    assert login(staff["editor"]).get(reverse("office:organs")).status_code == 403
