import re
import unicodedata

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graphkit

from .conftest import DATA, gold


def norm(s):
    s = unicodedata.normalize('NFKC', s)
    return re.sub(r'[\s,。、;:“”"()《》]', '', s)


def matches(gold_title, measure):
    g = norm(gold_title)
    return norm(measure.title).startswith(g) or g.startswith(norm(measure.title)) and len(measure.title) >= 4


def alternatives(entry):
    return {norm(a) for a in (entry if isinstance(entry, list) else [entry])}


@pytest.mark.parametrize('name', ['000_8f9cbb4accac17dc', '001_e4a5ec15abd1b800', '002_bcc968c15fa4bd2a'])
def test_sample_documents_match_the_gold(sample_docs, name):
    """Every gold measure is found, with exactly its lead and support units."""
    doc = sample_docs[name + '.txt']
    for g in gold(name + '.json')['measures']:
        found = [m for m in doc.measures if any(matches(t, m) for t in [g['title']] + g.get('alt_titles', []))]
        assert found, g['title']
        m = found[0]
        for role in ('lead', 'support'):
            got = [norm(u) for u in getattr(m, role)]
            assert len(got) == len(g[role]), (g['title'], role, got)
            for entry, unit in zip(g[role], got):
                assert unit in alternatives(entry), (g['title'], role, unit, entry)


def test_no_extra_units_in_labelled_documents(sample_docs):
    """Measures outside the gold carry no units (gold files are complete)."""
    for name in ['000_8f9cbb4accac17dc', '001_e4a5ec15abd1b800', '002_bcc968c15fa4bd2a']:
        titles = [g['title'] for g in gold(name + '.json')['measures']]
        alts = [t for g in gold(name + '.json')['measures'] for t in g.get('alt_titles', [])]
        for m in sample_docs[name + '.txt'].measures:
            if not any(matches(t, m) for t in titles + alts):
                assert not m.duties, (name, m.id, m.title)


def test_role_sources_of_the_samples(sample_docs):
    # 000 labels its fields; a single unit under 责任单位 with no lead named leads as first listed
    assert {m.role_source for m in sample_docs['000_8f9cbb4accac17dc.txt'] if m.duties} == \
        {'labelled', 'first-listed'}
    assert {m.role_source for m in sample_docs['001_e4a5ec15abd1b800.txt'] if m.duties} == {'declared'}
    assert {m.role_source for m in sample_docs['002_bcc968c15fa4bd2a.txt'] if m.duties} == {'first-listed'}


def test_section_paragraph_clause_belongs_to_the_section(sample_docs):
    doc = sample_docs['001_e4a5ec15abd1b800.txt']
    m = next(m for m in doc if m.id == '二.(二)')
    assert m.title == '实施乡村教育提升行动,夯实学校办学基础'
    assert m.lead == ['市教育局'] and '揭阳市生态环境局普宁分局' in m.support


def test_continuation_paragraph_with_its_own_clause(sample_docs):
    doc = sample_docs['002_bcc968c15fa4bd2a.txt']
    m = next(m for m in doc if m.title == '加快项目推进')
    assert m.id == '四.(二)+1'
    assert m.support[-4:] == ['观山湖区政府', '云岩区政府', '花溪区政府', '清镇市政府']
    parent = next(m for m in doc if m.id == '四.(二)')
    assert '加快项目推进' not in parent.text


def test_glued_document_yields_its_55_numbered_measures(sample_docs):
    doc = sample_docs['003_e7dfb5008a7212f3.txt']
    expected = [g['title'] for g in gold('003_e7dfb5008a7212f3.json')['measures']]
    assert [m.title for m in doc.measures] == expected
    assert [m.id.split('.')[-1] for m in doc.measures] == [str(i) for i in range(1, 56)]
    assert all(not m.duties for m in doc.measures)
    m = next(m for m in doc if m.title == '强化特殊教育师资水平提升')
    assert '县教师发展中心' in m.mentions
    assert any(d.code == 'no-attribution' for d in doc.diagnostics)


def test_headed_paragraphs_of_implementation_paths(sample_docs):
    doc = sample_docs['004_f9cdb5432da70a5b.txt']
    paths = [m for m in doc if '实施路径' in m.path]
    assert len(paths) >= 30
    assert paths[0].title == '科学规划和建设幼儿园'
    assert all(not m.duties for m in doc)
    assert any('四会市教师发展中心' in m.mentions for m in doc)
    titles = {m.title for m in doc}
    assert '发展基础' not in titles and '发展任务' not in titles


def test_traditional_document_is_simplified_and_diagnosed(sample_docs):
    doc = sample_docs['000_8f9cbb4accac17dc.txt']
    assert all('發' not in m.text for m in doc)
    codes = [d.code for d in doc.diagnostics]
    assert 'damaged' in codes and 'cleaned' in codes
    assert not any('?' in u for m in doc for u in m.units)


@pytest.mark.parametrize('encoding', ['gb18030', 'big5', 'utf-8-sig'])
def test_same_measures_in_other_encodings(sample_docs, encoding):
    name = '001_e4a5ec15abd1b800.txt'
    text = (DATA / name).read_text(encoding='utf-8')
    if encoding == 'big5':
        text = opencc.OpenCC('s2tw').convert(text)   # Taiwan forms: all in Big5
    doc = graphkit.extract(text.encode(encoding, errors='replace'), name=name)
    original = sample_docs[name]
    assert [(m.id, m.lead, m.support) for m in doc] == [(m.id, m.lead, m.support) for m in original]


def test_spans_point_into_the_text(sample_docs):
    for doc in sample_docs.values():
        for m in doc:
            assert doc.text[m.span[0]:m.span[1]] == m.text
            for d in m.duties:
                assert m.span[0] <= d.span[0] < d.span[1] <= m.span[1]


def test_extract_accepts_text_path_and_bytes(tmp_path):
    text = '二、主要任务\n1.扩大学位供给。新建学校。(牵头单位:市教育局;责任单位:市财政局)'
    p = tmp_path / 'plan.txt'
    p.write_text(text, encoding='utf-8')
    for source in (text, str(p), p, text.encode('gbk')):
        doc = graphkit.extract(source)
        assert [(m.lead, m.support) for m in doc] == [(['市教育局'], ['市财政局'])]


SAMPLE_BYTES = [p.read_bytes() for p in sorted(DATA.glob('*.txt'))]


@given(st.sampled_from(SAMPLE_BYTES), st.lists(st.tuples(st.integers(0, 60000), st.binary(max_size=8)),
                                                max_size=20), st.integers(0, 60000))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_documents_never_crash(data, edits, cut):
    data = bytearray(data[:cut + 200])
    for pos, chunk in edits:
        pos = min(pos, len(data))
        data[pos:pos + len(chunk)] = chunk
    try:
        doc = graphkit.extract(bytes(data), name='fuzz.txt')
    except graphkit.InputError as e:       # refused as binary: one line naming it, no crash
        assert str(e).startswith('fuzz.txt: ') and '\n' not in str(e)
        return
    for m in doc:
        assert m.text and m.id


def test_field_lines_below_a_measure_are_one_clause():
    text = ('二、重点任务\n1.加强组织领导\n牵头单位：市委办公室\n责任单位：市政府办公室、市发展改革委\n完成时间：2023年底\n'
            '2.完善工作机制。建立联席会议制度。\n牵头单位：市发展改革委  配合单位：市财政局\n'
            '3.优化服务。推进一网通办。【责任单位：市政务服务中心】\n')
    got = [(m.id, m.title, m.lead, m.support, m.deadline) for m in graphkit.extract_text(text)]
    assert got == [('二.1', '加强组织领导', ['市委办公室'], ['市政府办公室', '市发展改革委'], '2023年底'),
                   ('二.2', '完善工作机制', ['市发展改革委'], ['市财政局'], None),
                   ('二.3', '优化服务', ['市政务服务中心'], [], None)]


def test_traditional_document_with_phrases_and_field_lines():
    text = ('咸寧市人民政府辦公室關於印發咸寧市2024年優化營商環境工作要點的通知\n咸政辦發〔2024〕9號\n'
            '一、堅持系統集成，推動審批全鏈條優化\n'
            '1.全面實施許可事項清單管理。編制並公布市、縣兩級清單。（市政府辦公室、市審改辦牽頭，市級各有關部門及各縣市區政府按職責分工負責）\n'
            '2.深化集中審批改革。按程序公布。（市行政審批局牽頭，市司法局配合，2024年6月底前完成）\n'
            '二、任務分解\n3.努力實現地區生產總值增長6%左右。\n牽頭單位：市發改委\n責任單位：咸寧高新區，各縣市區政府\n')
    doc = graphkit.extract_text(text)
    assert (doc.number, doc.jurisdiction) == ('咸政办发〔2024〕9号', '咸宁市')
    assert [(m.title, m.lead, m.support, m.role_source, m.deadline) for m in doc] == [
        ('全面实施许可事项清单管理', ['市政府办公室', '市审改办'], ['市级各有关部门', '各县市区政府'], 'phrase', None),
        ('深化集中审批改革', ['市行政审批局'], ['市司法局'], 'phrase', '2024年6月底前完成'),
        ('努力实现地区生产总值增长6%左右', ['市发改委'], ['咸宁高新区', '各县市区政府'], 'labelled', None)]


def _roles(text):
    m = graphkit.extract_text(text).measures
    return [(x.id, x.lead, x.support, x.deadline) for x in m]


@pytest.mark.parametrize('text, expected', [
    # labels written in brackets, on their own lines
    ('1.制定发布清单。制定我市清单。\n【牵头单位】市民政局\n【配合单位】市财政局、市医保局',
     [('1', ['市民政局'], ['市财政局', '市医保局'], None)]),
    # tortoise-shell brackets enclose a clause too; 〔牵头〕 marks the lead of a list
    ('1.制定发布清单。制定我市清单。〔责任单位:市民政局、市财政局〕', [('1', ['市民政局'], ['市财政局'], None)]),
    ('1.优化布局。新建学校。(责任单位:市财政局、市教育局〔牵头〕)', [('1', ['市教育局'], ['市财政局'], None)]),
    # a labelled clause followed by its deadline, or preceded by it
    ('1.开展摸底调查。建立项目库。(牵头单位:市建委;责任单位:市财政局)2024年6月底前完成。',
     [('1', ['市建委'], ['市财政局'], '2024年6月底前完成')]),
    ('1.开展摸底调查。建立项目库。2024年6月底前完成。(牵头单位:市建委;责任单位:市财政局)',
     [('1', ['市建委'], ['市财政局'], '2024年6月底前完成')]),
    # two attributed sentence groups in one paragraph: two measures
    ('1.加强资金保障。统筹安排资金。(责任单位:市财政局)加大信贷支持。(责任单位:市金融办、人行杭州中心支行)',
     [('1', ['市财政局'], [], None), ('1/2', ['市金融办'], ['人行杭州中心支行'], None)]),
    # a unit of a kind graphkit does not know does not cost the list
    ('1.推进垃圾分类。加强宣传。(县城市管理局、县红白理事会、县商务局)',
     [('1', ['县城市管理局'], ['县红白理事会', '县商务局'], None)]),
    ('1.推进通关便利。压缩时间。(牵头单位:市商务局;配合单位:市鼎盛物业、市档案馆)',
     [('1', ['市商务局'], ['市鼎盛物业', '市档案馆'], None)]),
])
def test_attribution_forms_of_other_provinces(text, expected):
    assert _roles(text) == expected


def test_a_bracket_of_running_text_is_still_no_clause():
    m = graphkit.extract_text('1.建设学校(幼儿园)。加强宣传教育(含网络宣传)工作。').measures[0]
    assert m.duties == []


@pytest.mark.parametrize('text, expected', [
    # a declaration written after a line-form list applies to that list too
    ('(一)深化改革。新增事项10项。\n责任单位:区政务服务中心、区市场监管局(列第一位的为牵头单位,下同)\n'
     '(二)推行免申即享。梳理清单。\n责任单位:区经信局、区财政局',
     [('(一)', ['区政务服务中心'], ['区市场监管局'], None), ('(二)', ['区经信局'], ['区财政局'], None)]),
    # a heading that is only a title and its clause hands the clause to its items
    ('一、实施产业链群培育工程(牵头单位:市工信局;责任单位:市发改委、市商务局)\n1.做强平板显示产业链。推动龙头企业扩产。\n'
     '2.培育新能源产业链。建设锂电池项目。',
     [('一.1', ['市工信局'], ['市发改委', '市商务局'], None), ('一.2', ['市工信局'], ['市发改委', '市商务局'], None)]),
    # … and its lead leads an item whose own list names no lead
    ('二、实施企业梯队培育工程(牵头单位:市工信局)\n4.培育龙头企业。实施链主培育计划。(责任单位:市国资委、市金融监管局)',
     [('二.4', ['市工信局'], ['市国资委', '市金融监管局'], None)]),
    # phrases in the last part of the closing sentence; units saying what they do
    ('9.加强统筹。市教育局会同市财政局负责制定方案。', [('9', ['市教育局'], ['市财政局'], None)]),
    ('9.加强统筹。本办法由市科技局负责解释。', [('9', [], [], None)]),
    ('6.完善农村水利设施。推进河道综合整治,由市水务局负责,各区镇配合。', [('6', ['市水务局'], ['各区镇'], None)]),
    ('8.强化人才支撑。市委人才办负责统筹引进高层次人才,市人社局负责落实技能人才补贴政策。',
     [('8', ['市委人才办', '市人社局'], [], None)]),       # each leads its own part
    # a section followed by a 专栏 box is still a measure
    ('一、优化学校布局。新建学校4所。\n二、全面落实“双减”。强化主阵地作用。\n专栏1 重点工程\n(1)学位扩容工程:新增学位5000个。',
     [('一', [], [], None), ('二', [], [], None), ('二.专栏1.(1)', [], [], None)]),
])
def test_sections_and_sentences(text, expected):
    assert _roles(text) == expected


def test_a_section_paragraph_keeps_its_clause_for_itself():
    """A section with text of its own: its clause is its own, its items keep theirs."""
    text = ('(一)加强队伍建设。完善教师培养体系,提高待遇。(牵头单位:市教育局)\n'
            '1.培训教师。开展轮训。(牵头单位:市人社局)\n2.引进人才。面向全国招聘。')
    got = _roles(text)
    assert got[0] == ('(一)', ['市教育局'], [], None)
    assert got[1] == ('(一).1', ['市人社局'], [], None)
    assert got[2] == ('(一).2', [], [], None)


def test_responsible_people_are_no_units():
    m = graphkit.extract_text('1.落实责任。市教育局负责人要亲自抓。').measures[0]
    assert m.lead == [] and '市教育局' in m.mentions


@pytest.mark.parametrize('text, expected', [
    # a suffix shared within a group, the group followed by another
    ('1.推进改革。推动改革。(责任单位:襄城区、樊城区人民政府,市教育局)',
     [('1', ['襄城区人民政府'], ['樊城区人民政府', '市教育局'], None)]),
    # role verbs after a list
    ('1.推动村容村貌提升。整治环境。(县住建局牵头,各乡镇人民政府抓好落实)',
     [('1', ['县住建局'], ['各乡镇人民政府'], None)]),
    ('1.推进改革。推动改革。(省教育厅指导,各市县人民政府负责)', [('1', ['省教育厅'], ['各市县人民政府'], None)]),
    ('1.深化改革。推动改革。(县住建局牵头,县财政局、县自然资源局支持配合)',
     [('1', ['县住建局'], ['县财政局', '县自然资源局'], None)]),
    # 区政协办 is no 区政 + 协办
    ('1.深化改革。推动改革。(区委统战部、区政协办)', [('1', ['区委统战部'], ['区政协办'], None)]),
    # a distribution list after the body is no measure
    ('1.深化改革。推动改革。(责任单位:区发展改革局)\n\n抄送:区委办,区人大办,区政协办,区法院,区检察院。',
     [('1', ['区发展改革局'], [], None)]),
    # Hong Kong variant forms
    ('1.優化老年健康服務。推進醫養結合。(牽頭單位:市衞生健康委;配合單位:市民政局、市醫保局)',
     [('1', ['市卫生健康委'], ['市民政局', '市医保局'], None)]),
])
def test_attribution_forms_round_two(text, expected):
    assert _roles(text) == expected


@pytest.mark.parametrize('name', ['000_8f9cbb4accac17dc.txt', '001_e4a5ec15abd1b800.txt', '002_bcc968c15fa4bd2a.txt'])
def test_text_hard_wrapped_like_a_pdf_copy_gives_the_same_measures(name):
    """Paragraphs indented and cut every 28 characters, as text copied from a PDF."""
    doc = graphkit.extract(DATA / name)
    lines = []
    for para in doc.text.split('\n'):
        para = para.strip()
        para = '\u3000\u3000' + para if para else ''
        lines += [para[i:i + 28] for i in range(0, len(para), 28)] or ['']
    wrapped = graphkit.extract_text('\n'.join(lines))
    assert [(m.id, m.lead, m.support) for m in wrapped.measures] == \
        [(m.id, m.lead, m.support) for m in doc.measures]
    assert any('hard-wrapped' in d.message for d in wrapped.diagnostics)


def test_a_clause_broken_across_two_lines():
    m = graphkit.extract_text('(一)科学编制建设规划。编制规划。(牵头单位:市农业农村\n局;配合单位:市水务局、市财政局)').measures
    assert [(x.lead, x.support) for x in m] == [(['市农业农村局'], ['市水务局', '市财政局'])]


@pytest.mark.parametrize('text, expected', [
    # a clause on its own line after an article's points: the article's
    ('第五条 强化政府性融资担保。\n(一)担保费率原则上不超过1%。\n(二)按年化担保额的1%给予补助。\n(责任单位:市财政局、市地方金融监管局)',
     [('第五条', ['市财政局'], ['市地方金融监管局'], None)]),
    # …after a section's items, when none has one: every item's
    ('一、扩大开放\n1.推进通关便利。压缩时间。\n2.发展跨境电商。建设园区。\n(以上任务由省商务厅牵头,省发展改革委、郑州海关等配合)',
     [('一.1', ['省商务厅'], ['省发展改革委', '郑州海关'], None), ('一.2', ['省商务厅'], ['省发展改革委', '郑州海关'], None)]),
    # the list of attachments is no list of tasks
    ('1.科学规划布局。修订规划。(责任单位:市教育局)\n\n附件:1.项目表\n   2.认定标准\n   3.申报指南',
     [('1', ['市教育局'], [], None)]),
])
def test_clauses_after_items_and_attachment_lists(text, expected):
    assert _roles(text) == expected


@pytest.mark.parametrize('text, expected', [
    # how a unit takes part, in words no keyword holds whole
    ('1.推进复耕。摸排撂荒耕地。(县农业农村局牵头,各乡镇人民政府按属地落实)',
     [('1', ['县农业农村局'], ['各乡镇人民政府'], None)]),
    ('1.加强监测。建立联系制度。(省商务厅牵头,省统计局、南昌海关按照职责抓好落实)',
     [('1', ['省商务厅'], ['省统计局', '南昌海关'], None)]),
    ('1.推进改革。压缩时间。(市发改委牵头,各县(市、区)人民政府属地负责)',
     [('1', ['市发改委'], ['各县(市、区)人民政府'], None)]),
    # names spaced out
    ('1、推进普惠。新建幼儿园。\n牵头单位:市\u3000教\u3000育\u3000局\n配合单位:市 财 政 局、市自然资源和规划局',
     [('1', ['市教育局'], ['市财政局', '市自然资源和规划局'], None)]),
    # a label with its other word, a contact person, a co-lead mark, a trailing phrase
    ('1.推进改革。压缩时间。(牵头部门(单位):市发改委;配合部门(单位):市财政局)', [('1', ['市发改委'], ['市财政局'], None)]),
    ('1.推进改革。压缩时间。\n牵头单位:市发改委(联系人:王五)\n配合单位:市财政局、各村(社区)',
     [('1', ['市发改委'], ['市财政局', '各村(社区)'], None)]),
    ('1.规范招投标。推进电子化。责任单位:市发展改革委、市公共资源交易中心(共同牵头)、市住建局',
     [('1', ['市发展改革委', '市公共资源交易中心'], ['市住建局'], None)]),
    ('1.保护产权。清理积案。责任单位:市中级人民法院、市人民检察院、市公安局(按职责分工负责)',
     [('1', ['市中级人民法院'], ['市人民检察院', '市公安局'], None)]),
    # a department sharing the prefix of the one before it
    ('1.加强防护。(牵头单位:市教育局;配合单位:各县(市、区)教育局、公安局)',
     [('1', ['市教育局'], ['各县(市、区)教育局', '各县(市、区)公安局'], None)]),
    # enclosed numbers are item numbers; an ASCII '. ' ends a title
    ('二、保障措施\n㈠加强领导。建立机制。\n㈡强化督查。定期通报。', [('二.(一)', [], [], None), ('二.(二)', [], [], None)]),
    ('(一) 打造文旅消费新场景. 支持景区开发夜间演艺. (牵头单位: 市文旅局; 配合单位: 市商务局)',
     [('(一)', ['市文旅局'], ['市商务局'], None)]),
])
def test_attribution_forms_round_three(text, expected):
    assert _roles(text) == expected


def test_contents_end_where_the_body_repeats_them():
    text = ('目录\n一、总体要求\n二、重点任务\n三、保障措施\n\n一、总体要求\n(一)指导思想\n坚持以新思想为指导。\n'
            '二、重点任务\n1.推进诊断。每年诊断企业1000家。(牵头单位:市经信局)\n2.加强人才培养。开展人才培训。')
    assert [(m.id, m.lead) for m in graphkit.extract_text(text).measures][-2:] == [('二.1', ['市经信局']), ('二.2', [])]


@pytest.mark.parametrize('text, expected', [
    ('(二)强化考核。由县财政局会同县审计局每半年开展一次绩效评价。', [('(二)', ['县财政局'], ['县审计局'], None)]),
    ('1.加强合作。市教育局会同市财政局、市人社局制定办法。', [('1', ['市教育局'], ['市财政局', '市人社局'], None)]),
    ('1.推进合作。会同有关方面研究办法。', [('1', [], [], None)]),
])
def test_units_joined_by_huitong_in_running_text(text, expected):
    assert _roles(text) == expected


def test_a_deadline_opening_a_part_of_a_sentence():
    m = graphkit.extract_text('1.推进撂荒地复耕。全面摸排,2024年6月底前完成整治任务。(县农业农村局负责)').measures[0]
    assert (m.lead, m.deadline) == (['县农业农村局'], '2024年6月底前')
    m = graphkit.extract_text('1.推进体系建设。到2025年底前,全面建成体系。(县农业农村局负责)').measures[0]
    assert m.deadline is None          # a goal, not a deadline


def test_several_doers_in_a_closing_sentence_all_count():
    m = graphkit.extract_text('三、保障措施\n各地各部门要高度重视安全保护工作。市委网信办负责统筹协调,市公安局负责具体组织实施。').measures[0]
    assert m.lead == ['市委网信办', '市公安局']
