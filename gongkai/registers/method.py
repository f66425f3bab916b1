"""The 双随机 draw method, as published on every draw's page (pure functions, no database).

Anyone can re-run a draw with these steps and the published values (the public verification
page runs exactly this code; a few lines of any language do the same):

1. **Pools.** Each pool is a text, one member a line, ``code<TAB>name``, lines sorted by code
   (Unicode code points), joined with ``\\n``, UTF-8, no final newline. Its SHA-256 (hex) is
   published with the announcement, before the draw.
2. **Seed.** At the announcement the platform draws a 32-byte random seed (hex) and publishes
   only its SHA-256 (the commitment). At the draw it publishes the seed itself, and anyone can
   check that SHA-256(seed) equals the commitment: the seed was fixed before the draw. A public
   value that did not exist at the announcement (e.g. a lottery result of the draw day) may be
   mixed in, so the platform could not have tried seeds until one suited it.
3. **Key.** ``key = UTF-8(seed + "|" + public_value)`` (public value empty when none).
4. **Subjects.** Each subject's score is ``HMAC-SHA256(key, "subject|" + code)`` in hex; the
   ``n`` lowest scores are drawn, in that order.
5. **Inspectors.** For each subject drawn, each inspector's score is
   ``HMAC-SHA256(key, "inspector|" + subject_code + "|" + inspector_code)``; the ``k`` lowest
   are matched to that subject.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.core.exceptions import ValidationError

METHOD_NAME = "HMAC-SHA256 排序法（种子承诺—公开）"
MAX_MEMBERS = 20000
MAX_LINE = 300


@dataclass(frozen=True)
class Member:
    code: str
    name: str


@dataclass(frozen=True)
class Match:
    rank: int
    subject: Member
    inspectors: tuple[Member, ...]


def parse_pool(text: str, *, what: str) -> list[Member]:
    """Members from lines of ``code<TAB>name`` (or ``code,name`` / ``code name`` as typed by a
    person); sorted by code. Bad lines and repeated codes → `ValidationError` in Chinese."""
    members: dict[str, Member] = {}
    problems: list[str] = []
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    for number, line in enumerate(lines, 1):
        if not line:
            continue
        if len(line) > MAX_LINE:
            problems.append(f"第{number}行过长")
            continue
        for separator in ("\t", ",", "，", " "):
            if separator in line:
                code, _, name = line.partition(separator)
                break
        else:
            code, name = line, ""
        code, name = code.strip(), name.strip()
        if not code or not name:
            problems.append(f"第{number}行应为“编码 名称”")
        elif code in members:
            problems.append(f"第{number}行编码 {code} 重复")
        else:
            members[code] = Member(code, name)
        if len(problems) >= 5:
            break
    if problems:
        raise ValidationError(f"{what}有误：" + "；".join(problems) + "。")
    if len(members) > MAX_MEMBERS:
        raise ValidationError(f"{what}最多 {MAX_MEMBERS} 条。")
    return sorted(members.values(), key=lambda m: m.code)


def canonical_text(members: list[Member]) -> str:
    """The text a pool's hash is taken of (step 1)."""
    return "\n".join(f"{m.code}\t{m.name}" for m in sorted(members, key=lambda m: m.code))


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def commitment(seed: str) -> str:
    """The seed's commitment, published before the draw (step 2)."""
    return sha256_hex(seed)


def _score(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def run_draw(
    *,
    subjects: list[Member],
    inspectors: list[Member],
    seed: str,
    public_value: str,
    subject_count: int,
    inspectors_per_subject: int,
) -> list[Match]:
    """Steps 3–5: the subjects drawn, in order, each with its inspectors."""
    if subject_count < 1 or subject_count > len(subjects):
        raise ValidationError(f"抽取检查对象数应在 1 至 {len(subjects)}（名录库中的对象数）之间。")
    if inspectors_per_subject < 1 or inspectors_per_subject > len(inspectors):
        raise ValidationError(
            f"每个对象匹配的检查人员数应在 1 至 {len(inspectors)}（名录库中的人员数）之间。"
        )
    key = f"{seed}|{public_value}".encode()
    drawn = sorted(subjects, key=lambda m: (_score(key, f"subject|{m.code}"), m.code))
    matches = []
    for rank, subject in enumerate(drawn[:subject_count], 1):
        scores = {p.code: _score(key, f"inspector|{subject.code}|{p.code}") for p in inspectors}
        ranked = sorted(inspectors, key=lambda p: (scores[p.code], p.code))
        matches.append(Match(rank, subject, tuple(ranked[:inspectors_per_subject])))
    return matches


@dataclass(frozen=True)
class Verification:
    """What the verification page says: each check, and the draw re-run when they pass."""

    subjects_hash: str
    inspectors_hash: str
    subjects_match: bool
    inspectors_match: bool
    seed_matches: bool
    result_matches: bool
    matches: tuple[Match, ...]

    @property
    def ok(self) -> bool:
        return (
            self.subjects_match and self.inspectors_match and self.seed_matches
        ) and self.result_matches


def verify(
    *,
    subjects_text: str,
    inspectors_text: str,
    seed: str,
    public_value: str,
    subject_count: int,
    inspectors_per_subject: int,
    published_subjects_sha256: str,
    published_inspectors_sha256: str,
    published_commitment: str,
    published_result: list[tuple[str, tuple[str, ...]]],
) -> Verification:
    """Re-run a draw from the given pools and seed and compare with what was published
    (the result: subject codes in order, each with its inspectors' codes)."""
    subjects = parse_pool(subjects_text, what="检查对象名录")
    inspectors = parse_pool(inspectors_text, what="检查人员名录")
    s_hash = sha256_hex(canonical_text(subjects))
    i_hash = sha256_hex(canonical_text(inspectors))
    seed = seed.strip()
    matches = run_draw(
        subjects=subjects,
        inspectors=inspectors,
        seed=seed,
        public_value=public_value.strip(),
        subject_count=subject_count,
        inspectors_per_subject=inspectors_per_subject,
    )
    rerun = [(m.subject.code, tuple(p.code for p in m.inspectors)) for m in matches]
    return Verification(
        subjects_hash=s_hash,
        inspectors_hash=i_hash,
        subjects_match=s_hash == published_subjects_sha256,
        inspectors_match=i_hash == published_inspectors_sha256,
        seed_matches=commitment(seed) == published_commitment,
        result_matches=rerun == published_result,
        matches=tuple(matches),
    )
