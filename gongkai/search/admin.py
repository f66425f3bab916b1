from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import ModelForm

from gongkai.search.models import Synonym
from gongkai.search.synonyms import parse_group


class SynonymForm(ModelForm):
    class Meta:
        model = Synonym
        fields = ["words", "note", "is_active"]

    def clean_words(self) -> str:
        words = str(self.cleaned_data["words"]).strip()
        if not parse_group(words):
            raise ValidationError(
                "请至少填写两个不同的词，用空格或顿号分隔，例如：低保 最低生活保障。"
            )
        return words


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    form = SynonymForm
    list_display = ["words", "note", "is_active", "updated_at"]
    list_editable = ["is_active"]
    search_fields = ["words", "note"]
