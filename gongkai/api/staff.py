"""Staff endpoints: draft and publish items with a token (syndication, migrations).

The token acts as its user: every write goes through the catalog's services
(`catalog/services/items.py`, `workflow.py`), which check the user's roles
(`orgs/permissions.py`) and the state machine, audit under the user and notify as the pages do.
Nothing here writes a status. Items the user's roles do not cover answer 404, as in the back
office.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from gongkai.api import schemas, selectors
from gongkai.api.common import Id, Text, TokenAuth, responses
from gongkai.api.public import ItemQuery, item_page
from gongkai.catalog.models import Column, Genre, Item, ItemKind, Topic
from gongkai.catalog.selectors import public_items
from gongkai.catalog.services import workflow
from gongkai.catalog.services.items import ItemFields, item_create, item_update
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import role_map

router = Router(tags=["后台（凭令牌）"], auth=TokenAuth())

WRITE_ERRORS = (401, 403, 404, 409)


def _user(request: HttpRequest) -> Any:
    return request.auth.user  # type: ignore[attr-defined]


def _item(request: HttpRequest, item_id: int) -> Item:
    found = selectors.staff_item(_user(request), item_id)
    if found is None:
        raise Http404
    return found


def _saved(request: HttpRequest, item: Item, warnings: list[str] | None = None) -> Any:
    fresh = _item(request, item.pk)
    if warnings is None:
        return schemas.staff_item_out(fresh)
    return {"item": schemas.staff_item_out(fresh), "warnings": warnings}


# ---- who am I ---------------------------------------------------------------------------------


class OrganRolesOut(Schema):
    organ_id: int
    organ_name: str
    roles: list[str]


class MeOut(Schema):
    username: str
    full_name: str
    is_superuser: bool = Field(description="系统管理员：在所有机关拥有全部岗位")
    organs: list[OrganRolesOut]


@router.get("/me", response=responses(MeOut, 401), summary="令牌所属账号及其岗位")
def me(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    roles = role_map(user)
    names = Organ.objects.in_bulk(list(roles))
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "is_superuser": user.is_superuser,
        "organs": [
            {"organ_id": pk, "organ_name": names[pk].name, "roles": sorted(held)}
            for pk, held in sorted(roles.items())
            if pk in names
        ],
    }


# ---- reading ----------------------------------------------------------------------------------


class StaffItemQuery(ItemQuery):
    status: schemas.StatusIn | None = Field(None, description="状态")
    order: Literal["recent", "updated"] = Field(  # type: ignore[assignment]
        "recent", description="recent：最近修改在前；updated：最早修改在前（增量同步）"
    )


@router.get("/items", response=responses(schemas.StaffItemPage, 401), summary="我可见的信息")
def staff_items(request: HttpRequest, q: Query[StaffItemQuery]) -> dict[str, object]:
    """Items of the organs the token's user covers, in any state."""
    qs = selectors.staff_item_list(_user(request), q.filters(), q.status or "", q.order)
    return item_page(qs, q, q.order, schemas.staff_item_out)


@router.get(
    "/items/{item_id}", response=responses(schemas.StaffItemOut, 401, 404), summary="信息（后台）"
)
def staff_item(request: HttpRequest, item_id: Id) -> Any:
    return schemas.staff_item_out(_item(request, item_id))


# ---- drafting ---------------------------------------------------------------------------------


def _fields(body: schemas.ItemIn) -> ItemFields:
    """The fields the client sent, as the service takes them; ids looked up (400 if unknown)."""
    given = body.model_dump(exclude_unset=True)
    given.pop("organ_id", None)
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    lookups: dict[str, tuple[str, Any]] = {
        "column_id": ("column", Column.objects.filter(is_active=True)),
        "topic_id": ("topic", Topic.objects.all()),
        "genre_id": ("genre", Genre.objects.all()),
        "interprets_id": ("interprets", public_items().filter(kind=ItemKind.POLICY)),
    }
    for key, value in given.items():
        if key in lookups:
            name, qs = lookups[key]
            if value is None:
                if name == "column":
                    errors[key] = "请选择栏目。"
                out[name] = None
                continue
            found = qs.filter(pk=value).first()
            if found is None:
                errors[key] = {
                    "column": "栏目不存在或已停用。",
                    "topic": "主题分类不存在。",
                    "genre": "体裁不存在。",
                    "interprets": "所解读的政策文件不存在或未发布。",
                }[name]
            out[name] = found
        elif value is None and key not in {"written_on", "formed_on", "effective_on"}:
            out[key] = ""  # text fields: null clears them
        else:
            out[key] = value
    if errors:
        raise ValidationError(errors)
    return ItemFields(**out)


@router.post(
    "/items",
    response=responses(schemas.SaveOut, 401, 403, 404, ok_status=201),
    summary="新建草稿",
)
def create_item(request: HttpRequest, body: schemas.ItemCreateIn) -> Any:
    organ = Organ.objects.filter(pk=body.organ_id).first()
    if organ is None:
        raise Http404
    fields = _fields(body)
    if not isinstance(fields.column, Column):
        raise ValidationError({"column_id": "请选择栏目。"})
    result = item_create(actor=_user(request), organ=organ, column=fields.column, fields=fields)
    return Status(201, _saved(request, result.item, result.warnings))


@router.patch(
    "/items/{item_id}", response=responses(schemas.SaveOut, *WRITE_ERRORS), summary="修改草稿"
)
def update_item(request: HttpRequest, item_id: Id, body: schemas.ItemIn) -> Any:
    item = _item(request, item_id)
    result = item_update(actor=_user(request), item=item, fields=_fields(body))
    return _saved(request, result.item, result.warnings)


# ---- the workflow -----------------------------------------------------------------------------


class OpinionIn(Schema):
    opinion: Text = Field(max_length=2000, description="保密审查意见（必填）")


class ReasonIn(Schema):
    reason: Text = Field(max_length=2000, description="撤回原因（必填，公开页面显示）")


def _act(summary: str, path: str) -> Any:
    return router.post(
        f"/items/{{item_id}}/{path}",
        response=responses(schemas.StaffItemOut, *WRITE_ERRORS),
        summary=summary,
    )


@_act("提交（审核或保密审查）", "submit")
def submit_item(request: HttpRequest, item_id: Id, body: schemas.CommentIn) -> Any:
    item = workflow.item_submit(
        actor=_user(request), item=_item(request, item_id), comment=body.comment
    )
    return _saved(request, item)


@_act("审核通过", "approve-review")
def approve_review(request: HttpRequest, item_id: Id, body: schemas.CommentIn) -> Any:
    item = workflow.item_approve_review(
        actor=_user(request), item=_item(request, item_id), comment=body.comment
    )
    return _saved(request, item)


@router.post(
    "/items/{item_id}/findings/{finding_id}/acknowledge",
    response=responses(schemas.StaffItemOut, *WRITE_ERRORS),
    summary="确认保密扫描发现",
)
def acknowledge_finding(request: HttpRequest, item_id: Id, finding_id: Id) -> Any:
    item = _item(request, item_id)
    finding = item.findings.filter(pk=finding_id).first()
    if finding is None:
        raise Http404
    workflow.finding_acknowledge(actor=_user(request), finding=finding)
    return _saved(request, item)


@_act("保密审查通过", "pass-secrecy")
def pass_secrecy(request: HttpRequest, item_id: Id, body: OpinionIn) -> Any:
    item = workflow.item_pass_secrecy(
        actor=_user(request), item=_item(request, item_id), opinion=body.opinion
    )
    return _saved(request, item)


@_act("退回", "return")
def return_item(request: HttpRequest, item_id: Id, body: schemas.CommentIn) -> Any:
    item = workflow.item_return(
        actor=_user(request), item=_item(request, item_id), comment=body.comment
    )
    return _saved(request, item)


@_act("签发（立即或定时发布）", "publish")
def publish_item(request: HttpRequest, item_id: Id, body: schemas.PublishIn) -> Any:
    item = workflow.item_publish(
        actor=_user(request), item=_item(request, item_id), at=body.at, comment=body.comment
    )
    return _saved(request, item)


@_act("撤回", "withdraw")
def withdraw_item(request: HttpRequest, item_id: Id, body: ReasonIn) -> Any:
    item = workflow.item_withdraw(
        actor=_user(request), item=_item(request, item_id), reason=body.reason
    )
    return _saved(request, item)
