"""Protections of the public forms anyone can send without an account (no captcha, no JS).

Shared by the application form (`applications/views/public.py`, where these were first written)
and the mailbox (`mailbox/views/public.py`):

- a honeypot field real people never see (`honeypot_field`; filled → a robot);
- a minimum fill time: the form carries its signed start time (`started_token`), and a form sent
  back sooner than the site's minimum (`GONGKAI["APPLY_MIN_FILL_SECONDS"]`) is refused
  (`seconds_since`);
- the 查询码 lookup compares the last four characters of a phone or ID number in constant time
  (`tail_matches`), so that a wrong code and a wrong tail take the same work;
- 查询码 themselves (`new_query_code`): 12 characters without look-alikes.

Rate limits are in `core/ratelimit.py`.
"""

from __future__ import annotations

import hmac
import re
import secrets
import time

from django import forms
from django.core import signing

#: 查询码 alphabet without look-alikes (0/O, 1/I/L) so it can be read out over the phone.
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#: A form's start time is believed for this long (a form left open over night still works).
STARTED_MAX_AGE = 24 * 3600


def new_query_code(length: int = 12) -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(length))


def started_token(salt: str) -> str:
    """The form's start time, signed (a hidden field), so its age cannot be forged."""
    return signing.dumps(time.time(), salt=salt)


def seconds_since(token: str, salt: str) -> float | None:
    """Seconds since `started_token(salt)` made `token`; None when it is forged or too old."""
    try:
        started = float(signing.loads(token, salt=salt, max_age=STARTED_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return time.time() - started


def honeypot_field() -> forms.CharField:
    """A text field hidden from people (the template puts it in a `visually-hidden`,
    `aria-hidden` box, out of the tab order); robots that fill every field fill it."""
    return forms.CharField(
        label="请勿填写此项",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


def tail_matches(tail: str, *, phone: str, ident: str = "") -> bool:
    """Whether `tail` is the last four of the phone (digits only) or of the ID number, compared
    in constant time and without an early exit."""
    phone_tail = re.sub(r"\D", "", phone)[-4:]
    ident_tail = ident[-4:].upper()
    ok_phone = hmac.compare_digest(phone_tail.encode(), tail.encode())
    ok_id = bool(ident_tail) and hmac.compare_digest(ident_tail.encode(), tail.encode())
    return ok_phone or ok_id
