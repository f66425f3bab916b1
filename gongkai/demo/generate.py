"""Build the whole demo city: organs, staff, a published history and work in progress."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.assessment.demo import build_assessment
from gongkai.demo import vocab
from gongkai.demo.applications import build_applications
from gongkai.demo.content import Planner, assign_doc_numbers, plan_published
from gongkai.demo.coverage import plan_coverage
from gongkai.demo.loader import load_history, load_workflow
from gongkai.demo.mailbox import build_mailbox
from gongkai.demo.monitor import build_monitor
from gongkai.demo.organs import DemoOrgan, build_organs, build_users
from gongkai.demo.reports import build_reports, report_years
from gongkai.demo.site import SITE_IDENTITY
from gongkai.demo.specials import filed_plans, workflow_plans
from gongkai.gazette.demo import build_gazette
from gongkai.inventories.demo import build_inventories
from gongkai.orgs.models import Role
from gongkai.participation.demo import build_participation
from gongkai.periodic.demo import build_periodic
from gongkai.registers.demo import build_registers
from gongkai.sites.demo import build_sites
from gongkai.workforce.demo import build_workforce
from gongkai.workplans.demo import build_workplans

DEFAULT_ITEMS = 540
DEFAULT_SEED = 20190515  # the revised 条例 took effect on 15 May 2019


@dataclass
class DemoResult:
    organs: list[DemoOrgan]
    logins: list[tuple[str, str, str]]
    counts: dict[str, int] = field(default_factory=dict)


def application_years(today: date) -> list[int]:
    """The years the demo's applications cover: those of the published and the draft annual
    report (so neither has an empty table 三; from January to March the published one is the
    year before last) and this year so far."""
    return sorted({*report_years(today), today.year})


@transaction.atomic
def generate(*, seed: int = DEFAULT_SEED, items: int = DEFAULT_ITEMS) -> DemoResult:
    """Create the demo data in one transaction (a failure leaves the database untouched).

    The same seed and size give the same organs, titles, dates and 文号 (IDs aside).
    """
    rng = random.Random(seed)
    organs = build_organs(rng)
    _admin, logins = build_users(rng, organs)
    planner = Planner(rng, timezone.localdate())
    history = plan_published(planner, organs, items)
    for demo in organs:
        if demo.is_government:
            # Each government files a few 依申请公开 / 不予公开 decisions (Art. 14–16, 19).
            history += filed_plans(planner, demo, 3 if demo.key == "city" else 1)
    # Whatever the random history left empty, so every statutory column has content.
    history += plan_coverage(planner, organs, history)
    assign_doc_numbers(history)
    load_history(history, rng)
    work: list[Any] = []
    for demo in organs:
        if demo.key in vocab.FEATURED_ORGANS:
            work += workflow_plans(planner, demo)
    load_workflow(work, rng)
    counts: dict[str, int] = {}
    for plan in history + work:
        counts[plan.state] = counts.get(plan.state, 0) + 1
    # 依申请公开: the years of both demo reports (closed and carried over) and this year so far.
    letters = 0
    for year in application_years(timezone.localdate()):
        # Status and outcome counts describe the whole table; letters are per call.
        built = build_applications(organs=organs, rng=rng, year=year)
        letters += built.pop("letters", 0)
    counts.update({f"application.{key}": n for key, n in built.items()})
    counts["application.letters"] = letters
    # 互动交流 (issue 18): a year of letters to the mailboxes, in every state.
    counts.update({f"mailbox.{k}": n for k, n in build_mailbox(organs=organs, rng=rng).items()})
    # 网站监管 (issue 17): the city's portal registered for the daily inspection.
    counts["monitor.sites"] = build_monitor(organs=organs)
    city = next(d for d in organs if d.key == "city")
    office = city.users[Role.ORGAN_ADMIN]
    # 公众参与 (issue 18 §3-6): consultations, a survey, 建议提案 and 舆情 records.
    departments = [d.organ for d in organs if d.organ.parent_id == city.organ.pk and d.users]
    counts.update(
        {
            f"participation.{k}": n
            for k, n in build_participation(
                city=city.organ, departments=departments, office=office, rng=rng
            ).items()
        }
    )
    # 规范性文件 register with a cleanup campaign, and a 双随机 draw (issue 19 §1, §5).
    rsj = next(d for d in organs if d.key == "rsj")
    build_registers(
        government=city.organ,
        department=rsj.organ,
        staff=rsj.users,
        office=office,
        agency=f"{rsj.agency_stem}规",
    )
    counts["registers"] = 1
    # 政府公报 (issue 19 §2): last year's monthly issues of the city's gazette.
    gazette = build_gazette(organ=city.organ, office=office, year=timezone.localdate().year - 1)
    counts["gazette.issues"] = len(gazette.issues)
    # 清单 (issue 19 §3): 权责清单, 公共服务事项清单 with 办事指南, 负面清单 of three departments.
    built_lists = build_inventories(departments={d.key: d.organ for d in organs}, office=office)
    counts.update({f"inventories.{k}": n for k, n in built_lists.items()})
    # 重点领域定期公开 (issue 19 §4): schedules with datasets published on time, one overdue.
    by_key_now = {d.key: d for d in organs}
    if "mzj" in by_key_now:
        made = build_periodic(
            welfare=by_key_now["mzj"].organ,
            welfare_staff=by_key_now["mzj"].users,
            finance=by_key_now["czj"].organ if "czj" in by_key_now else None,
            office=office,
            regions=[
                d.place for d in organs if d.organ.parent_id == city.organ.pk and d.is_government
            ],
            rng=rng,
        )
        counts["periodic.schedules"] = len(made.schedules)
        counts["periodic.datasets"] = len(made.datasets)
    # 人员、经费和培训 (issue 20 §4): before the reports, whose drafts state these figures.
    counts.update(
        {
            f"workforce.{k}": n
            for k, n in build_workforce(
                organs=[d.organ for d in organs],
                office=office,
                years=report_years(timezone.localdate()),
                rng=rng,
            ).items()
        }
    )
    # 工作要点 (issue 20): this year's plan broken into tasks across the organs, mixed progress.
    counts.update({f"workplans.{k}": n for k, n in build_workplans(rng=rng).items()})
    # 年度报告: the last one due published, the next one a draft (one with deliberate errors).
    counts["annual_reports"] = len(build_reports(organs=organs, rng=rng))
    # 网站集约化 (issue 20 §5, §6): the city portal and two department sites on their own hosts.
    by_key = {d.key: d.organ for d in organs}
    dept_sites = [(key, by_key[key]) for key in ("jyj", "wjw") if key in by_key]
    sites = build_sites(
        actor=office, city=city.organ, identity=SITE_IDENTITY, departments=dept_sites
    )
    counts["sites"] = len(sites)
    # 考核 (issue 20 §3, §6): last year's assessment, computed from all of the above, published.
    counts.update({f"assessment.{k}": n for k, n in build_assessment(rng=rng).items()})
    return DemoResult(organs=organs, logins=logins, counts=counts)
