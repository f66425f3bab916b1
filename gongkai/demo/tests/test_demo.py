"""`gongkai demo` on the test database: a small city that is internally consistent."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.models import Attachment, Item, ItemKind, ScanFinding, Status
from gongkai.core.identifiers import is_valid_org_code, is_valid_uscc
from gongkai.demo.organs import DEMO_PASSWORD
from gongkai.orgs.models import Membership, Organ, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_output(settings: Any, tmp_path: Any) -> str:
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    call_command("demo", "--items", "40", "--seed", "7", stdout=out)
    return out.getvalue()


def test_demo_city(demo_output: str, client: Any) -> None:
    """One run of the generator (it takes seconds), every property checked on it."""
    _organ_tree_has_valid_codes_and_contact_data()
    _every_role_can_log_in(demo_output, client)
    _published_history_is_consistent()
    _back_office_has_work_in_every_state()
    _portal_shows_demo_data(client)
    _every_statutory_column_holds_published_items()
    _infographics_carry_a_drawn_image(client)
    _monitor_lists_the_city_portal(client)
    _if_empty_skips_when_organs_exist()


def _organ_tree_has_valid_codes_and_contact_data() -> None:
    organs = list(Organ.objects.all())
    assert all(is_valid_org_code(o.org_code) and is_valid_uscc(o.credit_code) for o in organs)
    assert all(o.credit_code[8:17] == o.org_code for o in organs)
    city = Organ.objects.get(kind=Organ.Kind.GOVERNMENT, level=Organ.Level.CITY, parent=None)
    assert city.children.filter(kind=Organ.Kind.DEPARTMENT).count() >= 10
    counties = Organ.objects.filter(kind=Organ.Kind.GOVERNMENT, level=Organ.Level.COUNTY)
    assert counties.count() == 3
    assert all(c.children.filter(kind=Organ.Kind.DEPARTMENT).count() >= 3 for c in counties)
    assert Organ.objects.filter(level=Organ.Level.TOWNSHIP).count() == 2
    for organ in organs:
        # Art. 12: the 公开指南 names the GIO working body and how to reach it.
        assert organ.gio_name and organ.gio_address and organ.gio_phone and organ.gio_fax
        assert organ.gio_email.endswith(".gov.cn") and ".gov.cn/" in organ.gio_website
        assert organ.guide_updated_at is not None
        assert organ.columns.filter(code="policy").exists()


def _every_role_can_log_in(demo_output: str, client: Any) -> None:
    city = Organ.objects.get(level=Organ.Level.CITY, parent=None)
    organs_with_all_roles = [
        organ
        for organ in Organ.objects.all()
        if set(Membership.objects.filter(organ=organ).values_list("role", flat=True))
        == set(Role.values)
    ]
    assert city in organs_with_all_roles and len(organs_with_all_roles) >= 3
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    for username in ("admin", "city-editor", "city-secrecy", "jyj-approver", "fgw-admin"):
        assert client.login(username=username, password=DEMO_PASSWORD), username
        assert username in demo_output
    client.logout()
    assert DEMO_PASSWORD in demo_output


def _published_history_is_consistent() -> None:
    published = list(Item.objects.filter(status=Status.PUBLISHED).select_related("organ"))
    assert len(published) >= 30
    numbers = Counter((i.organ_id, i.index_number) for i in published)
    assert all(i.index_number for i in published) and max(numbers.values()) == 1
    today = timezone.localdate()
    for item in published:
        assert item.published_at is not None
        day = timezone.localtime(item.published_at).date()
        assert item.index_number.startswith(f"{item.organ.org_code}/{day.year}-"), item
        assert item.formed_on < day <= today, item
        assert item.topic_id and item.genre_id and item.body
    doc_numbers = Counter((i.organ_id, i.doc_number) for i in published if i.doc_number)
    assert doc_numbers and max(doc_numbers.values()) == 1
    interpretations = Item.objects.filter(kind=ItemKind.INTERPRETATION, status=Status.PUBLISHED)
    assert interpretations.exists()
    for item in interpretations.select_related("interprets"):
        policy = item.interprets
        assert policy is not None and policy.kind == ItemKind.POLICY
        assert policy.published_at and item.published_at
        assert policy.published_at <= item.published_at
    assert Attachment.objects.exists()


def _back_office_has_work_in_every_state() -> None:
    states = set(Item.objects.values_list("status", flat=True))
    expected = {
        Status.DRAFT,
        Status.SECRECY_REVIEW,
        Status.AWAITING_APPROVAL,
        Status.SCHEDULED,
        Status.PUBLISHED,
        Status.FILED,
        Status.WITHDRAWN,
    }
    assert expected <= states
    pending = Item.objects.get(status=Status.SECRECY_REVIEW, organ__parent=None)
    assert ScanFinding.objects.filter(
        item=pending, kind="id_number", acknowledged_at__isnull=True
    ).exists()
    for item in Item.objects.filter(status=Status.FILED):
        assert item.attribute_reason and item.attribute_basis and not item.index_number
    for item in Item.objects.filter(status=Status.WITHDRAWN):
        assert item.withdrawn_reason and item.withdrawn_at and item.published_at
        assert item.withdrawn_at > item.published_at
    now = timezone.now()
    for item in Item.objects.filter(status=Status.SCHEDULED):
        assert item.scheduled_for and item.scheduled_for > now


def _portal_shows_demo_data(client: Any) -> None:
    item = Item.objects.filter(status=Status.PUBLISHED).order_by("-published_at").first()
    assert item is not None
    home = client.get("/")
    assert home.status_code == 200
    assert item.title in home.content.decode()
    page = client.get(item.get_absolute_url())
    assert page.status_code == 200
    assert item.index_number in page.content.decode()


def _monitor_lists_the_city_portal(client: Any) -> None:
    """网站监管: the city's 公开办 finds its own portal registered (this platform's data)."""
    from gongkai.monitor.models import Site

    site = Site.objects.get()
    assert site.is_own and site.organ.parent_id is None and site.active
    assert client.login(username="city-admin", password=DEMO_PASSWORD)
    page = client.get(reverse("monitor:dashboard"))
    assert page.status_code == 200 and site.name in page.content.decode()
    client.logout()


def _if_empty_skips_when_organs_exist() -> None:
    before = Item.objects.count()
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "跳过" in out.getvalue() and DEMO_PASSWORD in out.getvalue()
    assert Item.objects.count() == before
    with pytest.raises(CommandError):
        call_command("demo", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_failing_demo_leaves_the_database_untouched(settings: Any, tmp_path: Any, monkeypatch):
    """`generate` runs in one transaction: a failure at the last step (the annual reports)
    rolls back the organs, users and items made before it. (Outside a transaction the
    索引号 counters' SELECT … FOR UPDATE also fails on PostgreSQL.)"""
    from gongkai.demo import generate as demo_generate

    settings.MEDIA_ROOT = tmp_path

    def fail(**kwargs: Any) -> list[Any]:
        raise RuntimeError("年度报告生成失败（测试）")

    monkeypatch.setattr(demo_generate, "build_reports", fail)
    with pytest.raises(RuntimeError, match="测试"):
        demo_generate.generate(seed=7, items=10)
    assert not Organ.objects.exists() and not Item.objects.exists()


def _every_statutory_column_holds_published_items() -> None:
    """Issue 13 point 22: no organ shows an empty statutory column on the portal, however few
    random items were asked for (the 公开指南 column is built from the organ's data instead)."""
    from gongkai.catalog.models import Column

    empty = [
        f"{column.organ.name} / {column.name}"
        for column in Column.objects.filter(is_active=True, children__isnull=True)
        .exclude(kind=Column.Kind.GUIDE)
        .select_related("organ")
        if not column.items.filter(status=Status.PUBLISHED).exists()
    ]
    assert not empty, f"{len(empty)} 个栏目没有已发布信息：{empty[:10]}"
    for organ in Organ.objects.all():
        rules = set(
            Item.objects.filter(
                organ=organ, column__code="rules", status=Status.PUBLISHED
            ).values_list("title", flat=True)
        )
        for name in (
            "政府信息公开工作制度",
            "政府信息公开保密审查制度",
            "依申请公开政府信息办理规程",
        ):
            assert f"{organ.name}{name}" in rules, (organ.name, rules)
        assert f"{organ.name}政策解读工作制度" in rules
    # A department without a duty says so and names who has it, instead of a made-up item.
    note = Item.objects.filter(title__endswith="关于土地征收信息公开的说明").first()
    assert note is not None and "不承担土地征收方面的职责" in note.body
    assert "自然资源和规划局" in note.body or "人民政府" in note.body


def _infographics_carry_a_drawn_image(client: Any) -> None:
    """一图读懂 items show a PNG our code drew, inline with an alt text naming its points."""
    import re

    from PIL import Image

    from gongkai.demo import infographic

    drawn = Item.objects.filter(status=Status.PUBLISHED, title__startswith="一图读懂")
    assert drawn.exists()
    for item in drawn.select_related("interprets"):
        policy = item.interprets
        assert policy is not None
        headings = re.findall(r"<h2>[一二三四]、(.+?)</h2>", policy.body)
        assert len(headings) == 3
        if not infographic.can_draw():
            assert "图解要点" in item.body and all(h in item.body for h in headings)
            continue
        picture = item.attachments.get(file_kind="png")
        match = re.search(r'<img src="([^"]+)" alt="([^"]+)"', item.body)
        assert match is not None, item.body[:300]
        src, alt = match.groups()
        assert src == f"/attachment/{picture.pk}/"
        assert all(h in alt for h in headings) and item.organ.name in alt
        response = client.get(src)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
            assert image.size == (infographic.WIDTH, infographic.HEIGHT)
