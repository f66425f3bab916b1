"""Rules of the 政府公报, one function per rule.

- 《政府信息公开条例》第二十三条: the 政府公报 is a channel of 主动公开, so only information
  already published as 主动公开 enters an issue.
- 《规章制定程序条例》第三十二条 (and 《立法法》 on 地方政府规章): the text printed in the
  政府公报 is the 标准文本 — an item's page says in which issue it was printed.
- Numbering (DERIVED from the practice of the 公报 seen in `spec/platform-features.md`): an
  issue is 第N期 of its year, once per gazette and year; 总第N期 is optional and also once.
"""

from __future__ import annotations

from datetime import date

#: The earliest and latest year an issue may carry (a typo such as 206 or 20266 is refused).
MIN_YEAR = 1949
MAX_NUMBER = 366


def number_refusal(*, year: int, number: int, taken: bool) -> str | None:
    """第N期 within a year: a positive number, used once per gazette and year."""
    if not 1 <= number <= MAX_NUMBER:
        return f"期号应为1至{MAX_NUMBER}之间的整数。"
    if taken:
        return f"{year}年第{number}期已经存在，同一年度的期号不能使用两次。"
    return None


def total_number_refusal(*, total_number: int | None, taken: bool) -> str | None:
    """总第N期 (optional): once per gazette."""
    if total_number is None:
        return None
    if total_number < 1:
        return "总期号应为正整数。"
    if taken:
        return f"总第{total_number}期已经存在，总期号不能使用两次。"
    return None


def date_refusal(*, year: int, issued_on: date | None, today: date) -> str | None:
    """The 出版日期 falls in the issue's year and is not far in the future (a year at most:
    an issue may be prepared ahead, never dated by a typo)."""
    if issued_on is None:
        return "请填写出版日期。"
    if not MIN_YEAR <= year <= today.year + 1:
        return f"年份应在{MIN_YEAR}年至{today.year + 1}年之间。"
    if issued_on.year != year:
        return f"出版日期（{issued_on:%Y年%m月%d日}）不在{year}年内。"
    return None


def entry_refusal(
    *, item_public: bool, in_tree: bool, carried_by: str | None, same_issue: bool
) -> str | None:
    """An item enters an issue when it is published as 主动公开 (条例第二十三条), belongs to the
    gazette's organ or an organ below it, and no other issue of the gazette carries it (a
    standard text is printed once; a withdrawn issue no longer counts)."""
    if same_issue:
        return "该信息已编入本期公报。"
    if not item_public:
        return "只有已发布的主动公开信息才能编入公报。"
    if not in_tree:
        return "只能编入本机关及其下级机关发布的信息。"
    if carried_by:
        return f"该信息已刊登于{carried_by}，不能重复刊登。"
    return None


def publish_refusal(*, entries: int, not_public: list[str]) -> str | None:
    """An issue is published with at least one entry, each still published (an item withdrawn
    since it was added must leave the 目录 first)."""
    if entries == 0:
        return "目录为空，不能出版。请先编入信息。"
    if not_public:
        titles = "、".join(f"“{t}”" for t in not_public[:3])
        more = f"等{len(not_public)}条" if len(not_public) > 3 else ""
        return f"目录中的{titles}{more}已不是公开发布状态，请移出后再出版。"
    return None
