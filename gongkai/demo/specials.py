"""Items that give the back office work: drafts in every workflow state, and filed items.

Filed items are 依申请公开 / 不予公开 decisions made at the source (legal-rules §5.4): they are
approved (签发) but never published, and each carries a reason and the article it relies on.
"""

from __future__ import annotations

from datetime import timedelta

from gongkai.catalog.models import Attribute, LegalBasis
from gongkai.core.identifiers import resident_id_check_char
from gongkai.demo import bodies
from gongkai.demo.content import Plan, Planner
from gongkai.demo.dates import minus_working_days, office_time, on_or_before_working_day
from gongkai.demo.organs import DemoOrgan

#: Workflow states a back-office reader should find in each featured organ.
DRAFT_STATES = ("draft", "returned", "secrecy_review", "awaiting_approval", "scheduled")


def demo_resident_id(rng_value: int) -> str:
    """A 居民身份证号码 with a valid check digit in the fictional 99 area, so the scanner fires."""
    first17 = (
        f"990102198{rng_value % 10}0{rng_value % 9 + 1}1{rng_value % 10}{rng_value % 900 + 100}"
    )
    return first17 + resident_id_check_char(first17)


def workflow_plans(planner: Planner, demo: DemoOrgan) -> list[Plan]:
    rng = planner.rng
    today = planner.today
    plans = []
    for i, state in enumerate(DRAFT_STATES):
        subject = rng.choice(demo.subjects)
        # One draft is already past the Art. 26 deadline so the timeliness list shows it.
        lag = 25 if state == "draft" and demo.key == "city" else rng.randint(1, 8)
        formed = minus_working_days(on_or_before_working_day(today), lag)
        body = bodies.general_body(rng, organ=demo.organ.name, subject=subject)
        title = f"关于{subject}工作情况的通报"
        if state == "secrecy_review":
            # A real-looking personal ID slipped into the text: 保密审查 must catch it.
            person = demo_resident_id(rng.randint(0, 10**6))
            body += f"<p>经核查，投诉人李某（公民身份号码：{person}）反映的问题已办结。</p>"
            title = f"关于{subject}投诉办理情况的通报"
        plan = Plan(
            demo=demo,
            column="policy" if i % 2 else "art20-15",
            title=title,
            genre="通报",
            topic=demo.topic,
            formed_on=formed,
            body=body,
            state=state,
            keywords=f"{subject},通报",
            summary=f"{subject}工作情况。",
        )
        if state == "scheduled":
            day = today + timedelta(days=rng.randint(1, 5))
            plan.extra["scheduled_for"] = office_time(rng, day).replace(hour=9, minute=0, second=0)
            plan.title = f"关于{subject}的公告"
            plan.genre = "公告"
        if state == "awaiting_approval":
            plan.attachments = ("pdf",)
        plans.append(plan)
    return plans


FILED = (
    (
        Attribute.ON_REQUEST,
        LegalBasis.ART19_NOT_PROACTIVE,
        "{place}{subject}专项资金分配明细（按单位）",
        "涉及具体单位的资金明细，不属于第十九条至第二十一条规定应当主动公开的范围，"
        "公众可依申请获取。",
    ),
    (
        Attribute.WITHHELD,
        LegalBasis.ART16_PROCESS,
        "关于{subject}有关问题的请示",
        "属于行政机关在履行职责过程中形成的请示报告，为过程性信息，依照第十六条第二款可以不予公开。",
    ),
    (
        Attribute.WITHHELD,
        LegalBasis.ART16_INTERNAL,
        "{organ}机关内部考勤和后勤管理规定",
        "属于内部事务信息（后勤管理、内部工作流程），依照第十六条第一款可以不予公开。",
    ),
)


def filed_plans(planner: Planner, demo: DemoOrgan, count: int) -> list[Plan]:
    rng = planner.rng
    plans = []
    for attribute, basis, title, reason in rng.sample(FILED, k=min(count, len(FILED))):
        subject = rng.choice(demo.subjects)
        day = planner.pub_day()
        formed, approved = planner.dated(day)
        plans.append(
            Plan(
                demo=demo,
                column="art20-15",
                title=title.format(place=demo.place, subject=subject, organ=demo.organ.name),
                genre="其他",
                topic=demo.topic,
                formed_on=formed,
                published_at=approved,  # the 签发 moment; filed items never get a 发布日期
                body=bodies.general_body(rng, organ=demo.organ.name, subject=subject),
                state="filed",
                keywords=subject,
                extra={
                    "attribute": attribute,
                    "attribute_basis": basis,
                    "attribute_reason": reason,
                },
            )
        )
    return plans
