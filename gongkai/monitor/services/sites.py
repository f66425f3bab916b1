"""The registry of monitored sites and their columns: the 公开办管理员 of the organ (or of an
organ above it) registers and edits them."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction

from gongkai.catalog.models import Column
from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.monitor.audit import MonitorAudit
from gongkai.monitor.crawler import normalise_url
from gongkai.monitor.models import ColumnKind, Platform, Site, SiteColumn, SiteKind
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import require_roles

MANAGERS = {Role.ORGAN_ADMIN.value}
DENIED = "只有该机关（或上级机关）的公开办管理员可以管理网站监测。"


@dataclass(frozen=True)
class SiteFields:
    name: str
    base_url: str
    kind: str = SiteKind.PORTAL
    platform: str = Platform.EXTERNAL
    id_code: str = ""
    max_pages: int = 300
    alert_emails: str = ""
    active: bool = True


def clean_url(raw: str, *, label: str = "首页地址") -> str:
    raw = (raw or "").strip()
    if not raw.lower().startswith(("http://", "https://")):
        raise ValidationError(f"{label}应以 http:// 或 https:// 开头。")
    try:
        url = normalise_url(raw)
    except ValueError as exc:
        raise ValidationError(f"{label}不是有效的网址。") from exc
    if "//" not in url or not url.split("//", 1)[1].split("/", 1)[0]:
        raise ValidationError(f"{label}不是有效的网址。")
    return url


def _validate(fields: SiteFields, *, exclude: int = 0) -> SiteFields:
    name = fields.name.strip()
    if not name:
        raise ValidationError("请填写网站名称。")
    url = clean_url(fields.base_url)
    if Site.objects.filter(base_url=url).exclude(pk=exclude).exists():
        raise ValidationError(f"网站 {url} 已经登记。")
    if fields.kind not in SiteKind.values:
        raise ValidationError("网站类型应为政府门户网站或部门网站。")
    if fields.platform not in Platform.values:
        raise ValidationError("建设方式无效。")
    if fields.id_code and not (fields.id_code.isdigit() and len(fields.id_code) == 10):
        raise ValidationError("政府网站标识码应为10位数字。")
    if not 1 <= fields.max_pages <= 20000:
        raise ValidationError("每次最多抓取页数应在 1 到 20000 之间。")
    emails = [e.strip() for e in fields.alert_emails.replace("，", ",").split(",") if e.strip()]
    for email in emails:
        try:
            EmailValidator()(email)
        except ValidationError as exc:
            raise ValidationError(f"告警邮箱“{email}”格式不正确。") from exc
    return SiteFields(
        name[:100],
        url,
        fields.kind,
        fields.platform,
        fields.id_code,
        fields.max_pages,
        ",".join(emails),
        fields.active,
    )


@transaction.atomic
def site_register(*, actor: Actor, organ: Organ, fields: SiteFields) -> Site:
    """登记监测网站 (issue 17 §1)."""
    require_roles(actor, organ, MANAGERS, message=DENIED)
    data = _validate(fields)
    site = Site.objects.create(organ=organ, **data.__dict__)
    audit_record(
        actor=actor,
        action=MonitorAudit.SITE_REGISTER,
        obj=site,
        organ_id=organ.pk,
        data={"base_url": site.base_url, "kind": site.kind, "platform": site.platform},
    )
    return site


@transaction.atomic
def site_update(*, actor: Actor, site: Site, fields: SiteFields) -> Site:
    site = Site.objects.select_for_update().get(pk=site.pk)
    require_roles(actor, site.organ, MANAGERS, message=DENIED)
    data = _validate(fields, exclude=site.pk)
    for key, value in data.__dict__.items():
        setattr(site, key, value)
    site.save()
    audit_record(
        actor=actor,
        action=MonitorAudit.SITE_UPDATE,
        obj=site,
        organ_id=site.organ_id,
        data={"base_url": site.base_url, "kind": site.kind, "platform": site.platform},
    )
    return site


@dataclass(frozen=True)
class ColumnFields:
    name: str
    kind: str
    url: str = ""
    first_level: bool = True
    window_days: int | None = None
    catalog_column: Column | None = None
    sort_order: int = 100


@transaction.atomic
def column_save(
    *, actor: Actor, site: Site, fields: ColumnFields, column: SiteColumn | None = None
) -> SiteColumn:
    """设置监测栏目: its kind decides the update window (动态要闻 2 weeks …)."""
    require_roles(actor, site.organ, MANAGERS, message=DENIED)
    name = fields.name.strip()
    if not name:
        raise ValidationError("请填写栏目名称。")
    if fields.kind not in ColumnKind.values:
        raise ValidationError("栏目类型无效。")
    url = clean_url(fields.url, label="栏目地址") if fields.url.strip() else ""
    if not url and fields.catalog_column is None:
        raise ValidationError("请填写栏目地址，或选择本平台的栏目。")
    if url and urlsplit(url).netloc != urlsplit(site.base_url).netloc:
        raise ValidationError("栏目地址应为该网站的网址。")
    if fields.window_days is not None and not 1 <= fields.window_days <= 3660:
        raise ValidationError("更新时限应在 1 到 3660 天之间。")
    if fields.catalog_column is not None and not fields.catalog_column.organ.path.startswith(
        site.organ.path
    ):
        raise ValidationError("只能选择本网站主办机关及其下级机关的栏目。")
    if column is None:
        column = SiteColumn(site=site)
    elif column.site_id != site.pk:
        raise ValidationError("栏目不属于该网站。")
    column.name = name[:60]
    column.kind = fields.kind
    column.url = url
    column.first_level = fields.first_level
    column.window_days = fields.window_days
    column.catalog_column = fields.catalog_column
    column.sort_order = fields.sort_order
    column.save()
    audit_record(
        actor=actor,
        action=MonitorAudit.COLUMN_SAVE,
        obj=site,
        organ_id=site.organ_id,
        data={"column": column.name, "kind": column.kind, "url": column.url},
    )
    return column


@transaction.atomic
def column_delete(*, actor: Actor, column: SiteColumn) -> None:
    site = column.site
    require_roles(actor, site.organ, MANAGERS, message=DENIED)
    audit_record(
        actor=actor,
        action=MonitorAudit.COLUMN_DELETE,
        obj=site,
        organ_id=site.organ_id,
        data={"column": column.name},
    )
    column.delete()
