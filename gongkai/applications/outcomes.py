"""The result taxonomy of a closed application: exactly one leaf of the 2021 annual-report table 三.

Keys match the report definitions (legal-rules §2.4); each leaf names its legal basis (DERIVED
mapping in §2.4, "Mapping of result rows to articles").
The annual report counts closed cases by key.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    key: str
    group: str
    label: str
    basis: str
    # Which answer-letter template family fits the outcome.
    letter: str


OUTCOMES: tuple[Outcome, ...] = (
    Outcome("granted", "（一）予以公开", "予以公开", "《条例》第三十六条第（一）（二）项", "grant"),
    Outcome("partial", "（二）部分公开", "部分公开（区分处理）", "《条例》第三十七条", "partial"),
    Outcome("denied.state_secret", "（三）不予公开", "属于国家秘密", "《条例》第十四条", "deny"),
    Outcome(
        "denied.law_forbidden",
        "（三）不予公开",
        "其他法律行政法规禁止公开",
        "《条例》第十四条",
        "deny",
    ),
    Outcome(
        "denied.safety_stability",
        "（三）不予公开",
        "危及“三安全一稳定”",
        "《条例》第十四条",
        "deny",
    ),
    Outcome(
        "denied.third_party",
        "（三）不予公开",
        "保护第三方合法权益",
        "《条例》第十五条、第三十二条",
        "deny",
    ),
    Outcome(
        "denied.internal_affairs",
        "（三）不予公开",
        "属于三类内部事务信息",
        "《条例》第十六条第一款",
        "deny",
    ),
    Outcome(
        "denied.process_info",
        "（三）不予公开",
        "属于四类过程性信息",
        "《条例》第十六条第二款",
        "deny",
    ),
    Outcome(
        "denied.enforcement_file",
        "（三）不予公开",
        "属于行政执法案卷",
        "《条例》第十六条第二款",
        "deny",
    ),
    Outcome(
        "denied.admin_query",
        "（三）不予公开",
        "属于行政查询事项",
        "《条例》第三十六条第（七）项",
        "deny",
    ),
    Outcome(
        "unable.not_held",
        "（四）无法提供",
        "本机关不掌握相关政府信息",
        "《条例》第三十六条第（四）（五）项",
        "unable",
    ),
    Outcome(
        "unable.needs_creation",
        "（四）无法提供",
        "没有现成信息需要另行制作",
        "《条例》第三十八条",
        "unable",
    ),
    Outcome(
        "unable.still_unclear",
        "（四）无法提供",
        "补正后申请内容仍不明确",
        "《条例》第三十条",
        "unable",
    ),
    Outcome(
        "not_processed.petition",
        "（五）不予处理",
        "信访举报投诉类申请",
        "《条例》第三十九条第一款",
        "not_processed",
    ),
    Outcome(
        "not_processed.duplicate",
        "（五）不予处理",
        "重复申请",
        "《条例》第三十六条第（六）项",
        "not_processed",
    ),
    Outcome(
        "not_processed.publication",
        "（五）不予处理",
        "要求提供公开出版物",
        "《条例》第三十九条第二款",
        "not_processed",
    ),
    Outcome(
        "not_processed.excessive",
        "（五）不予处理",
        "无正当理由大量反复申请",
        "《条例》第三十五条",
        "not_processed",
    ),
    Outcome(
        "not_processed.confirm_reissue",
        "（五）不予处理",
        "要求行政机关确认或重新出具已获取信息",
        "《条例》第三十六条",  # no explicit article (legal-rules §2.4, UNVERIFIED)
        "not_processed",
    ),
    Outcome(
        "other.no_correction",
        "（六）其他处理",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "《条例》第三十条",
        "other",
    ),
    Outcome(
        "other.no_fee_payment",
        "（六）其他处理",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
        "other",
    ),
    Outcome("other.other", "（六）其他处理", "其他", "", "other"),
)

OUTCOME_BY_KEY: dict[str, Outcome] = {o.key: o for o in OUTCOMES}
OUTCOME_CHOICES: list[tuple[str, str]] = [(o.key, f"{o.group} {o.label}") for o in OUTCOMES]
