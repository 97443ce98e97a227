"""Task tables in the shapes governments publish them (each fixture small, built here
in the shape of a real page, Word file or workbook)."""
import datetime
import io
import pathlib
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graphkit
from graphkit.ingest import legacy

FIXTURES = pathlib.Path(__file__).resolve().parent / 'fixtures'


def _rows(path):
    return [(m.title, m.lead, m.support, m.deadline, m.persons) for m in graphkit.extract(path)]


def _page(tmp_path, table, name='page.html'):
    path = tmp_path / name
    path.write_text(f'<html><body><div class="TRS_Editor"><p>附件</p>{table}</div></body></html>',
                    encoding='utf-8')
    return path


def test_typeset_headers_section_rows_merged_and_multiline_cells(tmp_path):
    path = _page(tmp_path, """<table border="1">
<thead><tr><td><b>序</b>　<b>号</b></td><td><span>工</span>　<span>作</span>　<font>任</font>　<font>务</font></td>
<td>牵头<span>单位</span></td><td>配　合　单　位</td><td>完成时限</td><td>牵头领导</td></tr></thead>
<tr><td colspan="6">一、优化营商环境</td></tr>
<tr><td>1</td><td><p>深化“放管服”改革，压减审批时限。</p></td><td rowspan="2"><p>区政务服务</p><p>数据管理局</p></td>
<td>区发展改革局、区司法局</td><td>2024年6月底前</td><td>张三</td></tr>
<tr><td>2</td><td>推进“一网通办”。</td><td><p>区大数据中心</p><p>（区信息中心）</p></td><td>2024年底前</td><td>张三</td></tr>
<tr><td colspan="6">（二）强化要素保障</td></tr>
<tr><td>3</td><td>加强用地保障。</td><td>&nbsp;</td><td>区自然资源局、区住建局</td><td>持续推进</td><td>李四副区长</td></tr>
<tr><td>4</td><td>加大金融支持。</td><td><p>区财政局</p><p>区金融办</p></td><td>人民银行某某支行&nbsp;区地方金融监管局</td>
<td>长期坚持</td><td>王五</td></tr></table>""")
    doc = graphkit.extract(path)
    assert [(m.lead, m.support, m.deadline, m.persons) for m in doc] == [
        (['区政务服务数据管理局'], ['区发展改革局', '区司法局'], '2024年6月底前', ['张三']),   # a name over two lines
        (['区政务服务数据管理局'], ['区大数据中心(区信息中心)'], '2024年底前', ['张三']),   # rowspan; alias line
        (['区自然资源局'], ['区住建局'], '持续推进', ['李四副区长']),                     # blank lead cell
        (['区财政局', '区金融办'], ['人民银行某某支行', '区地方金融监管局'], '长期坚持', ['王五'])]
    assert [m.path for m in doc] == [['一、优化营商环境']] * 2 + [['（二）强化要素保障']] * 2
    assert {m.role_source for m in doc} == {'table'}


def test_two_header_rows_word_markup_amounts_people_and_labels_in_a_cell(tmp_path):
    path = _page(tmp_path, """<table width="100%"><tr><td class="layout">
<table class=MsoTableGrid border=1 style='mso-border-alt:solid windowtext .5pt'>
<tr><td rowspan=2><p class=MsoNormal>序号<o:p></o:p></p></td><td rowspan=2>重点工作</td><td colspan=2>责任单位</td>
<td rowspan=2>计划投资（万元）</td><td rowspan=2>责任人</td><td rowspan=2>完成时间</td></tr>
<tr><td>牵头单位</td><td>配合单位</td></tr>
<tr><td>1</td><td>建设城市智慧停车系统<o:p></o:p></td><td><st1:personname w:st="on">县交通运输局</st1:personname></td>
<td>县公安局<br clear=all>县财政局</td><td>1200</td><td>张伟</td><td>2024年12月</td></tr>
<tr><td>2</td><td>实施老旧小区改造工程</td><td>县住建局</td><td>牵头单位：县住建局 配合单位：县财政局、各乡镇人民政府</td>
<td>3500</td><td>刘洋 陈静</td><td>2025年6月底前</td></tr>
</table></td></tr></table>""")
    assert _rows(path) == [
        ('建设城市智慧停车系统', ['县交通运输局'], ['县公安局', '县财政局'], '2024年12月', ['张伟']),
        ('实施老旧小区改造工程', ['县住建局'], ['县财政局', '各乡镇人民政府'], '2025年6月底前', ['刘洋', '陈静'])]


def test_a_header_repeated_after_a_page_break_and_a_column_known_by_its_cells(tmp_path):
    head = ('<tr><th>类别</th><th>序号</th><th>工作任务</th><th>工作措施</th><th>牵头部门（单位）</th>'
            '<th>配合/责任单位</th><th>推进情况</th></tr>')
    path = _page(tmp_path, f"""<table>{head}
<tr><td rowspan="2">产业发展</td><td>1</td><td>培育壮大数字经济</td><td>引进企业10家以上。</td><td>市工信局</td>
<td>市商务局、市科技局</td><td>常务副市长 王强</td></tr>
<tr><td>2</td><td>推动制造业升级</td><td>实施技改项目30个。</td><td>市工信局</td><td>市发改委</td><td>副市长 李明</td></tr>
{head}
<tr><td>产业发展</td><td>3</td><td>壮大民营经济</td><td>落实惠企政策。</td><td>&nbsp;</td><td>市工商联、市市场监管局</td>
<td>副市长 李明</td></tr></table>""")
    assert _rows(path) == [
        ('培育壮大数字经济', ['市工信局'], ['市商务局', '市科技局'], None, ['常务副市长王强']),
        ('推动制造业升级', ['市工信局'], ['市发改委'], None, ['副市长李明']),
        ('壮大民营经济', ['市工商联'], ['市市场监管局'], None, ['副市长李明'])]


def test_people_in_a_unit_column_are_persons_not_units(tmp_path):
    path = _page(tmp_path, """<table><tr><td>序号</td><td>重点任务</td><td>责任单位</td></tr>
<tr><td>1</td><td>建设智慧校园</td><td>市教育局、张三</td></tr></table>""")
    assert _rows(path) == [('建设智慧校园', ['市教育局'], [], None, ['张三'])]


FLAT = ('关于印发2024年重点工作任务分解表的通知\n各乡镇人民政府,县直各单位:现将《分解表》印发给你们。'
        '1.各单位要高度重视。2.要加强调度。\n'
        '县人民政府办公室 2024年3月1日 附件 2024年重点工作任务分解表序号重点任务牵头单位责任单位完成时限'
        '1建设智慧校园县教育局县财政局、县大数据中心2024年底前2推进农村公路提档升级县交通运输局 2024年10月底前'
        '3实施高标准农田建设县农业农村局县财政局、县自然资源局、各乡镇人民政府长期坚持'
        '4深化“放管服”改革 县政务服务中心、县司法局2024年6月底前 来源:县政府办\n')


def test_a_table_a_crawler_flattened_onto_one_line(tmp_path):
    path = tmp_path / 'flat.txt'
    path.write_text(FLAT, encoding='utf-8')
    rows = [r for r in _rows(path) if r[1]]
    assert rows == [
        ('建设智慧校园', ['县教育局'], ['县财政局', '县大数据中心'], '2024年底前', []),
        ('推进农村公路提档升级', ['县交通运输局'], [], '2024年10月底前', []),        # a blank second cell
        ('实施高标准农田建设', ['县农业农村局'], ['县财政局', '县自然资源局', '各乡镇人民政府'], '长期坚持', []),
        ('深化“放管服”改革', ['县政务服务中心'], ['县司法局'], '2024年6月底前', [])]     # a blank lead cell
    # the numbered list of the cover letter is no row of the table
    assert not [r for r in _rows(path) if not r[1] and r[0] not in ('各单位要高度重视', '要加强调度')]


def test_glued_cells_are_cut_where_two_names_meet_before_the_first_separator(tmp_path):
    text = ('附件 分解表工作任务工作要求牵头单位配合/责任单位一、加强信息公开1.增强政策透明度。 区直各有关单位,各区属事业单位'
            '2.建立反馈机制。区经济发展局区行政审批局区直各有关单位,各区属事业单位二、加强政策解读'
            '3.加大解读力度。区财政金融局区直各有关单位 来源:区政府办\n')
    path = tmp_path / 'flat.txt'
    path.write_text(text, encoding='utf-8')
    got = graphkit.extract(path)
    assert [(m.lead, m.support) for m in got if m.duties] == [
        (['区直各有关单位'], ['各区属事业单位']),
        (['区经济发展局', '区行政审批局'], ['区直各有关单位', '各区属事业单位']),
        (['区财政金融局'], ['区直各有关单位'])]
    assert [m.path for m in got if m.duties][2] == ['二、加强政策解读']


def test_a_word_table_with_a_merged_lead_cell(tmp_path):
    docx = pytest.importorskip('docx')
    d = docx.Document()
    d.add_paragraph('附件')
    t = d.add_table(rows=4, cols=5)
    for i, row in enumerate([['序号', '重点任务', '牵头单位', '配合单位', '完成时限'],
                             ['1', '建设智慧校园', '县教育局', '县财政局、县大数据中心', '2024年底前'],
                             ['2', '推进农村公路提档升级', '县交通运输局', '县财政局', '2024年10月底前'],
                             ['3', '实施高标准农田建设', '', '县自然资源局', '长期坚持']]):
        for j, value in enumerate(row):
            t.cell(i, j).text = value
    t.cell(2, 2).merge(t.cell(3, 2)).text = '县交通运输局'
    path = tmp_path / 'tasks.docx'
    d.save(path)
    assert [(r[1], r[2], r[3]) for r in _rows(path)] == [
        (['县教育局'], ['县财政局', '县大数据中心'], '2024年底前'),
        (['县交通运输局'], ['县财政局'], '2024年10月底前'),
        (['县交通运输局'], ['县自然资源局'], '长期坚持')]


def _workbook(path, dates=False):
    openpyxl = pytest.importorskip('openpyxl')
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(['序号', '重点任务', '牵头单位', '配合单位', '完成时限', '责任领导'])
    ws.append(['一、优化营商环境'])
    ws.merge_cells('A2:F2')
    ws.append([1, '深化改革', '市发改委', '市财政局、市司法局', '2024年底前', '张三'])
    ws.append([2, '推进一网通办', None, '市大数据局', '2024年6月', '张三'])
    ws.merge_cells('C3:C4')
    ws.append([3, '加强用地保障', '市自然资源局', '市住建局', datetime.date(2024, 12, 31), None])
    wb.save(path)
    return path


def test_an_excel_task_table_with_merged_ranges(tmp_path):
    path = _workbook(tmp_path / 'tasks.bin')          # the format is read from the content
    assert _rows(path) == [
        ('深化改革', ['市发改委'], ['市财政局', '市司法局'], '2024年底前', ['张三']),
        ('推进一网通办', ['市发改委'], ['市大数据局'], '2024年6月', ['张三']),
        ('加强用地保障', ['市自然资源局'], ['市住建局'], '2024年12月31日', [])]
    assert [m.path for m in graphkit.extract(path)] == [['一、优化营商环境']] * 3


def test_a_wps_spreadsheet_is_an_xlsx_inside(tmp_path):
    path = _workbook(tmp_path / 'tasks.et')
    assert len(_rows(path)) == 3


def test_a_legacy_excel_workbook():
    assert [(r[1], r[2]) for r in _rows(FIXTURES / 'tasks.xls')] == [
        (['市发改委'], ['市财政局', '市司法局']), (['市发改委'], ['市大数据局']), (['市自然资源局'], ['市住建局'])]


@pytest.mark.skipif(not shutil.which('antiword'), reason='antiword is not installed (apt install antiword)')
def test_a_legacy_word_table_through_antiword(monkeypatch):
    monkeypatch.setattr(legacy, '_tool', lambda name: shutil.which(name) if name == 'antiword' else None)
    rows = _rows(FIXTURES / 'tasks.doc')
    assert [r[0] for r in rows] == ['建设智慧校园', '推进农村公路提档升级', '实施高标准农田建设', '深化“放管服”改革']
    assert rows[0][1:4] == (['县教育局'], ['县财政局', '县大数据中心'], '2024年底前')
    # antiword writes a cell merged over two rows once: the row below reads as blank
    assert rows[2][1:3] == (['县自然资源局'], ['各乡镇人民政府'])


@pytest.mark.skipif(not (shutil.which('soffice') or shutil.which('libreoffice')),
                    reason='LibreOffice is not installed (the CI installs antiword only: LibreOffice is ~400 MB)')
def test_a_legacy_word_table_through_libreoffice():
    assert _rows(FIXTURES / 'nested-table.doc') == [
        ('建设城市智慧停车系统', ['县交通运输局'], ['县公安局', '县财政局'], '2024年12月', ['张伟']),
        ('实施老旧小区改造工程', ['县住建局'], ['县财政局', '各乡镇人民政府'], '2025年6月底前', ['刘洋', '陈静']),
        ('完善农村供水保障', ['县水利局'], ['县卫健委', '县生态环境分局'], '2024年底前', ['王芳'])]


_CELLS = st.sampled_from(['', '&nbsp;', '市教育局', '市财政局、市人社局', '张三', '2024年底前', '一、总体要求',
                          '建设智慧校园。', '<p>区政务</p><p>服务局</p>', '<table><tr><td>x</td></tr></table>',
                          '牵头单位：市发改委 配合单位：市财政局', '1', '（一）', '1200'])
_SPAN = st.sampled_from(['', ' rowspan="2"', ' colspan="2"', ' rowspan="0"', ' colspan="99"', ' rowspan="x"'])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.tuples(_CELLS, _SPAN), min_size=1, max_size=7), min_size=1, max_size=8),
       header=st.booleans())
def test_fuzzed_tables_never_raise(tmp_path, rows, header):
    head = '<tr><td>序号</td><td>重点任务</td><td>牵头单位</td><td>配合单位</td><td>完成时限</td></tr>' if header else ''
    body = ''.join('<tr>' + ''.join(f'<td{span}>{cell}</td>' for cell, span in row) + '</tr>' for row in rows)
    path = _page(tmp_path, f'<table>{head}{body}</table>', name='fuzz.html')
    doc = graphkit.extract(path)
    for m in doc:
        assert all(u.strip() for u in m.units)
        assert not set(m.units) & {'张三', '2024年底前', '1200'}


def test_a_table_flattened_one_cell_per_line_with_spanning_and_listed_cells(tmp_path):
    # the shape of a 民生实事 page copied from a county portal: a category cell spanning
    # rows (missing from the rows after its first), a unit column one unit per line,
    # "/" for an empty cell, a task that reads like a unit (…中小学校), month deadlines
    path = tmp_path / 'shishi.txt'
    path.write_text('\n\n'.join([
        '某区2024年民生实事任务分解方案', '序号', '事项分类', '事项名称', '项目内容', '牵头单位', '协同单位',
        '1', '打造教育高地', '新建一批中小学校', '实施新建中小学校5家。', '区教体局', '东孝街道', '曹宅镇', '傅村镇',
        '区发改局',
        '2', '中小学校阳光厨房建设', '对28所中小学校食堂安装验收平台。', '区教体局', '/',
        '3', '“医”心为民工程', '新建村卫生室', '新建村卫生室80家。', '区卫健局', '各乡镇(街道)',
        '4', '卫生院迁建', '实施卫生院迁建1家。', '区卫健局', '源东乡', '区发改局', '区资规分局']) + '\n',
        encoding='utf-8')
    assert [(m.title, m.lead, m.support) for m in graphkit.extract(path).measures] == [
        ('新建一批中小学校', ['区教体局'], ['东孝街道', '曹宅镇', '傅村镇', '区发改局']),
        ('中小学校阳光厨房建设', ['区教体局'], []),
        ('新建村卫生室', ['区卫健局'], ['各乡镇(街道)']),
        ('卫生院迁建', ['区卫健局'], ['源东乡', '区发改局', '区资规分局'])]


def test_a_flattened_table_with_a_progress_column_and_month_deadlines(tmp_path):
    path = tmp_path / 'jindu.txt'
    path.write_text('\n\n'.join([
        '2022年度民生实事项目进度表', '序号', '项目内容', '当前进度', '牵头单位', '备注',
        '1', '新建公办园5所。', '80%', '县教育局', '市民生实事',
        '2', '建设四好农村路55公里。', '95%', '县交通局', '县民生实事']) + '\n\n' + '\n\n'.join([
        '2016年民生实事目标任务分解表', '序号', '民生实事', '责任单位', '完成时限',
        '1', '启动建设东柳河综合治理工程。', '县水务局', '县住建局', '12月底前',
        '2', '新建2座人行天桥。', '县住建局', '9月投入使用']) + '\n', encoding='utf-8')
    assert [(m.title, m.lead, m.support, m.deadline) for m in graphkit.extract(path).measures] == [
        ('新建公办园5所', ['县教育局'], [], None),
        ('建设四好农村路55公里', ['县交通局'], [], None),
        ('启动建设东柳河综合治理工程', ['县水务局'], ['县住建局'], '12月底前'),
        ('新建2座人行天桥', ['县住建局'], [], '9月投入使用')]


def test_a_flattened_table_whose_cells_end_with_a_bar():
    # a text rendering of a 十大民生实事 table: each cell on its line closed by |, | alone
    # between rows, a 建设地点 column, units without their county prefix
    text = '\n'.join(['附件:十大民生实事项目清单 |', '||||||', '|', '序号 |', '项目名称 |', '建设地点 |', '建设时间 |',
                      '2024年建设内容 |', '年度投资金额 (万元) |', '责任单位 |', '|',
                      '1 |', '中小学基础设施提升改造项目 |', '相关镇 (街道) |', '2024 |', '对三所学校运动场地进行改造。 |',
                      '300 |', '教体局 |', '|',
                      '2 |', '老旧小区改造项目 |', '洋州街道 |', '2024 |', '实施三个老旧小区房屋功能改善。 |', '1360 |',
                      '住建局 |', '|'])
    got = [(m.title, m.lead, m.support) for m in graphkit.extract_text(text).measures]
    assert got == [('中小学基础设施提升改造项目', ['教体局'], []), ('老旧小区改造项目', ['住建局'], [])]


def test_rows_chosen_from_a_longer_table_with_its_group_rows():
    # a bureau's share of the 政府工作报告 task table: rows 3, 68, 69 only, the group rows kept
    text = '\n\n'.join(['重点工作任务分解表', '序号', '重点工作任务', '主要责任单位', '协同配合单位',
                        '一、主要预期目标', '3', '固定资产投资增长7.5%左右。', '区发改委', '区工信局、区住建局,各乡镇人民政府。',
                        '二、扩投资', '三、延链条', '六、惠民生', '68', '持续推进学前教育普及普惠。', '区教育局',
                        '区政府有关部门,各乡镇人民政府。', '69', '深化与某集团合作,引进优质教育资源。', '区教育局',
                        '区投资促进中心'])
    got = [(m.title, m.lead, m.support) for m in graphkit.extract_text(text).measures]
    assert got == [('固定资产投资增长7.5%左右', ['区发改委'], ['区工信局', '区住建局', '各乡镇人民政府']),
                   ('持续推进学前教育普及普惠', ['区教育局'], ['区政府有关部门', '各乡镇人民政府']),
                   ('深化与某集团合作,引进优质教育资源', ['区教育局'], ['区投资促进中心'])]


def test_a_bar_separated_table_whose_first_cell_spans_rows():
    # 类别 spans the rows: the rows after the first start one cell to the left
    text = ('类别 | 民生事项名称 | 年度任务目标 | 责任单位 | 分管市领导 | 完成情况 | 监督电话 |\n'
            '四、教育文化 | 14.改扩建某某学校 | 完成一期2座教学楼建设。 | 教育体育局 | 刘福利 | 完成主体结构施工。 | 电话0535-1 |\n'
            '15.推进学校塑胶运动场地建设 | 完成13处农村学校运动场地。 | 教育体育局 | 刘福利 | 完成基础施工30%。 | 电话0535-1 | |\n')
    got = [(m.lead, m.persons) for m in graphkit.extract_text(text).measures]
    assert got == [(['教育体育局'], ['刘福利']), (['教育体育局'], ['刘福利'])]


def test_a_table_whose_cells_a_rendering_separated_by_single_spaces():
    # a crawler's text of a 推进情况汇总表: one space between cells, a unit cell of several
    # lines continuing below its row, group headings between rows
    text = ('2025年目标任务上半年推进情况汇总表\n序号 目标任务 责任单位 上半年推进情况\n一、主要预期目标\n'
            '1 地区生产总值增长6%以上。 区发展改革委 同比增长2.9%。\n'
            '2 第一产业增加值增长5%。 区农业农村委\n区林业局\n区供销联社\n同比增长3.4%。\n'
            '二、重点工作\n(一)推动科技创新\n3 实施创新平台建设行动。 区科技局 全面启动\n')
    got = [(m.title, m.lead, m.support) for m in graphkit.extract_text(text).measures]
    assert got == [('地区生产总值增长6%以上', ['区发展改革委'], []),
                   ('第一产业增加值增长5%', ['区农业农村委'], ['区林业局', '区供销联社']),
                   ('实施创新平台建设行动', ['区科技局'], [])]


def test_a_table_of_targets_whose_target_column_is_the_task():
    text = '\n\n'.join(['附件1', '2022年预期目标任务分解表', '序号', '2022年预期目标', '责任单位',
                        '1', '地区生产总值增长5.5%左右', '区发展改革委', '2', '工业增加值增长7%左右', '区经济信息委'])
    got = [(m.title, m.lead) for m in graphkit.extract_text(text).measures]
    assert got == [('地区生产总值增长5.5%左右', ['区发展改革委']), ('工业增加值增长7%左右', ['区经济信息委'])]


def test_a_flattened_row_without_its_last_cell_keeps_its_task():
    # the first row has no 责任领导 cell: its task stays the task, not a person
    text = '\n\n'.join(['任务分解表', '序号', '主要工作举措', '牵头单位', '配合单位', '责任领导', '一、做大做强主导产业',
                        '1', '加快构建现代化产业体系,聚焦农产品精深加工产业。', '区农业农村局', '区发展改革局、区工业和信息化局',
                        '2', '加快在建项目的建设进度。', '某某经济区管委会', '自然资源分局、生态环境分局', '冯冬昌'])
    got = [(m.title, m.lead, m.support, m.persons) for m in graphkit.extract_text(text).measures]
    assert got == [('加快构建现代化产业体系,聚焦农产品精深加工产业', ['区农业农村局'], ['区发展改革局', '区工业和信息化局'], []),
                   ('加快在建项目的建设进度', ['某某经济区管委会'], ['自然资源分局', '生态环境分局'], ['冯冬昌'])]


def test_a_flattened_header_with_columns_of_no_known_kind_and_a_joined_role_header():
    # 责任主体与协同单位 joins two role words; 1-10月推进情况 and 是否达序 are headers of no
    # known kind inside the header run; rows chosen from a longer table
    text = '\n'.join(['2023年区政府重点民生实事项目推进情况', '序号 |', '主要任务 |', '分管 领导 |', '牵头 单位 |',
                      '责任主体与协同单位 |', '1-10月推进情况 |', '是否达序 |', '说明 |',
                      '24 |', '优化提升50条背街后巷交通组织。 |', '徐国江 |', '城管局 |', '市政局、相关街道 |',
                      '已进场施工,完成30%。 |', '是 |', '||',
                      '25 |', '新建建筑垃圾中转站8个。 |', '徐国江 |', '城管局 |', '某某经济开发区、相关街道 |',
                      '已建成3个。 |', '是 |', '|'])
    got = [(m.title, m.lead, m.support, m.persons) for m in graphkit.extract_text(text).measures]
    assert got == [('优化提升50条背街后巷交通组织', ['城管局'], ['市政局', '相关街道'], ['徐国江']),
                   ('新建建筑垃圾中转站8个', ['城管局'], ['某某经济开发区', '相关街道'], ['徐国江'])]


def test_a_row_whose_unit_cell_is_a_phrase_is_not_shifted_and_project_units_are_not_tasks():
    from graphkit.tables import column_kind
    text = ('序号\t类别\t工作任务\t责任单位\t备注\n1\t城建\t背街小巷整治\t市城管局\t\n'
            '2\t城建\t老旧小区改造\t市住建局牵头,各区政府配合\t\n')
    assert [(m.title, m.lead, m.support) for m in graphkit.extract_text(text).measures] == [
        ('背街小巷整治', ['市城管局'], []), ('老旧小区改造', ['市住建局'], ['各区政府'])]
    assert column_kind('项目建设单位') != 'task' and column_kind('项目主管部门') != 'task'
    assert column_kind('项目') == 'task' and column_kind('项目名称') == 'task'


def test_two_tables_of_a_page_with_a_line_between_them(tmp_path):
    # an attachment's title line between two tables is neither a group row of the first
    # nor is the second table's header a row of it
    path = _page(tmp_path, """<table border="1"><tr><td>序号</td><td>主要任务</td><td>分管<br>领导</td><td>牵头<br>单位</td>
<td>责任主体与协同单位</td><td>推进情况</td></tr>
<tr><td>24</td><td>优化提升背街后巷交通组织。</td><td rowspan="2">徐国江</td><td rowspan="2">城管局</td><td>市政局、相关街道</td>
<td>完成60%。</td></tr>
<tr><td>25</td><td>新增达标小区210个。</td><td>市政局、各街道</td><td>建成38个。</td></tr></table>
<p>附件2:2022年预期目标任务分解表</p>
<table><tr><td>序号</td><td>2022年预期目标</td><td>责任单位</td></tr>
<tr><td>1</td><td>地区生产总值增长5.5%左右</td><td>区发展改革委</td></tr>
<tr><td>2</td><td>工业增加值增长7%左右</td><td>区经济信息委<br>区统计局</td></tr></table>""")
    assert [(m.title, m.lead, m.support, m.persons) for m in graphkit.extract(path).measures] == [
        ('优化提升背街后巷交通组织', ['城管局'], ['市政局', '相关街道'], ['徐国江']),
        ('新增达标小区210个', ['城管局'], ['市政局', '各街道'], ['徐国江']),
        ('地区生产总值增长5.5%左右', ['区发展改革委'], [], []),
        ('工业增加值增长7%左右', ['区经济信息委'], ['区统计局'], [])]


def test_a_header_with_a_note_in_brackets_and_numbers_with_a_dot(tmp_path):
    path = _page(tmp_path, """<table border="1"><tr><td colspan="5">2024年优化营商环境重点任务清单</td></tr>
<tr><th>序号</th><th>重点任务</th><th>责任单位（列第一位的为牵头单位）</th><th>责任人</th><th>完成时限</th></tr>
<tr><td>1.</td><td>压缩企业开办时间至1个工作日。</td><td>县市场监管局、县税务局</td><td>张三</td><td>2024年6月</td></tr>
<tr><td colspan="5">二、提升政务服务</td></tr>
<tr><td>2.</td><td>推进“一网通办”。</td><td>县数据局、各乡镇人民政府</td><td>王五</td><td>持续推进</td></tr></table>""")
    got = [(m.id, m.lead, m.support, m.persons, m.deadline) for m in graphkit.extract(path).measures]
    assert got == [('表1.1', ['县市场监管局'], ['县税务局'], ['张三'], '2024年6月'),
                   ('表1.二.2', ['县数据局'], ['各乡镇人民政府'], ['王五'], '持续推进')]


def test_a_task_column_spanning_rows_is_a_category_and_the_measure_is_titled_by_its_own_cell(tmp_path):
    path = _page(tmp_path, """<table border="1"><tr><td>序号</td><td>工作任务</td><td>具体措施</td><td>责任单位</td>
<td>完成时限</td></tr>
<tr><td>1</td><td rowspan="2">优化营商环境</td><td>压缩企业开办时间。</td><td>市市场监管局（牵头）、市税务局</td><td>2024年6月底前</td></tr>
<tr><td>2</td><td>推进“证照分离”改革。</td><td>牵头单位：市政务服务局；配合单位：市司法局</td><td>2024年底前</td></tr>
<tr><td>3</td><td>强化要素保障</td><td>加大金融支持力度。</td><td>人民银行某某中心支行，市财政局</td><td>长期坚持</td></tr></table>""")
    got = [(m.title, m.lead, m.support) for m in graphkit.extract(path).measures]
    assert got == [('压缩企业开办时间', ['市市场监管局'], ['市税务局']),
                   ('推进“证照分离”改革', ['市政务服务局'], ['市司法局']),
                   ('加大金融支持力度', ['人民银行某某中心支行'], ['市财政局'])]
