"""Writing to a mailbox: a citizen's letter is checked and registered (待审核).

The public form checks the robot traps and rate limits (`views/public.py`, `core/formguard.py`,
`core/ratelimit.py`); this service checks the letter itself, again whatever the form did:
the channel takes letters and this type, the required fields, the length, the attachments (the
catalog's upload checks: type sniffed from the content, size, zip bombs, polyglots). It flags,
for the screener, the words of the filter's lexicon, suspected spam and a possible repeat of an
earlier letter by the same writer. A form sent twice (same `client_token`) registers one letter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.catalog.files import as_file, check_upload, safe_name, sha256_of
from gongkai.core.conf import gongkai_settings
from gongkai.core.identifiers import is_valid_resident_id
from gongkai.core.serials import next_serial
from gongkai.core.workcal.calendar import default_calendar
from gongkai.mailbox import deadlines, lexicon, rules
from gongkai.mailbox.models import (
    SCREENED_OUT,
    Channel,
    Letter,
    LetterAttachment,
    LetterSerial,
)
from gongkai.mailbox.transitions import LETTER_MACHINE, Event

#: At most this many attachments to a letter.
MAX_ATTACHMENTS = 3
#: How far back a possible repeat of the same writer's letter is looked for.
DUPLICATE_WINDOW_DAYS = 30
_PHONE = re.compile(r"^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$")


@dataclass(frozen=True)
class LetterInput:
    """What the writer gives (every field is text the office reads as such, never HTML)."""

    letter_type: str
    title: str
    body: str
    name: str
    phone: str
    id_number: str = ""
    email: str = ""
    address: str = ""
    consent_publish: bool = False


@dataclass(frozen=True)
class IntakeResult:
    letter: Letter
    created: bool


def validate_letter(channel: Channel, data: LetterInput) -> dict[str, str]:
    """Field → the Chinese reason it is refused (empty when the letter may be registered). The
    write form shows these next to the fields; the service raises them."""
    conf = gongkai_settings()
    problems: dict[str, str] = {}
    if data.letter_type not in channel.types:
        allowed = "、".join(label for _v, label in channel.type_choices)
        problems["letter_type"] = f"本信箱受理的留言类型为：{allowed}。"
    if not data.title.strip():
        problems["title"] = "请填写标题。"
    elif len(data.title) > 100:
        problems["title"] = f"标题不能超过100字（现为{len(data.title)}字）。"
    body = data.body.strip()
    if len(body) < 5:
        problems["body"] = "请填写留言内容（至少5个字）。"
    else:
        too_long = rules.length_problem(data.body, maximum=conf.MAILBOX_MAX_LETTER_CHARS)
        if too_long:
            problems["body"] = too_long
    if not data.name.strip():
        problems["name"] = "请填写姓名。"
    elif len(data.name) > 50:
        problems["name"] = "姓名不能超过50字。"
    if not _PHONE.match(data.phone.strip()):
        problems["phone"] = "请填写有效的联系电话（手机号码或含区号的固定电话）。"
    ident = data.id_number.strip().upper()
    if channel.require_id_number and not ident:
        problems["id_number"] = "本信箱要求填写身份证号码。"
    elif ident and not is_valid_resident_id(ident):
        problems["id_number"] = "身份证号码无效：应为18位，且校验码正确。"
    if channel.require_address and not data.address.strip():
        problems["address"] = "本信箱要求填写联系地址。"
    elif len(data.address) > 200:
        problems["address"] = "联系地址不能超过200字。"
    return problems


def check_attachments(files: Sequence[tuple[str, bytes | File]]) -> list[tuple[str, str, File]]:
    """(safe name, kind, file) of each attachment, checked as the catalog checks its own
    (`catalog/files.check_upload`), or ValidationError in Chinese."""
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": f"最多上传{MAX_ATTACHMENTS}个附件。"})
    limit = min(gongkai_settings().MAILBOX_MAX_ATTACHMENT_MB, gongkai_settings().MAX_UPLOAD_MB)
    checked = []
    for raw_name, data in files:
        name = safe_name(raw_name)
        upload = as_file(data)
        try:
            kind = check_upload(name, upload, limit * 1024 * 1024)
        except ValidationError as exc:
            raise ValidationError({"attachments": exc.messages}) from None
        checked.append((name, kind, upload))
    return checked


def _reference(now: datetime) -> str:
    year = timezone.localtime(now).year
    return f"XX{year}{next_serial(LetterSerial, year=year):06d}"


def _possible_duplicate(data: LetterInput, now: datetime) -> Letter | None:
    """The writer's own recent letter saying the same thing (same phone or ID number)."""
    same = Q(phone=data.phone.strip())
    if data.id_number.strip():
        same |= Q(id_number=data.id_number.strip().upper())
    since = now - timedelta(days=DUPLICATE_WINDOW_DAYS)
    earlier = Letter.objects.filter(same, submitted_at__gte=since).exclude(status__in=SCREENED_OUT)
    for other in earlier.order_by("-submitted_at")[:20]:
        if rules.similar(other.body, data.body) and rules.similar(other.title, data.title):
            return other
    return None


@transaction.atomic
def letter_receive(
    *,
    channel: Channel,
    data: LetterInput,
    attachments: Sequence[tuple[str, bytes | File]] = (),
    client_token: str = "",
    now: datetime | None = None,
) -> IntakeResult:
    """Register a letter written through the public form (`actor=None`: the writer, who has no
    account). Raises ValidationError (field → message) and writes nothing when it is refused."""
    if client_token:
        existing = Letter.objects.filter(client_token=client_token).first()
        if existing is not None:
            return IntakeResult(existing, created=False)
    if not channel.active:
        raise ValidationError("该信箱暂停受理留言。")
    problems = validate_letter(channel, data)
    if problems:
        raise ValidationError(problems)
    checked = check_attachments(attachments)
    now = now or timezone.now()
    day = timezone.localdate(now)
    cal = default_calendar()
    stripped: dict[str, Any] = {k: v.strip() for k, v in asdict(data).items() if isinstance(v, str)}
    clean = replace(data, **stripped)
    hits = lexicon.find_words(clean.title, clean.body)
    due = deadlines.screening_due(day, cal, days=gongkai_settings().MAILBOX_SCREENING_WORKING_DAYS)
    letter = Letter(
        channel=channel,
        organ=channel.organ,
        reference=_reference(now),
        letter_type=clean.letter_type,
        title=clean.title,
        body=clean.body,
        name=clean.name,
        phone=clean.phone,
        id_number=clean.id_number.upper(),
        email=clean.email,
        address=clean.address,
        consent_publish=clean.consent_publish,
        client_token=client_token,
        submitted_at=now,
        submitted_on=day,
        screening_due=due.day,
        due_explanation=list(due.explanation),
        calendar_version=cal.version,
        filter_hits=hits,
        spam_suspected=rules.spam_suspected(clean.body, hits),
        possible_duplicate=_possible_duplicate(clean, now),
    )
    LETTER_MACHINE.fire(
        actor=None,
        obj=letter,
        event=Event.RECEIVE,
        data={"channel": channel.name, "letter_type": clean.letter_type},
    )
    for name, kind, upload in checked:
        attachment = LetterAttachment(
            letter=letter, name=name, kind=kind, size=upload.size or 0, sha256=sha256_of(upload)
        )
        upload.seek(0)
        attachment.file.save(name, upload, save=False)
        attachment.save()
    return IntakeResult(letter, created=True)
