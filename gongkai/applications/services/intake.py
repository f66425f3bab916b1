"""Registering applications (Art. 29–31): online by the applicant, or by staff otherwise.

The first status is an event of the transition table (`AppEvent.REGISTER` or, when Art. 31 needs
a confirmation first, `REGISTER_UNCONFIRMED`), fired through `APP_MACHINE` like every later one.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from gongkai.applications.deadlines import needs_confirmation
from gongkai.applications.models import ApplicantType, Application, Channel, IdType
from gongkai.applications.services.numbering import application_reference
from gongkai.applications.transitions import APP_MACHINE, NOT_HANDLER, AppEvent
from gongkai.core.actors import Actor
from gongkai.core.identifiers import is_valid_resident_id, is_valid_uscc
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import require_roles

APPLICANT_FIELDS = {
    "applicant_type",
    "org_subtype",
    "name",
    "id_type",
    "id_number",
    "credit_code",
    "legal_rep",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
}
REQUEST_FIELDS = {
    "description",
    "doc_reference",
    "purpose",
    "info_form",
    "delivery",
    "fee_waiver_requested",
    "fee_waiver_reason",
}


@dataclass
class IntakeResult:
    application: Application
    possible_duplicates: list[Application]
    created: bool = True


def validate_applicant(data: dict[str, Any]) -> dict[str, str]:
    """Art. 29(一): name, proof of identity and contact details; errors in Chinese by field."""
    errors: dict[str, str] = {}
    kind = data.get("applicant_type")
    if kind not in ApplicantType.values:
        errors["applicant_type"] = "请选择申请人类型（自然人或法人或其他组织）。"
    if not (data.get("name") or "").strip():
        errors["name"] = "请填写申请人姓名或名称。"
    phone = re.sub(r"[\s-]", "", data.get("phone") or "")
    if not re.fullmatch(r"(1[3-9]\d{9}|0\d{9,11}|\d{7,8})", phone):
        errors["phone"] = "请填写有效的联系电话（手机号码或含区号的固定电话）。"
    if kind == ApplicantType.NATURAL:
        id_type = data.get("id_type")
        number = (data.get("id_number") or "").strip().upper()
        if id_type not in IdType.values:
            errors["id_type"] = "请选择证件类型。"
        elif not number:
            errors["id_number"] = "请填写证件号码。"
        elif id_type == IdType.RESIDENT_ID and not is_valid_resident_id(number):
            errors["id_number"] = "居民身份证号码无效：应为18位，出生日期和校验码须正确。"
    elif kind == ApplicantType.ORGANISATION:
        if not data.get("org_subtype"):
            errors["org_subtype"] = "请选择组织类别。"
        if not is_valid_uscc((data.get("credit_code") or "").strip()):
            errors["credit_code"] = "统一社会信用代码无效：应为18位，且校验码正确。"
        if not (data.get("legal_rep") or "").strip():
            errors["legal_rep"] = "请填写法定代表人。"
        if not (data.get("contact_person") or "").strip():
            errors["contact_person"] = "请填写联系人。"
    return errors


def validate_request(data: dict[str, Any]) -> dict[str, str]:
    """Art. 29(二)(三): what information, and in which form and way it should be provided."""
    from gongkai.applications.models import Delivery, InfoForm

    errors: dict[str, str] = {}
    if len((data.get("description") or "").strip()) < 4:
        errors["description"] = "请描述所需政府信息的名称、文号或便于查询的其他特征（至少4个字）。"
    if data.get("info_form") not in InfoForm.values:
        errors["info_form"] = "请选择信息的载体形式。"
    if data.get("delivery") not in Delivery.values:
        errors["delivery"] = "请选择获取信息的方式。"
    return errors


def find_possible_duplicates(app: Application) -> list[Application]:
    """Same applicant, same information, same organ: suggest 重复申请 (Art. 36(6)); never decide."""
    same_person = Q(name=app.name, phone=app.phone)
    if app.id_number:
        same_person |= Q(id_number=app.id_number)
    if app.credit_code:
        same_person |= Q(credit_code=app.credit_code)
    candidates = Application.objects.filter(same_person, organ=app.organ).exclude(pk=app.pk)
    wanted = re.sub(r"\s+", "", app.description)
    found = []
    for other in candidates.order_by("-submitted_on")[:50]:
        ratio = difflib.SequenceMatcher(None, wanted, re.sub(r"\s+", "", other.description)).ratio()
        if ratio >= 0.8:
            found.append(other)
    return found


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    if clean.get("id_number"):
        clean["id_number"] = clean["id_number"].upper()
    if clean.get("credit_code"):
        clean["credit_code"] = clean["credit_code"].upper()
    if clean.get("applicant_type") == ApplicantType.NATURAL:
        for name in ("org_subtype", "credit_code", "legal_rep", "contact_person"):
            clean[name] = ""
    return clean


def application_register(
    *,
    actor: Actor,
    organ: Organ,
    channel: str,
    submitted_on: date,
    data: dict[str, Any],
    confirmed_on: date | None = None,
    written_by_staff: bool = False,
    client_token: str = "",
    transferred_from: Application | None = None,
) -> IntakeResult:
    """Create an application. Online submissions wait for confirmation (Art. 31(三)); in-person and
    signed-for post have their receipt date at once; staff may register a confirmed channel with
    its confirmation date. A repeated `client_token` returns the first application (double submit).

    Who registers: a handler of `organ`; the applicant online (`actor=None`, the public form);
    or, for a transfer (Art. 36(5)), a handler of the organ `transferred_from` belongs to, who
    registers the request with the organ that holds the information.
    """
    from gongkai.applications.services.deadline_sync import refresh_due

    if channel not in Channel.values:
        raise ValidationError({"channel": "申请方式无效。"})
    unknown = set(data) - APPLICANT_FIELDS - REQUEST_FIELDS
    if unknown:
        raise ValueError(f"unknown application fields: {sorted(unknown)}")
    data = _normalise(data)
    errors = validate_applicant(data) | validate_request(data)
    if confirmed_on is not None and confirmed_on < submitted_on:
        errors["confirmed_on"] = "确认日期不能早于提交日期。"
    if errors:
        raise ValidationError(errors)
    unconfirmed = needs_confirmation(channel) and confirmed_on is None
    event = AppEvent.REGISTER_UNCONFIRMED if unconfirmed else AppEvent.REGISTER
    if transferred_from is not None:
        require_roles(actor, transferred_from.organ, APP_MACHINE.roles[event], message=NOT_HANDLER)
    elif actor is not None:
        require_roles(actor, organ, APP_MACHINE.roles[event], message=NOT_HANDLER)
    if client_token:
        existing = Application.objects.filter(client_token=client_token).first()
        if existing is not None:
            return IntakeResult(existing, [], created=False)

    try:
        with transaction.atomic():
            app = Application(
                organ=organ,
                channel=channel,
                submitted_on=submitted_on,
                written_by_staff=written_by_staff,
                client_token=client_token,
                **data,
            )
            if not unconfirmed:
                app.confirmed_on = confirmed_on
                # Art. 31: in person = submitted; signed post = signed for; else = confirmed.
                app.receipt_date = confirmed_on or submitted_on
                app.clock_start = app.receipt_date
            # Unique across organs: the organ's own stem, the year, the serial (岚教-2026-0008).
            app.reference = application_reference(organ=organ, year=submitted_on.year)
            # Roles were checked above: the machine would ask the new case's organ, which is the
            # wrong one for a transfer, and the applicant online holds none.
            APP_MACHINE.fire(
                actor=actor,
                obj=app,
                event=event,
                data={"channel": channel, "reference": app.reference},
                before_save=refresh_due,
                organ_id=organ.pk,
                check_roles=False,
            )
    except IntegrityError:
        if client_token:
            existing = Application.objects.filter(client_token=client_token).first()
            if existing is not None:
                return IntakeResult(existing, [], created=False)
        raise
    return IntakeResult(app, find_possible_duplicates(app))
