"""The 行政规范性文件 register (国办发〔2018〕37号《关于加强行政规范性文件制定和监督管理工作的
通知》: 统一登记、统一编号、统一印发; 合法性审核 and 集体审议 before 签发; 备案 after; 有效期).

- Each issuing organ has one number series (`NumberSeries`: its 代字 and format). A number is
  taken from the series (locked, gap-free) or, for a document registered after the fact, typed
  in the series' format; a number already in the register is refused.
- 签发 is refused until the 合法性审核 and 集体审议 records are in; 备案 is recorded after.
- The validity period runs from the 施行日期 (default `REGISTERS_VALIDITY_YEARS`). The daily job
  (`registers_lapse_due`, task `tasks.lapse_due`) tells the issuing organ
  `REGISTERS_LAPSE_NOTICE_DAYS` before the date, and on the date marks the entry 已失效 and the
  catalog item 已失效 through the catalog's own service (`validity_expire`, the system acting),
  unless 签发 renewed it before (延续).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.models import Item, ItemKind, Validity
from gongkai.catalog.services.published import validity_expire
from gongkai.catalog.transitions import ITEM_MACHINE
from gongkai.catalog.transitions import Event as ItemEvent
from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.core.conf import gongkai_settings
from gongkai.core.fsm import InvalidTransition
from gongkai.core.serials import next_serial
from gongkai.inbox.models import NoticeKind
from gongkai.inbox.services import notice_send
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import require_roles, users_with_role
from gongkai.registers import rules
from gongkai.registers.audit import RegistersAudit
from gongkai.registers.models import (
    BEFORE_SIGNING,
    IN_FORCE,
    CheckKind,
    CheckRecord,
    EntryStatus,
    NumberSerial,
    NumberSeries,
    RegisterEntry,
)
from gongkai.registers.transitions import ENTRY_MACHINE, KEEPERS, EntryEvent

# ---- the number series -----------------------------------------------------------------------


@transaction.atomic
def series_set(*, actor: Actor, organ: Organ, agency: str, template: str = "") -> NumberSeries:
    """The 公开办 sets its organ's 规范性文件代字 and number format."""
    require_roles(actor, organ, {Role.ORGAN_ADMIN}, message="只有公开办管理员可以设置编号规则。")
    agency, template = agency.strip(), template.strip()
    if not agency:
        raise ValidationError({"agency": "请填写规范性文件代字，如“岚政规”。"})
    if template:
        from gongkai.core.conf import _number_template

        wrong = _number_template(template)
        if wrong:
            raise ValidationError({"template": f"编号格式{wrong}。"})
    series, _ = NumberSeries.objects.update_or_create(
        organ=organ, defaults={"agency": agency, "template": template}
    )
    audit_record(
        actor=actor,
        action=RegistersAudit.SERIES_SET,
        obj=series,
        organ_id=organ.pk,
        data={"agency": agency, "template": rules.number_template(template)},
    )
    return series


# ---- registration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Registered:
    entry: RegisterEntry


def _series_of(organ: Organ) -> NumberSeries:
    series = NumberSeries.objects.filter(organ=organ).first()
    if series is None:
        raise ValidationError("本机关尚未设置规范性文件编号规则（代字和格式），请先由公开办设置。")
    return series


def _duplicate(number: str) -> ValidationError:
    return ValidationError({"number": f"编号“{number}”已经登记过，同一编号不能使用两次。"})


@transaction.atomic
def entry_register(
    *,
    actor: Actor,
    item: Item,
    year: int | None = None,
    number: str = "",
    validity_years: int | None = None,
) -> Registered:
    """统一登记、统一编号: a catalog item (政策文件) enters its organ's register with a number of
    the organ's series (taken in turn, or `number` typed in the series' format)."""
    organ = item.organ
    entry = RegisterEntry(organ=organ, item=item, created_by=user_of(actor))
    ENTRY_MACHINE.check(actor, entry, EntryEvent.REGISTER)
    if item.revision_of_id is not None:
        raise ValidationError("修订稿不能单独登记，请登记原文件。")
    if item.kind == ItemKind.INTERPRETATION:
        raise ValidationError("政策解读不是规范性文件，不能登记。")
    if RegisterEntry.objects.filter(item=item).exists():
        raise ValidationError("该信息已经登记为规范性文件。")
    years = validity_years or gongkai_settings().REGISTERS_VALIDITY_YEARS
    if not 1 <= years <= 50:
        raise ValidationError({"validity_years": "有效期应为1至50年。"})
    series = _series_of(organ)
    number = number.strip()
    if number:
        parsed = rules.parse_number(template=series.template, agency=series.agency, number=number)
        if parsed is None:
            example = rules.format_number(
                template=series.template, agency=series.agency, year=2026, serial=1
            )
            raise ValidationError(
                {"number": f"编号“{number}”不符合本机关的编号格式，如“{example}”。"}
            )
        entry.year, entry.serial = parsed
        if RegisterEntry.objects.filter(organ=organ, year=entry.year, serial=entry.serial).exists():
            raise _duplicate(number)
        # The series goes on after the highest number typed in, so it never hands it out again.
        NumberSerial.objects.get_or_create(series=series, year=entry.year)
        counter = NumberSerial.objects.select_for_update().get(series=series, year=entry.year)
        if counter.last_serial < entry.serial:
            counter.last_serial = entry.serial
            counter.save(update_fields=["last_serial"])
    else:
        entry.year = year or timezone.localdate().year
        entry.serial = next_serial(NumberSerial, series=series, year=entry.year)
        while RegisterEntry.objects.filter(
            organ=organ, year=entry.year, serial=entry.serial
        ).exists():  # a number typed in earlier: skip it
            entry.serial = next_serial(NumberSerial, series=series, year=entry.year)
    entry.number = rules.format_number(
        template=series.template, agency=series.agency, year=entry.year, serial=entry.serial
    )
    if RegisterEntry.objects.filter(number=entry.number).exists():
        raise _duplicate(entry.number)
    entry.validity_years = years
    try:
        with transaction.atomic():
            ENTRY_MACHINE.fire(
                actor=actor, obj=entry, event=EntryEvent.REGISTER, data={"number": entry.number}
            )
    except IntegrityError:  # two registrations of the same number at once
        raise _duplicate(entry.number) from None
    return Registered(entry)


@transaction.atomic
def check_record(
    *,
    actor: Actor,
    entry: RegisterEntry,
    kind: str,
    held_on: date | None,
    body: str,
    conclusion: str,
) -> CheckRecord:
    """合法性审核 / 集体审议 (before 签发) or 备案 (after, see `entry_file`)."""
    entry = ENTRY_MACHINE.lock(entry)
    require_roles(actor, entry.organ, KEEPERS, message="只有本机关采编或公开办可以登记。")
    if kind not in CheckKind.values:
        raise ValidationError({"kind": "请选择记录类型。"})
    label = CheckKind(kind).label
    errors = {}
    if held_on is not None and held_on > timezone.localdate():
        errors["held_on"] = f"{label}日期不能晚于今天。"
    if not body.strip():
        errors["body"] = "请填写审核机构、会议名称或备案机关。"
    if not conclusion.strip():
        errors["conclusion"] = "请填写意见或结论。"
    if held_on is None:
        errors["held_on"] = f"请填写{label}日期。"
    if errors or held_on is None:
        raise ValidationError(errors)
    if kind in BEFORE_SIGNING and entry.status != EntryStatus.REGISTERED:
        raise ValidationError(f"文件已{entry.get_status_display()}，不能再补登{label}记录。")
    if kind == CheckKind.FILING and entry.status != EntryStatus.SIGNED:
        raise ValidationError("备案记录在文件签发之后登记。")
    if CheckRecord.objects.filter(entry=entry, kind=kind).exists():
        raise ValidationError(f"{label}记录已经登记。")
    record = CheckRecord.objects.create(
        entry=entry,
        kind=kind,
        held_on=held_on,
        body=body.strip(),
        conclusion=conclusion.strip(),
        recorded_by=user_of(actor),
    )
    audit_record(
        actor=actor,
        action=RegistersAudit.CHECK_RECORD,
        obj=entry,
        organ_id=entry.organ_id,
        comment=record.conclusion,
        data={"kind": kind, "body": record.body},
    )
    return record


def missing_before_signing(entry: RegisterEntry) -> list[str]:
    have = set(entry.checks.values_list("kind", flat=True))
    return [CheckKind(k).label for k in BEFORE_SIGNING if k not in have]


@transaction.atomic
def entry_sign(
    *, actor: Actor, entry: RegisterEntry, signed_on: date, effective_on: date | None = None
) -> RegisterEntry:
    """签发: refused until 合法性审核 and 集体审议 are recorded. The validity runs from the
    施行日期 (the 签发 date when none is given)."""
    entry = ENTRY_MACHINE.lock(entry)
    ENTRY_MACHINE.check(actor, entry, EntryEvent.SIGN)
    missing = missing_before_signing(entry)
    if missing:
        raise ValidationError(
            f"未经{'、'.join(missing)}的规范性文件不得签发（国办发〔2018〕37号），请先登记相应记录。"
        )
    effective_on = effective_on or signed_on
    if effective_on < signed_on:
        raise ValidationError({"effective_on": "施行日期不能早于签发日期。"})
    entry.signed_on = signed_on
    entry.effective_on = effective_on
    entry.expires_on = rules.expiry_date(effective_on=effective_on, years=entry.validity_years)
    return ENTRY_MACHINE.fire(
        actor=actor,
        obj=entry,
        event=EntryEvent.SIGN,
        data={"signed_on": signed_on.isoformat(), "expires_on": entry.expires_on.isoformat()},
    )


@transaction.atomic
def entry_file(
    *, actor: Actor, entry: RegisterEntry, held_on: date | None, body: str, conclusion: str
) -> RegisterEntry:
    """备案: the filing with the organ above (or the 人大常委会), recorded after 签发."""
    entry = ENTRY_MACHINE.lock(entry)
    ENTRY_MACHINE.check(actor, entry, EntryEvent.FILE)
    check_record(
        actor=actor,
        entry=entry,
        kind=CheckKind.FILING,
        held_on=held_on,
        body=body,
        conclusion=conclusion,
    )
    return ENTRY_MACHINE.fire(actor=actor, obj=entry, event=EntryEvent.FILE, comment=body.strip())


@transaction.atomic
def entry_renew(
    *, actor: Actor, entry: RegisterEntry, years: int | None = None, reason: str
) -> RegisterEntry:
    """延续: 签发 keeps a document in force for another period (from its current lapse date),
    after its evaluation; the reason is required and kept in the 办理记录."""
    entry = ENTRY_MACHINE.lock(entry)
    ENTRY_MACHINE.check(actor, entry, EntryEvent.RENEW)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写延续有效期的理由（评估结论）。"})
    years = years or entry.validity_years
    if not 1 <= years <= 50:
        raise ValidationError({"years": "延续年限应为1至50年。"})
    if entry.expires_on is None:  # set at 签发; an entry in force always has it
        raise ValidationError("该文件没有失效日期，不能延续。")
    entry.expires_on = rules.add_years(entry.expires_on, years)
    entry.lapse_notified_on = None
    entry.renewals += 1
    return ENTRY_MACHINE.fire(
        actor=actor,
        obj=entry,
        event=EntryEvent.RENEW,
        comment=reason,
        data={"expires_on": entry.expires_on.isoformat()},
    )


# ---- the daily job: lapse notices and lapses -----------------------------------------------


def _issuing_organ_people(organ: Organ) -> list[object]:
    people = list(
        users_with_role(organ, {Role.EDITOR, Role.APPROVER, Role.ORGAN_ADMIN}, inherited=False)
    )
    return people or list(users_with_role(organ, {Role.ORGAN_ADMIN}))


def _notify_lapse_soon(entry: RegisterEntry, expires_on: date, today: date) -> bool:
    sent = notice_send(
        recipients=_issuing_organ_people(entry.organ),
        kind=NoticeKind.DUE_SOON,
        key=f"registers.lapse:{entry.pk}:{expires_on.isoformat()}",
        title=f"规范性文件即将届满失效：{entry.number}",
        body=(
            f"《{entry.item.title}》将于 {expires_on:%Y年%m月%d日} 有效期届满失效。"
            "如需继续施行，请在此前评估并由签发人员延续有效期；否则届时自动标注为“已失效”。"
        ),
        link=reverse("office_registers:entry", args=[entry.pk]),
        organ=entry.organ,
        subject=entry,
    )
    entry.lapse_notified_on = today
    RegisterEntry.objects.filter(pk=entry.pk).update(lapse_notified_on=today)
    audit_record(
        actor=None,
        action=RegistersAudit.LAPSE_NOTICE,
        obj=entry,
        organ_id=entry.organ_id,
        data={"expires_on": expires_on.isoformat(), "recipients": len(sent)},
    )
    return True


def _lapse(entry: RegisterEntry, expires_on: date) -> None:
    item = entry.item
    note = f"有效期届满（{entry.number}，有效期至 {expires_on:%Y年%m月%d日}）"
    try:
        ITEM_MACHINE.check_state(item, ItemEvent.EXPIRE)
        decided = True
    except InvalidTransition:
        decided = False  # not 签发 in the catalog (still a draft): only the register records it
    if decided and item.validity == Validity.VALID:
        validity_expire(item=item, changed_on=expires_on, note=note)
    ENTRY_MACHINE.fire(
        actor=None,
        obj=entry,
        event=EntryEvent.LAPSE,
        comment=note,
        data={"expires_on": expires_on.isoformat()},
    )


def registers_lapse_due(*, today: date | None = None) -> dict[str, list[int]]:
    """Idempotent: notices not yet sent for the current lapse date (`lapse_notified_on`), and
    entries whose date has come. Each entry in its own transaction, so one failure does not
    hold back the others."""
    today = today or timezone.localdate()
    done: dict[str, list[int]] = {"notified": [], "lapsed": []}
    due = RegisterEntry.objects.filter(status__in=IN_FORCE, expires_on__lte=today)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            entry = RegisterEntry.objects.select_for_update().select_related("item").get(pk=pk)
            if entry.status in IN_FORCE and entry.expires_on and entry.expires_on <= today:
                _lapse(entry, entry.expires_on)
                done["lapsed"].append(pk)
    from datetime import timedelta

    horizon = today + timedelta(days=gongkai_settings().REGISTERS_LAPSE_NOTICE_DAYS)
    soon = RegisterEntry.objects.filter(
        status__in=IN_FORCE, expires_on__lte=horizon, lapse_notified_on__isnull=True
    )
    for pk in soon.values_list("pk", flat=True):
        with transaction.atomic():
            entry = (
                RegisterEntry.objects.select_for_update().select_related("item", "organ").get(pk=pk)
            )
            if entry.lapse_notified_on is None and entry.status in IN_FORCE and entry.expires_on:
                _notify_lapse_soon(entry, entry.expires_on, today)
                done["notified"].append(pk)
    return done
