"""Tests for graphkit.resolution: canonical forms, jurisdiction, false friends, overrides, API."""
from __future__ import annotations

import json
import pathlib
import re
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit import knowledge
from graphkit.resolution import (Aliases, Resolver, abbreviates, canonical, clear_cache, explain,
                              load_aliases, place_of, resolve, resolve_documents, unit_type)

PUNING, GUIYANG = '普宁市', '贵阳市'
GOLD = pathlib.Path(__file__).parent / 'gold' / 'unit_variants.json'     # a copy of the shared gold


def same(names, jurisdiction=None, aliases=None) -> bool:
    got = resolve(names, jurisdiction, aliases)
    return len(set(got.values())) == 1


def apart(a, b, jurisdiction=None, aliases=None) -> bool:
    got = resolve([a, b], jurisdiction, aliases)
    return got[a] != got[b]


# --- normalisation rules -------------------------------------------------------------

def test_clean_whitespace_width_and_brackets():
    assert canonical(' 市人力资源社会保障局 ', PUNING) == canonical('市人力资源社会保障局', PUNING)
    assert canonical('市人力资源 和 社会保障局', PUNING) == '普宁市人力资源社会保障局'
    assert canonical('各区〔市、县〕政府', GUIYANG) == canonical('各区（市、县）政府', GUIYANG) \
        == canonical('各区[市、县]政府', GUIYANG) == canonical('各区(市、县)政府', GUIYANG)


def test_conjunctions_inside_department_names():
    assert canonical('市人力资源和社会保障局', PUNING) == '普宁市人力资源社会保障局'
    assert canonical('市发展和改革委员会', GUIYANG) == canonical('市发展改革委', GUIYANG)
    assert canonical('市自然资源和规划局', GUIYANG) == canonical('市自然资源规划局', GUIYANG)
    assert canonical('市人力资源与社会保障局', PUNING) == '普宁市人力资源社会保障局'


def test_conjunction_in_a_place_name_stays():
    assert canonical('和平区教育局') == '和平区教育局'
    assert canonical('和县教育局') == '和县教育局'
    assert place_of(canonical('和平区教育局')) == '和平区'


def test_people_government():
    assert canonical('市政府', PUNING) == canonical('市人民政府', PUNING) == '普宁市人民政府'
    assert canonical('市政府办', PUNING) == canonical('市人民政府办公室', PUNING) == '普宁市人民政府办公室'
    assert canonical('县府办', '平阳县') == '平阳县人民政府办公室'
    assert canonical('清镇市政府') == canonical('清镇市人民政府') == '清镇市人民政府'


def test_government_words_that_are_not_the_government():
    assert canonical('市政府采购中心', PUNING) == '普宁市政府采购中心'


def test_party_prefix():
    assert canonical('中共普宁市委组织部') == canonical('市委组织部', PUNING) == '普宁市委组织部'
    assert canonical('中共普宁市委机构编制委员会办公室') == canonical('市委编办', PUNING)
    assert canonical('中国共产党普宁市委员会') == canonical('市委', PUNING) == '普宁市委'


def test_vertical_prefix():
    assert canonical('国家税务总局普宁市税务局') == canonical('市税务局', PUNING) == '普宁市税务局'


def test_youth_league():
    assert canonical('团市委', PUNING) == canonical('共青团普宁市委') == canonical('共青团普宁市委员会')
    assert unit_type('团市委', PUNING) == 'mass'


def test_trailing_note_dropped():
    assert canonical('市教育局(市委教育工委)', PUNING) == '普宁市教育局'
    assert canonical('市教育局（牵头）', PUNING) == '普宁市教育局'
    assert explain('市教育局(市委教育工委)', PUNING).steps[0] == ('rule', 'drop note (市委教育工委)')


def test_brackets_that_are_part_of_the_name_stay():
    assert canonical('各乡镇(场、街道)', PUNING) == canonical('各乡镇场街道', PUNING) \
        == canonical('各乡(镇)场、街道', PUNING) == '普宁市各乡镇场街道'


def test_level_lists_in_any_order():
    assert canonical('各区(市、县)政府', GUIYANG) == canonical('各县(市、区)人民政府', GUIYANG) \
        == canonical('各县市区政府', GUIYANG) == '贵阳市各县(市、区)人民政府'
    assert canonical('乡镇人民政府', '平阳县') == canonical('各乡镇政府', '平阳县')
    assert canonical('县政府', '平阳县') == '平阳县人民政府'     # one government, not a list


def test_collective_words():
    assert canonical('各有关部门', PUNING) == canonical('有关部门', PUNING) == canonical('各相关部门', PUNING)
    assert canonical('有关单位', PUNING) != canonical('有关部门', PUNING)


def test_commission_and_office_endings():
    assert canonical('市交委', GUIYANG) == canonical('市交通委', GUIYANG) == canonical('市交通委员会', GUIYANG)
    assert canonical('市委政法委', PUNING) == '普宁市委政法委员会'
    assert canonical('市委办', PUNING) == canonical('市委办公室', PUNING)
    assert canonical('县文明办', '平阳县') == '平阳县精神文明建设委员会办公室'
    assert canonical('市纪委监委', PUNING) == '普宁市纪委监委'            # 纪委 is a name, not 纪委员会


def test_discipline_commission_and_supervision():
    assert canonical('市纪委市监委', PUNING) == canonical('市纪委监委', PUNING)
    assert canonical('县纪委县监委', '平阳县') == '平阳县纪委监委'


@pytest.mark.parametrize('short, full', [
    ('市人社局', '市人力资源社会保障局'), ('市发改局', '市发展改革局'), ('市住建局', '市住房城乡建设局'),
    ('市市场监管局', '市市场监督管理局'), ('市卫健委', '市卫生健康委员会'), ('市委编办', '市委机构编制委员会办公室'),
    ('市残联', '市残疾人联合会'), ('市妇联', '市妇女联合会'), ('市科协', '市科学技术协会'),
    ('市交委', '市交通委员会'), ('市文广旅体局', '市文化广电旅游体育局'), ('市医保局', '市医疗保障局'),
    ('市大数据局', '市大数据发展管理局'), ('市工信局', '市工业和信息化局'), ('市应急局', '市应急管理局'),
    ('市退役军人局', '市退役军人事务局'), ('市国资委', '市国有资产监督管理委员会'),
    ('市政数局', '市政务服务数据管理局'), ('市科技局', '市科学技术局'), ('市委网信办', '市委网络安全和信息化委员会办公室'),
    ('市公积金中心', '市住房公积金管理中心'), ('市法院', '市人民法院'), ('市中院', '市中级人民法院'),
    ('市工商联', '市工商业联合会'), ('州民宗委', '州民族宗教事务委员会'), ('市委统战部', '市委统一战线工作部'),
    ('市公安局交警支队', '市公安局交通警察支队'), ('县人武部', '县人民武装部'), ('市文旅局', '市文化和旅游局'),
])
def test_abbreviation_table(short, full):
    jur = {'州': '黔南州', '县': '平阳县'}.get(short[0], PUNING)
    assert canonical(short, jur) == canonical(full, jur)
    assert explain(short, jur).how == 'table'


def test_table_takes_the_longest_row_and_does_not_expand_twice():
    assert canonical('市文广旅游体育局', PUNING) == '普宁市文化广电旅游体育局'
    assert canonical('市退役军人事务局', PUNING) == '普宁市退役军人事务局'
    assert canonical('市中级人民法院', GUIYANG) == '贵阳市中级人民法院'


def test_level_word_that_starts_a_department():
    assert canonical('市场监管局', PUNING) == canonical('市市场监督管理局', PUNING) == '普宁市市场监督管理局'
    assert canonical('市民族和宗教事务局', GUIYANG) == canonical('市民宗局', GUIYANG) == '贵阳市民族宗教事务局'
    assert canonical('市政务服务数据管理局', '广州市') == '广州市政务服务数据管理局'


def test_bare_place_is_its_government():
    assert canonical('花溪区') == canonical('花溪区政府') == canonical('花溪区人民政府') == '花溪区人民政府'
    assert canonical('流沙镇', PUNING) == '普宁市流沙镇人民政府'


def test_place_forms():
    assert canonical('黔南布依族苗族自治州民族宗教事务委员会') == canonical('黔南州民宗委') \
        == '黔南州民族宗教事务委员会'
    assert canonical('贵州省贵阳市教育局') == '贵阳市教育局'
    assert canonical('贵州双龙航空港经济区管委会') == '贵州双龙航空港经济区管理委员会'   # a name, not 贵州省…


def test_whole_name_in_brackets_and_empty_brackets():
    assert canonical('(市教育局)', PUNING) == canonical('市教育局()', PUNING) == '普宁市教育局'


def test_street_office_and_town():
    assert canonical('东山街道办', PUNING) == canonical('东山街道', PUNING) == '普宁市东山街道办事处'
    assert canonical('街道办', PUNING) == canonical('各街道办事处', PUNING)


def test_cppcc():
    assert canonical('政协普宁市委员会') == canonical('市政协', PUNING) == '普宁市政协'


def test_conjunction_inside_fixed_words_stays():
    assert canonical('中华人民共和国海关') == '中华人民共和国海关'
    assert canonical('市平安和谐办', PUNING) == '普宁市平安和谐办公室'


def test_a_lower_level_stays_part_of_the_name():
    got = canonical('区教育局', GUIYANG)
    assert got.startswith('贵阳市') and got != canonical('市教育局', GUIYANG)


def test_traditional_script():
    assert canonical('市人力資源和社會保障局', PUNING) == '普宁市人力资源社会保障局'


# --- jurisdiction ---------------------------------------------------------------------

def test_bare_level_takes_the_document_place():
    assert canonical('市教育局', PUNING) == '普宁市教育局'
    assert canonical('市教育局', GUIYANG) == '贵阳市教育局'
    assert canonical('县教育局', '平阳县') == '平阳县教育局'
    assert canonical('区人社局', '花溪区') == '花溪区人力资源社会保障局'
    assert canonical('旗教育局', '鄂托克旗') == '鄂托克旗教育局'


def test_qualified_short_form_of_a_city_department():
    # A later browser test searches 市人社局 and expects 人力资源社会保障局 in the unit name.
    assert canonical('市人社局', PUNING) == canonical('市人力资源和社会保障局', PUNING) == '普宁市人力资源社会保障局'


def test_name_with_its_own_place_keeps_it():
    assert canonical('普宁市教育局', GUIYANG) == '普宁市教育局'
    assert canonical('揭阳市生态环境局普宁分局', PUNING) == '揭阳市生态环境局普宁分局'
    assert canonical('中国人民银行普宁市支行', PUNING) == '中国人民银行普宁市支行'


def test_higher_levels_from_the_places_table():
    assert canonical('省教育厅', PUNING) == '广东省教育厅'
    assert canonical('省教育厅', GUIYANG) == '贵州省教育厅'
    assert canonical('市教育局', '平阳县') == '温州市教育局'              # 市 in a county document
    assert canonical('市教委', '海淀区') == '北京市教育委员会'
    assert canonical('市生态环境局普宁分局', PUNING) == '揭阳市生态环境局普宁分局'


def test_unknown_province_is_still_qualified():
    got = canonical('省教育厅', '某某县')
    assert got != canonical('省教育厅', '另某县') and '某某县' in got


def test_party_organs_qualified():
    assert canonical('市委组织部', PUNING) == canonical('中共普宁市委组织部') == '普宁市委组织部'
    assert canonical('市委组织部', GUIYANG) == '贵阳市委组织部'


def test_collectives_are_qualified_and_do_not_merge_across_places():
    assert canonical('各乡镇场街道', PUNING) != canonical('各乡镇场街道', '平阳县')
    assert canonical('市直有关单位', PUNING) == '普宁市直有关单位'
    assert canonical('有关部门', GUIYANG) == '贵阳市有关部门'


def test_national_units_are_not_qualified():
    assert canonical('教育部', PUNING) == '教育部'
    assert canonical('国家发展改革委', PUNING) == '国家发展改革委员会'
    assert canonical('县委宣传部', '平阳县') == '平阳县委宣传部'


def test_same_name_in_two_places_is_two_units():
    r = Resolver()
    for jur in (PUNING, GUIYANG):
        r.add('市教育局', jur)
    r.add('普宁市教育局', PUNING)
    res = r.resolve_all()
    assert res[('市教育局', PUNING)].canonical == res[('普宁市教育局', PUNING)].canonical
    assert res[('市教育局', PUNING)].canonical != res[('市教育局', GUIYANG)].canonical


def test_no_bare_level_when_the_place_is_known():
    names = ['市教育局', '市委编办', '市政府', '各乡镇场街道', '市直有关单位', '市', '县政府', '团市委',
             '市纪委市监委', '市场监管局', '省教育厅', '市委']
    for name in names:
        for jur in (PUNING, GUIYANG, '平阳县', '海淀区'):
            got = canonical(name, jur)
            assert got[0] not in '市县区省' and not got.startswith('共青团市'), (name, jur, got)


# --- false friends -------------------------------------------------------------------------

@pytest.mark.parametrize('a, b', [
    ('市教育局', '市体育局'), ('市委组织部', '市委宣传部'), ('市财政局', '市税务局'),
    ('市人民政府', '市政府办公室'), ('市科技局', '市科协'), ('市民政局', '市财政局'),
    ('市人民法院', '市中级人民法院'), ('市人民检察院', '市人民法院'),
])
def test_false_friends_stay_apart(a, b):
    assert apart(a, b, PUNING)


def test_a_dropped_word_is_no_abbreviation():
    assert apart('市教育局', '市教育体育局', PUNING)
    assert apart('市卫生局', '市卫生健康局', PUNING)
    assert apart('市自然资源局', '市自然资源规划局', PUNING)


def test_numbers_are_never_merged():
    assert apart('普宁市第一小学', '普宁市第十一小学')
    assert apart('市第一人民医院', '市第十一人民医院', PUNING)


def test_different_kind_of_unit_is_never_merged():
    assert apart('市科学技术局', '市科学技术协会', PUNING)
    assert apart('市发展改革局', '市发展改革委员会', PUNING)


def test_fuzzy_merge_only_inside_one_place():
    got = resolve(['普宁市大数据管理局', '贵阳市大数据发展管理局'])
    assert got['普宁市大数据管理局'] != got['贵阳市大数据发展管理局']


def test_ambiguous_abbreviation_is_kept_apart_and_reviewed():
    r = Resolver()
    r.add_many(['市城建局', '市城乡建设局', '市城市建设局'], PUNING)
    res = r.resolve_all()
    assert len({x.canonical for x in res.values()}) == 3
    assert any(i.kind == 'ambiguous' for i in r.review())


@pytest.mark.parametrize('short, long, expected', [
    ('政数', '政务服务数据管理', True), ('市场监管', '市场监督管理', True), ('大数据', '大数据发展管理', True),
    ('文广旅体', '文化广电旅游体育', True), ('医保', '医疗保障', True), ('人防', '人民防空', True),
    ('教育', '教育体育', False), ('教育', '体育', False), ('文体', '文化广电旅游体育', False),
    ('卫生', '卫生健康', False), ('第一', '第十一', False), ('民政', '民族宗教事务', False),
    ('卫生', '卫生监督', False), ('市场', '市场监督管理', True), ('机关事务', '机关事务管理', True),
])
def test_abbreviates(short, long, expected):
    assert abbreviates(short, long) is expected


# --- why -------------------------------------------------------------------------------------

def test_every_resolution_says_why():
    r = Resolver()
    r.add_many(['市教育局', '普宁市教育局', '市人社局', '市人力资源和社会保障局', '市大数据管理局',
                '市大数据发展管理局'], PUNING)
    res = r.resolve_all()
    assert res[('普宁市教育局', PUNING)].how == 'identity'
    assert res[('市教育局', PUNING)].how == 'rule'
    assert res[('市人力资源和社会保障局', PUNING)].how == 'rule'
    got = res[('市人社局', PUNING)]
    assert got.how == 'table' and 'table 人社→人力资源社会保障' in got.steps
    fz = res[('市大数据管理局', PUNING)]
    assert fz.how == 'fuzzy' and 0 < fz.score < 100 and fz.via == '普宁市大数据发展管理局'
    assert fz.canonical == res[('市大数据发展管理局', PUNING)].canonical


def test_review_lists_fuzzy_merges_and_near_misses():
    r = Resolver()
    r.add_many(['市大数据管理局', '市大数据发展管理局', '市科技局', '市科协', '市教育局', '市体育局'], GUIYANG)
    review = r.review()
    kinds = {i.kind for i in review}
    assert kinds >= {'fuzzy-merge', 'near-miss'}
    pairs = {frozenset((i.a, i.b)) for i in review if i.kind == 'near-miss'}
    assert frozenset(('贵阳市教育局', '贵阳市体育局')) in pairs
    assert all(i.score > 0 for i in review if i.kind != 'ambiguous')


# --- the override file ------------------------------------------------------------------------

def test_aliases_file_tsv(tmp_path):
    path = tmp_path / 'aliases.tsv'
    path.write_text('# my overrides\n市文化局\t市文化广电旅游局\n!市大数据管理局\t市大数据发展管理局\n',
                    encoding='utf-8')
    aliases = load_aliases(path)
    assert aliases.merges == [('市文化局', '市文化广电旅游局', None)]
    assert aliases.forbids == [('市大数据管理局', '市大数据发展管理局', None)]
    names = ['市文化局', '市文化广电旅游局', '市大数据管理局', '市大数据发展管理局']
    got = resolve(names, '成都市', aliases=str(path))
    assert got['市文化局'] == got['市文化广电旅游局'] == '成都市文化广电旅游局'
    assert got['市大数据管理局'] != got['市大数据发展管理局']
    without = resolve(names, '成都市')
    assert without['市文化局'] != without['市文化广电旅游局']    # a predecessor: its own unit
    assert without['市大数据管理局'] == without['市大数据发展管理局']


def test_aliases_file_csv_and_jurisdiction_column(tmp_path):
    path = tmp_path / 'aliases.csv'
    path.write_text('市文旅局,市文化广电旅游局,成都市\n', encoding='utf-8')
    r = Resolver(path)
    r.add('市文旅局', '成都市')
    r.add('市文旅局', '贵阳市')
    res = r.resolve_all()
    assert res[('市文旅局', '成都市')].canonical == '成都市文化广电旅游局'
    assert res[('市文旅局', '成都市')].how == 'alias'
    assert res[('市文旅局', '贵阳市')].canonical == '贵阳市文化旅游局'


def test_forbid_splits_names_the_rules_would_merge():
    aliases = Aliases.parse('!市纪委市监委\t市纪委监委\n')
    got = resolve(['市纪委市监委', '市纪委监委'], PUNING, aliases)
    assert got['市纪委市监委'] != got['市纪委监委']
    assert got['市纪委监委'] == '普宁市纪委监委'


def test_aliases_pass_through():
    assert load_aliases(None).merges == []
    a = Aliases.parse('x\ty\n')
    assert load_aliases(a) is a


# --- API -------------------------------------------------------------------------------------

def test_resolve_maps_every_input_name():
    names = ['市人社局', '市人社局', ' 市教育局', '']
    got = resolve(names, PUNING)
    assert set(got) == set(names)
    assert got[' 市教育局'] == '普宁市教育局' and got[''] == ''


def test_resolve_without_jurisdiction():
    got = resolve(['市人社局', '市人力资源社会保障局'])
    assert got['市人社局'] == got['市人力资源社会保障局'] == '市人力资源社会保障局'


def test_unit_types():
    cases = {
        '市委组织部': 'party', '市纪委监委': 'party', '市委编办': 'party', '市直工委': 'party',
        '市教育局': 'government', '市发改委': 'commission', '市政府办': 'office',
        '市法院': 'judicial', '市检察院': 'judicial', '市残联': 'mass', '市妇联': 'mass', '市科协': 'mass',
        '市总工会': 'mass', '团市委': 'mass', '各乡镇场街道': 'lower-government',
        '各区(市、县)政府': 'lower-government', '花溪区政府': 'lower-government', '市人民政府': 'government',
        '市直有关单位': 'collective', '各有关部门': 'collective', '普宁市第一中学': 'school',
        '普宁产业转移工业园': 'park', '市融媒体中心': 'government',
    }
    for name, kind in cases.items():
        assert unit_type(name, PUNING) == kind, name
    assert unit_type('普宁市人民政府', PUNING) == 'government'
    assert unit_type('花溪区人民政府', GUIYANG) == 'lower-government'


def test_resolver_groups_and_stats():
    r = Resolver()
    r.add_many(['市人社局', '市人力资源社会保障局', '市教育局'], PUNING)
    groups = r.groups()
    assert groups['普宁市人力资源社会保障局'] == [('市人力资源社会保障局', PUNING), ('市人社局', PUNING)]
    assert r.stats['names'] == 3 and r.stats['all_pairs'] >= r.stats['candidate_pairs']


def test_resolve_documents():
    class Doc:
        def __init__(self, jurisdiction, units):
            self.jurisdiction = jurisdiction
            self.measures = [type('M', (), {'units': units, 'mentions': []})()]
    docs = [Doc(PUNING, ['市教育局', '市人社局']), Doc(PUNING, ['普宁市教育局']), Doc(GUIYANG, ['市教育局'])]
    canon, types = resolve_documents(docs)
    assert canon[('市教育局', PUNING)] == canon[('普宁市教育局', PUNING)] == '普宁市教育局'
    assert canon[('市教育局', GUIYANG)] == '贵阳市教育局'
    assert types['普宁市人力资源社会保障局'] == 'government'


def test_user_tables_extend_the_package(tmp_path, monkeypatch):
    (tmp_path / 'abbreviations.tsv').write_text('# mine\n双创办\t大众创业万众创新办公室\n', encoding='utf-8')
    monkeypatch.setenv('GRAPHKIT_DATA', str(tmp_path))
    clear_cache()
    try:
        assert canonical('市双创办', PUNING) == '普宁市大众创业万众创新办公室'
    finally:
        monkeypatch.delenv('GRAPHKIT_DATA')
        clear_cache()
    assert canonical('市双创办', PUNING) == '普宁市双创办公室'


@pytest.mark.parametrize('table', ['abbreviations.tsv', 'places.tsv', 'resolve_words.tsv', 'unit_types.tsv',
                                   'roles.tsv', 'list_words.tsv', 'table_headers.tsv'])
def test_data_tables_are_documented_utf8(table):
    path = pathlib.Path(knowledge.__file__).parent / 'data' / table
    text = path.read_text(encoding='utf-8')
    assert text.startswith('#')
    for row in knowledge.rows(table):
        assert len(row) >= 2 and row[0], (table, row)
    if table == 'unit_types.tsv':
        for row in knowledge.rows(table):
            re.compile(row[0])


def test_canonical_forms_in_the_table_have_no_conjunction():
    for row in knowledge.rows('abbreviations.tsv'):
        assert not re.search(r'(?<=[\u4e00-\u9fff]{2})[和与](?=[\u4e00-\u9fff]{2})', row[1]), row


# --- variant sets: the sample gold, and other provinces -------------------------------------

def pair_scores(cases):
    tp = fp = fn = 0
    for jur, groups in cases:
        names = [n for g in groups for n in g]
        truth = {n: i for i, g in enumerate(groups) for n in g}
        got = resolve(names, jur)
        for a, b in combinations(names, 2):
            sg, sp = truth[a] == truth[b], got[a] == got[b]
            tp, fp, fn = tp + (sg and sp), fp + (sp and not sg), fn + (sg and not sp)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def test_gold_unit_variants():
    gold = json.loads(GOLD.read_text(encoding='utf-8'))
    precision, recall = pair_scores([(c.get('jurisdiction'), c['groups']) for c in gold['cases']])
    assert precision >= 0.99 and 2 * precision * recall / (precision + recall) >= 0.97


OTHER_PROVINCES = [
    ('平阳县', [['县教育局', '平阳县教育局'], ['县体育局'], ['县人社局', '县人力资源和社会保障局'],
              ['县委组织部', '中共平阳县委组织部'], ['县委宣传部'], ['县政府', '县人民政府', '平阳县人民政府'],
              ['县政府办', '县府办', '县人民政府办公室'], ['县财政局'], ['县税务局', '国家税务总局平阳县税务局'],
              ['县科技局', '县科学技术局'], ['县科协', '县科学技术协会'], ['县教体局', '县教育和体育局'],
              ['团县委', '共青团平阳县委'], ['各乡镇(街道)', '乡镇(街道)'], ['县卫健局', '县卫生和健康局'],
              ['县综合执法局', '县综合行政执法局'], ['县法院', '县人民法院'], ['县检察院', '县人民检察院']]),
    ('黔南州', [['州民宗委', '黔南州民族和宗教事务委员会', '黔南布依族苗族自治州民族宗教事务委员会'],
              ['州委统战部', '中共黔南州委统一战线工作部'], ['州人社局'], ['州教育局'], ['州体育局'],
              ['都匀市政府', '都匀市'], ['各县(市)人民政府', '各县市政府'], ['州政府', '州人民政府']]),
    ('北京市', [['市教委', '北京市教育委员会'], ['市卫健委', '市卫生健康委员会'], ['市发改委', '市发展和改革委员会'],
              ['市住建委', '市住房和城乡建设委员会'], ['市规自委', '市规划和自然资源委员会'],
              ['市人力社保局', '市人社局'], ['市科委', '市科学技术委员会'], ['市科协'], ['各区政府', '各区人民政府'],
              ['海淀区政府', '海淀区'], ['市委网信办', '市委网络安全和信息化委员会办公室'], ['市交委', '市交通委'],
              ['市城管委', '市城市管理委员会'], ['市政务服务局', '市政务服务管理局']]),
    ('广州市', [['市工信局', '广州市工业和信息化局'], ['市政数局', '市政务服务数据管理局'], ['市医保局', '市医疗保障局'],
              ['市公安局'], ['市公安局交警支队', '市公安局交通警察支队'], ['市文广旅局', '市文化广电旅游局'],
              ['市总工会'], ['市工商联'], ['团市委', '共青团广州市委'], ['市人大常委会', '市人民代表大会常务委员会'],
              ['市中院', '市中级人民法院'], ['天河区人民政府', '天河区政府']]),
    ('成都市', [['市经信局', '市经济和信息化局'], ['市民宗局', '市民族和宗教事务局'], ['市民政局'],
              ['市机关事务局', '市机关事务管理局'], ['市公积金中心', '市住房公积金管理中心'],
              ['市人防办', '市人民防空办公室'], ['市委老干部局', '市委老干局'],
              ['各区(市)县政府', '各区(市、县)人民政府']]),
]


def test_variant_sets_of_other_provinces():
    precision, recall = pair_scores(OTHER_PROVINCES)
    assert precision == 1.0 and recall >= 0.97


# --- properties --------------------------------------------------------------------------

PLACES = ['普宁市', '贵阳市', '平阳县', '花溪区', '黔南州', '海淀区', '鄂托克旗', '某某县']
CORES = ['人社局', '人力资源和社会保障局', '教育局', '体育局', '委组织部', '委编办', '政府', '政府办', '发改委',
         '市场监管局', '纪委监委', '大数据局', '大数据管理局', '科协', '科技局', '民宗委', '文广旅游体育局',
         '交通委', '人民法院', '检察院', '妇联', '各乡镇(场、街道)', '直有关单位', '融媒体中心', '府办']


@st.composite
def written_names(draw):
    """A unit name as a document of a place writes it, with that place."""
    place = draw(st.sampled_from(PLACES))
    level = place[-1]
    core = draw(st.sampled_from(CORES))
    form = draw(st.sampled_from(['level', 'place', 'party', 'note', 'space', 'bare']))
    if core.startswith('各'):
        name = core if form != 'place' else place + core
    elif form == 'place':
        name = place + core
    elif form == 'party' and core.startswith('委'):
        name = '中共' + place + core
    elif form == 'note':
        name = f'{level}{core}(牵头)'
    elif form == 'space':
        name = f' {level}{core} '
    else:
        name = level + core
    return name, place


@settings(max_examples=200, deadline=None)
@given(written_names())
def test_canonical_is_idempotent(item):
    name, place = item
    once = canonical(name, place)
    assert canonical(once, place) == once
    assert canonical(once) == once               # a canonical name needs no document any more


TABLE_WORDS = sorted({w for row in knowledge.rows('abbreviations.tsv') for w in row[:2]})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TABLE_WORDS + list('市县区省各局办委政府和(、)') + ['普宁市', '人民政府']),
                min_size=1, max_size=5).map(''.join),
       st.sampled_from([None, PUNING, GUIYANG, '平阳县', '某某县', '黔南州']))
def test_canonical_is_idempotent_on_table_words(name, place):
    once = canonical(name, place)
    assert canonical(once, place) == once


@settings(max_examples=200, deadline=None)
@given(written_names())
def test_canonical_never_bare_level(item):
    name, place = item
    assert canonical(name, place)[0] not in '市县区州旗'


@settings(max_examples=50, deadline=None)
@given(st.lists(written_names(), min_size=1, max_size=25, unique=True))
def test_resolving_canonical_names_maps_each_to_itself(items):
    r = Resolver()
    for name, place in items:
        r.add(name, place)
    finals = sorted({x.canonical for x in r.resolve_all().values()})
    again = resolve(finals)
    assert all(again[f] == f for f in finals)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from([n for c in CORES for n in ('市' + c, '普宁市' + c)]), min_size=1, max_size=30),
       st.randoms(use_true_random=False))
def test_result_independent_of_input_order(names, rnd):
    first = resolve(names, PUNING)
    shuffled = list(names)
    rnd.shuffle(shuffled)
    assert resolve(shuffled, PUNING) == first


def _groups(names, jurisdiction):
    got = resolve(names, jurisdiction)
    return len({got[n] for n in names})


@pytest.mark.parametrize('names, jurisdiction', [
    # prefecture-level cities listed before counties are another collective
    (['各市、县(市、区)人民政府', '各县(市、区)人民政府'], '浙江省'),
    (['各市、县人民政府', '各县(市)人民政府'], '河南省'),
    (['各市(州)、县(市、区)人民政府', '各县(市、区)人民政府'], '湖南省'),
    # a province's own government is no collective of provinces
    (['省人民政府', '各省、自治区、直辖市人民政府'], '湖南省'),
])
def test_collectives_that_stay_apart(names, jurisdiction):
    assert _groups(names, jurisdiction) == len(names)


@pytest.mark.parametrize('names, jurisdiction', [
    (['各市、县(市、区)人民政府', '各市、县(市、区)政府'], '浙江省'),
    (['各市州、县市区人民政府', '各市(州)、县(市、区)人民政府'], '湖南省'),
    (['各省、自治区、直辖市人民政府', '各省(自治区、直辖市)人民政府'], None),
    (['各区县(自治县)人民政府', '各区、县(自治县)人民政府'], '重庆市'),
    (['各区、县(市)政府', '各区县(市)人民政府', '各县(市、区)人民政府'], '杭州市'),
    # central bodies in a central document, by their short names
    (['国家发展改革委', '国家发展和改革委员会', '发展改革委', '国家发改委'], None),
    (['统计局', '国家统计局'], None), (['人民银行', '中国人民银行'], None),
    (['国办', '国务院办公厅'], None), (['中宣部', '中共中央宣传部', '中央宣传部'], None),
    (['团中央', '共青团中央'], None), (['国资委', '国务院国资委'], None),
    # a central body's branch written short
    (['人行杭州中心支行', '人民银行杭州中心支行', '中国人民银行杭州中心支行'], '杭州市'),
    # party committee bodies written without 委
    (['市编办', '市委编办', '中共杭州市委机构编制委员会办公室'], '杭州市'),
    (['市网信办', '市委网信办'], '杭州市'), (['市政法委', '市委政法委'], '杭州市'),
    # a department named with its government
    (['市外办', '市政府外办', '市人民政府外事办公室'], '杭州市'),
    (['省国资委', '省政府国资委', '省人民政府国有资产监督管理委员会'], '湖南省'),
    # a level before a word that starts like a level word
    (['县城乡建设局', '中牟县城乡建设局'], '中牟县'), (['县城关镇', '城关镇'], '杞县'),
    (['市政务服务中心', '浏阳市政务服务中心'], '浏阳市'),
    # a place under a named city: the document's chain says which
    (['市教育局', '杭州市教育局'], '杭州市西湖区'), (['省教育厅', '浙江省教育厅'], '杭州市西湖区'),
    (['省交通厅', '省交通运输厅'], '湖南省'), (['市规划资源局', '市规划和自然资源局'], '杭州市'),
])
def test_variants_of_other_places(names, jurisdiction):
    assert _groups(names, jurisdiction) == 1, resolve(names, jurisdiction)


def test_central_short_names_stay_local_in_local_documents():
    got = resolve(['统计局', '人民银行'], '杭州市')
    assert got['统计局'] != resolve(['国家统计局'])['国家统计局']
    assert got['人民银行'] != '中国人民银行'
    assert resolve(['市政府办', '市外办'], '杭州市') == {'市政府办': '杭州市人民政府办公室', '市外办': '杭州市外事办公室'}
