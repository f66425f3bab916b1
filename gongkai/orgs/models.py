"""The organ tree (省/市/县/乡 governments, departments, units) and who holds which role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gongkai.core.identifiers import is_valid_org_code, is_valid_uscc


def validate_uscc(value: str) -> None:
    if not is_valid_uscc(value):
        raise ValidationError("统一社会信用代码无效：应为18位，且校验码正确（GB 32100-2015）。")


def validate_org_code(value: str) -> None:
    if not is_valid_org_code(value):
        raise ValidationError("组织机构代码无效：应为9位，且校验码正确（GB 11714）。")


class Organ(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        DEPARTMENT = "department", "政府部门"
        UNIT = "unit", "事业单位及其他"

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "设区的市级"
        COUNTY = "county", "县级"
        TOWNSHIP = "township", "乡镇（街道）"

    name = models.CharField("机构全称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("机构类型", max_length=16, choices=Kind.choices)
    level = models.CharField("行政层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path "/1/5/12/" so that subtree queries are one indexed prefix match.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    # Tree order (every organ list, chooser and report follows it): per level a 4-digit rank
    # among the siblings by 排序 then name, concatenated, so "0001" < "00010001" < "0002"
    # whatever the database collation (digits only). Maintained by `save` (`rebuild_tree_keys`).
    tree_key = models.CharField(max_length=255, db_index=True, editable=False, default="")
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_uscc]
    )
    org_code = models.CharField(
        "组织机构代码",
        max_length=9,
        unique=True,
        validators=[validate_org_code],
        help_text="9位，不含连字符；用于索引号。",
    )
    division_code = models.CharField("行政区划代码", max_length=6, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=100)

    # Art. 12 para 2: the 公开指南 must name the GIO working body and how to reach it.
    gio_name = models.CharField("政府信息公开工作机构名称", max_length=100, blank=True)
    gio_address = models.CharField("办公地址", max_length=200, blank=True)
    gio_postcode = models.CharField("邮政编码", max_length=6, blank=True)
    gio_hours = models.CharField("办公时间", max_length=200, blank=True)
    gio_phone = models.CharField("联系电话", max_length=50, blank=True)
    gio_fax = models.CharField("传真号码", max_length=50, blank=True)
    gio_email = models.EmailField("电子邮箱", blank=True)
    gio_website = models.URLField("互联网联系方式（网址）", blank=True)
    guide_notes = models.TextField(
        "公开指南补充说明", blank=True, help_text="本机关特有的分类、编排体系或获取方式说明。"
    )
    guide_updated_at = models.DateField("指南更新日期", null=True, blank=True)
    gio_contact_person = models.CharField(
        "依申请公开联系人", max_length=50, blank=True, help_text="告知书上列明的联系人。"
    )

    # How the organ runs its workflows (its own choice within the 条例; set by its 公开办).
    class AnswerSignoff(models.TextChoices):
        APPROVER = "approver", "签发"
        REVIEWER_APPROVER = "reviewer_approver", "审核后签发"

    review_step = models.BooleanField(
        "发布前经审核",
        default=True,
        help_text="开启后，草稿先经“审核”岗位审核，再送保密审查。",
    )
    answer_signoff = models.CharField(
        "依申请公开答复的审批",
        max_length=20,
        choices=AnswerSignoff.choices,
        default=AnswerSignoff.APPROVER,
        blank=True,  # an organ that never chose keeps the default: 签发 only
    )
    # Letters (告知书) carry the organ's own 机关代字 (e.g. 岚政办依申请) in their number.
    doc_prefix = models.CharField(
        "机关代字", max_length=20, blank=True, help_text="用于告知书文号，如“岚政办依申请”。"
    )
    # Art. 51 remedies: the notice names where to apply for 行政复议 and which court hears a suit.
    reconsideration_organ = models.CharField("行政复议机关", max_length=100, blank=True)
    court = models.CharField("管辖人民法院", max_length=100, blank=True)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["tree_key"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        fields = kwargs.get("update_fields")
        super().save(*args, **kwargs)
        if fields is None or set(fields) & TREE_FIELDS:
            self._update_path()
            self.tree_key = rebuild_tree_keys(Organ.objects).get(self.pk, self.tree_key)

    def _update_path(self) -> None:
        new_path = (self.parent.path if self.parent else "/") + f"{self.pk}/"
        if new_path != self.path:
            old_path = self.path
            self.path = new_path
            Organ.objects.filter(pk=self.pk).update(path=new_path)
            if old_path:
                for child in Organ.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.path = new_path + child.path[len(old_path) :]
                    Organ.objects.filter(pk=child.pk).update(path=child.path)

    @property
    def depth(self) -> int:
        """0 for a root organ, 1 for its children …"""
        return max(len(self.tree_key) // TREE_KEY_WIDTH - 1, 0)

    def clean(self) -> None:
        if self.credit_code and self.org_code and self.credit_code[8:17] != self.org_code:
            raise ValidationError({"org_code": "组织机构代码应与统一社会信用代码第9至17位一致。"})

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def ancestors(self) -> list[Organ]:
        ids = [int(x) for x in self.path.strip("/").split("/") if x][:-1]
        by_id = Organ.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def subtree(self) -> models.QuerySet[Organ]:
        return Organ.objects.filter(path__startswith=self.path)

    @property
    def applies_article_21(self) -> bool:
        """Art. 21 adds topics for 设区的市/县级 governments and departments, and townships."""
        return self.level in {self.Level.CITY, self.Level.COUNTY, self.Level.TOWNSHIP}


#: Fields whose change moves an organ in the tree order.
TREE_FIELDS = frozenset({"parent", "sort_order", "name"})
TREE_KEY_WIDTH = 4  # digits per level: up to 9,999 sibling organs


def tree_keys(rows: list[tuple[int, int | None, int, str]]) -> dict[int, str]:
    """pk → tree key for rows (pk, parent_id, sort_order, name): at each level the siblings are
    ranked by 排序, then name, then pk (a stable order for namesakes)."""
    children: dict[int | None, list[tuple[int, int | None, int, str]]] = {}
    for row in rows:
        children.setdefault(row[1], []).append(row)
    keys: dict[int, str] = {}
    stack: list[tuple[int | None, str]] = [(None, "")]
    while stack:
        parent, prefix = stack.pop()
        siblings = sorted(children.get(parent, []), key=lambda r: (r[2], r[3], r[0]))
        for rank, row in enumerate(siblings, start=1):
            keys[row[0]] = f"{prefix}{rank:0{TREE_KEY_WIDTH}d}"
            stack.append((row[0], keys[row[0]]))
    return keys


def rebuild_tree_keys(manager: Any) -> dict[int, str]:
    """Recompute every organ's tree key and store those that changed (one read; the tree of
    a province is a few thousand rows). `manager` is `Organ.objects` or, in a migration, the
    historical model's manager."""
    rows = list(manager.values_list("pk", "parent_id", "sort_order", "name", "tree_key"))
    keys = tree_keys([(pk, parent, order, name) for pk, parent, order, name, _ in rows])
    for pk, *_rest, old in rows:
        if keys.get(pk, old) != old:
            manager.filter(pk=pk).update(tree_key=keys[pk])
    return keys


class Role(models.TextChoices):
    EDITOR = "editor", "采编"
    REVIEWER = "reviewer", "审核"
    SECRECY = "secrecy", "保密审查"
    APPROVER = "approver", "签发"
    ORGAN_ADMIN = "organ_admin", "公开办管理员"
    # Art. 33: an extension is approved by the head of the 政府信息公开工作机构.
    GIO_HEAD = "gio_head", "公开工作机构负责人"


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organ = models.ForeignKey(Organ, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = "岗位"
        verbose_name_plural = "岗位"
        constraints = [
            models.UniqueConstraint(fields=["user", "organ", "role"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organ} ({self.get_role_display()})"


#: Art. 12 para 2: the 公开指南 names the GIO working body, its address, hours, phone, fax,
#: e-mail and web contact, and is updated when they change.
GUIDE_FIELDS = (
    "gio_name",
    "gio_address",
    "gio_postcode",
    "gio_hours",
    "gio_phone",
    "gio_fax",
    "gio_email",
    "gio_website",
    "guide_notes",
    "guide_updated_at",
)
