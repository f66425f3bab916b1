"""Reads of 依申请公开: queue, case access, timelines, status lookup, frequently requested info."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gongkai.applications.audit import ApplicationAudit
from gongkai.applications.models import (
    CLOCK_RUNNING_STATUSES,
    Application,
    AppStatus,
    Consultation,
)
from gongkai.applications.outcomes import OUTCOME_BY_KEY
from gongkai.applications.rules import ACCEPTING_KINDS
from gongkai.applications.transitions import HANDLER_ROLES, AppEvent, audit_action
from gongkai.core import formguard
from gongkai.core.actors import Actor
from gongkai.core.audit import audit_data_text, timeline_row
from gongkai.core.conf import gongkai_settings
from gongkai.core.models import AuditEvent
from gongkai.core.workcal.calendar import add_working_days, default_calendar
from gongkai.orgs.models import Membership, Organ, Role
from gongkai.orgs.permissions import has_role, organs_for, role_map, roles_for
from gongkai.orgs.selectors import people_with_posts

#: States whose due date runs (the 补正 state waits for the applicant, Art. 30; an answer waiting
#: for 审核 / 签发 is not given yet, Art. 33).
RUNNING_STATES = CLOCK_RUNNING_STATUSES


def accepting_organs() -> QuerySet[Organ]:
    """Art. 27: the organs that accept applications (`rules.ACCEPTING_KINDS`)."""
    return Organ.objects.filter(kind__in=ACCEPTING_KINDS).order_by("tree_key")


def visible_applications(user: Actor) -> QuerySet[Application]:
    """Applications of the organs the user covers (`organs_for`)."""
    if getattr(user, "is_superuser", False):
        return Application.objects.all()
    return Application.objects.filter(organ__in=organs_for(user))


def handler_organs(user: Actor) -> list[Organ]:
    """Organs where the user may handle applications (register, act on cases)."""
    if getattr(user, "is_superuser", False):
        return list(accepting_organs())
    ids = [pk for pk, held in role_map(user).items() if held & HANDLER_ROLES]
    return list(accepting_organs().filter(pk__in=ids))


def case_for_user(user: Actor, pk: int) -> tuple[Application, set[str]]:
    """The case and the user's roles in its organ: 404 when missing, 403 for another organ's."""
    app = get_object_or_404(
        Application.objects.select_related("organ", "assignee", "transferred_to__organ"), pk=pk
    )
    if not visible_applications(user).filter(pk=app.pk).exists():
        raise PermissionDenied("您无权查看其他机关的政府信息公开申请。")
    return app, roles_for(user, app.organ)


def due_soon_working_days() -> int:
    """How many working days ahead a due date counts as "due soon" (the queue filter)."""
    return gongkai_settings().DUE_SOON_WORKING_DAYS


def due_soon_limit(today: date | None = None) -> date:
    """The last due date that counts as "due soon" from `today`."""
    return add_working_days(
        today or timezone.localdate(), due_soon_working_days(), default_calendar()
    )


def queue(
    user: Actor,
    *,
    organ: int | None = None,
    status: str | None = None,
    due: str | None = None,
    assignee: str | None = None,
    q: str | None = None,
) -> QuerySet[Application]:
    """The staff queue with its filters; `effective_due` is the delayed date or the due date."""
    qs = (
        visible_applications(user)
        .select_related("organ", "assignee")
        .annotate(effective_due=Coalesce("delayed_due_date", "due_date"))
    )
    if organ is not None:
        qs = qs.filter(organ_id=organ)
    if status:
        qs = qs.filter(status=status)
    today = timezone.localdate()
    if due == "soon":
        qs = qs.filter(
            status__in=RUNNING_STATES, effective_due__gte=today, effective_due__lte=due_soon_limit()
        )
    elif due == "overdue":
        qs = qs.filter(status__in=RUNNING_STATES, effective_due__lt=today)
    if assignee == "me":
        qs = qs.filter(assignee_id=getattr(user, "pk", None))
    elif assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif assignee and assignee.isdigit():
        qs = qs.filter(assignee_id=int(assignee))
    if q:
        qs = qs.filter(
            Q(reference__icontains=q) | Q(name__icontains=q) | Q(description__icontains=q)
        )
    return qs.order_by(F("effective_due").asc(nulls_last=True), "-submitted_on", "-id")


def assignable_users(organs: list[Organ]) -> list[AbstractBaseUser]:
    """Staff holding a handling role in any of `organs` (the 承办人 choices), each with those
    posts' organs for its label (`person_labels`: 张伟（岚川市教育局）), in one query."""
    return people_with_posts(
        Membership.objects.filter(organ__in=organs, role__in=sorted(HANDLER_ROLES))
    )


def organ_has_gio_head(organ: Organ) -> bool:
    """Whether someone holds 公开工作机构负责人 in the organ (Art. 33 extensions need one)."""
    return Membership.objects.filter(organ=organ, role=Role.GIO_HEAD).exists()


def transfer_targets(app: Application) -> QuerySet[Organ]:
    return accepting_organs().exclude(pk=app.organ_id)


# ----- timelines -------------------------------------------------------------------------------

STATUS_LABELS = dict(AppStatus.choices)
#: What the applicant sees, in plain words; internal events (notes, views, letters) stay out.
_PUBLIC_EVENTS: dict[AppEvent, str] = {
    AppEvent.REGISTER: "申请已提交登记",
    AppEvent.REGISTER_UNCONFIRMED: "申请已提交登记",
    AppEvent.CONFIRM_RECEIPT: "机关确认收到申请，开始计算答复期限",
    AppEvent.REQUEST_CORRECTION: "机关告知需要补正申请内容",
    AppEvent.CORRECTION_RECEIVED: "收到补正，答复期限重新计算",
    AppEvent.CORRECTION_LAPSED: "逾期未补正，视为放弃申请",
    AppEvent.START_CONSULTATION: "机关正在征求第三方或有关机关的意见（该期间不计入答复期限）",
    AppEvent.END_CONSULTATION: "征求意见结束",
    AppEvent.SEND_FEE_NOTICE: "机关发出收费通知",
    AppEvent.FEE_PAID: "已缴纳信息处理费",
    AppEvent.FEE_LAPSED: "逾期未缴费，视为放弃申请",
    AppEvent.ANSWER: "机关已作出答复",
    AppEvent.WITHDRAW: "申请已撤回",
    AppEvent.ARCHIVE: "案件已归档",
}
PUBLIC_ACTIONS: dict[str, str] = {
    **{str(audit_action(event)): text for event, text in _PUBLIC_EVENTS.items()},
    ApplicationAudit.EXTEND: "经批准延长答复期限",
    ApplicationAudit.DELAY: "机关确定了延迟答复的期限（第三十五条）",
    ApplicationAudit.DELIVER: "答复已送达",
    ApplicationAudit.TRANSFER: "已告知由其他机关办理",
    ApplicationAudit.TRANSFERRED_IN: "由其他机关转来",
}


#: The audit rows that carry a (draft) answer's outcome.
_ANSWER_ACTIONS = {
    str(audit_action(e))
    for e in (AppEvent.ANSWER, AppEvent.SUBMIT_ANSWER_REVIEW, AppEvent.SUBMIT_ANSWER_SIGNOFF)
}
_RETURN_ACTIONS = {
    str(audit_action(e)) for e in (AppEvent.RETURN_ANSWER_REVIEW, AppEvent.RETURN_ANSWER_SIGNOFF)
}
_EXTENSION_ACTIONS = {ApplicationAudit.EXTENSION_REQUEST, ApplicationAudit.EXTENSION_REFUSE}
_SUBMIT_ACTIONS = {
    str(audit_action(e)) for e in (AppEvent.SUBMIT_ANSWER_REVIEW, AppEvent.SUBMIT_ANSWER_SIGNOFF)
}


def answer_returned(app: Application) -> AuditEvent | None:
    """The comment the handler must act on: the last return of a draft answer, while the case
    is back in 办理中 and the draft has not been submitted again since."""
    if app.status != AppStatus.PROCESSING:
        return None
    last = (
        _events(app)
        .filter(action__in=sorted(_RETURN_ACTIONS | _SUBMIT_ACTIONS))
        .select_related("actor")
        .last()
    )
    return last if last is not None and last.action in _RETURN_ACTIONS else None


def _events(app: Application) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_object(app).order_by("created_at", "id")


def staff_timeline(app: Application) -> list[dict[str, Any]]:
    rows = []
    for event in _events(app):
        data = event.data or {}
        detail = ""
        answer = event.action in _ANSWER_ACTIONS
        if answer and data.get("outcome") in OUTCOME_BY_KEY:
            outcome = OUTCOME_BY_KEY[data["outcome"]]
            detail = f"{outcome.group} {outcome.label}（{outcome.basis}）"
        elif event.action == ApplicationAudit.DOCUMENT:
            detail = str(data.get("number", ""))
        elif event.action == ApplicationAudit.EXTEND:
            dates = audit_data_text({"from": data.get("from"), "to": data.get("to")})
            detail = f"延长{data.get('days')}个工作日：{dates.split('：', 1)[-1]}"
        elif event.action in _EXTENSION_ACTIONS:
            detail = f"申请延长{data.get('days')}个工作日"
        elif data:  # keys, choices, dates and field names in Chinese (core/audit.py)
            detail = audit_data_text(data, action=event.action)
        rows.append(timeline_row(event, status_labels=STATUS_LABELS, detail=detail))
    return rows


def public_timeline(app: Application) -> list[dict[str, Any]]:
    """Public events only, in plain Chinese, without staff names or internal comments."""
    rows = []
    for event in _events(app).filter(action__in=list(PUBLIC_ACTIONS)):
        rows.append({"when": event.created_at, "what": PUBLIC_ACTIONS[event.action]})
    return rows


# ----- public status lookup --------------------------------------------------------------------


def tail_matches(app: Application, tail: str) -> bool:
    """Last four of the phone or of the ID number (constant-time compare, no early exit)."""
    return formguard.tail_matches(tail, phone=app.phone, ident=app.id_number or app.credit_code)


def application_by_code(code: str, tail: str) -> Application | None:
    """The application for 查询码 + 尾号, or None — the same None whether the code is unknown or
    the tail is wrong, so the page never reveals which codes exist."""
    app = Application.objects.select_related("organ").filter(query_code=code).first()
    if app is None:
        tail_matches(Application(phone="0000", id_number="0000"), tail)  # same work either way
        return None
    return app if tail_matches(app, tail) else None


def recent_by_applicant(data: dict[str, Any], *, hours: int = 24) -> int:
    """Online applications from the same applicant (phone or ID/credit code) in the last hours."""
    since = timezone.now() - timedelta(hours=hours)
    same = Q(phone=data.get("phone") or "-")
    if data.get("id_number"):
        same |= Q(id_number=str(data["id_number"]).strip().upper())
    if data.get("credit_code"):
        same |= Q(credit_code=str(data["credit_code"]).strip().upper())
    return Application.objects.filter(same, channel="online", created_at__gte=since).count()


def open_consultations(app: Application) -> list[Consultation]:
    return list(app.consultations.filter(replied_on__isnull=True))


# ----- frequently requested information (Art. 44) ----------------------------------------------


@dataclass
class RequestGroup:
    organ: Organ
    description: str
    applications: list[Application] = field(default_factory=list)
    latest: date | None = None

    @property
    def count(self) -> int:
        return len(self.applications)

    @property
    def ids(self) -> str:
        return ",".join(str(a.pk) for a in self.applications)


def _norm(text: str) -> str:
    return re.sub(r"[\s，。、；：,.;:（）()“”\"'《》]+", "", text)


def frequent_requests(
    *, organs: QuerySet[Organ] | list[Organ] | None = None, min_count: int = 2, years: int = 2
) -> list[RequestGroup]:
    """Answered 予以公开/部分公开 applications grouped by similar description (≥ min_count).

    Art. 44: information many people ask for and that may be disclosed should be considered for
    proactive disclosure. Greedy grouping with a similarity ratio of 0.6 on the normalised text.
    """
    since = timezone.localdate() - timedelta(days=365 * years)
    qs = Application.objects.filter(
        outcome__in=["granted", "partial"], answered_on__gte=since
    ).select_related("organ")
    if organs is not None:
        qs = qs.filter(organ__in=organs)
    groups: list[RequestGroup] = []
    keys: list[str] = []
    by_organ: dict[int, list[int]] = {}
    for app in qs.order_by("organ_id", "answered_on", "id")[:5000]:
        text = _norm(app.description)
        found = None
        for i in by_organ.get(app.organ_id, []):
            if difflib.SequenceMatcher(None, keys[i], text).ratio() >= 0.6:
                found = groups[i]
                break
        if found is None:
            found = RequestGroup(organ=app.organ, description=app.description)
            by_organ.setdefault(app.organ_id, []).append(len(groups))
            groups.append(found)
            keys.append(text)
        found.applications.append(app)
        if app.answered_on and (found.latest is None or app.answered_on > found.latest):
            found.latest = app.answered_on
    result = [g for g in groups if g.count >= min_count]
    result.sort(key=lambda g: (-g.count, g.organ.tree_key))
    return result


def has_editor_role(user: Actor, organ: Organ) -> bool:
    return has_role(user, organ, Role.EDITOR)
