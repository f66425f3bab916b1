"""Spam and tamper detection on one page: every injection pattern caught, ordinary government
vocabulary left alone (issue 17 §4, "Done means")."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.monitor.detect.classify import check_page
from gongkai.monitor.detect.lexicon import lexicon
from gongkai.monitor.detect.text import normalise

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
GOV = "http://www.example.gov.cn/art/2024/1.html"


def page(body: str, *, title: str = "关于做好2024年民政工作的通知", head: str = "") -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>"
        f"<nav><a href='/'>首页</a><a href='/zwgk/'>政务公开</a></nav>"
        f"<div class='article'><h1>{title}</h1><p>发布时间：2024-05-06</p>{body}</div>"
        f"<footer><a href='https://beian.miit.gov.cn/'>备案</a></footer></body></html>"
    )


def checks(result: object) -> set[str]:
    return {f.check for f in result.findings}  # type: ignore[attr-defined]


# ---- no false alarms --------------------------------------------------------------------------

ORDINARY = [
    # 民政 budget: 彩票公益金 is an ordinary budget line
    "2024年部门预算中，福利彩票公益金安排3200万元，用于养老服务和残疾人福利；体育彩票公益金按规定使用。",
    # education notice: 体育 lessons, 体育课, 体育锻炼
    "各中小学要保证学生每天校内体育活动时间不少于1小时，开齐开足体育课，组织学生参加体育锻炼。",
    # a press conference broadcast live (直播)
    "本次新闻发布会将通过政府网站进行网络直播和图文直播，欢迎关注。",
    # enforcement: 打击赌博, 禁毒
    "公安机关持续开展打击跨境赌博专项行动，查处网络赌博案件12起，依法打击百家乐等赌博违法犯罪。",
    "禁毒宣传月期间，发放远离毒品宣传资料5000份，揭露冰毒、氯胺酮等毒品危害。",
    # 彩票 administration by the finance bureau
    "财政部门加强彩票市场监管，规范彩票销售机构管理，彩票资金按规定缴入国库。",
    # words that contain lexicon substrings
    "以下注意事项请各单位遵照执行；加快三农发展，促进大发展大繁荣；足球探讨会在体育中心举行。",
    # units and file types in parentheses are not pinyin injection
    "面积(km2)为12.5，附件(pdf)和表格(xls)见下方。",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_government_text_is_clean(text: str) -> None:
    result = check_page(page(f"<p>{text}</p>"), url=GOV)
    assert result.verdict == "clean", [f.evidence for f in result.findings]


def test_enforcement_context_is_noted_not_counted() -> None:
    result = check_page(page("<p>严厉打击百家乐赌博违法犯罪活动。</p>"), url=GOV)
    assert result.verdict == "clean"
    assert any(f.severity == "info" for f in result.findings)


# ---- each injection pattern -------------------------------------------------------------------


def test_spam_prepended_to_the_title() -> None:
    result = check_page(
        page("<p>正文。</p>", title="小9直播体育官方网站 某县人民政府2018年报告"), url=GOV
    )
    assert result.verdict == "compromised"
    assert "title_injection" in checks(result)


def test_spam_in_the_first_line_of_a_saved_text() -> None:
    result = check_page(
        "广东快乐十分官方网\n某县人民政府办公室关于2017年度政府信息公开工作年度报告\n正文……"
    )
    assert result.verdict == "compromised"
    assert "title_injection" in checks(result)


@pytest.mark.parametrize(
    "spam",
    ["bet365", "Ｂｅｔ３６５", "b e t 3 6 5", "beat365", "bat365", "365bet", "B.E.T-365"],
)
def test_brand_name_variants(spam: str) -> None:
    result = check_page(page(f"<p>正文内容。{spam}体育投注开户送彩金。</p>"), url=GOV)
    assert result.verdict == "compromised", spam
    assert "spam_lexicon" in checks(result)


def test_pinyin_in_parentheses_between_characters() -> None:
    text = "政(zheng)府(fu)信(xin)息(xi)公(gong)开(kai)工(gong)作(zuo)年(nian)度(du)报(bao)告(gao)"
    result = check_page(page(f"<p>{text}，娱(yu)乐(le)城(cheng)。</p>"), url=GOV)
    assert "pinyin_injection" in checks(result)
    # the spam word split by pinyin is found once the pinyin is removed
    assert "spam_lexicon" in checks(result)
    assert result.verdict == "compromised"
    assert normalise("娱(yu)乐(le)城(cheng)").squeezed == "娱乐城"


def test_traditional_conversion_artefacts() -> None:
    text = "公務(wù)員按照規(guī)定辦(bàn)理，娛樂城真人真錢"
    result = check_page(page(f"<p>{text}</p>"), url=GOV)
    assert "conversion_artifacts" in checks(result)
    assert result.verdict == "compromised"  # 繁體 spam words are matched after conversion


@pytest.mark.parametrize(
    "hidden",
    [
        "<div style='display:none'><a href='http://aa-casino.com/'>在线</a></div>",
        "<div style='position:absolute; left:-9999px'><a href='http://bb.xyz/'>链接</a></div>",
        "<div style='width:0;height:0;overflow:hidden'><a href='http://cc.top/'>链接</a></div>",
        "<p style='color:#fff;background-color:#fff'>白字<a href='http://dd.net/'>链接</a></p>",
        "<span style='font-size:0'><a href='http://ee.cc/'>链接</a></span>",
        "<noframes id='xqkzt'><a href='http://ff.com/'>链接</a></noframes>",
        "<div id='wvzqp'><a href='http://gg.com/'>链接</a></div>",
        "<marquee height='1' width='1'><a href='http://hh.com/'>链接</a></marquee>",
    ],
)
def test_hidden_links_to_other_sites(hidden: str) -> None:
    head = "<style>#wvzqp{position:absolute;top:-1000px}</style>"
    result = check_page(page(f"<p>正文。</p>{hidden}", head=head), url=GOV)
    assert result.verdict == "compromised", [f.evidence for f in result.findings]
    finding = next(f for f in result.findings if f.check == "hidden_links")
    assert finding.path  # the element path is evidence
    assert finding.indicator == "安全、泄密事故等严重问题"


def test_hidden_spam_text_without_links() -> None:
    result = check_page(page("<p>正文。</p><div hidden>澳门葡京娱乐城</div>"), url=GOV)
    assert result.verdict == "compromised"
    assert "hidden_spam" in checks(result)


def test_random_short_id_hidden_block_is_suspicious() -> None:
    result = check_page(page("<p>正文。</p><noframes id='abxqz'>一些文字</noframes>"), url=GOV)
    assert result.verdict == "suspicious"
    assert "random_id_element" in checks(result)


def test_accessible_hidden_text_is_not_a_trick() -> None:
    head = "<style>.visually-hidden{position:absolute;left:-10000px}</style>"
    result = check_page(
        page("<p>正文<span class='visually-hidden'>（新窗口打开）</span></p>", head=head), url=GOV
    )
    assert result.verdict == "clean"


def test_outbound_link_to_a_non_government_domain_in_the_text() -> None:
    result = check_page(
        page("<p>详见<a href='http://abc-shop.xyz/p/1'>有关规定</a>。</p>"), url=GOV
    )
    assert result.verdict == "suspicious"
    assert "offsite_link" in checks(result)


def test_links_to_media_and_government_domains_are_normal() -> None:
    body = (
        "<p>转载自<a href='http://www.xinhuanet.com/politics/1.htm'>新华网</a>，"
        "参见<a href='https://www.gov.cn/zhengce/'>中国政府网</a>、"
        "<a href='http://mzj.example.gov.cn/'>市民政局</a>。</p>"
    )
    assert check_page(page(body), url=GOV).verdict == "clean"


def test_official_url_rewritten_in_the_text() -> None:
    body = "<p>本报告电子版可在本县人民政府门户网站（http://www.qwzxc.com.cn）下载。</p>"
    result = check_page(page(body), url=GOV)
    assert result.verdict == "compromised"
    assert "rewritten_official_url" in checks(result)


def test_official_looking_link_text_pointing_elsewhere() -> None:
    body = "<p>门户网站：<a href='http://spam.example.com/'>www.example.gov.cn</a></p>"
    result = check_page(page(body), url=GOV)
    assert "rewritten_official_url" in checks(result)


def test_government_page_under_a_commercial_domain() -> None:
    result = check_page(
        page("<p>正文。</p>", title="某县人民政府办公室关于印发工作要点的通知"),
        url="http://www.qwzxc.com.cn/a.html",
    )
    assert "foreign_host" in checks(result)
    assert result.verdict == "suspicious"


def test_redirect_to_another_site() -> None:
    head = "<meta http-equiv='refresh' content='0;url=http://xx-bet.com/'>"
    result = check_page(page("<p>正文。</p>", head=head), url=GOV)
    assert "redirect_offsite" in checks(result)
    script = "<script>window.location.href='http://yy-bet.com/';</script>"
    assert "redirect_offsite" in checks(check_page(page(script), url=GOV))


def test_document_write_of_hidden_content() -> None:
    script = "<script>document.write('<div style=\"display:none\">');</script>"
    assert "script_injection" in checks(check_page(page(script), url=GOV))


def test_porn_sequences() -> None:
    result = check_page(page("<p>国产精品一区二区无码视频在线观看</p>"), url=GOV)
    assert result.verdict == "compromised"


# ---- the lexicon is data an operator extends -------------------------------------------------


def test_operator_adds_words_and_phrases_without_code(settings: object, tmp_path: Path) -> None:
    words = tmp_path / "extra-lexicon.txt"
    words.write_text("# 本地新出现的垃圾词\n青龙娱乐,gambling,3\n", encoding="utf-8")
    phrases = tmp_path / "extra-whitelist.txt"
    phrases.write_text("太阳城社区\n", encoding="utf-8")
    text = page("<p>欢迎访问青龙娱乐。</p>")
    assert check_page(text, url=GOV).verdict == "clean"
    settings.GONGKAI = {  # type: ignore[attr-defined]
        **settings.GONGKAI,  # type: ignore[attr-defined]
        "MONITOR_LEXICON_FILES": [str(words)],
        "MONITOR_WHITELIST_FILES": [str(phrases)],
    }
    assert check_page(text, url=GOV).verdict == "compromised"
    assert lexicon().scan(normalise("太阳城社区居委会")) == []


def test_a_missing_operator_file_is_skipped(
    settings: object, caplog: pytest.LogCaptureFixture
) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "MONITOR_LEXICON_FILES": ["/nonexistent/words.txt"]}  # type: ignore[attr-defined]
    assert check_page(page("<p>正文。</p>"), url=GOV).verdict == "clean"


# ---- the hacked pages in the wild (../shared/seeds) ------------------------------------------


def _seeds() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


@pytest.mark.skipif(not _seeds(), reason="../shared/seeds is not present")
def test_the_hacked_seed_pages_are_flagged_and_the_others_are_clean() -> None:
    verdicts = {p.name: check_page(p.read_text(encoding="utf-8")) for p in _seeds()}
    compromised = sorted(n for n, v in verdicts.items() if v.verdict == "compromised")
    # Two of the five seeds were captured from hacked pages (gambling / live-sports spam).
    assert len(compromised) == 2, {n: v.verdict for n, v in verdicts.items()}
    for name in compromised:
        assert "title_injection" in checks(verdicts[name])
    assert all(v.verdict == "clean" for n, v in verdicts.items() if n not in compromised)
