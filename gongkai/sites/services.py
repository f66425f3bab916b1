"""Writes of the sites: add or change a site and its host names from the back office, without a
deploy (issue 20 §5). Keyword-only, one transaction each, the role guard first, an audit row in
the same transaction; the registry and the page cache follow on commit (`receivers.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongkai.catalog.models import Column
from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.conf import gongkai_settings
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import require_roles
from gongkai.sites import rules
from gongkai.sites.audit import SitesAudit
from gongkai.sites.models import Layout, Site, SiteHost

#: The home page sections a site may show (the portal's sections, by column kind).
HOME_KINDS: tuple[tuple[str, str], ...] = (
    (Column.Kind.STATUTORY.value, "法定主动公开内容"),
    (Column.Kind.POLICY.value, "政策文件"),
    (Column.Kind.INTERPRETATION.value, "政策解读"),
    (Column.Kind.ANNUAL_REPORT.value, "政府信息公开年报"),
    (Column.Kind.KEY_AREA.value, "重点领域信息公开"),
)
MANAGER_MESSAGE = "只有主站主办机关的公开办管理员可以管理网站。"


@dataclass(frozen=True, kw_only=True)
class SiteFields:
    name: str
    root_organ: Organ
    hosts: tuple[str, ...]
    sponsor: str = ""
    contact: str = ""
    id_code: str = ""
    icp: str = ""
    psb: str = ""
    colour: str = rules.PALETTE[0][0]
    layout: str = Layout.GRID
    #: Column kinds shown on the home page, in order; empty: all of them.
    home_kinds: tuple[str, ...] = ()
    is_primary: bool = False


def require_manager(actor: Actor, *, root_organ: Organ | None = None) -> None:
    """Who manages the sites: the 公开办管理员 of the primary site's root organ (the city's
    公开办 runs the 统一平台), or a superuser. Before the first site, the 公开办管理员 of the
    organ that will be the primary site's root. PermissionDenied (403) otherwise."""
    if getattr(actor, "is_superuser", False):
        return
    primary = Site.objects.filter(is_primary=True).select_related("root_organ").first()
    organ = primary.root_organ if primary is not None else root_organ
    # Before the first site only a top-level organ's 公开办 may start the 统一平台: a
    # department's 公开办 rooting the first site at itself would manage every later site.
    if organ is None or (primary is None and organ.parent_id is not None):
        raise PermissionDenied(MANAGER_MESSAGE)
    require_roles(actor, organ, {Role.ORGAN_ADMIN}, message=MANAGER_MESSAGE)


def _clean_hosts(raw: tuple[str, ...], site: Site | None) -> list[str]:
    errors: list[str] = []
    hosts: list[str] = []
    for entry in raw:
        if not entry.strip():
            continue
        host, problem = rules.normalise_host(entry)
        if problem:
            errors.append(problem)
            continue
        if host in hosts:
            errors.append(f"域名“{host}”重复填写。")
            continue
        if problem := rules.host_problem(host, settings.ALLOWED_HOSTS):
            errors.append(problem)
            continue
        hosts.append(host)
    taken = SiteHost.objects.filter(host__in=hosts).select_related("site")
    if site is not None:
        taken = taken.exclude(site=site)
    errors += [
        f"域名“{h.host}”已被网站“{h.site.name}”使用，一个域名只能属于一个网站。" for h in taken
    ]
    if not hosts and not errors:
        errors.append("请至少填写一个域名。")
    if errors:
        raise ValidationError({"hosts": errors})
    return hosts


def _clean(fields: SiteFields, site: Site | None) -> list[str]:
    errors: dict[str, list[str]] = {}

    def refuse(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if not fields.name.strip():
        refuse("name", "请填写网站名称。")
    if problem := rules.id_code_problem(
        fields.id_code.strip(), gongkai_settings().SITES_ID_CODE_PATTERN
    ):
        refuse("id_code", problem)
    elif fields.id_code.strip():
        same = Site.objects.filter(id_code=fields.id_code.strip())
        if site is not None:
            same = same.exclude(pk=site.pk)
        if same.exists():
            refuse("id_code", "该网站标识码已由另一个网站使用。")
    if problem := rules.colour_problem(fields.colour):
        refuse("colour", problem)
    if fields.layout not in Layout.values:
        refuse("layout", "请选择首页版式。")
    known = {kind for kind, _label in HOME_KINDS}
    if set(fields.home_kinds) - known:
        refuse("home_kinds", "首页栏目只能从列出的栏目中选择。")
    if site is not None and site.is_primary and not fields.is_primary:
        refuse("is_primary", "必须保留一个主站：请把另一个网站设为主站，本网站即不再是主站。")
    try:
        hosts = _clean_hosts(fields.hosts, site)
    except ValidationError as exc:
        errors.setdefault("hosts", []).extend(exc.message_dict["hosts"])
        hosts = []
    if errors:
        raise ValidationError(errors)
    return hosts


_COMPARED = ("name", "sponsor", "contact", "id_code", "icp", "psb", "colour", "layout")


@transaction.atomic
def site_save(*, actor: Actor, site: Site | None = None, fields: SiteFields) -> Site:
    """Add a site (site=None) or change one; its host names are replaced by `fields.hosts`.

    Refused with a Chinese message, nothing written: a host name another site has (issue 20,
    bad input), a host the deployment does not accept, a 网站标识码 of the wrong format or
    another site's, a theme colour below WCAG AA contrast, and leaving the platform without a
    primary site. The first site of the platform is the primary one."""
    require_manager(actor, root_organ=fields.root_organ)
    require_roles(actor, fields.root_organ, {Role.ORGAN_ADMIN}, message=MANAGER_MESSAGE)
    if site is not None:
        site = Site.objects.select_for_update().get(pk=site.pk)
    hosts = _clean(fields, site)
    creating = site is None
    first = creating and not Site.objects.exists()
    make_primary = fields.is_primary or first
    before = {} if site is None else {k: getattr(site, k) for k in _COMPARED}
    before_root = None if site is None else site.root_organ_id
    old_hosts = [] if site is None else list(site.hosts.values_list("host", flat=True))
    previous = None
    if make_primary:
        others = Site.objects.select_for_update().filter(is_primary=True)
        previous = others.exclude(pk=site.pk).first() if site is not None else others.first()
    if previous is not None:
        previous.is_primary = False
        previous.save(update_fields=["is_primary", "updated_at"])
    target = site or Site()
    target.name = fields.name.strip()
    target.root_organ = fields.root_organ
    target.sponsor = fields.sponsor.strip()
    target.contact = fields.contact.strip()
    target.id_code = fields.id_code.strip()
    target.icp = fields.icp.strip()
    target.psb = fields.psb.strip()
    target.colour = fields.colour.lower()
    target.layout = fields.layout
    target.home_kinds = list(fields.home_kinds)
    target.is_primary = make_primary or (site is not None and site.is_primary)
    try:
        with transaction.atomic():
            target.save()
            if hosts != old_hosts:
                # Recreated in the order given: the first is the site's canonical host name.
                target.hosts.all().delete()
                SiteHost.objects.bulk_create(SiteHost(site=target, host=h) for h in hosts)
    except IntegrityError:
        # Another request claimed the host (or the primary flag) between the check and the save.
        raise ValidationError(
            {"hosts": ["域名已被另一个网站使用，一个域名只能属于一个网站；请刷新后重试。"]}
        ) from None
    changed = [k for k in _COMPARED if before.get(k) != getattr(target, k)]
    audit_record(
        actor=actor,
        action=SitesAudit.CREATE if creating else SitesAudit.UPDATE,
        obj=target,
        organ_id=target.root_organ_id,
        data={
            "hosts": hosts,
            **({"root_organ": target.root_organ.name} if before_root != target.root_organ_id
               else {}),
            **({"changed": changed} if not creating else {"layout": target.layout}),
        },
    )  # fmt: skip
    if previous is not None and target.is_primary and previous.pk != target.pk:
        audit_record(
            actor=actor,
            action=SitesAudit.MAKE_PRIMARY,
            obj=target,
            organ_id=target.root_organ_id,
            data={"previous": previous.name},
        )
    return target
