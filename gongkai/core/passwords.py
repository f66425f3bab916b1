"""Password rules (issue 16 §2, 等保 level 3: length and complexity), with Chinese messages.

`config/settings/base.py` lists these in AUTH_PASSWORD_VALIDATORS besides Django's common-password,
numeric and similarity validators: every place a password is set (the back office's accounts,
the admin, `changepassword`) applies them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

#: The character classes a password draws from.
CLASSES = (
    ("小写字母", str.islower),
    ("大写字母", str.isupper),
    ("数字", str.isdigit),
    ("符号", lambda c: not c.isalnum() and not c.isspace()),
)


class ChineseMinimumLengthValidator:
    """At least `min_length` characters (10 by default)."""

    def __init__(self, min_length: int = 10) -> None:
        self.min_length = min_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码太短，至少需要{self.min_length}个字符。",
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self) -> str:
        return f"密码至少需要{self.min_length}个字符。"


class CharacterClassesValidator:
    """Characters of at least `min_classes` of: lower case, upper case, digits, symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        used = [name for name, test in CLASSES if any(test(c) for c in password)]
        if len(used) < self.min_classes:
            raise ValidationError(
                f"密码应至少包含小写字母、大写字母、数字、符号中的{self.min_classes}类"
                f"（现只有{len(used)}类）。",
                code="password_too_simple",
                params={"min_classes": self.min_classes},
            )

    def get_help_text(self) -> str:
        return f"密码应至少包含小写字母、大写字母、数字、符号中的{self.min_classes}类。"
