"""The legal rules of 依申请公开 that are not about time, one function each, citing its article.

Time rules (receipt date by channel, 补正 notice within 7 working days, the answer period and its
one extension, consultation and fee windows) live in `deadlines.py`. Services check these rules
under the row lock; the staff actions (`actions.py`) ask the same functions whether to offer a
form, so a page never offers what the service would refuse.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from gongkai.orgs.models import Organ

#: Art. 27: 各级人民政府 and 县级以上人民政府部门 accept applications (and the bodies they name,
#: which the platform registers as departments); other units (事业单位 …) do not.
ACCEPTING_KINDS: frozenset[str] = frozenset({Organ.Kind.GOVERNMENT, Organ.Kind.DEPARTMENT})


def accepts_applications(organ: Organ) -> bool:
    """Art. 27: whether `organ` accepts 政府信息公开申请 (receives them, or takes a transfer)."""
    return organ.kind in ACCEPTING_KINDS


def check_single_correction_notice(*, notified_on: date | None) -> None:
    """Art. 30: the organ tells the applicant once, all at once (一次性告知), what to correct.

    `notified_on` is the day of an earlier 补正 notice of the same case, if any.
    """
    if notified_on is not None:
        raise ValidationError("第三十条规定补正应一次性告知，本申请已告知过补正。")
