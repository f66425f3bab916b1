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


# 繁體 in a standard readers use daily, never OpenCC's base forms (issue 13 point 19).
SENTENCE = "我们为群众服务，到基层里面去，着力发布政府信息公开文件。"


def test_traditional_uses_the_configured_standard_not_the_base_forms(settings) -> None:
    out = to_traditional(SENTENCE)  # the default: 台湾正体 characters
    assert not set("爲羣裏") & set(out)
    assert "為群眾" in out and "裡面" in out and "著力發佈" in out
    # Terms of law keep their words (the 条例 is 政府信息公开条例 in every standard).
    assert "政府信息公開文件" in out
    settings.GONGKAI = {**settings.GONGKAI, "TRADITIONAL_VARIANT": "s2hk"}
    hk = to_traditional(SENTENCE)
    assert "為羣眾" in hk and "裏面" in hk and "爲" not in hk  # Hong Kong's own forms
    settings.GONGKAI = {**settings.GONGKAI, "TRADITIONAL_VARIANT": "s2twp"}
    assert "資訊" in to_traditional(SENTENCE)  # Taiwan vocabulary, chosen explicitly


def test_an_unknown_variant_is_reported_by_the_settings_check() -> None:
    from gongkai.core.conf import problems

    [problem] = problems({"TRADITIONAL_VARIANT": "s2t"})
    assert "TRADITIONAL_VARIANT" in problem.message
