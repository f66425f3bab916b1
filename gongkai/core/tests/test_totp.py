"""RFC 6238 TOTP as written in core/totp.py: the RFC's own test vectors, drift, replay."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlparse

import pytest

from gongkai.core import totp

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_rfc6238_sha1_vectors(moment: int, expected: str) -> None:
    assert totp.hotp(RFC_SECRET, totp.step_at(moment), digits=8) == expected


def test_rfc4226_hotp_vectors() -> None:
    expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922"]
    assert [totp.hotp(RFC_SECRET, n) for n in range(7)] == expected


def test_a_code_matches_its_step_and_one_either_side_only() -> None:
    secret = totp.new_secret()
    moment = 1_800_000_000.0
    now = totp.step_at(moment)
    assert totp.matching_step(secret, totp.totp(secret, moment), moment=moment) == now
    earlier = totp.hotp(secret, now - 1)
    assert totp.matching_step(secret, earlier, moment=moment) == now - 1
    assert totp.matching_step(secret, totp.hotp(secret, now - 2), moment=moment) is None
    assert totp.matching_step(secret, totp.hotp(secret, now + 2), moment=moment) is None


def test_a_used_step_is_never_accepted_again() -> None:
    secret = totp.new_secret()
    moment = 1_800_000_000.0
    code = totp.totp(secret, moment)
    step = totp.matching_step(secret, code, moment=moment)
    assert step is not None
    assert totp.matching_step(secret, code, moment=moment, after=step) is None


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12 34 5x", "١٢٣٤٥٦", "½23456"])
def test_malformed_codes_never_match(code: str) -> None:
    assert totp.matching_step(totp.new_secret(), code) is None


def test_spaces_in_a_typed_code_are_ignored() -> None:
    secret = totp.new_secret()
    code = totp.totp(secret)
    assert totp.matching_step(secret, f"{code[:3]} {code[3:]}") is not None


def test_full_width_digits_count_as_digits() -> None:
    secret = totp.new_secret()
    code = totp.totp(secret)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code)
    assert totp.matching_step(secret, full_width) is not None


def test_provisioning_uri_names_the_site_and_the_account() -> None:
    secret = totp.new_secret()
    assert len(secret) == 32 and secret.isalnum()
    uri = totp.provisioning_uri(secret, account="zhang.wei", issuer="岚川市政府信息公开平台")
    parsed = urlparse(uri)
    assert parsed.scheme == "otpauth" and parsed.netloc == "totp"
    query = parse_qs(parsed.query)
    assert query["secret"] == [secret] and query["digits"] == ["6"] and query["period"] == ["30"]
    assert query["issuer"] == ["岚川市政府信息公开平台"]
