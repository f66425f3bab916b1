"""The website inspection rules, one function each, citing their source.

Sources: 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号) single-veto table and 指标说明
(legal-rules §4.1); the 2015 普查评分表 note "未注明信息发布时间的视为不更新" (§4.2); the
"应更新但长期不更新的栏目" explainer (§4.3); 《政府网站发展指引》(国办发〔2017〕47号) on
domains (§4.4). Thresholds are read from `data/indicators.yaml`, not written here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.monitor.data import indicators

UNREACHABLE = "站点无法访问"
HOMEPAGE_STALE = "首页不更新"
COLUMNS_STALE = "栏目不更新"
SECURITY = "安全、泄密事故等严重问题"
INTERACTION = "互动回应差"
SERVICE = "服务不实用"

#: The single-veto indicators in the order of the 2019 table.
VETO_ORDER = (SECURITY, UNREACHABLE, HOMEPAGE_STALE, COLUMNS_STALE, INTERACTION, SERVICE)


@dataclass(frozen=True)
class Outcome:
    fails: bool
    reason: str


def unreachable(*, probes: int, failed: int) -> Outcome:
    """站点无法访问 (国办秘函〔2019〕19号): "监测1周，每天间隔性访问20次以上，超过（含）15秒网站
    仍打不开的次数累计占比超过（含）5%，即单项否决。" A probe that fails or takes ≥15 s counts."""
    rule = indicators()["single_veto"]["unreachable"]
    if probes == 0:
        return Outcome(False, "尚无探测记录")
    ratio = failed / probes
    limit = float(rule["max_fail_ratio_inclusive"])
    text = f"{probes}次访问中{failed}次超过{rule['timeout_s']}秒仍打不开，占{ratio:.1%}"
    if ratio >= limit:
        return Outcome(True, f"{text}，达到（含）{limit:.0%}")
    return Outcome(False, f"{text}，低于{limit:.0%}")


def homepage_stale(*, newest: date | None, today: date) -> Outcome:
    """首页不更新 (国办秘函〔2019〕19号): "监测2周，首页无信息更新的，即单项否决。" With the 2015
    note: "未注明信息发布时间的视为不更新" (a home page with no dated item is not updated)."""
    window = int(indicators()["single_veto"]["homepage_stale"]["window_days"])
    if newest is None:
        return Outcome(True, "首页没有注明发布时间的信息（未注明发布时间的视为不更新）")
    age = (today - newest).days
    if age > window:
        return Outcome(True, f"首页最新信息为{newest:%Y-%m-%d}，已{age}天未更新（超过{window}天）")
    return Outcome(False, f"首页最新信息为{newest:%Y-%m-%d}（{age}天前）")


def column_window(kind: str, override: int | None = None) -> int | None:
    """The update window of a column, in days: 动态要闻 2 weeks, 通知公告/政策文件 6 months
    (国办秘函〔2019〕19号 栏目不更新 item 1); 人事、规划计划 1 year (UNVERIFIED, §4.3); None:
    the indicators set no window (互动, 其他)."""
    if override:
        return override
    value = indicators()["column_windows"].get(kind)
    return int(value) if value else None


def column_is_stale(*, newest: date | None, window: int | None, today: date) -> bool:
    """A windowed column is stale when its newest dated item is older than the window; a column
    whose items carry no date counts as not updated (2015 普查: 未注明发布时间的视为不更新)."""
    if window is None:
        return False
    return newest is None or (today - newest).days > window


def counts_for_first_rule(kind: str, first_level: bool) -> bool:
    """栏目不更新 item 1 counts 动态、要闻类栏目 and 通知公告、政策文件类**一级**栏目."""
    return kind == "news" or (kind in ("notice", "policy") and first_level)


def columns_stale(*, key_stale: int, long_stale: int, blank: int) -> Outcome:
    """栏目不更新 (国办秘函〔2019〕19号): "1.…累计超过（含）5个未更新。 2.应更新但长期未更新的
    栏目数量超过（含）10个。 3.空白栏目数量超过（含）5个。上述情况出现任意一种，即单项否决。"
    Blank columns are also 应更新但长期不更新 (§4.3), so they count in item 2 too."""
    rule = indicators()["single_veto"]["columns_stale"]
    reasons = []
    if key_stale >= int(rule["veto_if_count_gte"]):
        reasons.append(f"动态要闻及通知公告、政策文件类一级栏目{key_stale}个未按时更新")
    if long_stale + blank >= int(rule["long_stale_should_update_veto_if_gte"]):
        reasons.append(f"应更新但长期未更新的栏目{long_stale + blank}个（含空白栏目）")
    if blank >= int(rule["blank_columns_veto_if_gte"]):
        reasons.append(f"空白栏目{blank}个")
    if reasons:
        return Outcome(True, "；".join(reasons))
    return Outcome(
        False, f"未按时更新的重点栏目{key_stale}个，长期未更新{long_stale}个，空白栏目{blank}个"
    )


def interaction(*, has_channel: bool, oldest_unanswered: date | None, today: date) -> Outcome:
    """互动回应差 (国办秘函〔2019〕19号): "1.未提供网上有效咨询建言渠道… 2.监测时间点前1年内，
    …政务咨询类栏目存在超过3个月未回应有效留言的现象。上述情况出现任意一种，即单项否决。"
    `oldest_unanswered`: the writing date of the oldest valid message still unanswered, among
    those written within the past year."""
    rule = indicators()["single_veto"]["interaction"]
    if not has_channel:
        return Outcome(True, "未提供网上有效咨询建言渠道")
    if oldest_unanswered is None:
        return Outcome(False, "无超过3个月未回应的留言")
    months = int(rule["unanswered_valid_message_months"])
    veto_day = add_months(oldest_unanswered, months)
    if veto_day < today:
        return Outcome(
            True,
            f"{oldest_unanswered:%Y-%m-%d}的留言至今未回应，超过{months}个月（{veto_day:%Y-%m-%d}）",
        )
    return Outcome(False, f"最早未回应的留言写于{oldest_unanswered:%Y-%m-%d}，未超过{months}个月")


def within_lookback(written: date, today: date) -> bool:
    """互动回应差 looks at messages of the year before the monitoring date."""
    years = int(indicators()["single_veto"]["interaction"]["lookback_years"])
    return written >= today - timedelta(days=366 * years)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def domain_problem(host: str, *, kind: str) -> str:
    """国办发〔2017〕47号: "政府网站要使用以.gov.cn为后缀的英文域名…其他政府门户网站使用
    “www.□□□.gov.cn”结构的域名…部门网站…结构应为“○○○.□□□.gov.cn”". Returns what is wrong
    ("" when the host follows the rule). DERIVED: the check of the structure is by label count."""
    if not host.endswith(".gov.cn"):
        return f"域名 {host} 不以 .gov.cn 结尾"
    labels = host.split(".")
    if kind == "portal" and not (labels[0] == "www" and len(labels) == 4) and host != "www.gov.cn":
        return f"门户网站域名 {host} 不是“www.□□□.gov.cn”结构"
    if kind == "department" and len(labels) < 4:
        return f"部门网站域名 {host} 不是上级门户的下级域名（○○○.□□□.gov.cn）"
    return ""


def dead_link_ratio_ok(*, dead: int, total: int) -> bool:
    """死链/错链: the error-link rate should stay below 1% (monitoring products' target,
    platform-features §2; a deduction, not a veto)."""
    target = float(indicators()["dead_link_target_ratio"])
    return total == 0 or dead / total < target


def score(deductions: Mapping[str, float]) -> float:
    """指标说明 (国办秘函〔2019〕19号): 扣分指标 100 points, "采用扣分方式评分的，单项指标扣分之和
    不超过本项指标总分值": each item's deduction is capped at its own maximum. The points per
    item are local settings (data/indicators.yaml, UNVERIFIED)."""
    table = indicators()["deductions"]
    total = 0.0
    for key, points in deductions.items():
        cap = float(table.get(key, {}).get("max", points))
        total += min(points, cap)
    return max(round(100 - total, 1), 0.0)


def verdict(*, vetoes: list[str], points: float) -> tuple[str, str]:
    """指标说明: "如网站出现单项否决指标中的任意一种情形，即判定为不合格网站，不再对其他指标进行
    评分…如评分结果低于60分，判定为不合格网站". Returns (verdict, explanation)."""
    if vetoes:
        return "fail", "单项否决：" + "、".join(vetoes)
    if points < 60:
        return "fail", f"扣分指标得分{points:g}分，低于60分"
    return "pass", f"无单项否决，扣分指标得分{points:g}分"
