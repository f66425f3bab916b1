"""Back-office forms of the annual report. Labels come from the definitions."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.orgs.models import Organ
from gongkai.reports.builders import COMPUTED_TABLE2_ROWS, cell_key
from gongkai.reports.definitions import SECTION_HEADINGS, SECTION_KEYS, ReportFormat
from gongkai.reports.models import Scope


class OpenReportForm(forms.Form):
    organ = forms.ModelChoiceField(label="机关", queryset=Organ.objects.none(), empty_label=None)
    year = forms.IntegerField(
        label="报告年度",
        min_value=2008,
        max_value=2100,
        error_messages={"invalid": "请填写四位年份，例如 2025。"},
    )
    scope = forms.ChoiceField(label="统计范围", choices=Scope.choices, initial=Scope.SELF)

    def __init__(self, *args: Any, organs: list[Organ], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = Organ.objects.filter(pk__in=[o.pk for o in organs])  # type: ignore[attr-defined]


def figure_rows(fmt: ReportFormat) -> list[dict[str, Any]]:
    """One entry per table 二 cell: its key, article, row and column labels, computed or manual."""
    rows = []
    for block in fmt.table2:
        for row in block.rows:
            for col in block.columns:
                rows.append(
                    {
                        "key": cell_key("table2", row.key, col.key),
                        "label": f"{block.article} {row.label}：{col.label}",
                        "computed": row.key in COMPUTED_TABLE2_ROWS,
                    }
                )
    return rows


def _field_name(key: str, part: str) -> str:
    return f"{part}__{key.replace('.', '__')}"


class FiguresForm(forms.Form):
    """value + source per manual cell; the service checks numbers and sources."""

    def __init__(
        self, *args: Any, fmt: ReportFormat, stored: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows = figure_rows(fmt)
        for row in self.rows:
            entry = stored.get(row["key"]) or {}
            hint = "平台已从公开目录统计；如需更正请填写并注明来源。" if row["computed"] else ""
            self.fields[_field_name(row["key"], "value")] = forms.CharField(
                label=row["label"],
                required=False,
                max_length=30,
                initial=entry.get("value", ""),
                help_text=hint,
            )
            self.fields[_field_name(row["key"], "source")] = forms.CharField(
                label=f"{row['label']}（数据来源）",
                required=False,
                max_length=200,
                initial=entry.get("source", ""),
            )

    def pairs(self) -> list[tuple[dict[str, Any], forms.BoundField, forms.BoundField]]:
        return [
            (row, self[_field_name(row["key"], "value")], self[_field_name(row["key"], "source")])
            for row in self.rows
        ]

    def figures(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            row["key"]: (
                data.get(_field_name(row["key"], "value")) or "",
                data.get(_field_name(row["key"], "source")) or "",
            )
            for row in self.rows
        }

    def add_cell_errors(self, errors: dict[str, list[str]]) -> None:
        for key, messages in errors.items():
            name = _field_name(key, "source" if "来源" in messages[0] else "value")
            if name in self.fields:
                self.add_error(name, messages)
            else:
                self.add_error(None, messages)


class SectionsForm(forms.Form):
    def __init__(self, *args: Any, stored: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, heading in zip(SECTION_KEYS, SECTION_HEADINGS, strict=True):
            self.fields[key] = forms.CharField(
                label=heading,
                required=False,
                initial=stored.get(key, ""),
                widget=forms.Textarea(attrs={"rows": 6}),
                max_length=20000,
            )


class QuarterForm(forms.Form):
    organ = forms.ModelChoiceField(label="机关", queryset=Organ.objects.none(), empty_label=None)
    year = forms.IntegerField(label="年度", min_value=2008, max_value=2100)
    quarter = forms.TypedChoiceField(
        label="季度",
        coerce=int,
        choices=[(1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")],
    )
    scope = forms.ChoiceField(label="统计范围", choices=Scope.choices, initial=Scope.SELF)

    def __init__(self, *args: Any, organs: list[Organ], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = Organ.objects.filter(pk__in=[o.pk for o in organs])  # type: ignore[attr-defined]
