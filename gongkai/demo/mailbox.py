"""A year of 互动交流 for the demo city, built only through the mailbox's services.

Letters to the 市长信箱, the 在线咨询 and the departments' mailboxes, one month after another up
to today: most assigned by the city's 公开办 to the department responsible, answered, approved
and rated (some 不满意, some 默认满意); some transferred on, one disputed and returned to the
公开办; some 不予受理 or 重复; some answered late; the recent ones still open, one of them waiting
long enough for the escalating alerts before the three-month veto. The writers consent to
publication now and then, and the city publishes some of those replies (masked).

The texts are written here from short phrases (our own); the writers are fictional, with phones
in the 199 test range.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from gongkai.core.workcal.calendar import add_working_days, default_calendar
from gongkai.demo import vocab
from gongkai.mailbox.models import Channel, ChannelKind, Letter, Status
from gongkai.mailbox.services import publication as pub
from gongkai.mailbox.services import workflow as wf
from gongkai.mailbox.services.intake import LetterInput, letter_receive
from gongkai.mailbox.services.jobs import mailbox_default_ratings, mailbox_mark_overdue
from gongkai.orgs.models import Organ, Role

#: (type, title, what happened, what is asked): the matters citizens write about.
MATTERS = (
    (
        "complaint",
        "{road}路灯长期不亮",
        "{road}一段路灯已经坏了一个多月，夜间行人很不安全",
        "请尽快维修",
    ),
    (
        "complaint",
        "{road}施工噪音扰民",
        "{road}附近工地每晚十点以后仍在施工，噪音很大",
        "请依法查处夜间施工",
    ),
    ("complaint", "小区周边占道经营", "{road}小区门口流动摊贩占道经营，堵塞交通", "请加强管理"),
    (
        "help",
        "老旧小区加装电梯咨询办理流程",
        "我们小区想加装电梯，不清楚需要准备哪些材料",
        "请告知办理流程",
    ),
    (
        "consult",
        "灵活就业人员参保缴费",
        "本人为灵活就业人员，想了解社保缴费基数和办理渠道",
        "请予解答",
    ),
    ("consult", "新生儿入户办理材料", "孩子刚出生，想了解办理户口登记需要哪些材料", "请予解答"),
    ("consult", "义务教育入学划片范围", "想了解今年{road}附近小学的招生划片范围", "请予解答"),
    (
        "suggestion",
        "增设公交线路",
        "{road}一带新建小区多，公交线路少，居民出行不便",
        "建议增设或调整公交线路",
    ),
    ("suggestion", "公园增加健身设施", "{road}附近公园健身器材太少，早晚排队", "建议增加健身设施"),
    ("help", "困难家庭临时救助", "家中老人重病，医疗费用负担很重", "请问能否申请临时救助"),
)
#: Which department a matter belongs to (the key of vocab's departments), by its first words.
RESPONSIBLE = {
    "路灯": "zjj", "施工": "zjj", "占道": "zjj", "电梯": "zjj", "参保": "rsj", "入户": "gaj",
    "入学": "jyj", "公交": "jtj", "健身": "zjj", "救助": "mzj",
}  # fmt: skip
REPLIES = (
    "经核实，{organ}已安排专人处理，{what}。感谢您的监督和支持。",
    "您反映的问题已转相关科室办理，{what}。如有疑问请在工作日与我们联系。",
)


def _staff(organs: Sequence[Any]) -> dict[int, dict[str, Any]]:
    return {demo.organ.pk: demo.users for demo in organs if getattr(demo, "users", None)}


def _when(day: date, rng: random.Random) -> datetime:
    moment = datetime.combine(day, time(rng.randint(8, 21), rng.randint(0, 59)))
    return timezone.make_aware(moment)


class _Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.n = 0

    def letter(self, *, consent: float = 0.5) -> tuple[LetterInput, str]:
        rng = self.rng
        self.n += 1
        kind, title, what, ask = rng.choice(MATTERS)
        road = rng.choice(vocab.ROADS)
        name = rng.choice(vocab.SURNAMES) + rng.choice(vocab.GIVEN)
        phone = f"199{rng.randint(0, 99_999_999):08d}"
        body = (
            f"{what.format(road=road)}。{ask}。我住在{vocab.CITY}{road}{rng.randint(1, 300)}号，"
            f"联系电话{phone}。"
        )
        data = LetterInput(
            letter_type=kind,
            title=title.format(road=road),
            body=body,
            name=name,
            phone=phone,
            address=f"{vocab.CITY}{road}{rng.randint(1, 300)}号",
            consent_publish=rng.random() < consent,
        )
        key = next((v for k, v in RESPONSIBLE.items() if k in title), "zjj")
        return data, key


def build_mailbox(*, organs: Sequence[Any], rng: random.Random) -> dict[str, int]:
    """Create a year of letters; returns counts by state (and published, transferred)."""
    today = timezone.localdate()
    cal = default_calendar()
    users = _staff(organs)
    city = next(d.organ for d in organs if d.key == "city")
    by_key = {d.key: d.organ for d in organs}
    office = users[city.pk][Role.ORGAN_ADMIN]
    mayor = Channel.objects.get(organ=city, kind=ChannelKind.LEADER)
    consult = Channel.objects.get(organ=city, kind=ChannelKind.CONSULT)
    departments = [d.organ for d in organs if d.organ.parent_id == city.pk and d.organ.pk in users]
    writer = _Writer(rng)
    counts: Counter[str] = Counter()

    def dept_for(key: str) -> Organ:
        return by_key.get(key) or rng.choice(departments)

    def handle(letter: Letter, organ: Organ, day: date, *, late: bool, rate: bool) -> Letter:
        staff = users[organ.pk]
        draft = day if not late else add_working_days(letter.due_date or day, 3, cal)
        answered = min(add_working_days(draft, 1, cal), today)
        what = (
            "问题已经得到处理" if letter.letter_type != "consult" else "具体办理材料已在答复中列明"
        )
        text = rng.choice(REPLIES).format(organ=organ.name, what=what)
        letter = wf.letter_submit_reply(
            actor=staff[Role.EDITOR], letter=letter, text=f"{letter.name[:1]}女士/先生您好！{text}",
            on=min(draft, today),
        )  # fmt: skip
        letter = wf.letter_approve_reply(actor=staff[Role.APPROVER], letter=letter, on=answered)
        if rate and answered < today:
            choice = rng.choices(["satisfied", "basic", "unsatisfied"], weights=[6, 3, 1])[0]
            letter = wf.letter_rate(letter=letter, satisfaction=choice, on=answered)
        if letter.consent_publish and rng.random() < 0.7:
            pub.letter_publish(actor=office, letter=letter)
            counts["published"] += 1
        return letter

    start = today - timedelta(days=365)
    day = start
    while day < today - timedelta(days=20):
        for _ in range(rng.randint(5, 9)):
            written = day + timedelta(days=rng.randint(0, 27))
            if written >= today - timedelta(days=20):
                continue
            data, key = writer.letter()
            channel = consult if data.letter_type == "consult" and rng.random() < 0.5 else mayor
            letter = letter_receive(channel=channel, data=data, now=_when(written, rng)).letter
            screened = add_working_days(written, 1, cal)
            roll = rng.random()
            if roll < 0.07:
                wf.letter_reject(
                    actor=office, letter=letter, reason="留言内容与政务无关。", on=screened
                )
                continue
            if channel == consult and roll < 0.5:
                letter = wf.letter_accept(actor=office, letter=letter, on=screened)
                handle(letter, city, add_working_days(screened, 2, cal), late=False, rate=True)
                continue
            organ = dept_for(key)
            letter = wf.letter_assign(
                actor=office, letter=letter, organ=organ, reason="按职责转办", on=screened
            )
            if roll > 0.9:  # not ours: passed on to another department
                other = rng.choice([d for d in departments if d != organ])
                letter = wf.letter_transfer(
                    actor=users[organ.pk][Role.EDITOR], letter=letter, organ=other,
                    reason="该事项属于其他部门职责", on=screened,
                )  # fmt: skip
                organ = other
                counts["transferred"] += 1
            late = rng.random() < 0.12
            work = add_working_days(screened, rng.randint(2, 8), cal)
            handle(letter, organ, work, late=late, rate=rng.random() < 0.6)
        day += timedelta(days=28)

    # A repeated letter, recognised at screening.
    data, _key = writer.letter(consent=0)
    first = letter_receive(channel=mayor, data=data, now=_when(today - timedelta(days=15), rng))
    again = letter_receive(channel=mayor, data=data, now=_when(today - timedelta(days=14), rng))
    wf.letter_mark_duplicate(actor=office, letter=again.letter, original=first.letter)
    wf.letter_accept(actor=office, letter=first.letter, on=today - timedelta(days=13))
    # Work in progress: waiting for screening, being handled, a reply waiting for approval,
    # one returned to the 公开办 after a dispute, and one old enough for the alerts.
    for back in (0, 1, 2):
        letter_receive(
            channel=mayor, data=writer.letter()[0], now=_when(today - timedelta(days=back), rng)
        )
    for back in (3, 5, 8):
        data, key = writer.letter()
        written = _when(today - timedelta(days=back), rng)
        letter = letter_receive(channel=mayor, data=data, now=written).letter
        organ = dept_for(key)
        on = today - timedelta(days=back - 1 if back > 3 else 0)
        letter = wf.letter_assign(
            actor=office, letter=letter, organ=organ, reason="按职责转办", on=on
        )
        if back == 8:
            wf.letter_submit_reply(
                actor=users[organ.pk][Role.EDITOR],
                letter=letter,
                text="经核实，已安排处理，请耐心等待。",
            )
    data, key = writer.letter()
    disputed = letter_receive(channel=mayor, data=data, now=_when(today - timedelta(days=6), rng))
    organ = dept_for(key)
    on = today - timedelta(days=5)
    letter = wf.letter_assign(
        actor=office, letter=disputed.letter, organ=organ, reason="按职责转办", on=on
    )
    wf.letter_return_to_office(
        actor=users[organ.pk][Role.EDITOR], letter=letter, reason="该事项不属于本部门职责。"
    )
    data, key = writer.letter()
    old = letter_receive(channel=mayor, data=data, now=_when(today - timedelta(days=50), rng))
    wf.letter_assign(actor=office, letter=old.letter, organ=dept_for(key), reason="按职责转办",
                     on=today - timedelta(days=49))  # fmt: skip
    # A reply given yesterday: the writer may still rate it.
    data, key = writer.letter(consent=1)
    fresh = letter_receive(channel=mayor, data=data, now=_when(today - timedelta(days=7), rng))
    organ = dept_for(key)
    letter = wf.letter_assign(
        actor=office,
        letter=fresh.letter,
        organ=organ,
        reason="按职责转办",
        on=today - timedelta(days=6),
    )
    handle(letter, organ, today - timedelta(days=2), late=False, rate=False)
    # The jobs as they would have run: 默认满意 after the window, overdue notices, alerts.
    counts["default_rated"] = len(mailbox_default_ratings(today=today))
    counts["alerted"] = len(mailbox_mark_overdue(today=today))
    # Rated letters of more than half a year ago are archived.
    for letter in Letter.objects.filter(
        status=Status.RATED, replied_on__lt=today - timedelta(days=180)
    ):
        wf.letter_archive(actor=users[letter.organ_id][Role.EDITOR], letter=letter, on=today)
    for status in Letter.objects.values_list("status", flat=True):
        counts[Status(status).label] += 1
    return dict(counts)
