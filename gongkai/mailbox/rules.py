"""Rules of the mailbox that are not time rules: one pure function each, returning the Chinese
reason a person reads (None when the rule is met). The services call them under the row lock;
the staff actions call them to decide which buttons to show.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection

from gongkai.mailbox.models import REPLIED

#: Two letters from one writer this similar (after normalising) are flagged as a duplicate.
DUPLICATE_SIMILARITY = 0.9
#: A letter with this many links or more is flagged as suspected spam.
SPAM_LINKS = 3
_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def length_problem(text: str, *, maximum: int, label: str = "留言内容") -> str | None:
    """Local practice (`MAILBOX_MAX_LETTER_CHARS`): a letter's text has a maximum length; a longer
    one is refused with the limit and its own length (longer material goes in an attachment)."""
    if len(text) <= maximum:
        return None
    return f"{label}不能超过{maximum}字（现为{len(text)}字）。较长的材料请作为附件上传。"


def transfer_refusal(
    *, current: int, target: int, visited: Collection[int], by_office: bool
) -> str | None:
    """按责转办 without loops: a letter never goes back to an organ it has already left, so two
    organs cannot pass it between them. The mailbox's own 公开办 (`by_office`), which screens
    and coordinates, may still assign it anywhere; a handling organ that disputes the
    responsibility returns the letter to that office instead (退回公开办)."""
    if target == current:
        return "不能转办给当前办理机关本身。"
    if target in visited and not by_office:
        return (
            "该留言曾由该机关办理并转出，不能再转回（避免来回转办）。"
            "如对办理职责有异议，请“退回公开办”，由公开办协调确定办理机关。"
        )
    return None


def publication_refusal(*, consent: bool, status: str, secrecy_marks: int) -> str | None:
    """A reply is published only (1) with the writer's consent, asked at writing, (2) once it is
    answered, and (3) when the 保密 scanner finds no secrecy mark in the text to be published."""
    if not consent:
        return "留言人未同意公开，不能公开此留言及答复。"
    if status not in REPLIED:
        return "留言答复后才能公开。"
    if secrecy_marks:
        return f"保密审查扫描发现{secrecy_marks}处密级或内部资料标志，请修改后再公开。"
    return None


def normalised(text: str) -> str:
    """Text for the duplicate comparison: without spaces and punctuation."""
    return _NOISE.sub("", text).lower()


def similar(a: str, b: str) -> bool:
    """Whether two letters say the same thing (a repeated submission, 重复留言)."""
    x, y = normalised(a), normalised(b)
    if not x or not y:
        return False
    if x == y:
        return True
    return difflib.SequenceMatcher(None, x, y).ratio() >= DUPLICATE_SIMILARITY


def spam_suspected(text: str, hits: Collection[str]) -> bool:
    """Suspected spam (advertising, link farms): many links, or a spam word beside a link. The
    screener decides; nothing a citizen wrote is thrown away unread."""
    links = len(_LINK.findall(text))
    return links >= SPAM_LINKS or (links > 0 and bool(hits))
