"""The date picker keeps its value when a form is shown again under zh-hans."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import translation

from gongkai.core.widgets import date_input


class _Form(forms.Form):
    on = forms.DateField(label="日期", widget=date_input())
    plain = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))


def test_an_initial_date_renders_as_iso_under_zh_hans() -> None:
    with translation.override("zh-hans"):
        form = _Form(initial={"on": date(2026, 12, 4), "plain": date(2026, 12, 4)})
        html = str(form["on"])
        plain = str(form["plain"])
    assert 'type="date"' in html and 'value="2026-12-04"' in html
    # What it guards against: Django's zh-hans format, which a date input drops.
    assert 'value="2026-12-04"' not in plain
