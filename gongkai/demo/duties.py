"""What each kind of demo department does, for the columns every organ must fill.

The 公开目录 gives every organ the same statutory columns (Art. 20, 21 and the 重点领域), whatever
its remit. A real department fills a column from its own work where it has some (a 卫生健康委 has
an 应急预案 for 突发公共卫生事件) and otherwise publishes a short 说明 naming the organ that holds
such information. These tables say which is which. Everything here was written for the demo.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Duties:
    field: str  # what its 规划 plans: 教育事业发展 → 岚川市教育事业发展规划（…）
    emergency: str  # its 部门应急预案 (Art. 20 item 12)
    offices: tuple[str, str, str]  # three 内设机构 besides 办公室 and 政策法规科 (Art. 20 item 2)
    inspection: str = ""  # what it inspects (Art. 20 item 13), if anything in that item's fields
    project: str = ""  # a 重大建设项目 it carries out (Art. 20 item 10); {place} is filled in
    livelihood: str = ""  # its title for Art. 20 item 11 (扶贫、教育、医疗、社保、就业)
    fees: tuple[tuple[str, str], ...] = ()  # 行政事业性收费 (项目, 标准) it collects (item 8)


# fmt: off
DUTIES: dict[str, Duties] = {
    "fgw": Duties(
        "现代服务业发展", "粮食应急预案",
        ("综合规划科", "固定资产投资科", "价格和收费管理科"),
        inspection="重点用能单位节能监察",
        livelihood="{place}{year}年社会救助和保障标准与物价上涨挂钩联动机制执行情况",
    ),
    "jyj": Duties(
        "教育事业发展", "教育系统突发公共事件应急预案",
        ("基础教育科", "职业与成人教育科", "学生资助管理中心"),
        inspection="学校食品安全", project="{place}实验中学新校区建设",
        fees=(("公办普通高中学费", "每生每学期800元"), ("公办普通高中住宿费", "每生每学期400元")),
    ),
    "gaj": Duties(
        "公安科技信息化建设", "大型群众性活动安全事故应急预案",
        ("指挥中心", "治安管理大队", "交通警察大队"),
        inspection="重点单位消防安全", project="{place}公安局业务技术用房建设",
        livelihood="关于为{place}困难群众免费办理居民身份证的通知",
        fees=(("居民身份证工本费", "换领、补领每证20元；临时居民身份证每证10元"),
              ("机动车号牌工本费", "汽车号牌每副100元；摩托车号牌每副35元")),
    ),
    "mzj": Duties(
        "民政事业发展", "低温雨雪冰冻天气流浪乞讨人员救助应急预案",
        ("社会救助科", "养老服务科", "社会事务科"),
        inspection="养老机构安全", project="{place}社会福利中心二期工程",
    ),
    "czj": Duties(
        "财政改革发展", "财政应急保障预案",
        ("预算科", "国库科", "政府采购管理科"),
        livelihood="{place}{year}年就业补助资金分配情况",
    ),
    "rsj": Duties(
        "人力资源和社会保障事业发展", "拖欠农民工工资突发事件应急预案",
        ("就业促进科", "社会保险科", "劳动关系科"),
    ),
    "zrj": Duties(
        "国土空间生态修复", "地质灾害应急预案",
        ("国土空间规划科", "耕地保护监督科", "不动产登记中心"),
        inspection="地质灾害隐患点", project="{place}国土综合整治与生态修复工程",
        fees=(("不动产登记费", "住宅类每件80元；非住宅类每件550元"),),
    ),
    "sthjj": Duties(
        "生态环境保护", "突发环境事件应急预案",
        ("大气环境科", "水生态环境科", "环境影响评价科"),
        inspection="重点排污单位执法检查", project="岚江流域水环境综合治理工程",
    ),
    "zjj": Duties(
        "住房发展", "建设工程生产安全事故应急预案",
        ("住房保障科", "建筑业管理科", "物业管理科"),
        inspection="建筑施工安全",
        livelihood="{place}{year}年公共租赁住房保障情况",
        fees=(("城镇垃圾处理费", "居民每户每月6元；单位按每吨垃圾95元"),),
    ),
    "jtj": Duties(
        "综合交通运输发展", "公路交通突发事件应急预案",
        ("综合运输科", "公路管理科", "运输服务科"),
        inspection="道路运输安全",
        livelihood="关于{year}年继续实施老年人免费乘坐城市公交政策的通知",
    ),
    "nyj": Duties(
        "农业农村现代化", "重大动物疫情应急预案",
        ("种植业管理科", "农田建设管理科", "乡村发展科"),
        inspection="农产品质量安全", project="{place}高标准农田建设项目",
        livelihood="{place}{year}年防止返贫动态监测和帮扶工作情况",
    ),
    "wjw": Duties(
        "卫生健康事业发展", "突发公共卫生事件应急预案",
        ("医政医管科", "基层卫生健康科", "疾病预防控制科"),
        inspection="公共场所卫生", project="{place}第二人民医院新院区",
    ),
    "scjg": Duties(
        "市场监管现代化", "食品安全事故应急预案",
        ("登记注册科", "食品安全协调科", "特种设备安全监察科"),
        inspection="食品安全",
    ),
}
# fmt: on

#: Who holds the information of a duty a department does not have (its 说明 names them):
#: the department of that slug in the same government, else the government itself.
COMPETENT = {
    "市政建设": "zjj",
    "土地征收": "zrj",
    "房屋征收": "zjj",
    "治安管理": "gaj",
    "社会救助": "mzj",
    "重大建设项目": "fgw",
    "行政事业性收费": "czj",
}

#: 内设机构 of a township government (Art. 20 item 2).
TOWNSHIP_OFFICES = ("党政综合办公室", "经济发展办公室", "社会事务办公室", "综合行政执法队")


def head_title(name: str, place: str, *, government: bool) -> str:
    """The title of the organ's head: 市长, 区长, 县长, 镇长, 乡长; 主任 of a 委员会, else 局长."""
    if government:
        return f"{place[-1]}长"
    return "主任" if name.endswith("委员会") else "局长"
