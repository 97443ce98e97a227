"""Graphs and a headless browser for the network page's tests, benchmark and screenshot.

Until ``graphkit.build`` exists, the graphs here are written by hand after
docs/graph-schema.md: ``sample_graph()`` (two 普宁市 documents), ``xss_graph()``
(the same with hostile text) and ``large_graph()`` (generated, for the
benchmark). The browser is Debian's chromium driven by Playwright, with every
request that is not a ``file:`` URL aborted and counted.

Used by tests/test_render.py, bench/bench_render.py and bench/screenshot.py
(which has ``screenshot(html_path, png_path)``).
"""
from __future__ import annotations

import contextlib
import importlib.util
import itertools
import os
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

CHROMIUM = os.environ.get('GRAPHKIT_CHROMIUM', '/usr/bin/chromium')
CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync', '--no-first-run']


# ------------------------------------------------------------------ graphs

def _add_measure(G, doc, outline, title, text, deadline='', role_source='labelled', keywords=()):
    node = f'm:{doc}#{outline}'
    G.add_node(node, kind='measure', bipartite=0, doc=doc, outline=outline, title=title, text=text,
               deadline=deadline, keywords=list(keywords), role_source=role_source)
    return node


def _add_unit(G, name, variants, type_, jurisdiction):
    node = f'u:{name}'
    G.add_node(node, kind='unit', bipartite=1, name=name, variants=list(variants), type=type_,
               jurisdiction=jurisdiction, lead=0, support=0, mentions=0)
    return node


def _duty(G, measure, unit, role, name, source=None):
    if source is None:
        source = 'mention' if role == 'mention' else G.nodes[measure]['role_source']
    G.add_edge(measure, unit, role=role, role_source=source, name=name)


def _count_duties(G):
    """Fill the unit counts (lead, support, mentions) from the edges, as the builder does."""
    for u, d in G.nodes(data=True):
        if d['kind'] == 'unit':
            roles = [G[u][m]['role'] for m in G[u]]
            d['lead'], d['support'], d['mentions'] = (roles.count('lead'), roles.count('support'),
                                                      roles.count('mention'))
    return G


DOC_A = '001_e4a5ec15abd1b800.txt'
DOC_B = '000_8f9cbb4accac17dc.txt'


def sample_graph() -> nx.Graph:
    """Two 普宁市 documents, 7 measures (one without units), 8 units, one mention edge."""
    G = nx.Graph(generator='graphkit 0.1.0', documents=[
        {'name': DOC_A, 'title': '普宁市推动义务教育优质均衡发展行动方案', 'number': '普府办〔2022〕22号',
         'issuer': '普宁市人民政府办公室', 'date': '2022-08-05', 'jurisdiction': '普宁市'},
        {'name': DOC_B, 'title': '普宁市“百县千镇万村高质量发展工程”教育行动方案(2023—2027年)', 'number': '',
         'issuer': '普宁市人民政府', 'date': '2023-09-12', 'jurisdiction': '普宁市'},
    ])
    edu = _add_unit(G, '普宁市教育局', ['市教育局', '普宁市教育局'], 'government', '普宁市')
    hr = _add_unit(G, '普宁市人力资源社会保障局', ['市人社局', '市人力资源和社会保障局'], 'government', '普宁市')
    fin = _add_unit(G, '普宁市财政局', ['市财政局'], 'government', '普宁市')
    land = _add_unit(G, '普宁市自然资源局', ['市自然资源局'], 'government', '普宁市')
    build = _add_unit(G, '普宁市住房城乡建设局', ['市住房城乡建设局'], 'government', '普宁市')
    staff = _add_unit(G, '中共普宁市委机构编制委员会办公室', ['市委编办'], 'party', '普宁市')
    towns = _add_unit(G, '普宁市各镇(街道)', ['各镇(街道)'], 'lower-government', '普宁市')
    youth = _add_unit(G, '共青团普宁市委员会', ['团市委'], 'mass', '普宁市')

    m = _add_measure(G, DOC_A, '二.(一).1', '扩大学位供给',
                     '1.扩大学位供给。根据学龄人口变化趋势,新建、改扩建一批义务教育学校,'
                     '2025年底前新增公办学位1.2万个。(牵头单位:市教育局;配合单位:市财政局、市自然资源局)',
                     deadline='2025年底前', keywords=['学位', '义务教育', '新建'])
    _duty(G, m, edu, 'lead', '市教育局')
    _duty(G, m, fin, 'support', '市财政局')
    _duty(G, m, land, 'support', '市自然资源局')
    m = _add_measure(G, DOC_A, '二.(一).2', '保障义务教育学校用地',
                     '2.保障义务教育学校用地。将中小学校用地纳入国土空间规划,优先保障建设用地指标。'
                     '(市自然资源局、市住房城乡建设局、市教育局)', role_source='declared',
                     keywords=['用地', '国土空间规划'])
    _duty(G, m, land, 'lead', '市自然资源局')
    _duty(G, m, build, 'support', '市住房城乡建设局')
    _duty(G, m, edu, 'support', '市教育局')
    m = _add_measure(G, DOC_A, '二.(二).1', '补充配齐教师',
                     '1.补充配齐教师。按照国家标准核定教职工编制,及时补充紧缺学科教师。'
                     '(牵头单位:市教育局;配合单位:市委编办、市人社局、市财政局)',
                     deadline='2024年', keywords=['教师', '编制'])
    _duty(G, m, edu, 'lead', '市教育局')
    _duty(G, m, staff, 'support', '市委编办')
    _duty(G, m, hr, 'support', '市人社局')
    _duty(G, m, fin, 'support', '市财政局')
    m = _add_measure(G, DOC_A, '二.(二).2', '保障教师工资待遇',
                     '2.保障教师工资待遇。由市人力资源和社会保障局牵头,市财政局、市教育局配合,'
                     '确保义务教育教师平均工资收入水平不低于当地公务员平均工资收入水平。',
                     role_source='phrase', keywords=['工资', '教师'])
    _duty(G, m, hr, 'lead', '市人力资源和社会保障局')
    _duty(G, m, fin, 'support', '市财政局')
    _duty(G, m, edu, 'support', '市教育局')
    m = _add_measure(G, DOC_B, '三.(一)', '推进镇域教育提质',
                     '(一)推进镇域教育提质。各镇(街道)统筹辖区教育资源,办好乡镇寄宿制学校,'
                     '团市委组织志愿者开展课后服务。(各镇(街道)、市教育局)',
                     deadline='2027年', role_source='first-listed', keywords=['镇域', '寄宿制'])
    _duty(G, m, towns, 'lead', '各镇(街道)')
    _duty(G, m, edu, 'support', '市教育局')
    _duty(G, m, youth, 'mention', '团市委')
    m = _add_measure(G, DOC_B, '三.(二)', '加强教师队伍建设',
                     '(二)加强教师队伍建设。市人社局会同市教育局完善中小学教师职称评聘办法。'
                     '(市人社局、市教育局)', role_source='first-listed', keywords=['职称'])
    _duty(G, m, hr, 'lead', '市人社局')
    _duty(G, m, edu, 'support', '市教育局')
    _add_measure(G, DOC_B, '三.(三)', '营造良好教育生态',
                 '(三)营造良好教育生态。加强家校社协同育人。', role_source='')
    return _count_duties(G)


XSS_TEXT = ('落实“双减”要求 <script>window.__xss=1</script> <img src=x onerror="window.__xss=2"> '
            'quotes \' " ` end')
XSS_TITLE = '<img src=x onerror="window.__xss=3">课后服务'


def xss_graph() -> nx.Graph:
    """The sample graph plus a measure, a unit variant and a document title that are HTML/JS payloads."""
    G = sample_graph()
    G.graph['documents'][0] = dict(G.graph['documents'][0], title='方案 <script>window.__xss=4</script>')
    m = _add_measure(G, DOC_A, '二.(三).1', XSS_TITLE, XSS_TEXT, deadline='</script>"\'`',
                     keywords=['<b>'])
    _duty(G, m, 'u:普宁市教育局', 'lead', '市教育局')
    u = _add_unit(G, '普宁市<b>测试</b>局', ['</script><script>window.__xss=5</script>'], 'other', '普宁市')
    _duty(G, m, u, 'support', '</script><script>window.__xss=5</script>')
    return _count_duties(G)


_PLACES = ['普宁市', '四会市', '平阳县', '贵阳市', '云岩区', '南明区', '花溪区', '揭阳市', '肇庆市', '温州市',
           '瑞安市', '乐清市', '汕头市', '潮州市', '梅州市', '韶关市', '清远市', '江门市', '湛江市', '茂名市',
           '惠州市', '河源市', '阳江市', '云浮市', '汕尾市']
_DEPTS = [('教育局', 'government'), ('财政局', 'government'), ('人力资源社会保障局', 'government'),
          ('自然资源局', 'government'), ('住房城乡建设局', 'government'), ('卫生健康局', 'government'),
          ('发展改革局', 'government'), ('公安局', 'government'), ('民政局', 'government'),
          ('交通运输局', 'government'), ('农业农村局', 'government'), ('文化广电旅游体育局', 'government'),
          ('市场监督管理局', 'government'), ('生态环境局', 'government'), ('科学技术局', 'government'),
          ('委宣传部', 'party'), ('委组织部', 'party'), ('委编办', 'party'), ('妇联', 'mass'),
          ('团委', 'mass'), ('总工会', 'mass'), ('人民法院', 'judicial'), ('人民检察院', 'judicial'),
          ('政府办公室', 'office'), ('各镇(街道)', 'lower-government'), ('城投集团', 'enterprise'),
          ('职业技术学校', 'school'), ('高新技术产业园区管委会', 'park')]
_VERBS = ['完善', '推进', '加强', '健全', '落实', '提升', '深化', '建立', '优化', '保障']
_OBJECTS = ['义务教育学校布局', '教师队伍建设', '学前教育普惠发展', '校园安全管理', '课后服务制度',
            '职业教育产教融合', '教育经费投入机制', '特殊教育保障', '教育信息化应用', '学生体质健康监测',
            '乡村学校办学条件', '招生入学政策', '校外培训机构监管', '家校社协同育人', '民办教育规范发展']
_ABBR = {'人力资源社会保障局': '人社局', '住房城乡建设局': '住建局', '文化广电旅游体育局': '文广旅体局',
         '市场监督管理局': '市场监管局', '发展改革局': '发改局', '卫生健康局': '卫健局'}


def large_graph(n_nodes: int = 3000, n_edges: int = 10_000, seed: int = 1, n_docs: int = 20) -> nx.Graph:
    """A generated responsibility graph with exactly ``n_nodes`` nodes and ``n_edges`` edges.

    One node in six is a unit (place × department, a few hundred with the
    defaults); the rest are measures with realistic Chinese text. Every
    measure has one lead; the other edges are supports (85 %) and mentions,
    given to units with a Zipf-like preference so a few departments are hubs,
    as in real plans.
    """
    rng = random.Random(seed)
    n_units = max(2, n_nodes // 6)
    n_measures = n_nodes - n_units
    if not n_measures <= n_edges <= n_measures * n_units:
        raise ValueError('need at least one edge per measure and no more than measures × units')
    combos = list(itertools.product(_PLACES, _DEPTS))
    rng.shuffle(combos)
    if n_units > len(combos):
        raise ValueError(f'at most {len(combos)} units')
    docs = [{'name': f'{i:03d}_generated.txt', 'title': f'{_PLACES[i % len(_PLACES)]}教育发展行动方案({i + 1})',
             'number': f'府办〔2024〕{i + 1}号', 'issuer': f'{_PLACES[i % len(_PLACES)]}人民政府办公室',
             'date': '2024-01-01', 'jurisdiction': _PLACES[i % len(_PLACES)]} for i in range(n_docs)]
    G = nx.Graph(generator='graphkit 0.1.0', documents=docs)
    units, short = [], {}
    for place, (dept, type_) in combos[:n_units]:
        name = place + dept
        level = place[-1]
        variants = [level + dept, level + _ABBR[dept]] if dept in _ABBR else [level + dept]
        units.append(_add_unit(G, name, variants, type_, place))
        short[units[-1]] = variants[-1]
    cum, total = [], 0.0
    for i in range(n_units):  # Zipf-like: unit i is chosen with weight 1/(i+1)^0.9
        total += 1 / (i + 1) ** 0.9
        cum.append(total)
    measures = []
    for j in range(n_measures):
        doc = docs[j % n_docs]['name']
        obj, verb = rng.choice(_OBJECTS), rng.choice(_VERBS)
        text = (f'{j % 9 + 1}.{verb}{obj}。围绕{obj}目标,{rng.choice(_VERBS)}工作机制,'
                f'{rng.choice(_VERBS)}考核评价,确保各项任务按期完成。')
        m = _add_measure(G, doc, f'{"一二三四五六七八九"[j % 9]}.({j % 7 + 1}).{j // 63 + 1}', f'{verb}{obj}', text,
                         deadline=rng.choice(['', '2025年底前', '长期坚持', '2026年']), keywords=[obj])
        lead = units[rng.choices(range(n_units), cum_weights=cum)[0]]
        _duty(G, m, lead, 'lead', short[lead])
        measures.append(m)
    extra = n_edges - n_measures
    while extra:
        m = measures[rng.randrange(n_measures)]
        u = units[rng.choices(range(n_units), cum_weights=cum)[0]]
        if G.has_edge(m, u):
            continue
        _duty(G, m, u, 'support' if rng.random() < 0.85 else 'mention', short[u])
        extra -= 1
    for m in measures:  # the text names the responsible units, as documents do
        lead = [short[u] for u in G[m] if G[m][u]['role'] == 'lead']
        support = [short[u] for u in G[m] if G[m][u]['role'] == 'support']
        G.nodes[m]['text'] += f'(牵头单位:{"、".join(lead)};配合单位:{"、".join(support)})'
    return _count_duties(G)


# ------------------------------------------------------------------ browser

def browser_unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec('playwright') is None:
        return 'playwright is not installed (pip install playwright)'
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f'chromium not found at {CHROMIUM} (apt-get install -y chromium, or set GRAPHKIT_CHROMIUM)'
    return None


@contextlib.contextmanager
def chromium():
    """A headless Debian chromium (Playwright's own browser downloads are not used)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """What a page did besides drawing: requests that left file://, console errors, uncaught exceptions."""
    blocked: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)


def open_offline(browser, html_path, width=1280, height=800, wait_stable=True, timeout_ms=30_000,
                 init_script=None):
    """Open ``html_path`` from disk with the network cut off; return (context, page, log).

    Every request to a URL that is not ``file:`` is aborted and recorded in
    ``log.blocked``, so a test can require zero.
    """
    log = PageLog()
    context = browser.new_context(viewport={'width': width, 'height': height}, service_workers='block')

    def route(r):
        if r.request.url.startswith('file:'):
            r.continue_()
        else:
            log.blocked.append(r.request.url)
            r.abort()

    context.route('**/*', route)
    page = context.new_page()
    page.on('request', lambda req: None if req.url.startswith(('file:', 'data:', 'about:'))
            or req.url in log.blocked else log.blocked.append(req.url))
    page.on('websocket', lambda ws: log.blocked.append(ws.url))
    page.on('console', lambda msg: log.console_errors.append(msg.text) if msg.type == 'error' else None)
    page.on('pageerror', lambda exc: log.page_errors.append(str(exc)))
    if init_script:
        page.add_init_script(init_script)
    page.goto(Path(html_path).resolve().as_uri())
    if wait_stable:
        # a selector, not wait_for_function: the page's CSP forbids the eval() that one uses
        page.wait_for_selector('html[data-stable=true]', state='attached', timeout=timeout_ms)
    return context, page, log


def node_point(page, node_id):
    """Page coordinates of a node's centre (``node_id`` is the page's number of the node)."""
    return page.evaluate('id => graphkit.screenPos(id)', node_id)
