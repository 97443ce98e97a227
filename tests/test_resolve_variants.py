"""Name resolution on the variants real documents use: collectives, merged bureaus,
regulators' branches, parks, towns, implied bureaus, renamed central bodies.
Each rule with what it merges and what it must keep apart."""
import json

import pytest
from click.testing import CliRunner

from graphkit import resolve
from graphkit.cli import cli
from graphkit.resolution import canonical, successor


def _one(names, jurisdiction):
    got = resolve(names, jurisdiction)
    return len({got[n] for n in names}) == 1


def _apart(names, jurisdiction):
    got = resolve(names, jurisdiction)
    return len({got[n] for n in names}) == len(names)


@pytest.mark.parametrize('names, jurisdiction', [
    # county-level governments however listed, with or without 政府
    (['各区县(市)人民政府', '各区、县(市)政府', '各区县政府', '各县市区', '各县(市、区)', '各区(市)县'], '杭州市'),
    (['各旗县(市、区)人民政府', '各旗县市区政府'], '赤峰市'),
    (['各街道办事处', '各街道', '各街道办'], '上海市黄浦区'),
    (['各乡(镇)、街道', '各乡镇街道', '各乡镇(街道)', '各乡镇人民政府(街道办事处)'], '平阳县'),
    (['各乡镇', '各乡镇人民政府', '乡镇人民政府', '各乡镇政府'], '平阳县'),
    (['各市、县人民政府', '各市、县', '各市县人民政府'], '安徽省'),
])
def test_collectives_of_lower_governments_are_one_unit(names, jurisdiction):
    assert _one(names, jurisdiction)


@pytest.mark.parametrize('names, jurisdiction', [
    (['各县(市、区)', '各市、县(市、区)'], '湖南省'),      # with the prefecture-level cities, or without
    (['各乡镇', '各村(社区)'], '平阳县'),
    (['各乡镇', '各乡镇街道'], '平阳县'),                 # the streets listed, or not
    (['各区', '各县(市、区)'], '杭州市'),                 # the districts alone are not all of them
    (['各县(市、区)人民政府', '各县(市、区)党委'], '杭州市'),
])
def test_collectives_that_are_not_the_same_level_stay_apart(names, jurisdiction):
    assert _apart(names, jurisdiction)


@pytest.mark.parametrize('names, jurisdiction', [
    (['市文化广电旅游体育局', '市文广旅体局', '市文旅体局', '市文广旅游体育局'], '普宁市'),
    (['市自然资源和规划局', '市规划和自然资源局', '市规划资源局', '市自然资源规划局'], '杭州市'),
    (['区经济发展局', '区经发局'], '平潭综合实验区'),
    (['市住房和城乡建设委员会', '市住建委'], '北京市'),
    (['市交通运输局', '市交通局'], '普宁市'),
    (['市文化广电旅游局', '市文旅局'], '成都市'),      # named short by some of its parts: the only such
])
def test_merged_bureaus_abbreviated_by_their_parts(names, jurisdiction):
    assert _one(names, jurisdiction)


@pytest.mark.parametrize('names, jurisdiction', [
    # a predecessor is a body of its own: 2015's 市文化局 is not 2019's 市文化广电旅游局
    (['市文化局', '市文化广电旅游局'], '普宁市'),
    (['市文化和旅游局', '市文化广电旅游体育局'], '普宁市'),     # written out: its own bureau
    (['市文旅局', '市文化广电旅游局', '市文化广电旅游体育局'], '普宁市'),   # fits two: kept apart
    (['市文广旅体局', '县文广旅体局'], '普宁市'),               # another place
    (['市自然资源规划局', '市自然资源规划委员会'], '北京市'),    # another kind of unit
    (['市规划局', '市自然资源规划局'], '杭州市'),
])
def test_merged_bureaus_kept_apart(names, jurisdiction):
    assert _apart(names, jurisdiction)


def test_regulators_offices_and_the_bodies_that_replaced_them():
    names = ['宿州银保监分局', '银保监会宿州监管分局', '中国银保监会宿州监管分局', '中国银行保险监督管理委员会宿州监管分局']
    assert _one(names, '宿州市')
    assert _one(['安徽银保监局', '中国银保监会安徽监管局'], '合肥市')
    # the 2023 successor's office is another body, though it does the same work
    assert _apart(['宿州银保监分局', '国家金融监督管理总局宿州监管分局'], '宿州市')
    assert _one(['宿州金融监管分局', '国家金融监督管理总局宿州监管分局'], '宿州市')
    assert _one(['北京证监局', '中国证监会北京监管局'], '北京市')


def test_enterprise_and_police_units_written_short():
    assert _one(['国网普宁市供电公司', '国家电网普宁市供电公司', '国家电网有限公司普宁市供电公司'], '普宁市')
    assert _one(['市交警支队', '市公安局交通警察支队', '市公安局交警支队'], '广州市')
    assert _one(['县交警大队', '县公安局交通警察大队'], '平阳县')
    assert _apart(['市交警支队', '市公安局'], '广州市')
    assert _one(['团市委', '共青团普宁市委员会', '共青团普宁市委'], '普宁市')


def test_a_zone_named_with_its_provinces_short_name():
    assert _one(['贵州双龙航空港经济区管理委员会', '双龙航空港经济区管委会'], '贵阳市')
    assert canonical('双龙航空港经济区管委会', '贵阳市') == '贵州双龙航空港经济区管理委员会'
    # a generic zone is its place's
    assert _apart(['高新区管委会', '贵州双龙航空港经济区管理委员会'], '贵阳市')
    assert canonical('高新区管委会', '贵阳市').startswith('贵阳市')


def test_the_own_town_in_a_towns_document():
    assert _one(['镇政府', '镇人民政府', '某某镇人民政府'], '某某镇')
    assert canonical('镇政府', '某某镇') == '某某镇人民政府'
    assert canonical('街道办', '某某街道') == '某某街道办事处'
    # in a county's document 镇政府 are many
    assert canonical('镇政府', '平阳县') == canonical('各镇人民政府', '平阳县')


def test_renamed_central_bodies_resolve_to_themselves_and_show_their_successor(tmp_path):
    got = resolve(['工商总局', '国家工商行政管理总局', '市场监管总局', '卫计委', '卫生健康委'])
    assert got['工商总局'] == got['国家工商行政管理总局'] != got['市场监管总局']
    assert got['卫计委'] != got['卫生健康委']
    assert successor(got['工商总局']) == got['市场监管总局']
    path = tmp_path / 'old.txt'
    path.write_text('1.加强监管。强化执法。(工商总局、质检总局负责)\n', encoding='utf-8')
    rows = json.loads(CliRunner().invoke(cli, ['units', str(path), '--json']).output)
    assert {r['name']: r.get('successor') for r in rows} == {
        '国家工商行政管理总局': '国家市场监督管理总局', '国家质量监督检验检疫总局': '国家市场监督管理总局'}
    table = CliRunner().invoke(cli, ['units', str(path)]).output
    assert 'successor' in table.splitlines()[0]


# ---------------------------------------------------------------- held-out kinds (real pages)

@pytest.mark.parametrize('names, jurisdiction', [
    (['市发改委（物价局）', '市发改委', '市物价局'], '宿州市'),
    (['市市场监管局（市知识产权局）', '毕节市市场监督管理局', '毕节市知识产权局'], '毕节市'),
    (['市住房城乡建设局（市综合执法局）', '毕节市住房和城乡建设局', '毕节市综合行政执法局'], '毕节市'),
    (['市大数据管理中心（市信息中心、市信用中心）', '市信息中心', '市信用中心'], '沈阳市'),
])
def test_one_body_with_several_plates_is_one_unit(names, jurisdiction):
    assert _one(names, jurisdiction)


@pytest.mark.parametrize('names, jurisdiction', [
    (['市物价局', '市发改委'], '宿州市'),               # no document said they are one body
    (['第二中学(初中部)', '第二中学'], '普宁市'),       # a part of the unit, not a second plate
    (['市教育局(牵头)', '市教育局', '市牵头'], '普宁市'),
])
def test_plates_only_where_a_document_writes_them(names, jurisdiction):
    got = resolve(names, jurisdiction)
    assert got[names[0]] != got[names[1]] or names[0].endswith('(牵头)')
    if names[0].endswith('(牵头)'):
        assert got[names[0]] == got[names[1]] != got[names[2]]


@pytest.mark.parametrize('names, jurisdiction', [
    (['常州税务局', '市税务局', '常州市税务局'], '常州市'),
    (['北京住房公积金管理中心', '市住房公积金管理中心', '市公积金中心', '市公积金管理中心'], '北京市'),
    (['浙江建设厅', '浙江省住房和城乡建设厅', '省建设厅'], '浙江省'),
    (['国网宿州供电公司', '国家电网宿州供电公司', '市供电公司', '宿州市供电公司'], '宿州市'),
])
def test_a_place_written_short_or_in_full(names, jurisdiction):
    assert _one(names, jurisdiction)


def test_short_place_forms_keep_proper_names():
    assert canonical('普宁职业技术学校', '普宁市') == '普宁职业技术学校'
    assert canonical('北京银行') == '北京银行'
    assert canonical('贵州双龙航空港经济区管委会', '贵州省').startswith('贵州双龙')
    assert canonical('国网宿州供电公司', '宿州市') == '宿州供电公司'   # companies use the short form


@pytest.mark.parametrize('names, jurisdiction', [
    (['各省、自治区、直辖市人民政府', '各省级人民政府', '各省（区、市）人民政府', '各省(自治区、直辖市)'], ''),
    (['中共东莞市纪律检查委员会', '东莞市监察委员会', '市纪委监委', '市纪委'], '东莞市'),
    (['中央纪委', '国家监委', '中央纪委国家监委'], ''),
    (['市府办', '市政府办公厅', '长春市人民政府办公厅'], '长春市'),
    (['毕节市供销合作社联合社', '市供销社', '市供销联社'], '毕节市'),
    (['北京市疾病预防控制局', '市疾控局'], '北京市'),
])
def test_other_names_of_one_body(names, jurisdiction):
    assert _one(names, jurisdiction)


@pytest.mark.parametrize('names, jurisdiction', [
    (['各县（市）区人民政府', '各县（市）人民政府'], '鸡西市'),   # the districts, or not
    (['各省级人民政府', '各省级部门'], ''),
    (['市疾控局', '市疾控中心'], '北京市'),
    (['市府办', '市委办'], '长春市'),
    (['市政府办公室', '市政府办公厅'], '长春市'),    # both written out: the document keeps them apart
])
def test_other_names_kept_apart(names, jurisdiction):
    assert _apart(names, jurisdiction)


def test_real_variants_held_apart_from_the_rules():
    """tests/real/variants.json: 689 names of 31 places as real pages write them, grouped
    by hand from the pages (see its "about"). Pairs of names resolved together or apart."""
    import itertools
    import pathlib
    gold = json.loads((pathlib.Path(__file__).parent / 'real' / 'variants.json').read_text(encoding='utf-8'))
    tp = fp = fn = 0
    for case in gold['cases']:
        names = [n for group in case['groups'] for n in group]
        truth = {n: i for i, group in enumerate(case['groups']) for n in group}
        got = resolve(names, case['jurisdiction'] or None)
        for a, b in itertools.combinations(names, 2):
            same, merged = truth[a] == truth[b], got[a] == got[b]
            tp += same and merged
            fp += merged and not same
            fn += same and not merged
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.995 and 2 * precision * recall / (precision + recall) >= 0.98, (precision, recall)
