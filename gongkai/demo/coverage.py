"""Fill every statutory column of every organ: what the random history leaves empty.

`plan_published` spreads a budget of items over the organs at random, which leaves most of the
~33 leaf columns of each organ empty (with the default 540 items, 750 of 1,025). A portal with
empty 法定主动公开内容 columns looks abandoned and is not what the 条例 requires (Art. 20, 21;
the 政府信息公开制度 and 重点领域 columns of the standard 公开目录). This module adds, per organ:

* its 政府信息公开制度 (`gongkai.demo.rules`), always;
* for each other leaf column still without a published item, one item from the first template
  below that fits the organ: its own work where it has some, else the 说明 a real department
  publishes (“本机关不承担……职责”, naming the organ that does).

Not planned here: the 公开指南 column (the portal builds the guide from the organ's data, Art.
12) and the 年报 column (`gongkai.demo.reports` publishes each organ's annual report).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from gongkai.catalog.models import Column
from gongkai.demo import bodies, vocab
from gongkai.demo.content import PUBLISHED, Plan, Planner
from gongkai.demo.duties import COMPETENT, DUTIES, TOWNSHIP_OFFICES, head_title
from gongkai.demo.organs import DemoOrgan
from gongkai.demo.rules import rules_plans
from gongkai.demo.templates import FINANCE, STATS, Template, plan_for
from gongkai.orgs.models import Organ

Applies = Callable[[DemoOrgan], bool]
#: Columns filled elsewhere: see the module docstring.
ELSEWHERE = {Column.Kind.GUIDE, Column.Kind.ANNUAL_REPORT, Column.Kind.RULES}


def _gov(d: DemoOrgan) -> bool:
    return d.is_government and d.organ.level != Organ.Level.TOWNSHIP


def _town(d: DemoOrgan) -> bool:
    return d.organ.level == Organ.Level.TOWNSHIP


def _dept(d: DemoOrgan) -> bool:
    return not d.is_government


def _anyone(d: DemoOrgan) -> bool:
    return True


def _slug(*slugs: str) -> Applies:
    return lambda d: d.dept is not None and d.dept.slug in slugs


def _has(duty: str) -> Applies:
    """A department with this entry in its `Duties`."""
    return lambda d: d.dept is not None and bool(getattr(DUTIES[d.dept.slug], duty))


def _either(*tests: Applies) -> Applies:
    return lambda d: any(t(d) for t in tests)


def _explain(column: str, duty: str, label: str = "") -> Template:
    """The 说明 of a department without this duty; `label` shortens the title."""
    title = f"{{organ}}关于{label or duty}信息公开的说明"
    return Template(column, "其他", title, _dept, f"explain:{duty}")


T = Template
SAFETY = ("市场监管、安全生产监管", "安全生产监管")
EMERGENCY = ("综合政务", "应急管理")
BIG_PROJECTS = _either(_gov, _slug("fgw", "zjj", "jtj"))
RURAL = ("农业、林业、水利", "农业、畜牧业、渔业")
# fmt: off
#: For each column, the first template that fits the organ is used (most specific first).
COVER: tuple[Template, ...] = (
    T("art20-02", "其他", "{organ}机构职能、办公地址和联系方式", _anyone, "profile"),
    T("art20-03", "规划", "{place}{gov_plan}规划（{year}—{year5}年）", _gov, "plan", attach="pdf"),
    T("art20-03", "规划", "{place}{field}规划（{year}—{year5}年）", _dept, "plan"),
    T("art20-03", "规划", "{place}村庄规划（{year}—2035年）", _town, "plan",
      topic=("城乡建设、环境保护", "城市规划")),
    T("art20-04", "统计数据", "{myear}年{period}{place}{stat}情况", _anyone, "stats", STATS,
      attach="xlsx"),
    T("art20-05", "其他", "{place}行政许可事项清单（{year}年版）", _gov, "licences"),
    T("art20-05", "公示", "{organ}{year}年第{n}批{licence}结果公示", _dept, "notice"),
    T("art20-05", "公示", "{place}{year}年第{n}批乡村建设规划许可公示", _town, "notice"),
    T("art20-06", "公示", "{organ}{year}年第{n}期行政处罚案件信息公开", _dept, "notice"),
    T("art20-06", "报告", "{organ}{year1}年度行政执法数据公开", _anyone, "enforcement",
      when="spring"),
    T("art20-07", "报告", "{place}{year1}年一般公共预算决算情况", _gov, "general", FINANCE,
      when="accounts", attach="xlsx"),
    T("art20-07", "报告", "{organ}{year}年部门预算公开", _anyone, "budget", FINANCE,
      when="budget"),
    T("art20-08", "其他", "{place}行政事业性收费目录清单（{year}年）", _gov, "fees", FINANCE),
    T("art20-08", "其他", "{organ}行政事业性收费项目目录", _has("fees"), "fees", FINANCE),
    T("art20-08", "其他", "{organ}关于无行政事业性收费项目的说明", _anyone,
      "explain:行政事业性收费", FINANCE),
    T("art20-09", "公告", "{organ}{procurement}采购项目成交结果公告", _anyone, "notice", FINANCE),
    T("art20-10", "公示", "{project}项目批准和实施情况", BIG_PROJECTS,
      "project", ("国民经济管理、国有资产监管", "重大建设项目")),
    T("art20-10", "公示", "{own_project}批准和实施情况", _has("project"), "project"),
    T("art20-10", "公示", "{place}{year}年{rural}项目批准和实施情况", _town, "project", RURAL),
    _explain("art20-10", "重大建设项目"),
    T("art20-11", "通知", "关于开展{year}年{subject}政策宣传活动的通知",
      _slug("mzj", "rsj", "jyj", "wjw")),
    T("art20-11", "其他", "{livelihood}", _has("livelihood")),
    T("art20-11", "其他", "{place}{year}年民生实事项目实施情况", _gov),
    T("art20-11", "通告", "关于做好{year}年度城乡居民医疗保险参保缴费工作的通告", _town,
      "notice", ("卫生、体育", "医药管理")),
    T("art20-11", "其他", "{organ}{year}年促进就业和帮扶困难群众工作情况", _dept),
    T("art20-12", "方案", "{place}{hazard}应急预案", _gov, "contingency", EMERGENCY,
      attach="docx"),
    T("art20-12", "方案", "{place}{emergency}", _dept, "contingency", EMERGENCY),
    T("art20-12", "方案", "{place}防汛抗旱应急预案", _town, "contingency", EMERGENCY),
    T("art20-13", "通报", "{qyear}年第{q}季度{place}{inspection}监督检查情况通报",
      _has("inspection"), "inspection"),
    T("art20-13", "通报", "{qyear}年第{q}季度{place}安全生产监督检查情况通报",
      _either(_gov, _town), "inspection", SAFETY),
    _explain("art20-13", "环境保护、公共卫生、安全生产、食品药品、产品质量监督检查", "监督检查"),
    T("art20-14", "公示", "{organ}{year}年考试录用公务员拟录用人员公示", _anyone, "recruit",
      ("劳动、人事、监察", "人事工作")),
    T("art20-15", "报告", "{organ}{year1}年法治政府建设年度报告", _anyone, "rule_of_law",
      ("综合政务", "其他"), when="spring"),
    T("art21-city-01", "其他", "{project}工程建设进展情况", BIG_PROJECTS,
      topic=("城乡建设、环境保护", "城乡建设（含住房）")),
    _explain("art21-city-01", "市政建设"),
    T("art21-city-02", "其他", "{place}基本公共服务标准（{year}年版）", _gov, "services"),
    T("art21-city-02", "其他", "{organ}公共服务事项清单（{year}年版）", _dept, "services"),
    T("art21-city-03", "其他", "{place}{year}年{subject}工作情况", _slug("jyj", "wjw", "mzj")),
    T("art21-city-03", "其他", "{place}{year}年公益事业发展情况", _gov),
    T("art21-city-03", "其他", "{organ}{year}年志愿服务活动开展情况", _dept),
    T("art21-city-04", "公告", "{place}{year}年第{n}批次征收土地公告", _gov, "notice",
      ("国土资源、能源", "土地")),
    T("art21-city-04", "公告", "{place}{year}年第{n}批次征收土地补偿安置方案公告", _slug("zrj"),
      "notice"),
    _explain("art21-city-04", "土地征收"),
    T("art21-city-05", "公告", "{place}{project}项目国有土地上房屋征收决定公告", _gov, "notice",
      ("城乡建设、环境保护", "城乡建设（含住房）")),
    T("art21-city-05", "公告", "{project}项目房屋征收补偿方案征求意见公告", _slug("zjj"),
      "notice"),
    _explain("art21-city-05", "房屋征收"),
    T("art21-city-06", "其他", "{place}{year}年平安建设工作情况", _gov,
      topic=("公安、安全、司法", "公安")),
    T("art21-city-06", "通报", "{qyear}年第{q}季度{place}社会治安形势通报", _slug("gaj")),
    _explain("art21-city-06", "治安管理"),
    T("art21-city-07", "统计数据", "{place}{myear}年{month}月社会救助资金发放情况",
      _either(_gov, _slug("mzj")), "stats", ("民政、扶贫、救灾", "社会福利")),
    T("art21-city-07", "其他", "{place}{year}年学生资助政策落实情况", _slug("jyj")),
    T("art21-city-07", "其他", "{place}{year}年就业援助工作情况", _slug("rsj")),
    _explain("art21-city-07", "社会救助"),
    T("art21-town-01", "其他", "{place}{year}年{subject}工作情况", _town),
    T("art21-town-02", "公示", "{village}村{rural}工程建设情况公示", _town, "notice"),
    T("art21-town-03", "其他", "{place}{year}年农村土地承包经营权流转情况", _town),
    T("art21-town-04", "公示", "{place}{year}年第{n}批农村宅基地审核情况公示", _town, "notice"),
    T("art21-town-05", "公告", "{place}{year}年第{n}批次征收土地公告", _town, "notice",
      ("国土资源、能源", "土地")),
    T("art21-town-06", "公示", "{village}村{year}年房屋征收补偿安置情况公示", _town, "notice"),
    T("art21-town-07", "公示", "{village}村{year}年一事一议筹资筹劳方案公示", _town, "notice"),
    T("art21-town-08", "统计数据", "{place}{myear}年{month}月社会救助资金发放情况", _town, "stats",
      ("民政、扶贫、救灾", "社会福利")),
    T("key-budget", "报告", "{place}{year1}年预算执行情况和{year}年预算草案", _gov, "general",
      FINANCE, when="budget", attach="pdf"),
    T("key-budget", "报告", "{organ}{year}年部门预算", _anyone, "budget", FINANCE, when="budget"),
    T("key-projects", "其他", "{project}项目建设进展情况", BIG_PROJECTS,
      "project", ("国民经济管理、国有资产监管", "重大建设项目")),
    T("key-projects", "其他", "{own_project}建设进展情况", _has("project"), "project"),
    T("key-projects", "其他", "{place}{year}年{rural}项目建设进展情况", _town, "project", RURAL),
    _explain("key-projects", "重大建设项目"),
    T("key-public-resources", "公示", "{place}{year}年第{n}批国有建设用地使用权出让结果公示",
      _either(_gov, _slug("zrj")), "notice", ("国土资源、能源", "土地")),
    T("key-public-resources", "公告", "{organ}{year}年政府采购意向公开", _anyone, "intent",
      FINANCE),
    T("key-welfare", "其他", "{place}{year}年{subject}工作情况", _slug("jyj", "wjw", "mzj")),
    T("key-welfare", "其他", "{place}{year}年民生实事项目进展情况", _either(_gov, _town)),
    T("key-welfare", "其他", "{organ}{year}年结对帮扶困难群众工作情况", _dept),
    T("key-rural", "其他", "{place}{year}年{subject}工作进展", _slug("nyj")),
    T("key-rural", "其他", "{place}{year}年乡村振兴重点工作任务", _gov, topic=RURAL),
    T("key-rural", "其他", "{place}{year}年和美乡村建设工作进展", _town),
    T("key-rural", "其他", "{organ}{year}年驻村帮扶工作情况", _dept, topic=RURAL),
    T("key-environment", "统计数据", "{myear}年{month}月{place}环境空气质量状况", _slug("sthjj"),
      "stats"),
    T("key-environment", "公报", "{place}{year1}年生态环境状况公报", _gov,
      topic=("城乡建设、环境保护", "环境监测、保护与治理"), when="spring"),
    T("key-environment", "其他", "{place}{year}年农村人居环境整治工作情况", _town),
    T("key-environment", "其他", "{organ}{year}年公共机构节约能源资源工作情况", _dept),
    T("key-safety", "通报", "{place}{myear}年{month}月安全生产形势分析", _gov, topic=SAFETY),
    T("key-safety", "其他", "{organ}{year}年安全生产工作要点", _dept, topic=SAFETY),
    T("key-safety", "通报", "{place}{myear}年{month}月安全生产检查情况", _town, topic=SAFETY),
)
# fmt: on


def template_for(column: str, demo: DemoOrgan) -> Template | None:
    return next((t for t in COVER if t.column == column and t.applies(demo)), None)


def _leaf_columns() -> dict[int, list[tuple[str, str, str]]]:
    """(code, name, kind) of each organ's active leaf columns, in catalog order."""
    leaves: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    rows = (
        Column.objects.filter(is_active=True, children__isnull=True)
        .order_by("organ_id", "sort_order", "id")
        .values_list("organ_id", "code", "name", "kind")
    )
    for organ_id, code, name, kind in rows:
        leaves[organ_id].append((code, name, kind))
    return leaves


def plan_coverage(planner: Planner, demos: list[DemoOrgan], history: list[Plan]) -> list[Plan]:
    """Plans that leave no statutory column of any organ without a published item."""
    leaves = _leaf_columns()
    filled = {(p.demo.key, p.column) for p in history if p.state == PUBLISHED}
    plans: list[Plan] = []
    for demo in demos:
        plans += rules_plans(planner, demo)
        writer = _Writer(planner.rng, demo, demos, leaves[demo.organ.pk])
        for code, _name, kind in leaves[demo.organ.pk]:
            if kind in ELSEWHERE or (demo.key, code) in filled:
                continue
            plans += _cover(planner, demo, code, writer)
            filled.add((demo.key, code))
    return plans


def _cover(planner: Planner, demo: DemoOrgan, code: str, writer: _Writer) -> list[Plan]:
    if code in {"art20-01", "policy", "interpretation"}:
        # A 规范性文件 (Art. 20 item 1) or another policy, with its interpretation.
        policy = planner.unique(demo, lambda d: planner.policy(d, normative=code == "art20-01"))
        return [policy, planner.interpretation(policy)]
    tpl = template_for(code, demo)
    if tpl is None:
        return []  # a column the template does not know (added by an administrator)
    return [planner.unique(demo, lambda d: plan_for(planner, d, tpl, writer))]


class _Writer:
    """Writes the bodies of the kinds `plan_for` leaves to its caller, for one organ."""

    def __init__(
        self,
        rng: random.Random,
        demo: DemoOrgan,
        demos: list[DemoOrgan],
        columns: list[tuple[str, str, str]],
    ) -> None:
        self.rng = rng
        self.demo = demo
        self.demos = demos
        self.column_names = {code: name for code, name, _kind in columns}

    def __call__(self, tpl: Template, title: str, values: dict[str, Any], day: date) -> str:
        rng, organ = self.rng, self.demo.organ
        kind, _, duty = tpl.body.partition(":")
        name, year = organ.name, day.year
        if kind == "explain":
            return bodies.explain_body(
                organ=name,
                duty=duty,
                column=self.column_names.get(tpl.column, duty),
                competent=self.competent(COMPETENT.get(duty, "")),
                phone=organ.gio_phone,
            )
        if kind == "profile":
            return self.profile()
        if kind == "plan":
            return bodies.plan_body(
                rng, place=self.demo.place, title=title, start=year, end=year + 4
            )
        if kind == "contingency":
            return bodies.contingency_body(rng, name=title, organ=name)
        if kind == "project":
            return bodies.project_body(rng, name=title, organ=name, year=year)
        if kind == "inspection":
            return bodies.inspection_body(rng, organ=name, topic=title)
        if kind == "fees":
            return bodies.fees_body(organ=name, fees=self.fees(), phone=organ.gio_phone)
        if kind == "budget":
            return bodies.budget_body(rng, organ=name, year=year)
        if kind == "recruit":
            return bodies.recruit_body(rng, organ=name, year=year)
        if kind == "enforcement":
            return bodies.enforcement_body(rng, organ=name, year=year - 1)
        if kind == "rule_of_law":
            return bodies.work_report_body(rng, organ=name, year=year - 1)
        if kind == "intent":
            return bodies.intent_body(rng, organ=name, year=year)
        if kind in {"services", "licences"}:
            return bodies.services_body(
                rng, organ=name, services=self.services(kind), phone=organ.gio_phone
            )
        raise ValueError(f"unknown body kind {tpl.body!r}")

    def government(self) -> DemoOrgan:
        """The organ itself when a government, else the government it belongs to."""
        if self.demo.is_government:
            return self.demo
        parent_id = self.demo.organ.parent_id
        return next(d for d in self.demos if d.organ.pk == parent_id)

    def departments(self) -> list[DemoOrgan]:
        gov = self.government().organ.pk
        return [d for d in self.demos if d.dept is not None and d.organ.parent_id == gov]

    def competent(self, slug: str) -> str:
        """Who publishes what this organ does not: the department of `slug`, else the government."""
        for d in self.departments():
            if d.dept is not None and d.dept.slug == slug and d is not self.demo:
                return d.organ.name
        return self.government().organ.name

    def fees(self) -> list[tuple[str, str, str]]:
        own = [self.demo] if self.demo.dept is not None else self.departments()
        return [
            (fee, d.organ.name, standard)
            for d in own
            if d.dept is not None
            for fee, standard in DUTIES[d.dept.slug].fees
        ]

    def services(self, kind: str) -> list[str]:
        if kind == "services" and self.demo.is_government:
            return list(vocab.GOVERNMENT_SERVICES)
        if kind == "services":
            return [f"{s}咨询" for s in self.demo.subjects[:3]] + list(self.demo.licences)
        return [f"{lic}（{d.organ.name}）" for d in self.departments() for lic in d.licences]

    def profile(self) -> str:
        rng, demo, organ = self.rng, self.demo, self.demo.organ
        title = head_title(organ.name, demo.place, government=demo.is_government)
        if demo.dept is not None:
            duties = [f"负责{s}工作，拟订有关政策措施并组织实施。" for s in demo.subjects[:4]]
            offices = ["办公室", "政策法规科", *DUTIES[demo.dept.slug].offices]
            heading = "内设机构"
        else:
            duties = list(vocab.GOVERNMENT_DUTIES)
            heading = "工作部门" if not _town(demo) else "内设机构"
            offices = (
                list(TOWNSHIP_OFFICES)
                if _town(demo)
                else [d.organ.name for d in self.departments()]
            )
        people = [rng.choice(vocab.SURNAMES) + rng.choice(vocab.GIVEN) for _ in range(3)]
        return bodies.profile_body(
            duties=duties,
            offices=offices,
            offices_heading=heading,
            head=(title, people[0]),
            deputies=people[1:],
            address=organ.gio_address,
            postcode=organ.gio_postcode,
            hours=organ.gio_hours,
            phone=organ.gio_phone,
            fax=organ.gio_fax,
            email=organ.gio_email,
        )
