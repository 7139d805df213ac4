"""Initiative rules on single sentences."""

from __future__ import annotations

import pytest

from kg.pipeline import analyze
from kg.records import Article


def test_quoted_names_ending_in_their_kind_are_initiatives():
    resolved = analyze(Article(id="t", headline="t", text=(
        "湖北将接续实施长江大保护“双十工程”“双十行动”。纳入“八八战略”中。"
        "各地将组织开展“百日千万招聘专项行动”。")))
    names = {e.name for e in resolved.entities if e.kind == "initiative"}
    assert {"双十工程", "双十行动", "八八战略", "百日千万招聘专项行动"} <= names


def _initiatives(text: str) -> set[str]:
    resolved = analyze(Article(id="t", headline="t", text=text))
    return {e.name for e in resolved.entities if e.kind == "initiative"}


def test_campaigns_named_by_their_work_after_the_verb_launching_them():
    # Sentences of 新闻联播 2025 (国务院常务会议, 国家发展改革委 stories).
    names = _initiatives(
        "总理李强4月27日主持召开国务院常务会议，部署开展美丽河湖保护与建设行动，研究进一步"
        "加强困境儿童福利保障。研究在全国部分地区实施要素市场化配置综合改革试点工作，"
        "部署开展县域普通高中振兴行动。此外，红树林保护修复专项行动也加快实施。"
        "我国在16城市开展物流数据开放互联试点。")
    assert {"美丽河湖保护与建设行动", "要素市场化配置综合改革试点", "县域普通高中振兴行动",
            "红树林保护修复专项行动", "物流数据开放互联试点"} <= names


def test_military_operations_counts_and_bare_actions_are_no_campaigns():
    names = _initiatives(
        "以军当天对加沙地带北部发起大规模搜捕行动。会议提出具体实施七大行动。"
        "各地开展多次专项行动。军队随即采取行动。总结推广43个低效用地再开发试点城市的经验。")
    assert not {n for n in names if n.endswith(("行动", "试点"))}, names


def test_railways_and_roads_named_by_their_ends_abbreviations_or_number():
    names = _initiatives(
        "稳步推进淮宿蚌城际铁路、宁淮城际铁路、金建铁路等32个项目。受地震影响的拉日铁路"
        "已经恢复通行。新建西宁至成都铁路、新建重庆至厦门高铁重庆东至黔江段等项目开通运营。"
        "黄桶至百色铁路加快建设。大桥为国道338线中卫至孟家湾段控制性工程。"
        "国道351线夹金山隧道建成开通。一年前沈白高铁开通，让中哈铁路发挥更大作用。")
    assert {"淮宿蚌城际铁路", "宁淮城际铁路", "金建铁路", "拉日铁路", "西宁至成都铁路",
            "重庆至厦门高铁重庆东至黔江段", "黄桶至百色铁路", "国道338线中卫至孟家湾段",
            "国道351线夹金山隧道", "沈白高铁", "中哈铁路"} <= names
    assert not {"前沈白高铁", "让中哈铁路"} & names


def test_railway_words_of_common_speech_are_no_lines():
    names = _initiatives(
        "全国铁路发送旅客1500万人次。相关铁路部门加强调度，深化铁路改革，完善公路铁路联运。"
        "西安至延安的铁路即将贯通。南宁铁路局加开列车。")
    assert not names, names


def test_kinds_of_projects_and_operations_in_a_place_are_no_initiatives():
    names = _initiatives(
        "新年伊始，一批新的外商投资项目在我国各地加紧推进。江苏将实施约40项重大科技攻关项目"
        "和80项前沿技术研发项目。峒山村已建成22个生态农业项目。以色列称加强在约旦河西岸"
        "地区行动。双方要落实好共建“一带一路”倡议，以“一带一路”为主要平台深化合作。"
        "悬崖村按照“长短结合、种养互动”的产业发展规划发展村集体经济。")
    assert names <= {"一带一路"}, names


def test_projects_named_by_a_place_or_a_quoted_name_stay():
    names = _initiatives(
        "北京西城区白塔寺区域改造项目，不仅改善了胡同居民的生活环境。“天空之谷”文旅项目"
        "已投入试运营。")
    assert {"北京西城区白塔寺区域改造项目", "“天空之谷”文旅项目"} <= names, names


def test_yearly_events_platforms_and_missions_named_by_their_work():
    names = _initiatives(
        "眼下正是求职旺季，2025年全国城市联合招聘高校毕业生秋季专场活动在全国各地展开。"
        "人力资源社会保障部启动创业资源对接服务季活动。各地开展群众文化活动。"
        "三省一市联合搭建长三角科技资源共享平台。天问二号任务将通过一次发射实现小行星取样返回。")
    assert {"2025年全国城市联合招聘高校毕业生秋季专场活动", "创业资源对接服务季活动",
            "长三角科技资源共享平台", "天问二号任务"} <= names, names
    assert "群众文化活动" not in names


def test_numbered_inspection_rounds_are_campaigns_beside_the_body_running_them():
    resolved = analyze(Article(id="t", headline="t", text=(
        "二十届中央第五轮巡视将对河北进行巡视。精心组织全国政协党组第二轮专项巡视。")))
    names = {e.name for e in resolved.entities if e.kind == "initiative"}
    assert {"二十届中央第五轮巡视", "全国政协党组第二轮专项巡视"} <= names, names
    orgs = {e.name for e in resolved.entities if e.kind == "organization"}
    assert "中国人民政治协商会议全国委员会党组" in orgs, orgs


def test_quoted_names_listed_before_their_kind_are_each_an_initiative():
    names = _initiatives(
        "各地推出“跟着电影去旅游”“中国电影消费年”等活动。“京通”“一网通办”等平台推动了惠民。"
        "推出“羌年”等3个遗产项目和“井冈山”等农产品品牌。")
    assert {"“跟着电影去旅游”", "“中国电影消费年”", "“京通”", "“一网通办”"} <= names, names
    assert not {n for n in names if "等" in n or "羌年" in n or "井冈山" in n}, names


def test_projects_in_apposition_bridges_and_transmission_lines_are_named():
    # Sentences of 新闻联播 2025 (各地重大工程加紧建设, 国内联播快讯).
    names = _initiatives(
        "我国西部陆海新通道骨干工程——平陆运河的三大枢纽都已进入混凝土浇筑阶段。在海南自贸港"
        "机场群建设先导性项目——三亚凤凰国际机场三期改扩建项目的现场，工人们正在施工。"
        "东北振兴战略规划重点项目——盘锦华锦阿美精细化工及原料工程建设现场一片繁忙。"
        "贵州六枝至安龙高速花江峡谷大桥顺利合龙。“疆电入渝”建设项目哈密至重庆特高压直流"
        "输电工程渝北换流站开始调试。西安至十堰高铁西岭隧道贯通。")
    assert {"平陆运河", "三亚凤凰国际机场三期改扩建项目", "盘锦华锦阿美精细化工及原料工程",
            "六枝至安龙高速", "花江峡谷大桥", "哈密至重庆特高压直流输电工程",
            "西安至十堰高铁", "西岭隧道"} <= names, names


def test_a_project_pointed_back_to_or_a_tunnel_of_a_whole_line_is_no_name():
    names = _initiatives("目前，该高铁桥梁工程已完成设计总量的95%。该高铁全线隧道顺利贯通。")
    assert not names, names


def test_campaigns_whose_words_jieba_tags_as_numerals_or_adverbs_are_found():
    # 大宗/m and 更新/d in jieba's dictionary; 示范 launched like a pilot.
    names = _initiatives(
        "四是开展大宗消费更新升级行动。国家累计支持1489个县开展电子商务进农村综合示范。")
    assert {"大宗消费更新升级行动", "电子商务进农村综合示范"} <= names, names


def test_power_stations_bridges_in_one_word_and_lines_of_trains_or_power_are_named():
    # Sentences of 新闻联播 2025 (国内联播快讯).
    names = _initiatives(
        "漳州核电1号机组投入商业运行。叶巴滩水电站首台机组定子成功吊装。中广核广东陆丰核电"
        "6号机组完成穹顶吊装。今天，江苏宁扬长江大桥正式通车。西安至塔什干快速班列首发。"
        "我国将开工建设陕西至河南特高压以及浙江桐庐抽水蓄能电站等一批重点工程。俄斯摩棱斯克"
        "核电站遭到袭击。")
    assert {"漳州核电1号机组", "叶巴滩水电站", "广东陆丰核电6号机组", "江苏宁扬长江大桥",
            "西安至塔什干快速班列", "陕西至河南特高压", "浙江桐庐抽水蓄能电站",
            "斯摩棱斯克核电站"} <= names, names
    assert not {n for n in names if n.startswith(("中广核", "俄"))}, names


def test_a_station_or_bridge_of_no_name_is_no_initiative():
    names = _initiatives("当地建成多座水电站。该水电站装机容量大。工人们在跨长江大桥上作业。")
    assert not names, names


def test_named_facilities_in_quoted_apposition_campaign_weeks_and_national_strategies():
    names = _initiatives(
        "全球首座300兆瓦级压气储能电站——“能储一号”实现全容量并网发电。国家税务总局启动第34个"
        "全国税收宣传月。我们作出深入实施科教兴国战略、人才强国战略、创新驱动发展战略的决策。"
        "2024年我国长江禁渔取得重要阶段性成效。")
    assert {"能储一号", "全国税收宣传月", "科教兴国战略", "人才强国战略", "创新驱动发展战略",
            "长江十年禁渔"} <= names, names


def test_platforms_and_trial_zones_named_by_the_state_a_place_or_a_body():
    names = _initiatives(
        "国家算力监测调度平台正式上线运行。粤港澳大湾区公共算力服务平台上线。浙江建设国家数字"
        "经济创新发展试验区。福建自贸试验区挂牌。企业通过电商平台销售产品。当地搭建了数字化公共"
        "服务平台。高质量建设自由贸易试验区。")
    assert {"国家算力监测调度平台", "粤港澳大湾区公共算力服务平台", "国家数字经济创新发展试验区",
            "福建自贸试验区"} <= names, names
    assert not {n for n in names if n.startswith(("浙江", "电商", "数字化", "高质量", "建设"))
                or n == "自由贸易试验区"}, names


@pytest.mark.parametrize(("text", "expected"), [
    ("国企改革深化提升行动稳步推进。", {"国有企业改革深化提升行动"}),
    ("实施自由贸易试验区提升战略等一系列举措。", {"自由贸易试验区提升战略"}),
    ("开年以来，我国多个能源重点工程加速建设。", set()),
    ("以军在加沙地带开展“有针对性的地面行动”。", set()),
])
def test_national_programmes_are_known_and_kinds_of_projects_or_operations_of_war_are_not(
        text, expected):
    assert _initiatives(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("习近平和苏林共同宣布中越人文交流年启动。", {"中越人文交流年"}),
    ("中瑞文化和旅游年开幕。", {"中瑞文化和旅游年"}),
    ("2025年是哈萨克斯坦中国旅游年。", {"哈萨克斯坦中国旅游年"}),
    ("在互办文化年的基础上。", set()),
])
def test_years_two_countries_hold_together_are_initiatives(text, expected):
    assert _initiatives(text) == expected


@pytest.mark.parametrize(("text", "name"), [
    ("“澳车北上”政策实施两年来。", "“澳车北上”"),
    ("海军医院船完成“和谐使命-2024”任务凯旋。", "“和谐使命-2024”"),
])
def test_a_quoted_name_before_policy_or_mission_is_the_initiative(text, name):
    assert name in _initiatives(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("各地通过举办“学雷锋榜样思政课”，带领广大青年深入学习雷锋事迹。", {"“学雷锋榜样思政课”"}),
    ("青年志愿者们开设“AI梦想课堂”，点亮孩子们心中的科技梦想。", {"“AI梦想课堂”"}),
    ("他说“我们一定会成功”。", set()),
])
def test_a_quoted_name_right_after_the_verb_launching_it_is_an_initiative(text, expected):
    assert _initiatives(text) == expected
