"""Demo data of 公众参与 (issue 18 point 8), built only through this app's services: three
consultations (one open; one closed with its 采纳情况反馈 and linked to its final policy; one
past its end date without feedback, so closing it is refused), a survey with its results, 人大
建议 and 政协提案 with their replies, and 政务舆情 records (on time, late, one still waiting).

Called by `gongkai/demo` after the catalog history is loaded (the final policy and the replies
link to published items when the organ has some):

    from gongkai.participation.demo import build_participation
    counts.update({f"participation.{k}": n for k, n in build_participation(
        city=city, departments=departments, office=office_user, rng=rng).items()})

The texts are written here; the commenters and proposers are fictional.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from gongkai.catalog.models import Item
from gongkai.core.fsm import InvalidTransition
from gongkai.orgs.models import Organ
from gongkai.participation.models import Consultation
from gongkai.participation.services import consultations as cs
from gongkai.participation.services import opinions as ops
from gongkai.participation.services import proposals as ps
from gongkai.participation.services import surveys as ss

NAMES = ("刘*", "陈先生", "赵女士", "某小区业主委员会", "", "孙**", "市律师协会", "")

OPEN_COMMENTS = (
    ("建议明确犬只免疫登记的办理地点，最好能在社区卫生服务中心就近办理。", True),
    ("第十二条关于遛犬时间的限制过于严格，建议改为重点区域、重点时段管理。", True),
    ("建议增加对流浪犬收容后的领养渠道说明。", None),  # still 待审核
    ("专业办证，代办各类证件，联系微信xxxx。", False),  # hidden: advertising
)

CLOSED_COMMENTS = (
    ("建议对老城区居民夜间停车给予优惠。", "night"),
    ("夜间停车能否按包月收费，减轻居民负担。", "night"),
    ("医院周边停车位紧张，建议提高临时停车收费标准。", "hospital"),
    ("建议取消所有路内停车收费。", "free"),
    ("新能源车停车能否减免。", "free"),
)

GROUPS = {
    "night": ("老城区居民夜间停车优惠", "adopted", ""),
    "hospital": (
        "医院、学校周边差异化收费",
        "partly",
        "医院周边实行首小时差别收费，学校周边因上下学时段短暂停车需求另行研究。",
    ),
    "free": (
        "取消收费或减免",
        "not_adopted",
        "路内停车收费是调节停车需求的手段，取消收费将加剧拥堵；新能源车减免政策由省级统一规定。",
    ),
}

PENDING_COMMENTS = (
    "建议公布垃圾分类投放点的设置标准。",
    "厨余垃圾定时定点投放时间建议延长到晚上九点。",
    "希望增加大件垃圾预约上门收运服务。",
)

SURVEY_QUESTIONS: tuple[tuple[str, str, list[str]], ...] = (
    ("single", "您平时乘坐公交出行的频率是？", ["每天", "每周几次", "很少", "从不"]),
    (
        "multiple",
        "您最希望公交服务改进哪些方面？（可多选）",
        ["准点率", "线路覆盖", "车辆舒适度", "换乘便利", "票价"],
    ),
    ("text", "您对公交线路优化还有哪些建议？", []),
)

SUGGESTIONS = ("希望在地铁站口增加公交接驳线路。", "晚高峰车次太少，建议加密。", "")

PROPOSALS = (
    ("npc", "关于加快老旧小区加装电梯的建议", "王建国等5名代表"),
    ("npc", "关于完善社区养老服务设施的建议", "李秀英代表"),
    ("cppcc", "关于加强中小学课后服务的提案", "民进市委会"),
    ("cppcc", "关于推进农贸市场提升改造的提案", "张明委员"),
    ("npc", "关于规范电动自行车充电设施的建议", "陈立代表"),
    ("cppcc", "关于优化营商环境审批流程的提案", "市工商联"),
)

OPINIONS: tuple[tuple[str, str, str, int | None, int | None], ...] = (
    ("某小区连续三日停水", "网络论坛", "general", 20, 30),
    ("化工园区异味引发居民关注", "短视频平台", "major", 4, 7),
    ("暴雨导致部分路段积水", "政务热线", "critical", 3, 22),
    ("学校食堂食品安全传言", "微信群", "general", 60, None),  # answered late
    ("公交线路调整引发讨论", "新闻客户端", "general", None, None),  # still waiting
)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _published_item(organ: Organ) -> Item | None:
    return (
        Item.objects.filter(organ=organ, status="published", attribute="proactive")
        .order_by("-published_at")
        .first()
    )


def _consultation(
    *,
    office: Any,
    organ: Organ,
    kind: str,
    title: str,
    explanation: str,
    draft: str,
    starts_on: date,
    ends_on: date,
    shortened: str = "",
) -> Consultation:
    fields = cs.ConsultationFields(
        kind=kind,
        title=title,
        explanation=explanation,
        draft_text=draft,
        starts_on=starts_on,
        ends_on=ends_on,
        shortened_reason=shortened,
        contact=f"来信请寄{organ.name}办公室；电子邮件请注明“意见征集”。",
    )
    c = cs.consultation_create(actor=office, organ=organ, fields=fields)
    return cs.consultation_open(actor=office, consultation=c, today=starts_on)


def build_consultations(
    *,
    city: Organ,
    departments: Sequence[Organ],
    office: Any,
    rng: random.Random,
    today: date,
) -> Counter[str]:
    counts: Counter[str] = Counter()
    dept = departments[0] if departments else city
    name = city.name.replace("人民政府", "")

    # 1. Open: comments shown, one waiting for moderation, one hidden, a letter recorded.
    start = today - timedelta(days=10)
    c = _consultation(
        office=office,
        organ=dept,
        kind="other",
        title=f"关于《{name}养犬管理规定（征求意见稿）》公开征求意见的公告",
        explanation="为规范养犬行为，保障公民健康和人身安全，维护市容环境和社会秩序，起草了本规定。",
        draft="第一条 为了加强养犬管理，制定本规定。\n第二条 本市行政区域内的养犬活动适用本规定。",
        starts_on=start,
        ends_on=today + timedelta(days=20),
    )
    for i, (text, show) in enumerate(OPEN_COMMENTS):
        comment, _ = cs.comment_submit(
            consultation=c,
            body=text,
            name=NAMES[i % len(NAMES)],
            today=start + timedelta(days=i + 1),
        )
        if show is not None:
            reason = "" if show else "内容为商业广告，与征求意见无关。"
            cs.comment_moderate(actor=office, comment=comment, show=show, reason=reason)
    cs.comment_record(
        actor=office,
        consultation=c,
        channel="letter",
        body="建议对导盲犬、扶助犬的通行作出明确规定。",
        received_on=start + timedelta(days=3),
        name="市残疾人联合会",
    )
    counts["open"] += 1

    # 2. Closed: a 重大行政决策 open 30 days, its comments grouped, the feedback published, the
    #    final policy linked when one is published.
    start = today - timedelta(days=90)
    c = _consultation(
        office=office,
        organ=city,
        kind="major_decision",
        title=f"关于{name}城区停车收费标准调整方案公开征求意见的公告",
        explanation="为缓解城区停车难，拟按区域、时段实行差别化停车收费。",
        draft="一、收费区域分为一类、二类、三类区域。\n二、夜间（20:00至次日7:00）实行优惠收费。",
        starts_on=start,
        ends_on=start + timedelta(days=29),
    )
    by_group: dict[str, list[int]] = {}
    for i, (text, key) in enumerate(CLOSED_COMMENTS):
        comment, _ = cs.comment_submit(
            consultation=c,
            body=text,
            name=NAMES[(i + 3) % len(NAMES)],
            today=start + timedelta(days=2 + i * 4),
        )
        cs.comment_moderate(actor=office, comment=comment, show=True)
        by_group.setdefault(key, []).append(comment.pk)
    for key, ids in by_group.items():
        topic, decision, reason = GROUPS[key]
        cs.feedback_group_add(
            actor=office,
            consultation=c,
            topic=topic,
            decision=decision,
            reason=reason,
            comment_ids=ids,
        )
    cs.feedback_publish(
        actor=office,
        consultation=c,
        today=start + timedelta(days=40),
        summary=f"征求意见期间共收到意见{len(CLOSED_COMMENTS)}条，经研究，采纳或部分采纳"
        f"{len(by_group['night']) + len(by_group['hospital'])}条，具体情况如下。",
    )
    c = cs.consultation_close(actor=office, consultation=c, today=start + timedelta(days=45))
    final = _published_item(city) or _published_item(dept)
    if final is not None:
        cs.consultation_link_final(actor=office, consultation=c, item=final)
        counts["linked"] += 1
    counts["closed"] += 1

    # 3. Past its end date, comments not yet answered: closing it is refused with the reason.
    start = today - timedelta(days=40)
    other = departments[1] if len(departments) > 1 else dept
    c = _consultation(
        office=office,
        organ=other,
        kind="other",
        title=f"关于《{name}生活垃圾分类管理办法（征求意见稿）》公开征求意见的公告",
        explanation="为推进生活垃圾分类，起草了本办法。",
        draft="第一条 为了推进生活垃圾分类，改善人居环境，制定本办法。",
        starts_on=start,
        ends_on=today - timedelta(days=5),
    )
    for i, text in enumerate(PENDING_COMMENTS):
        comment, _ = cs.comment_submit(
            consultation=c, body=text, name=NAMES[i], today=start + timedelta(days=i + 2)
        )
        cs.comment_moderate(actor=office, comment=comment, show=True)
    try:
        cs.consultation_close(actor=office, consultation=c)
    except InvalidTransition:
        counts["close_refused"] += 1
    return counts


def build_survey(*, organ: Organ, office: Any, rng: random.Random, today: date) -> Counter[str]:
    counts: Counter[str] = Counter()
    survey = ss.survey_create(
        actor=office,
        organ=organ,
        title="公交线路优化网上问卷调查",
        intro="为优化公交线路，提升出行体验，现开展网上调查，欢迎参与。",
        starts_on=today - timedelta(days=30),
        ends_on=today - timedelta(days=2),
    )
    questions = [
        ss.question_add(
            actor=office,
            survey=survey,
            kind=kind,
            text=text,
            choices=choices,
            required=kind != "text",
        )
        for kind, text, choices in SURVEY_QUESTIONS
    ]
    for n in range(rng.randint(35, 60)):
        raw: dict[str, Any] = {}
        for q in questions:
            if q.kind == "single":
                raw[f"q{q.pk}"] = [str(rng.choices(range(len(q.choices)), weights=[4, 3, 2, 1])[0])]
            elif q.kind == "multiple":
                picks = rng.sample(range(len(q.choices)), rng.randint(1, 3))
                raw[f"q{q.pk}"] = [str(i) for i in picks]
            else:
                raw[f"q{q.pk}"] = [rng.choice(SUGGESTIONS)]
        ss.survey_answer(
            survey=survey,
            raw=raw,
            voter_key=f"demo-{n}",
            ip=f"10.{n // 250}.{n % 250}.1",
            today=survey.starts_on,
        )
        counts["answers"] += 1
    counts["surveys"] += 1
    return counts


def build_proposals(
    *, departments: Sequence[Organ], office: Any, rng: random.Random, today: date
) -> Counter[str]:
    counts: Counter[str] = Counter()
    if not departments:
        return counts
    assigned = (
        date(today.year, 3, 20) if today >= date(today.year, 3, 20) else date(today.year - 1, 3, 20)
    )
    for i, (kind, title, proposer) in enumerate(PROPOSALS):
        organ = departments[i % len(departments)]
        co = [departments[(i + 1) % len(departments)]] if len(departments) > 1 and i % 2 else []
        p = ps.proposal_register(
            actor=office,
            organ=organ,
            co_organs=co,
            fields=ps.ProposalFields(
                kind=kind,
                year=assigned.year,
                number=f"{(i + 1) * 7:03d}",
                title=title,
                proposer=proposer,
                assigned_on=assigned,
            ),
        )
        counts["proposals"] += 1
        if i == len(PROPOSALS) - 1:
            continue  # one still being handled
        replied = min(assigned + timedelta(days=rng.randint(40, 100)), today)
        item = _published_item(organ)
        if item is not None and i % 2 == 0:
            ps.proposal_reply(
                actor=office, proposal=p, replied_on=replied, disclosure="full", item=item
            )
        else:
            ps.proposal_reply(
                actor=office,
                proposal=p,
                replied_on=replied,
                disclosure="summary",
                summary=f"{organ.name}对该{p.get_kind_display()}高度重视，已将相关内容纳入年度"
                "工作计划，分步实施，并将办理情况向提出人作了当面沟通。",
            )
        counts["replied"] += 1
    return counts


def build_opinions(
    *, organs: Sequence[Organ], office: Any, rng: random.Random, now: datetime
) -> Counter[str]:
    counts: Counter[str] = Counter()
    for i, (topic, source, level, respond_h, press_h) in enumerate(OPINIONS):
        organ = organs[i % len(organs)]
        noticed = now - timedelta(days=rng.randint(3, 120), hours=rng.randint(0, 20))
        if respond_h is None:
            noticed = now - timedelta(hours=60)  # waiting past its 48 hours
        o = ops.opinion_register(
            actor=office,
            organ=organ,
            topic=topic,
            source=source,
            level=level,
            noticed_at=noticed,
            now=now,
        )
        counts["opinions"] += 1
        if respond_h is None:
            continue
        ops.opinion_respond(
            actor=office,
            opinion=o,
            responded_at=noticed + timedelta(hours=respond_h),
            item=_published_item(organ),
            url="" if _published_item(organ) else "https://www.example.gov.cn/hygq/",
            note="在回应关切栏目发布情况说明",
            press_at=noticed + timedelta(hours=press_h) if press_h is not None else None,
        )
        counts["responded"] += 1
    return counts


def build_participation(
    *,
    city: Organ,
    departments: Sequence[Organ],
    office: Any,
    rng: random.Random,
    today: date | None = None,
) -> dict[str, int]:
    """Everything above; `office` is the city's 公开办管理员 (who covers its departments)."""
    today = today or timezone.localdate()
    counts: Counter[str] = Counter()
    counts.update(
        build_consultations(city=city, departments=departments, office=office, rng=rng, today=today)
    )
    counts.update(
        build_survey(
            organ=departments[0] if departments else city, office=office, rng=rng, today=today
        )
    )
    counts.update(
        build_proposals(departments=departments or [city], office=office, rng=rng, today=today)
    )
    counts.update(
        build_opinions(organs=[city, *departments], office=office, rng=rng, now=timezone.now())
    )
    return dict(counts)
