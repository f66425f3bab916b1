"""Demo of the registers (issue 19 §7): an organ's 规范性文件 register with one 清理 campaign,
and one 双随机 draw with its verification page. Everything goes through the services, as the
people in the demo would; all names and texts are written for the demo.

Call it after the catalog demo, e.g. in `gongkai/demo/generate.py`:

    city = next(d for d in organs if d.key == "city")
    rsj = next(d for d in organs if d.key == "rsj")
    build_registers(
        government=city.organ, department=rsj.organ, staff=rsj.users,
        office=city.users["organ_admin"], agency=f"{rsj.agency_stem}规",
    )

`staff` maps role values to the department's users (`DemoOrgan.users`: "editor", "secrecy",
"approver", and "reviewer" where the organ reviews; "organ_admin" sets the number series, else
`office` does); `office` is the government's 公开办管理员, who runs the cleanup. Returns what it
made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.catalog.models import Column, Genre, Item, Topic
from gongkai.catalog.services import workflow
from gongkai.catalog.services.items import ItemFields, item_create
from gongkai.orgs.models import Organ
from gongkai.registers.models import (
    Campaign,
    CheckKind,
    Draw,
    NumberSeries,
    Outcome,
    PoolKind,
    Proposal,
    RegisterEntry,
)
from gongkai.registers.services import campaigns, draws, register

TITLES = (
    ("就业见习补贴管理办法", Proposal.CONTINUE, "内容符合现行法律法规和政策，继续有效。"),
    ("职业技能提升补贴实施细则", Proposal.AMEND, "补贴标准与省里新规定不一致，需修改第五条。"),
    ("灵活就业人员社会保险补贴办法", Proposal.REPEAL, "已被新的就业补贴办法取代，予以废止。"),
    ("劳务派遣单位年度核验办法", Proposal.DECLARE_INVALID, "调整对象已不存在，宣布失效。"),
)

SHOPS = (
    "百味",
    "福源",
    "家和",
    "春晓",
    "青禾",
    "鑫隆",
    "德顺",
    "嘉禾",
    "惠民",
    "长兴",
    "晨光",
    "同福",
)
INSPECTORS = ("王建国", "李秀英", "张志强", "刘海燕", "陈立新", "杨春梅")


def _uscc_like(n: int) -> str:
    return f"91330000MA2D{n:05d}X"[:18]


@dataclass
class RegistersDemo:
    series: NumberSeries
    entries: list[RegisterEntry]
    campaign: Campaign
    draw: Draw


def _policy(organ: Organ, people: dict[str, Any], title: str, on: date) -> Item:
    column = Column.objects.get(organ=organ, code="policy")
    # Metadata as every published demo item has it (主题分类 劳动、人事, 体裁 办法).
    leaves = Topic.objects.filter(parent__isnull=False)
    topic = leaves.filter(name__contains="劳动").first() or leaves.first()
    genre = Genre.objects.filter(name="办法").first() or Genre.objects.order_by("pk").first()
    fields = ItemFields(
        title=f"{organ.display_name}{title}",
        formed_on=on,
        topic=topic,
        genre=genre,
        body=(
            f"<p>第一条 为规范{title[:-2]}工作，制定本办法。</p>"
            "<p>第二条 本办法自印发之日起施行。</p>"
        ),
    )
    item = item_create(actor=people["editor"], organ=organ, column=column, fields=fields).item
    item = workflow.item_submit(actor=people["editor"], item=item)
    if item.organ.review_step and "reviewer" in people:
        item = workflow.item_approve_review(actor=people["reviewer"], item=item)
    for finding in item.findings.all():
        workflow.finding_acknowledge(actor=people["secrecy"], finding=finding)
    item = workflow.item_pass_secrecy(actor=people["secrecy"], item=item, opinion="同意公开。")
    return workflow.item_publish(actor=people["approver"], item=item)


@transaction.atomic
def build_registers(
    *,
    government: Organ,
    department: Organ,
    staff: dict[str, Any],
    office: Any,
    agency: str = "",
    today: date | None = None,
) -> RegistersDemo:
    today = today or timezone.localdate()
    people = {**staff, "office": office}
    admin = staff.get("organ_admin") or office
    series = register.series_set(
        actor=admin, organ=department, agency=agency or f"{department.display_name[:2]}规"
    )
    entries = []
    for n, (title, _, _) in enumerate(TITLES):
        signed = today - timedelta(days=400 + 300 * n)
        item = _policy(department, people, title, signed)
        entry = register.entry_register(actor=people["editor"], item=item, year=signed.year).entry
        register.check_record(
            actor=people["editor"],
            entry=entry,
            kind=CheckKind.LEGALITY,
            held_on=signed - timedelta(days=10),
            body="司法局",
            conclusion="经合法性审核，未发现违反法律法规的内容。",
        )
        register.check_record(
            actor=people["editor"],
            entry=entry,
            kind=CheckKind.COLLECTIVE,
            held_on=signed - timedelta(days=5),
            body="局党组会议",
            conclusion="审议通过。",
        )
        entry = register.entry_sign(actor=people["approver"], entry=entry, signed_on=signed)
        entry = register.entry_file(
            actor=people["editor"],
            entry=entry,
            held_on=signed + timedelta(days=10),
            body=government.name,
            conclusion="已报送备案，备案审查无异议。",
        )
        entries.append(entry)
    campaign = campaigns.campaign_open(
        actor=people["office"],
        organ=government,
        title=f"{today.year}年度行政规范性文件清理",
        basis="根据国办发〔2018〕37号的要求，对现行有效的行政规范性文件进行全面清理。",
    )
    by_entry = {line.entry_id: line for line in campaign.lines.all()}
    for entry, (_, proposal, reason) in zip(entries, TITLES, strict=True):
        line = by_entry.get(entry.pk)
        if line is not None:
            campaigns.campaign_propose(
                actor=people["editor"], line=line, proposal=proposal, reason=reason
            )
    for line in campaign.lines.filter(proposal=""):  # other organs' documents in the subtree
        campaigns.campaign_propose(
            actor=people["office"], line=line, proposal=Proposal.CONTINUE, reason="继续有效。"
        )
    campaign = campaigns.campaign_publish(actor=people["office"], campaign=campaign)

    subjects = draws.pool_save(
        actor=people["editor"],
        organ=department,
        kind=PoolKind.SUBJECTS,
        name="人力资源服务机构名录",
        text="\n".join(
            f"{_uscc_like(n)}\t{shop}人力资源服务有限公司" for n, shop in enumerate(SHOPS, 1)
        ),
    )
    inspectors = draws.pool_save(
        actor=people["editor"],
        organ=department,
        kind=PoolKind.INSPECTORS,
        name="劳动保障监察员名录",
        text="\n".join(f"LB{n:06d}\t{name}" for n, name in enumerate(INSPECTORS, 1)),
    )
    draw = draws.draw_announce(
        actor=people["editor"],
        organ=department,
        title=f"{today.year}年人力资源服务机构双随机抽查",
        subjects=subjects,
        inspectors=inspectors,
        subject_count=4,
        inspectors_per_subject=2,
    )
    draw = draws.draw_perform(actor=people["editor"], draw=draw, public_value="")
    outcomes = (Outcome.NO_PROBLEM, Outcome.RECTIFY, Outcome.NO_PROBLEM, Outcome.NO_PROBLEM)
    for result, outcome in zip(draw.results.all(), outcomes, strict=True):
        note = "未按规定公示收费标准，已责令限期整改。" if outcome == Outcome.RECTIFY else ""
        draws.draw_outcome(
            actor=people["editor"], result=result, outcome=outcome, note=note, on=today
        )
    draw = draws.draw_conclude(actor=people["editor"], draw=draw)
    return RegistersDemo(series=series, entries=entries, campaign=campaign, draw=draw)
