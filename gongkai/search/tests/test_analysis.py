"""Analysis: the same folding and segmentation at index and query time."""

from gongkai.search import analysis


def test_normalise_folds_script_width_case_and_doc_number_brackets():
    assert analysis.normalise("關於ＡＢＣ１２３") == "关于abc123"
    assert analysis.normalise("益政办函[2018]29号") == "益政办函〔2018〕29号"
    assert analysis.normalise("益政办函（2018）29号") == "益政办函〔2018〕29号"


def test_user_dictionary_keeps_government_terms_whole():
    assert "依申请公开" in analysis.words("依申请公开政府信息")
    assert "一网通办" in analysis.words("推进一网通办")


def test_long_words_are_indexed_with_their_sub_words_after_the_text():
    tokens = analysis.index_tokens("中华人民共和国政府信息公开条例")
    assert tokens[0].startswith("中华")
    assert "人民" in tokens and "政府" in tokens


def test_doc_number_variants_give_the_same_exact_key():
    keys = {
        analysis.parse_query(q).exact_keys[0]
        for q in (
            "益政办函[2018]29号",
            "益政办函〔2018〕29号",
            "益政办函【2018】29号",
            "益政办函 [2018] 29 号",
        )
    }
    assert keys == {"dn:益政办函〔2018〕29号"}
    assert analysis.parse_query("29号文").boost_keys == ["ds:29"]
    # The whole number is highlighted, not its fragments (函, 号, 2018, 29 found anywhere).
    assert analysis.parse_query("益政办函[2018]29号").highlight == ["益政办函〔2018〕29号"]
    assert analysis.parse_query("990100018/2025-00025").highlight == ["990100018/2025-00025"]
    assert analysis.parse_query("〔2018〕29号").boost_keys == ["dys:2018-29"]


def test_quoted_phrase_and_words():
    pq = analysis.parse_query('"就业补贴申领" 通知')
    assert pq.phrases == [["就业补贴", "申领"]]
    assert [t.word for t in pq.terms] == ["通知"]


def test_bad_input_is_cleaned_not_rejected():
    assert analysis.parse_query("   ").empty
    assert analysis.parse_query("\x00\x07").empty
    assert analysis.parse_query("😀😀").empty
    pq = analysis.parse_query("就业" * 600)
    assert pq.truncated and len(pq.text) == analysis.MAX_QUERY_CHARS
    pq = analysis.parse_query('就业 : ( * ~ ^ " 补贴')
    assert [t.word for t in pq.terms] == ["就业", "补贴"]


def test_fold_changes_only_what_needs_folding():
    assert analysis.fold("普通文本，标点不变。") == "普通文本，标点不变。"
    assert analysis.fold("ＧＢ／Ｔ 9704 Ωmega 條例") == "gb/t 9704 ωmega 条例"
