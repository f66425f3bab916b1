"""复核 of the 政务公开负面清单 (issue 19 §3: what an organ does not disclose and why, reviewed
periodically).

Each entry of the current 负面清单 is reviewed once a period (its 复核周期, else
`INVENTORIES_REVIEW_MONTHS`): a review records its conclusion and the next review date, by the
entry's key, so it survives a new version. A conclusion that the entry must change (调整 /
转为公开) is then carried out as a new version of the list (`versions.draft_start`), never by
editing the published one. The daily job (`reviews_due`, task `tasks.review_due`) tells the
organ's keepers through the inbox when an entry's review is due (once per entry and date).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.core.cache_tags import SITE, bump_on_commit
from gongkai.inbox.models import NoticeKind
from gongkai.inbox.services import notice_send, notices_settle
from gongkai.inventories import rules, selectors
from gongkai.inventories.audit import InventoriesAudit
from gongkai.inventories.models import Inventory, Kind, NegativeReview, ReviewConclusion
from gongkai.inventories.services.versions import organ_tag
from gongkai.inventories.transitions import KEEPERS
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import require_roles, users_with_role


@transaction.atomic
def review_record(
    *,
    actor: Actor,
    inventory: Inventory,
    entry_key: str,
    conclusion: str,
    note: str,
    reviewed_on: date,
    next_review_on: date | None = None,
    today: date | None = None,
) -> NegativeReview:
    """复核: one entry of the current 负面清单, with its conclusion; the next review date is
    one period later unless given."""
    inventory = Inventory.objects.select_for_update().select_related("organ").get(pk=inventory.pk)
    require_roles(
        actor,
        inventory.organ,
        KEEPERS,
        message="只有本机关的采编人员或公开办管理员可以复核负面清单。",
    )
    today = today or timezone.localdate()
    if inventory.kind != Kind.NEGATIVE:
        raise ValidationError("只有政务公开负面清单需要复核。")
    rows = {row.entry.key: row for row in selectors.review_rows(inventory, today=today)}
    row = rows.get(entry_key)
    if row is None:
        raise ValidationError("现行负面清单中没有该事项。")
    errors: dict[str, str] = {}
    if conclusion not in ReviewConclusion.values:
        errors["conclusion"] = "请选择复核结论。"
    if not note.strip():
        errors["note"] = "请填写复核意见：说明继续不予公开或调整的理由。"
    if reviewed_on > today:
        errors["reviewed_on"] = "复核日期不能晚于今天。"
    if next_review_on is None:
        next_review_on = rules.next_review_date(
            reviewed_on=reviewed_on, months=row.entry.review_months
        )
    elif next_review_on <= reviewed_on:
        errors["next_review_on"] = "下次复核日期应晚于本次复核日期。"
    if errors:
        raise ValidationError(errors)
    review = NegativeReview.objects.create(
        inventory=inventory,
        entry_key=entry_key,
        entry_name=row.entry.name,
        reviewed_on=reviewed_on,
        conclusion=conclusion,
        note=note.strip(),
        next_review_on=next_review_on,
        reviewed_by=user_of(actor),
    )
    audit_record(
        actor=actor,
        action=InventoriesAudit.REVIEW,
        obj=inventory,
        organ_id=inventory.organ_id,
        comment=note.strip(),
        data={
            "entry": row.entry.name,
            "conclusion": conclusion,
            "next_review_on": next_review_on.isoformat(),
        },
    )
    bump_on_commit(organ_tag(inventory.organ_id), SITE)  # the portal shows the review dates
    # The reminders about this list no longer wait once nothing in it is due.
    if not any(r.overdue for r in selectors.review_rows(inventory, today=today)):
        notices_settle(subject=inventory)
    return review


def _keepers(inventory: Inventory) -> list[object]:
    people = list(
        users_with_role(inventory.organ, {Role.EDITOR, Role.ORGAN_ADMIN}, inherited=False)
    )
    return people or list(users_with_role(inventory.organ, {Role.ORGAN_ADMIN}))


@transaction.atomic
def reviews_due(*, today: date | None = None) -> dict[str, int]:
    """Daily: a notice to the organ's keepers for each 负面清单 entry whose review is due.
    Idempotent: the notice key names the entry and its due date (a run twice sends one)."""
    today = today or timezone.localdate()
    sent = 0
    lists: dict[int, list[str]] = {}
    for row in selectors.due_reviews(None, today=today):
        inventory = row.inventory
        due = row.next_review_on
        when = due.isoformat() if due else ""
        created = notice_send(
            recipients=_keepers(inventory),
            kind=NoticeKind.OVERDUE if due is not None and due < today else NoticeKind.DUE_SOON,
            key=f"inventories.review:{inventory.pk}:{row.entry.key}:{when}",
            title=f"负面清单事项待复核：{row.entry.name}"[:200],
            body=(
                f"{inventory.organ.display_name}政务公开负面清单中的“{row.entry.name}”"
                f"应于 {due:%Y年%m月%d日} 复核。"
                if due
                else "尚未确定复核日期。"
            )
            + "请复核是否继续不予公开，并记录复核结论。",
            link=reverse("office_inventories:reviews"),
            organ=inventory.organ,
            subject=inventory,
        )
        if created:
            sent += len(created)
            lists.setdefault(inventory.pk, []).append(row.entry.name)
    for pk, names in lists.items():
        inventory = Inventory.objects.select_related("organ").get(pk=pk)
        audit_record(
            actor=None,
            action=InventoriesAudit.REVIEW_NOTICE,
            obj=inventory,
            organ_id=inventory.organ_id,
            data={"entries": names},
        )
    return {"notices": sent, "lists": len(lists)}
