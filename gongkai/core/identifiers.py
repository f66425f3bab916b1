"""Check-character arithmetic for Chinese identifiers.

- 公民身份号码 (GB 11643-1999): 17 digits + ISO 7064 MOD 11-2 check character.
- 统一社会信用代码 (GB 32100-2015): 18 characters, MOD 31 check character.
- 组织机构代码 (GB 11714-1997): 8 characters + MOD 11 check character.
- Bank card numbers: Luhn.
Pure functions, shared by validators, the confidentiality scanner and the demo generator.
"""

from __future__ import annotations

import re
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def resident_id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def is_valid_resident_id(value: str) -> bool:
    """18-digit 居民身份证号码 with a valid birth date and check character."""
    value = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if born.year < 1900:
        return False
    return resident_id_check_char(value[:17]) == value[17]


def org_code_check_char(first8: str) -> str:
    total = sum(_ORG_CHARSET.index(c) * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def is_valid_org_code(value: str) -> bool:
    """9-character 组织机构代码 (hyphen optional), check character per GB 11714."""
    value = value.replace("-", "").strip().upper()
    if not re.fullmatch(r"[0-9A-Z]{8}[0-9X]", value):
        return False
    return org_code_check_char(value[:8]) == value[8]


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def is_valid_uscc(value: str) -> bool:
    """18-character 统一社会信用代码 with a valid MOD 31 check character."""
    value = value.strip().upper()
    if len(value) != 18 or any(c not in USCC_CHARSET for c in value):
        return False
    return uscc_check_char(value[:17]) == value[17]


def luhn_valid(digits: str) -> bool:
    if not digits.isdigit() or len(digits) < 12:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def mask_middle(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """Mask personal data for lists and exports: 110101********1234."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def make_org_code(base8: str) -> str:
    """Complete an 8-character body into a valid 9-character 组织机构代码."""
    base8 = base8.upper()
    return base8 + org_code_check_char(base8)


def make_uscc(*, registration: str, division: str, org_code9: str) -> str:
    """Assemble a valid 统一社会信用代码.

    Layout: 登记管理部门码+机构类别码 (2) + 区划 (6) + 机构代码 (9) + 校验 (1).
    """
    body = f"{registration}{division}{org_code9}".upper()
    return body + uscc_check_char(body)
