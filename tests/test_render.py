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
from render_support import (DOC_B, XSS_TEXT, XSS_TITLE, browser_unavailable, chromium, large_graph,  # noqa: E402
                            open_offline, sample_graph, xss_graph)

from graphkit import layout, render  # noqa: E402


def embedded(html: str) -> dict:
    """The JSON the page reads, parsed back from the HTML (unpacked when compressed)."""
    m = re.search(r'<script type="application/json" id="graphkit-data" data-encoding="([^"]+)">(.*?)</script>',
                  html, re.S)
    assert m, 'no data block'
    return render.decode_data(m.group(1), m.group(2))


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
    assert sample_html.count('<script') == 2  # data, the page (it draws the network itself)
    assert sample_html.count('</script>') == 2
    assert '<link' not in sample_html


def test_large_data_travels_compressed_and_small_as_json(tmp_path):
    small = render.build_html(sample_graph())
    assert 'data-encoding="json"' in small
    G = large_graph(n_nodes=3000, n_edges=10000)
    big = render.build_html(G)
    assert 'data-encoding="gzip+base64"' in big
    data = embedded(big)
    assert len(data['measures']) == 2500 and len(data['edges']) == 10000
    # compressed: well under a kilobyte a measure, page script included
    assert len(big.encode('utf-8')) / len(data['measures']) < 1024


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
    block = re.search(r'id="graphkit-data"[^>]*>(.*?)</script>', html, re.S).group(1)
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
    big = large_graph(n_nodes=3000, n_edges=10000)
    c = render.render_html(big, tmp_path / 'c.html', layout=layout)
    d = render.render_html(_shuffled_copy(big, 5), tmp_path / 'd.html', layout=layout)
    assert c.read_bytes() == d.read_bytes()      # the gzip block too


def test_layout_auto_chooses_by_size(sample):
    assert layout.choose_layout(sample) == 'physics'
    big = large_graph(n_nodes=layout.PHYSICS_MAX_NODES + 60, n_edges=2000)
    assert layout.choose_layout(big) == 'static'
    assert layout.choose_layout(big, 'physics') == 'physics'
    assert layout.choose_layout(sample, 'static') == 'static'
    with pytest.raises(ValueError, match='layout'):
        layout.choose_layout(sample, 'spring')


def test_view_auto_opens_large_graphs_on_the_units(sample):
    assert render.choose_view(sample) == 'bipartite'
    assert render.choose_view(large_graph(n_nodes=3000, n_edges=10001)) == 'units'
    assert render.choose_view(sample, 'units') == 'units'


def test_every_node_is_placed_and_parts_are_packed(sample):
    data = render.page_data(sample, layout='static')
    assert data['layout'] == 'static'
    pos = data['positions']
    assert len(pos) == sample.number_of_nodes()
    assert len({tuple(p) for p in pos}) == len(pos)  # no two nodes on the same spot
    physics = render.page_data(sample, layout='physics')
    assert physics['positions'] == pos and 100 <= physics['iterations'] <= 400
    # two parts of the graph that share no unit sit side by side, not at opposite corners
    G = nx.union(sample_graph(), nx.relabel_nodes(sample_graph(), lambda n: n + '·2'))
    xs = [p[0] for p in layout.static_positions(G).values()]
    one = [p[0] for n, p in layout.static_positions(sample).items()]
    assert max(xs) - min(xs) < 3 * (max(one) - min(one)) + 200


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


TOTALS = '''() => ({nodes: graphkit.data.units.length + graphkit.data.measures.length,
                    edges: graphkit.data.edges.length, coEdges: graphkit.data.coEdges.length})'''


def shown(page):
    return page.evaluate('graphkit.counts()')


def node_of(page, graph_id):
    """The page's numeric id of a graph node id."""
    return page.evaluate('''gid => { const d = graphkit.data, U = d.units.length;
        for (let i = 0; i < U + d.measures.length; i++) if (graphkit.graphId(i) === gid) return i;
        return -1; }''', graph_id)


def hover(page, node_id):
    x, y = page.evaluate('id => graphkit.screenPos(id)', node_id)
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)
    return x, y


def canvas_centre(page):
    return page.evaluate('''() => { const r = document.getElementById('graph').getBoundingClientRect();
        return [r.left + r.width / 2, r.top + r.height / 2]; }''')


def test_page_loads_offline_with_the_graph(open_page, sample):
    page, log = open_page(sample)
    t = page.evaluate(TOTALS)
    assert t == {'nodes': sample.number_of_nodes(), 'edges': sample.number_of_edges(),
                 'coEdges': render.units_projection(sample).number_of_edges()}
    assert shown(page) == {'nodes': sample.number_of_nodes(), 'edges': sample.number_of_edges()}
    assert page.evaluate('graphkit.stable') is True
    assert page.title() == '责任网络 · 2 份文件'
    assert page.evaluate('document.querySelectorAll("script[src], link[href], img[src]").length') == 0


def test_search_finds_a_unit_by_variant_and_focuses_it(open_page, sample):
    page, _ = open_page(sample)
    page.fill('#search', '市人社局')
    assert '普宁市人力资源社会保障局' in page.inner_text('#search-results')
    page.press('#search', 'Enter')
    assert page.evaluate('graphkit.selected()') == 'u:普宁市人力资源社会保障局'
    assert '人力资源社会保障局' in page.inner_text('#details-body')
    # focused: the view centres on the unit; its neighbours are lit, nothing else
    page.wait_for_timeout(100)
    (x, y), (cx, cy) = page.evaluate('graphkit.screenPos(graphkit.data.units.findIndex('
                                     'u => u.name === "普宁市人力资源社会保障局"))'), canvas_centre(page)
    assert abs(x - cx) < 5 and abs(y - cy) < 5
    assert set(page.evaluate('graphkit.highlighted()')) == {'u:普宁市人力资源社会保障局',
                                                           *sample['u:普宁市人力资源社会保障局']}


@pytest.mark.parametrize('query', ['人社', '普宁市人社局', '人力资源和社会保障', '人力資源社會保障局', '市財政局'])
def test_search_matches_substrings_variants_and_traditional(open_page, sample, query):
    page, _ = open_page(sample)
    hits = page.evaluate('q => graphkit.findUnits(q).map(h => graphkit.data.units[h.unit].name)', query)
    assert hits[0] == ('普宁市财政局' if '財政' in query else '普宁市人力资源社会保障局')


def test_xss_payload_shows_as_text(open_page):
    page, _ = open_page(xss_graph())
    xss = page.evaluate('graphkit.data.units.length + '
                        'graphkit.data.measures.findIndex(m => m.text.includes("__xss=1"))')
    x, y = hover(page, xss)
    text = page.wait_for_selector('#tooltip .gk-tip', state='visible').inner_text()
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
    page.evaluate('graphkit.chooseNode(graphkit.data.units.findIndex(u => u.name.includes("测试")))')
    svg = page.evaluate('graphkit.exportSVG()')
    assert '<script' not in svg and '<img' not in svg and '普宁市&lt;b&gt;测试&lt;/b&gt;局' in svg
    assert page.evaluate('s => new DOMParser().parseFromString(s, "image/svg+xml")'
                         '.getElementsByTagName("parsererror").length', svg) == 0


def test_hover_shows_measure_and_unit_details(open_page, sample):
    page, _ = open_page(sample)
    hover(page, node_of(page, 'm:001_e4a5ec15abd1b800.txt#二.(一).1'))
    tip = page.wait_for_selector('#tooltip .gk-tip', state='visible').inner_text()
    for expected in ('扩大学位供给', '普宁市推动义务教育优质均衡发展行动方案', '二.(一).1', '2025年底前',
                     '新增公办学位1.2万个', '普宁市教育局', '普宁市自然资源局'):
        assert expected in tip
    page.mouse.move(2, 2)
    assert page.is_hidden('#tooltip')
    hover(page, node_of(page, 'u:普宁市人力资源社会保障局'))
    tip = page.wait_for_selector('#tooltip:has-text("人力资源社会保障局")', state='visible').inner_text()
    for expected in ('市人社局', '市人力资源和社会保障局', '政府部门', '普宁市', '2 项'):
        assert expected in tip


def test_clicking_a_unit_lists_its_measures_and_partners(open_page, sample):
    page, _ = open_page(sample)
    x, y = page.evaluate('id => graphkit.screenPos(id)', node_of(page, 'u:普宁市教育局'))
    page.mouse.click(x, y)
    assert page.evaluate('graphkit.selected()') == 'u:普宁市教育局'
    assert set(page.evaluate('graphkit.highlighted()')) == {'u:普宁市教育局', *sample['u:普宁市教育局']}
    rows = page.locator('#details-body ul.measures li').all_inner_texts()
    assert len(rows) == sample.degree('u:普宁市教育局')
    titles = {sample.nodes[m]['title'] for m in sample['u:普宁市教育局']}
    assert all(any(t in r for t in titles) for r in rows)
    lead = next(r for r in rows if '扩大学位供给' in r)
    assert '牵头' in lead and '二.(一).1' in lead and '2025年底前' in lead
    partners = page.locator('#details-body ul.partners li').all_inner_texts()
    assert any('普宁市财政局' in p and '共同负责 3 项' in p for p in partners)
    # a measure in the list: focus it and read its text with the clause marked
    page.locator('#details-body ul.measures li', has_text='扩大学位供给').click()
    assert page.evaluate('graphkit.selected()') == 'm:001_e4a5ec15abd1b800.txt#二.(一).1'
    assert '新增公办学位1.2万个' in page.inner_text('#details-body')
    assert page.locator('#details-body mark').count() >= 1
    page.evaluate('graphkit.select(null)')
    assert page.evaluate('graphkit.highlighted()') == []
    assert page.is_hidden('#inspector')


def test_filters_by_role_document_and_type(open_page, sample):
    page, _ = open_page(sample)
    page.locator('#filter-roles label', has_text='提及').locator('input').uncheck()
    assert shown(page) == {'nodes': sample.number_of_nodes() - 1,  # 团市委 was only mentioned
                           'edges': sample.number_of_edges() - 1}
    page.locator('#filter-roles label', has_text='提及').locator('input').check()
    page.locator('#filter-docs label', has_text='普宁市推动义务教育').locator('input').uncheck()
    doc_b = {m for m, d in sample.nodes(data=True) if d.get('doc') == DOC_B}
    ids = set(page.evaluate('graphkit.shownNodeIds()'))
    assert {n for n in ids if n.startswith('m:')} == doc_b
    assert ids - doc_b == {u for m in doc_b for u in sample[m]}
    page.locator('#filter-docs label', has_text='普宁市推动义务教育').locator('input').check()
    page.locator('#filter-types label', has_text='政府部门').locator('input').uncheck()
    ids = page.evaluate('graphkit.shownNodeIds()')
    assert ids and not any(sample.nodes[n].get('type') == 'government' for n in ids)


def test_hiding_measures_without_units(open_page, sample):
    page, _ = open_page(sample)
    before = shown(page)['nodes']
    page.check('#hide-orphans')
    orphans = [n for n in sample if n.startswith('m:') and not sample.degree(n)]
    assert orphans and shown(page)['nodes'] == before - len(orphans)
    assert not set(orphans) & set(page.evaluate('graphkit.shownNodeIds()'))


def test_only_this_document_leaves_one_and_refits(open_page, sample):
    page, _ = open_page(sample)
    for _ in range(3):
        page.click('#zoom-in')
    before = page.evaluate('graphkit.transform()')
    page.locator('#filter-docs label', has_text='百县千镇万村').locator('button.only').click()
    assert page.evaluate('graphkit.state.docs') == page.evaluate('graphkit.data.docs.map(d => d.name === "%s")' % DOC_B)
    ids = page.evaluate('graphkit.shownNodeIds()')
    assert {sample.nodes[n]['doc'] for n in ids if n.startswith('m:')} == {DOC_B}
    assert page.evaluate('graphkit.transform()') != before
    assert all_on_screen(page, ids)
    page.click('#docs-all')
    assert shown(page)['nodes'] == sample.number_of_nodes()


def all_on_screen(page, ids):
    return page.evaluate('''ids => { const r = document.getElementById('graph').getBoundingClientRect();
        const d = graphkit.data, U = d.units.length, want = new Set(ids);
        for (let i = 0; i < U + d.measures.length; i++) {
            if (!want.has(graphkit.graphId(i))) continue;
            const [x, y] = graphkit.screenPos(i);
            if (x < r.left || x > r.right || y < r.top || y > r.bottom) return false;
        }
        return true; }''', ids)


def test_fit_restores_the_view_after_zooming(open_page, sample):
    page, _ = open_page(sample)
    fitted = page.evaluate('graphkit.transform()')
    page.click('#zoom-in')
    page.click('#zoom-in')
    assert page.evaluate('graphkit.transform()')['scale'] > fitted['scale'] * 1.5
    page.click('#fit')
    assert page.evaluate('graphkit.transform()') == pytest.approx(fitted)


def test_export_png_and_svg(open_page, sample):
    page, _ = open_page(sample)
    png = page.evaluate('graphkit.exportPNG()')
    assert png.startswith('data:image/png;base64,') and len(png) > 5000
    svg = page.evaluate('graphkit.exportSVG()')
    units = sum(1 for n in sample if n.startswith('u:'))
    assert svg.startswith('<svg') and svg.count('<circle') == units  # measures are squares
    assert svg.count('<rect') == 1 + sample.number_of_nodes() - units
    assert svg.count('<line') == sample.number_of_edges()
    assert '普宁市教育局' in svg


def test_hash_reopens_view_and_selection(browser, tmp_path, sample):
    path = render.render_html(sample, tmp_path / 'graph.html')
    context, page, log = open_offline(browser, path)
    page.evaluate('graphkit.setView("units")')
    page.evaluate('id => graphkit.chooseNode(id)', node_of(page, 'u:普宁市财政局'))
    url = page.url
    assert '#' in url
    context.close()
    context, page, log = open_offline(browser, path)
    page.goto(url)
    page.reload()
    page.wait_for_selector('html[data-stable=true]', state='attached')
    assert page.evaluate('graphkit.state.view') == 'units'
    assert page.evaluate('graphkit.selected()') == 'u:普宁市财政局'
    context.close()
    assert log.blocked == [] and log.page_errors == [] and log.console_errors == []


def test_units_view_from_page_and_option(open_page, sample):
    P = render.units_projection(sample)
    page, _ = open_page(sample)
    page.get_by_label('仅单位(共同负责)').check()
    assert shown(page) == {'nodes': P.number_of_nodes(), 'edges': P.number_of_edges()}
    assert page.locator('#filter-roles input').first.is_disabled()
    page.get_by_label('措施与单位').check()
    assert shown(page)['edges'] == sample.number_of_edges()

    page, _ = open_page(sample, name='units.html', view='units')
    assert shown(page) == {'nodes': P.number_of_nodes(), 'edges': P.number_of_edges()}
    assert page.get_by_label('仅单位(共同负责)').is_checked()


def overlapping(labels):
    """Pairs of labels whose boxes (left, top, right, bottom) intersect."""
    boxes = [(lab['text'], lab['box']) for lab in labels]
    return [(a, b) for i, (a, p) in enumerate(boxes) for b, q in boxes[i + 1:]
            if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]]


def test_labels_of_top_units_are_readable_and_do_not_overlap(open_page, sample):
    page, _ = open_page(sample)
    labels = page.evaluate('graphkit.labels()')
    units = [lab for lab in labels if lab['id'].startswith('u:')]
    assert len(units) >= 5 and all(lab['size'] >= 11 for lab in units)
    assert overlapping(labels) == []


def test_narrow_screen_keeps_the_graph_and_opens_a_drawer(browser, tmp_path, sample):
    path = render.render_html(sample, tmp_path / 'graph.html')
    context, page, log = open_offline(browser, path, width=390, height=800)
    box = page.locator('#graph').bounding_box()
    assert box['width'] >= 380 and box['height'] >= 600
    assert page.is_visible('#panel-toggle')
    page.click('#panel-toggle')
    page.wait_for_timeout(300)
    assert page.locator('#search').is_visible()
    context.close()
    assert log.page_errors == [] and log.console_errors == []


@pytest.fixture(scope='module')
def data_graph():
    """The graph of the bundled sample corpus, as `graphkit build` makes it."""
    import graphkit
    return graphkit.build([Path(__file__).parent.parent / 'data'], jobs=1, html=False).G


def test_page_built_from_data_loads_offline_complete(open_page, data_graph):
    page, log = open_page(data_graph, name='data.html')
    t = page.evaluate(TOTALS)
    assert (t['nodes'], t['edges']) == (data_graph.number_of_nodes(), data_graph.number_of_edges())
    assert t['coEdges'] == render.units_projection(data_graph).number_of_edges()


def test_search_in_the_data_page_focuses_the_unit_of_a_variant(open_page, data_graph):
    page, _ = open_page(data_graph, name='data.html')
    page.fill('#search', '市人社局')
    assert '人力资源社会保障局' in page.inner_text('#search-results')
    page.press('#search', 'Enter')
    selected = page.evaluate('graphkit.selected()')
    assert selected.endswith('人力资源社会保障局')
    assert '人力资源社会保障局' in page.inner_text('#details-body')


def test_large_generated_graph_loads_complete(open_page):
    page, _ = open_page(large_graph(), name='large.html')
    t = page.evaluate(TOTALS)
    assert (t['nodes'], t['edges']) == (3000, 10000)
    assert page.evaluate('graphkit.data.layout') == 'static'


# ------------------------------------------------------------------ a 300-document corpus

@pytest.fixture(scope='module')
def corpus300(tmp_path_factory):
    """The page of 300 synthetic documents (bench/synth.py), built once for the module."""
    sys.path.insert(0, str(Path(__file__).parent.parent / 'bench'))
    import synth

    import graphkit
    folder = tmp_path_factory.mktemp('c300')
    synth.write_corpus(str(folder / 'docs'), 300)
    result = graphkit.build([folder / 'docs'], jobs=2, html=False)
    path = render.render_html(result.G, folder / 'graph.html')
    return result.G, path


@pytest.fixture
def page300(browser, corpus300):
    G, path = corpus300
    context, page, log = open_offline(browser, path, width=1600, height=1000)
    yield G, page
    context.close()
    assert log.blocked == [], f'requests left the machine: {log.blocked}'
    assert log.console_errors == [], log.console_errors
    assert log.page_errors == [], log.page_errors


def test_300_documents_open_on_units_with_readable_labels(page300):
    G, page = page300
    assert len(G.graph['documents']) == 300
    assert page.evaluate('graphkit.state.view') == 'units'
    labels = page.evaluate('graphkit.labels()')
    assert len(labels) >= 10 and all(lab['size'] >= 11 for lab in labels)
    assert os.path.getsize(page.url[len('file://'):]) < 1024 * sum(1 for n in G if n.startswith('m:'))


def test_300_documents_click_lists_the_units_measures(page300):
    G, page = page300
    page.fill('#search', '財政局')
    hits = page.evaluate('graphkit.findUnits("財政局").map(h => graphkit.data.units[h.unit].name)')
    assert len(hits) >= 10 and all('财政局' in h for h in hits)
    page.press('#search', 'Enter')
    unit = page.evaluate('graphkit.selected()')
    assert unit == 'u:' + hits[0]
    (x, y), (cx, cy) = page.evaluate('id => graphkit.screenPos(id)', node_of(page, unit)), canvas_centre(page)
    assert abs(x - cx) < 5 and abs(y - cy) < 5
    page.evaluate('graphkit.select(null)')
    page.mouse.click(x, y)
    assert page.evaluate('graphkit.selected()') == unit
    rows = page.locator('#details-body ul.measures li')
    assert rows.count() == min(G.degree(unit), 100)
    assert page.locator('#details-body ul.partners li').count() >= 1
    # the selection is labelled, and its neighbours' labels do not overlap
    labels = page.evaluate('graphkit.labels()')
    assert unit in [lab['id'] for lab in labels] and overlapping(labels) == []


def test_300_documents_only_this_hide_orphans_fit_and_export(page300):
    G, page = page300
    first = page.evaluate('graphkit.transform()')
    page.evaluate('graphkit.setView("bipartite")')
    page.evaluate('graphkit.fit()')
    everything = shown(page)
    page.check('#hide-orphans')
    orphans = sum(1 for n in G if n.startswith('m:') and not G.degree(n))
    assert orphans and shown(page)['nodes'] == everything['nodes'] - orphans
    page.uncheck('#hide-orphans')
    page.fill('#doc-search', 'doc00042')
    row = page.locator('#filter-docs label:visible')
    assert row.count() == 1
    before = page.evaluate('graphkit.transform()')
    row.locator('button.only').click()
    assert sum(page.evaluate('graphkit.state.docs')) == 1
    ids = page.evaluate('graphkit.shownNodeIds()')
    assert {G.nodes[n]['doc'] for n in ids if n.startswith('m:')} == {'doc00042.txt'}
    assert page.evaluate('graphkit.transform()') != before and all_on_screen(page, ids)
    page.click('#docs-all')  # all of the documents the search shows: still one
    assert sum(page.evaluate('graphkit.state.docs')) == 1
    page.fill('#doc-search', '')
    page.click('#docs-all')
    assert all(page.evaluate('graphkit.state.docs'))
    page.evaluate('graphkit.setView("units")')
    page.click('#zoom-in')
    page.click('#fit')
    assert page.evaluate('graphkit.transform()') == pytest.approx(first)
    png = page.evaluate('graphkit.exportPNG()')
    assert png.startswith('data:image/png;base64,') and len(png) > 20_000


# ------------------------------------------------------------------ the page of a large build

@pytest.fixture(scope='module')
def large_build(tmp_path_factory):
    """The samples built as a large build (the threshold lowered): a page of units whose
    measures are in files beside it; and the same build in memory."""
    import graphkit
    from graphkit import store
    out = tmp_path_factory.mktemp('large-page')
    saved = store.SMALL_BUILD
    store.SMALL_BUILD = 50
    try:
        graphkit.build([Path(__file__).parent.parent / 'data'], out=out, jobs=1)
    finally:
        store.SMALL_BUILD = saved
    return out, graphkit.build([Path(__file__).parent.parent / 'data'], jobs=1)


def test_small_pages_load_nothing_but_their_own_script(sample_html):
    policy = re.search(r'script-src ([^;]*);', sample_html.replace('&#39;', "'")).group(1)
    assert policy.split() == [policy.split()[0]] and policy.startswith("'sha256-")


def test_the_page_of_a_large_build_loads_a_units_measures_when_chosen(browser, large_build):
    out, memory = large_build
    context, page, log = open_offline(browser, out / 'graph.html')
    try:
        assert page.evaluate('graphkit.data.measures.length') == 0
        page.fill('#search', '市教育局')
        page.press('#search', 'Enter')
        unit = page.evaluate('graphkit.selected()')
        want = memory.measures(unit.removeprefix('u:'))
        assert len(want) > 30
        rows = page.locator('#details-body ul.measures li')
        rows.nth(min(len(want), 100) - 1).wait_for(timeout=10_000)
        assert rows.count() == min(len(want), 100)
        texts = rows.all_inner_texts()
        assert want[0]['title'] in texts[0] and want[0]['outline'] in texts[0] and '牵头' in texts[0]
        # another unit of the same file: no second load, its own measures
        page.evaluate('graphkit.select(null)')
        page.fill('#search', '市财政局')
        page.press('#search', 'Enter')
        other = page.evaluate('graphkit.selected()')
        page.locator('#details-body ul.measures li').first.wait_for(timeout=10_000)
        assert page.locator('#details-body ul.measures li').count() == \
            min(len(memory.measures(other.removeprefix('u:'))), 100)
        assert page.locator('#details-body ul.partners li').count() >= 1
    finally:
        context.close()
    assert log.blocked == [] and log.console_errors == [] and log.page_errors == []


def test_a_large_build_page_named_with_a_space_and_a_hash_still_finds_its_measures(browser, large_build, tmp_path):
    import graphkit
    from graphkit import store
    out, memory = large_build
    saved = store.SMALL_BUILD
    store.SMALL_BUILD = 50
    try:
        graphkit.load(out).to_html(tmp_path / 'my graph#1.html')
    finally:
        store.SMALL_BUILD = saved
    assert (tmp_path / 'my graph#1.measures' / '00000.js').exists()
    context, page, log = open_offline(browser, tmp_path / 'my graph#1.html')
    try:
        page.fill('#search', '市教育局')
        page.press('#search', 'Enter')
        page.locator('#details-body ul.measures li').first.wait_for(timeout=10_000)
        assert page.locator('#details-body ul.measures li').count() >= 30
    finally:
        context.close()
    assert log.blocked == [] and log.console_errors == [] and log.page_errors == []
