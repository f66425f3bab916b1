"""Splitting figures that crawled copies run together ("230 000023" for 23 0 0 0 0 0 23).

A row's cells are recovered from its digit runs by trying every split into the expected number
of cells (no leading zeros) and keeping those that satisfy the row's identity (R3: parts sum to
总计; R4 per group in table 四). Whatever remains ambiguous is reported, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from gongkai.reports.definitions import Number

# A sum group: (indices of the parts, index of their total).
Group = tuple[tuple[int, ...], int]
Candidate = tuple[Number, ...]

_PLAIN_DIGITS = re.compile(r"\d+")
_SPLITTABLE = re.compile(r"([-+]?)(\d+)((?:\.\d+)?)")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def parse_number(token: str) -> Number:
    """'1,234' → 1234, '0.52' → Decimal('0.52'), '-8' → -8; blank markers → None."""
    token = token.strip().replace(",", "")
    if token in ("", "-", "—", "--", "/", "——", "无", "/"):
        return None
    try:
        value = Decimal(token)
    except InvalidOperation:
        return None
    if value == value.to_integral_value() and "." not in token:
        return int(value)
    return value


def splittable(token: str | None) -> bool:
    """Digit runs (and decimals such as '13575394432.52', whose fraction ends the last cell)."""
    if token is None:
        return False
    m = _SPLITTABLE.fullmatch(token)
    return bool(m) and len(m.group(2)) > 1 if m else False


def _digits(token: str) -> tuple[str, str]:
    """The digit run and fraction of a token; a sign stays with the first cell (see _sign)."""
    m = _SPLITTABLE.fullmatch(token)
    return (m.group(2), m.group(3)) if m else (token, "")


def _sign(token: str) -> int:
    return -1 if token.startswith("-") else 1


@dataclass
class SplitResult:
    candidates: list[Candidate]
    overflow: bool = False  # too many splits to enumerate: treat as ambiguous
    constrained: bool = False  # candidates satisfy the row identity


def _walk(
    tokens: Sequence[str | None], k: int, groups: Sequence[Group], limit: int
) -> Iterator[Candidate]:
    totals = {total: parts for parts, total in groups}

    def capacity(ti: int, ci: int) -> tuple[int, int]:
        lo = hi = 0
        for j in range(ti, len(tokens)):
            t = tokens[j]
            if j == ti and ci:
                rest = len(_digits(t or "")[0]) - ci
                lo, hi = lo + (1 if rest else 0), hi + rest
                continue
            lo += 1
            hi += len(_digits(t)[0]) if t is not None and splittable(t) else 1
        return lo, hi

    def step(ti: int, ci: int, vals: list[Number]) -> Iterator[Candidate]:
        if ti < len(tokens) and ci and ci == len(_digits(tokens[ti] or "")[0]):
            ti, ci = ti + 1, 0
        need = k - len(vals)
        if ti >= len(tokens):
            if need == 0:
                yield tuple(vals)
            return
        lo, hi = capacity(ti, ci)
        if not lo <= need <= hi:
            return
        token = tokens[ti]
        idx = len(vals)
        # Prune: the group's 总计 still to come needs at least as many digits as the partial sum.
        for parts, total in groups:
            if parts[0] < idx <= total:
                known = [vals[p] for p in parts if p < idx]
                if all(isinstance(v, int) for v in known) and known:
                    partial = sum(v for v in known if isinstance(v, int))
                    before_total = max(0, total - idx)
                    if len(str(partial)) + before_total > hi:
                        return
        required: int | None = None
        if idx in totals:
            summed = [vals[p] for p in totals[idx]]
            if all(isinstance(p, int) for p in summed):
                required = sum(p for p in summed if isinstance(p, int))
        if not splittable(token):
            value = None if token is None else parse_number(token)
            if required is not None and value is not None and value != required:
                return
            yield from step(ti + 1, 0, [*vals, value])
            return
        if token is None:  # not splittable, handled above
            return
        digits, fraction = _digits(token)
        rest = digits[ci:]

        sign = _sign(token) if ci == 0 else 1

        def make(piece: str, end: int) -> Number:
            if fraction and end == len(rest):
                return sign * Decimal(piece + fraction)
            return sign * int(piece)

        if required is not None:
            text = str(required)
            if rest.startswith(text) and sign > 0 and not (fraction and len(text) == len(rest)):
                yield from step(ti, ci + len(text), [*vals, required])
            return
        ends = [1] if rest[0] == "0" else range(1, len(rest) + 1)
        for end in ends:
            if rest[0] == "0" and fraction and end == len(rest) and len(rest) > 1:
                continue
            yield from step(ti, ci + end, [*vals, make(rest[:end], end)])

    for count, cand in enumerate(step(0, 0, []), start=1):
        yield cand
        if count > limit:
            return


def split_row(
    tokens: Sequence[str | None], k: int, groups: Sequence[Group] = (), *, limit: int = 2000
) -> SplitResult:
    """All readings of `tokens` as exactly `k` cells; identity-satisfying ones when any exist."""
    if len(tokens) == k:
        return SplitResult([tuple(None if t is None else parse_number(t) for t in tokens)])
    if groups:
        found = list(_walk(tokens, k, groups, limit))
        if found and len(found) <= limit:
            return SplitResult(found, constrained=True)
    found = list(_walk(tokens, k, (), limit))
    return SplitResult(found[:limit], overflow=len(found) > limit)
