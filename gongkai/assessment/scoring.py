"""The scoring rules of an indicator: a small, fixed set (`models.Rule`), each a pure function
of the figure's value, the indicator's points and its parameters. A missing value scores None
(待补), never 0.

- ratio: points × value (a rate between 0 and 1), clipped to [0, points];
- linear: full points at `full_at`, none at `zero_at`, straight line between (either direction,
  so "lower is better" — days to answer — is `full_at` < `zero_at`);
- deduct: points − `per` × value (occurrences), not below 0;
- veto: no points when value > 0 (单项否决), full points otherwise;
- at_least: full points when value ≥ `min` (default 1), none otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from gongkai.assessment.models import Rule

TWO = Decimal("0.01")

#: The parameters each rule needs (checked when a scheme is loaded or edited).
REQUIRED: dict[str, tuple[str, ...]] = {
    Rule.RATIO: (),
    Rule.LINEAR: ("full_at", "zero_at"),
    Rule.DEDUCT: ("per",),
    Rule.VETO: (),
    Rule.AT_LEAST: (),
}


def _dec(value: Any, key: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"规则参数“{key}”应为数字。") from None


def check_params(rule: str, params: Mapping[str, Any]) -> None:
    if rule not in REQUIRED:
        raise ValidationError(f"计分规则“{rule}”不在允许的规则中。")
    for key in REQUIRED[rule]:
        if key not in params:
            raise ValidationError(f"计分规则“{Rule(rule).label}”须设置参数“{key}”。")
        _dec(params[key], key)
    if rule == Rule.LINEAR and _dec(params["full_at"], "full_at") == _dec(
        params["zero_at"], "zero_at"
    ):
        raise ValidationError("区间线性计分的满分点和零分点不能相同。")
    for key in ("per", "min"):
        if key in params:
            _dec(params[key], key)


def _clip(score: Decimal, points: Decimal) -> Decimal:
    return min(max(score, Decimal(0)), points).quantize(TWO, rounding=ROUND_HALF_UP)


def score(
    rule: str, value: Decimal | None, points: Decimal, params: Mapping[str, Any]
) -> Decimal | None:
    """The points `value` earns under `rule`; None when the value is missing."""
    if value is None:
        return None
    if rule == Rule.RATIO:
        return _clip(points * value, points)
    if rule == Rule.LINEAR:
        full, zero = _dec(params["full_at"], "full_at"), _dec(params["zero_at"], "zero_at")
        share = (value - zero) / (full - zero)
        return _clip(points * share, points)
    if rule == Rule.DEDUCT:
        return _clip(points - _dec(params["per"], "per") * value, points)
    if rule == Rule.VETO:
        return _clip(Decimal(0) if value > 0 else points, points)
    if rule == Rule.AT_LEAST:
        least = _dec(params.get("min", 1), "min")
        return _clip(points if value >= least else Decimal(0), points)
    raise ValidationError(f"计分规则“{rule}”不在允许的规则中。")


def describe(rule: str, points: Decimal, params: Mapping[str, Any]) -> str:
    """The rule in words, for the scheme page and the export."""
    p = f"{points.normalize():f}"
    if rule == Rule.RATIO:
        return f"比例×{p}分"
    if rule == Rule.LINEAR:
        return f"{params.get('full_at')}得满分，{params.get('zero_at')}得0分，其间按比例"
    if rule == Rule.DEDUCT:
        return f"每项扣{params.get('per')}分，扣完{p}分为止"
    if rule == Rule.VETO:
        return "出现即不得分（单项否决）"
    if rule == Rule.AT_LEAST:
        return f"达到{params.get('min', 1)}得{p}分，否则不得分"
    return "人工评分"
