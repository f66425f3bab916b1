"""Back-office forms for the catalog. They validate input; writes go through the services."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.models import (
    BASES_FOR_ATTRIBUTE,
    Attribute,
    Column,
    Genre,
    Item,
    ItemKind,
    LegalBasis,
    Topic,
    Validity,
)
from gongkai.catalog.selectors import items_visible_to, published_policies
from gongkai.core.actors import Actor
from gongkai.core.conf import gongkai_settings
from gongkai.core.widgets import date_input
from gongkai.orgs.models import GUIDE_FIELDS, Organ

DATE = date_input()
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


class OfficeForm(forms.Form):
    """Plain labels (no colon) so that the label text is exactly the field name."""

    required_css_class = "required"
    error_css_class = "has-error"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


def attribute_choices(current: str = "") -> list[tuple[str, str]]:
    """删减后公开 is a local practice, offered only where the deployment enables it."""
    enabled = gongkai_settings().ENABLE_REDACTED_ATTRIBUTE
    return [
        (value, label)
        for value, label in Attribute.choices
        if value != Attribute.REDACTED or enabled or current == Attribute.REDACTED
    ]


def bases_by_attribute(current: str = "") -> list[tuple[str, list[str]]]:
    """(attribute label, [basis labels]) for the help table beside the 法律依据 field."""
    labels = dict(LegalBasis.choices)
    rows = []
    for value, label in attribute_choices(current):
        bases = BASES_FOR_ATTRIBUTE.get(value)
        if bases:
            rows.append((label, [labels[b] for b in LegalBasis.values if b in bases]))
    return rows


def column_choices(organs: Iterable[Organ]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Active columns grouped by organ; sub-columns shown as “上级 / 下级”."""
    organs = list(organs)
    columns = (
        Column.objects.filter(organ__in=organs, is_active=True)
        .select_related("parent")
        .order_by("organ__tree_key", "parent__sort_order", "parent_id", "sort_order", "id")
    )
    by_organ: dict[int, list[Column]] = {}
    for column in columns:
        if column.parent is not None and not column.parent.is_active:
            continue
        by_organ.setdefault(column.organ_id, []).append(column)

    def order_key(c: Column) -> tuple[int, int, int]:
        if c.parent is None:
            return (c.sort_order, 0, c.pk)
        return (c.parent.sort_order, c.sort_order, c.pk)

    groups = []
    for organ in organs:
        cols = sorted(by_organ.get(organ.pk, []), key=order_key)
        options = [(c.pk, f"{c.parent.name} / {c.name}" if c.parent else c.name) for c in cols]
        groups.append((organ.display_name, options))
    return groups


def topic_choices() -> list[Any]:
    """The two-level 主题分类 tree as option groups (一级 → 二级)."""
    topics = list(Topic.objects.select_related("parent").order_by("sort_order", "id"))
    children: dict[int, list[Topic]] = {}
    for t in topics:
        if t.parent_id:
            children.setdefault(t.parent_id, []).append(t)
    choices: list[Any] = [("", "（不选）")]
    for t in topics:
        if t.parent_id is None:
            kids = children.get(t.pk, [])
            if kids:
                choices.append((t.name, [(k.pk, k.label) for k in kids]))
            else:
                choices.append((t.pk, t.name))
    return choices


def policy_label(obj: Item) -> str:
    number = f"（{obj.doc_number}）" if obj.doc_number else ""
    return f"{obj.organ.display_name}：{obj.title}{number}"


#: How many policies the 所解读的政策文件 list shows at once (the newest, or those found).
POLICY_PICKER_LIMIT = 20


class PolicyChoiceField(forms.ModelChoiceField):
    """A published 政策文件, shown as “机关：标题（文号）”."""

    def label_from_instance(self, obj: Any) -> str:
        return policy_label(obj)


class ItemForm(OfficeForm):
    """Create or edit a draft. `organs` are those where the user is 采编."""

    organ = forms.ModelChoiceField(
        label="发布机构",
        queryset=Organ.objects.none(),
        empty_label="（请选择）",
        required=False,  # may be left empty: the chosen column names its organ
        help_text="只列出您担任采编岗位的机关。",
    )
    column = forms.TypedChoiceField(
        label="目录栏目", coerce=int, help_text="只列出所选发布机构已启用的栏目。"
    )
    kind = forms.ChoiceField(label="信息类型", choices=ItemKind.choices)
    interprets = PolicyChoiceField(
        label="所解读的政策文件",
        queryset=Item.objects.none(),
        required=False,
        empty_label="（不适用）",
        help_text="信息类型为“政策解读”时必选：已发布的政策文件。",
        error_messages={
            "invalid_choice": "所选政策文件不在可选范围内（须为您可查看的机关已发布的政策文件），"
            "请重新查找选择。"
        },
    )
    title = forms.CharField(label="标题", max_length=300)
    doc_number = forms.CharField(
        label="文号",
        max_length=80,
        required=False,
        help_text="例如：某政办发〔2024〕12号。保存时自动规范括号与格式。",
    )
    written_on = forms.DateField(label="成文日期", required=False, widget=DATE)
    formed_on = forms.DateField(
        label="形成/变更日期",
        widget=DATE,
        help_text="第二十六条：自形成或者变更之日起20个工作日内予以公开。",
    )
    topic = forms.TypedChoiceField(label="主题分类", coerce=int, required=False, empty_value=None)
    genre = forms.ModelChoiceField(
        label="体裁", queryset=Genre.objects.all(), required=False, empty_label="（不选）"
    )
    keywords = forms.CharField(
        label="关键词", max_length=200, required=False, help_text="多个关键词用空格或逗号分隔。"
    )
    summary = forms.CharField(
        label="内容概述", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "data-rich-editor": ""}),
        help_text=(
            "可直接编辑格式，也可从 Word、WPS 或网页粘贴（只保留段落、标题、列表、表格、链接等"
            "结构）；“HTML 源码”可查看和修改源码。保存时自动清除脚本、样式和事件属性等不安全内容。"
        ),
    )
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices, initial=Validity.VALID)
    effective_on = forms.DateField(label="施行日期", required=False, widget=DATE)
    validity_changed_on = forms.DateField(label="修改、废止或失效日期", required=False, widget=DATE)
    validity_note = forms.CharField(label="效力说明", max_length=200, required=False)
    attribute = forms.ChoiceField(
        label="公开属性",
        initial=Attribute.PROACTIVE,
        help_text="源头认定（第十九条至第二十一条）；非主动公开须说明理由和法律依据。",
    )
    attribute_reason = forms.CharField(
        label="不公开或删减理由", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    attribute_basis = forms.ChoiceField(
        label="法律依据", required=False, choices=[("", "（不适用）"), *LegalBasis.choices]
    )
    review_on = forms.DateField(
        label="定期评估日期",
        required=False,
        widget=DATE,
        help_text="第十八条：不予公开的信息应定期评估；留空时默认为形成日期一年后。",
    )
    attachments = MultipleFileField(
        label="附件",
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif"}),
    )
    revision_note = forms.CharField(
        label="修订说明",
        max_length=300,
        required=False,  # a draft may be saved without it; submitting needs it (退文)
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="签发后在公开页面显示，说明修订了什么，例如：更正第三条中的申领截止日期。",
    )

    def __init__(
        self,
        *args: Any,
        organs: Sequence[Organ],
        item: Item | None = None,
        viewer: Actor | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        if item is None or item.revision_of_id is None:
            del self.fields["revision_note"]  # only a revision says what it corrects
        current_attr = item.attribute if item else ""
        if item is not None:
            # The organ of an existing draft is fixed; its 索引号 sequence depends on it.
            del self.fields["organ"]
            organs = [item.organ]
        else:
            organ_field = cast(forms.ModelChoiceField, self.fields["organ"])
            organ_field.queryset = Organ.objects.filter(pk__in=[o.pk for o in organs])
            if len(organs) == 1 and not self.initial.get("organ"):
                self.initial["organ"] = organs[0].pk
        self.organs = list(organs)
        column_field = cast(forms.ChoiceField, self.fields["column"])
        column_field.choices = [("", "（请选择）"), *column_choices(self.organs)]
        topic_field = cast(forms.ChoiceField, self.fields["topic"])
        topic_field.choices = topic_choices()
        attr_field = cast(forms.ChoiceField, self.fields["attribute"])
        attr_field.choices = attribute_choices(current_attr)
        self._policy_picker(viewer)
        max_mb = gongkai_settings().MAX_UPLOAD_MB
        self.fields["attachments"].help_text = (
            f"可一次选择多个文件。允许 PDF、DOCX、XLSX、PNG、JPEG、GIF，每个不超过 {max_mb} MB；"
            "系统按文件内容核验类型。"
        )
        self.bases_help = bases_by_attribute(current_attr)

    def _policy_picker(self, viewer: Actor | None) -> None:
        """所解读的政策文件: a search field and a short list, not every item of the site.

        Any published 政策文件 of the organs the editor may see is valid; the list shows those
        matching the search words (or the newest), plus the current choice. Scripts refresh the
        list as one types (`office:policy_search`); without them, saving with search words picks
        the one match or lists the matches to choose from (`clean`)."""
        scope: QuerySet[Item] = (
            items_visible_to(viewer)
            if viewer is not None
            else Item.objects.filter(organ__in=[o.pk for o in self.organs])
        )
        self.policy_scope = published_policies(scope)
        field = cast(forms.ModelChoiceField, self.fields["interprets"])
        field.queryset = self.policy_scope
        self.fields["interprets_q"] = forms.CharField(
            label="查找所解读的政策文件",
            required=False,
            max_length=100,
            help_text="输入标题或文号中的词，下方列表只列出匹配的已发布政策文件（最多"
            f"{POLICY_PICKER_LIMIT}条）；未启用脚本时，保存后按查找词筛选或自动选中唯一结果。",
            widget=forms.TextInput(
                attrs={
                    "type": "search",
                    "autocomplete": "off",
                    "data-policy-search": reverse("office:policy_search"),
                    "aria-controls": "id_interprets",
                }
            ),
        )
        source = self.data if self.is_bound else self.initial
        query = str(source.get("interprets_q") or "")
        shown = list(published_policies(scope, query)[:POLICY_PICKER_LIMIT])
        chosen = source.get("interprets") or None
        if chosen and str(chosen).isdigit() and all(p.pk != int(chosen) for p in shown):
            shown = [*self.policy_scope.filter(pk=int(chosen)), *shown]
        field.widget.choices = [("", "（不适用）"), *((p.pk, policy_label(p)) for p in shown)]

    def _resolve_interprets(self, data: dict[str, Any]) -> None:
        """Without scripts, search words typed but nothing chosen: the one match is chosen,
        several are listed (the list now shows them) and none is said plainly."""
        query = (data.get("interprets_q") or "").strip()
        if data.get("kind") != ItemKind.INTERPRETATION or data.get("interprets") or not query:
            return
        if "interprets" in self.errors:
            return
        found = list(published_policies(self.policy_scope, query)[: POLICY_PICKER_LIMIT + 1])
        if len(found) == 1:
            data["interprets"] = found[0]
        elif not found:
            self.add_error("interprets", f"未找到与“{query}”匹配的已发布政策文件，请换个词查找。")
        else:
            many = f"{len(found)}条" if len(found) <= POLICY_PICKER_LIMIT else "多条"
            self.add_error(
                "interprets", f"找到{many}与“{query}”匹配的政策文件，请在列表中选择一条。"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._resolve_interprets(data)
        organ = data.get("organ") or (self.item.organ if self.item else None)
        column_id = data.get("column")
        column = Column.objects.filter(pk=column_id, is_active=True).first() if column_id else None
        allowed = {o.pk: o for o in self.organs}
        if organ is None and column is not None and column.organ_id in allowed:
            # The column list is grouped by organ, so a chosen column already names it.
            organ = data["organ"] = allowed[column.organ_id]
        if organ is None:
            self.add_error("organ", "请选择发布机构。")
        elif column_id:
            if column is None or column.organ_id != organ.pk:
                self.add_error("column", "所选栏目不属于所选发布机构的公开目录，请重新选择。")
            else:
                data["column"] = column
        topic_id = data.get("topic")
        data["topic"] = Topic.objects.filter(pk=topic_id).first() if topic_id else None
        kind = data.get("kind")
        if kind == ItemKind.INTERPRETATION and not data.get("interprets"):
            if "interprets" not in self.errors:
                self.add_error("interprets", "政策解读必须选择所解读的政策文件。")
        elif kind != ItemKind.INTERPRETATION and data.get("interprets"):
            self.add_error("interprets", "只有“政策解读”需要选择所解读的政策文件。")
        attribute, basis = data.get("attribute"), data.get("attribute_basis")
        if basis:
            fitting = BASES_FOR_ATTRIBUTE.get(attribute or "", set())
            if attribute == Attribute.PROACTIVE:
                self.add_error("attribute_basis", "主动公开的信息无需选择法律依据。")
            elif basis not in fitting:
                self.add_error(
                    "attribute_basis",
                    f"所选法律依据不适用于“{dict(Attribute.choices).get(attribute or '')}”，"
                    "请对照下方说明选择。",
                )
        return data

    def item_fields(self) -> dict[str, Any]:
        """Cleaned values for `item_create` / `item_update` (organ and files excluded)."""
        data = dict(self.cleaned_data)
        for name in ("organ", "attachments", "interprets_q"):
            data.pop(name, None)
        return data


class ReturnForm(OfficeForm):
    comment = forms.CharField(
        label="退回意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "退回时必须填写退回意见。"},
    )


class ReviewApproveForm(OfficeForm):
    comment = forms.CharField(
        label="审核意见",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="可不填；填写的意见记入办理记录。",
    )


class DecisionForm(OfficeForm):
    """不同意 (恢复发布, 有效性变更): the reason is required and goes into the 办理记录."""

    comment = forms.CharField(
        label="意见",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写不同意的理由。"},
    )


class RestoreForm(OfficeForm):
    reason = forms.CharField(
        label="恢复发布的理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="例如：撤回原因已消除。提交后送签发，签发后按原索引号恢复公开。",
        error_messages={"required": "申请恢复发布时必须填写理由。"},
    )


class PassSecrecyForm(OfficeForm):
    opinion = forms.CharField(
        label="保密审查意见",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例如：经审查，不涉及国家秘密、工作秘密和个人隐私，同意公开。意见记入办理记录。",
        error_messages={"required": "保密审查通过时必须填写保密审查意见。"},
    )


class RequireChangesForm(OfficeForm):
    comment = forms.CharField(
        label="补充意见",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="可不填：标记为须删改的各处会逐条列入退回意见。",
    )


class ScheduleForm(OfficeForm):
    at = forms.DateTimeField(
        label="定时发布时间",
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        error_messages={"required": "请填写定时发布时间。", "invalid": "请输入有效的日期和时间。"},
    )

    def clean_at(self) -> datetime:
        at: datetime = self.cleaned_data["at"]
        if at <= timezone.now():
            raise forms.ValidationError("定时发布时间必须晚于当前时间；立即发布请用“签发并发布”。")
        return at


class WithdrawForm(OfficeForm):
    reason = forms.CharField(
        label="撤回原因",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "撤回时必须填写撤回原因。"},
    )


class ValidityForm(OfficeForm):
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices)
    changed_on = forms.DateField(label="修改、废止或失效日期", required=False, widget=DATE)
    note = forms.CharField(label="效力说明", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("validity") not in (None, Validity.VALID) and not data.get("changed_on"):
            self.add_error("changed_on", "有效性为“已修改、已废止或已失效”时，请填写变更日期。")
        return data


class ValidityProposeForm(ValidityForm):
    """采编 提请变更有效性: the date and the note are what the public page will show."""

    note = forms.CharField(
        label="效力说明",
        max_length=200,
        help_text="公开页面显示，例如：本文件已被某政发〔2026〕3号废止。",
        error_messages={"required": "请填写效力说明（公开页面显示）。"},
    )


class OrganGuideForm(forms.ModelForm[Organ]):
    """公开指南 contact data (Art. 12 para 2)."""

    required_css_class = "required"
    gio_website = forms.URLField(
        label="互联网联系方式（网址）", required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Organ
        fields = list(GUIDE_FIELDS)
        widgets = {
            "guide_notes": forms.Textarea(attrs={"rows": 5}),
            "guide_updated_at": DATE,
        }
        help_texts = {"guide_updated_at": "公开指南应标注更新日期；留空时自动填为今天。"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ColumnAddForm(OfficeForm):
    parent = forms.TypedChoiceField(label="上级栏目", coerce=int)
    name = forms.CharField(label="栏目名称", max_length=60)
    code = forms.SlugField(
        label="栏目代码",
        max_length=40,
        required=False,
        help_text="英文字母、数字和连字符；留空时自动生成。",
    )

    def __init__(self, *args: Any, organ: Organ, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent_field = cast(forms.ChoiceField, self.fields["parent"])
        groups = column_choices([organ])
        parent_field.choices = [("", "（请选择）"), *(groups[0][1] if groups else [])]


class ColumnRenameForm(OfficeForm):
    name = forms.CharField(label="新名称", max_length=60)
