"""Attribution read by its shape, the list grammar of real documents, standing
declarations and several clauses in one paragraph (small hand-made strings, each
the shape of a real document's)."""
import json

import pytest
from click.testing import CliRunner

import graphkit
from graphkit.cli import cli
from graphkit.duties import parse_clause, standing_declarations
from graphkit.units import looks_like_unit, split_units, unit_type


def _roles(text):
    return [(m.id, m.lead, m.support) for m in graphkit.extract_text(text).measures]


def _clause(body):
    c = parse_clause(body)
    return None if c is None else ([d.unit for d in c.duties if d.role == 'lead'],
                                   [d.unit for d in c.duties if d.role == 'support'])


@pytest.mark.parametrize('body, expected', [
    # a list closed by a role word is a clause whatever its names: central bodies by
    # their short names, and a name of a kind graphkit does not know
    ('人民银行、银保监会、证监会负责', (['人民银行'], ['银保监会', '证监会'])),
    ('市发展改革委、某某湾区合作联席会议按职责分工负责', (['市发展改革委'], ['某某湾区合作联席会议'])),
    ('市卫生健康委、某某区域协作执行理事会按职责分工负责', (['市卫生健康委'], ['某某区域协作执行理事会'])),
    # 等和 ends one part of a list
    ('扶贫办、中央统战部、全国总工会等和各省级人民政府负责',
     (['扶贫办'], ['中央统战部', '全国总工会', '各省级人民政府'])),
    ('商务部、发展改革委等和各有关省级人民政府负责', (['商务部'], ['发展改革委', '各有关省级人民政府'])),
    # A会同B: A leads, the rest join in
    ('国家发展改革委会同有关部门负责', (['国家发展改革委'], ['有关部门'])),
    ('国家发展改革委、财政部会同有关部门负责', (['国家发展改革委'], ['财政部', '有关部门'])),
    ('教育部会同人力资源社会保障部负责', (['教育部'], ['人力资源社会保障部'])),
    # X等有关部门(和单位): X and the collective; X等部门, X等: X only
    ('人力资源社会保障部等有关部门和单位负责', (['人力资源社会保障部'], ['有关部门和单位'])),
    ('海关总署、商务部等有关部门负责', (['海关总署'], ['商务部', '有关部门'])),
    ('市商务局、市财政局等部门负责', (['市商务局'], ['市财政局'])),
    ('市商务局、市财政局等按职责分工负责', (['市商务局'], ['市财政局'])),
    # a level prefix shared over a run: the names as written
    ('各地级以上市人民政府,省公安厅、发展改革委、教育厅按职责分工负责',
     (['各地级以上市人民政府'], ['省公安厅', '发展改革委', '教育厅'])),
    # collectives of levels joined by 、 are one unit
    ('省发展改革委、省商务厅等按职责分工负责,各市、县人民政府负责落实',
     (['省发展改革委'], ['省商务厅', '各市、县人民政府'])),
    ('市财政局,各市、县(市、区)人民政府按职责分工负责', (['市财政局'], ['各市、县(市、区)人民政府'])),
    # …and so are bare levels with no suffix (the governments of those levels), 有关 or not
    ('牵头单位:市委组织部,配合单位:市人力资源社会保障局,各区、县级市', (['市委组织部'], ['市人力资源社会保障局', '各区、县级市'])),
    ('牵头单位:市科技和信息化局,配合单位:各有关区、县级市', (['市科技和信息化局'], ['各有关区、县级市'])),
    ('牵头单位:市财政局,配合单位:各区、市直有关部门', (['市财政局'], ['各区', '市直有关部门'])),
    # a department every government of a level run has: one collective; not up the levels
    ('责任单位:市住房城乡建设局,各县区、园区燃气管理部门、各燃气企业',
     (['市住房城乡建设局'], ['各县区、园区燃气管理部门', '各燃气企业'])),
    ('牵头单位:市教育局;配合单位:各区、县教育局', (['市教育局'], ['各区、县教育局'])),
    ('牵头单位:市农业农村局;配合单位:各区、市财政局', (['市农业农村局'], ['各区', '市财政局'])),
    # the local ones are a collective: 属地乡镇, 属地政府
    ('责任单位:某某水业环保公司、属地乡镇', (['某某水业环保公司'], ['属地乡镇'])),
    ('牵头单位:县应急管理局;配合单位:属地政府、属地管理部门', (['县应急管理局'], ['属地政府', '属地管理部门'])),
    # the units of a role are a collective: 各项目牵头单位, 各配合单位
    ('牵头单位:市委组织部,配合单位:各项目牵头单位,各区、县级市', (['市委组织部'], ['各项目牵头单位', '各区、县级市'])),
    ('责任单位:市发展改革委、各配合单位', (['市发展改革委'], ['各配合单位'])),
    # two full names joined by 和 are two units
    ('市卫生健康委、市计划生育协会和市托育联席会议其他成员单位按职责分工负责',
     (['市卫生健康委'], ['市计划生育协会', '市托育联席会议其他成员单位'])),
    # several labelled leads
    ('牵头责任单位:区财政局、区税务局;责任单位:区发改局、各镇(街道)等部门',
     (['区财政局', '区税务局'], ['区发改局', '各镇(街道)'])),
    ('牵头单位:市商务局、市公安局', (['市商务局', '市公安局'], [])),
    # a second field named beside the label
    ('责任单位及承办科室:市自然资源局,储备中心', (['市自然资源局'], ['储备中心'])),
])
def test_attribution_clauses(body, expected):
    assert _clause(body) == expected


@pytest.mark.parametrize('body', [
    '所需资金由财政负责',          # cut out of a sentence: no unit list
    '2023—2027年',
    '以下简称“三同时”',
    '受理、审核、发证负责',          # words of running text, not names
])
def test_not_attribution_clauses(body):
    assert _clause(body) is None


def test_a_duties_section_of_units_and_a_colon():
    # 职责分工: each line names its units, a colon, then what they do
    text = ('一、主要措施\n（一）保障供给。加大房源供给。（责任单位：县住建局）\n二、职责分工\n'
            '发改部门：负责房源项目立项审批备案。\n'
            '教育、卫生、医保、人社部门：负责保障进城购房农民相关公共服务。\n'
            '人民银行某某中心支行、某某银保监分局：负责监督执行金融支持政策。\n'
            '乡镇人民政府：配合做好宅基地退出建档。\n'
            '三、工作要求\n联系人：张三，电话：1234567。\n主要职责：负责统筹协调。\n')
    got = [(m.lead, m.support) for m in graphkit.extract_text(text).measures if m.lead or m.support]
    assert got == [(['县住建局'], []), (['发改部门'], []), (['教育部门'], ['卫生部门', '医保部门', '人社部门']),
                   (['人民银行某某中心支行'], ['某某银保监分局']), ([], ['乡镇人民政府'])]


def test_the_jointly_word_does_not_open_a_name():
    # 商 joins two units (A商B) but not inside 商务部 / 省商务厅
    assert _clause('财政部、商务部、发展改革委负责') == (['财政部'], ['商务部', '发展改革委'])
    assert _clause('省财政厅、省商务厅按职责分工负责') == (['省财政厅'], ['省商务厅'])


def test_central_bodies_are_unit_names_for_extraction_and_resolution():
    for name in ('证监会', '银保监会', '国管局', '共青团中央', '全国工商联', '中央和国家机关工委', '国铁集团'):
        assert looks_like_unit(name), name
        assert unit_type(name) != 'unknown', name
    assert graphkit.resolution.canonical('证监会') == '中国证券监督管理委员会'
    assert graphkit.resolution.successor(graphkit.resolution.canonical('工商总局')) == '国家市场监督管理总局'
    assert graphkit.resolution.successor('教育部') is None


def test_departments_sharing_a_district_prefix_do_not_split_a_word():
    assert split_units('市市场监管局、市消防救援局,各区市场监管部门、消防救援部门') == \
        ['市市场监管局', '市消防救援局', '各区市场监管部门', '各区消防救援部门']


STANDING = ('一、加强保障\n'
            '(一)建立补贴制度。建立并实施生育补贴制度。(市卫生健康委、市财政局、各区政府按职责分工负责。'
            '以下均需各区政府、某某经济技术开发区管委会负责,不再列出)\n'
            '(二)增强保险功能。扩大参保范围。(市医保局、市财政局按职责分工负责)\n'
            '二、优化服务\n'
            '(三)完善托育服务。发展普惠托育。(市卫生健康委负责)\n')


def test_a_standing_declaration_supports_every_later_measure():
    doc = graphkit.extract_text(STANDING)
    first, second, third = doc.measures
    # in the declaring item its units are ordinary members of the list (rule 5 of the real gold)
    assert (first.lead, first.support) == (['市卫生健康委'], ['市财政局', '各区政府', '某某经济技术开发区管委会'])
    assert (second.lead, second.support) == (['市医保局'], ['市财政局', '各区政府', '某某经济技术开发区管委会'])
    assert third.support == ['各区政府', '某某经济技术开发区管委会']
    assert [d.source for d in third.duties] == ['phrase', 'declared', 'declared']


@pytest.mark.parametrize('text', [
    '(以下均需各市、县人民政府落实,不再一一列出)',
    '各项任务均需各乡镇人民政府负责落实,不再逐一列出。',
    '以下各项任务由各区政府负责,不再列出',
])
def test_standing_declarations_are_found(text):
    assert [d.units for d in standing_declarations(text)] and \
        all(looks_like_unit(u) for d in standing_declarations(text) for u in d.units)


def test_several_attributed_sentence_groups_in_one_paragraph():
    text = ('三、培育市场\n(十)鼓励创新创业。大力推进商事制度改革,营造准入环境。(市场监管总局负责)'
            '加强创新创业教育服务,帮助企业、高校等有效对接。创新人才培养机制。(体育总局、教育部负责)'
            '重视新型转播技术的应用。(体育总局、网信办负责)\n')
    assert _roles(text) == [('三.(十)', ['市场监管总局'], []), ('三.(十)/2', ['体育总局'], ['教育部']),
                            ('三.(十)/3', ['体育总局'], ['网信办'])]
    titles = [m.title for m in graphkit.extract_text(text)]
    assert titles[1].startswith('加强创新创业教育服务')


def test_a_closing_paragraph_with_two_attributed_sentences():
    text = ('一、优化审批\n优化审批程序。\n责任单位:市住房城乡建设局\n'
            '市住房城乡建设局牵头负责本意见综合协调、组织实施等工作。各责任单位负责制定具体实施办法及政策解读。\n')
    got = _roles(text)
    assert got[1:] == [('一+1', ['市住房城乡建设局'], []), ('一+1/2', ['各责任单位'], [])]


def test_clauses_in_one_sentence_stay_one_measure():
    # each unit leads the part it does
    assert _roles('1.加强资金保障。统筹安排资金,市财政局负责资金统筹,市金融办负责信贷对接。') == \
        [('1', ['市财政局', '市金融办'], [])]
    assert _roles('1.加强保障。统筹资金。(牵头单位:市财政局)(责任单位:市金融办)') == \
        [('1', ['市财政局'], ['市金融办'])]


def test_an_item_that_is_only_the_units_field_belongs_to_its_heading():
    text = ('一、优化土地出让方式\n(一)适用范围:热点区域的重点地块。\n(二)办理流程:编制出让方案。\n'
            '(三)办理时限:5个工作日。\n(四)责任单位及承办科室:市自然资源局,储备中心。\n'
            '二、推动项目交付\n在建项目可适当顺延交房期限。\n责任单位:市住房城乡建设局、市房管中心。\n')
    assert _roles(text) == [('一', ['市自然资源局'], ['储备中心']),
                            ('二', ['市住房城乡建设局'], ['市房管中心'])]


def test_names_kept_by_position_are_reported_and_typed_unknown(tmp_path):
    text = '1.扩大开放。推动合作。(省商务厅、某某湾区合作协调小组推进办按职责分工负责)'
    doc = graphkit.extract_text(text, name='plan.txt')
    assert doc.measures[0].support == ['某某湾区合作协调小组推进办']
    assert not [d for d in doc.diagnostics if d.code == 'unknown-units']    # …办: a known kind
    text = '1.扩大开放。推动合作。(省商务厅、横琴粤澳深度合作区执委会、某某湾区合作协调理事按职责分工负责)'
    doc = graphkit.extract_text(text, name='plan.txt')
    notes = [str(d) for d in doc.diagnostics if d.code == 'unknown-units']
    assert notes and '某某湾区合作协调理事' in notes[0] and notes[0].startswith('unknown-units: 1 name kept')
    path = tmp_path / 'plan.txt'
    path.write_text(text, encoding='utf-8')
    result = CliRunner().invoke(cli, ['build', str(path), '-o', str(tmp_path / 'out'), '--no-html'])
    assert result.exit_code == 0, result.output
    assert '某某湾区合作协调理事' in (tmp_path / 'out' / 'report.md').read_text(encoding='utf-8')
    result = CliRunner().invoke(cli, ['units', str(path), '--json'])
    units = {u['name']: u['type'] for u in json.loads(result.output)}
    assert 'unknown' in units.values(), units


def test_a_page_that_hides_its_body_until_a_script_runs(tmp_path):
    page = ('<html><head><style>body{display:none}</style></head><body style="display:none">'
            '<div class="article-content"><p>一、支持企业稳产。分档给予奖励。(责任单位:市工业和信息化局、市市场监管局)</p>'
            '<p style="display:none">隐藏的分享按钮</p></div></body></html>')
    path = tmp_path / 'page.html'
    path.write_text(page, encoding='utf-8')
    doc = graphkit.extract(path)
    assert [(m.lead, m.support) for m in doc] == [(['市工业和信息化局'], ['市市场监管局'])]
    assert '隐藏' not in doc.text


def test_items_that_are_only_fields_are_the_fields_of_their_heading():
    # a 十件实事 decomposition: each 实事 with (一)责任领导 (二)责任单位 (三)协办单位 … sub-items
    text = ('某市2008年十件实事责任分解方案\n'
            '一、实施农村学校改水改厕工程,对200所中小学实施改水、改厕\n(一)责任领导:高勤\n(二)责任单位:市教育局\n'
            '(三)协办单位:市财政局、农业局,各县市区人民政府\n(四)项目内容:计划安排200所。\n(五)完成时限:2008年内\n'
            '二、建设通村水泥路1500公里\n(一)责任领导:梁吉祥\n(二)责任单位:市交通局\n(三)协办单位:各县市区人民政府\n'
            '(四)项目内容及任务分解:\n1、新建通村水泥路1500公里。\n2、将7500公里通村水泥路纳入养护范围。\n(五)完成时限:2008年内\n')
    got = [(m.title, m.lead, m.support, m.deadline, m.persons) for m in graphkit.extract_text(text).measures]
    assert got == [('实施农村学校改水改厕工程,对200所中小学实施改水、改厕', ['市教育局'],
                    ['市财政局', '市农业局', '各县市区人民政府'], '2008年内', ['高勤']),
                   ('建设通村水泥路1500公里', ['市交通局'], ['各县市区人民政府'], '2008年内', ['梁吉祥'])]


def test_labelled_lines_with_a_leader_and_cooperating_units():
    # 1﹒ (a small full stop) items, then 牵头负责领导 / 牵头责任单位 / 协同责任单位 lines
    text = ('一、确保完成全年主要预期目标\n1﹒全省生产总值增长7%以上。\n牵头负责领导:刘惠。\n牵头责任单位:省发展改革委。\n'
            '协同责任单位:省政府各部门、各直属机构。\n2﹒社会消费品零售总额增长9%左右。\n牵头负责领导:周喜安。\n'
            '牵头责任单位:省商务厅。\n协同责任单位:省发展改革委、省财政厅等。\n')
    got = [(m.id, m.lead, m.support, m.persons) for m in graphkit.extract_text(text).measures]
    assert got == [('一.1', ['省发展改革委'], ['省政府各部门', '各直属机构'], ['刘惠']),
                   ('一.2', ['省商务厅'], ['省发展改革委', '省财政厅'], ['周喜安'])]


def test_a_standing_declaration_worded_for_policy_measures():
    text = ('一、落实财税支持政策\n1.积极争取省级专项资金。(责任单位:市工信局、市财政局等有关部门,各县区人民政府、园区管委会。'
            '以下政策措施均需各县区人民政府、园区管委会落实,不再单独列出)\n2.成立工作专班。(责任单位:市工信局、市财政局)\n')
    got = [(m.lead, m.support) for m in graphkit.extract_text(text).measures]
    assert got == [(['市工信局'], ['市财政局', '有关部门', '各县区人民政府', '园区管委会']),
                   (['市工信局'], ['市财政局', '各县区人民政府', '园区管委会'])]


def test_a_heading_whose_title_opens_with_a_year():
    text = ('一、2025年主要预期目标\n1.地区生产总值增长6%。(牵头单位:县发展和改革局)\n'
            '2.城乡居民人均可支配收入分别增长6%、6.5%。(牵头单位:县发展和改革局)\n'
            '二、聚力强产业\n3.修编经济开发区整体规划。(牵头单位:县政府园区发展服务中心;责任单位:新材料产业园等)\n')
    got = [(m.id, m.lead, m.support) for m in graphkit.extract_text(text).measures]
    assert got == [('一.1', ['县发展和改革局'], []), ('一.2', ['县发展和改革局'], []),
                   ('二.3', ['县政府园区发展服务中心'], ['新材料产业园'])]


def test_a_declaration_that_the_tasks_involve_units_not_divided_again():
    # 〔责任单位:…按职责分工负责。具体任务均涉及相关市(州)人民政府,不再做分工,下同。〕
    text = ('一、健全流通体系\n(一)加强市场体系建设。推进高标准市场体系建设。〔责任单位:省发展改革委、省市场监管局按职责分工负责。'
            '具体任务均涉及相关市(州)人民政府,不再做分工,下同。〕\n(二)完善流通网络。建设物流枢纽。〔责任单位:商务厅、交通运输厅按职责分工负责〕\n')
    got = [(m.lead, m.support) for m in graphkit.extract_text(text).measures]
    assert got == [(['省发展改革委'], ['省市场监管局', '相关市(州)人民政府']),
                   (['商务厅'], ['交通运输厅', '相关市(州)人民政府'])]


def test_the_first_responsible_unit_declared_the_lead():
    text = ('一、优化环境\n(一)压缩开办时间。全面推行一网通办。\n责任单位:市发改委、市财政局(第一责任单位为牵头单位,下同)\n'
            '(二)降低用电成本。落实电价政策。\n责任单位:市工信局、国网某某供电公司\n')
    got = [(m.lead, m.support, m.role_source) for m in graphkit.extract_text(text).measures]
    assert got == [(['市发改委'], ['市财政局'], 'declared'), (['市工信局'], ['国网某某供电公司'], 'declared')]


def test_what_the_new_rules_must_leave_alone():
    # a colon after the first unit does not hide the units that follow it
    got = [(m.lead, m.support) for m in graphkit.extract_text(
        '五、职责分工\n市发改委:牵头负责统筹协调,市财政局负责资金保障,市自然资源局负责用地保障。\n').measures]
    assert got == [(['市发改委'], ['市财政局', '市自然资源局'])]
    # a declaration looking back (以上…) is not one for the measures after it
    text = ('一、重点任务\n1.加强监管。\n2.完善制度。\n以上任务均由市发改委负责,不再分工。\n'
            '二、保障措施\n3.强化考核。(市委组织部负责)\n')
    assert [m.support for m in graphkit.extract_text(text).measures if m.lead == ['市委组织部']] == [[]]
    # items that open with a label and go on with their own task are measures of their own
    text = ('三、重点项目\n(一)牵头单位:市发改委。主要任务:推进重大项目建设。\n'
            '(二)牵头单位:市财政局。主要任务:加强资金保障。\n')
    assert [(m.id, m.lead) for m in graphkit.extract_text(text).measures] == [
        ('三.(一)', ['市发改委']), ('三.(二)', ['市财政局'])]
    # people are not fields of a department
    assert split_units('张三、李四、相关部门') == ['张三', '李四', '相关部门']
