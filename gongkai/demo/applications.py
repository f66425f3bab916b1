"""A year of 依申请公开 cases for the demo city, built only through the services.

`build_applications` gives the organs applications in every state and with every outcome of the
2021 result taxonomy (two of them, 逾期未补正 and 逾期未缴费, through the lapse job itself), some
consultations, one extension, an Art. 35 delayed date, fees of both methods, generated letters,
a 转办, repeated requests for the Art. 44 list and a few 行政复议/行政诉讼 records.

Dates in the past are passed explicitly; open cases are placed close to today so that their
periods still run (one case is left overdue on purpose for the warning).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from gongkai.applications.models import Application, AppStatus, LegalChallenge
from gongkai.applications.outcomes import OUTCOMES
from gongkai.applications.services import extension as ext
from gongkai.applications.services import signoff
from gongkai.applications.services import workflow as wf
from gongkai.applications.services.challenges import challenge_record, challenge_set_result
from gongkai.applications.services.documents import decision_letter_kind, document_generate
from gongkai.applications.services.intake import application_register
from gongkai.applications.services.transfer import application_transfer
from gongkai.core.identifiers import make_org_code, make_uscc, resident_id_check_char
from gongkai.core.workcal.calendar import add_working_days, default_calendar
from gongkai.demo import vocab
from gongkai.orgs.models import Membership, Organ, Role

#: Leaves chosen by hand at the answer (the two lapse outcomes come from the job).
ANSWER_OUTCOMES = [
    o.key for o in OUTCOMES if o.key not in {"other.no_correction", "other.no_fee_payment"}
]
REASONS = {
    "partial": "所申请信息中含有第三方个人信息，已作区分处理后公开其余部分。",
    "denied": "所申请信息属于《条例》规定不予公开的情形。",
    "unable": "经检索，本机关未制作或获取该政府信息。",
    "not_processed": "所提申请不属于政府信息公开申请的处理范围。",
    "other": "申请人在答复前以其他方式获得了所需信息。",
}
TOPICS = (
    "年度部门预算和决算说明",
    "行政事业性收费项目清单",
    "重点项目批复文件",
    "专项资金分配结果",
    "行政处罚决定书",
    "政府采购项目合同",
    "信访事项办理情况统计",
    "会议纪要",
    "执法检查记录",
    "规划许可证及附图",
)
POPULAR = "城市公共租赁住房年度分配结果及轮候名单"


@dataclass
class Staff:
    handler: Any
    approver: Any
    reviewer: Any = None  # 审核 of answers, where the organ uses it (Organ.answer_signoff)
    head: Any = None  # 公开工作机构负责人: consents to extensions (Art. 33)


class _People:
    """Fictional applicants with valid (check-digit-correct) ID numbers in division 99xxxx."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.n = 0

    def person(self) -> dict[str, Any]:
        rng = self.rng
        self.n += 1
        born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 50))
        first17 = f"{vocab.CITY_DIVISION}{born:%Y%m%d}{rng.randint(0, 999):03d}"
        return {
            "applicant_type": "natural",
            "name": rng.choice(vocab.SURNAMES) + rng.choice(vocab.GIVEN),
            "id_type": "resident_id",
            "id_number": first17 + resident_id_check_char(first17),
            "phone": f"199{rng.randint(0, 99_999_999):08d}",
            "email": f"applicant{self.n}@example.com" if rng.random() < 0.6 else "",
            "address": f"{vocab.CITY}{rng.choice(vocab.ROADS)}{rng.randint(1, 300)}号",
        }

    def company(self) -> dict[str, Any]:
        rng = self.rng
        self.n += 1
        org_code = make_org_code(f"MA{rng.randint(0, 999_999):06d}")
        return {
            "applicant_type": "organisation",
            "org_subtype": rng.choice(
                ["commercial", "research", "social_welfare", "legal_services", "other"]
            ),
            "name": f"{vocab.CITY}{rng.choice(('青禾', '远航', '明川', '致信'))}"
            f"{rng.choice(('科技有限公司', '律师事务所', '研究院', '公益服务中心'))}",
            "credit_code": make_uscc(
                registration="91", division=vocab.CITY_DIVISION, org_code9=org_code
            ),
            "legal_rep": rng.choice(vocab.SURNAMES) + rng.choice(vocab.GIVEN),
            "contact_person": rng.choice(vocab.SURNAMES) + rng.choice(vocab.GIVEN),
            "phone": f"{vocab.AREA_CODE}8{rng.randint(0, 9_999_999):07d}",
            "address": f"{vocab.CITY}{rng.choice(vocab.ROADS)}{rng.randint(1, 300)}号",
        }


def _staff_for(organ: Organ, given: Mapping[str, Any] | None) -> Staff | None:
    if given and given.get(Role.EDITOR) and given.get(Role.APPROVER):
        return Staff(
            given[Role.EDITOR],
            given[Role.APPROVER],
            given.get(Role.REVIEWER),
            given.get(Role.GIO_HEAD),
        )
    rows = {m.role: m.user for m in Membership.objects.filter(organ=organ).select_related("user")}
    if Role.EDITOR in rows and Role.APPROVER in rows:
        return Staff(
            rows[Role.EDITOR], rows[Role.APPROVER], rows.get(Role.REVIEWER), rows.get(Role.GIO_HEAD)
        )
    return None


def _wd(day: date | None, n: int) -> date:
    if day is None:  # the services set these dates; a None here is a bug in the plan
        raise RuntimeError("demo plan needs a start date the services did not set")
    return add_working_days(day, n, default_calendar())


def _day(day: date | None) -> date:
    if day is None:
        raise RuntimeError("demo plan needs a date the services did not set")
    return day


class _Builder:
    def __init__(self, rng: random.Random, year: int) -> None:
        self.rng = rng
        self.people = _People(rng)
        self.today = timezone.localdate()
        self.end = min(date(year, 12, 31), self.today)
        start = date(year, 1, 1)
        self.start = start if (self.end - start).days > 90 else self.end - timedelta(days=365)
        self.letters = 0

    def past_day(self) -> date:
        """A submission day for a closed case: early enough to be answered before `end`."""
        span = max(1, (self.end - self.start).days - 60)
        return self.start + timedelta(days=self.rng.randint(0, span))

    def recent_day(self, working_days_ago: int) -> date:
        day = self.end
        for _ in range(working_days_ago):
            day -= timedelta(days=1)
            while day.weekday() >= 5:
                day -= timedelta(days=1)
        return day

    def register(
        self,
        organ: Organ,
        staff: Staff,
        day: date,
        *,
        description: str = "",
        online: bool | None = None,
        company: bool = False,
    ) -> Application:
        data = self.people.company() if company else self.people.person()
        data.update(
            description=description
            or f"{day.year - 1}年度{organ.display_name}{self.rng.choice(TOPICS)}",
            info_form=self.rng.choice(["paper", "electronic"]),
            delivery=self.rng.choice(["post", "email", "pickup", "online"]),
        )
        online = self.rng.random() < 0.5 if online is None else online
        return application_register(
            actor=None if online else staff.handler,
            organ=organ,
            channel="online" if online else self.rng.choice(["in_person", "post_signed"]),
            submitted_on=day,
            data=data,
        ).application

    def started(self, organ: Organ, staff: Staff, day: date, **kw: Any) -> Application:
        app = self.register(organ, staff, day, **kw)
        if app.status == AppStatus.AWAITING_CONFIRMATION:
            confirmed = max(day, min(_wd(day, 1), self.end))
            app = wf.application_confirm_receipt(
                actor=staff.handler, app=app, confirmed_on=confirmed
            )
        return app

    def answer(
        self, app: Application, staff: Staff, outcome: str, *, letter: bool = True
    ) -> Application:
        on = min(_wd(app.clock_start, self.rng.randint(6, 18)), self.end)
        on = max(on, _day(app.clock_start))
        reason = "" if outcome == "granted" else REASONS.get(outcome.split(".")[0], "详见告知书。")
        app = signoff.application_draft_answer(
            actor=staff.handler, app=app, outcome=outcome, on=on, reason=reason
        )
        app = self.sign(app, staff, on)
        if letter:
            self.letter(app, staff, decision_letter_kind(app))
        if on + timedelta(days=3) <= self.end:
            app = wf.application_record_delivery(
                actor=staff.handler, app=app, on=on + timedelta(days=3)
            )
        return app

    def sign(self, app: Application, staff: Staff, on: date) -> Application:
        """The drafted answer through the organ's sign-off: 审核 (if it uses it), then 签发."""
        if app.status == AppStatus.ANSWER_REVIEW:
            app = signoff.application_review_answer(actor=staff.reviewer or staff.approver, app=app)
        return signoff.application_sign_answer(actor=staff.approver, app=app, on=on)

    def letter(self, app: Application, staff: Staff, kind: str, consultation: Any = None) -> None:
        document_generate(actor=staff.handler, app=app, kind=kind, consultation=consultation)
        self.letters += 1

    def archive(self, app: Application, staff: Staff) -> Application:
        on = (app.delivered_on or app.answered_on or app.withdrawn_on or self.end) + timedelta(
            days=10
        )
        return wf.application_archive(actor=staff.handler, app=app, on=min(on, self.end))

    # ----- closed cases ------------------------------------------------------------------------

    def closed(self, organ: Organ, staff: Staff, outcome: str, **kw: Any) -> Application:
        rng = self.rng
        app = self.started(organ, staff, self.past_day(), **kw)
        extra = rng.random()
        if extra < 0.15 and app.receipt_date:
            on = _wd(app.receipt_date, 3)
            app = wf.application_request_correction(
                actor=staff.handler,
                app=app,
                on=on,
                items="请明确所需信息的年份和具体名称。",
                deadline=on + timedelta(days=15),
            )
            self.letter(app, staff, "correction")
            app = wf.application_receive_correction(
                actor=staff.handler,
                app=app,
                on=on + timedelta(days=5),
                text="所需为上一年度的全部文件。",
            )
        elif extra < 0.3 and outcome in {"granted", "partial", "denied.third_party"}:
            kind = "organ" if rng.random() < 0.3 else "third_party"
            party = "市财政局" if kind == "organ" else f"{vocab.CITY}某某建设有限公司"
            consultation = wf.application_start_consultation(
                actor=staff.handler,
                app=app,
                kind=kind,
                party=party,
                sent_on=_wd(app.clock_start, 3),
            )
            self.letter(app, staff, "consultation", consultation)
            replied = _wd(consultation.sent_on, rng.randint(3, 12))
            app = wf.application_record_consultation_reply(
                actor=staff.handler,
                consultation=consultation,
                replied_on=replied,
                opinion="不同意公开涉及本单位商业秘密的部分"
                if outcome != "granted"
                else "同意公开",
                agrees=outcome == "granted",
            )
        elif extra < 0.4 and outcome in {"granted", "partial"}:
            on = _wd(app.clock_start, 4)
            app = wf.application_send_fee_notice(
                actor=staff.handler, app=app, method="by_volume", units=rng.randint(40, 150), on=on
            )
            self.letter(app, staff, "fee")
            app = wf.application_record_payment(actor=staff.handler, app=app, on=_wd(on, 3))
        app = self.answer(app, staff, outcome, letter=rng.random() < 0.5)
        if rng.random() < 0.6 and app.delivered_on:
            app = self.archive(app, staff)
        return app

    def lapsed_correction(self, organ: Organ, staff: Staff) -> Application:
        app = self.started(organ, staff, self.past_day())
        on = _wd(app.receipt_date, 5)
        app = wf.application_request_correction(
            actor=staff.handler,
            app=app,
            on=on,
            items="请提供所需信息的文号或形成时间。",
            deadline=on + timedelta(days=15),
        )
        self.letter(app, staff, "correction")
        wf.applications_close_lapsed(today=on + timedelta(days=16))
        return Application.objects.get(pk=app.pk)

    def lapsed_fee(self, organ: Organ, staff: Staff) -> Application:
        app = self.started(organ, staff, self.past_day(), company=True)
        on = _wd(app.clock_start, 3)
        app = wf.application_send_fee_notice(
            actor=staff.handler, app=app, method="by_item", units=14, on=on
        )
        self.letter(app, staff, "fee")
        wf.applications_close_lapsed(today=_wd(on, 21))
        return Application.objects.get(pk=app.pk)

    # ----- open cases --------------------------------------------------------------------------

    def open_cases(self, organ: Organ, staff: Staff) -> Iterator[Application]:
        rng = self.rng
        yield self.register(organ, staff, self.recent_day(1), online=True)  # 待确认收到
        yield self.started(organ, staff, self.recent_day(rng.randint(2, 8)))  # 办理中
        app = self.started(organ, staff, self.recent_day(4))
        on = max(_wd(app.receipt_date, 1), _day(app.receipt_date))
        app = wf.application_request_correction(
            actor=staff.handler,
            app=app,
            on=min(on, self.end),
            items="请说明所需信息的具体名称。",
            deadline=self.today + timedelta(days=15),
        )
        yield app  # 待补正
        app = self.started(organ, staff, self.recent_day(6))
        yield wf.application_start_consultation(
            actor=staff.handler,
            app=app,
            kind="third_party",
            party="相关企业",
            sent_on=min(_wd(app.clock_start, 1), self.end),
        ).application  # 征求意见中
        app = self.started(organ, staff, self.recent_day(5))
        yield wf.application_send_fee_notice(
            actor=staff.handler,
            app=app,
            method="by_volume",
            units=260,
            on=min(_wd(app.clock_start, 1), self.end),
        )  # 待缴费
        app = self.register(organ, staff, self.recent_day(3))
        yield wf.application_withdraw(actor=None, app=app, on=self.end, reason="已通过其他途径获取")
        # Answers drafted and waiting: for 审核 (organs that use it) or 签发, the clock running.
        for n, days_ago in enumerate((9, 7)):
            app = self.started(organ, staff, self.recent_day(days_ago))
            app = signoff.application_draft_answer(
                actor=staff.handler,
                app=app,
                outcome="granted" if n else "partial",
                on=min(_wd(app.clock_start, 3), self.end),
                reason="" if n else REASONS["partial"],
            )
            if n and app.status == AppStatus.ANSWER_REVIEW:
                app = signoff.application_review_answer(
                    actor=staff.reviewer or staff.approver, app=app, comment="同意，请签发。"
                )
            yield app
        # An extension the handler asked for, waiting for the GIO head (Art. 33).
        app = self.started(organ, staff, self.recent_day(14))
        yield ext.application_request_extension(
            actor=staff.handler, app=app, days=10, reason="所需信息分散在多个科室，需汇总核对"
        )


def _organs(
    organs: Sequence[Any], users: Mapping[int, Mapping[str, Any]] | None
) -> list[tuple[Organ, Staff]]:
    result = []
    for entry in organs:
        organ = getattr(entry, "organ", entry)
        if organ.kind not in {Organ.Kind.GOVERNMENT, Organ.Kind.DEPARTMENT}:
            continue
        given = (users or {}).get(organ.pk) or getattr(entry, "users", None)
        staff = _staff_for(organ, given)
        if staff is not None:
            result.append((organ, staff))
    return result


def build_applications(
    *,
    organs: Sequence[Any],
    users: Mapping[int, Mapping[str, Any]] | None = None,
    rng: random.Random,
    year: int,
) -> dict[str, int]:
    """Create the year's applications for `organs` (Organ or DemoOrgan objects).

    `users` maps organ id → {role: user}; when absent, the DemoOrgan's `users` or the organ's
    memberships are used (an 采编 user handles, the 签发 user approves). Returns counts by state
    and outcome. Call inside the demo's transaction.
    """
    targets = _organs(organs, users)
    if not targets:
        return {}
    b = _Builder(rng, year)
    # Every outcome at least once, spread over the organs, then a random mix.
    plan = list(ANSWER_OUTCOMES)
    for i, outcome in enumerate(plan):
        organ, staff = targets[i % len(targets)]
        b.closed(organ, staff, outcome, company=outcome == "not_processed.publication")
    for organ, staff in targets:
        for _ in range(rng.randint(2, 6)):
            outcome = rng.choices(
                [
                    "granted",
                    "partial",
                    "unable.not_held",
                    "denied.process_info",
                    "not_processed.duplicate",
                ],
                weights=[5, 3, 2, 1, 1],
            )[0]
            b.closed(organ, staff, outcome)
    organ, staff = targets[0]
    b.lapsed_correction(organ, staff)
    b.lapsed_fee(organ, staff)
    # Art. 44: the same information asked for three times and granted.
    for _ in range(3):
        b.closed(organ, staff, "granted", description=f"{year - 1}年度{POPULAR}")
    # One extension (Art. 33: asked by the handler, consented to by the GIO head) and one Art. 35
    # delay, still running.
    app = b.started(organ, staff, b.recent_day(12))
    if staff.head is not None:
        app = ext.application_request_extension(
            actor=staff.handler, app=app, days=15, reason="需调取多个年度的档案"
        )
        app = ext.application_extend(
            actor=staff.head, app=app, days=15, reason="需调取多个年度的档案"
        )
        b.letter(app, staff, "extension")
    app = b.started(organ, staff, b.recent_day(10))
    wf.application_set_delayed_due(
        actor=staff.approver,
        app=app,
        due=_day(app.due_date) + timedelta(days=30),
        reason="申请人同期提出大量申请，明显超过合理范围。",
    )
    # One case left past its due date, for the overdue warning.
    b.started(organ, staff, b.recent_day(30))
    # 转办 (Art. 36(5)) to another organ when there is one.
    if len(targets) > 1:
        app = b.started(organ, staff, b.past_day())
        on = _wd(app.clock_start, 4)
        app = application_transfer(
            actor=staff.handler,
            app=app,
            target=targets[1][0],
            on=on,
            reason="经检索，本机关不掌握该信息，该信息由下列机关负责公开。",
        )
        b.sign(app, staff, on)  # registered with the organ that holds it once signed
    for organ, staff in targets[:4]:
        for _ in b.open_cases(organ, staff):
            pass
    _challenges(targets[0][1], rng)
    counts: dict[str, int] = {}
    for status, outcome in Application.objects.values_list("status", "outcome"):
        counts[f"status:{status}"] = counts.get(f"status:{status}", 0) + 1
        if outcome:
            counts[f"outcome:{outcome}"] = counts.get(f"outcome:{outcome}", 0) + 1
    counts["letters"] = b.letters
    return counts


def _challenges(staff: Staff, rng: random.Random) -> None:
    """A review upheld then taken to court, a direct suit still pending, a review corrected."""
    denied = list(
        Application.objects.filter(
            outcome__startswith="denied", answered_on__isnull=False
        ).order_by("answered_on")[:3]
    )
    kinds = LegalChallenge.Kind
    for i, app in enumerate(denied):
        handler = _staff_for(app.organ, None)
        actor = handler.handler if handler else staff.handler
        filed = _day(app.answered_on) + timedelta(days=20 + i)
        if i == 1:
            challenge_record(
                actor=actor,
                app=app,
                kind=kinds.LITIGATION_DIRECT,
                filed_on=filed,
                body=f"{vocab.CITY}某区人民法院",
            )
            continue
        review = challenge_record(
            actor=actor, app=app, kind=kinds.REVIEW, filed_on=filed, body=f"{vocab.CITY}人民政府"
        )
        result = LegalChallenge.Result.UPHELD if i == 0 else LegalChallenge.Result.CORRECTED
        challenge_set_result(
            actor=actor, challenge=review, result=result, decided_on=filed + timedelta(days=55)
        )
        if i == 0:
            challenge_record(
                actor=actor,
                app=app,
                kind=kinds.LITIGATION_AFTER_REVIEW,
                filed_on=filed + timedelta(days=70),
                body=f"{vocab.CITY}中级人民法院",
            )
