"""The interactive network page (graphkit.render, issue 5).

The first half checks the HTML as text; the second drives Debian's chromium
headless through Playwright with every non-file request aborted. Browser tests
skip with the reason when chromium or Playwright is missing, and fail instead
when CI=true.

Most graphs come from tests/render_support.py (hand-made after
docs/graph-schema.md, with a measure of every kind); the acceptance tests use
the graph `graphkit build` makes of the bundled data/.
"""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import networkx as nx
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from render_support import (XSS_TEXT, XSS_TITLE, browser_unavailable, chromium, large_graph,  # noqa: E402
                            node_point, open_offline, sample_graph, xss_graph)

from graphkit import layout, render  # noqa: E402


def embedded(html: str) -> dict:
    """The JSON the page reads, parsed back from the HTML."""
    m = re.search(r'<script type="application/json" id="graphkit-data">(.*?)</script>', html, re.S)
    assert m, 'no data block'
    return json.loads(m.group(1))


@pytest.fixture(scope='module')
def sample():
    return sample_graph()


@pytest.fixture(scope='module')
def sample_html(sample):
    return render.build_html(sample)


# ------------------------------------------------------------- the HTML as text

def test_units_projection_links_units_sharing_responsibility(sample):
    P = render.units_projection(sample)
    assert set(P) == {n for n, d in sample.nodes(data=True) if d['kind'] == 'unit'}
    edu, fin, hr = 'u:普宁市教育局', 'u:普宁市财政局', 'u:普宁市人力资源社会保障局'
    assert P[edu][fin]['weight'] == 3  # 扩大学位供给, 补充配齐教师, 保障教师工资待遇
    assert P[edu][fin]['weight'] == len(P[edu][fin]['measures'])
    assert P[hr][edu]['weight'] == 3
    # a mention is not a responsibility: 团市委 is only mentioned
    assert P.degree('u:共青团普宁市委员会') == 0
    assert P.nodes[hr]['variants'] == ['市人社局', '市人力资源和社会保障局']


def test_projection_weight_counts_shared_measures(sample):
    P = render.units_projection(sample)
    for a, b, w in P.edges(data='weight'):
        shared = [m for m in sample[a] if m in sample[b]
                  and sample[a][m]['role'] != 'mention' and sample[b][m]['role'] != 'mention']
        assert w == len(shared)


def test_page_requests_no_external_url(sample_html):
    assert not re.search(r'''(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//''', sample_html, re.I)
    markup = re.sub(r'(<(script|style)\b[^>]*>).*?(</\2>)', r'\1\3', sample_html, flags=re.S)
    assert not re.search(r'''\b(?:src|href)\s*=''', markup, re.I), 'the markup should load nothing by URL'
    assert not re.search(r'url\(\s*["\']?(?:https?:)?//', sample_html, re.I)
    assert '@import' not in sample_html
    assert 'sourceMappingURL' not in sample_html
    assert "default-src 'none'" in sample_html  # CSP: the browser itself refuses any request


def test_everything_is_inline(sample_html):
    assert sample_html.count('<script') == 3  # data, vis-network, the page
    assert sample_html.count('</script>') == 3
    assert '<link' not in sample_html


def test_embedded_counts_match_graph(sample, sample_html):
    data = embedded(sample_html)
    units = [n for n, d in sample.nodes(data=True) if d['kind'] == 'unit']
    assert len(data['units']) + len(data['measures']) == sample.number_of_nodes()
    assert len(data['units']) == len(units)
    assert len(data['edges']) == sample.number_of_edges()
    assert len(data['coEdges']) == render.units_projection(sample).number_of_edges()
    roles = [data['roles'][e[2]] for e in data['edges']]
    assert roles.count('mention') == 1
    assert roles.count('lead') == sum(1 for *_, r in sample.edges(data='role') if r == 'lead')


def test_edges_name_the_written_form_once(sample, sample_html):
    data = embedded(sample_html)
    hr = next(i for i, u in enumerate(data['units']) if u['name'] == '普宁市人力资源社会保障局')
    names = ['普宁市人力资源社会保障局'] + data['units'][hr]['variants']
    written = sorted(names[e[4]] for e in data['edges'] if e[1] == hr)
    assert written == ['市人力资源和社会保障局', '市人社局', '市人社局']


def test_measure_text_is_stored_once(sample, sample_html):
    text = sample.nodes['m:001_e4a5ec15abd1b800.txt#二.(一).1']['text']
    assert sample_html.count(text) == 1


def test_document_text_is_escaped():
    html = render.build_html(xss_graph())
    for raw in ('<script>window.__xss', '<img src=x', '</script><script>', '<b>测试</b>'):
        assert raw not in html
    data = embedded(html)
    m = next(m for m in data['measures'] if m['title'] == XSS_TITLE)
    assert m['text'] == XSS_TEXT  # JSON.parse gives the text back exactly
    assert '\\u003cscript\\u003ewindow.__xss=1\\u003c/script\\u003e' in html
    block = re.search(r'id="graphkit-data">(.*?)</script>', html, re.S).group(1)
    assert not re.search('[<>&\u2028\u2029]', block)


def test_script_json_escapes_line_separators_and_surrogates():
    out = render.script_json({'t': 'a\u2028b\u2029c\ud800'})
    assert out == '{"t":"a\\u2028b\\u2029c\\ud800"}'
    assert json.loads(out) == {'t': 'a\u2028b\u2029c\ud800'}


def test_title_is_escaped():
    html = render.build_html(sample_graph(), title='<i>"网络"</i> & 图')
    assert '<title>&lt;i&gt;&#34;网络&#34;&lt;/i&gt; &amp; 图</title>' in html
    assert embedded(html)['title'] == '<i>"网络"</i> & 图'


def _shuffled_copy(G, seed):
    import random
    rng = random.Random(seed)
    nodes, edges = list(G.nodes(data=True)), list(G.edges(data=True))
    rng.shuffle(nodes)
    rng.shuffle(edges)
    H = nx.Graph(**G.graph)
    H.add_nodes_from(nodes)
    H.add_edges_from((b, a, d) if rng.random() < .5 else (a, b, d) for a, b, d in edges)
    return H


@pytest.mark.parametrize('layout', ['physics', 'static'])
def test_same_graph_gives_identical_bytes(tmp_path, layout):
    G = sample_graph()
    a = render.render_html(G, tmp_path / 'a.html', layout=layout)
    b = render.render_html(_shuffled_copy(G, 3), tmp_path / 'b.html', layout=layout)
    assert a.read_bytes() == b.read_bytes()


def test_layout_auto_chooses_by_size(sample):
    assert layout.choose_layout(sample) == 'physics'
    big = large_graph(n_nodes=layout.PHYSICS_MAX_NODES + 60, n_edges=2000)
    assert layout.choose_layout(big) == 'static'
    assert layout.choose_layout(big, 'physics') == 'physics'
    assert layout.choose_layout(sample, 'static') == 'static'
    with pytest.raises(ValueError, match='layout'):
        layout.choose_layout(sample, 'spring')


def test_static_layout_places_every_node(sample):
    data = render.page_data(sample, layout='static')
    assert data['layout'] == 'static'
    pos = data['positions']
    assert len(pos) == sample.number_of_nodes()
    assert len({tuple(p) for p in pos}) == len(pos)  # no two nodes on the same spot
    physics = render.page_data(sample, layout='physics')
    assert physics['positions'] is None
    assert 100 <= physics['iterations'] <= 400


def test_static_layout_puts_measures_near_their_lead():
    G = large_graph(n_nodes=600, n_edges=1800)
    pos = layout.static_positions(G)
    xs = [p[0] for p in pos.values()]
    span = max(xs) - min(xs)
    for m in [n for n, d in G.nodes(data=True) if d['kind'] == 'measure'][:50]:
        lead = next(u for u in G[m] if G[m][u]['role'] == 'lead')
        assert abs(pos[m][0] - pos[lead][0]) < span / 2


def test_size_by(sample):
    default = render.unit_sizes(sample)
    assert default['u:普宁市教育局'] == 6  # leads 2, supports 4
    assert default['u:共青团普宁市委员会'] == 0
    assert render.unit_sizes(sample, 'mentions')['u:共青团普宁市委员会'] == 1
    for c in ('weighted_degree', 'pagerank', 'betweenness', 'eigenvector', 'partners'):
        values = render.unit_sizes(sample, c)
        assert set(values) == {n for n, d in sample.nodes(data=True) if d['kind'] == 'unit'}
        assert max(values, key=values.get) == 'u:普宁市教育局', c
    with pytest.raises(ValueError, match='size_by'):
        render.unit_sizes(sample, 'name')
    assert embedded(render.build_html(sample, size_by='betweenness'))['sizeBy'] == 'betweenness'


def test_rejects_bad_arguments(sample):
    with pytest.raises(ValueError, match='view'):
        render.page_data(sample, view='measures')
    G = sample.copy()
    G.add_node('x', kind='document')
    with pytest.raises(ValueError, match='kind'):
        render.page_data(G)


def test_list_attributes_written_as_json_strings(sample):
    G = sample.copy()
    G.nodes['u:普宁市人力资源社会保障局']['variants'] = json.dumps(['市人社局', '市人力资源和社会保障局'],
                                                           ensure_ascii=False)
    G.graph['documents'] = json.dumps(G.graph['documents'], ensure_ascii=False)
    data = render.page_data(G)
    hr = next(u for u in data['units'] if u['name'] == '普宁市人力资源社会保障局')
    assert hr['variants'] == ['市人社局', '市人力资源和社会保障局']
    assert [d['name'] for d in data['docs']] == ['000_8f9cbb4accac17dc.txt', '001_e4a5ec15abd1b800.txt']


def test_render_html_writes_one_file(tmp_path, sample):
    out = render.render_html(sample, tmp_path / 'graph.html', view='units')
    assert out == tmp_path / 'graph.html'
    assert list(tmp_path.iterdir()) == [out]
    assert embedded(out.read_text(encoding='utf-8'))['view'] == 'units'


# ------------------------------------------------------------------ in chromium

@pytest.fixture(scope='module')
def browser():
    reason = browser_unavailable()
    if reason:
        if os.environ.get('CI') == 'true':
            pytest.fail(f'browser tests must run in CI: {reason}')
        pytest.skip(reason)
    with chromium() as b:
        yield b


@pytest.fixture
def open_page(browser, tmp_path):
    """Render a graph and open it offline; afterwards, require no request, console error or exception."""
    opened = []

    def _open(G, name='graph.html', **kwargs):
        path = render.render_html(G, tmp_path / name, **kwargs)
        context, page, log = open_offline(browser, path)
        opened.append((context, log))
        return page, log

    yield _open
    for context, log in opened:
        context.close()
        assert log.blocked == [], f'requests left the machine: {log.blocked}'
        assert log.console_errors == [], log.console_errors
        assert log.page_errors == [], log.page_errors


COUNTS = '''() => ({
    nodes: graphkit.nodes.length,
    edges: graphkit.edges.get({filter: e => e.id < graphkit.data.edges.length}).length,
    coEdges: graphkit.edges.get({filter: e => e.id >= graphkit.data.edges.length}).length,
    shownNodes: graphkit.nodeView.length,
    shownEdges: graphkit.edgeView.length,
})'''
DIMMED = 'graphkit.nodes.get().filter(n => n.color.background === "#f8f9fa").map(n => graphkit.graphId(n.id))'


def hover(page, node_id):
    x, y = node_point(page, node_id)
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)
    return x, y


def test_page_loads_offline_with_the_graph(open_page, sample):
    page, log = open_page(sample)
    c = page.evaluate(COUNTS)
    assert c['nodes'] == sample.number_of_nodes()
    assert c['edges'] == sample.number_of_edges()
    assert c['coEdges'] == render.units_projection(sample).number_of_edges()
    assert (c['shownNodes'], c['shownEdges']) == (sample.number_of_nodes(), sample.number_of_edges())
    # physics ran a bounded number of iterations, then froze
    assert page.evaluate('graphkit.network.physics.options.enabled') is False
    assert page.title() == '责任网络 · 2 份文件'


def test_search_finds_a_unit_by_variant(open_page, sample):
    page, _ = open_page(sample)
    page.fill('#search', '市人社局')
    assert '普宁市人力资源社会保障局' in page.inner_text('#search-results')
    page.press('#search', 'Enter')
    selected = page.evaluate('graphkit.network.getSelectedNodes().map(graphkit.graphId)')
    assert selected == ['u:普宁市人力资源社会保障局']
    assert '人力资源社会保障局' in page.inner_text('#details-body')
    # focused: the view centres on the unit; its neighbours stay lit, the rest is dimmed
    page.wait_for_timeout(600)
    off_centre = page.evaluate('''() => { const n = graphkit.network, id = n.getSelectedNodes()[0];
        const p = n.getPosition(id), v = n.getViewPosition(); return Math.hypot(p.x - v.x, p.y - v.y); }''')
    assert off_centre < 5
    assert set(page.evaluate(DIMMED)) == set(sample) - {'u:普宁市人力资源社会保障局',
                                                        *sample['u:普宁市人力资源社会保障局']}


@pytest.mark.parametrize('query', ['人社', '普宁市人社局', '人力资源和社会保障'])
def test_search_matches_substrings_of_names_and_variants(open_page, sample, query):
    page, _ = open_page(sample)
    hits = page.evaluate('q => graphkit.findUnits(q).map(h => graphkit.data.units[h.unit].name)', query)
    assert hits[0] == '普宁市人力资源社会保障局'


def test_xss_payload_shows_as_text(open_page):
    page, _ = open_page(xss_graph())
    xss = page.evaluate('graphkit.data.units.length + '
                        'graphkit.data.measures.findIndex(m => m.text.includes("__xss=1"))')
    x, y = hover(page, xss)
    text = page.wait_for_selector('#graph div.vis-tooltip .gk-tip', state='visible').inner_text()
    assert '<script>window.__xss=1</script>' in text
    assert '<img src=x onerror="window.__xss=2">' in text
    assert 'quotes \' " ` end' in text
    assert XSS_TITLE in text
    page.mouse.click(x, y)
    details = page.inner_text('#details-body')
    assert '<script>window.__xss=1</script>' in details and XSS_TITLE in details
    assert '<script>window.__xss=4</script>' in page.inner_text('#filter-docs')
    page.fill('#search', '测试')
    assert '普宁市<b>测试</b>局' in page.inner_text('#search-results')
    assert page.evaluate('typeof window.__xss') == 'undefined'
    assert page.evaluate('document.querySelectorAll("#app img, #app script, #app b").length') == 0


def test_hover_shows_measure_and_unit_details(open_page, sample):
    page, _ = open_page(sample)
    measure = page.evaluate('graphkit.data.units.length + '
                            'graphkit.data.measures.findIndex(m => m.outline === "二.(一).1")')
    hover(page, measure)
    tip = page.wait_for_selector('#graph div.vis-tooltip .gk-tip', state='visible').inner_text()
    for expected in ('扩大学位供给', '普宁市推动义务教育优质均衡发展行动方案', '二.(一).1', '2025年底前',
                     '新增公办学位1.2万个', '普宁市教育局', '普宁市自然资源局'):
        assert expected in tip
    page.mouse.move(2, 2)
    hover(page, page.evaluate('graphkit.data.units.findIndex(u => u.name === "普宁市人力资源社会保障局")'))
    tip = page.wait_for_selector('#graph div.vis-tooltip:has-text("人力资源社会保障局")', state='visible').inner_text()
    for expected in ('市人社局', '市人力资源和社会保障局', '政府部门', '普宁市', '2 项措施'):
        assert expected in tip


def test_click_highlights_neighbourhood(open_page, sample):
    page, _ = open_page(sample)
    x, y = node_point(page, page.evaluate('graphkit.data.units.findIndex(u => u.name === "普宁市教育局")'))
    page.mouse.click(x, y)
    assert set(page.evaluate(DIMMED)) == set(sample) - {'u:普宁市教育局', *sample['u:普宁市教育局']}
    assert page.evaluate('graphkit.edges.get({filter: e => e.color.opacity === 1}).length') == \
        sample.degree('u:普宁市教育局')
    page.evaluate('graphkit.select(null)')
    assert page.evaluate(DIMMED) == []


def test_filters_by_role_document_and_type(open_page, sample):
    page, _ = open_page(sample)
    page.get_by_label('提及').uncheck()
    c = page.evaluate(COUNTS)
    assert c['shownEdges'] == sample.number_of_edges() - 1
    assert c['shownNodes'] == sample.number_of_nodes() - 1  # 团市委 was only mentioned
    page.get_by_label('提及').check()
    page.locator('#filter-docs label', has_text='普宁市推动义务教育').locator('input').uncheck()
    doc_b = {m for m, d in sample.nodes(data=True) if d.get('doc') == '000_8f9cbb4accac17dc.txt'}
    shown = set(page.evaluate('graphkit.nodeView.getIds().map(graphkit.graphId)'))
    assert {n for n in shown if n.startswith('m:')} == doc_b
    assert shown - doc_b == {u for m in doc_b for u in sample[m]}
    page.locator('#filter-docs label', has_text='普宁市推动义务教育').locator('input').check()
    page.locator('#filter-types label', has_text='政府部门').locator('input').uncheck()
    shown = page.evaluate('graphkit.nodeView.getIds().map(graphkit.graphId)')
    assert shown and not any(sample.nodes[n].get('type') == 'government' for n in shown)


def test_units_view_from_page_and_option(open_page, sample):
    P = render.units_projection(sample)
    page, _ = open_page(sample)
    page.get_by_label('仅单位(共同负责)').check()
    c = page.evaluate(COUNTS)
    assert (c['shownNodes'], c['shownEdges']) == (P.number_of_nodes(), P.number_of_edges())
    assert page.get_by_label('牵头').is_disabled()
    page.get_by_label('措施与单位').check()
    assert page.evaluate(COUNTS)['shownEdges'] == sample.number_of_edges()

    page, _ = open_page(sample, name='units.html', view='units')
    c = page.evaluate(COUNTS)
    assert (c['shownNodes'], c['shownEdges']) == (P.number_of_nodes(), P.number_of_edges())
    assert page.get_by_label('仅单位(共同负责)').is_checked()


@pytest.fixture(scope='module')
def data_graph():
    """The graph of the bundled sample corpus, as `graphkit build` makes it."""
    import graphkit
    return graphkit.build([Path(__file__).parent.parent / 'data'], jobs=1).G


def test_page_built_from_data_loads_offline_complete(open_page, data_graph):
    page, log = open_page(data_graph, name='data.html')
    c = page.evaluate(COUNTS)
    assert (c['nodes'], c['edges']) == (data_graph.number_of_nodes(), data_graph.number_of_edges())
    assert c['coEdges'] == render.units_projection(data_graph).number_of_edges()
    assert page.evaluate('graphkit.network.physics.options.enabled') is False


def test_search_in_the_data_page_focuses_the_unit_of_a_variant(open_page, data_graph):
    page, _ = open_page(data_graph, name='data.html')
    page.fill('#search', '市人社局')
    assert '人力资源社会保障局' in page.inner_text('#search-results')
    page.press('#search', 'Enter')
    (selected,) = page.evaluate('graphkit.network.getSelectedNodes().map(graphkit.graphId)')
    assert selected.endswith('人力资源社会保障局') and '市人社局' in data_graph.nodes[selected]['variants'] + \
        [v.replace('人力资源社会保障', '人社') for v in data_graph.nodes[selected]['variants']]
    assert '人力资源社会保障局' in page.inner_text('#details-body')


def test_large_graph_loads_complete_and_frozen(open_page):
    page, _ = open_page(large_graph(), name='large.html')
    c = page.evaluate(COUNTS)
    assert (c['nodes'], c['edges']) == (3000, 10000)
    assert (c['shownNodes'], c['shownEdges']) == (3000, 10000)
    assert page.evaluate('graphkit.data.layout') == 'static'
    assert page.evaluate('graphkit.network.physics.options.enabled') is False
