from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.metadata import document_metadata
from graphkit.outline import cn_number, parse, split_blocks


def outline(text):
    return [('.'.join(n.label for n in node.path()), node.title) for node in parse(text).walk()]


def test_cn_numbers():
    assert [cn_number(s) for s in ['一', '十', '十二', '二十', '二十三', '一百零五', '7', '③']] == \
        [1, 10, 12, 20, 23, 105, 7, 3]


def test_nesting_of_numbering_styles():
    text = ('第一章 总则\n第一节 任务\n一、主要任务\n(一)扩大供给。\n1.新建学校。建设10所。\n'
            '(1)选址。\n(2)开工。\n2.改善条件。\n(二)提高质量。\n二、保障措施\n第二章 附则')
    assert outline(text) == [
        ('第一章', '总则'), ('第一章.第一节', '任务'), ('第一章.第一节.一', '主要任务'),
        ('第一章.第一节.一.(一)', '扩大供给'), ('第一章.第一节.一.(一).1', '新建学校'),
        ('第一章.第一节.一.(一).1.(1)', '选址'), ('第一章.第一节.一.(一).1.(2)', '开工'),
        ('第一章.第一节.一.(一).2', '改善条件'), ('第一章.第一节.一.(二)', '提高质量'),
        ('第一章.第一节.二', '保障措施'), ('第二章', '附则')]


def test_full_width_markers():
    assert outline('一、总体要求\n（一）加强领导。\n1．建立机制。\n2、完善制度。') == [
        ('一', '总体要求'), ('一.(一)', '加强领导'), ('一.(一).1', '建立机制'), ('一.(一).2', '完善制度')]


def test_items_glued_on_one_line_are_split_when_numbering_continues():
    text = ('(一)推进现代化。 1.优化布局。新增学位2.022万个;建设学校。 2.提高水平。达到99.2%。'
            ' (三)推进均衡。 3.配置资源。推进拆扩建二、三期工程。 4.增强效应。完成。')
    assert outline(text) == [
        ('(一)', '推进现代化'), ('(一).1', '优化布局'), ('(一).2', '提高水平'),
        ('(三)', '推进均衡'), ('(三).3', '配置资源'), ('(三).4', '增强效应')]


def test_a_number_inside_a_sentence_is_not_an_item():
    assert outline('1.完善机制。到2025年,覆盖率达 2.5个百分点,完成 3.建设任务。') == [('1', '完善机制')]


def test_long_first_sentence_titles_cut_at_first_comma():
    nodes = outline('42.加快新时代校长队伍建设,坚持校长从名优教师中培养的导向,创新校长评聘选用引进模式。')
    assert nodes == [('42', '加快新时代校长队伍建设')]


def test_headed_paragraphs_under_a_container_heading():
    text = ('第一节 学前教育\n一、发展任务\n加快学前教育普及普惠发展,基本形成公共服务体系。\n二、实施路径\n'
            '科学规划和建设幼儿园。根据城镇化发展趋势,科学预测学位需求。\n'
            '多途径扩大普惠资源。预测到2025年在园幼儿将达到两万人。\n继续推进的内容。')
    assert outline(text) == [
        ('第一节', '学前教育'), ('第一节.一', '发展任务'), ('第一节.二', '实施路径'),
        ('第一节.二.¶1', '科学规划和建设幼儿园'), ('第一节.二.¶2', '多途径扩大普惠资源')]


def test_table_of_contents_is_skipped():
    text = '目录\n第一章 发展基础\n第二章 主要任务\n为加快推进教育现代化,制定本规划。\n第一章 发展基础\n正文。'
    assert outline(text) == [('第一章', '发展基础')]


def test_title_wrapped_over_two_lines_is_joined():
    text = '第一节 构建“公益、普惠、优质、均衡”的\n\n学前教育公共服务体系\n\n一、发展任务\n正文内容在这里。'
    assert outline(text)[0] == ('第一节', '构建“公益、普惠、优质、均衡”的学前教育公共服务体系')


def test_box_and_shi_items():
    text = '二、实施路径\n专栏1 体育美育浸润行动计划\n一是深入推进体艺活动,加快实现特色目标。\n二是实施体质健康计划。正文。'
    assert outline(text) == [('二', '实施路径'), ('二.专栏1', '体育美育浸润行动计划'),
                             ('二.专栏1.一是', '深入推进体艺活动,加快实现特色目标'),
                             ('二.专栏1.二是', '实施体质健康计划')]


def test_footer_after_the_body_belongs_to_no_heading():
    tree = parse('一、任务\n1.建设学校。正文。\n抄送:县委各部门,县法院。\n来源 市政府网')
    last = list(tree.walk())[-1]
    assert last.label == '1' and len(last.blocks) == 1


@given(st.lists(st.sampled_from(['一、', '(一)', '1.', '(1)', '第一章', '专栏1', '一是', '推进', '。', ' ',
                                 '\n', '2.', '(二)', '市教育局', '2.5%', ',']), max_size=60))
@settings(max_examples=300, deadline=None)
def test_blocks_are_ordered_and_inside_the_text(parts):
    text = ''.join(parts)
    blocks = split_blocks(text)
    for a, b in zip(blocks, blocks[1:]):
        assert a.end <= b.start
    for b in blocks:
        assert 0 <= b.start < b.end <= len(text)
    for node in parse(text).walk():
        assert node.title is not None


def test_metadata_of_samples(sample_docs):
    d = sample_docs['000_8f9cbb4accac17dc.txt']
    assert (d.number, d.issuer, d.jurisdiction, d.date) == (
        '普府办函〔2023〕81号', '普宁市人民政府办公室', '普宁市', '2023-11-18')
    assert d.title.startswith('普宁市“百县千镇万村高质量发展工程”教育行动方案')
    d = sample_docs['002_bcc968c15fa4bd2a.txt']
    assert (d.title, d.number, d.jurisdiction, d.date) == (
        '贵阳贵安教育三年攻坚行动方案', '筑府办函〔2023〕7号', '贵阳市', '2023-02-06')
    d = sample_docs['003_e7dfb5008a7212f3.txt']
    assert (d.title, d.number, d.issuer, d.jurisdiction) == (
        '平阳县教育事业发展“十四五”规划', '平政发〔2023〕36号', '平阳县人民政府', '平阳县')
    d = sample_docs['004_f9cdb5432da70a5b.txt']
    assert (d.number, d.jurisdiction, d.date) == ('四府〔2022〕4号', '四会市', '2022-06-02')


def test_metadata_cited_numbers_are_not_the_documents_own():
    m = document_metadata('关于印发方案的通知\n根据《省政府文件》(粤府〔2017〕48号)精神。\n深府办〔2024〕3号\n')
    assert m['number'] == '深府办〔2024〕3号'


def test_central_documents_have_no_place():
    head = ('国务院办公厅关于推动外贸稳规模优结构的意见\n国办发〔2023〕10号\n'
            '各省、自治区、直辖市人民政府,国务院各部委、各直属机构:\n')
    m = document_metadata(head + '一、强化贸易促进\n(一)加强企业服务。(商务部牵头)\n')
    assert m['number'] == '国办发〔2023〕10号' and m['jurisdiction'] is None
    m = document_metadata('教育部办公厅关于做好2024年工作的通知\n各省、自治区、直辖市教育厅(教委):\n')
    assert m['jurisdiction'] is None
    # level words are no place: 直辖市, 自治区
    m = document_metadata('关于做好工作的通知\n各县(市、区)人民政府,直辖市人民政府:\n宜兴市人民政府 宜兴市人民政府\n')
    assert m['jurisdiction'] == '宜兴市'


def test_bullets_are_items_inside_a_box_only():
    import graphkit
    text = ('专栏2\u3000重点工程\n◆软件园提质工程。建设二期。\n责任单位:湘潭高新区管委会、市工信局\n'
            '◆创新平台工程。建设实验室。\n责任单位:市科技局、湘潭大学')
    got = [(m.id, m.title, m.lead) for m in graphkit.extract_text(text).measures]
    assert got == [('专栏2.·1', '软件园提质工程', ['湘潭高新区管委会']), ('专栏2.·2', '创新平台工程', ['市科技局'])]
    text = '1.推进改革。要做到:\n◆简化流程;\n◆压缩时间。(牵头单位:市发改委)'
    assert [(m.id, m.lead) for m in graphkit.extract_text(text).measures] == [('1', ['市发改委'])]
