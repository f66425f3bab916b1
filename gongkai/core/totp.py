"""Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP), for the staff's optional
second factor. Written here on `hmac` (no package needed): SHA-1, 6 digits, 30-second steps, as
every authenticator app (微信/支付宝 小程序, Google/Microsoft Authenticator, FreeOTP) expects.

A code is accepted for the current step and one step either side (clock drift), and never twice:
the step of the last accepted code is stored (`StaffTOTP.last_step`), so a code read over a
shoulder cannot be replayed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
import unicodedata
from urllib.parse import quote, urlencode

DIGITS = 6
STEP_SECONDS = 30
#: Steps either side of now that are still accepted (clock drift between phone and server).
DRIFT_STEPS = 1
SECRET_BYTES = 20  # 160 bits, RFC 4226's recommendation for HMAC-SHA-1


def new_secret() -> str:
    """A random secret as base32 without padding (what authenticator apps are given)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def _key(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(secret: str, counter: int, digits: int = DIGITS) -> str:
    """RFC 4226 §5.3: HMAC-SHA-1 of the counter, dynamically truncated."""
    mac = hmac.new(_key(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def step_at(moment: float | None = None) -> int:
    return int((time.time() if moment is None else moment) // STEP_SECONDS)


def totp(secret: str, moment: float | None = None) -> str:
    """RFC 6238: the HOTP of the current 30-second step."""
    return hotp(secret, step_at(moment))


def matching_step(
    secret: str, code: str, *, moment: float | None = None, after: int | None = None
) -> int | None:
    """The step `code` belongs to (now ± DRIFT_STEPS), or None. Steps at or before `after` (the
    last accepted one) never match: a code is good once."""
    # Full-width digits from a Chinese input method count as the digits they are.
    code = "".join(unicodedata.normalize("NFKC", code).split())
    if len(code) != DIGITS or not (code.isascii() and code.isdigit()):
        return None
    now = step_at(moment)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if after is not None and step <= after:
            continue
        if hmac.compare_digest(hotp(secret, step), code):
            return step
    return None


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """The otpauth:// URI an authenticator app reads (Key Uri Format)."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "digits": DIGITS, "period": STEP_SECONDS},
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"
