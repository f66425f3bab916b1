"""Demo of the lists (issue 19 §7: "lists for three departments"): the 市场监管, 人社 and 民政
departments each get a 权责清单, a 公共服务事项清单 with its 办事指南, and a 政务公开负面清单.
One guide lacks its 咨询电话 (so the 服务不实用 flag shows), one 负面清单 entry's review is
overdue (so the review list and its notice show), and one 权责清单 is at version 2 with its
change log (so the history shows a change list). Everything goes through the services; all
names and texts are written for the demo.

Call it after the organs and users exist, e.g. in `gongkai/demo/generate.py`:

    build_inventories(departments={d.key: d.organ for d in organs}, office=office)

`office` is the city's 公开办管理员 (who holds 采编 and may publish for every department below).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.inventories.models import Kind
from gongkai.inventories.services.guides import GuideFields, guide_save
from gongkai.inventories.services.reviews import review_record
from gongkai.inventories.services.versions import (
    EntryFields,
    draft_start,
    entry_save,
    version_publish,
)
from gongkai.orgs.models import Organ


@dataclass(frozen=True)
class Power:
    name: str
    type: str
    basis: str


@dataclass(frozen=True)
class Service:
    name: str
    audience: str
    basis: str
    conditions: str
    materials: str
    process: str
    time_limit: str
    fees: str


@dataclass(frozen=True)
class Withheld:
    name: str
    reason: str
    clause: str


@dataclass(frozen=True)
class Lists:
    powers: tuple[Power, ...]
    services: tuple[Service, ...]
    withheld: tuple[Withheld, ...]
    #: Version 2 of the 权责清单: an added entry and the change log.
    added: Power
    change_log: str


PROCESS = "申请—受理—审查—决定—送达（可全程网办）"
PERSONAL = "条例第十五条（商业秘密、个人隐私）"
INTERNAL = "条例第十六条第一款（内部事务信息）"
PROCESSING = "条例第十六条第二款（过程性信息、行政执法案卷信息）"

CONTENT: dict[str, Lists] = {
    "scjg": Lists(
        powers=(
            Power("食品经营许可", "行政许可", "《中华人民共和国食品安全法》第三十五条"),
            Power(
                "对生产经营不符合食品安全标准食品的处罚",
                "行政处罚",
                "《中华人民共和国食品安全法》第一百二十四条",
            ),
            Power(
                "查封、扣押不符合安全技术规范的特种设备",
                "行政强制",
                "《中华人民共和国特种设备安全法》第六十一条",
            ),
            Power("计量器具强制检定监督检查", "行政检查", "《中华人民共和国计量法》第九条"),
        ),
        services=(
            Service(
                "食品经营许可（新办）",
                "食品经营者",
                "《中华人民共和国食品安全法》第三十五条",
                "有与经营食品品种、数量相适应的经营场所和设备设施。",
                "1. 食品经营许可申请书；2. 与食品安全相关的设备设施清单；3. 食品安全管理制度。",
                PROCESS,
                "法定20个工作日，承诺5个工作日",
                "不收费",
            ),
            Service(
                "特种设备使用登记",
                "特种设备使用单位",
                "《中华人民共和国特种设备安全法》第三十三条",
                "特种设备经监督检验合格。",
                "1. 使用登记表；2. 产品合格证；3. 监督检验证明。",
                PROCESS,
                "法定15个工作日，承诺3个工作日",
                "不收费",
            ),
        ),
        withheld=(
            Withheld(
                "投诉举报人的身份信息", "公开会泄露举报人个人隐私，危及其人身安全。", PERSONAL
            ),
            Withheld(
                "抽检不合格产品核查处置中的内部讨论记录",
                "属于行政机关内部讨论记录，公开会影响处置。",
                PROCESSING,
            ),
        ),
        added=Power("对食品生产经营者的奖励", "行政奖励", "《中华人民共和国食品安全法》第十三条"),
        change_log="依据上级部门权责清单调整，增加行政奖励类事项一项。",
    ),
    "rsj": Lists(
        powers=(
            Power("人力资源服务许可", "行政许可", "《人力资源市场暂行条例》第十八条"),
            Power("对用人单位拖欠劳动报酬的处罚", "行政处罚", "《劳动保障监察条例》第二十六条"),
            Power("失业保险金给付", "行政给付", "《失业保险条例》第十四条"),
            Power("工伤认定", "行政确认", "《工伤保险条例》第十七条"),
        ),
        services=(
            Service(
                "就业困难人员认定",
                "本地户籍就业困难人员",
                "《中华人民共和国就业促进法》第五十二条",
                "法定劳动年龄内、有劳动能力和就业愿望且处于失业状态。",
                "1. 居民身份证；2. 就业困难人员认定申请表。",
                PROCESS,
                "承诺5个工作日",
                "不收费",
            ),
            Service(
                "职业技能提升补贴申领",
                "参加失业保险的企业职工",
                "《失业保险条例》第十七条",
                "取得职业资格证书或职业技能等级证书，参保满一年。",
                "1. 补贴申请表；2. 证书编号。",
                PROCESS,
                "承诺10个工作日",
                "不收费",
            ),
        ),
        withheld=(
            Withheld("劳动保障监察案件中的举报人信息", "公开会泄露举报人个人隐私。", PERSONAL),
            Withheld(
                "事业单位公开招聘的面试试题（考试结束前）",
                "考试结束前公开会影响考试的公平。",
                INTERNAL,
            ),
        ),
        added=Power("对技能人才的表彰奖励", "行政奖励", "本市技能人才表彰奖励办法"),
        change_log="增加技能人才表彰奖励事项。",
    ),
    "mzj": Lists(
        powers=(
            Power("最低生活保障金给付", "行政给付", "《社会救助暂行办法》第九条"),
            Power("社会团体成立登记", "行政许可", "《社会团体登记管理条例》第九条"),
            Power("婚姻登记", "行政确认", "《婚姻登记条例》第二条"),
            Power("对社会组织的监督检查", "行政检查", "《社会团体登记管理条例》第二十四条"),
        ),
        services=(
            Service(
                "最低生活保障申请",
                "共同生活的家庭成员人均收入低于当地低保标准的家庭",
                "《社会救助暂行办法》第十一条",
                "家庭人均收入低于当地最低生活保障标准，且符合财产状况规定。",
                "1. 申请书；2. 家庭成员身份证明；3. 家庭经济状况说明及授权核对书。",
                PROCESS,
                "自受理之日起30日内作出决定",
                "不收费",
            ),
            Service(
                "困难残疾人生活补贴申请",
                "低保家庭中的残疾人",
                "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》",
                "持有第二代残疾人证且属于低保家庭。",
                "1. 申请表；2. 残疾人证。",
                PROCESS,
                "承诺15个工作日",
                "不收费",
            ),
        ),
        withheld=(
            Withheld("低保对象的身份证号码、银行账号", "属于个人隐私，公示时须隐去。", PERSONAL),
            Withheld(
                "社会救助家庭经济状况核对的原始数据", "属于个人隐私和内部核对信息。", PERSONAL
            ),
        ),
        added=Power("临时救助金给付", "行政给付", "《社会救助暂行办法》第四十七条"),
        change_log="增加临时救助事项。",
    ),
}

#: Department keys in the order the demo builds them.
KEYS = ("scjg", "rsj", "mzj")


def _phone(n: int) -> str:
    return f"0000-8{n:06d}"


@transaction.atomic
def build_inventories(
    *, departments: dict[str, Organ], office: Any, today: date | None = None
) -> dict[str, int]:
    """Lists for the three departments present in `departments` (by demo key)."""
    today = today or timezone.localdate()
    counts = {"departments": 0, "guides": 0, "versions": 0, "flagged": 0, "reviews_due": 0}
    for index, key in enumerate(KEYS):
        organ = departments.get(key)
        if organ is None:
            continue
        content = CONTENT[key]
        counts["departments"] += 1
        # 办事指南: the second department's second guide has no 咨询电话 (the flag shows).
        guides = []
        for n, service in enumerate(content.services):
            missing_phone = index == 1 and n == 1
            guides.append(
                guide_save(
                    actor=office,
                    organ=organ,
                    fields=GuideFields(
                        title=service.name,
                        basis=service.basis,
                        conditions=service.conditions,
                        materials=service.materials,
                        process=service.process,
                        time_limit=service.time_limit,
                        fees=service.fees,
                        location=f"{organ.name}政务服务窗口（市政务服务中心二楼）",
                        phone="" if missing_phone else _phone(index * 10 + n + 1),
                    ),
                )
            )
            counts["guides"] += 1
            counts["flagged"] += int(missing_phone)
        # 权责清单 version 1, then version 2 with an added entry and its change log.
        powers = tuple(
            EntryFields(
                name=p.name,
                power_type=p.type,
                basis=p.basis,
                duties="受理、审查、决定、送达、事后监管",
                accountability="不履行或者不正确履行职责的，依法追究责任",
            )
            for p in content.powers
        )
        _publish(office, organ, Kind.POWERS, powers, "", today)
        added = EntryFields(
            name=content.added.name,
            power_type=content.added.type,
            basis=content.added.basis,
            duties="评审、公示、表彰",
            accountability="违规评审或者弄虚作假的，依法追究责任",
        )
        draft = draft_start(actor=office, organ=organ, kind=Kind.POWERS)
        entry_save(actor=office, version=draft, fields=added, today=today)
        version_publish(actor=office, version=draft, change_log=content.change_log)
        counts["versions"] += 2
        services = tuple(
            EntryFields(name=s.name, audience=s.audience, basis=s.basis, guide_id=g.pk)
            for s, g in zip(content.services, guides, strict=True)
        )
        _publish(office, organ, Kind.SERVICES, services, "", today)
        counts["versions"] += 1
        # 负面清单: in the first department one entry's review fell due last month.
        withheld = tuple(
            EntryFields(
                name=w.name,
                reason=w.reason,
                basis=w.clause,
                review_months=12,
                next_review_on=(
                    today - timedelta(days=20)
                    if index == 0 and n == 0
                    else today + timedelta(days=120 + 30 * n)
                ),
            )
            for n, w in enumerate(content.withheld)
        )
        version = _publish(office, organ, Kind.NEGATIVE, withheld, "", today)
        counts["versions"] += 1
        counts["reviews_due"] += int(index == 0)
        if index == 2:
            # One entry already reviewed once (the review history shows).
            entry = version.entries.order_by("-position").first()
            review_record(
                actor=office,
                inventory=version.inventory,
                entry_key=entry.key if entry else "",
                conclusion="keep",
                note="经复核，相关信息仍属个人隐私，继续不予公开。",
                reviewed_on=today - timedelta(days=3),
                today=today,
            )
    return counts


def _publish(
    office: Any, organ: Organ, kind: str, entries: tuple[EntryFields, ...], log: str, today: date
) -> Any:
    draft = draft_start(actor=office, organ=organ, kind=kind)
    for fields in entries:
        entry_save(actor=office, version=draft, fields=fields, today=today)
    return version_publish(actor=office, version=draft, change_log=log)
