"""Title templates for general (non-policy) items, by 公开目录 column and kind of organ."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from gongkai.demo import bodies, vocab
from gongkai.demo.duties import DUTIES
from gongkai.orgs.models import Organ

if TYPE_CHECKING:
    from gongkai.demo.content import Plan, Planner
    from gongkai.demo.organs import DemoOrgan


def _gov(d: DemoOrgan) -> bool:
    return d.organ.kind == Organ.Kind.GOVERNMENT and d.organ.level != Organ.Level.TOWNSHIP


def _town(d: DemoOrgan) -> bool:
    return d.organ.level == Organ.Level.TOWNSHIP


def _dept(d: DemoOrgan) -> bool:
    return d.organ.kind == Organ.Kind.DEPARTMENT


def _not_town(d: DemoOrgan) -> bool:
    return not _town(d)


def _slug(*slugs: str) -> Callable[[DemoOrgan], bool]:
    return lambda d: d.dept is not None and d.dept.slug in slugs


def _with_licences(d: DemoOrgan) -> bool:
    return bool(d.licences)


@dataclass(frozen=True)
class Template:
    column: str
    genre: str
    title: str
    applies: Callable[[DemoOrgan], bool]
    # general | notice | stats | budget | accounts | a kind the `make_body` of plan_for writes
    body: str = "general"
    topic: tuple[str, str] | None = None
    when: str = "any"  # any | a key of SEASONS
    attach: str = ""  # docx | xlsx | pdf
    weight: int = 2


STATS = ("国民经济管理、国有资产监管", "统计")
FINANCE = ("财政、金融、审计", "财政")
TEMPLATES: tuple[Template, ...] = (
    Template("art20-02", "其他", "{organ}主要职责和内设机构", _not_town, weight=1),
    Template(
        "art20-03",
        "规划",
        "{place}{subject}专项规划（{year}—{year5}年）",
        _gov,
        topic=("国民经济管理、国有资产监管", "宏观经济"),
        attach="pdf",
        weight=1,
    ),
    Template(
        "art20-04",
        "统计数据",
        "{myear}年{period}{place}{stat}情况",
        _not_town,
        body="stats",
        topic=STATS,
        attach="xlsx",
        weight=4,
    ),
    Template(
        "art20-05",
        "公示",
        "{organ}{year}年第{n}批{licence}结果公示",
        _with_licences,
        body="notice",
        attach="xlsx",
        weight=3,
    ),
    Template(
        "art20-06", "公示", "{organ}{year}年第{n}期行政处罚案件信息公开", _dept, body="notice"
    ),
    Template(
        "art20-07",
        "报告",
        "{organ}{year}年部门预算公开",
        _dept,
        body="budget",
        topic=FINANCE,
        when="budget",
        attach="xlsx",
    ),
    Template(
        "art20-07",
        "报告",
        "{organ}{year1}年部门决算公开",
        _dept,
        body="accounts",
        topic=FINANCE,
        when="accounts",
        attach="xlsx",
    ),
    Template(
        "art20-07",
        "报告",
        "{place}{year1}年一般公共预算决算情况",
        _gov,
        topic=FINANCE,
        when="accounts",
        attach="xlsx",
        weight=1,
    ),
    Template(
        "art20-09",
        "公告",
        "{organ}{procurement}采购项目成交结果公告",
        _not_town,
        body="notice",
        topic=FINANCE,
    ),
    Template(
        "art20-10",
        "公示",
        "{project}项目批准和实施情况",
        _slug("fgw", "zjj", "jtj"),
        body="notice",
        topic=("国民经济管理、国有资产监管", "重大建设项目"),
    ),
    Template(
        "art20-11",
        "通知",
        "关于开展{year}年{subject}政策宣传活动的通知",
        _slug("mzj", "rsj", "jyj", "wjw"),
    ),
    Template(
        "art20-12",
        "方案",
        "{place}{hazard}应急预案",
        _gov,
        topic=("综合政务", "应急管理"),
        attach="docx",
        weight=1,
    ),
    Template(
        "art20-12",
        "通知",
        "关于切实做好{year}年{hazard}应对准备工作的通知",
        _gov,
        topic=("综合政务", "应急管理"),
    ),
    Template(
        "art20-13",
        "通告",
        "{qyear}年第{q}季度{subject}监督检查情况通报",
        _slug("scjg", "sthjj", "wjw", "zjj", "gaj"),
    ),
    Template(
        "art20-14",
        "公告",
        "{organ}{year}年公开招聘工作人员公告",
        _not_town,
        topic=("劳动、人事、监察", "人事工作"),
        attach="xlsx",
        weight=1,
    ),
    Template(
        "art21-city-01",
        "其他",
        "{project}工程建设进展情况",
        _gov,
        topic=("城乡建设、环境保护", "城乡建设（含住房）"),
    ),
    Template(
        "art21-city-04",
        "公告",
        "{place}{year}年第{n}批次征收土地公告",
        _gov,
        body="notice",
        topic=("国土资源、能源", "土地"),
    ),
    Template(
        "art21-city-07",
        "统计数据",
        "{place}{myear}年{month}月社会救助资金发放情况",
        _gov,
        body="stats",
        topic=("民政、扶贫、救灾", "社会福利"),
    ),
    Template(
        "key-budget",
        "报告",
        "{place}{year1}年预算执行情况和{year}年预算草案",
        _gov,
        topic=FINANCE,
        when="budget",
        attach="pdf",
    ),
    Template(
        "key-environment",
        "统计数据",
        "{myear}年{month}月{place}环境空气质量状况",
        _slug("sthjj"),
        body="stats",
    ),
    Template("key-welfare", "其他", "{place}{year}年{subject}工作情况", _slug("jyj", "wjw", "mzj")),
    Template("key-rural", "其他", "{place}{year}年{subject}工作进展", _slug("nyj")),
    Template(
        "key-safety",
        "通报",
        "{place}{myear}年{month}月安全生产形势分析",
        _gov,
        topic=("市场监管、安全生产监管", "安全生产监管"),
    ),
    Template("art21-town-01", "其他", "{place}{year}年{subject}工作情况", _town),
    Template(
        "art21-town-02",
        "公示",
        "{village}村{rural}工程建设情况公示",
        _town,
        body="notice",
        weight=3,
    ),
    Template("art21-town-03", "其他", "{place}{year}年农村土地承包经营权流转情况", _town),
    Template(
        "art21-town-04",
        "公示",
        "{place}{year}年第{n}批农村宅基地审核情况公示",
        _town,
        body="notice",
    ),
    Template(
        "art21-town-07", "公示", "{village}村{year}年一事一议筹资筹劳方案公示", _town, body="notice"
    ),
    Template(
        "art21-town-08",
        "统计数据",
        "{place}{myear}年{month}月社会救助资金发放情况",
        _town,
        body="stats",
        topic=("民政、扶贫、救灾", "社会福利"),
    ),
)


#: Publication windows of seasonal items: budgets (Feb–Mar), final accounts (Jul–Sep) and the
#: annual reports due by 1 April (法治政府建设年度报告).
SEASONS = {
    "budget": ((2, 10), (3, 31)),
    "accounts": ((7, 20), (9, 20)),
    "spring": ((1, 10), (3, 31)),
}


def season_day(planner: Planner, when: str) -> date:
    """A publication day in the window, in a year whose whole season lies inside it."""
    if when == "any":
        return planner.pub_day()
    lo, hi = SEASONS[when]
    years = [
        y
        for y in range(planner.start.year, planner.end.year + 1)
        if date(y, *lo) >= planner.start and date(y, *hi) <= planner.end
    ]
    year = planner.rng.choice(years)
    return planner.pub_day(date(year, *lo), date(year, *hi))


def template_values(planner: Planner, demo: DemoOrgan, day: date, subject: str) -> dict[str, Any]:
    """The placeholders a title may use, for an item published on `day`."""
    rng = planner.rng
    # Reports cover the period just ended: last quarter, last month, the months so far.
    quarter = (day.month - 1) // 3 or 4
    last_month = (day.month - 2) % 12 + 1
    months = day.month - 1
    values: dict[str, Any] = {
        "organ": demo.organ.name,
        "place": demo.place,
        "subject": subject,
        "year": day.year,
        "qyear": day.year - (1 if day.month <= 3 else 0),
        "myear": day.year - (1 if day.month == 1 else 0),
        "year1": day.year - 1,
        "year5": day.year + 4,
        "period": "全年" if months == 0 else ("1月" if months == 1 else f"1—{months}月"),
        "stat": rng.choice(demo.statistics or ("主要经济指标",)),
        "licence": rng.choice(demo.licences or ("行政许可",)),
        "n": rng.randint(1, 12),
        "q": quarter,
        "month": last_month,
        "procurement": rng.choice(vocab.PROCUREMENTS),
        "project": rng.choice(vocab.PROJECTS),
        "hazard": rng.choice(vocab.HAZARDS),
        "village": rng.choice(vocab.VILLAGES),
        "rural": rng.choice(vocab.RURAL_PROJECTS),
        "gov_plan": rng.choice(vocab.GOVERNMENT_PLANS),
    }
    duties = DUTIES.get(demo.dept.slug) if demo.dept else None
    if duties is not None:
        for name in ("field", "emergency", "inspection", "project", "livelihood"):
            text = getattr(duties, name).format(**values)
            values["own_" + name if name == "project" else name] = text
    return values


def general_plan(planner: Planner, demo: DemoOrgan) -> Plan:
    rng = planner.rng
    fitting = [t for t in TEMPLATES if t.applies(demo)]
    tpl = rng.choices(fitting, weights=[t.weight for t in fitting])[0]
    return plan_for(planner, demo, tpl)


BodyMaker = Callable[[Template, str, dict[str, Any], date], str]


def plan_for(
    planner: Planner, demo: DemoOrgan, tpl: Template, make_body: BodyMaker | None = None
) -> Plan:
    """A plan from a title template; `make_body` writes bodies of kinds this module lacks."""
    from gongkai.demo.content import Plan

    rng = planner.rng
    day = season_day(planner, tpl.when)
    formed, published = planner.dated(day)
    subject = rng.choice(demo.subjects)
    values = template_values(planner, demo, day, subject)
    title = tpl.title.format(**values)
    if tpl.body == "stats":
        body = bodies.statistics_body(rng, title=title, indicator=str(values["stat"]))
    elif tpl.body == "notice":
        body = bodies.notice_body(rng, organ=demo.organ.name, topic=title, published=day)
    elif tpl.body in {"budget", "accounts"}:
        final = tpl.body == "accounts"  # 决算 of the year before
        year = day.year - 1 if final else day.year
        body = bodies.budget_body(rng, organ=demo.organ.name, year=year, final=final)
    elif tpl.body == "general" or make_body is None:
        body = bodies.general_body(rng, organ=demo.organ.name, subject=subject)
    else:
        body = make_body(tpl, title, values, day)
    return Plan(
        demo=demo,
        column=tpl.column,
        title=title,
        genre=tpl.genre,
        topic=tpl.topic or demo.topic_for(subject),
        formed_on=formed,
        published_at=published,
        keywords=f"{subject},{tpl.genre}",
        summary=title + "。",
        body=body,
        attachments=(tpl.attach,) if tpl.attach and rng.random() < 0.35 else (),
    )
