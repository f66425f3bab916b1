"""The sensitive-word and spam filter: its own list, the monitor's when present, extra files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gongkai.mailbox import lexicon
from gongkai.mailbox.models import Letter, Status


def test_the_installed_monitors_list_is_among_the_files() -> None:
    from django.apps import apps

    if not apps.is_installed("gongkai.monitor"):
        pytest.skip("网站监管应用未安装")
    folder = Path(apps.get_app_config("monitor").path) / "data"
    found = [p for p in lexicon.lexicon_files() if p.parent == folder]
    assert found and all("lexicon" in p.name or "words" in p.name for p in found)


def test_own_list_is_read() -> None:
    assert "代开发票" in lexicon.words()
    assert lexicon.find_words("本店可以代开发票，加ＱＱ联系") == ["代开发票", "加qq"]


def test_extra_files_in_text_and_yaml(settings: Any, tmp_path: Path) -> None:
    text = tmp_path / "extra.txt"
    text.write_text("# 注释\n套路贷\n高利贷,finance\n", encoding="utf-8")
    data = tmp_path / "more.yaml"
    data.write_text("fraud:\n  - 电信诈骗\nnested:\n  deep: [洗钱]\n", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [b", encoding="utf-8")
    settings.GONGKAI = {
        **settings.GONGKAI,
        "MAILBOX_LEXICON_FILES": [str(text), str(data), str(broken), str(tmp_path / "gone.txt")],
    }
    found = lexicon.find_words("有人搞套路贷和电信诈骗、洗钱，还有高利贷")
    assert found == ["套路贷", "洗钱", "电信诈骗", "高利贷"]


def test_the_monitors_lexicon_is_read_without_importing_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The monitor app is found through the app registry, its word lists in its data folder."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "lexicon.txt").write_text("非法集资\n", encoding="utf-8")
    (tmp_path / "data" / "other.txt").write_text("不读这个\n", encoding="utf-8")

    class Monitor:
        label, path = "monitor", str(tmp_path)

    others = [c for c in lexicon.apps.get_app_configs() if c.label != "monitor"]
    monkeypatch.setattr(lexicon.apps, "get_app_configs", lambda: [*others, Monitor()])
    assert lexicon.find_words("举报非法集资，不读这个") == ["非法集资"]


@pytest.mark.django_db
def test_a_hit_flags_the_letter_and_never_refuses_it(write: Callable[..., Letter]) -> None:
    letter = write(body="小区里有人发广告代开发票，请查处。详见 http://spam.example")
    assert letter.status == Status.SCREENING
    assert letter.filter_hits == ["代开发票"] and letter.spam_suspected
    assert not write(title="路灯", body="路灯不亮，请维修。").filter_hits
