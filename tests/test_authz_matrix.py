"""The authorisation matrix (issue 16 §3): every staff URL × every role × own/other organ, GET and
an empty POST, against one table of expected rules.

The URLs come from the URL conf: every pattern under `office/` and `api/` (the open API, when it
is mounted) is a staff URL, and each must have a row in `RULES` (url name → who may use it), so
a new view without a rule fails `test_every_staff_url_has_a_rule`. The Django admin is left out
(superusers only, Django's own guard). Each row names the roles that may use the URL in their own
organ, or `ANY` (every signed-in user), and whether the URL names an object of organ A (then
nobody of organ B may use it) or lists the user's own organs' records (then organ B's holders of
the role may use it for theirs).

Actors: anonymous, a signed-in user with no post, each role in organ A ("own"), each role in
organ B ("other"; a sibling of A under another parent), and the 公开办管理员 of A's parent
("above", who covers A). Allowed: anything but 401/403/404 (and never 500). Denied: 403 or 404
(or the login page for anonymous), 405 where the view takes no such method, and an empty POST
changes nothing (audit rows, statuses, memberships, accounts: `_snapshot`).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ("editor", "reviewer", "secrecy", "approver", "organ_admin", "gio_head")
ACTORS = (
    "anonymous",
    "nobody",
    *ROLES,
    *(f"{r}@other" for r in ROLES),
    "organ_admin@above",
)
#: Every signed-in user (their own inbox, dashboard, the lists that show what they may see).
ANY = frozenset({"*"})
#: Everyone, anonymous visitors too (public read endpoints of the open API, if mounted here).
PUBLIC = frozenset({"public"})
STAFF_PREFIXES = ("office/", "api/")
#: The open API authenticates by token, not by session: its public and staff endpoints have
#: their own matrix by token and role (gongkai/api/tests/test_staff.py) and schemathesis.
TOKEN_API = "api/v1/"
#: Not staff pages: the sign-in and sign-out pages themselves.
PUBLIC_STAFF = {"office:login", "office:logout"}

HANDLERS = frozenset({"editor", "reviewer", "approver", "organ_admin", "gio_head"})
ORGAN_STAFF = frozenset(ROLES)
ADMIN = frozenset({"organ_admin"})
MAILBOX = frozenset({"editor", "approver", "organ_admin"})
PARTICIPATION = frozenset({"editor", "organ_admin"})
#: Who keeps an organ's 清单 and 办事指南 (inventories.transitions.KEEPERS).
KEEPERS = frozenset({"editor", "organ_admin"})
#: Who reads an assessment (assessment.selectors.READERS); only the 公开办 computes and edits.
ASSESSORS = frozenset({"organ_admin", "gio_head"})
#: Who publishes an organ's data (periodic.transitions.PUBLISHERS: the posts that publish an item).
PUBLISHERS = frozenset({"approver", "organ_admin"})
#: Who edits an organ's 政府公报 (gazette.transitions.EDITORS).
GAZETTE = frozenset({"reviewer", "organ_admin"})
#: The platform's managers: the 公开办管理员 of the primary site's root organ (sites.selectors.
#: can_manage). In the world that is P, so only `organ_admin@above`; not organ-scoped.
PLATFORM = frozenset({"platform"})


@dataclass(frozen=True)
class Rule:
    """Who may use a URL: roles in the object's organ (or `ANY`); `obj` names the object of
    organ A the URL points at (None: a list or form of the user's own organs)."""

    roles: frozenset[str]
    obj: str | None = None
    #: URL kwargs beyond the object's pk ("name" of a case action, "fmt" …).
    extra: tuple[tuple[str, str], ...] = ()


# fmt: off
RULES: dict[str, Rule] = {
    # 接口令牌 (issue 16 §4): every official manages their own tokens (a token acts as its user).
    "api_tokens:list": Rule(ANY),
    "api_tokens:revoke": Rule(ANY, extra=(("pk", "999999"),)),
    # 依申请公开 (applications): handlers; 保密审查 reads nothing of it.
    "office_apps:queue": Rule(ANY),
    "office_apps:export": Rule(ANY),
    "office_apps:register": Rule(HANDLERS),
    "office_apps:frequent": Rule(ANY),
    "office_apps:propose": Rule(frozenset({"editor", "organ_admin"})),
    "office_apps:case": Rule(ORGAN_STAFF, "application"),  # 保密审查 reads, handles nothing
    "office_apps:act[note]": Rule(HANDLERS, "application", (("name", "note"),)),
    "office_apps:act[document]": Rule(HANDLERS, "application", (("name", "document"),)),
    "office_apps:act[extend]": Rule(frozenset({"gio_head"}), "application", (("name", "extend"),)),
    "office_apps:act[sign_answer]": Rule(
        frozenset({"approver"}), "application", (("name", "sign_answer"),)
    ),
    "office_apps:document": Rule(ORGAN_STAFF, "application_document"),
    # The inbox: one's own notices only (the notice is the 采编's of organ A).
    "inbox:list": Rule(ANY),
    "inbox:read_all": Rule(ANY),
    "inbox:open": Rule(frozenset({"editor"}), "notice"),
    "inbox:read": Rule(frozenset({"editor"}), "notice"),
    # Annual reports: the 公开办.
    "reports:index": Rule(ADMIN),
    "reports:deadlines": Rule(ADMIN),
    "reports:quarterly": Rule(ADMIN),
    "reports:imports": Rule(ADMIN),
    "reports:import": Rule(ADMIN),
    "reports:import_detail": Rule(ADMIN, "report_import"),
    "reports:lint_batch": Rule(ADMIN),
    "reports:detail": Rule(ADMIN, "report"),
    "reports:figures": Rule(ADMIN, "report"),
    "reports:sections": Rule(ADMIN, "report"),
    "reports:redraft": Rule(ADMIN, "report"),
    "reports:acknowledge": Rule(ADMIN, "report"),
    "reports:publish": Rule(ADMIN, "report"),
    "reports:reopen": Rule(ADMIN, "report"),
    "reports:submit": Rule(ADMIN, "report"),
    "reports:export": Rule(ADMIN, "report", (("fmt", "html"),)),
    # The dashboard and its lists.
    "office:dashboard": Rule(ANY),
    "office:security": Rule(ANY),  # one's own second factor (issue 16 §2)
    "office:drafts": Rule(ANY),
    "office:pending": Rule(ANY),
    "office:timeliness": Rule(ANY),
    "office:interpretations": Rule(ANY),
    "office:items": Rule(ANY),
    # Catalog items.
    "office:item_create": Rule(frozenset({"editor", "organ_admin"})),
    "office:policy_search": Rule(ANY),
    "office:item": Rule(ORGAN_STAFF, "draft"),
    "office:item_edit": Rule(frozenset({"editor", "organ_admin"}), "draft"),
    "office:attachment_remove": Rule(frozenset({"editor", "organ_admin"}), "attachment"),
    "office:attachment_download": Rule(ORGAN_STAFF, "attachment"),
    "office:item_submit": Rule(frozenset({"editor", "organ_admin"}), "draft"),
    "office:finding_acknowledge": Rule(frozenset({"secrecy"}), "finding"),
    "office:finding_require_change": Rule(frozenset({"secrecy"}), "finding"),
    "office:item_require_changes": Rule(frozenset({"secrecy"}), "in_secrecy"),
    "office:item_pass": Rule(frozenset({"secrecy"}), "in_secrecy"),
    "office:item_return": Rule(frozenset({"secrecy", "approver"}), "in_secrecy"),
    "office:item_publish": Rule(frozenset({"approver"}), "in_secrecy"),
    "office:item_schedule": Rule(frozenset({"approver"}), "in_secrecy"),
    "office:item_withdraw": Rule(frozenset({"approver"}), "published"),
    "office:item_validity": Rule(frozenset({"approver"}), "published"),
    "office:item_approve_review": Rule(frozenset({"reviewer", "organ_admin"}), "draft"),
    "office:item_revise": Rule(frozenset({"editor", "organ_admin"}), "published"),
    "office:item_abandon": Rule(frozenset({"editor", "organ_admin"}), "draft"),
    "office:item_version": Rule(ORGAN_STAFF, "published", (("number", "1"),)),
    "office:item_restore": Rule(frozenset({"approver"}), "published"),
    "office:item_decline_restore": Rule(frozenset({"approver"}), "published"),
    "office:item_propose_validity": Rule(frozenset({"editor", "organ_admin"}), "published"),
    "office:item_approve_validity": Rule(frozenset({"approver"}), "published"),
    "office:item_decline_validity": Rule(frozenset({"approver"}), "published"),
    # 公开办管理员: 公开指南, columns, accounts.
    "office:organs": Rule(ADMIN),
    "office:organ_guide": Rule(ADMIN, "organ"),
    "office:organ_columns": Rule(ADMIN, "organ"),
    "office:column_change": Rule(ADMIN, "column"),
    "office:accounts": Rule(ADMIN),
    "office:account_new": Rule(ADMIN),
    "office:account_detail": Rule(ADMIN, "account"),
    "office:account_edit": Rule(ADMIN, "account"),
    "office:account_grant": Rule(ADMIN, "account"),
    "office:account_revoke": Rule(ADMIN, "account"),
    "office:account_active": Rule(ADMIN, "account"),
    "office:account_password": Rule(ADMIN, "account"),
    # 互动交流 (mailbox, issue 18): 采编 and 公开办 handle, 签发 approves; the others see nothing.
    "office_mailbox:queue": Rule(ANY),
    "office_mailbox:oversight": Rule(MAILBOX),
    "office_mailbox:letter": Rule(MAILBOX, "letter"),
    "office_mailbox:act[accept]": Rule(
        frozenset({"editor", "organ_admin"}), "letter", (("name", "accept"),)
    ),
    "office_mailbox:attachment": Rule(MAILBOX, "letter_attachment"),
    # 公众参与 (participation, issue 18 §3-6): 采编 and 公开办 run consultations, surveys,
    # proposals and 舆情 records; the others see the overview only.
    "office_participation:index": Rule(ANY),
    "office_participation:consultation_new": Rule(PARTICIPATION),
    "office_participation:consultation": Rule(PARTICIPATION, "consultation"),
    "office_participation:act[record]": Rule(
        PARTICIPATION, "consultation", (("name", "record"),)
    ),
    "office_participation:consultation_attachment": Rule(PARTICIPATION, "consultation"),
    "office_participation:survey_new": Rule(PARTICIPATION),
    "office_participation:survey": Rule(PARTICIPATION, "survey"),
    "office_participation:proposals": Rule(ANY),
    "office_participation:proposal_new": Rule(PARTICIPATION),
    "office_participation:proposal": Rule(PARTICIPATION, "proposal"),
    "office_participation:opinions": Rule(ANY),
    "office_participation:opinion_new": Rule(PARTICIPATION),
    "office_participation:opinion": Rule(PARTICIPATION, "opinion"),
    # 工作要点 (workplans, issue 20): the 公开办 imports, assigns and accepts; the lead organ's
    # 采编 and 公开办 report (the task of organ A is assigned by A's own 公开办).
    "workplans:index": Rule(ANY),
    "workplans:overdue": Rule(ANY),
    "workplans:import": Rule(ADMIN),
    "workplans:plan": Rule(ADMIN, "work_plan"),
    "workplans:matrix": Rule(ADMIN, "work_plan"),
    "workplans:selfcheck": Rule(frozenset({"editor", "organ_admin"}), "work_plan"),
    "workplans:selfcheck_docx": Rule(frozenset({"editor", "organ_admin"}), "work_plan"),
    "workplans:assign": Rule(ADMIN, "work_point"),
    "workplans:task": Rule(frozenset({"editor", "organ_admin"}), "work_task"),
    "workplans:act[report]": Rule(
        frozenset({"editor", "organ_admin"}), "work_task", (("name", "report"),)
    ),
    "workplans:act[accept]": Rule(ADMIN, "work_task", (("name", "accept"),)),
    "workplans:evidence": Rule(frozenset({"editor", "organ_admin"}), "work_evidence"),
    # 督查 (issue 20 §2): the organiser's 公开办 runs the round (A's round inspects A's unit) and
    # verifies; the inspected organ's 采编 and 公开办 put its findings right (A inspected by P).
    "workplans:rounds": Rule(ANY),
    "workplans:findings": Rule(ANY),
    "workplans:round_create": Rule(ADMIN),
    "workplans:round": Rule(ADMIN, "work_round"),
    "workplans:round_post[start]": Rule(ADMIN, "work_round", (("name", "start"),)),
    "workplans:round_matrix": Rule(ADMIN, "work_round"),
    "workplans:finding_create": Rule(ADMIN, "work_round"),
    "workplans:round_docx": Rule(ADMIN, "work_round"),
    "workplans:finding": Rule(frozenset({"editor", "organ_admin"}), "work_finding"),
    "workplans:finding_act[submit]": Rule(
        frozenset({"editor", "organ_admin"}), "work_finding", (("name", "submit"),)
    ),
    "workplans:finding_act[verify]": Rule(ADMIN, "work_finding_office", (("name", "verify"),)),
    "workplans:finding_evidence": Rule(
        frozenset({"editor", "organ_admin"}), "work_finding_evidence"
    ),
    # 考核 (assessment, issue 20 §3): the assessing 公开办 (its 公开工作机构负责人 reads and
    # publishes); the assessed organs see nothing of it in the office.
    "assessment:index": Rule(ANY),
    "assessment:scheme": Rule(ASSESSORS, "assessment_scheme"),
    "assessment:step[compute]": Rule(ADMIN, "assessment_scheme", (("name", "compute"),)),
    "assessment:indicator_new": Rule(ASSESSORS, "assessment_scheme"),
    "assessment:indicator": Rule(ASSESSORS, "assessment_scheme", (("code", "A1"),)),
    "assessment:organ": Rule(ASSESSORS, "assessment_scheme"),
    "assessment:export": Rule(ASSESSORS, "assessment_scheme"),
    "assessment:result": Rule(ASSESSORS, "assessment_result"),
    "assessment:enter": Rule(ASSESSORS, "assessment_result"),
    "assessment:adjust": Rule(ASSESSORS, "assessment_result"),
    # 网站监测 (monitor, issue 17): the 公开办管理员 of the site's organ or above.
    "monitor:dashboard": Rule(ADMIN),
    "monitor:site_create": Rule(ADMIN),
    "monitor:site": Rule(ADMIN, "site"),
    "monitor:site_edit": Rule(ADMIN, "site"),
    "monitor:run_now": Rule(ADMIN, "site"),
    "monitor:column_add": Rule(ADMIN, "site"),
    "monitor:column_remove": Rule(ADMIN, "site_column"),
    "monitor:run": Rule(ADMIN, "run"),
    # 规范性文件 register and 双随机 (registers, issue 19 §1, §5): the register's keepers (采编,
    # 公开办) write, 签发 signs, the 公开办 runs 清理; every post of the organ reads.
    "office_registers:index": Rule(ANY),
    "office_registers:series": Rule(ADMIN),
    "office_registers:entry_new": Rule(frozenset({"editor", "organ_admin"})),
    "office_registers:entry": Rule(ORGAN_STAFF, "norm_entry"),
    "office_registers:entry_act[sign]": Rule(
        frozenset({"approver"}), "norm_entry", (("name", "sign"),)
    ),
    "office_registers:campaign_new": Rule(ADMIN),
    "office_registers:campaign": Rule(
        frozenset({"editor", "approver", "organ_admin"}), "norm_campaign"
    ),
    "office_registers:campaign_act[publish]": Rule(
        ADMIN, "norm_campaign", (("name", "publish"),)
    ),
    "office_registers:pool_new": Rule(frozenset({"editor", "organ_admin"})),
    "office_registers:pool": Rule(frozenset({"editor", "organ_admin"}), "inspection_pool"),
    "office_registers:draw_new": Rule(frozenset({"editor", "organ_admin"})),
    "office_registers:draw": Rule(ORGAN_STAFF, "inspection_draw"),
    "office_registers:draw_act[draw]": Rule(
        frozenset({"editor", "organ_admin"}), "inspection_draw", (("name", "draw"),)
    ),
    # 清单 (inventories, issue 19 §3): every post of the organ reads; 采编 and 公开办 edit drafts,
    # guides and record 负面清单 reviews; 签发 and 公开办 publish a version.
    "office_inventories:index": Rule(ANY),
    "office_inventories:flagged": Rule(ANY),
    "office_inventories:reviews": Rule(ANY),
    "office_inventories:organ": Rule(ORGAN_STAFF, "organ"),
    "office_inventories:guide_new": Rule(KEEPERS, "organ"),
    "office_inventories:inventory": Rule(ORGAN_STAFF, "organ", (("kind", "powers"),)),
    "office_inventories:draft_start": Rule(KEEPERS, "organ", (("kind", "services"),)),
    "office_inventories:guide": Rule(ORGAN_STAFF, "service_guide"),
    "office_inventories:version": Rule(ORGAN_STAFF, "inventory_version"),
    "office_inventories:entry_new": Rule(KEEPERS, "inventory_version"),
    "office_inventories:publish": Rule(frozenset({"approver", "organ_admin"}), "inventory_version"),
    "office_inventories:discard": Rule(KEEPERS, "inventory_version"),
    "office_inventories:entry": Rule(KEEPERS, "inventory_entry"),
    "office_inventories:entry_remove": Rule(KEEPERS, "inventory_entry"),
    "office_inventories:review": Rule(KEEPERS, "negative_entry"),
    # 重点领域定期公开 (periodic, issue 19 §4): every post of the organ reads its schedules,
    # calendar and data; 采编 and 公开办 keep them (periodic.transitions.KEEPERS: trigger dates,
    # links, uploads); only the 公开办 creates or stops a schedule; 签发 and 公开办 publish data.
    "office_periodic:index": Rule(ORGAN_STAFF),
    "office_periodic:calendar": Rule(ORGAN_STAFF),
    "office_periodic:from_template": Rule(ADMIN),
    "office_periodic:schedule_new": Rule(ADMIN),
    "office_periodic:schedule": Rule(ORGAN_STAFF, "periodic_schedule"),
    "office_periodic:schedule_act[trigger]": Rule(
        KEEPERS, "periodic_schedule", (("name", "trigger"),)
    ),
    "office_periodic:schedule_act[link]": Rule(KEEPERS, "periodic_schedule", (("name", "link"),)),
    "office_periodic:schedule_act[deactivate]": Rule(
        ADMIN, "periodic_schedule", (("name", "deactivate"),)
    ),
    "office_periodic:upload": Rule(KEEPERS, "periodic_schedule"),
    "office_periodic:dataset": Rule(ORGAN_STAFF, "periodic_dataset"),
    "office_periodic:dataset_act[publish]": Rule(
        PUBLISHERS, "periodic_dataset", (("name", "publish"),)
    ),
    # 旧网站导入 (legacy, issue 19 §6): the 公开办管理员 of the run's organ or above reads the runs
    # (imports are started from the command line).
    "legacy:index": Rule(ADMIN),
    "legacy:run": Rule(ADMIN, "legacy_run"),
    # 人员、经费和培训 (workforce, issue 20 §4): 采编 and 公开办 enter an organ's figures
    # (workforce.services.ENTRANTS) and see their subtree's totals; every post of the organ
    # reads the evidence (workforce.selectors.may_read).
    "workforce:index": Rule(KEEPERS),
    "workforce:export": Rule(KEEPERS),
    "workforce:edit": Rule(KEEPERS, "workforce_figures"),
    "workforce:evidence": Rule(ORGAN_STAFF, "workforce_evidence"),
    "workforce:evidence_remove": Rule(KEEPERS, "workforce_evidence"),
    # 政府公报 (gazette, issue 19 §2): the organ's 公开办管理员 and 审核 (gazette EDITORS) make,
    # fill and publish issues and read their files; nobody else sees them in the office.
    "office_gazette:index": Rule(GAZETTE),
    "office_gazette:issue_new": Rule(GAZETTE),
    "office_gazette:issue": Rule(GAZETTE, "gazette_issue"),
    "office_gazette:issue_edit": Rule(GAZETTE, "gazette_issue"),
    "office_gazette:issue_act[publish]": Rule(GAZETTE, "gazette_issue", (("name", "publish"),)),
    "office_gazette:file": Rule(GAZETTE, "gazette_issue", (("which", "original"),)),
    # 网站集约化 (sites, issue 20 §5): the platform's 公开办 adds and changes sites and hosts.
    "office_sites:index": Rule(PLATFORM),
    "office_sites:new": Rule(PLATFORM),
    "office_sites:edit": Rule(PLATFORM, "site_portal"),
}
# fmt: on


def _patterns(
    resolver: URLResolver, prefix: str = "", ns: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            yield from _patterns(p, prefix + str(p.pattern), inner or "")
        elif p.name:
            yield prefix + str(p.pattern), f"{ns}:{p.name}" if ns else p.name, p


def staff_urls() -> dict[str, str]:
    """url name → route of every staff URL in the URL conf (admin excluded)."""
    found: dict[str, str] = {}
    for route, name, _ in _patterns(get_resolver()):
        if route.startswith(TOKEN_API):
            continue
        if route.startswith(STAFF_PREFIXES) and name not in PUBLIC_STAFF:
            found[name] = route
    return found


def test_every_staff_url_has_a_rule() -> None:
    """A new staff view without a row in RULES fails here: decide who may use it."""
    urls = staff_urls()
    ruled = {key.split("[")[0] for key in RULES}
    missing = sorted(set(urls) - ruled)
    assert not missing, f"staff URLs without an authorisation rule: {missing}"
    stale = sorted(ruled - set(urls))
    assert not stale, f"rules for URLs that no longer exist: {stale}"


# -- the world: organs A (under P) and B, a user per role in each, objects of organ A --------------


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("附件正文")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.fixture
def world(make_organ: Any, make_user: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    from django.core.files.base import ContentFile

    from gongkai.applications.services.documents import document_generate
    from gongkai.applications.services.intake import application_register
    from gongkai.catalog.models import Column
    from gongkai.catalog.services import revisions, workflow
    from gongkai.catalog.services.items import ItemFields, attachment_add, item_create, item_update
    from gongkai.inbox.models import Notice
    from gongkai.mailbox.models import Channel, LetterAttachment
    from gongkai.mailbox.services.intake import LetterInput, letter_receive
    from gongkai.orgs.models import Organ
    from gongkai.reports.models_import import ReportImport
    from gongkai.reports.services import report_open

    settings.MEDIA_ROOT = tmp_path
    parent = make_organ("测试市人民政府", kind=Organ.Kind.GOVERNMENT)
    a = make_organ("测试市人力资源和社会保障局", parent=parent)
    b = make_organ("另一个市的财政局")
    users: dict[str, Any] = {"anonymous": None, "nobody": make_user("nobody")}
    for role in ROLES:
        users[role] = make_user(role, organ=a, roles=(role,))
        users[f"{role}@other"] = make_user(f"{role}-other", organ=b, roles=(role,))
    users["organ_admin@above"] = make_user("admin-above", organ=parent, roles=("organ_admin",))
    editor, secrecy, approver = users["editor"], users["secrecy"], users["approver"]
    column = Column.objects.get(organ=a, code="policy")

    def draft(title: str, body: str = "<p>通知如下。</p>") -> Any:
        fields = ItemFields(title=title, formed_on=date(2026, 3, 2), body=body)
        return item_create(actor=editor, organ=a, column=column, fields=fields).item

    objects: dict[str, Any] = {"organ": a, "column": column, "account": editor}
    objects["draft"] = draft("关于做好就业补贴申领工作的通知")
    objects["attachment"] = attachment_add(
        actor=editor, item=objects["draft"], name="附件.docx", data=_docx()
    )
    flagged = draft("关于公示名单的通知", "<p>联系人身份证11010519491231002X。</p>")
    objects["in_secrecy"] = workflow.item_submit(actor=editor, item=flagged)
    objects["finding"] = objects["in_secrecy"].findings.first()
    published = workflow.item_submit(actor=editor, item=draft("关于发布年度计划的通知"))
    published = workflow.item_pass_secrecy(actor=secrecy, item=published, opinion="同意公开。")
    objects["published"] = workflow.item_publish(actor=approver, item=published)
    revision = revisions.revision_open(actor=editor, item=objects["published"])
    revision = item_update(
        actor=editor,
        item=revision,
        fields=ItemFields(revision_note="更正错字", body="<p>更正。</p>"),
    ).item
    revision = workflow.item_submit(actor=editor, item=revision)
    revision = workflow.item_pass_secrecy(actor=secrecy, item=revision, opinion="同意公开。")
    workflow.item_publish(actor=approver, item=revision)
    objects["published"].refresh_from_db()
    app = application_register(
        actor=editor,
        organ=a,
        channel="in_person",
        submitted_on=date(2026, 3, 2),
        data={
            "applicant_type": "natural",
            "name": "李明",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13812345678",
            "address": "测试市人民路1号",
            "description": "2025年度本市就业补贴发放情况统计表",
            "info_form": "electronic",
            "delivery": "email",
        },
    ).application
    objects["application"] = app
    objects["application_document"] = document_generate(actor=editor, app=app, kind="correction")
    objects["notice"] = Notice.objects.create(
        recipient=editor, kind="item", title="待办", key="matrix", organ=a
    )
    letter = letter_receive(
        channel=Channel.objects.get(organ=a),
        data=LetterInput(
            letter_type="consult", title="咨询就业补贴", body="请问就业补贴如何申领？",
            name="李明", phone="13812345678",
        ),
    ).letter  # fmt: skip
    objects["letter"] = letter
    objects["letter_attachment"] = LetterAttachment.objects.create(
        letter=letter, name="现场.png", kind="png", size=3, sha256="ab" * 32,
        file=ContentFile(b"png", name="x"),
    )  # fmt: skip
    from django.utils import timezone

    from gongkai.monitor.models import Run, Site, SiteColumn

    site = Site.objects.create(
        organ=a, name="测试市人社局网站", base_url="https://rsj.example.gov.cn/", kind="department"
    )
    objects["site"] = site
    objects["site_column"] = SiteColumn.objects.create(
        site=site, name="工作动态", url="https://rsj.example.gov.cn/gzdt/", kind="news"
    )
    objects["run"] = Run.objects.create(
        site=site, trigger="manual", started_at=timezone.now(), finished_at=timezone.now()
    )
    from gongkai.registers.services import campaigns as norm_campaigns
    from gongkai.registers.services import draws as norm_draws
    from gongkai.registers.services import register as norm_register

    norm_register.series_set(actor=users["organ_admin"], organ=a, agency="测人社规")
    entry = norm_register.entry_register(actor=editor, item=objects["published"]).entry
    for kind in ("legality", "collective"):
        norm_register.check_record(
            actor=editor, entry=entry, kind=kind, held_on=date(2026, 3, 3), body="司法局",
            conclusion="同意。",
        )  # fmt: skip
    objects["norm_entry"] = entry
    norm_register.entry_sign(actor=approver, entry=entry, signed_on=date(2026, 3, 5))
    objects["norm_campaign"] = norm_campaigns.campaign_open(
        actor=users["organ_admin"], organ=a, title="清理"
    )
    pool = norm_draws.pool_save(
        actor=editor, organ=a, kind="subjects", name="对象", text="A1 甲公司\nA2 乙公司"
    )
    objects["inspection_pool"] = pool
    staff_pool = norm_draws.pool_save(
        actor=editor, organ=a, kind="inspectors", name="人员", text="P1 张三\nP2 李四"
    )
    objects["inspection_draw"] = norm_draws.draw_announce(
        actor=editor, organ=a, title="抽查", subjects=pool, inspectors=staff_pool,
        subject_count=1, inspectors_per_subject=1,
    )  # fmt: skip
    from gongkai.workplans.models import Evidence, Progress
    from gongkai.workplans.services.plans import plan_import
    from gongkai.workplans.services.tasks import TaskFields, task_assign

    work_plan = plan_import(
        actor=users["organ_admin"], organ=a, year=2026, title="2026年政务公开工作要点",
        text="一、推进主动公开\n（一）编制主动公开目录（测试市人力资源和社会保障局）",
    )  # fmt: skip
    objects["work_plan"] = work_plan
    objects["work_point"] = work_plan.points.get(level=2)
    objects["work_task"] = task_assign(
        actor=users["organ_admin"], point=objects["work_point"], on=date(2026, 3, 2),
        fields=TaskFields(title="编制本局主动公开目录", organ=a, deadline=date(2026, 6, 30)),
    )  # fmt: skip
    progress = Progress.objects.create(
        task=objects["work_task"], text="已完成目录初稿。", reported_on=date(2026, 3, 2)
    )
    objects["work_evidence"] = Evidence.objects.create(
        progress=progress, kind="file", name="目录.png", file_kind="png", size=3,
        sha256="cd" * 32, file=ContentFile(b"png", name="y"),
    )  # fmt: skip
    from gongkai.workplans.tests.factories import authz_objects as workplan_objects

    unit = make_organ("测试市人社局信息中心", parent=a, kind=Organ.Kind.UNIT)
    above = users["organ_admin@above"]
    objects.update(
        workplan_objects(
            parent=parent, organ=a, child=unit, admin=users["organ_admin"], above=above
        )
    )
    from gongkai.participation.tests.factories import authz_objects

    objects.update(authz_objects(organ=a, editor=editor, draft=_docx()))
    from gongkai.inventories.tests.factories import authz_objects as inventory_objects

    objects.update(inventory_objects(organ=a, editor=editor, approver=approver))
    from gongkai.assessment.tests.factories import authz_objects as assessment_objects

    objects.update(assessment_objects(organ=a, child=unit, admin=users["organ_admin"]))
    from gongkai.legacy.tests.factories import authz_objects as legacy_objects
    from gongkai.periodic.tests.factories import authz_objects as periodic_objects
    from gongkai.workforce.tests.factories import authz_objects as workforce_objects

    objects.update(periodic_objects(organ=a, admin=users["organ_admin"], editor=editor))
    objects.update(legacy_objects(organ=a, admin=users["organ_admin"]))
    objects.update(workforce_objects(organ=a, editor=editor, document=_docx()))
    from gongkai.gazette.tests.factories import authz_objects as gazette_objects

    objects.update(gazette_objects(organ=a, admin=users["organ_admin"]))
    from gongkai.sites.tests.factories import authz_objects as site_objects

    objects.update(site_objects(root=parent, admin=above))
    objects["report"] = report_open(actor=users["organ_admin"], organ=a, year=2025)
    objects["report_import"] = ReportImport.objects.create(
        organ=a, year=2024, format="2021", imported_by=users["organ_admin"]
    )
    return {"users": users, "objects": objects}


def _kwargs(route: str, rule: Rule, objects: dict[str, Any]) -> dict[str, Any]:
    kwargs: dict[str, Any] = dict(rule.extra)
    obj = objects[rule.obj] if rule.obj else None
    if obj is None:
        return kwargs
    parents = {
        "attachment": ("pk", obj.item_id if hasattr(obj, "item_id") else None),
        "finding": ("pk", getattr(obj, "item_id", None)),
        "application_document": ("pk", getattr(obj, "application_id", None)),
        "column": ("pk", getattr(obj, "organ_id", None)),
        "site_column": ("pk", getattr(obj, "site_id", None)),
    }
    if rule.obj in parents:
        own = {
            "attachment": "attachment_pk",
            "finding": "finding_pk",
            "application_document": "doc_pk",
            "column": "column_pk",
            "site_column": "column_pk",
        }[rule.obj]
        kwargs[parents[rule.obj][0]] = parents[rule.obj][1]
        kwargs[own] = obj.pk
    else:
        kwargs["pk"] = obj.pk
    if rule.obj == "workforce_figures":  # organs/<organ_pk>/<year>/: an organ's row of a year
        kwargs.update(organ_pk=obj.organ_id, year=obj.year)
    return {k: v for k, v in kwargs.items() if f"<{k}>" in route or f":{k}>" in route}


def _expected(actor: str, rule: Rule) -> bool:
    if rule.roles == PUBLIC:
        return True
    if actor == "anonymous":
        return False
    if rule.roles == ANY:
        return True
    if actor == "nobody":
        return False
    if rule.roles == PLATFORM:
        return actor == "organ_admin@above"
    role, _, where = actor.partition("@")
    if where == "other" and rule.obj is not None:
        return False
    return role in rule.roles


def _snapshot() -> tuple[Any, ...]:
    """What a refused request must not change."""
    from django.contrib.auth import get_user_model

    from gongkai.applications.models import Application, ApplicationDocument
    from gongkai.catalog.models import Attachment, Column, Item, ScanFinding
    from gongkai.core.models import AuditEvent
    from gongkai.inbox.models import Notice
    from gongkai.mailbox.models import Letter
    from gongkai.monitor.models import Run, Site, SiteColumn
    from gongkai.orgs.models import Membership, Organ
    from gongkai.periodic.models import Dataset, Occurrence, Schedule
    from gongkai.reports.models import AnnualReport
    from gongkai.workforce.models import WorkforceEvidence, WorkforceFigures
    from gongkai.workplans.models import Plan, Point, Progress, Task

    return (
        AuditEvent.objects.count(),
        list(Item.objects.order_by("pk").values_list("pk", "status", "title", "validity")),
        Attachment.objects.count(),
        list(ScanFinding.objects.order_by("pk").values_list("acknowledged_at", "must_change_by")),
        list(Application.objects.order_by("pk").values_list("pk", "status", "assignee")),
        ApplicationDocument.objects.count(),
        list(AnnualReport.objects.order_by("pk").values_list("pk", "status")),
        list(Membership.objects.order_by("pk").values_list("user", "organ", "role")),
        list(get_user_model().objects.order_by("pk").values_list("is_active", "password")),
        list(Notice.objects.order_by("pk").values_list("read_at")),
        list(Column.objects.order_by("pk").values_list("name", "is_active")),
        list(Organ.objects.order_by("pk").values_list("guide_notes", "guide_updated_at")),
        list(Letter.objects.order_by("pk").values_list("pk", "status", "organ")),
        list(Site.objects.order_by("pk").values_list("name", "base_url", "active")),
        list(SiteColumn.objects.order_by("pk").values_list("pk", "name")),
        Run.objects.count(),
        Plan.objects.count(),
        Point.objects.count(),
        list(Task.objects.order_by("pk").values_list("pk", "status", "organ")),
        list(Progress.objects.order_by("pk").values_list("pk", "decision")),
        list(Schedule.objects.order_by("pk").values_list("pk", "is_active")),
        list(Occurrence.objects.order_by("pk").values_list("pk", "trigger_on", "item")),
        list(Dataset.objects.order_by("pk").values_list("pk", "status")),
        list(WorkforceFigures.objects.order_by("pk").values_list("pk", "updated_at")),
        WorkforceEvidence.objects.count(),
    )


DENIED = {403, 404, 405}
OBSERVE = os.environ.get("GONGKAI_AUTHZ_OBSERVE") == "1"


def _request(user: Any, method: str, url: str) -> tuple[int, str, bool]:
    """(status, Location, whether data changed) of one request, rolled back afterwards so every
    actor meets the same world."""
    client = Client()
    client.raise_request_exception = False
    if user is not None:
        client.force_login(user)
    with transaction.atomic():
        before = _snapshot()
        response = getattr(client, method)(url, {})
        if response.streaming:  # read it through: the client closes it without closing the DB
            b"".join(response.streaming_content)
        changed = _snapshot() != before
        transaction.set_rollback(True)
    return response.status_code, response.get("Location", ""), changed


@pytest.mark.parametrize("key", sorted(RULES))
def test_authorisation_matrix(key: str, world: dict[str, Any]) -> None:
    """Allowed: never 403/404 on GET, never 403 on POST, never 500. Refused: GET is 403/404/405
    (or the login page); an empty POST changes nothing (some views refuse with a message on the
    page, 302 or 200, rather than a 403 page: the data decides) and is never a 500."""
    name = key.split("[")[0]
    routes = staff_urls()
    if name not in routes:
        pytest.skip(f"{name} is not in the URL conf")
    rule = RULES[key]
    url = reverse(name, kwargs=_kwargs(routes[name], rule, world["objects"]))
    wrong: list[str] = []
    for actor in ACTORS:
        user = world["users"][actor]
        allowed = _expected(actor, rule)
        for method in ("get", "post"):
            status, location, changed = _request(user, method, url)
            if OBSERVE:
                print(f"OBS {key} {actor} {method} {status} {int(changed)}")  # noqa: T201
            said = f"{actor} {method.upper()} → {status}"
            if status >= 500:
                wrong.append(said)
            elif allowed:
                if status == 403 or (method == "get" and status == 404):
                    wrong.append(f"{said}, expected allowed")
            elif changed:
                wrong.append(f"{said} changed data, expected refused")
            elif method == "get":
                login = status == 302 and "/office/login/" in location
                if not (status in DENIED or (actor == "anonymous" and login)):
                    wrong.append(f"{said}, expected refused")
    assert not wrong, f"{key} ({url}):\n" + "\n".join(wrong)


def test_an_import_without_importer_renders(world: dict[str, Any]) -> None:
    record = world["objects"]["report_import"]
    record.imported_by = None
    record.save(update_fields=["imported_by"])
    client = Client()
    client.raise_request_exception = False
    client.force_login(world["users"]["organ_admin"])
    assert client.get(reverse("reports:imports")).status_code == 200
    response = client.get(reverse("reports:import_detail", args=[record.pk]))
    assert response.status_code == 200 and "命令行导入" in response.content.decode()
