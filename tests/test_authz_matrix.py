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
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authz_rules import (
    ACTORS,
    ANY,
    PLATFORM,
    PUBLIC,
    PUBLIC_STAFF,
    ROLES,
    RULES,
    STAFF_PREFIXES,
    TOKEN_API,
    Rule,
)


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
