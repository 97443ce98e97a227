import pytest

import graphkit
from graphkit.tables import column_kind, find_tables


def measures(text):
    return [(m.id, m.title, m.lead, m.support, m.role_source, m.deadline)
            for m in graphkit.extract_text(text, 'plan.txt').measures]


def test_column_kinds():
    assert [column_kind(h) for h in ['序号', '重点任务', '牵头单位', '配合单位', '完成时限', '责任单位',
                                     '工作措施', '备注', '牵头领导', '市教育局']] == \
        ['seq', 'task', 'lead', 'support', 'deadline', 'responsible', 'task', 'other', 'person', None]


def test_tab_separated_rows():
    text = ('三、任务分工\n序号\t重点任务\t牵头单位\t配合单位\t完成时限\n'
            '1\t建设城市大脑。整合数据资源。\t市大数据局\t市公安局、市交通运输局\t2025年底前\n'
            '2\t推广电子证照\t市政务服务中心\t各区县人民政府\t持续推进\n'
            '四、保障措施\n')
    assert measures(text) == [
        ('三.表1.1', '建设城市大脑', ['市大数据局'], ['市公安局', '市交通运输局'], 'table', '2025年底前'),
        ('三.表1.2', '推广电子证照', ['市政务服务中心'], ['各区县人民政府'], 'table', '持续推进')]


def test_space_separated_rows_and_merged_lead_repeated():
    text = ('序号  主要任务  牵头单位  配合单位\n'
            '1  完善学位供给  市教育局  市财政局\n'
            '2  改善办学条件  市教育局  市住房城乡建设局、市自然资源局\n')
    rows = measures(text)
    assert [r[2] for r in rows] == [['市教育局'], ['市教育局']]
    assert rows[1][3] == ['市住房城乡建设局', '市自然资源局']


def test_flattened_table_one_cell_per_line_with_declared_convention():
    text = ('二、重点任务清单(排名第一的为牵头单位)\n序号\n工作任务\n责任单位\n完成时限\n'
            '1\n推进工程建设项目审批制度改革\n市住房城乡建设局、市自然资源局\n2023年6月底前\n'
            '2\n推行“证照分离”改革\n市市场监管局、市司法局\n持续推进\n'
            '3\n建立容错纠错机制\n市纪委监委\n')
    assert measures(text) == [
        ('二.表1.1', '推进工程建设项目审批制度改革', ['市住房城乡建设局'], ['市自然资源局'], 'declared', '2023年6月底前'),
        ('二.表1.2', '推行“证照分离”改革', ['市市场监管局'], ['市司法局'], 'declared', '持续推进'),
        ('二.表1.3', '建立容错纠错机制', ['市纪委监委'], [], 'declared', None)]


def test_category_rows_become_the_path():
    text = ('序号\t重点任务\t牵头单位\t配合单位\n'
            '一、优化营商环境\t一、优化营商环境\t一、优化营商环境\t一、优化营商环境\n'
            '1\t压缩开办时间\t市市场监管局\t市税务局\n')
    (m,) = graphkit.extract_text(text).measures
    assert m.path == ['一、优化营商环境'] and m.lead == ['市市场监管局']


def test_a_table_without_unit_columns_is_not_a_task_table():
    assert find_tables('指标\t2020年\t2025年\n入园率\t99%\t100%\n') == []


def test_two_level_header_and_group_rows():
    text = ('二、任务分工\n序号\t任务\t责任单位\t责任单位\t完成时限\n序号\t任务\t牵头单位\t配合单位\t完成时限\n'
            '（一）扩大优质教育资源供给\n1\t新建学校\t市教育局\t市财政局\n'
            '（二）提升质量\n2\t培训教师\t市教育局\t市人社局\t持续推进\n三、保障措施\n（一）加强领导。正文。')
    ms = graphkit.extract_text(text).measures
    assert [(m.id, m.lead, m.support, m.deadline) for m in ms if m.duties] == [
        ('二.表1.(一).1', ['市教育局'], ['市财政局'], None), ('二.表1.(二).2', ['市教育局'], ['市人社局'], '持续推进')]
    assert ms[0].path == ['任务分工', '（一）扩大优质教育资源供给']
    assert ms[-1].id == '三.(一)'


def test_rows_numbered_afresh_in_each_group_keep_distinct_ids_and_faithful_titles():
    text = ('序号\t重点任务\t牵头单位\t配合单位\n一、优化营商环境\n1\t压缩开办时间；完善制度\t市市场监管局\t市税务局\n'
            '2\t推行证照分离\t市市场监管局\t市司法局\n二、强化保障\n1\t加强督查\t市政府办公室\t市教育局\n')
    ms = graphkit.extract_text(text).measures
    assert [m.id for m in ms] == ['表1.一.1', '表1.一.2', '表1.二.1']
    assert ms[0].title == '压缩开办时间'


def test_measure_ids_are_unique_in_every_sample(sample_docs):
    for doc in sample_docs.values():
        assert len({m.id for m in doc}) == len(doc.measures)


def test_tab_table_with_group_rows_wrapped_cells_and_task_names():
    text = ('序号\t任务名称\t主要内容\t牵头单位\t责任单位\t完成时限\n'
            '一\t信息基础设施\t\t\t\t\n'
            '1\t加快5G网络建设\t新建5G基站1万个。\t市工信局\t市公安局交警支队、\n'
            '\t\t\t\t市城市管理局\t2025年底\n'
            '2\t建设数据中心\t推进政务云节点建设。\t市发改委\t市工信局\t2024年底\n'
            '二\t数字产业化\t\t\t\t\n'
            '1\t建设算力中心\t建设智能算力。\t市大数据局\t\t2026年底')
    got = [(m.id, m.title, m.lead, m.support, m.deadline) for m in graphkit.extract_text(text).measures]
    assert got == [
        ('表1.一.1', '加快5G网络建设', ['市工信局'], ['市公安局交警支队', '市城市管理局'], '2025年底'),
        ('表1.一.2', '建设数据中心', ['市发改委'], ['市工信局'], '2024年底'),
        ('表1.二.1', '建设算力中心', ['市大数据局'], [], '2026年底'),
    ]


@pytest.mark.parametrize('text', [
    # a unit cell on two lines
    '序号\n重点任务\n牵头单位\n配合单位\n完成时限\n1\n开展汽车以旧换新\n市商务局\n市财政局\n市公安局\n2024年底\n'
    '2\n组织汽车下乡\n市经信局\n市商务局\n2024年底',
    # a page number and the header again at a page break
    '序号\n重点任务\n牵头单位\n配合单位\n完成时限\n1\n开展汽车以旧换新\n市商务局\n市财政局、市公安局\n2024年底\n— 12 —\n'
    '序号\n重点任务\n牵头单位\n配合单位\n完成时限\n2\n组织汽车下乡\n市经信局\n市商务局\n2024年底',
])
def test_flattened_table_across_wrapped_cells_and_pages(text):
    got = [(m.title, m.lead, m.support, m.deadline) for m in graphkit.extract_text(text).measures]
    assert got == [('开展汽车以旧换新', ['市商务局'], ['市财政局', '市公安局'], '2024年底'),
                   ('组织汽车下乡', ['市经信局'], ['市商务局'], '2024年底')]


def test_flattened_table_with_a_group_row():
    text = ('序号\n重点任务\n牵头单位\n配合单位\n完成时限\n1\n开展汽车以旧换新\n市商务局\n市财政局\n2024年底\n'
            '二、提振家电消费\n1\n组织家电促销\n市商务局\n市市场监管局\n2024年底')
    got = [(m.id, m.title, m.lead) for m in graphkit.extract_text(text).measures]
    assert got == [('表1.1', '开展汽车以旧换新', ['市商务局']), ('表1.二.1', '组织家电促销', ['市商务局'])]
