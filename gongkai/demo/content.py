"""What to publish: a reproducible plan of items per organ (titles, dates, 文号, states).

The plan is pure data; `gongkai.demo.loader` turns it into items through the catalog services.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from gongkai.demo import bodies, vocab
from gongkai.demo.dates import (
    formation_lag,
    minus_working_days,
    office_time,
    on_or_after_working_day,
    on_or_before_working_day,
    plus_working_days,
)
from gongkai.demo.infographic import Infographic
from gongkai.demo.organs import DemoOrgan

PUBLISHED = "published"


@dataclass
class Plan:
    demo: DemoOrgan
    column: str
    title: str
    genre: str
    topic: tuple[str, str]
    formed_on: date
    body: str
    published_at: datetime | None = None
    state: str = PUBLISHED  # published | withdrawn | filed | draft | secrecy_review | …
    kind: str = "general"
    interprets: Plan | None = None
    doc_agency: str = ""
    written_on: date | None = None
    keywords: str = ""
    summary: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # attribute, validity, … fields
    attachments: tuple[str, ...] = ()
    withdraw_reason: str = ""
    # A policy's key points (label, sentence); a 一图读懂 interpretation draws them.
    points: tuple[tuple[str, str], ...] = ()
    figure: Infographic | None = None  # the drawn image of a 一图读懂 interpretation
    doc_number: str = ""  # filled by assign_doc_numbers
    item: Any = None  # set by the loader


class Planner:
    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        # Leave ten days at the end so follow-ups (interpretations) stay in the past.
        self.start = today - timedelta(days=3 * 365)
        self.end = today - timedelta(days=10)
        self.titles: set[tuple[str, str]] = set()

    def unique(self, demo: DemoOrgan, make: Any) -> Plan:
        """Draw until the title is new in this organ (a few tries; repeats are then allowed)."""
        for _ in range(8):
            plan: Plan = make(demo)
            if (demo.key, plan.title) not in self.titles:
                break
        self.titles.add((demo.key, plan.title))
        return plan

    # ---- dates ----------------------------------------------------------------------------
    def pub_day(self, lo: date | None = None, hi: date | None = None) -> date:
        lo, hi = max(lo or self.start, self.start), min(hi or self.end, self.end)
        day = lo + timedelta(days=self.rng.randint(0, max((hi - lo).days, 0)))
        day = on_or_before_working_day(day)
        return day if day >= lo else on_or_after_working_day(lo)

    def dated(self, plan_day: date) -> tuple[date, datetime]:
        """(formed_on, published_at) for a publication day: formation comes first (Art. 26)."""
        formed = minus_working_days(plan_day, formation_lag(self.rng))
        return formed, office_time(self.rng, plan_day)

    # ---- kinds of items -------------------------------------------------------------------
    def policy(self, demo: DemoOrgan, *, normative: bool | None = None) -> Plan:
        """A policy: a 办法/规定 (a 规范性文件, Art. 20 item 1) when `normative` is True, any
        other kind when it is False, either when None."""
        rng = self.rng
        patterns: tuple[tuple[str, str], ...] = vocab.POLICY_PATTERNS
        if normative is not None:
            patterns = tuple(p for p in patterns if (p[1] in {"办法", "规定"}) == normative)
        pattern, genre = rng.choice(patterns)
        subject = rng.choice(demo.subjects)
        day = self.pub_day()
        formed, published = self.dated(day)
        title = pattern.format(
            subject=subject, place=demo.place, year=formed.year, year3=formed.year + 2
        ).replace("管理管理", "管理")  # 财政专项资金管理 + 管理办法
        is_normative = genre in {"办法", "规定"}
        # 规范性文件 carry a 规 代字 and sit under Art. 20 item 1; the rest in 政策文件.
        suffixes = ("发", "发", "办发") if demo.is_government else ("发",)
        agency = f"{demo.agency_stem}{'规' if is_normative else rng.choice(suffixes)}"
        sections = bodies.policy_sections(rng, subject)
        points = [(heading, key) for heading, key, _more in sections]
        # 规范性文件 take effect some 30 days after publication, as the body says.
        effective = plus_working_days(published.date(), 20) if is_normative else None
        if effective is not None:
            points.append(("施行日期", bodies.commencement(genre, effective)))
        plan = Plan(
            demo=demo,
            column="art20-01" if is_normative else "policy",
            title=title,
            genre=genre,
            topic=demo.topic_for(subject),
            formed_on=formed,
            written_on=formed,
            published_at=published,
            kind="policy",
            doc_agency=agency,
            keywords=f"{subject},{genre}",
            summary=f"{demo.organ.name}就{subject}有关事项作出部署。",
            body=bodies.policy_body(
                rng,
                organ=demo.organ.name,
                subject=subject,
                genre=genre,
                written=formed,
                government=demo.is_government,
                sections=sections,
                effective=effective,
            ),
            points=tuple(points),
        )
        if effective is not None:
            plan.extra["effective_on"] = effective
        if day < self.today - timedelta(days=400):
            roll = rng.random()
            changed = plus_working_days(day, rng.randint(60, 250))
            if roll < 0.10:
                plan.extra.update(
                    validity="repealed",
                    validity_changed_on=changed,
                    validity_note=rng.choice(vocab.REPEAL_NOTES),
                )
            elif roll < 0.18:
                plan.extra.update(
                    validity="amended",
                    validity_changed_on=changed,
                    validity_note=rng.choice(vocab.AMEND_NOTES),
                )
        if rng.random() < 0.2:
            plan.attachments = ("docx",)
        return plan

    def interpretation(self, policy: Plan, *, infographic: bool = False) -> Plan:
        """A 政策解读 of `policy`; `infographic` forces a 一图读懂 (else one in four is)."""
        rng = self.rng
        if policy.published_at is None:
            raise ValueError("a policy plan needs its publication time")
        core = policy.title.removeprefix("关于印发《").removesuffix("》的通知")
        # 三同步: usually the same day or within 3 working days; a few late ones for the monitor.
        lag = rng.choice((0, 0, 0, 1, 1, 2, 3)) if rng.random() < 0.92 else rng.randint(5, 8)
        day = plus_working_days(policy.published_at.date(), lag)
        subject = policy.keywords.split(",")[0]
        pattern = rng.choice(vocab.INTERPRETATION_PATTERNS)
        if infographic:
            pattern = vocab.INFOGRAPHIC_PATTERN
        published = office_time(rng, day, after=policy.published_at)
        figure = None
        if pattern == vocab.INFOGRAPHIC_PATTERN and policy.points:
            figure = Infographic(
                title=policy.title,
                points=policy.points,
                organ=policy.demo.organ.name,
                published_on=published.date(),
            )
        return Plan(
            demo=policy.demo,
            column="interpretation",
            title=pattern.format(core=core),
            genre="解读",
            topic=policy.topic,
            formed_on=policy.formed_on,
            published_at=published,
            kind="interpretation",
            interprets=policy,
            figure=figure,
            keywords=f"{subject},政策解读",
            summary=f"对《{core}》出台背景和主要内容的解读。",
            body=bodies.interpretation_body(
                rng,
                organ=policy.demo.organ.name,
                place=policy.demo.place,
                policy_title=core,
                subject=subject,
                phone=policy.demo.organ.gio_phone,
            ),
        )

    def annual_reports(self, demo: DemoOrgan) -> list[Plan]:
        """Art. 49: each organ publishes last year's report by 31 January. One report per organ
        and year: the years `gongkai.demo.reports` publishes or drafts through the report
        workflow (`report_years`) are not planned here."""
        from gongkai.demo.reports import historic_report_body, report_years

        first_workflow_year = report_years(self.today)[0]
        plans = []
        for year in range(self.start.year - 1, min(self.today.year, first_workflow_year)):
            deadline = date(year + 1, 1, 31)
            if deadline > self.end or deadline < self.start:
                continue
            day = self.pub_day(date(year + 1, 1, 8), deadline)
            formed, published = self.dated(day)
            plans.append(
                Plan(
                    demo=demo,
                    column="annual-report",
                    title=f"{demo.organ.name}{year}年政府信息公开工作年度报告",
                    genre="报告",
                    topic=("综合政务", "政务公开"),
                    formed_on=max(formed, date(year + 1, 1, 2)),
                    published_at=published,
                    keywords="政府信息公开,年度报告",
                    summary=f"{demo.organ.name}{year}年政府信息公开工作情况。",
                    # The statutory tables in the body, as the report writer lays them out;
                    # no placeholder spreadsheet.
                    body=historic_report_body(
                        self.rng, organ=demo.organ.name, year=year, is_government=demo.is_government
                    ),
                )
            )
        return plans

    def general(self, demo: DemoOrgan) -> Plan:
        from gongkai.demo.templates import general_plan

        return self.unique(demo, lambda d: general_plan(self, d))


def allocate(total: int, demos: list[DemoOrgan]) -> dict[str, int]:
    """Largest-remainder split of `total` items by organ weight."""
    weight = sum(d.weight for d in demos)
    shares = {d.key: total * d.weight / weight for d in demos}
    counts = {k: int(v) for k, v in shares.items()}
    rest = total - sum(counts.values())
    for key in sorted(shares, key=lambda k: shares[k] - counts[k], reverse=True)[:rest]:
        counts[key] += 1
    return counts


def plan_published(planner: Planner, demos: list[DemoOrgan], total: int) -> list[Plan]:
    """The published history: annual reports, policies with interpretations, general items."""
    rng = planner.rng
    plans: list[Plan] = []
    budgets = allocate(total, demos)
    for demo in demos:
        budget = budgets[demo.key]
        own: list[Plan] = []
        if budget >= 8:
            own += planner.annual_reports(demo)
        first = True
        while len(own) < budget:
            left = budget - len(own)
            if left >= 2 and (first or rng.random() < 0.2):
                policy = planner.unique(demo, planner.policy)
                own.append(policy)
                # ~10% of policies deliberately lack an interpretation (the monitor flags them).
                if first or rng.random() < 0.93:
                    # The city's first interpretation is a 一图读懂, so every demo has one.
                    drawn = first and demo.key == "city"
                    own.append(planner.interpretation(policy, infographic=drawn))
            elif left == 1 and rng.random() < 0.15 and not first:
                own.append(planner.unique(demo, planner.policy))
            else:
                own.append(planner.general(demo))
            first = False
        plans += own
    _mark_withdrawn(rng, plans)
    return plans


def _mark_withdrawn(rng: random.Random, plans: list[Plan]) -> None:
    candidates = [p for p in plans if p.kind == "general" and p.column != "annual-report"]
    count = max(1, len(plans) // 80)
    for plan in rng.sample(candidates, k=min(count, len(candidates))):
        plan.state = "withdrawn"
        plan.withdraw_reason = rng.choice(vocab.WITHDRAW_REASONS)


def assign_doc_numbers(plans: list[Plan]) -> None:
    """文号 serials run in written-date order per 机关代字 and year, unique within the organ."""
    numbered = sorted(
        (p for p in plans if p.doc_agency and p.written_on),
        key=lambda p: (p.demo.key, p.doc_agency, p.written_on, p.title),
    )
    counters: dict[tuple[str, str, int], int] = {}
    for plan in numbered:
        year = plan.written_on.year if plan.written_on else 0
        key = (plan.demo.key, plan.doc_agency, year)
        # Steps of 1–3: not every numbered document of an organ is published online.
        counters[key] = counters.get(key, 0) + len(plan.demo.key) % 3 + 1
        plan.doc_number = f"{plan.doc_agency}〔{year}〕{counters[key]}号"
