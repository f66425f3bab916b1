"""Generated body text (HTML) for demo items: a few hundred characters assembled from phrases."""

from __future__ import annotations

import random
from datetime import date

from gongkai.demo import vocab
from gongkai.demo.dates import chinese_date, plus_working_days

NUMERALS = "一二三四五六七八九十"


def _sentence(rng: random.Random, subject: str) -> str:
    return (
        f"{rng.choice(vocab.TASK_VERBS)}{subject}{rng.choice(vocab.TASK_OBJECTS)}，"
        f"{rng.choice(vocab.TASK_VERBS)}{rng.choice(vocab.TASK_OBJECTS)}，"
        f"{rng.choice(vocab.TASK_GOALS)}。"
    )


def policy_body(
    rng: random.Random, *, organ: str, subject: str, genre: str, written: date, government: bool
) -> str:
    recipients = vocab.RECIPIENTS[0] if government else rng.choice(vocab.RECIPIENTS[1:])
    parts = [
        f"<p>{recipients}：</p>",
        f"<p>为{rng.choice(vocab.PURPOSES)}，{rng.choice(vocab.TASK_VERBS)}{subject}工作，"
        f"经研究，现就有关事项{'规定' if genre in {'办法', '规定'} else '通知'}如下。</p>",
    ]
    picked = rng.sample(range(len(vocab.SECTION_HEADINGS)), k=3)
    headings = [vocab.SECTION_HEADINGS[i] for i in sorted(picked)]
    for i, heading in enumerate(headings):
        parts.append(f"<h2>{NUMERALS[i]}、{heading}</h2>")
        parts.append(f"<p>{_sentence(rng, subject)}{_sentence(rng, subject)}</p>")
    if genre in {"办法", "规定"}:
        parts.append(f"<p>本{genre}自{chinese_date(written)}起施行，有效期五年。</p>")
    parts.append(f'<p style="text-align:right">{organ}<br>{chinese_date(written)}</p>')
    return "".join(parts)


def interpretation_body(
    rng: random.Random, *, organ: str, place: str, policy_title: str, subject: str, phone: str
) -> str:
    parts = []
    for i, heading in enumerate(vocab.INTERPRETATION_HEADINGS):
        parts.append(f"<h2>{NUMERALS[i]}、{heading}</h2>")
        if heading == "起草背景":
            text = (
                f"近年来，{place}{subject}工作取得积极进展，"
                f"但仍存在短板。为{rng.choice(vocab.PURPOSES)}，起草了《{policy_title}》。"
            )
        elif heading == "制定依据":
            text = "依据国家和省有关法律法规及政策文件，结合本地实际制定。"
        elif heading == "主要内容":
            text = "文件共分三部分：" + _sentence(rng, subject) + _sentence(rng, subject)
        elif heading == "适用范围":
            text = "适用于本行政区域内的有关单位和个人。"
        else:
            text = f"解读机关：{organ}；联系电话：{phone}。"
        parts.append(f"<p>{text}</p>")
    return "".join(parts)


def notice_body(rng: random.Random, *, organ: str, topic: str, published: date) -> str:
    """公示/公告-style text with a period for objections."""
    end = plus_working_days(published, 5)
    return (
        f"<p>根据有关规定，现将{topic}有关情况予以公开。</p>"
        f"<p>{_sentence(rng, '')}</p>"
        f"<p>公示期为{chinese_date(published)}至{chinese_date(end)}。"
        f"公示期间如有异议，请以书面形式向{organ}反映，并提供必要的证明材料。</p>"
    )


def statistics_body(rng: random.Random, *, title: str, indicator: str) -> str:
    rows = []
    for name in (f"{indicator}总量", f"{indicator}（城镇）", f"{indicator}（农村）", "同比增长"):
        value = (
            f"{rng.uniform(-3, 12):.1f}%" if name == "同比增长" else f"{rng.randint(120, 98000)}"
        )
        rows.append(f'<tr><th scope="row">{name}</th><td>{value}</td></tr>')
    return (
        f"<p>{title}如下。</p>"
        f"<table><caption>{indicator}主要指标</caption>"
        '<thead><tr><th scope="col">指标</th><th scope="col">数值</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        "<p>注：本表数据为初步统计数，以年度统计公报为准。</p>"
    )


def general_body(rng: random.Random, *, organ: str, subject: str) -> str:
    return (
        f"<p>为{rng.choice(vocab.PURPOSES)}，{organ}围绕{subject}开展了相关工作。</p>"
        f"<p>{_sentence(rng, subject)}{_sentence(rng, subject)}</p>"
        f"<p>下一步，将{rng.choice(vocab.TASK_VERBS)}{rng.choice(vocab.TASK_OBJECTS)}，"
        f"{rng.choice(vocab.TASK_GOALS)}。</p>"
    )


def annual_report_body(rng: random.Random, *, organ: str, year: int) -> str:
    active = rng.randint(40, 900)
    requests = rng.randint(2, 120)
    return (
        f"<p>本报告根据《中华人民共和国政府信息公开条例》第四十九条、第五十条编制，"
        f"所列数据统计期限为{year}年1月1日至{year}年12月31日。</p>"
        "<h2>一、总体情况</h2>"
        f"<p>{year}年，{organ}主动公开政府信息{active}条，"
        f"收到政府信息公开申请{requests}件，均在法定期限内答复。</p>"
        "<h2>二、主动公开政府信息情况</h2><p>详见附表。</p>"
        "<h2>三、收到和处理政府信息公开申请情况</h2>"
        f"<p>本年新收申请{requests}件，上年结转{rng.randint(0, 5)}件。</p>"
        "<h2>四、政府信息公开行政复议、行政诉讼情况</h2>"
        f"<p>因政府信息公开引起行政复议{rng.randint(0, 3)}件、行政诉讼{rng.randint(0, 2)}件。</p>"
        "<h2>五、存在的主要问题及改进情况</h2>"
        f"<p>{_sentence(rng, '政务公开')}</p>"
        "<h2>六、其他需要报告的事项</h2><p>本年度未收取信息处理费。</p>"
    )
