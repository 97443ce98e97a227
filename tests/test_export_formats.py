"""The exports read back: GEXF 1.3 (positions, colours, sizes, typed centralities,
weights, lists), GraphML lists, the co-responsibility projection and matrix, the
measures coding sheet, diagnostics, and Chinese or English CSV headers."""
import csv
import io
import json
import re

import networkx as nx
import pytest
from lxml import etree

import graphkit
from graphkit import analysis, export, knowledge, layout
from graphkit.xmlgraph import split_list

from .conftest import DATA, ROOT

GEXF = {'g': 'http://gexf.net/1.3', 'viz': 'http://gexf.net/1.3/viz'}
NEW_FILES = ['graph.gexf', 'projection.csv', 'projection.gexf', 'matrix.csv', 'measures.csv', 'diagnostics.csv',
             'units.csv', 'centrality.csv']


@pytest.fixture(scope='module')
def sample(tmp_path_factory):
    """The bundled corpus built once (Chinese CSV files), and its graph saved again in English."""
    out = tmp_path_factory.mktemp('zh')
    graph = graphkit.build([DATA], out=out, jobs=1, html=False)
    en = tmp_path_factory.mktemp('en')
    graph.save(en, html=False, jobs=1, lang='en', diagnostics=graph.diagnostics)
    return graph, out, en


def read_csv(path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b'\xef\xbb\xbf'), path.name      # the BOM that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(data.decode('utf-8-sig'), newline='')))


def small_graph() -> nx.Graph:
    """Two documents, four units (names holding | and \\), four measures: one without units,
    one with a mention; edges with and without spans."""
    G = nx.Graph(generator='graphkit test', documents=[
        {'name': 'a.txt', 'title': '甲方案', 'jurisdiction': '某市'},
        {'name': 'b.txt', 'title': '乙方案', 'jurisdiction': '某市'}])
    units = {'X': ('市甲局', 'government'), 'Y': ('乙|委', 'party'), 'Z': ('C\\D公司', 'enterprise'),
             'W': ('丙局', 'government')}
    for key, (name, kind) in units.items():
        G.add_node(key, kind='unit', bipartite=1, name=name, type=kind, jurisdiction='某市',
                   variants=[name, f'{name}|别名', '"引号"'])
    measures = {'m1': ('a.txt', '1', [('X', 'lead'), ('Y', 'support'), ('Z', 'support')]),
                'm2': ('a.txt', '2', [('X', 'lead'), ('Y', 'support')]),
                'm3': ('b.txt', '1', [('Y', 'lead'), ('Z', 'support'), ('X', 'mention')]),
                'm4': ('b.txt', '2', [])}
    for m, (doc, outline, duties) in measures.items():
        G.add_node(m, kind='measure', bipartite=0, doc=doc, outline=outline, title=f'措施{m}',
                   text=f'{m}的全文，\n第二行', deadline='2025年底' if m == 'm1' else '',
                   keywords=['教育', 'a|b'], persons=[], clauses=[[0, 2]] if duties else [],
                   role_source='labelled+phrase' if m == 'm1' else ('labelled' if duties else ''))
        for u, role in duties:
            source = 'mention' if role == 'mention' else 'labelled'
            G.add_edge(m, u, role=role, role_source=source, name=units[u][0], **({'span': [0, 2]} if u == 'X' else {}))
    for u in units:
        roles = [G[u][m]['role'] for m in G[u]]
        G.nodes[u].update(lead=roles.count('lead'), support=roles.count('support'), mentions=roles.count('mention'))
    return G


@pytest.fixture(scope='module')
def small(tmp_path_factory):
    G = small_graph()
    zh, en = tmp_path_factory.mktemp('small-zh'), tmp_path_factory.mktemp('small-en')
    export.write_all(G, zh, html=False, jobs=1, diagnostics={'b.txt': ['no-units: 1 measures without units: 2'],
                                                               'a.txt': ['a line without a kind']})
    export.write_all(G, en, html=False, jobs=1, lang='en')
    return G, zh, en


# ------------------------------------------------------------------ graph.gexf

def test_gexf_is_version_1_3_with_the_pages_drawing(sample):
    graph, out, _ = sample
    G = graph.G
    root = etree.parse(str(out / 'graph.gexf')).getroot()
    assert root.tag == '{http://gexf.net/1.3}gexf' and root.get('version') == '1.3'
    colours = {row[0]: row[2] for row in knowledge.rows('unit_type_names.tsv')}
    positions = layout.static_positions(G)
    nodes = root.findall('.//g:node', GEXF)
    assert len(nodes) == G.number_of_nodes()
    sizes = {}
    for node in nodes:
        n = node.get('id')
        x, y = positions[n]
        pos = node.find('viz:position', GEXF)
        assert (float(pos.get('x')), float(pos.get('y'))) == (x, -y)       # y up in Gephi, down on the page
        rgb = node.find('viz:color', GEXF)
        colour = '#%02x%02x%02x' % tuple(int(rgb.get(c)) for c in 'rgb')
        size = float(node.find('viz:size', GEXF).get('value'))
        if G.nodes[n]['kind'] == 'unit':
            assert colour == colours[G.nodes[n]['type']]
            sizes[n] = size
        else:
            assert (colour, size) == (export.MEASURE_COLOUR, export.MEASURE_SIZE)
    # sizes grow with the measures a unit leads or supports, 6 to 28 as on the page
    responsibility = {u: G.nodes[u]['lead'] + G.nodes[u]['support'] for u in sizes}
    by_load = sorted(sizes, key=lambda u: responsibility[u])
    assert [sizes[u] for u in by_load] == sorted(sizes.values())
    assert sizes['u:普宁市教育局'] == 28.0 and min(sizes.values()) == 6.0


def test_gexf_reads_back_with_typed_centralities_weights_and_lists(sample):
    graph, out, _ = sample
    G = graph.G
    H = nx.read_gexf(out / 'graph.gexf')
    rows = {r['unit']: r for r in analysis.centrality_table(G)}
    edu = H.nodes['u:普宁市教育局']
    for column in ('weighted_degree', 'betweenness', 'eigenvector', 'pagerank', 'bipartite_degree'):
        assert isinstance(edu[column], float) and edu[column] == rows['普宁市教育局'][column], column
    assert edu['partners'] == rows['普宁市教育局']['partners'] and isinstance(edu['partners'], int)
    assert edu['betweenness_approximate'] is False and edu['role'] == 'leading' and edu['lead'] == 40
    assert 'pagerank' not in H.nodes[next(iter(analysis.measures(G)))]
    weights = {d['role']: d['weight'] for _, _, d in H.edges(data=True)}
    assert len(weights) == 3 and weights == {'lead': 3.0, 'support': 2.0, 'mention': 1.0}
    assert all(d['weight'] == weights[d['role']] for _, _, d in H.edges(data=True))
    # liststring: Gephi's list syntax, which is a JSON array of strings
    assert json.loads(edu['variants']) == G.nodes['u:普宁市教育局']['variants']
    m = next(m for m in analysis.measures(G) if G.nodes[m]['keywords'])
    assert json.loads(H.nodes[m]['keywords']) == G.nodes[m]['keywords']
    assert json.loads(H.nodes[m]['clauses']) == G.nodes[m]['clauses']      # spans: JSON text
    types = {a.get('title'): a.get('type') for a in
             etree.parse(str(out / 'graph.gexf')).getroot().findall('.//g:attributes[@class="node"]/g:attribute', GEXF)}
    assert types['variants'] == types['keywords'] == types['persons'] == 'liststring'
    assert types['betweenness'] == types['pagerank'] == 'double' and types['partners'] == types['lead'] == 'long'
    assert types['clauses'] == 'string' and types['betweenness_approximate'] == 'boolean'


def test_list_values_survive_separators_quotes_and_backslashes(small):
    G, zh, _ = small
    variants = G.nodes['Y']['variants']
    assert variants == ['乙|委', '乙|委|别名', '"引号"']
    H = nx.read_gexf(zh / 'graph.gexf')
    assert json.loads(H.nodes['Y']['variants']) == variants
    assert json.loads(H.nodes['Z']['variants'])[0] == 'C\\D公司'
    M = nx.read_graphml(zh / 'graph.graphml')
    assert M.nodes['Y']['variants'] == '乙\\|委|乙\\|委\\|别名|"引号"'
    assert split_list(M.nodes['Y']['variants']) == variants
    assert split_list(M.nodes['Z']['variants'])[0] == 'C\\D公司'
    assert split_list(M.nodes['m1']['keywords']) == ['教育', 'a|b']
    assert json.loads(M['m1']['X']['span']) == [0, 2] and json.loads(M.nodes['m1']['clauses']) == [[0, 2]]
    assert M.nodes['m4']['persons'] == '' and 'weight' not in M['m1']['X']


def test_graphml_reads_back_with_lists_joined(sample):
    graph, out, _ = sample
    H = nx.read_graphml(out / 'graph.graphml')
    for u in analysis.units(graph.G):
        assert split_list(H.nodes[u]['variants']) == graph.G.nodes[u]['variants']
    m = next(m for m in analysis.measures(graph.G) if len(graph.G.nodes[m]['keywords']) > 1)
    assert split_list(H.nodes[m]['keywords']) == graph.G.nodes[m]['keywords']


# ------------------------------------------------------------------ projection and matrix

def test_projection_csv_is_the_co_responsibility_network(sample):
    graph, out, en = sample
    G = graph.G
    P = analysis.co_responsibility(G, with_measures=True)
    rows = read_csv(en / 'projection.csv')
    assert rows[0] == ['source', 'target', 'weight', 'documents', 'lead_support']
    assert len(rows) - 1 == P.number_of_edges() > 100
    name = dict(G.nodes(data='name'))
    expected = {}
    for a, b, d in P.edges(data=True):
        docs = {G.nodes[m]['doc'] for m in d['measures']}
        expected[tuple(sorted((name[a], name[b])))] = [d['weight'], len(docs), d['lead_support']]
    got = {(r[0], r[1]): [int(x) for x in r[2:]] for r in rows[1:]}
    assert got == expected
    assert got[('普宁市教育局', '普宁市财政局')] == [27, 2, 27]
    weights = [int(r[2]) for r in rows[1:]]
    assert weights == sorted(weights, reverse=True)
    assert read_csv(out / 'projection.csv')[0] == ['单位甲', '单位乙', '共同措施数', '文件数', '牵头配合措施数']


def test_projection_of_a_small_graph(small):
    G, zh, en = small
    rows = read_csv(en / 'projection.csv')[1:]
    assert rows == [['C\\D公司', '乙|委', '2', '2', '1'], ['乙|委', '市甲局', '2', '1', '2'],
                    ['C\\D公司', '市甲局', '1', '1', '1']]
    H = nx.read_gexf(zh / 'projection.gexf')
    assert sorted(H) == ['W', 'X', 'Y', 'Z']                 # a unit sharing nothing stays, alone
    assert H['Y']['Z']['weight'] == 2.0 and H['Y']['Z']['documents'] == 2 and H['Y']['Z']['lead_support'] == 1
    assert H['Y']['Z']['support_support'] == 1 and H.number_of_edges() == 3
    assert H.nodes['X']['viz']['position'] == nx.read_gexf(zh / 'graph.gexf').nodes['X']['viz']['position']
    assert H.nodes['X']['partners'] == 2 and H.nodes['X']['label'] == '市甲局'


def test_matrix_is_symmetric_and_matches_the_projection(sample):
    graph, out, en = sample
    rows = read_csv(en / 'matrix.csv')
    names = rows[0][1:]
    assert rows[0][0] == 'unit' and read_csv(out / 'matrix.csv')[0][0] == '单位'
    assert names == sorted(names) and [r[0] for r in rows[1:]] == names
    assert len(names) == len(analysis.units(graph.G))
    cells = [[int(x) for x in r[1:]] for r in rows[1:]]
    n = len(names)
    assert all(cells[i][j] == cells[j][i] for i in range(n) for j in range(n))
    assert all(cells[i][i] == 0 for i in range(n))
    pairs = {(r[0], r[1]): int(r[2]) for r in read_csv(en / 'projection.csv')[1:]}
    index = {name: i for i, name in enumerate(names)}
    assert {(a, b): cells[index[a]][index[b]] for a, b in pairs} == pairs
    assert sum(map(sum, cells)) == 2 * sum(pairs.values())


def test_matrix_is_left_out_above_the_unit_limit(small, tmp_path, monkeypatch):
    G, _, _ = small
    export.write_all(G, tmp_path, html=False, jobs=1)
    assert (tmp_path / 'matrix.csv').exists()
    monkeypatch.setattr(export, 'MATRIX_MAX_UNITS', 3)
    export.write_all(G, tmp_path, html=False, jobs=1)
    assert not (tmp_path / 'matrix.csv').exists()       # the earlier one would describe another graph
    assert 'matrix.csv not written: 4 units, more than 3' in (tmp_path / 'report.md').read_text(encoding='utf-8')


# ------------------------------------------------------------------ measures.csv and diagnostics.csv

def test_measures_csv_is_one_row_per_measure_unit_and_role(sample):
    graph, out, en = sample
    G = graph.G
    rows = read_csv(en / 'measures.csv')
    assert rows[0] == ['doc', 'doc_title', 'outline', 'title', 'role', 'unit', 'unit_as_written', 'name_start',
                       'name_end', 'unit_type', 'jurisdiction', 'deadline', 'role_source', 'text']
    unattributed = [m for m in analysis.measures(G) if G.degree(m) == 0]
    assert unattributed
    assert len(rows) - 1 == G.number_of_edges() + len(unattributed)
    zh = read_csv(out / 'measures.csv')
    assert zh[0] == ['文件', '文件标题', '条目编号', '措施标题', '角色', '单位', '原文单位名称', '单位名称起始位置',
                     '单位名称结束位置', '单位类型', '辖区', '完成时限', '角色依据', '措施原文']
    assert len(zh) == len(rows)
    edu = [r for r in zh if r[5] == '普宁市教育局']
    assert len(edu) == 43 and {r[4] for r in edu} == {'牵头', '配合'} and {r[9] for r in edu} == {'政府部门'}
    texts = {p.name: graphkit.extract(p).text for p in DATA.glob('*.txt')}
    for r in zh[1:]:
        if r[7]:          # where the document writes the unit
            written = texts[r[0]][int(r[7]):int(r[8])]
            assert re.sub(r'\s', '', written) in r[6] or r[6] in re.sub(r'\s', '', written), (r[6], written)
    roles = {r[4] for r in zh[1:]}
    assert roles == {'牵头', '配合', '提及', ''}
    docs = {d['name']: d['title'] for d in graph.documents}
    assert all(r[1] == docs[r[0]] for r in zh[1:])


def test_measures_csv_of_a_small_graph(small):
    G, zh, en = small
    rows = read_csv(en / 'measures.csv')[1:]
    assert [(r[2], r[4], r[5]) for r in rows] == [
        ('1', 'lead', '市甲局'), ('1', 'support', 'C\\D公司'), ('1', 'support', '乙|委'),
        ('2', 'lead', '市甲局'), ('2', 'support', '乙|委'),
        ('1', 'lead', '乙|委'), ('1', 'support', 'C\\D公司'), ('1', 'mention', '市甲局'),
        ('2', '', '')]
    assert rows[0] == ['a.txt', '甲方案', '1', '措施m1', 'lead', '市甲局', '市甲局', '', '', 'government', '某市',
                       '2025年底', 'labelled', 'm1的全文，\n第二行']
    assert rows[-1][:4] == ['b.txt', '乙方案', '2', '措施m4'] and rows[-1][4:13] == [''] * 9
    zh_rows = read_csv(zh / 'measures.csv')[1:]
    assert zh_rows[0][4] == '牵头' and zh_rows[0][9] == '政府部门' and zh_rows[0][12] == '标注字段'
    assert zh_rows[7][4] == '提及' and zh_rows[7][12] == '文中提及'


def test_measures_csv_reads_in_pandas(sample):
    pd = pytest.importorskip('pandas')
    graph, out, _ = sample
    frame = pd.read_csv(out / 'measures.csv', encoding='utf-8-sig', keep_default_na=False)
    assert frame.columns[0] == '文件' and len(frame) == len(read_csv(out / 'measures.csv')) - 1
    assert (frame['单位'] == '普宁市教育局').sum() == 43


def test_diagnostics_csv(sample, small):
    graph, out, en = sample
    rows = read_csv(en / 'diagnostics.csv')
    assert rows[0] == ['doc', 'kind', 'message']
    expected = [[name, *line.split(': ', 1)] for name in sorted(graph.diagnostics) for line in graph.diagnostics[name]]
    assert rows[1:] == expected and any(r[1] == 'damaged' for r in rows)
    zh = read_csv(out / 'diagnostics.csv')
    assert zh[0] == ['文件', '类别', '说明'] and {r[1] for r in zh[1:]} >= {'文本损坏', '已清理', '措施无单位'}
    _, small_zh, small_en = small
    assert read_csv(small_zh / 'diagnostics.csv')[1:] == [['a.txt', '', 'a line without a kind'],
                                                          ['b.txt', '措施无单位', '1 measures without units: 2']]
    assert read_csv(small_en / 'diagnostics.csv') == [['doc', 'kind', 'message']]     # none: the header alone


# ------------------------------------------------------------------ languages

def test_units_and_centrality_headers_and_codes_by_language(sample):
    graph, out, en = sample
    units_en, units_zh = read_csv(en / 'units.csv'), read_csv(out / 'units.csv')
    assert units_en[0] == ['unit', 'type', 'jurisdiction', 'lead', 'support', 'mentions', 'variants']
    assert units_zh[0] == ['单位', '类型', '辖区', '牵头', '配合', '提及', '名称变体']
    assert units_en[1][:2] == ['普宁市教育局', 'government'] and units_zh[1][:2] == ['普宁市教育局', '政府部门']
    cen_en, cen_zh = read_csv(en / 'centrality.csv'), read_csv(out / 'centrality.csv')
    assert cen_en[0] == export.CENTRALITY_COLUMNS and cen_zh[0][:2] == ['单位', '类型']
    assert len(set(cen_zh[0])) == len(cen_zh[0]) and not set(cen_zh[0]) & set(cen_en[0]) - {'PageRank', 'pagerank'}
    role = cen_en[0].index('role')
    assert {r[role] for r in cen_en[1:]} <= {'leading', 'core partner', 'auxiliary', 'none'}
    assert {r[role] for r in cen_zh[1:]} <= {'牵头型', '核心配合型', '辅助型', '无'}
    assert [r[0] for r in cen_zh[1:]] == [r[0] for r in cen_en[1:]]
    assert cen_zh[1][cen_en[0].index('betweenness_approximate')] == '否'


def test_an_unknown_language_is_refused_before_any_work(tmp_path, monkeypatch):
    from graphkit import batch
    monkeypatch.setattr(batch, 'extract_one', lambda *a, **k: pytest.fail('extracted'))
    with pytest.raises(ValueError, match='fr'):
        graphkit.build([DATA], out=tmp_path / 'out', lang='fr')
    with pytest.raises(ValueError, match='fr'):
        export.write_all(small_graph(), tmp_path / 'out2', lang='fr')
    assert not (tmp_path / 'out').exists() and not (tmp_path / 'out2').exists()


def test_cli_lang_option(tmp_path):
    from click.testing import CliRunner
    from graphkit.cli import cli
    r = CliRunner().invoke(cli, ['build', str(DATA / '001_e4a5ec15abd1b800.txt'), '-o', str(tmp_path), '-j', '1',
                                 '--no-html', '--lang', 'en'])
    assert r.exit_code == 0, r.output
    assert read_csv(tmp_path / 'units.csv')[0][0] == 'unit'
    r = CliRunner().invoke(cli, ['build', '--help'])
    assert '--lang [zh|en]' in r.output and 'measures.csv' in r.output and 'matrix.csv' in r.output


# ------------------------------------------------------------------ the page's words and determinism

def test_type_names_and_colours_are_the_pages():
    js = (ROOT / 'graphkit' / 'templates' / 'graph.js').read_text(encoding='utf-8')
    page = re.findall(r"\['([\w-]+)', '([^']+)', '(#[0-9a-f]{6})'\]", js[js.index('var TYPES'):js.index('var TYPE =')])
    assert [tuple(row) for row in knowledge.rows('unit_type_names.tsv')] == page
    words = knowledge.words('column_names.tsv')
    roles = dict(re.findall(r"(\w+): \{name: '([^']+)'", js[js.index('var ROLE ='):js.index('var CO_EDGE')]))
    assert {en: zh for en, zh in words['role']} == roles
    sources = dict(re.findall(r"'?([\w-]+)'?: '([^']+)'", js[js.index('var SOURCE_NAMES'):js.index('function typeOf')]))
    assert {en: zh for en, zh in words['role_source']} == sources


def test_every_new_file_is_byte_identical_for_the_same_graph(sample, tmp_path):
    graph, out, _ = sample
    graph.save(tmp_path, html=False, jobs=1, diagnostics=graph.diagnostics)
    for name in NEW_FILES:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_csv_cells_that_look_like_formulas_stay_text(tmp_path):
    from graphkit import export
    path = tmp_path / 'diagnostics.csv'
    export.write_diagnostics_csv({'=cmd|calc.xlsx': ['damaged: =HYPERLINK("http://x")', 'no-units: +1']},
                                 str(path), 'en')
    rows = list(csv.reader(io.StringIO(path.read_text(encoding='utf-8-sig'))))
    assert rows[1][0] == "'=cmd|calc.xlsx" and rows[1][2].startswith("'=HYPERLINK")
    assert rows[2][2] == "'+1"
