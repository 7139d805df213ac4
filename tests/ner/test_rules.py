"""Tests of the output rules (kg.ner.rules): People's Daily conventions the model misses."""

from __future__ import annotations

import pytest

from kg.ner import recognize
from kg.ner.rules import (
    addressed_surnames,
    armies,
    celestial_bodies,
    close_brackets,
    enterprises,
    facilities,
    foreign_people_by_title,
    foreign_places_by_division,
    foreign_places_by_ending,
    known_companies,
    known_figures,
    known_organizations,
    known_people,
    leading_places,
    merge_place_organization,
    ministries,
    numbered_sessions,
    organization_starts,
    people_of_trophies,
    place_bodies,
    place_words,
    places_in_compounds,
    publications,
    regions,
    split_place_pairs,
    sports_teams,
    trim_person_affixes,
)


def test_place_directly_before_organization_becomes_one_organization() -> None:
    spans = [(0, 2, "LOC"), (2, 5, "ORG"), (6, 8, "LOC"), (9, 11, "ORG"), (11, 13, "LOC")]
    assert merge_place_organization(spans) == [
        (0, 5, "ORG"),
        (6, 8, "LOC"),
        (9, 11, "ORG"),
        (11, 13, "LOC"),
    ]


def test_person_spans_lose_the_forms_of_address_people_daily_leaves_out() -> None:
    text = "王某和胡老、启功老、小俊平、张小明、刘家"
    spans = [(0, 2, "PER"), (3, 5, "PER"), (6, 9, "PER"), (10, 13, "PER"), (14, 17, "PER"),
             (18, 20, "PER"), (18, 20, "LOC")]
    trimmed = [(text[s:e], t) for s, e, t in trim_person_affixes(text, spans)]
    assert trimmed == [("王", "PER"), ("胡", "PER"), ("启功", "PER"), ("俊平", "PER"),
                       ("张小明", "PER"), ("刘", "PER"), ("刘家", "LOC")]


def test_pairs_of_one_character_places_before_relations_become_separate_places() -> None:
    text = "严格遵守中韩建交时确立的原则"
    spans = split_place_pairs(text, [(5, 8, "PER")])  # the model's 韩建交
    assert [(text[s:e], t) for s, e, t in spans] == [("中", "LOC"), ("韩", "LOC")]
    found = [(s.text, s.type) for s in recognize("为了谋求中印边界问题和平解决")]
    assert ("中", "LOC") in found and ("印", "LOC") in found
    text = "英法在乌克兰问题上立场一致"  # the pair as a subject
    assert [(text[s:e], t) for s, e, t in split_place_pairs(text, [])] == [
        ("英", "LOC"), ("法", "LOC")]


def test_place_pairs_inside_an_organization_or_without_relations_are_left_alone() -> None:
    text = "美中经贸促进会呼吁"
    assert split_place_pairs(text, [(0, 7, "ORG")]) == [(0, 7, "ORG")]
    text = "中美洲国家和中英文"
    assert split_place_pairs(text, [(0, 3, "LOC")]) == [(0, 3, "LOC")]


def test_periodicals_in_title_marks_are_organizations_with_their_place_and_kind() -> None:
    text = "据美国《科学》杂志报道，《纽约时报》和《时代潮》杂志也刊登了"
    spans = publications(text, [(1, 3, "LOC")])
    assert [(text[s:e], t) for s, e, t in spans] == [
        ("美国《科学》杂志", "ORG"), ("纽约时报", "ORG"), ("《时代潮》杂志", "ORG")]
    text = "华北《人民日报》创刊"
    assert [text[s:e] for s, e, _ in publications(text, [(0, 2, "LOC")])] == ["华北《人民日报》"]


def test_titles_that_are_not_periodicals_or_already_inside_an_organization_stay() -> None:
    text = "学习《中华人民共和国宪法》和《今日美国》报道的内容"
    assert publications(text, []) == []
    text = "《人民日报》社论"
    assert publications(text, [(0, 8, "ORG")]) == [(0, 8, "ORG")]


def test_people_a_trophy_is_named_after_are_persons() -> None:
    text = "中国男队再次被挤出汤杯决赛，本届汤尤杯赛尤伯杯决赛"
    spans = people_of_trophies(text, [(0, 4, "ORG"), (17, 20, "ORG")])
    assert [(text[s:e], t) for s, e, t in spans] == [
        ("中国男队", "ORG"), ("汤", "PER"), ("汤", "PER"), ("尤", "PER"), ("尤伯", "PER")]
    assert people_of_trophies("世界杯和李宁杯", []) == []


def test_the_ministry_in_a_minister_s_title_is_an_organization_with_its_country() -> None:
    text = "埃及石油部长哈姆迪、美国前商务部长芭芭拉和司法部长"
    spans = ministries(text, [(0, 2, "LOC"), (10, 12, "LOC")])
    assert [(text[s:e], t) for s, e, t in spans] == [
        ("埃及石油部", "ORG"), ("美国前商务部", "ORG"), ("司法部", "ORG")]


def test_deputies_acting_ministers_and_heads_of_party_departments_keep_no_ministry() -> None:
    for text in ("财政部副部长萨默斯", "后被任命为内务部代理部长", "中共中央统战部部长王兆国",
                 "这位新部长说"):
        assert ministries(text, []) == [], text


def test_a_place_and_the_body_named_after_it_become_one_organization() -> None:
    text = "此案经海口市中级人民法院一审，马来西亚男队与香港首届立法会"
    spans = place_bodies(text, [(3, 6, "LOC"), (15, 19, "LOC"), (22, 24, "LOC")])
    assert [(text[s:e], t) for s, e, t in spans] == [
        ("海口市中级人民法院", "ORG"), ("马来西亚男队", "ORG"), ("香港首届立法会", "ORG")]


def test_places_before_spots_quantities_verbs_or_generic_bodies_stay_places() -> None:
    for text, place in (
        ("加沙城中心发生爆炸", "加沙城"),  # the centre of a place
        ("华北中南部地区", "华北"),  # a part of it
        ("北爱尔兰地区所有学校停课", "北爱尔兰地区"),  # a scope word
        ("曼谷一家报社报道", "曼谷"),  # a quantity
        ("非洲球队表现出色", "非洲"),  # a generic body
        ("河北风力有所减弱", "河北"),  # jieba's dictionary calls 有所 a noun
        ("中国进行改革", "中国"),
    ):
        start = text.index(place)
        spans = [(start, start + len(place), "LOC")]
        assert place_bodies(text, spans) == spans, text


def _whole(text: str, name: str) -> list[tuple[int, int, str]]:
    start = text.index(name)
    return [(start, start + len(name), "ORG")]


def test_an_organization_keeps_only_the_last_of_the_divisions_that_open_it() -> None:
    for text, name, expected in (
        ("威震东北的辽宁省开原公安交警三中队", "辽宁省开原公安交警三中队",
         [("辽宁省", "LOC"), ("开原公安交警三中队", "ORG")]),
        ("山东省平度市崔马镇供销社营业员", "山东省平度市崔马镇供销社",  # a town after a county
         [("山东省", "LOC"), ("平度市", "LOC"), ("崔马镇供销社", "ORG")]),
        ("披露了河南省郑州市二七司法培训学校", "河南省郑州市二七司法培训学校",  # 二七 alone
         [("河南省", "LOC"), ("郑州市二七司法培训学校", "ORG")]),
        ("云南昆明王和医院", "云南昆明王和医院", [("云南", "LOC"), ("昆明王和医院", "ORG")]),
    ):
        spans = leading_places(text, _whole(text, name))
        assert sorted((text[s:e], t) for s, e, t in spans) == sorted(expected), text


def test_foreign_unrelated_or_single_places_stay_inside_the_organization() -> None:
    for text, name in (
        ("美国哥伦比亚大学的学者", "美国哥伦比亚大学"),  # a foreign country keeps its place
        ("德国科隆大学医院", "德国科隆大学医院"),
        ("北京上海商会成立", "北京上海商会"),  # 上海 is not inside 北京
        ("辽宁省公安厅发布", "辽宁省公安厅"),  # one place only
        ("黑龙江省阿城市委确定", "黑龙江省阿城市委"),  # nothing of a name would be left
    ):
        spans = _whole(text, name)
        assert leading_places(text, spans) == spans, text


def test_bodies_sitting_in_terms_take_the_number_of_their_term() -> None:
    text = "在第二届全国人民代表大会上，经过六届人大常委会审议，后换了六届县委"
    spans = [(4, 12, "ORG"), (18, 23, "ORG"), (31, 33, "ORG")]
    assert [(text[s:e], t) for s, e, t in numbered_sessions(text, spans)] == [
        ("第二届全国人民代表大会", "ORG"), ("六届人大常委会", "ORG"), ("县委", "ORG")]


def test_a_term_after_another_span_still_joins_its_body() -> None:
    text = "北京六届人大常委会"
    spans = [(0, 2, "LOC"), (4, 9, "ORG")]
    assert numbered_sessions(text, spans) == [(0, 2, "LOC"), (2, 9, "ORG")]


def test_a_plenary_session_is_a_meeting_not_an_organization() -> None:
    text = "党的二十届三中全会精神"
    assert numbered_sessions(text, [(5, 9, "ORG")]) == []


def test_regions_before_diqu_and_zhonghua_of_the_nation_are_places() -> None:
    text = "东北地区和华南地区的中华儿女，中华民族"
    spans = regions(text, [(0, 4, "LOC")])
    assert [(text[s:e], t) for s, e, t in spans] == [
        ("东北", "LOC"), ("华南", "LOC"), ("中华", "LOC"), ("中华", "LOC")]
    text = "中华民族团结进步协会"
    assert regions(text, [(0, 10, "ORG")]) == [(0, 10, "ORG")]
    assert regions("东北部和中华人民共和国", []) == []


def test_a_family_name_alone_before_a_form_of_address_is_a_person() -> None:
    text = "有一次，李先生在办公室，常副局长表示，习主席说"
    spans = addressed_surnames(text, [(19, 20, "LOC")])  # the model's place 习
    assert [(text[s:e], t) for s, e, t in spans] == [("李", "PER"), ("常", "PER"), ("习", "PER")]


def test_countries_words_of_function_and_parts_of_words_before_titles_stay() -> None:
    for text in ("乌总统泽连斯基表示", "但教授的神经", "史书记载", "5国外长会", "由主席团主持"):
        assert addressed_surnames(text, []) == [], text


def test_a_name_holding_a_rare_character_in_brackets_keeps_the_closing_bracket() -> None:
    text = "袁（日希）和惠（君音）说（见图）"
    spans = close_brackets(text, [(0, 4, "PER"), (6, 10, "PER"), (11, 12, "PER")])
    assert [text[s:e] for s, e, _ in spans] == ["袁（日希）", "惠（君音）", "说"]


def test_organizations_opening_inside_a_word_start_at_the_word() -> None:
    text = "由对外贸易经济合作部颁发，将访华新华社北京电"
    spans = organization_starts(text, [(4, 10, "ORG"), (15, 19, "ORG")])
    assert [text[s:e] for s, e, _ in spans] == ["对外贸易经济合作部", "新华社"]
    assert organization_starts("访华", [(1, 2, "ORG")]) == [(1, 2, "ORG")]


def test_countries_listed_in_a_tournament_s_results_are_teams() -> None:
    text = "八强已经产生：e组的美国、俄罗斯、立陶宛、西班牙"
    places = [(10, 12, "LOC"), (13, 16, "LOC"), (17, 20, "LOC"), (21, 24, "LOC")]
    spans = sports_teams(text, places)
    assert [(text[s:e], t) for s, e, t in spans] == [
        ("美国", "ORG"), ("俄罗斯", "ORG"), ("立陶宛", "ORG"), ("西班牙", "ORG")]


def test_countries_listed_outside_sport_or_fewer_than_three_stay_places() -> None:
    text = "外长会见了美国、俄罗斯、立陶宛的代表"
    places = [(5, 7, "LOC"), (8, 11, "LOC"), (12, 15, "LOC")]
    assert sports_teams(text, places) == places
    text = "小组赛中美国、俄罗斯出线"
    assert sports_teams(text, [(4, 6, "LOC"), (7, 10, "LOC")]) == [(4, 6, "LOC"), (7, 10, "LOC")]


def test_transliterated_names_ending_in_a_division_are_places() -> None:
    text = "拉贾斯坦邦和莱克伍德县，王金山"
    spans = foreign_places_by_division(text, [(0, 5, "PER"), (6, 11, "PER"), (12, 15, "PER")])
    assert spans == [(0, 5, "LOC"), (6, 11, "LOC"), (12, 15, "PER")]


def test_organizations_named_as_facilities_are_places() -> None:
    text = "南非国家博物馆和香港展览中心、新闻中心"
    spans = facilities(text, [(0, 7, "ORG"), (8, 14, "ORG"), (15, 19, "ORG")])
    assert spans == [(0, 7, "LOC"), (8, 14, "LOC"), (15, 19, "ORG")]


def test_foreign_names_beside_a_title_are_people_unless_known_places() -> None:
    text = "以色列总理内塔尼亚胡表示，库马拉通加总统说，总理访问东南亚"
    spans = [(0, 3, "LOC"), (5, 10, "LOC"), (13, 18, "LOC"), (26, 29, "LOC")]
    assert foreign_people_by_title(text, spans) == [
        (0, 3, "LOC"), (5, 10, "PER"), (13, 18, "PER"), (26, 29, "LOC")]
    text = "习近平主席东南亚之行"
    assert foreign_people_by_title(text, [(5, 8, "LOC")]) == [(5, 8, "LOC")]


def test_short_names_of_bodies_after_a_place_join_it() -> None:
    text = "题词勉励济南交警，山西省残联借各方力量"
    spans = place_bodies(text, [(4, 6, "LOC"), (9, 12, "LOC")])
    assert [(text[s:e], t) for s, e, t in spans] == [("济南交警", "ORG"), ("山西省残联", "ORG")]


def test_regions_lose_diqu_and_time_zones_or_sides_are_no_places() -> None:
    text = "亚太地区形势，北京时间6时，和田地区，北南双方"
    spans = [(0, 4, "LOC"), (7, 9, "LOC"), (14, 18, "LOC"), (19, 21, "LOC")]
    assert [(text[s:e], t) for s, e, t in place_words(text, spans)] == [
        ("亚太", "LOC"), ("和田地区", "LOC")]


def test_parts_of_a_country_named_by_directions_are_no_organizations() -> None:
    text = "冷空气将给我国中东部带来降温，外交部表示"
    spans = [(7, 10, "ORG"), (15, 18, "ORG")]
    assert [(text[s:e], t) for s, e, t in place_words(text, spans)] == [("外交部", "ORG")]


def test_the_sun_moon_planets_and_galaxy_are_places_but_not_inside_other_words() -> None:
    text = "研究海王星卫星，亿万年前地球磁场变化，人造地球卫星"
    assert [text[s:e] for s, e, _ in celestial_bodies(text, [])] == ["海王星", "地球", "地球"]
    for text in ("太阳能电池", "圆形太阳翼", "人造太阳核聚变装置", "哈尔滨太阳岛宾馆"):
        assert celestial_bodies(text, []) == [], text


def test_state_enterprises_known_by_a_short_name_are_organizations() -> None:
    text = "企业学习邯钢经验，一汽下岗职工"
    assert [text[s:e] for s, e, _ in enterprises(text, [])] == ["邯钢", "一汽"]
    text = "首钢京唐钢铁联合有限责任公司"  # not 唐钢 of 京唐钢铁
    assert [text[s:e] for s, e, _ in enterprises(text, [])] == ["首钢"]
    assert enterprises("买了一汽车西瓜", []) == []


def test_people_national_news_names_without_a_title_are_persons() -> None:
    text = "习近平在北京会见普京。特朗普和普京通电话。"
    spans = known_people(text, [(0, 3, "PER"), (4, 6, "LOC"), (8, 10, "LOC"), (11, 14, "PER")])
    assert [(text[s:e], t) for s, e, t in spans] == [
        ("习近平", "PER"), ("北京", "LOC"), ("普京", "PER"), ("特朗普", "PER"), ("普京", "PER")]
    assert ("普京", "PER") in {(s.text, s.type) for s in recognize("习近平会见普京。")}


def test_known_names_inside_other_words_or_longer_names_are_left_alone() -> None:
    for text, spans in (
        ("王毅然决定离开", []),  # 毅然: resolutely
        ("李强国是个好人", [(0, 3, "PER")]),  # another person
        ("普京政府表示", [(0, 4, "ORG")]),  # a body named after him
    ):
        assert known_people(text, spans) == spans, text


def test_bodies_the_extraction_lists_are_organizations_with_their_short_names() -> None:
    text = "哈马斯和黎巴嫩真主党发表声明，蒙古国家大呼拉尔通过"
    spans = [(0, 3, "PER"), (4, 7, "LOC"), (15, 17, "LOC"), (19, 23, "LOC")]
    found = [(text[s:e], t) for s, e, t in known_organizations(text, spans)]
    assert found == [("哈马斯", "ORG"), ("黎巴嫩真主党", "ORG"), ("蒙古", "LOC"),
                     ("国家大呼拉尔", "ORG")]


def test_an_army_s_short_name_keeps_its_country_a_place() -> None:
    text = "以军空袭加沙"
    spans = [(0, 1, "LOC"), (4, 6, "LOC")]
    assert known_organizations(text, spans) == spans


def test_slavic_town_names_read_as_people_are_places_where_a_place_stands() -> None:
    text = "乌军与俄军在波克罗夫斯克、库皮扬斯克等方向交火"
    spans = [(6, 12, "PER"), (13, 18, "PER")]
    assert [(text[s:e], t) for s, e, t in foreign_places_by_ending(text, spans)] == [
        ("波克罗夫斯克", "LOC"), ("库皮扬斯克", "LOC")]


def test_people_with_such_names_stay_people() -> None:
    for text, name in (
        ("伊利诺伊州州长普里茨克和芝加哥市长", "普里茨克"),  # after a title
        ("布鲁斯克当天表示", "布鲁斯克"),  # no place around it
        ("马斯克在美国", "马斯克"),  # a surname of three characters
    ):
        start = text.index(name)
        spans = [(start, start + len(name), "PER")]
        assert foreign_places_by_ending(text, spans) == spans, text


def test_the_country_of_an_army_named_by_one_character_is_a_place() -> None:
    text = "乌军称，俄军在前线打击了乌军方阵地，乌军用机场"
    spans = [(0, 2, "PER"), (4, 5, "LOC"), (12, 15, "ORG"), (18, 23, "LOC")]
    assert [(text[s:e], t) for s, e, t in armies(text, spans)] == [
        ("乌", "LOC"), ("俄", "LOC"), ("乌", "LOC"), ("乌军用机场", "LOC")]


def test_yi_before_jun_as_a_preposition_or_inside_a_word_names_no_country() -> None:
    for text in ("以军事手段解决争端", "对违规者予以军纪处分"):
        assert armies(text, []) == [], text
    assert armies("以军空袭加沙", []) == [(0, 1, "LOC")]


def test_international_bodies_and_the_duma_are_organizations_by_their_short_names() -> None:
    text = "叶利钦就国家杜马表决交换意见，欧佩克和国际武联发表声明"
    spans = [(0, 3, "PER"), (4, 6, "LOC")]
    found = [(text[s:e], t) for s, e, t in known_organizations(text, spans)]
    assert found == [("叶利钦", "PER"), ("国家杜马", "ORG"), ("欧佩克", "ORG"),
                     ("国际武联", "ORG")]


def test_well_known_companies_are_organizations_also_before_a_product() -> None:
    text = "一架波音727客机和三菱吉普车，思科在中国拓展市场"
    spans = [(19, 21, "LOC")]
    found = [(text[s:e], t) for s, e, t in known_companies(text, spans)]
    assert found == [("波音", "ORG"), ("三菱", "ORG"), ("思科", "ORG"), ("中国", "LOC")]


def test_a_company_name_inside_a_longer_span_or_word_is_left_alone() -> None:
    text = "松下幸之助创办的企业和宝马公司"
    spans = [(0, 5, "PER"), (11, 15, "ORG")]
    assert known_companies(text, spans) == spans
    assert known_companies("日产原油5万吨", []) == []  # 日产 is no company here


def test_historical_figures_are_persons_also_inside_a_title() -> None:
    text = "喜爱李白的读者读过《李白》，胡适学术“纰缪往往而有”"
    found = [(text[s:e], t) for s, e, t in known_figures(text, [])]
    assert found == [("李白", "PER"), ("李白", "PER"), ("胡适", "PER")]


def test_a_figure_s_name_inside_a_longer_word_or_span_is_left_alone() -> None:
    text = "孔子学院和鲁迅文学奖"
    spans = [(0, 4, "ORG")]
    assert known_figures(text, spans) == spans  # 鲁迅文学奖 is one word


@pytest.mark.parametrize(("text", "place"), [
    ("美国军队在越南战争期间曾使用沙林毒气", "越南"),
    ("塞尔维亚族警察同阿尔巴尼亚族武装发生冲突", "阿尔巴尼亚"),
    ("进而臆断出南京大屠杀是捏造的谎言", "南京"),
    ("西宁多云10℃／22℃银川多云转阴14℃", "银川"),
    ("日本发动全面侵华战争蓄谋已久", "华"),
    ("英国副首相和墨西哥外长将访华", "华"),
    ("早年求学东南大学，并赴法留学", "法"),
    ("使亚洲各国对日出口下降", "日"),
    ("庆祝蛇年新春佳节和旅美大熊猫", "美"),
])
def test_a_place_inside_a_compound_word_or_a_forecast_is_a_place(text, place) -> None:
    found = [text[s:e] for s, e, t in places_in_compounds(text, []) if t == "LOC"]
    assert place in found


def test_china_s_hua_is_left_alone_where_it_starts_a_word_or_a_span_holds_it() -> None:
    assert places_in_compounds("他们来华侨聚居的地方", []) == []  # 华侨
    spans = [(0, 6, "ORG")]
    assert places_in_compounds("泰国驻华使馆", spans) == spans


def test_a_country_s_character_is_left_alone_in_a_currency_or_a_longer_word() -> None:
    assert places_in_compounds("美元对日元的汇价从前一交易日的", []) == []  # 日元
    assert places_in_compounds("这在法律上站不住脚", []) == []  # 法律
