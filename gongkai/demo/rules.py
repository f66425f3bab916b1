"""政府信息公开制度: the rules each demo organ publishes on how it does the work.

Every organ's 公开目录 has a 政府信息公开制度 column. The demo fills it with the organ's own
工作制度, 保密审查制度, 依申请公开办理规程 and 政策解读制度 (and sometimes a 考核和责任追究制度),
written here from the articles of the 条例 they implement and filled in with the organ's names,
offices, contact data and its settings (审核 step, answer sign-off, 复议机关, court). The texts
were written for this generator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gongkai.demo.content import Plan, Planner
from gongkai.demo.organs import DemoOrgan
from gongkai.orgs.models import Organ

TOPIC = ("综合政务", "政务公开")
_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class _Context:
    organ: str
    gio: str  # the 政府信息公开工作机构 (Art. 4)
    place: str
    articles: str  # the proactive-disclosure articles that bind it (Art. 19–21)
    chain: str  # the publishing workflow, with or without 审核
    answer_signoff: str
    reconsideration: str
    court: str
    address: str
    postcode: str
    hours: str
    phone: str
    fax: str
    website: str


def _context(demo: DemoOrgan) -> _Context:
    organ = demo.organ
    parent = organ.parent
    review = "、审核" if organ.review_step else ""
    signers = (
        "审核人员审核、签发人"
        if organ.answer_signoff == Organ.AnswerSignoff.REVIEWER_APPROVER
        else "签发人"
    )
    # Art. 21 binds governments (and their departments) at city, county and township level.
    articles = (
        "第十九条、第二十条、第二十一条" if organ.applies_article_21 else "第十九条、第二十条"
    )
    return _Context(
        organ=organ.name,
        gio=organ.gio_name or "办公室",
        place=demo.place,
        articles=articles,
        chain=f"采编人员起草{review}、保密审查人员审查、签发人签发",
        answer_signoff=signers,
        reconsideration=organ.reconsideration_organ
        or (parent.name if parent else "上一级行政机关"),
        court=organ.court or "有管辖权的人民法院",
        address=organ.gio_address,
        postcode=organ.gio_postcode,
        hours=organ.gio_hours,
        phone=organ.gio_phone,
        fax=organ.gio_fax,
        website=organ.gio_website,
    )


def _articles(chapters: list[tuple[str, list[str]]]) -> str:
    """Chapters of numbered articles (第一条 …), numbered across chapters as rules are."""
    parts, n = [], 0
    for i, (heading, articles) in enumerate(chapters):
        parts.append(f"<h2>第{_NUMERALS[i]}章 {heading}</h2>")
        for text in articles:
            n += 1
            parts.append(f"<p><strong>第{_chinese_number(n)}条</strong> {text}</p>")
    return "".join(parts)


def _chinese_number(n: int) -> str:
    if n <= 10:
        return _NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else _NUMERALS[tens - 1]}十{_NUMERALS[ones - 1] if ones else ''}"


def work_rules(c: _Context) -> str:
    return _articles(
        [
            (
                "总则",
                [
                    f"为了规范{c.organ}政府信息公开工作，保障公民、法人和其他组织依法获取政府信息，"
                    "根据《中华人民共和国政府信息公开条例》（以下简称《条例》），结合本机关实际，"
                    "制定本制度。",
                    "本制度所称政府信息，是指本机关在履行行政管理职能过程中制作或者获取的，"
                    "以一定形式记录、保存的信息。",
                    "政府信息公开坚持以公开为常态、不公开为例外，遵循公正、公平、合法、便民的原则。",
                ],
            ),
            (
                "工作机构和职责",
                [
                    f"本机关主要负责人领导政府信息公开工作。{c.gio}是本机关政府信息公开工作机构，"
                    "负责办理主动公开和依申请公开事项，维护和更新公开的政府信息，组织编制政府信息"
                    "公开指南、公开目录和年度报告，组织政府信息公开前的审查。",
                    "各内设机构负责本机构职责范围内政府信息的公开工作，在信息形成时按照"
                    "主动公开、依申请公开、不予公开确定公开属性；确定为依申请公开或者不予公开的，"
                    "应当写明理由和依据。",
                ],
            ),
            (
                "主动公开",
                [
                    f"本机关依照《条例》{c.articles}的规定确定主动公开的政府信息，"
                    "并在本机关政府信息公开目录的相应栏目中发布。",
                    f"主动公开的政府信息由{c.chain}后发布，未经审查和签发的信息不得发布。",
                    "属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内"
                    "予以公开；法律、法规对公开期限另有规定的，从其规定。",
                    "已公开的政府信息被修改、废止或者失效的，应当及时在原信息页面标注有效性，"
                    "并公开有关情况。",
                ],
            ),
            (
                "依申请公开",
                [
                    f"公民、法人或者其他组织申请获取本机关政府信息的，按照《{c.organ}依申请公开"
                    "政府信息办理规程》办理。",
                ],
            ),
            (
                "监督和保障",
                [
                    f"{c.gio}于每年1月31日前编制并公布本机关上一年度政府信息公开工作年度报告。",
                    "政府信息公开工作纳入本机关年度工作考核，接受社会评议和监督。"
                    "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，"
                    "可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报。",
                ],
            ),
            ("附则", ["本制度自印发之日起施行。"]),
        ]
    )


def secrecy_rules(c: _Context) -> str:
    return _articles(
        [
            (
                "总则",
                [
                    "为了防止政府信息公开过程中泄露国家秘密、商业秘密和个人隐私，根据"
                    "《中华人民共和国保守国家秘密法》和《中华人民共和国政府信息公开条例》第十七条，"
                    "制定本制度。",
                    "本机关拟公开的政府信息，坚持先审查、后公开和一事一审的原则，"
                    "未经保密审查的，一律不得公开。",
                ],
            ),
            (
                "审查程序",
                [
                    "起草机构对拟公开信息进行初审，提出公开属性意见；保密审查人员进行审查并"
                    f"签署审查意见；{c.gio}对审查意见有疑问的，退回起草机构核实。",
                    "信息发布系统对正文和附件中的身份证号码、手机号码等个人信息以及密级标志"
                    "自动提示，保密审查人员应当逐条确认处理，发现须删改的内容，退回修改后重新审查。",
                    "对是否可以公开难以确定的，应当依照法律、法规和国家有关规定报有关主管部门"
                    "或者保密行政管理部门确定。",
                ],
            ),
            (
                "审查内容",
                [
                    "保密审查重点审查：（一）是否涉及国家秘密；（二）公开后是否可能危及国家安全、"
                    "公共安全、经济安全、社会稳定；（三）是否涉及商业秘密、个人隐私等第三方"
                    "合法权益；（四）是否属于人事管理、后勤管理、内部工作流程等内部事务信息，"
                    "或者讨论记录、过程稿、请示报告等过程性信息。",
                    "涉及个人隐私的，应当删除或者遮盖身份证号码、联系电话、住址等个人信息后再公开。",
                ],
            ),
            (
                "责任",
                [
                    "审查意见随信息一并存档备查。因审查不严造成泄密或者侵犯第三方合法权益的，"
                    "依法依规追究有关人员责任。",
                ],
            ),
            ("附则", ["本制度自印发之日起施行。"]),
        ]
    )


def request_rules(c: _Context) -> str:
    return _articles(
        [
            (
                "总则",
                [
                    f"为了规范{c.organ}依申请公开政府信息的办理，保障申请人的合法权益，"
                    "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第四章的规定，"
                    "制定本规程。",
                ],
            ),
            (
                "受理",
                [
                    f"申请人可以通过当面提交、邮寄、传真或者在线平台向{c.gio}提出申请。"
                    f"受理地址：{c.address}（邮政编码：{c.postcode}）；受理时间：{c.hours}；"
                    f"传真：{c.fax}；在线申请：{c.website}。",
                    "申请应当包括申请人的姓名或者名称、身份证明、联系方式，所需政府信息的名称、"
                    "文号或者便于查询的其他特征性描述，以及获取信息的方式和载体形式。",
                    "收到申请之日按以下规则确定：当面提交的，以提交之日为准；以邮寄方式提交的，"
                    "以签收之日为准；通过传真或者在线平台提交的，以双方确认之日为准。",
                ],
            ),
            (
                "办理",
                [
                    "申请内容不明确的，自收到申请之日起7个工作日内一次性告知申请人作出补正，"
                    "说明需要补正的事项和合理的补正期限；答复期限自收到补正的申请之日起计算。",
                    "公开会损害第三方合法权益的，书面征求第三方意见；第三方应当自收到征求意见"
                    "书之日起15个工作日内提出意见，征求意见所需时间不计算在答复期限内。",
                    "能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内"
                    "予以答复。需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，"
                    "延长的期限最长不超过20个工作日。",
                    "答复根据情况分别告知获取方式、予以提供、不予公开的理由、信息不存在、"
                    "不属于本机关负责公开及负责公开的机关、重复申请或者不属于政府信息公开范围。",
                    f"答复书经{c.answer_signoff}签发后送达申请人，并告知救济途径。",
                ],
            ),
            (
                "收费和救济",
                [
                    "本机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显"
                    "超过合理范围的，可以按照国家规定收取信息处理费。",
                    f"申请人认为本机关在政府信息公开工作中侵犯其合法权益的，可以向{c.reconsideration}"
                    f"申请行政复议，也可以向{c.court}提起行政诉讼。",
                ],
            ),
            ("附则", [f"本规程自印发之日起施行。咨询电话：{c.phone}。"]),
        ]
    )


def interpretation_rules(c: _Context) -> str:
    return _articles(
        [
            (
                "总则",
                [
                    f"为了做好{c.organ}政策解读工作，帮助公众准确理解政策，制定本制度。",
                    "本机关制发的规范性文件和涉及群众切身利益的重要政策文件，应当进行解读。",
                ],
            ),
            (
                "解读要求",
                [
                    "坚持政策文件与解读方案、解读材料同步组织、同步审签、同步部署。"
                    "解读材料与政策文件同时发布；确有困难的，最迟不超过文件公开后3个工作日。",
                    "解读材料应当说明起草背景、制定依据、主要内容、适用范围、新旧政策差异和"
                    "解读机关及联系方式，做到通俗易懂。",
                    "解读可以采用文字解读、图表图解（一图读懂）、答记者问、音视频等形式；"
                    "以图片形式解读的，应当同时提供文字说明，方便视障人士和老年人阅读。",
                ],
            ),
            (
                "职责分工",
                [
                    "政策文件起草机构负责起草解读材料，随文件一并按程序报审；"
                    f"{c.gio}负责在“政策解读”栏目发布，并与所解读的政策文件相互关联。",
                    "政策实施中公众关注度高或者出现误解误读的，起草机构应当及时回应、澄清。",
                ],
            ),
            ("附则", ["本制度自印发之日起施行。"]),
        ]
    )


def assessment_rules(c: _Context) -> str:
    return _articles(
        [
            (
                "总则",
                [
                    "为了推动政府信息公开工作落实，根据《中华人民共和国政府信息公开条例》"
                    "第四十六条至第五十三条，"
                    "制定本制度。",
                ],
            ),
            (
                "考核和评议",
                [
                    "政府信息公开工作每年考核一次，考核内容包括主动公开的及时性和准确性、"
                    "依申请公开的办理质量、政策解读、公开平台建设和年度报告编制等。",
                    "通过在线评价、问卷调查、座谈会等方式开展社会评议，评议结果作为改进工作的依据。",
                ],
            ),
            (
                "责任追究",
                [
                    "不依法履行政府信息公开职能，不及时更新公开的政府信息、公开指南和公开目录，"
                    "或者违反规定公开不应当公开的政府信息的，依法依规追究有关人员责任。",
                ],
            ),
            ("附则", [f"本制度由{c.gio}负责解释，自印发之日起施行。"]),
        ]
    )


#: (title after the organ's name, genre, writer); the first four every organ has.
RULES: tuple[tuple[str, str, Callable[[_Context], str]], ...] = (
    ("政府信息公开工作制度", "规定", work_rules),
    ("政府信息公开保密审查制度", "规定", secrecy_rules),
    ("依申请公开政府信息办理规程", "细则", request_rules),
    ("政策解读工作制度", "规定", interpretation_rules),
    ("政府信息公开工作考核和责任追究制度", "办法", assessment_rules),
)


def rules_plans(planner: Planner, demo: DemoOrgan) -> list[Plan]:
    """The organ's 制度, issued as one numbered document each, oldest first."""
    rng = planner.rng
    context = _context(demo)
    count = 5 if rng.random() < 0.4 else 4
    days = sorted(planner.pub_day() for _ in range(count))
    agency = f"{demo.agency_stem}办{'发' if demo.is_government else ''}"
    plans = []
    for (name, genre, write), day in zip(RULES[:count], days, strict=True):
        formed, published = planner.dated(day)
        title = f"{demo.organ.name}{name}"
        plans.append(
            Plan(
                demo=demo,
                column="rules",
                title=title,
                genre=genre,
                topic=TOPIC,
                formed_on=formed,
                written_on=formed,
                published_at=published,
                doc_agency=agency,
                keywords=f"政府信息公开,{name}",
                summary=f"{title}全文。",
                body=write(context),
            )
        )
    return plans
