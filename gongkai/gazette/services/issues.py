"""Writes of the 公报: issues, their 目录, the generated PDF and the uploaded original.

An issue is made by its organ's 公开办管理员 or 审核 (`transitions.EDITORS`): 新建 (year, 第N期
once a year, optional 总第N期), 编入 published items into sections, order them, 生成 PDF,
出版; a 公开办管理员 撤回 an issue printed in error. The 目录 changes only while 编辑中; a change
discards the generated PDF, which is laid out again (at the latest when publishing).

Publishing and withdrawing change what the pages of the issue's items say (the 标准文本
statement), so those pages are bumped in the portal's page cache on commit (tag "item:<pk>",
`portal/pagecache.py: item_tag`).
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.catalog.files import as_file, check_upload, safe_name, sha256_of
from gongkai.catalog.models import Item
from gongkai.catalog.selectors import public_items
from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.core.cache_tags import bump_on_commit
from gongkai.core.conf import gongkai_settings
from gongkai.gazette import rules, selectors
from gongkai.gazette.audit import GazetteAudit
from gongkai.gazette.models import GazetteEntry, GazetteIssue, IssueStatus, Section
from gongkai.gazette.pdf import PdfUnavailable, render_issue
from gongkai.gazette.transitions import EDITORS, ISSUE_MACHINE, IssueEvent
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import require_roles

NOT_EDITOR = "只有本机关公开办管理员或审核人员可以编辑公报。"


def _require_editor(actor: Actor, organ: Organ) -> None:
    require_roles(actor, organ, set(EDITORS), message=NOT_EDITOR)


def _require_draft(issue: GazetteIssue) -> None:
    if issue.status != IssueStatus.DRAFT:
        raise ValidationError(f"本期公报{issue.get_status_display()}，目录和文件不能再修改。")


def _number_taken(organ: Organ, year: int, number: int) -> bool:
    return GazetteIssue.objects.filter(organ=organ, year=year, number=number).exists()


def _total_taken(organ: Organ, total: int | None) -> bool:
    if total is None:
        return False
    return GazetteIssue.objects.filter(organ=organ, total_number=total).exists()


def _drop_pdf(issue: GazetteIssue) -> None:
    """The contents changed: the PDF no longer shows them (deleted once the change commits)."""
    if not issue.pdf:
        return
    name, storage = str(issue.pdf.name), issue.pdf.storage
    issue.pdf = ""
    issue.pdf_pages = None
    issue.pdf_generated_at = None
    issue.save(update_fields=["pdf", "pdf_pages", "pdf_generated_at", "updated_at"])
    transaction.on_commit(lambda: storage.delete(name))


def _bump_item_pages(issue: GazetteIssue) -> None:
    """The items' pages gain or lose the 标准文本 statement (portal page cache, on commit)."""
    ids = sorted(issue.entries.values_list("item_id", flat=True))
    if ids:
        bump_on_commit(*(f"item:{pk}" for pk in ids))


# ---- issues ----------------------------------------------------------------------------------


@transaction.atomic
def issue_create(
    *,
    actor: Actor,
    organ: Organ,
    year: int,
    number: int,
    issued_on: date | None,
    total_number: int | None = None,
    today: date | None = None,
) -> GazetteIssue:
    """新建一期公报: 第N期 once per gazette and year (a number used twice is refused)."""
    today = today or timezone.localdate()
    issue = GazetteIssue(
        organ=organ,
        year=year,
        number=number,
        total_number=total_number,
        issued_on=issued_on or today,
        created_by=user_of(actor),
    )
    ISSUE_MACHINE.check(actor, issue, IssueEvent.CREATE)
    errors = {}
    refusal = rules.date_refusal(year=year, issued_on=issued_on, today=today)
    if refusal:
        errors["issued_on"] = refusal
    refusal = rules.number_refusal(
        year=year, number=number, taken=_number_taken(organ, year, number)
    )
    if refusal:
        errors["number"] = refusal
    refusal = rules.total_number_refusal(
        total_number=total_number, taken=_total_taken(organ, total_number)
    )
    if refusal:
        errors["total_number"] = refusal
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            ISSUE_MACHINE.fire(
                actor=actor, obj=issue, event=IssueEvent.CREATE, data={"label": issue.label}
            )
    except IntegrityError:  # the same number created at the same moment by someone else
        raise ValidationError(
            {"number": rules.number_refusal(year=year, number=number, taken=True)}
        ) from None
    return issue


NOT_DRAFT_EDIT = "本期公报{status}，期次信息不能再修改。"
_EDITABLE = ("year", "number", "total_number", "issued_on")


@transaction.atomic
def issue_edit(
    *,
    actor: Actor,
    issue: GazetteIssue,
    year: int,
    number: int,
    issued_on: date | None,
    total_number: int | None = None,
    original: tuple[str, bytes | File] | None = None,
    today: date | None = None,
) -> GazetteIssue:
    """修改期次信息 of a draft: year, 第N期, 总第N期, 出版日期, and (optionally) a new original.

    The same rules as 新建, the issue itself left out of the "already taken" checks. A published
    or withdrawn issue keeps what was printed (its label is cited by the items' 标准文本
    statements), so it is refused. Any change discards the generated PDF, whose cover prints the
    期次 and the date. A refused edit writes nothing, the new original included."""
    issue = ISSUE_MACHINE.lock(issue)
    _require_editor(actor, issue.organ)
    if issue.status != IssueStatus.DRAFT:
        raise ValidationError(NOT_DRAFT_EDIT.format(status=issue.get_status_display()))
    today = today or timezone.localdate()
    others = GazetteIssue.objects.filter(organ=issue.organ).exclude(pk=issue.pk)
    errors = {}
    refusal = rules.date_refusal(year=year, issued_on=issued_on, today=today)
    if refusal:
        errors["issued_on"] = refusal
    refusal = rules.number_refusal(
        year=year, number=number, taken=others.filter(year=year, number=number).exists()
    )
    if refusal:
        errors["number"] = refusal
    refusal = rules.total_number_refusal(
        total_number=total_number,
        taken=total_number is not None and others.filter(total_number=total_number).exists(),
    )
    if refusal:
        errors["total_number"] = refusal
    if errors or issued_on is None:  # None is refused by date_refusal: errors holds why
        raise ValidationError(errors)
    before = issue.label
    changed = (issue.year, issue.number, issue.total_number, issue.issued_on) != (
        year,
        number,
        total_number,
        issued_on,
    )
    if changed:
        issue.year, issue.number, issue.total_number = year, number, total_number
        issue.issued_on = issued_on
        try:
            with transaction.atomic():
                issue.save(update_fields=[*_EDITABLE, "updated_at"])
        except IntegrityError:  # the same number taken at the same moment by someone else
            raise ValidationError(
                {"number": rules.number_refusal(year=year, number=number, taken=True)}
            ) from None
        _drop_pdf(issue)
        audit_record(
            actor=actor,
            action=GazetteAudit.EDIT,
            obj=issue,
            organ_id=issue.organ_id,
            data={"before": before, "label": issue.label, "issued_on": issued_on.isoformat()},
        )
    if original is not None:
        # Nested: a refused file rolls the whole edit back with it.
        issue = original_upload(actor=actor, issue=issue, name=original[0], data=original[1])
    return issue


@transaction.atomic
def original_upload(
    *, actor: Actor, issue: GazetteIssue, name: str, data: bytes | File
) -> GazetteIssue:
    """The printed issue as a PDF, checked like every upload (`catalog/files.py`: size first,
    type sniffed from the content, truncated or polyglot files refused)."""
    issue = ISSUE_MACHINE.lock(issue)
    _require_editor(actor, issue.organ)
    _require_draft(issue)
    name = safe_name(name)
    upload = as_file(data)
    kind = check_upload(name, upload, gongkai_settings().MAX_UPLOAD_MB * 1024 * 1024)
    if kind != "pdf":
        raise ValidationError(f"文件“{name}”不是 PDF 文件，公报原版只接受 PDF。")
    old = issue.original.name if issue.original else ""
    upload.seek(0)
    issue.original.save("original.pdf", upload, save=False)
    issue.original_name = name
    issue.original_size = upload.size or 0
    issue.original_sha256 = sha256_of(upload)
    issue.save()
    if old and old != issue.original.name:
        storage = issue.original.storage
        transaction.on_commit(lambda: storage.delete(old))
    audit_record(
        actor=actor,
        action=GazetteAudit.ORIGINAL,
        obj=issue,
        organ_id=issue.organ_id,
        data={"name": name, "size": issue.original_size, "sha256": issue.original_sha256},
    )
    return issue


@transaction.atomic
def pdf_generate(*, actor: Actor, issue: GazetteIssue, now: datetime | None = None) -> GazetteIssue:
    """生成公报 PDF from the 目录 as it stands (`pdf.py`); refused with what to install when the
    server cannot (no WeasyPrint, no CJK font). A published issue published without one (no
    font then) gets it later: its contents are fixed, so the PDF shows what was published."""
    issue = ISSUE_MACHINE.lock(issue)
    _require_editor(actor, issue.organ)
    if issue.status == IssueStatus.WITHDRAWN:
        raise ValidationError("本期公报已撤回，不再生成 PDF。")
    entries = selectors.entries_of(issue)
    if not entries:
        raise ValidationError("目录为空，不能生成 PDF。请先编入信息。")
    try:
        _write_pdf(issue, entries, now=now or timezone.now())
    except PdfUnavailable as exc:
        raise ValidationError(str(exc)) from None
    audit_record(
        actor=actor,
        action=GazetteAudit.PDF,
        obj=issue,
        organ_id=issue.organ_id,
        data={"pages": issue.pdf_pages},
    )
    return issue


def _write_pdf(issue: GazetteIssue, entries: list[GazetteEntry], *, now: datetime) -> None:
    rendered = render_issue(issue, entries)  # PdfUnavailable: the caller decides
    old = issue.pdf.name if issue.pdf else ""
    issue.pdf.save("gazette.pdf", ContentFile(rendered.data), save=False)
    issue.pdf_pages = rendered.pages
    issue.pdf_generated_at = now
    issue.save(update_fields=["pdf", "pdf_pages", "pdf_generated_at", "updated_at"])
    if old and old != issue.pdf.name:
        storage = issue.pdf.storage
        transaction.on_commit(lambda: storage.delete(old))


@transaction.atomic
def issue_publish(
    *,
    actor: Actor,
    issue: GazetteIssue,
    now: datetime | None = None,
    make_pdf: bool = True,
) -> GazetteIssue:
    """出版: the 目录 is fixed, every entry still published (条例第二十三条), the PDF laid out
    when it is missing (`make_pdf`; the demo leaves older issues without one to stay fast)."""
    issue = ISSUE_MACHINE.lock(issue)
    ISSUE_MACHINE.check(actor, issue, IssueEvent.PUBLISH)
    now = now or timezone.now()
    entries = selectors.entries_of(issue)
    public = set(
        public_items().filter(pk__in=[e.item_id for e in entries]).values_list("pk", flat=True)
    )
    refusal = rules.publish_refusal(
        entries=len(entries), not_public=[e.item.title for e in entries if e.item_id not in public]
    )
    if refusal:
        raise ValidationError(refusal)
    if make_pdf and not issue.pdf:
        # A server without WeasyPrint or a CJK font still publishes: the issue's page is whole
        # without the PDF, which can be laid out once the font is installed.
        with suppress(PdfUnavailable):
            _write_pdf(issue, entries, now=now)

    def stamp(obj: GazetteIssue) -> None:
        obj.published_at = now

    ISSUE_MACHINE.fire(
        actor=actor,
        obj=issue,
        event=IssueEvent.PUBLISH,
        data={"entries": len(entries)},
        before_save=stamp,
    )
    _bump_item_pages(issue)
    return issue


@transaction.atomic
def issue_withdraw(
    *, actor: Actor, issue: GazetteIssue, reason: str, now: datetime | None = None
) -> GazetteIssue:
    """撤回 an issue published in error: its page says so; its items lose the statement."""
    issue = ISSUE_MACHINE.lock(issue)
    ISSUE_MACHINE.check(actor, issue, IssueEvent.WITHDRAW)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤回理由。"})
    now = now or timezone.now()

    def stamp(obj: GazetteIssue) -> None:
        obj.withdrawn_at = now
        obj.withdraw_reason = reason

    ISSUE_MACHINE.fire(
        actor=actor,
        obj=issue,
        event=IssueEvent.WITHDRAW,
        comment=reason,
        data={"reason": reason},
        before_save=stamp,
    )
    _bump_item_pages(issue)
    return issue


# ---- the 目录 --------------------------------------------------------------------------------


@transaction.atomic
def entry_add(*, actor: Actor, issue: GazetteIssue, item: Item, section: Section) -> GazetteEntry:
    """编入: a published 主动公开 item of the organ's subtree, not printed by another issue."""
    issue = ISSUE_MACHINE.lock(issue)
    _require_editor(actor, issue.organ)
    _require_draft(issue)
    if not section.active:
        raise ValidationError({"section": f"栏目“{section.name}”已停用，请选择其他栏目。"})
    item = Item.objects.select_related("organ").get(pk=item.pk)
    refusal = rules.entry_refusal(
        item_public=public_items().filter(pk=item.pk).exists(),
        in_tree=item.organ.path.startswith(issue.organ.path),
        carried_by=selectors.carried_by(item, issue.organ, exclude_issue=issue.pk),
        same_issue=issue.entries.filter(item=item).exists(),
    )
    if refusal:
        raise ValidationError({"item": refusal})
    last = issue.entries.filter(section=section).aggregate(m=Max("position"))["m"]
    entry = GazetteEntry.objects.create(
        issue=issue,
        section=section,
        item=item,
        position=(last or 0) + 1,
        added_by=user_of(actor),
    )
    _drop_pdf(issue)
    audit_record(
        actor=actor,
        action=GazetteAudit.ENTRY_ADD,
        obj=issue,
        organ_id=issue.organ_id,
        data={"item": item.title, "section": section.name},
    )
    return entry


@transaction.atomic
def entry_remove(*, actor: Actor, entry: GazetteEntry) -> GazetteIssue:
    issue = ISSUE_MACHINE.lock(entry.issue)
    _require_editor(actor, issue.organ)
    _require_draft(issue)
    title = entry.item.title
    entry.delete()
    _drop_pdf(issue)
    audit_record(
        actor=actor,
        action=GazetteAudit.ENTRY_REMOVE,
        obj=issue,
        organ_id=issue.organ_id,
        data={"item": title},
    )
    return issue


@transaction.atomic
def entry_move(*, actor: Actor, entry: GazetteEntry, direction: str) -> GazetteEntry:
    """上移/下移 an entry within its section (the sections keep their configured order)."""
    issue = ISSUE_MACHINE.lock(entry.issue)
    _require_editor(actor, issue.organ)
    _require_draft(issue)
    if direction not in ("up", "down"):
        raise ValidationError("请选择上移或下移。")
    siblings = list(
        issue.entries.filter(section_id=entry.section_id)
        .select_for_update()
        .order_by("position", "pk")
    )
    at = next(n for n, e in enumerate(siblings) if e.pk == entry.pk)
    to = at - 1 if direction == "up" else at + 1
    if not 0 <= to < len(siblings):
        raise ValidationError("已在本栏目的最前或最后，不能再移动。")
    siblings[at], siblings[to] = siblings[to], siblings[at]
    for n, sibling in enumerate(siblings, 1):
        if sibling.position != n:
            sibling.position = n
            sibling.save(update_fields=["position"])
    _drop_pdf(issue)
    audit_record(
        actor=actor,
        action=GazetteAudit.ENTRY_MOVE,
        obj=issue,
        organ_id=issue.organ_id,
        data={"item": entry.item.title, "direction": direction},
    )
    entry.refresh_from_db()
    return entry


__all__ = [
    "NOT_DRAFT_EDIT",
    "NOT_EDITOR",
    "entry_add",
    "entry_move",
    "entry_remove",
    "issue_create",
    "issue_edit",
    "issue_publish",
    "issue_withdraw",
    "original_upload",
    "pdf_generate",
]
