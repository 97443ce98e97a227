"""The store: the record of a build in Parquet, queried through DuckDB; large builds
answered from it; incremental builds; the store folder swapped in whole."""
import hashlib
import html as htmllib
import os
import re
import shutil

import networkx as nx
import pytest
from click.testing import CliRunner

import graphkit
from graphkit import batch, export, store
from graphkit.cli import cli

from .conftest import DATA


def digest(folder):
    """sha256 of every file under ``folder``, by relative path."""
    out = {}
    for root, _, files in os.walk(folder):
        for f in files:
            path = os.path.join(root, f)
            out[os.path.relpath(path, folder)] = hashlib.sha256(open(path, 'rb').read()).hexdigest()
    return out


@pytest.fixture(scope='module')
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp('built')
    g = graphkit.build([DATA], out=out, jobs=1)
    return g, out


def test_the_store_holds_the_graph_the_build_made(built):
    g, out = built
    s = store.Store(out / 'store')
    assert nx.utils.graphs_equal(s.graph(), g.G)
    assert list(s.graph().nodes) == list(g.G.nodes) and list(s.graph().edges) == list(g.G.edges)
    assert s.count('documents') == 5 and s.count('measures') == g.summary()['measures']
    assert s.count('edges') == g.G.number_of_edges()
    units = {r['id']: r for r in s.sql('SELECT * FROM units')}
    for u, d in g.G.nodes(data=True):
        if d['kind'] == 'unit':
            assert (units[u]['lead'], units[u]['support'], units[u]['variants']) == \
                (d['lead'], d['support'], d['variants'])


def test_outputs_are_those_of_a_build_in_memory(built, tmp_path):
    g, out = built
    memory = graphkit.build([DATA], jobs=1)
    export.write_all(memory, tmp_path, jobs=1, diagnostics=memory.diagnostics)
    for name in ('graph.json', 'graph.gexf', 'measures.jsonl', 'units.csv', 'centrality.csv', 'report.md'):
        assert (out / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_sql_and_the_api_agree(built):
    g, out = built
    loaded = graphkit.load(out)
    rows = loaded.sql("""SELECT u.name, count(*) AS n FROM edges e JOIN units u ON u.id = e.unit
                         WHERE e.role = 'lead' GROUP BY 1 ORDER BY n DESC, 1 LIMIT 5""")
    assert [(r['name'], r['n']) for r in rows] == [(r['unit'], r['lead']) for r in g.top('lead', 5)]
    shared = loaded.sql("""SELECT weight FROM projection WHERE a = 'u:普宁市教育局' AND b = 'u:普宁市财政局'""")
    assert shared[0]['weight'] == g.projection()['u:普宁市教育局']['u:普宁市财政局']['weight']
    with pytest.raises(ValueError):
        loaded.sql('DROP VIEW edges')
    r = CliRunner().invoke(cli, ['query', str(out), 'sql', 'SELECT count(*) AS n FROM measures', '--json'])
    assert r.exit_code == 0 and '"n": 186' in r.stdout
    r = CliRunner().invoke(cli, ['query', str(out), 'sql', "COPY edges TO 'x.csv'"])
    assert r.exit_code == 1 and 'only reading queries' in r.output


@pytest.fixture(scope='module')
def large(tmp_path_factory):
    """The samples built as a large build (the threshold lowered), and in memory."""
    out = tmp_path_factory.mktemp('large')
    saved = store.SMALL_BUILD
    store.SMALL_BUILD = 50
    try:
        g = graphkit.build([DATA], out=out, jobs=1)
        loaded = graphkit.load(out)
    finally:
        store.SMALL_BUILD = saved
    return g, loaded, out, graphkit.build([DATA], jobs=1)


def test_a_large_build_writes_what_fits_and_says_what_it_left_out(large):
    g, loaded, out, _ = large
    assert g.in_store and loaded.in_store
    files = set(os.listdir(out))
    assert {'graph.html', 'units.csv', 'centrality.csv', 'projection.csv', 'projection.gexf', 'matrix.csv',
            'diagnostics.csv', 'report.md', 'store'} <= files
    assert not files & {'graph.json', 'graph.graphml', 'graph.gexf', 'measures.jsonl', 'measures.csv'}
    report = (out / 'report.md').read_text(encoding='utf-8')
    assert '186 measures (more than 50): graph.json, graph.graphml, graph.gexf, measures.jsonl, measures.csv, ' \
           'review.html not written' in report and f'graphkit review {out} --document NAME' in report
    memory = large[3]
    projection = (out / 'projection.csv').read_text(encoding='utf-8-sig').splitlines()
    assert len(projection) == 1 + memory.projection().number_of_edges()
    assert '"view":"units"' in (out / 'graph.html').read_text(encoding='utf-8') or \
        'gzip' in (out / 'graph.html').read_text(encoding='utf-8')


def test_a_large_build_answers_as_the_graph_in_memory(large):
    g, loaded, out, memory = large
    for q in (g, loaded):
        assert q.centrality(as_frame=False) == memory.centrality(as_frame=False)
        assert q.summary() == memory.summary()
        assert q.unit('市教育局', jurisdiction='普宁市') == memory.unit('市教育局', jurisdiction='普宁市')
        assert q.measures('普宁市财政局') == memory.measures('普宁市财政局')
        assert q.measures('普宁市教育局', role='lead') == memory.measures('普宁市教育局', role='lead')
        assert q.partners('普宁市教育局') == memory.partners('普宁市教育局')
        assert q.top('pagerank', 5) == memory.top('pagerank', 5)
        for kw in ({'documents': ['001_e4a5ec15abd1b800.txt']}, {'units': ['贵阳市教育局']}, {'jurisdiction': '贵阳'}):
            assert nx.utils.graphs_equal(q.subgraph(**kw).G, memory.subgraph(**kw).G), kw
    assert loaded._G is None          # nothing above needed the whole graph


def test_an_interrupted_build_keeps_the_previous_store(built, tmp_path, monkeypatch):
    _, out = built
    folder = tmp_path / 'out'
    shutil.copytree(out, folder)
    before = digest(folder / 'store')

    def fail(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(export, 'write_all', fail)
    with pytest.raises(KeyboardInterrupt):
        graphkit.build([DATA / '001_e4a5ec15abd1b800.txt'], out=folder, jobs=1)
    assert digest(folder / 'store') == before
    assert not [f for f in os.listdir(folder) if f.startswith('.store')]


def test_a_store_left_between_the_two_renames_is_put_back(tmp_path):
    (tmp_path / 'store.old-123').mkdir()
    store.recover(str(tmp_path / 'store'))
    assert (tmp_path / 'store').is_dir() and not (tmp_path / 'store.old-123').exists()


def test_an_incremental_build_extracts_only_what_changed(tmp_path, monkeypatch):
    docs = tmp_path / 'docs'
    shutil.copytree(DATA, docs, ignore=shutil.ignore_patterns('*.md'))
    graphkit.build([docs], out=tmp_path / 'out', jobs=1, html=False)
    first = digest(tmp_path / 'out' / 'store')
    extracted = []
    real = batch._extract_star
    monkeypatch.setattr(batch, '_extract_star', lambda args: extracted.append(args[1]) or real(args))
    graphkit.build([docs], out=tmp_path / 'out', jobs=1, html=False)
    assert extracted == [] and digest(tmp_path / 'out' / 'store') == first
    changed = docs / '002_bcc968c15fa4bd2a.txt'
    changed.write_text(changed.read_text(encoding='utf-8') + '\n', encoding='utf-8')
    g = graphkit.build([docs], out=tmp_path / 'out', jobs=1, html=False)
    assert extracted == ['002_bcc968c15fa4bd2a.txt']
    fresh = graphkit.build([docs], out=tmp_path / 'fresh', jobs=1, html=False)
    assert nx.utils.graphs_equal(g.G, fresh.G)
    tables = {k: v for k, v in digest(tmp_path / 'out' / 'store').items() if not k.startswith('documents')}
    assert tables == {k: v for k, v in digest(tmp_path / 'fresh' / 'store').items() if not k.startswith('documents')}


def test_identical_documents_under_two_paths_are_read_once(tmp_path):
    docs = tmp_path / 'docs'
    docs.mkdir()
    shutil.copy(DATA / '001_e4a5ec15abd1b800.txt', docs / 'a.txt')
    shutil.copy(DATA / '001_e4a5ec15abd1b800.txt', docs / 'b.txt')
    g = graphkit.build([docs], out=tmp_path / 'out', jobs=1, html=False)
    assert [d['name'] for d in g.documents] == ['a.txt']
    assert len(g.skipped) == 1 and 'b.txt: the same bytes as a.txt' in g.skipped[0]
    r = CliRunner().invoke(cli, ['build', str(docs), '-o', str(tmp_path / 'cli'), '-j', '1', '--no-html'])
    assert r.exit_code == 0 and 'the same bytes as a.txt; read once' in r.stderr


def test_the_dask_engine_writes_the_same_store_as_the_local_one(tmp_path, monkeypatch):
    pytest.importorskip('dask.bag')
    pytest.importorskip('distributed')
    monkeypatch.setattr(store, 'BATCH', 2)        # several part files, read by several workers
    local = graphkit.build([DATA], out=tmp_path / 'local', jobs=2, html=False)
    cluster = graphkit.build([DATA], out=tmp_path / 'dask', jobs=2, html=False, engine='dask')
    assert sorted(os.listdir(tmp_path / 'local' / 'store' / 'measures')) == \
        ['part-00000.parquet', 'part-00001.parquet', 'part-00002.parquet']
    assert digest(tmp_path / 'local') == digest(tmp_path / 'dask')
    assert nx.utils.graphs_equal(local.G, cluster.G)


def test_the_dask_engine_needs_an_output_folder():
    with pytest.raises(ValueError, match='out'):
        graphkit.build([DATA], engine='dask')


@pytest.mark.parametrize('statement', [
    "EXPLAIN ANALYZE COPY (SELECT 1) TO 'x.csv'",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT 1; SELECT 2",
    "INSTALL httpfs",
    "ATTACH 'x.db'",
])
def test_sql_on_a_store_reads_the_store_only(built, statement):
    _, out = built
    g = graphkit.load(out)
    with pytest.raises(Exception) as caught:
        g.sql(statement)
    assert 'only reading queries' in str(caught.value) or 'disabled by configuration' in str(caught.value)


def test_rows_of_other_code_are_extracted_again(tmp_path, monkeypatch):
    from graphkit import batch
    graphkit.build([DATA / DOC_ONE], out=tmp_path / 'out', jobs=1, html=False)
    extracted = []
    real = batch._extract_star
    monkeypatch.setattr(batch, '_extract_star', lambda args: extracted.append(args[1]) or real(args))
    monkeypatch.setattr(store, 'code_fingerprint', lambda: 'another-version')
    graphkit.build([DATA / DOC_ONE], out=tmp_path / 'out', jobs=1, html=False)
    assert extracted == [DOC_ONE]


def test_a_subgraph_keeps_the_graphs_order(built):
    g, _ = built
    part = g.subgraph(documents=[DOC_ONE]).G
    assert list(part) == [n for n in g.G if n in part]
    assert list(part.edges) == [(a, b) for a, b in g.G.edges if a in part and b in part]


DOC_ONE = '001_e4a5ec15abd1b800.txt'


def test_a_large_build_page_has_each_units_measures_beside_it(large):
    from graphkit import render
    g, loaded, out, memory = large
    html = (out / 'graph.html').read_text(encoding='utf-8')
    m = re.search(r'data-encoding="([^"]+)">([^<]*)</script>', html)
    data = render.decode_data(m.group(1), m.group(2))
    assert data['measures'] == [] and data['measureFiles']['dir'] == render.MEASURE_FILES
    assert "'self'" in htmllib.unescape(html).split('script-src', 1)[1].split(';', 1)[0]     # it may load them
    rows = {}
    for k, start in enumerate(data['measureFiles']['starts']):
        js = (out / render.MEASURE_FILES / f'{k:05d}.js').read_text(encoding='ascii')
        number, key, packed = re.fullmatch(r'graphkitMeasures\((\d+),"([0-9a-f]{16})","([A-Za-z0-9+/=]*)"\);\n',
                                           js).groups()
        units = render.decode_data('gzip+base64', packed)
        assert int(number) == k and min(map(int, units)) == start and key == data['measureFiles']['key']
        rows.update({int(u): r for u, r in units.items()})
    docs = [d['name'] for d in data['docs']]
    for i, u in enumerate(data['units']):
        want = memory.measures(u['name'])
        got = rows.get(i, [])
        assert [(docs[r[0]], r[1], data['roles'][r[3]]) for r in got] == \
            [(w['doc'], w['outline'], w['role']) for w in want], u['name']
        assert all(r[2] for r in got)
    # the same build twice: the same bytes; a small build in the same folder removes them
    saved = store.SMALL_BUILD
    store.SMALL_BUILD = 50
    try:
        again = out.parent / 'large-again'
        graphkit.build([DATA], out=again, jobs=1)
    finally:
        store.SMALL_BUILD = saved
    assert digest(again / render.MEASURE_FILES) == digest(out / render.MEASURE_FILES)
    graphkit.build([DATA], out=again, jobs=1)
    assert not (again / render.MEASURE_FILES).exists() and (again / 'graph.json').exists()


def test_the_page_of_a_large_build_again_from_its_folder(large, tmp_path):
    from graphkit import render
    g, loaded, out, memory = large
    page = tmp_path / 'pages' / 'units.html'
    page.parent.mkdir()
    loaded.to_html(page, size_by='pagerank')
    html = page.read_text(encoding='utf-8')
    m = re.search(r'data-encoding="([^"]+)">([^<]*)</script>', html)
    data = render.decode_data(m.group(1), m.group(2))
    assert data['sizeBy'] == 'pagerank' and data['measureFiles']['dir'] == 'units.measures'
    assert digest(tmp_path / 'pages' / 'units.measures') == digest(out / render.MEASURE_FILES)
    assert not [f for f in os.listdir(tmp_path / 'pages') if f.startswith('.')]     # nothing staged left


def test_render_takes_a_build_folder_and_makes_the_pages_folder(built, tmp_path):
    _, out = built
    r = CliRunner().invoke(cli, ['render', str(out), '-o', str(tmp_path / 'new' / 'page.html')])
    assert r.exit_code == 0, r.output
    assert (tmp_path / 'new' / 'page.html').stat().st_size > 10_000
