"""Generated body text (HTML) for demo items: a few hundred characters assembled from phrases."""

from __future__ import annotations

import random
from collections.abc import Sequence
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


def policy_sections(rng: random.Random, subject: str) -> list[tuple[str, str, str]]:
    """Three (heading, key sentence, further sentence) sections of a policy: the key sentences
    are the points a 一图读懂 interpretation draws."""
    picked = rng.sample(range(len(vocab.SECTION_HEADINGS)), k=3)
    return [
        (vocab.SECTION_HEADINGS[i], _sentence(rng, subject), _sentence(rng, subject))
        for i in sorted(picked)
    ]


def policy_body(
    rng: random.Random,
    *,
    organ: str,
    subject: str,
    genre: str,
    written: date,
    government: bool,
    sections: list[tuple[str, str, str]],
    effective: date | None = None,
) -> str:
    recipients = vocab.RECIPIENTS[0] if government else rng.choice(vocab.RECIPIENTS[1:])
    parts = [
        f"<p>{recipients}：</p>",
        f"<p>为{rng.choice(vocab.PURPOSES)}，{rng.choice(vocab.TASK_VERBS)}{subject}工作，"
        f"经研究，现就有关事项{'规定' if genre in {'办法', '规定'} else '通知'}如下。</p>",
    ]
    for i, (heading, key, more) in enumerate(sections):
        parts.append(f"<h2>{NUMERALS[i]}、{heading}</h2>")
        parts.append(f"<p>{key}{more}</p>")
    if effective is not None:
        parts.append(f"<p>{commencement(genre, effective)}</p>")
    parts.append(f'<p style="text-align:right">{organ}<br>{chinese_date(written)}</p>')
    return "".join(parts)


def commencement(genre: str, effective: date) -> str:
    return f"本{genre}自{chinese_date(effective)}起施行，有效期五年。"


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


# ---- bodies of the columns every organ fills (see `gongkai.demo.coverage`) --------------------
def _rows(cells: Sequence[Sequence[str]], head: tuple[str, ...], caption: str) -> str:
    header = "".join(f'<th scope="col">{h}</th>' for h in head)
    body = "".join(
        f'<tr><th scope="row">{row[0]}</th>{"".join(f"<td>{c}</td>" for c in row[1:])}</tr>'
        for row in cells
    )
    return (
        f"<table><caption>{caption}</caption><thead><tr>{header}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def profile_body(
    *,
    duties: list[str],
    offices: list[str],
    offices_heading: str,
    head: tuple[str, str],
    deputies: list[str],
    address: str,
    postcode: str,
    hours: str,
    phone: str,
    fax: str,
    email: str,
) -> str:
    """Art. 20 item 2: 职能, 机构设置, 办公地址, 办公时间, 联系方式, 负责人姓名."""
    title, name = head
    deputy = f"；副{title.removeprefix('副')}：{'、'.join(deputies)}" if deputies else ""
    return (
        "<h2>一、主要职责</h2><ol>"
        + "".join(f"<li>{d}</li>" for d in duties)
        + f"</ol><h2>二、{offices_heading}</h2><p>{'、'.join(offices)}。</p>"
        f"<h2>三、负责人</h2><p>{title}：{name}{deputy}。</p>"
        f"<h2>四、办公地址和办公时间</h2><p>办公地址：{address}（邮政编码：{postcode}）。</p>"
        f"<p>办公时间：{hours}。</p>"
        f"<h2>五、联系方式</h2><p>联系电话：{phone}；传真：{fax}；电子邮箱：{email}。</p>"
    )


def explain_body(*, organ: str, duty: str, column: str, competent: str, phone: str) -> str:
    """The 说明 an organ publishes in a statutory column outside its remit."""
    if duty == "行政事业性收费":
        opening = (
            f"经梳理，{organ}目前没有行政事业性收费项目，也未委托其他单位代收行政事业性收费。"
            f"本级行政事业性收费目录清单由{competent}统一公布。"
        )
    else:
        opening = (
            f"根据职能配置，{organ}不承担{duty}方面的职责，未制作或获取此类政府信息。"
            f"{duty}方面的政府信息由{competent}依法主动公开，可在其政府信息公开目录"
            f"“{column}”栏目查阅。"
        )
    return (
        f"<p>{opening}</p>"
        "<p>如上述情况发生变化，本机关将在本栏目及时更新。公民、法人或者其他组织需要获取本机关"
        "其他政府信息的，可以依照《中华人民共和国政府信息公开条例》第二十七条的规定提出申请。</p>"
        f"<p>咨询电话：{phone}。</p>"
    )


def fees_body(*, organ: str, fees: list[tuple[str, str, str]], phone: str) -> str:
    """Art. 20 item 8: 收费项目, 依据 and 标准, as a table (项目, 执收单位, 标准)."""
    rows = [(name, unit, standard, "国家和省有关收费政策规定") for name, unit, standard in fees]
    return (
        f"<p>现将{organ}行政事业性收费项目及其依据、标准公布如下。目录以外的行政事业性收费，"
        "公民、法人和其他组织有权拒绝缴纳。</p>"
        + _rows(rows, ("收费项目", "执收单位", "收费标准", "收费依据"), "行政事业性收费目录")
        + f"<p>价格和收费举报电话：12315；咨询电话：{phone}。</p>"
    )


def plan_body(rng: random.Random, *, place: str, title: str, start: int, end: int) -> str:
    """A 规划 in four chapters with a small table of targets."""
    targets = [
        (name, f"{rng.randint(40, 90)}", f"{rng.randint(60, 98)}", rng.choice(("预期性", "约束性")))
        for name in rng.sample(vocab.PLAN_TARGETS, k=3)
    ]
    return (
        f"<p>《{title}》依据{place}国民经济和社会发展规划编制，规划期为{start}年至{end}年。</p>"
        f"<h2>第一章 发展基础</h2><p>{_sentence(rng, '')}{_sentence(rng, '')}</p>"
        f"<h2>第二章 总体要求</h2><p>到{end}年，{rng.choice(vocab.TASK_GOALS)}，"
        f"主要指标达到规划目标。</p>"
        + _rows(targets, ("指标", f"{start - 1}年基数", f"{end}年目标", "属性"), "主要规划指标")
        + f"<h2>第三章 主要任务</h2><p>{_sentence(rng, '')}{_sentence(rng, '')}</p>"
        f"<h2>第四章 保障措施</h2><p>{_sentence(rng, '')}</p>"
    )


def contingency_body(rng: random.Random, *, name: str, organ: str) -> str:
    """An 应急预案 (Art. 20 item 12): the usual chapters, four warning and response levels."""
    return (
        f"<h2>1 总则</h2><p>为规范和指导{name.removesuffix('应急预案')}应对工作，最大程度减少"
        f"突发事件造成的损失，保障人民群众生命财产安全，制定本预案。</p>"
        f"<h2>2 组织体系</h2><p>成立应急指挥部，日常工作由{organ}承担。{_sentence(rng, '应急')}</p>"
        "<h2>3 预警和信息报告</h2><p>预警级别由高到低分为一级、二级、三级、四级，"
        "分别用红色、橙色、黄色、蓝色标示。事发地有关单位应当在事发后1小时内报告。</p>"
        "<h2>4 应急响应</h2><p>应急响应分为Ⅰ级、Ⅱ级、Ⅲ级、Ⅳ级，响应结束后转入恢复重建。</p>"
        f"<h2>5 保障措施</h2><p>{_sentence(rng, '应急')}</p>"
        "<h2>6 附则</h2><p>本预案由制定机关负责解释，自印发之日起实施，原预案同时废止。</p>"
    )


def project_body(rng: random.Random, *, name: str, organ: str, year: int) -> str:
    """Art. 20 item 10: 批准 and 实施 of a 重大建设项目."""
    rows = [
        ("项目名称", name.removesuffix("批准和实施情况").removesuffix("建设进展情况")),
        ("项目单位", organ),
        ("批准文件", f"可行性研究报告已于{year - 1}年批复"),
        ("总投资", f"{rng.randint(800, 90000) / 100:.2f}亿元"),
        ("建设工期", f"{year - 1}年至{year + rng.randint(1, 3)}年"),
        ("实施进展", f"累计完成投资{rng.randint(20, 95)}%，{rng.choice(vocab.PROJECT_STAGES)}"),
    ]
    return (
        _rows([(k, v) for k, v in rows], ("事项", "内容"), "项目基本情况")
        + f"<p>{_sentence(rng, '项目建设')}</p>"
    )


def recruit_body(rng: random.Random, *, organ: str, year: int) -> str:
    """Art. 20 item 14: the 拟录用 notice, by post (names are posted at the office, not online)."""
    posts = [
        (post, f"{rng.randint(10000, 99999)}", str(n), str(n))
        for post, n in zip(
            rng.sample(vocab.CIVIL_SERVICE_POSTS, k=2), (1, rng.randint(1, 2)), strict=True
        )
    ]
    return (
        f"<p>根据{year}年度考试录用公务员工作安排，经笔试、面试、体检和考察，"
        f"{organ}拟录用人员已确定，现将录用职位情况公示如下。</p>"
        + _rows(posts, ("职位名称", "职位代码", "录用计划", "拟录用人数"), "拟录用职位")
        + "<p>拟录用人员的姓名、准考证号等信息在本机关公示栏张贴。公示期为5个工作日，"
        "对公示内容有异议的，可以书面形式反映，反映问题应当实事求是并提供联系方式。</p>"
    )


def budget_body(rng: random.Random, *, organ: str, year: int, final: bool = False) -> str:
    """A 部门预算 or, `final`, 决算 (Art. 20 item 7, 重点领域 财政预决算): totals and the 三公
    expenses."""
    basic, project = rng.randint(800, 9000), rng.randint(300, 12000)
    three = [rng.randint(0, 40), rng.randint(5, 60), rng.randint(3, 50)]
    rows = [
        ("收入总计", f"{basic + project}"),
        ("支出：基本支出", f"{basic}"),
        ("支出：项目支出", f"{project}"),
        ("“三公”经费：因公出国（境）费", f"{three[0]}"),
        ("“三公”经费：公务用车购置及运行费", f"{three[1]}"),
        ("“三公”经费：公务接待费", f"{three[2]}"),
    ]
    kind, body = ("决算", "常务委员会") if final else ("预算", "")
    return (
        f"<p>经本级人民代表大会{body}批准，现将{organ}{year}年部门{kind}公开如下（单位：万元）。</p>"
        + _rows(rows, ("项目", "金额"), f"{year}年部门{kind}收支总表")
        + f"<p>{year}年“三公”经费{kind}比上年{rng.choice(('持平', '有所下降'))}。</p>"
    )


def services_body(rng: random.Random, *, organ: str, services: list[str], phone: str) -> str:
    """Art. 21: a 公共服务 list (事项, 办理地点, 时限)."""
    rows = [(s, "政务服务中心窗口或网上办理", f"{rng.randint(1, 15)}个工作日") for s in services]
    return (
        f"<p>{organ}公共服务事项如下，办事指南可在政务服务网查询。</p>"
        + _rows(rows, ("服务事项", "办理渠道", "承诺时限"), "公共服务事项清单")
        + f"<p>咨询电话：{phone}。</p>"
    )


def intent_body(rng: random.Random, *, organ: str, year: int) -> str:
    """重点领域 公共资源配置: 政府采购意向 published before procurement."""
    rows = [
        (f"{name}项目", f"满足{organ}{year}年工作需要", f"{rng.randint(10, 300)}", f"{m}月")
        for name, m in zip(rng.sample(vocab.PROCUREMENTS, k=3), (3, 6, 9), strict=True)
    ]
    return (
        f"<p>为便于供应商及时了解政府采购信息，现将{organ}{year}年部分采购意向公开如下。</p>"
        + _rows(rows, ("采购项目", "采购需求概况", "预算金额（万元）", "预计采购时间"), "采购意向")
        + "<p>本次公开的采购意向是初步安排，具体以采购公告和采购文件为准。</p>"
    )


def enforcement_body(rng: random.Random, *, organ: str, year: int) -> str:
    """行政执法数据 (行政执法公示制度): last year's counts by kind of action."""
    rows = [(kind, str(rng.randint(low, high))) for kind, low, high in vocab.ENFORCEMENT_KINDS]
    return (
        f"<p>现将{organ}{year}年度行政执法数据公开如下。</p>"
        + _rows(rows, ("执法类别", "件数"), f"{year}年度行政执法数据")
        + "<p>注：行政处罚含简易程序和普通程序案件。</p>"
    )


def work_report_body(rng: random.Random, *, organ: str, year: int) -> str:
    """法治政府建设年度报告 (Art. 20 item 15: other information rules require publishing)."""
    return (
        f"<p>{year}年，{organ}深入推进依法行政，法治政府建设取得新进展。现将有关情况报告如下。</p>"
        f"<h2>一、主要举措和成效</h2><p>{_sentence(rng, '依法行政')}{_sentence(rng, '')}</p>"
        f"<h2>二、存在的不足和原因</h2><p>{_sentence(rng, '')}</p>"
        "<h2>三、主要负责人履行推进法治建设第一责任人职责情况</h2>"
        f"<p>主要负责人带头尊法学法守法用法，{_sentence(rng, '法治建设')}</p>"
        f"<h2>四、{year + 1}年工作安排</h2><p>{_sentence(rng, '法治政府建设')}</p>"
    )


def inspection_body(rng: random.Random, *, organ: str, topic: str) -> str:
    """Art. 20 item 13: 监督检查 results."""
    checked = rng.randint(20, 400)
    problems = rng.randint(0, checked // 4)
    return (
        f"<p>{topic.removesuffix('通报')}如下。</p>"
        f"<p>本季度{organ}共检查单位{checked}家次，发现问题{problems}个，"
        f"已整改{max(problems - rng.randint(0, 5), 0)}个，其余正在整改。"
        "检查中发现的问题已逐一反馈并督促整改到位。</p>"
        f"<p>下一步，将{rng.choice(vocab.TASK_VERBS)}{rng.choice(vocab.TASK_OBJECTS)}，"
        f"{rng.choice(vocab.TASK_GOALS)}。</p>"
    )
