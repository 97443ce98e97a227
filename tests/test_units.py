import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from graphkit.units import balanced, find_mentions, looks_like_unit, split_units, unit_type


@pytest.mark.parametrize('text, expected', [
    ('市教育局、市财政局,市民政局;市妇联', ['市教育局', '市财政局', '市民政局', '市妇联']),
    ('各区〔市、县〕政府,市直有关单位', ['各区〔市、县〕政府', '市直有关单位']),
    ('各乡镇(场、街道)、市教育局', ['各乡镇(场、街道)', '市教育局']),
    ('市财政局和市人力资源和社会保障局', ['市财政局', '市人力资源和社会保障局']),
    ('市自然资源和规划局及市住房和城乡建设局', ['市自然资源和规划局', '市住房和城乡建设局']),
    ('云岩区、南明区、花溪区政府', ['云岩区政府', '南明区政府', '花溪区政府']),
    ('观山湖区、云岩区花溪区、清镇市政府', ['观山湖区政府', '云岩区政府', '花溪区政府', '清镇市政府']),
    ('贵安新区各乡镇、街道', ['贵安新区各乡镇', '贵安新区各街道']),
    ('市委宣传部市教育局', ['市委宣传部', '市教育局']),
    ('清镇市政府', ['清镇市政府']),
    ('高新区管委会', ['高新区管委会']),
    ('由市教育局、市财政局等部门', ['市教育局', '市财政局']),
])
def test_split_units(text, expected):
    assert split_units(text) == expected


@pytest.mark.parametrize('name', ['市教育局', '各乡镇场街道', '市直有关单位', '各区〔市、县〕政府', '花溪区',
                                  '市妇联', '贵州双龙航空港经济区管委会', '普宁产业转移工业园', '市属有关高校',
                                  '国家税务总局普宁市税务局', '揭阳市生态环境局普宁分局'])
def test_unit_names(name):
    assert looks_like_unit(name)


@pytest.mark.parametrize('text', ['2025年底前', '下同', '持续推进', '含幼儿园', '推动教育发展', '的单位',
                                  '试行', '局', '排名第一位为牵头单位'])
def test_not_unit_names(text):
    assert not looks_like_unit(text)


def test_unit_types():
    assert [unit_type(n) for n in ['市教育局', '市委组织部', '市妇联', '花溪区政府', '市直有关单位',
                                   '各区〔市、县〕政府', '市中级人民法院']] == \
        ['government', 'party', 'mass', 'lower-government', 'collective', 'lower-government', 'judicial']


def test_mentions():
    assert find_mentions('由市财政局和市人力资源社会保障局根据考核结果确定') == ['市财政局', '市人力资源社会保障局']
    assert find_mentions('将四会市教师发展中心纳入教育现代化建设', places=('四会市',)) == ['四会市教师发展中心']
    # levels, markets and categories are not units
    assert find_mentions('打造市级示范学校,完善市场发展格局,县域内中小学,全市中小学,优化布局') == []


@given(st.lists(st.sampled_from(['市教育局', '、', ',', '和', '(', ')', '〔', '〕', '各区', '市、县', '政府', '街道',
                                 '花溪区', '等', '由']), max_size=20))
@example(['市教育局', '(', '等', '和', '市教育局', ')'])      # 等和 inside brackets
@settings(max_examples=400, deadline=None)
def test_split_never_cuts_inside_brackets(parts):
    text = ''.join(parts)
    for item in split_units(text):
        assert item
        if balanced(text):
            assert balanced(item)


@pytest.mark.parametrize('text, expected', [
    ('咸宁高新区,各县市区政府', ['咸宁高新区', '各县市区政府']),       # suffixes are shared within a 、-list only
    ('市级各有关部门及各县市区政府', ['市级各有关部门', '各县市区政府']),
    ('贵阳高新区、经开区管委会', ['贵阳高新区管委会', '经开区管委会']),   # both parks' committees
])
def test_collectives_and_parks_are_not_cut_or_suffixed(text, expected):
    assert split_units(text) == expected


@pytest.mark.parametrize('text, expected', [
    ('市财政局,各区、县(市)政府', ['市财政局', '各区、县(市)政府']),          # Zhejiang's form: one collective
    ('各县、市、区人民政府', ['各县、市、区人民政府']),
    ('各乡镇、街道', ['各乡镇', '各街道']),                                  # no shared suffix: two collectives
    ('大盛镇、茨竹镇、古路镇人民政府', ['大盛镇人民政府', '茨竹镇人民政府', '古路镇人民政府']),
    ('城关镇、新集乡人民政府', ['城关镇人民政府', '新集乡人民政府']),
    ('国家税务总局湖南省税务局、省人力资源社会保障厅', ['国家税务总局湖南省税务局', '省人力资源社会保障厅']),
    ('中国人民银行杭州中心支行', ['中国人民银行杭州中心支行']),
    ('商务部、中国贸促会及地方各级人民政府', ['商务部', '中国贸促会', '地方各级人民政府']),
    ('杭州海关、市档案馆、市委党校', ['杭州海关', '市档案馆', '市委党校']),
])
def test_more_list_forms(text, expected):
    assert split_units(text) == expected


@pytest.mark.parametrize('text, expected', [
    ('高新区管委会、经开区管委会', ['高新区管委会', '经开区管委会']),        # no suffix twice
    ('各设区市、县(市、区)人民政府', ['各设区市、县(市、区)人民政府']),
    ('各市州、县市区人民政府', ['各市州、县市区人民政府']),
    ('市公安局天河区分局、市生态环境局天河区分局', ['市公安局天河区分局', '市生态环境局天河区分局']),
    ('各区(县、市)党委和政府', ['各区(县、市)党委', '各区(县、市)政府']),
])
def test_list_forms_round_two(text, expected):
    assert split_units(text) == expected


def test_a_sentence_starting_with_ge_is_no_unit():
    assert not looks_like_unit('各单位要按照下表分工')
    assert looks_like_unit('区政协办') and looks_like_unit('各建设单位')
    assert find_mentions('支持在区建设科技产业园,区创建示范园') == []
