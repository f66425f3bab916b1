import pytest

from gongkai.core.identifiers import (
    is_valid_org_code,
    is_valid_resident_id,
    is_valid_uscc,
    luhn_valid,
    make_org_code,
    make_uscc,
    mask_middle,
    resident_id_check_char,
)


def test_resident_id_check_digit() -> None:
    # GB 11643 worked example: 11010519491231002X
    assert is_valid_resident_id("11010519491231002X")
    assert is_valid_resident_id("11010519491231002x")
    assert not is_valid_resident_id("110105194912310021")  # wrong check digit
    assert not is_valid_resident_id("110105194913310028")  # month 13
    assert resident_id_check_char("11010519491231002") == "X"


@pytest.mark.parametrize(
    "code",
    ["91350100M000100Y43", "11100000000013127D"],  # published 统一社会信用代码 examples
)
def test_real_uscc_examples_validate(code: str) -> None:
    assert is_valid_uscc(code)


def test_uscc_rejects_bad_check_and_charset() -> None:
    assert not is_valid_uscc("91350100M000100Y44")
    assert not is_valid_uscc("91350100M000100YI3")  # I is not in the charset
    assert not is_valid_uscc("9135010")


def test_generated_codes_are_consistent() -> None:
    org = make_org_code("00001434")
    assert org == "000014349"  # 国务院办公厅 code as in gov.cn 索引号 000014349/2017-00110
    assert is_valid_org_code(org)
    uscc = make_uscc(registration="11", division="100000", org_code9=org)
    assert is_valid_uscc(uscc)
    assert uscc[8:17] == org


def test_luhn_and_mask() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert mask_middle("13812345678", 3, 4) == "138****5678"
