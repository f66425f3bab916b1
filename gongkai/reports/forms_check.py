"""Forms of the report check tool (public) and of the import of published reports (back office).

The bytes of an upload are handed to the parser as they are: it detects UTF-8, GBK and GB18030
itself (`gongkai.reports.parsing.decode`), so nothing here guesses an encoding.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.utils import timezone

from gongkai.orgs.models import Organ

#: Largest upload or pasted text accepted (bytes). A published report's page is far smaller.
MAX_BYTES = 5 * 1024 * 1024
MAX_LABEL = "5 MB"
ALLOWED_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".txt", ".text")


class ReportSourceForm(forms.Form):
    """Pasted text or an uploaded HTML/TXT file, and where the report was published."""

    text = forms.CharField(
        label="粘贴报告全文",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text="可粘贴网页上复制的文字、网页源代码（HTML），或从 PDF 中提取的文字。",
    )
    file = forms.FileField(
        label="或上传文件",
        required=False,
        help_text=f"HTML 或 TXT 文件，不超过{MAX_LABEL}；UTF-8、GBK、GB18030 编码均可。"
        "PDF 请先另存为文本。",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES)}),
    )
    source_url = forms.URLField(
        label="原文地址（可选）",
        required=False,
        max_length=1000,
        assume_scheme="https",
        error_messages={"invalid": "请填写完整的网址，例如 https://www.example.gov.cn/…。"},
    )

    def clean_text(self) -> str:
        text: str = self.cleaned_data.get("text") or ""
        if len(text.encode("utf-8")) > MAX_BYTES:
            raise forms.ValidationError(
                f"粘贴的文本超过{MAX_LABEL}，请只粘贴年度报告本身，或上传文件。"
            )
        return text

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"文件“{upload.name}”超过{MAX_LABEL}（{upload.size / 1024 / 1024:.1f} MB），"
                "请只上传年度报告本身。"
            )
        suffix = PurePath(upload.name or "").suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(
                f"只能上传 HTML 或 TXT 文件，“{upload.name}”不是。"
                "PDF、Word 文件请先复制其中的文字粘贴到上面的文本框。"
            )
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.errors and not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请粘贴年度报告的全文，或选择要上传的文件。")
        return data

    def payload(self) -> str | bytes:
        """The upload's bytes when a file was chosen (it wins over pasted text), else the text."""
        upload = self.cleaned_data.get("file")
        if upload:
            upload.seek(0)
            data: bytes = upload.read()
            return data
        return str(self.cleaned_data.get("text") or "")

    @property
    def used_file(self) -> bool:
        return bool(self.cleaned_data.get("file"))


def _year_field(required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        label="报告年度",
        required=required,
        min_value=2008,  # the 条例 has applied since 2008-05-01
        help_text="留空则按报告中写的年度。",
        error_messages={
            "invalid": "请填写四位年份，例如 2023。",
            "min_value": "报告年度不能早于2008年（《条例》自2008年5月1日起施行）。",
        },
    )


class _OrganYearMixin(forms.Form):
    organ = forms.ModelChoiceField(label="导入到机关", queryset=Organ.objects.none())

    def __init__(self, *args: Any, organs: list[Organ], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organ"]
        field.queryset = Organ.objects.filter(pk__in=[o.pk for o in organs]).order_by("tree_key")  # type: ignore[attr-defined]
        field.empty_label = None  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = "请选择您负责的机关。"

    def clean_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("year")
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError("报告年度不能晚于今年。")
        return year


class ImportUploadForm(_OrganYearMixin, ReportSourceForm):
    """Step 1 of the import: the report and where it goes; the year may come from the report."""

    year = _year_field(required=False)
    field_order = ["organ", "year", "text", "file", "source_url"]


class ImportConfirmForm(_OrganYearMixin):
    """Step 2: the previewed report (signed, compressed) is imported as it was shown."""

    year = _year_field(required=True)
    source_url = forms.URLField(
        label="原文地址（可选）", required=False, max_length=1000, assume_scheme="https"
    )
    payload = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, organs: list[Organ], **kwargs: Any) -> None:
        super().__init__(*args, organs=organs, **kwargs)
        self.fields["year"].help_text = "默认为报告中写的年度，必要时可更正。"
