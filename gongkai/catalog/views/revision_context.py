"""What the item page shows about 审核, 退回, 修订, 恢复发布 and 有效性 proposals.

`render_item` (`staff_workflow`) adds this to its context; the partials
`office/_item_state_notes.html` (top of the page), `office/_item_more_actions.html` (the 办理
panel) and `office/_item_versions.html` (the history) draw it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.forms import Form

from gongkai.catalog.actions import AbandonAction, PublishRevisionAction
from gongkai.catalog.forms import DecisionForm, RestoreForm, ReviewApproveForm, ValidityProposeForm
from gongkai.catalog.models import Item, ItemVersion
from gongkai.catalog.services.revisions import open_revision


def action_forms() -> dict[str, Form]:
    """The unbound forms of these actions (a refused POST puts its bound form in their place).

    Prefixes keep two forms of one page from sharing element ids (an 签发 who is also
    公开办管理员 sees several)."""
    return {
        "approve_review_form": ReviewApproveForm(prefix="review"),
        "restore_form": RestoreForm(prefix="restore"),
        "decline_restore_form": DecisionForm(prefix="decline_restore"),
        "propose_validity_form": ValidityProposeForm(prefix="propose"),
        "approve_validity_form": ReviewApproveForm(prefix="approve_validity"),
        "decline_validity_form": DecisionForm(prefix="decline_validity"),
    }


def revision_context(item: Item, can: Mapping[str, bool]) -> dict[str, Any]:
    original = item.revision_of if item.revision_of_id else None
    context: dict[str, Any] = {
        "revision_of": original,
        "open_revision": None if original else open_revision(item),
        "revisions": [] if original else list(item.revisions.order_by("-id")),
        "versions": list(ItemVersion.objects.filter(item=original or item).order_by("-number")),
        "returned_by_label": (
            (item.returned_by.get_full_name() or item.returned_by.get_username())
            if item.returned_by_id and item.returned_by
            else ""
        ),
        "any_action": any(can.values()),
        "more_confirm": {
            "publish_revision": PublishRevisionAction.confirm,
            "abandon": AbandonAction.confirm,
        },
        **action_forms(),
    }
    return context
