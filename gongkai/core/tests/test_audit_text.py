"""`audit_data_text`: the data of an audit event in Chinese, from each app's `AUDIT_DATA`."""

from __future__ import annotations

import pytest

from gongkai.core.audit import AuditDataLabels, _data_labels, audit_data_text, audit_value


@pytest.mark.parametrize(
    ("data", "action", "expected"),
    [
        (
            {"confirmed_on": "2026-03-02"},
            "application.confirm_receipt",
            "确认收到日期：2026年3月2日",
        ),
        ({"fields": ["id_number"]}, "application.view_personal_data", "查看的信息："),
        ({"from": "valid", "to": "expired"}, "item.validity", "有效性："),
        ({"roles": ["editor", "reviewer"]}, "user.create", "岗位：采编、审核"),
        ({"generated": True}, "user.password_reset", "系统随机生成：是"),
        ({"scheduled_for": "2026-03-02T02:00:00+00:00"}, "item.schedule", "2026年3月2日 10:00"),
        ({"changed": ["table2.fees.amount"]}, "report.figures", "表二 行政事业性收费 本年收费金额"),
        ({"changed": ["problems"]}, "report.sections", "修改的部分：五、存在的主要问题及改进情况"),
        ({"scope": "subtree"}, "report.create", "统计范围：汇总（含下级机关）"),
    ],
)
def test_keys_and_values_read_in_chinese(data: dict, action: str, expected: str) -> None:
    assert expected in audit_data_text(data, action=action)


def test_pairs_hidden_keys_and_blanks() -> None:
    assert audit_data_text({"from": "", "to": "lisi"}, action="application.assign") == (
        "承办人：无 → lisi"
    )
    # Row ids are not shown; nothing recorded is not shown; nested records are left out.
    assert audit_data_text(
        {"finding": 7, "kind": "mobile", "source": "正文"}, action="finding.acknowledge"
    ) == ("发现类型：手机号码；位置：正文")
    assert audit_data_text({"note": "", "days": 5, "x": {"a": 1}}) == "工作日数：5"
    assert audit_data_text({}) == "" and audit_data_text(None) == ""
    # A key no app labels keeps its name rather than vanishing (tests of each timeline catch it).
    assert audit_data_text({"mystery": 1}) == "mystery：1"
    assert audit_value(["a", "b"], key="x") == "a、b" and audit_value(False, key="x") == "否"


def test_every_app_declares_its_labels() -> None:
    registry = _data_labels()
    assert isinstance(registry, AuditDataLabels)
    for key in ("confirmed_on", "item.validity:from", "scope", "user.change:changed"):
        assert key in registry.labels, key
