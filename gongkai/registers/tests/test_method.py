"""The 双随机 method: canonical pools, hashes, the ranking, and the verification (pure)."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from django.core.exceptions import ValidationError

from gongkai.registers import method

SUBJECTS = "\n".join(f"91330100MA2{n:07d}\t岚山县第{n}号商店" for n in range(1, 21))
INSPECTORS = "\n".join(f"3301{n:06d}\t检查员{n}" for n in range(1, 9))


def _published(seed: str, public_value: str = "") -> dict[str, object]:
    subjects = method.parse_pool(SUBJECTS, what="对象")
    inspectors = method.parse_pool(INSPECTORS, what="人员")
    matches = method.run_draw(
        subjects=subjects,
        inspectors=inspectors,
        seed=seed,
        public_value=public_value,
        subject_count=5,
        inspectors_per_subject=2,
    )
    return {
        "published_subjects_sha256": method.sha256_hex(method.canonical_text(subjects)),
        "published_inspectors_sha256": method.sha256_hex(method.canonical_text(inspectors)),
        "published_commitment": method.commitment(seed),
        "published_result": [
            (m.subject.code, tuple(p.code for p in m.inspectors)) for m in matches
        ],
    }


def test_the_ranking_is_the_documented_hmac_order() -> None:
    seed = "ab" * 32
    subjects = method.parse_pool(SUBJECTS, what="对象")
    inspectors = method.parse_pool(INSPECTORS, what="人员")
    matches = method.run_draw(
        subjects=subjects,
        inspectors=inspectors,
        seed=seed,
        public_value="12345",
        subject_count=3,
        inspectors_per_subject=2,
    )
    key = f"{seed}|12345".encode()

    def score(message: str) -> str:
        return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()

    expected = sorted(subjects, key=lambda m: score(f"subject|{m.code}"))[:3]
    assert [m.subject for m in matches] == expected
    first = matches[0].subject.code
    ranked = sorted(inspectors, key=lambda p: score(f"inspector|{first}|{p.code}"))[:2]
    assert list(matches[0].inspectors) == ranked


def test_the_pool_hash_does_not_depend_on_line_order_or_separators() -> None:
    shuffled = "\n".join(reversed(SUBJECTS.replace("\t", ",").split("\n"))) + "\n\n"
    a = method.canonical_text(method.parse_pool(SUBJECTS, what="对象"))
    b = method.canonical_text(method.parse_pool(shuffled, what="对象"))
    assert a == b and method.sha256_hex(a) == method.sha256_hex(b)


@pytest.mark.parametrize(
    ("text", "message"),
    [("91330100MA20000001", "编码 名称"), ("A 甲\nA 乙", "重复")],
)
def test_bad_pool_lines_are_refused_in_chinese(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        method.parse_pool(text, what="名录")


def test_verification_with_the_published_values_matches() -> None:
    seed = "cd" * 32
    result = method.verify(
        subjects_text=SUBJECTS,
        inspectors_text=INSPECTORS,
        seed=seed,
        public_value="",
        subject_count=5,
        inspectors_per_subject=2,
        **_published(seed),  # type: ignore[arg-type]
    )
    assert result.ok


def test_verification_with_altered_pools_does_not_match() -> None:
    """Bad input of issue 19: a draw re-run with altered pools."""
    seed = "cd" * 32
    altered = SUBJECTS.replace("岚山县第3号商店", "岚山县第3号超市")
    result = method.verify(
        subjects_text=altered,
        inspectors_text=INSPECTORS,
        seed=seed,
        public_value="",
        subject_count=5,
        inspectors_per_subject=2,
        **_published(seed),  # type: ignore[arg-type]
    )
    assert not result.ok and not result.subjects_match and result.inspectors_match
    dropped = "\n".join(SUBJECTS.split("\n")[1:])
    result = method.verify(
        subjects_text=dropped,
        inspectors_text=INSPECTORS,
        seed=seed,
        public_value="",
        subject_count=5,
        inspectors_per_subject=2,
        **_published(seed),  # type: ignore[arg-type]
    )
    assert not result.ok and not result.subjects_match


def test_verification_with_another_seed_does_not_match() -> None:
    seed = "cd" * 32
    result = method.verify(
        subjects_text=SUBJECTS,
        inspectors_text=INSPECTORS,
        seed="ef" * 32,
        public_value="",
        subject_count=5,
        inspectors_per_subject=2,
        **_published(seed),  # type: ignore[arg-type]
    )
    assert not result.ok and not result.seed_matches and result.subjects_match


def test_counts_beyond_the_pools_are_refused() -> None:
    subjects = method.parse_pool(SUBJECTS, what="对象")
    with pytest.raises(ValidationError, match="1 至 20"):
        method.run_draw(
            subjects=subjects,
            inspectors=subjects,
            seed="x",
            public_value="",
            subject_count=21,
            inspectors_per_subject=1,
        )
