"""The safe formula language of an indicator: arithmetic (+ − × ÷), numbers, parentheses,
min()/max() and named figures (`applications.on_time_rate`). Parsed with `ast` and walked by
hand; nothing is ever passed to eval, and any other construct is refused with a Chinese message.

A formula referencing a figure that is missing (no data, or a name no figure carries) evaluates
to MISSING: shown as 缺数据, never as 0 (issue 20, bad input).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

from django.core.exceptions import ValidationError

MAX_LENGTH = 300
_FUNCS = {"min": min, "max": max}


@dataclass(frozen=True)
class Outcome:
    """A formula's value, or None with the names that were missing."""

    value: Decimal | None
    missing: tuple[str, ...] = ()


def _name(node: ast.expr) -> str | None:
    """`a.b.c` (Attribute over Name) or `a` as a dotted name; None for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _name(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def parse(text: str) -> ast.Expression:
    """The formula's tree, or ValidationError naming what is not allowed."""
    text = text.strip()
    if not text:
        raise ValidationError("请填写数据项或公式。")
    if len(text) > MAX_LENGTH:
        raise ValidationError(f"公式不能超过{MAX_LENGTH}个字符。")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise ValidationError(f"公式“{text}”无法解析，请检查括号和运算符。") from None
    _check(tree.body, text)
    return tree


def _check(node: ast.expr, text: str) -> None:
    if _name(node) is not None:
        return
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div):
        _check(node.left, text)
        _check(node.right, text)
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        _check(node.operand, text)
        return
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCS
        and node.args
        and not node.keywords
    ):
        for arg in node.args:
            _check(arg, text)
        return
    raise ValidationError(
        f"公式“{text}”含有不允许的写法：只能使用数据项、数字、加减乘除、括号和 min()、max()。"
    )


def names(text: str) -> list[str]:
    """The figure names a formula reads, in order of first use."""
    found: list[str] = []

    def visit(node: ast.expr) -> None:
        name = _name(node)
        if name is not None:
            if name not in found:
                found.append(name)
            return
        children = node.args if isinstance(node, ast.Call) else ast.iter_child_nodes(node)
        for child in children:
            if isinstance(child, ast.expr):
                visit(child)

    visit(parse(text).body)
    return found


def evaluate(text: str, values: Mapping[str, Decimal | None]) -> Outcome:
    """The formula over `values` (figure name → value or None). Any missing name → None."""
    tree = parse(text)
    missing = [n for n in names(text) if values.get(n) is None]
    if missing:
        return Outcome(None, tuple(missing))
    try:
        return Outcome(_eval(tree.body, values))
    except (DivisionByZero, InvalidOperation, ZeroDivisionError):
        return Outcome(None, ("除数为零",))


def _eval(node: ast.expr, values: Mapping[str, Decimal | None]) -> Decimal:
    name = _name(node)
    if name is not None:
        found = values[name]
        if found is None:  # `evaluate` returns missing before walking; never read as 0
            raise InvalidOperation(name)
        return found
    if isinstance(node, ast.Constant):
        return Decimal(str(node.value))
    if isinstance(node, ast.UnaryOp):
        inner = _eval(node.operand, values)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, values), _eval(node.right, values)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if right == 0:
            raise DivisionByZero
        return left / right
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        raise InvalidOperation("unsupported")  # `parse` refused it already
    args = [_eval(a, values) for a in node.args]
    return Decimal(_FUNCS[node.func.id](args))
