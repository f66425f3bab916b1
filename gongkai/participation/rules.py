"""Rules of 公众参与 that are not time rules: one pure function each, returning the Chinese reason
a person reads (None when the rule is met). Services call them under the row lock; the staff
actions call them to decide which buttons to show. Time rules are in `deadlines.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def comment_length_problem(text: str, *, maximum: int) -> str | None:
    """Local practice (`PARTICIPATION_MAX_COMMENT_CHARS`): a comment has a maximum length; a
    longer one is refused with the limit and its own length (issue 18, bad input)."""
    if len(text) <= maximum:
        return None
    return f"意见内容不能超过{maximum}字（现为{len(text)}字）。较长的意见请通过信函或电子邮件提交。"


@dataclass(frozen=True)
class GroupLine:
    """One group of the feedback as the rule reads it."""

    topic: str
    decision: str
    reason: str


def feedback_problem(*, groups: Sequence[GroupLine], counted: int, ungrouped: int) -> str | None:
    """采纳情况反馈 (国务院令第713号 asks that 公众意见 be 归纳整理、研究论证 and the adoption
    explained; article number UNVERIFIED; issue 18 §3):
    the comments received are grouped, each group says whether it was adopted, and a group not
    (or only partly) adopted says why. Every counted comment belongs to a group; a consultation
    that received none publishes a feedback saying so (no groups)."""
    if counted and not groups:
        return f"共收到{counted}条意见，请先将意见归类并逐类说明采纳情况。"
    if ungrouped:
        return f"还有{ungrouped}条意见未归类，请将每条意见归入一类后再公布反馈。"
    for group in groups:
        if group.decision != "adopted" and not group.reason.strip():
            return f"意见“{group.topic}”未采纳或部分采纳，请说明理由。"
    return None


def close_refusal(*, feedback_published: bool, ended: bool) -> str | None:
    """A consultation is closed only after its period ended and its 采纳情况反馈 was published
    (issue 18 §3: "cannot be closed without publishing it")."""
    if not ended:
        return "征求意见期限尚未届满，不能办结。"
    if not feedback_published:
        return "尚未公布采纳情况反馈，不能办结征求意见。请先归类意见、说明采纳情况并公布反馈。"
    return None


def final_item_refusal(*, item_public: bool, same_tree: bool) -> str | None:
    """The final policy linked to a consultation is a public catalog item of the organ, of the
    government above it or of an organ below it: the public follows the link both ways."""
    if not same_tree:
        return "只能关联本机关、上级政府或下属机关发布的正式文件。"
    if not item_public:
        return "只能关联已公开发布的正式文件。"
    return None


def reply_disclosure_problem(
    *, disclosure: str, item_public: bool | None, summary: str
) -> str | None:
    """办理复文 公开属性 decided at the source (the 政务公开 practice of publishing replies to
    建议提案; the national text is UNVERIFIED; issue 18 §5): full text only when the catalog
    item itself is public; a reply whose text is not for disclosure is published as a 摘要,
    which must then be written."""
    if disclosure == "full":
        if item_public is None:
            return "全文公开的复文须关联目录中的办理复文。"
        if not item_public:
            return "所关联的办理复文不是主动公开的已发布信息，不能全文公开；请改为摘要公开。"
        return None
    if disclosure == "summary":
        return None if summary.strip() else "摘要公开的复文须填写摘要。"
    return "请选择复文的公开方式（全文公开或摘要公开）。"


def results_public(*, closed: bool) -> bool:
    """网上调查: results are published after the survey closes (issue 18 §4), so early answers
    do not sway later ones."""
    return closed


def survey_answer_refusal(*, already_answered: bool, ip_answers: int, ip_cap: int) -> str | None:
    """One answer per person, enforced reasonably (issue 18 §4): one per browser (a cookie) and
    at most `PARTICIPATION_SURVEY_ANSWERS_PER_IP` per network address (an office shares one)."""
    if already_answered:
        return "您已经参与过本次调查，感谢您的参与。"
    if ip_answers >= ip_cap:
        return "同一网络地址参与本次调查的次数已达上限，感谢您的参与。"
    return None
