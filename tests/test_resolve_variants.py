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
