"""Input of the figures: text parsed into typed values with Chinese messages (`rules.py`);
never writes (the service does, and checks the same rules again)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from gongkai.workforce import rules
from gongkai.workforce.models import FIGURES, UNITS, Figure, WorkforceFigures
from gongkai.workforce.services import FiguresInput

SOURCE_HINTS = {
    Figure.FULLTIME: "如：编制文件、岗位设置文件",
    Figure.PARTTIME: "如：工作分工通知",
    Figure.BUDGET: "如：年度部门预算批复",
    Figure.MEETINGS: "如：会议纪要",
    Figure.TRAININGS: "如：培训通知",
    Figure.TRAINEES: "如：培训签到表",
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); the service checks each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return single(data, initial)


class FiguresForm(forms.Form):
    notes = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = MultipleFileField(
        label="佐证材料",
        required=False,
        help_text="编制文件、预算批复、培训通知等（PDF、Word、图片等，可多选）。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for figure in Figure:
            key = figure.value
            unit = UNITS[key]
            self.fields[key] = forms.CharField(
                label=f"{figure.label}（{unit}）",
                required=False,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal" if key == Figure.BUDGET else "numeric"}
                ),
            )
            self.fields[f"{key}_source"] = forms.CharField(
                label=f"{figure.label}的来源",
                required=False,
                max_length=200,
                help_text=SOURCE_HINTS[figure],
            )
        self.order_fields([name for key in FIGURES for name in (key, f"{key}_source")])

    @classmethod
    def initial_of(cls, row: WorkforceFigures | None) -> dict[str, Any]:
        if row is None:
            return {}
        initial: dict[str, Any] = {"notes": row.notes}
        for key in FIGURES:
            value = row.value(key)
            initial[key] = f"{value:f}" if isinstance(value, Decimal) else str(value)
            initial[f"{key}_source"] = row.source(key)
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for figure in Figure:
            key = figure.value
            label = str(figure.label)
            raw = str(self.data.get(key, "") or "")
            value: int | Decimal | None
            if key == Figure.BUDGET:
                value, refusal = rules.parse_budget(label, raw)
            else:
                value, refusal = rules.parse_count(label, raw)
            if refusal:
                self.add_error(key, refusal)
            else:
                data[key] = value
        return data

    def figures_input(self) -> FiguresInput:
        data = self.cleaned_data
        return FiguresInput(
            fulltime_staff=data[Figure.FULLTIME],
            parttime_staff=data[Figure.PARTTIME],
            budget=data[Figure.BUDGET],
            meetings=data[Figure.MEETINGS],
            trainings=data[Figure.TRAININGS],
            trainees=data[Figure.TRAINEES],
            sources={key: data.get(f"{key}_source", "") for key in FIGURES},
            notes=data.get("notes", ""),
        )


class YearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=rules.FIRST_YEAR, max_value=9999)
