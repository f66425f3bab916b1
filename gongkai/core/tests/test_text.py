import pytest

from gongkai.core.text import fold_width, normalise_doc_number, parse_doc_number, to_traditional


@pytest.mark.parametrize(
    "typed",
    [
        "益政办函〔2018〕29号",
        "益政办函[2018]29号",
        "益政办函(2018)29号",
        "益政办函（2018）29号",
        "益政办函【2018】29号",
        "益政办函［2018］29号",
        " 益政办函 〔 2018 〕 29 号 ",
        "益政办函[2018]29",
    ],
)
def test_doc_number_variants_normalise_to_hexagonal_brackets(typed: str) -> None:
    assert normalise_doc_number(typed) == "益政办函〔2018〕29号"
    parsed = parse_doc_number(typed)
    assert parsed is not None
    assert (parsed.agency, parsed.year, parsed.serial) == ("益政办函", 2018, 29)


def test_non_doc_numbers_are_kept_as_typed() -> None:
    assert parse_doc_number("无") is None
    assert normalise_doc_number(" 29号文 ") == "29号文"


def test_width_folding_and_traditional() -> None:
    assert fold_width("ＡＢ１２") == "AB12"
    assert to_traditional("政府信息公开") == "政府信息公開"
