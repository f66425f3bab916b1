"""The organ tree and staff accounts of the demo city.

Organs are created only through `organ_create` (which validates the codes and builds the standard
公开目录 columns); roles through `membership_grant`, so both appear in the audit log.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from gongkai.core.identifiers import make_org_code, make_uscc
from gongkai.demo import vocab
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.services import membership_grant, organ_create

DEMO_PASSWORD = "gongkai-demo"  # noqa: S105 - documented demo password, printed on purpose
ADMIN_USERNAME = "admin"

#: Username suffix per role: `jyj-editor`, `city-approver`, …
ROLE_SUFFIX = {
    Role.EDITOR: "editor",
    Role.REVIEWER: "reviewer",
    Role.SECRECY: "secrecy",
    Role.APPROVER: "approver",
    Role.ORGAN_ADMIN: "admin",
    Role.GIO_HEAD: "head",  # 公开工作机构负责人: approves extensions (Art. 33)
}


@dataclass
class DemoOrgan:
    key: str  # username prefix and stable handle: city, fgw, luxi, luxi-jyj, xiaofeng
    organ: Organ
    place: str  # 岚川市 / 鹭溪县 / 晓峰镇: used in titles
    agency_stem: str  # 岚教 → 岚教发, 岚教函
    topic: tuple[str, str]
    subjects: tuple[str, ...]
    statistics: tuple[str, ...]
    licences: tuple[str, ...]
    weight: float  # share of the generated items
    dept: vocab.DeptSpec | None = None
    users: dict[str, Any] = field(default_factory=dict)

    def topic_for(self, subject: str) -> tuple[str, str]:
        """主题分类 of an item about `subject`: by subject for governments, else the organ's."""
        if self.is_government and subject in vocab.GOVERNMENT_SUBJECTS:
            return vocab.GOVERNMENT_SUBJECTS[subject]
        return self.topic

    @property
    def is_government(self) -> bool:
        return self.organ.kind == Organ.Kind.GOVERNMENT


class _Codes:
    """Valid, unique 组织机构代码 / 统一社会信用代码 per organ (GB 11714, GB 32100)."""

    def __init__(self) -> None:
        self.n = 0

    def next(self, division: str) -> tuple[str, str]:
        self.n += 1
        org_code = make_org_code(f"99{division[2:]}{self.n:02d}")
        # 11 = 机构编制 registration + 机关 category: government organs are 机关.
        return org_code, make_uscc(registration="11", division=division, org_code9=org_code)


def _contact(rng: random.Random, *, host: str, place: str, gio_name: str) -> dict[str, Any]:
    """政府信息公开工作机构 contact data the 公开指南 must show (Art. 12 para 2)."""
    phone = f"{vocab.AREA_CODE}-8{rng.randint(1000000, 9999999)}"
    fax = f"{vocab.AREA_CODE}-8{rng.randint(1000000, 9999999)}"
    road = rng.choice(vocab.ROADS)
    district = "" if place == vocab.CITY else place
    return {
        "gio_name": gio_name,
        "gio_address": f"{vocab.CITY}{district}{road}{rng.randint(1, 300)}号",
        "gio_postcode": f"99{rng.randint(0, 9)}{rng.randint(0, 9)}00",
        "gio_hours": "工作日上午8:30—12:00，下午14:00—17:30（法定节假日除外）",
        "gio_phone": phone,
        "gio_fax": fax,
        "gio_email": f"zwgk@{host}",
        "gio_website": f"https://{host}/",
        "guide_updated_at": timezone.localdate() - timedelta(days=rng.randint(20, 300)),
    }


def build_organs(rng: random.Random) -> list[DemoOrgan]:
    """Create the city government, its departments, the districts/counties and townships."""
    codes = _Codes()
    result: list[DemoOrgan] = []

    def create(
        *,
        name: str,
        kind: str,
        level: str,
        parent: Organ | None,
        division: str,
        host: str,
        place: str,
        gio_name: str,
        order: int,
    ) -> Organ:
        org_code, uscc = codes.next(division)
        return organ_create(
            actor=None,
            organ=Organ(
                name=name,
                kind=kind,
                level=level,
                parent=parent,
                org_code=org_code,
                credit_code=uscc,
                division_code=division,
                sort_order=order,
                **_contact(rng, host=host, place=place, gio_name=gio_name),
            ),
        )

    city = create(
        name=f"{vocab.CITY}人民政府",
        kind=Organ.Kind.GOVERNMENT,
        level=Organ.Level.CITY,
        parent=None,
        division=vocab.CITY_DIVISION,
        host=f"www.{vocab.DOMAIN}",
        place=vocab.CITY,
        gio_name=f"{vocab.CITY}人民政府办公室（政务公开办公室）",
        order=10,
    )
    result.append(
        DemoOrgan(
            "city",
            city,
            vocab.CITY,
            f"{vocab.CITY_SHORT}政",
            vocab.GOVERNMENT_TOPIC,
            tuple(vocab.GOVERNMENT_SUBJECTS),
            vocab.GOVERNMENT_STATISTICS,
            (),
            12.0,
        )
    )
    by_slug = {d.slug: d for d in vocab.DEPARTMENTS}
    for i, dept in enumerate(vocab.DEPARTMENTS, start=1):
        organ = create(
            name=f"{vocab.CITY}{dept.name}",
            kind=Organ.Kind.DEPARTMENT,
            level=Organ.Level.CITY,
            parent=city,
            division=vocab.CITY_DIVISION,
            host=f"{dept.slug}.{vocab.DOMAIN}",
            place=vocab.CITY,
            gio_name="办公室",
            order=100 + i,
        )
        result.append(
            DemoOrgan(
                dept.slug,
                organ,
                vocab.CITY,
                f"{vocab.CITY_SHORT}{dept.stem}",
                dept.topic,
                dept.subjects,
                dept.statistics,
                dept.licences,
                3.8,
                dept,
            )
        )
    for j, county in enumerate(vocab.COUNTIES, start=1):
        full = f"{vocab.CITY}{county.name}"
        gov = create(
            name=f"{full}人民政府",
            kind=Organ.Kind.GOVERNMENT,
            level=Organ.Level.COUNTY,
            parent=city,
            division=county.division,
            host=f"{county.slug}.{vocab.DOMAIN}",
            place=county.name,
            gio_name=f"{county.name}人民政府办公室",
            order=200 + j * 20,
        )
        result.append(
            DemoOrgan(
                county.slug,
                gov,
                county.name,
                f"{county.short}政",
                vocab.GOVERNMENT_TOPIC,
                tuple(vocab.GOVERNMENT_SUBJECTS),
                vocab.GOVERNMENT_STATISTICS,
                (),
                6.0,
            )
        )
        for k, slug in enumerate(county.departments, start=1):
            dept = by_slug[slug]
            dept_name = dept.county_name or dept.name
            organ = create(
                name=f"{county.name}{dept_name}",
                kind=Organ.Kind.DEPARTMENT,
                level=Organ.Level.COUNTY,
                parent=gov,
                division=county.division,
                host=f"{county.slug}.{vocab.DOMAIN}",
                place=county.name,
                gio_name="办公室",
                order=200 + j * 20 + k,
            )
            result.append(
                DemoOrgan(
                    f"{county.slug}-{slug}",
                    organ,
                    county.name,
                    f"{county.short}{dept.stem}",
                    dept.topic,
                    dept.subjects,
                    dept.statistics,
                    dept.licences,
                    1.2,
                    dept,
                )
            )
        for slug, name, short in county.townships:
            town = create(
                name=f"{county.name}{name}人民政府",
                kind=Organ.Kind.GOVERNMENT,
                level=Organ.Level.TOWNSHIP,
                parent=gov,
                division=county.division,
                host=f"{county.slug}.{vocab.DOMAIN}",
                place=f"{county.name}{name}",
                gio_name=f"{name}党政综合办公室",
                order=200 + j * 20 + 10,
            )
            result.append(
                DemoOrgan(
                    slug,
                    town,
                    name,
                    short,
                    ("农业、林业、水利", "农业、畜牧业、渔业"),
                    ("农村人居环境整治", "防汛抗旱", "乡村治理", "农业生产"),
                    ("农村集体经济收入",),
                    (),
                    3.5,
                )
            )
    _answer_settings(result)
    return result


def _answer_settings(result: list[DemoOrgan]) -> None:
    """What letters and the answer sign-off read (issue 13): the 机关代字, the Art. 51 remedy
    (复议机关: the people's government of the level, 《行政复议法》第二十四条, the province for
    the city government; the court a suit goes to: the 中级人民法院 for county-level governments
    and above, 《行政诉讼法》第十五条, else the basic court of the place), a contact person. The
    city government has answers pass 审核 before 签发. Fixed values, no random draws, so the
    rest of the demo stays the same."""
    by_pk = {d.organ.pk: d for d in result}
    for n, demo in enumerate(result):
        organ, parent = demo.organ, by_pk.get(demo.organ.parent_id or 0)
        government = organ.kind == Organ.Kind.GOVERNMENT
        # A department: its own people's government; a government: the one a level up.
        organ.reconsideration_organ = organ.parent.name if organ.parent else "本省人民政府"
        county = demo if organ.level == Organ.Level.COUNTY and government else parent
        if government and organ.level in {Organ.Level.CITY, Organ.Level.COUNTY}:
            organ.court = f"{vocab.CITY}中级人民法院"
        elif county is not None and county.organ.level == Organ.Level.COUNTY:
            organ.court = f"{vocab.CITY}{county.place}人民法院"
        else:
            organ.court = f"{vocab.CITY}中级人民法院"
        organ.doc_prefix = f"{demo.agency_stem}依申请"
        organ.gio_contact_person = (
            vocab.SURNAMES[n % len(vocab.SURNAMES)] + vocab.GIVEN[(n * 7) % len(vocab.GIVEN)]
        )
        if demo.key == "city":
            organ.answer_signoff = Organ.AnswerSignoff.REVIEWER_APPROVER
        organ.save(
            update_fields=[
                "reconsideration_organ",
                "court",
                "doc_prefix",
                "gio_contact_person",
                "answer_signoff",
            ]
        )


def _person(rng: random.Random) -> str:
    return rng.choice(vocab.SURNAMES) + rng.choice(vocab.GIVEN)


def build_users(
    rng: random.Random, organs: list[DemoOrgan]
) -> tuple[Any, list[tuple[str, str, str]]]:
    """One account per workflow role in every organ, plus the system administrator.

    All share DEMO_PASSWORD; it is hashed once, since hashing ~150 times would dominate the run.
    Returns the administrator and the (username, organ, role) rows to print.
    """
    user_model = get_user_model()
    hashed = make_password(DEMO_PASSWORD)
    admin = user_model.objects.create(
        username=ADMIN_USERNAME,
        first_name="系统管理员",
        email=f"admin@{vocab.DOMAIN}",
        is_superuser=True,
        is_staff=True,
        password=hashed,
    )
    rows = [(ADMIN_USERNAME, "（全部机构）", "系统管理员")]
    pending = []
    for demo in organs:
        for role, suffix in ROLE_SUFFIX.items():
            # The full Chinese name goes in first_name so get_full_name() shows it unchanged.
            pending.append(
                (
                    demo,
                    role,
                    user_model(
                        username=f"{demo.key}-{suffix}", first_name=_person(rng), password=hashed
                    ),
                )
            )
    user_model.objects.bulk_create([u for _, _, u in pending])
    saved = {u.username: u for u in user_model.objects.filter(username__contains="-")}
    for demo, role, user in pending:
        stored = saved[user.username]
        membership_grant(actor=admin, user=stored, organ=demo.organ, role=role)
        demo.users[role] = stored
        rows.append((stored.username, demo.organ.name, Role(role).label))
    return admin, rows
