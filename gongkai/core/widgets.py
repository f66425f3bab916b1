"""Form widgets every app uses the same way."""

from __future__ import annotations

from typing import Any

from django import forms


def date_input(**attrs: Any) -> forms.DateInput:
    """The browser's date picker. Its value must be ISO (2026-12-04): under zh-hans Django
    renders a date as 2026/12/04, which `<input type="date">` drops without a word, so a form
    shown again with its date (an edit, a prefilled default, a refused submit) would lose it."""
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")
