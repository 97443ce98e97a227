import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.duties import find_clauses, first_declaration, parse_clause


def roles(clause):
    return [(d.unit, d.role, d.source) for d in clause.duties]


@pytest.mark.parametrize('body, expected', [
    ('牵头单位:市教育局;责任单位:市财政局、市人社局',
     [('市教育局', 'lead', 'labelled'), ('市财政局', 'support', 'labelled'), ('市人社局', 'support', 'labelled')]),
    ('牵头单位:市发展改革委  配合单位:市财政局',
     [('市发展改革委', 'lead', 'labelled'), ('市财政局', 'support', 'labelled')]),
    ('牵头部门:区住建委;配合部门:区财政局;参与单位:各街道办事处',
     [('区住建委', 'lead', 'labelled'), ('区财政局', 'support', 'labelled'), ('各街道办事处', 'support', 'labelled')]),
    ('牵头单位:市工信局、市商务局;协办单位:市科技局',
     [('市工信局', 'lead', 'labelled'), ('市商务局', 'lead', 'labelled'), ('市科技局', 'support', 'labelled')]),
    ('责任部门:县教育局、县财政局',
     [('县教育局', 'lead', 'first-listed'), ('县财政局', 'support', 'first-listed')]),
    ('责任单位:市市场监管局(牵头)、市税务局',
     [('市市场监管局', 'lead', 'labelled'), ('市税务局', 'support', 'labelled')]),
])
def test_labelled_fields(body, expected):
    assert roles(parse_clause(body)) == expected


def test_labelled_deadline_and_people_fields():
    c = parse_clause('牵头单位:市教育局;责任领导:张三;完成时限:2025年底前')
    assert roles(c) == [('市教育局', 'lead', 'labelled')] and c.deadline == '2025年底前'


@pytest.mark.parametrize('body, expected', [
    ('市教育局、市财政局、市民政局',
     [('市教育局', 'lead', 'first-listed'), ('市财政局', 'support', 'first-listed'),
      ('市民政局', 'support', 'first-listed')]),
    ('市教育局', [('市教育局', 'lead', 'first-listed')]),
    ('市教育局、市财政局负责', [('市教育局', 'lead', 'phrase'), ('市财政局', 'support', 'phrase')]),
    ('市教育局负责', [('市教育局', 'lead', 'phrase')]),
])
def test_bare_lists_first_listed_leads(body, expected):
    assert roles(parse_clause(body)) == expected


@pytest.mark.parametrize('body, expected', [
    ('市发展改革委牵头,市财政局、市教育局配合',
     [('市发展改革委', 'lead', 'phrase'), ('市财政局', 'support', 'phrase'), ('市教育局', 'support', 'phrase')]),
    ('由市大数据局牵头,市政务服务中心参与',
     [('市大数据局', 'lead', 'phrase'), ('市政务服务中心', 'support', 'phrase')]),
    ('市教育局、市卫生健康委牵头,市级各有关部门按职责分工负责',
     [('市教育局', 'lead', 'phrase'), ('市卫生健康委', 'lead', 'phrase'),
      ('市级各有关部门', 'support', 'phrase')]),
    ('各区县人民政府,市有关部门按职责分工落实',
     [('各区县人民政府', 'lead', 'first-listed'), ('市有关部门', 'support', 'phrase')]),
])
def test_phrases(body, expected):
    assert roles(parse_clause(body)) == expected


def test_declared_convention_marks_source_and_is_not_a_unit():
    c = parse_clause('市教育局、市发展改革局、市财政局,排名第一位为牵头单位,下同')
    assert c.declares
    assert roles(c) == [('市教育局', 'lead', 'declared'), ('市发展改革局', 'support', 'declared'),
                        ('市财政局', 'support', 'declared')]
    assert roles(parse_clause('市财政局、市教育局', declared=True))[0] == ('市财政局', 'lead', 'declared')


@pytest.mark.parametrize('text', ['排在首位的为牵头单位', '列第一位的为牵头单位', '排名第一的单位为牵头单位',
                                  '(注:第一位单位为牵头单位)'])
def test_convention_wordings(text):
    assert first_declaration('前言。' + text) is not None


def test_deadlines_in_clauses():
    assert parse_clause('市教育局负责,2024年12月底前完成').deadline == '2024年12月底前完成'
    assert parse_clause('责任单位:市教育局;完成时限:持续推进').deadline == '持续推进'


@pytest.mark.parametrize('body', ['2023—2027年', '含幼儿园、特殊教育学校', '试行', '教育集团',
                                  '以下简称“双减”', '见附件', '提升30%以上'])
def test_brackets_that_are_not_clauses(body):
    assert parse_clause(body) is None


def test_find_clauses_at_paragraph_end_and_sentence_end():
    p = '1.推进集团化办学。组建教育集团(教育联盟),促进共享。(市教育局、市财政局)'
    (c,) = find_clauses(p)
    assert roles(c)[0] == ('市教育局', 'lead', 'first-listed')
    assert p[c.start:c.end] == '(市教育局、市财政局)'
    p = '一是建设学校(市教育局负责);二是保障经费(市财政局负责)。'
    assert [roles(c)[0][0] for c in find_clauses(p)] == ['市教育局', '市财政局']


def test_find_unbracketed_labels_and_closing_phrase():
    (c,) = find_clauses('牵头单位:市司法局  配合单位:市大数据局')
    assert roles(c) == [('市司法局', 'lead', 'labelled'), ('市大数据局', 'support', 'labelled')]
    (c,) = find_clauses('推进一网通办,优化服务。由市政务服务中心牵头,市大数据局参与。')
    assert roles(c) == [('市政务服务中心', 'lead', 'phrase'), ('市大数据局', 'support', 'phrase')]
    # A unit named inside a sentence is not an attribution
    assert find_clauses('由市财政局和市人力资源社会保障局根据考核结果确定绩效工资水平。') == []


def test_clause_offsets_are_document_offsets():
    (c,) = find_clauses('正文。(市教育局)', offset=100)
    assert (c.start, c.end) == (103, 109) and c.duties[0].span == (103, 109)


@given(st.lists(st.sampled_from(['市教育局', '、', ',', ';', '牵头单位:', '责任单位:', '配合', '牵头', '(', ')',
                                 '各区〔市、县〕政府', '2025年底前', '下同', '负责', '由', '和', '市财政局', ' ']),
                max_size=25))
@settings(max_examples=400, deadline=None)
def test_parse_clause_never_crashes_and_roles_are_valid(parts):
    c = parse_clause(''.join(parts))
    if c:
        units = [d.unit for d in c.duties]
        assert len(units) == len(set(units))
        assert all(d.role in ('lead', 'support') for d in c.duties)
        leads = [i for i, d in enumerate(c.duties) if d.role == 'lead']
        assert leads == list(range(len(leads)))     # leads come first


@pytest.mark.parametrize('body, expected', [
    ('省发展改革委牵头,省财政厅、省自然资源厅等按职责分工负责',
     [('省发展改革委', 'lead', 'phrase'), ('省财政厅', 'support', 'phrase'), ('省自然资源厅', 'support', 'phrase')]),
    ('市教育局会同市财政局负责', [('市教育局', 'lead', 'phrase'), ('市财政局', 'support', 'phrase')]),
    ('牵头单位:市商务局,市发展改革委、市市场监管局按职责分工负责',
     [('市商务局', 'lead', 'labelled'), ('市发展改革委', 'support', 'phrase'), ('市市场监管局', 'support', 'phrase')]),
    ('市发展改革委、市工业和信息化局,各区县〔自治县〕人民政府。列第一位者为牵头单位',
     [('市发展改革委', 'lead', 'declared'), ('市工业和信息化局', 'support', 'declared'),
      ('各区县〔自治县〕人民政府', 'support', 'declared')]),
    ('由市文化广电旅游局负责', [('市文化广电旅游局', 'lead', 'phrase')]),
    ('市卫生健康委,市发展改革委、市财政局按照职责分工负责',
     [('市卫生健康委', 'lead', 'first-listed'), ('市发展改革委', 'support', 'phrase'),
      ('市财政局', 'support', 'phrase')]),
    ('市教育局牵头负责', [('市教育局', 'lead', 'phrase')]),
])
def test_more_phrasings(body, expected):
    assert roles(parse_clause(body)) == expected


def test_user_tables_extend_roles_marks_and_table_headers(tmp_path, monkeypatch):
    """Attribution keywords, role marks and table headers come from data files a user extends."""
    from graphkit import knowledge
    from graphkit.tables import column_kind
    (tmp_path / 'roles.tsv').write_text('督办单位\tlabel\tlead\n', encoding='utf-8')
    (tmp_path / 'list_words.tsv').write_text('主办\tmark\tlead\n', encoding='utf-8')
    (tmp_path / 'table_headers.tsv').write_text('抓手清单\ttask\texact\n', encoding='utf-8')
    before = parse_clause('督办单位:市教育局;配合单位:市财政局')
    assert before is None or ('市教育局', 'lead') not in [(d.unit, d.role) for d in before.duties]
    assert column_kind('抓手清单') is None
    monkeypatch.setenv('GRAPHKIT_DATA', str(tmp_path))
    knowledge.clear_cache()
    try:
        c = parse_clause('督办单位:市教育局;配合单位:市财政局')
        assert [(d.unit, d.role, d.source) for d in c.duties] == [
            ('市教育局', 'lead', 'labelled'), ('市财政局', 'support', 'labelled')]
        c = parse_clause('责任单位:市财政局、市教育局(主办)')
        assert sorted((d.unit, d.role) for d in c.duties) == [('市教育局', 'lead'), ('市财政局', 'support')]
        assert column_kind('抓手清单') == 'task'
    finally:
        monkeypatch.delenv('GRAPHKIT_DATA')
        knowledge.clear_cache()
    assert column_kind('抓手清单') is None


def test_a_responsible_field_of_phrases_says_who_leads():
    c = parse_clause('责任单位:市卫生健康局牵头,市委编办、市财政局配合')
    assert [(d.unit, d.role, d.source) for d in c.duties] == [
        ('市卫生健康局', 'lead', 'phrase'), ('市委编办', 'support', 'phrase'), ('市财政局', 'support', 'phrase')]
    c = parse_clause('责任单位:市卫生健康局、市委编办')
    assert [d.source for d in c.duties] == ['first-listed', 'first-listed']
