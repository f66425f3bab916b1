"""The change list between two versions: matched by key, in the newer version's order."""

from __future__ import annotations

from gongkai.inventories.diff import ADDED, CHANGED, REMOVED, changes


def test_added_removed_and_changed_entries() -> None:
    older = [
        {"key": "a", "name": "食品经营许可", "basis": "食品安全法"},
        {"key": "b", "name": "广告发布登记", "basis": "广告法"},
        {"key": "c", "name": "计量器具检定", "basis": "计量法"},
    ]
    newer = [
        {"key": "a", "name": "食品经营许可", "basis": "食品安全法 "},  # blanks are no change
        {"key": "c", "name": "计量器具强制检定", "basis": "计量法第九条"},
        {"key": "d", "name": "特种设备使用登记", "basis": "特种设备安全法"},
    ]
    found = changes(older, newer, fields=["basis"])
    assert [(c.kind, c.name) for c in found] == [
        (CHANGED, "计量器具强制检定"),
        (ADDED, "特种设备使用登记"),
        (REMOVED, "广告发布登记"),
    ]
    assert found[0].fields == ("name", "basis") and found[0].old_name == "计量器具检定"
    assert [c.label for c in found] == ["修改", "新增", "删除"]


def test_a_first_version_is_all_added() -> None:
    found = changes([], [{"key": "a", "name": "x"}], fields=[])
    assert [c.kind for c in found] == [ADDED]
