"""`import_site`: read an old site (or its saved folder) into one organ's catalog.

Each information page becomes a catalog item through the catalog's own services, walked as far
as the importing person's posts allow (`orgs.permissions.roles_for`): 新建 → 附件 → 提交 →
(审核) → 保密审查 → 签发. The page was already public on the old site, so the item keeps its
original 索引号 and 发布日期 (set on the draft before 签发, which keeps both, as
`catalog.services.workflow._make_public` does for any item that has them); but nothing is
published past a safeguard: a page the confidentiality scanner flags waits at 保密审查 for a
person, a page without a title or date stays a draft to complete, and a person without the
保密审查 or 签发 post leaves the item waiting for whoever holds it.

Each page is one transaction (item, attachments, audit, `LegacyPage`), so an interrupted run
leaves whole pages only; the next import of the same source continues the unfinished run and
skips every page already imported (one `LegacyPage` per organ and old address).
A dry run reads and maps the pages and writes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.catalog.models import Column, Item, ItemKind, Topic
from gongkai.catalog.services import workflow
from gongkai.catalog.services.items import ItemFields, attachment_add, item_create
from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.core.conf import gongkai_settings
from gongkai.legacy.audit import LegacyAudit
from gongkai.legacy.header import read_page
from gongkai.legacy.models import LegacyPage, LegacyRun, Outcome
from gongkai.legacy.services.mapping import Mapped, map_page
from gongkai.legacy.sources import Source, SourcePage
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import require_roles, roles_for

MAX_NOTES = 200
SKIPPED = "skipped"  # in a report only: imported by an earlier run


@dataclass
class PageReport:
    url: str
    outcome: str
    title: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    item_id: int | None = None

    @property
    def outcome_label(self) -> str:
        return "已导入，跳过" if self.outcome == SKIPPED else Outcome(self.outcome).label


@dataclass
class ImportReport:
    source: str
    organ: str
    dry_run: bool
    pages: list[PageReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    not_information: int = 0  # lists, indexes, navigation pages read and left
    run_id: int | None = None

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for page in self.pages:
            counts[page.outcome] = counts.get(page.outcome, 0) + 1
        counts["not_information"] = self.not_information
        return counts

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "organ": self.organ,
            "dry_run": self.dry_run,
            "run": self.run_id,
            "counts": self.counts(),
            "notes": self.notes,
            "pages": [
                {
                    "url": p.url,
                    "outcome": p.outcome,
                    "outcome_label": p.outcome_label,
                    "title": p.title,
                    "fields": p.fields,
                    "problems": p.problems,
                    "item": p.item_id,
                }
                for p in self.pages
            ],
        }

    def as_text(self) -> str:
        head = "试导入（未写入任何数据）" if self.dry_run else "导入"
        lines = [f"{head}：{self.source} → {self.organ}"]
        c = self.counts()
        lines.append(
            f"信息页面 {len(self.pages)} 个；其中已发布 {c.get(Outcome.PUBLISHED, 0)}，"
            f"待审签 {c.get(Outcome.WAITING, 0)}，草稿 {c.get(Outcome.DRAFT, 0)}，"
            f"未能导入 {c.get(Outcome.FAILED, 0)}，此前已导入 {c.get(SKIPPED, 0)}；"
            f"非信息页面 {self.not_information} 个。"
        )
        lines += [f"说明：{note}" for note in self.notes]
        for page in self.pages:
            lines.append(f"- [{page.outcome_label}] {page.title or '（无标题）'}  {page.url}")
            lines += [f"    · {problem}" for problem in page.problems]
        return "\n".join(lines)

    def to_json_text(self) -> str:
        return json.dumps(self.as_json(), ensure_ascii=False, indent=2)


@dataclass(frozen=True, kw_only=True)
class ImportOptions:
    source_label: str
    source_kind: str
    column: Column | None = None
    dry_run: bool = False
    limit: int | None = None  # information pages handled in this run (imported or reported)


def _column_for(organ: Organ, chosen: Column | None, mapped: Mapped) -> Column:
    """The column given, else 政策文件 for a page with a 文号, else the first general column."""
    if chosen is not None:
        return chosen
    columns = Column.objects.filter(organ=organ, is_active=True)
    if mapped.doc_number:
        policy = columns.filter(kind=Column.Kind.POLICY).first()
        if policy is not None:
            return policy
    column = columns.filter(kind=Column.Kind.GENERAL, children__isnull=True).first()
    column = column or columns.first()
    if column is None:
        raise ValidationError("该机关没有公开目录栏目，不能导入。")
    return column


def _start_run(*, actor: Actor, organ: Organ, options: ImportOptions) -> LegacyRun:
    with transaction.atomic():
        run = (
            LegacyRun.objects.select_for_update()
            .filter(organ=organ, source=options.source_label, finished_at__isnull=True)
            .order_by("-started_at")
            .first()
        )
        resumed = run is not None
        if run is None:
            run = LegacyRun.objects.create(
                organ=organ,
                source=options.source_label,
                source_kind=options.source_kind,
                column=options.column,
                started_by=user_of(actor),
                started_at=timezone.now(),
            )
        audit_record(
            actor=actor,
            action=LegacyAudit.RUN_START,
            obj=run,
            organ_id=organ.pk,
            data={"source": options.source_label, "resumed": resumed},
        )
    return run


def import_site(
    *, actor: Actor, organ: Organ, source: Source, options: ImportOptions, today: date | None = None
) -> ImportReport:
    """Import (or, dry, report) every information page of `source` into `organ`'s catalog."""
    if not options.dry_run or actor is not None:
        require_roles(
            actor, organ, {Role.ORGAN_ADMIN}, message="只有本机关的公开办管理员可以导入旧网站。"
        )
    if options.column is not None and options.column.organ_id != organ.pk:
        raise ValidationError("所选栏目不属于导入机关的公开目录。")
    report = ImportReport(
        source=options.source_label, organ=organ.display_name, dry_run=options.dry_run
    )
    topics = list(Topic.objects.select_related("parent"))
    run = None if options.dry_run else _start_run(actor=actor, organ=organ, options=options)
    report.run_id = run.pk if run else None
    done = set(
        LegacyPage.objects.filter(organ=organ, item__isnull=False).values_list(
            "source_url", flat=True
        )
    )
    handled = 0
    for page in source.pages:
        if options.limit is not None and handled >= options.limit:
            report.notes.append(f"已处理 {options.limit} 个信息页面（--limit），其余留待下次导入。")
            break
        if page.url in done:
            report.pages.append(PageReport(url=page.url, outcome=SKIPPED))
            continue
        if page.error:
            entry = PageReport(url=page.url, outcome=Outcome.FAILED, problems=[page.error])
        else:
            doc = read_page(page.html, page.base)
            if not doc.is_information:
                report.not_information += 1
                continue
            mapped = map_page(doc, organ=organ, topics=topics)
            entry = PageReport(
                url=page.url,
                outcome=Outcome.DRAFT,
                title=mapped.title,
                fields=mapped.fields_text(),
                problems=list(mapped.problems),
            )
            if not mapped.title:
                entry.outcome = Outcome.FAILED
            elif run is not None:
                _import_one(actor, organ, run, page, mapped, entry, source, options, today)
        handled += 1
        report.pages.append(entry)
        if run is not None and entry.outcome == Outcome.FAILED:
            _record(run, page, entry, item=None, index_no="")
    report.notes = (source.notes + report.notes)[:MAX_NOTES]
    if run is not None:
        _finish(actor, run, report)
    return report


def _finish(actor: Actor, run: LegacyRun, report: ImportReport) -> None:
    with transaction.atomic():
        counts = dict(run.counts)
        for key, value in report.counts().items():
            counts[key] = counts.get(key, 0) + value
        run.counts = counts
        run.notes = (list(run.notes) + report.notes)[-MAX_NOTES:]
        run.finished_at = timezone.now()
        run.save(update_fields=["counts", "notes", "finished_at"])
        audit_record(
            actor=actor,
            action=LegacyAudit.RUN_FINISH,
            obj=run,
            organ_id=run.organ_id,
            data={"counts": report.counts()},
        )


def _record(
    run: LegacyRun, page: SourcePage, entry: PageReport, *, item: Item | None, index_no: str
) -> None:
    LegacyPage.objects.update_or_create(
        organ_id=run.organ_id,
        source_url=page.url[:1000],
        defaults={
            "run": run,
            "old_host": page.host[:255],
            "old_path": page.path[:1000],
            "original_index_no": index_no[:100],
            "title": entry.title[:300],
            "item": item,
            "outcome": entry.outcome,
            "fields": entry.fields,
            "problems": entry.problems,
        },
    )


def _import_one(
    actor: Actor,
    organ: Organ,
    run: LegacyRun,
    page: SourcePage,
    mapped: Mapped,
    entry: PageReport,
    source: Source,
    options: ImportOptions,
    today: date | None,
) -> None:
    try:
        with transaction.atomic():
            item = _create(actor, organ, page, mapped, entry, source, options, today)
            entry.item_id = item.pk
            audit_record(
                actor=actor,
                action=LegacyAudit.PAGE_IMPORT,
                obj=item,
                organ_id=organ.pk,
                data={
                    "source_url": page.url,
                    "original_index_no": mapped.index_no,
                    "outcome": entry.outcome,
                },
            )
            _record(run, page, entry, item=item, index_no=mapped.index_no)
    except ValidationError as exc:
        entry.outcome = Outcome.FAILED
        entry.item_id = None
        entry.problems.append("未能导入：" + "；".join(exc.messages))


def _create(
    actor: Actor,
    organ: Organ,
    page: SourcePage,
    mapped: Mapped,
    entry: PageReport,
    source: Source,
    options: ImportOptions,
    today: date | None,
) -> Item:
    column = _column_for(organ, options.column, mapped)
    fields = ItemFields(
        title=mapped.title,
        kind=ItemKind.POLICY if column.kind == Column.Kind.POLICY else ItemKind.GENERAL,
        doc_number=mapped.doc_number,
        written_on=mapped.written_on,
        formed_on=mapped.formed_on or today or timezone.localdate(),
        topic=mapped.topic,
        body=mapped.body,
        validity=mapped.validity,
        validity_note="原网站标注" if mapped.validity != "valid" else "",
    )
    item = item_create(actor=actor, organ=organ, column=column, fields=fields).item
    max_bytes = gongkai_settings().MAX_UPLOAD_MB * 1024 * 1024
    for attachment in mapped.attachments:
        data, why = source.fetch(attachment.href, max_bytes)
        if why:
            entry.problems.append(f"附件“{attachment.name}”：{why}。")
            continue
        try:
            attachment_add(actor=actor, item=item, name=attachment.name, data=data)
        except ValidationError as exc:
            entry.problems.append(f"附件“{attachment.name}”未导入：{'；'.join(exc.messages)}")
    if not mapped.complete:
        entry.outcome = Outcome.DRAFT
        return item
    _keep_original(item, mapped, entry)
    return _walk(actor, item, mapped, entry)


def _keep_original(item: Item, mapped: Mapped, entry: PageReport) -> None:
    """The old 索引号 and 发布日期 go on the draft; 签发 keeps both (`workflow._make_public`).
    A 索引号 another item of the organ already carries is left for 签发 to number anew."""
    values: dict[str, Any] = {}
    if mapped.published_on is not None:
        values["published_at"] = timezone.make_aware(datetime.combine(mapped.published_on, time(9)))
    number = mapped.index_no
    if number:
        clash = Item.objects.filter(organ_id=item.organ_id, index_number=number).exists()
        if clash:
            entry.problems.append(f"原索引号“{number}”已被本机关其他信息使用：签发时重新编号。")
        else:
            values["index_number"] = number
    Item.objects.filter(pk=item.pk).update(**values)


def _walk(actor: Actor, item: Item, mapped: Mapped, entry: PageReport) -> Item:
    """As far along the chain as the importing person's posts go; never past the scanner."""
    roles = roles_for(actor, item.organ)
    entry.outcome = Outcome.WAITING
    try:
        item = workflow.item_submit(actor=actor, item=item, comment="旧网站信息导入")
    except workflow.ItemNotReady as exc:
        entry.outcome = Outcome.DRAFT
        entry.problems += exc.messages
        return item
    if item.organ.review_step:
        if Role.REVIEWER not in roles:
            entry.problems.append("您没有审核岗位：信息已提交，待审核。")
            return item
        item = workflow.item_approve_review(actor=actor, item=item, comment="旧网站信息导入")
    findings = item.findings.count()
    if findings:
        entry.problems.append(f"保密扫描发现 {findings} 处须确认的内容：已送保密审查，未发布。")
        return item
    if Role.SECRECY not in roles or Role.APPROVER not in roles:
        entry.problems.append("您没有保密审查或签发岗位：信息已提交，待保密审查和签发。")
        return item
    day = mapped.published_on.isoformat() if mapped.published_on else ""
    opinion = (
        f"旧网站信息导入：该信息已于{day}在原网站公开发布（{entry.url}），保密扫描未发现问题。"
    )
    item = workflow.item_pass_secrecy(actor=actor, item=item, opinion=opinion)
    item = workflow.item_publish(actor=actor, item=item, comment="旧网站信息导入")
    entry.outcome = Outcome.PUBLISHED
    return item
