import json
import os

import networkx as nx
import pytest
from click.testing import CliRunner

import graphkit
from graphkit.batch import collect, document_names
from graphkit.cli import cli
from graphkit.xmlgraph import split_list

from .conftest import DATA

OUTPUTS = ['graph.json', 'graph.graphml', 'graph.gexf', 'measures.jsonl', 'units.csv', 'centrality.csv',
           'measures.csv', 'projection.csv', 'projection.gexf', 'matrix.csv', 'diagnostics.csv', 'report.md']


@pytest.fixture(scope='module')
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp('out')
    graph = graphkit.build([DATA], out=out, jobs=2, html=False)
    return graph, out


def test_all_outputs_written(built):
    graph, out = built
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0, name
    assert not [p for p in os.listdir(out) if p.endswith('.tmp')]


def test_graphml_and_gexf_reread_with_their_attributes(built):
    graph, out = built
    for reader in (nx.read_graphml, nx.read_gexf):
        H = reader(out / ('graph.graphml' if reader is nx.read_graphml else 'graph.gexf'))
        assert H.number_of_nodes() == graph.G.number_of_nodes()
        assert H.number_of_edges() == graph.G.number_of_edges()
        unit = H.nodes['u:普宁市教育局']
        assert unit['lead'] == 40 and unit['type'] == 'government' and unit['label'] == '普宁市教育局'
        # GEXF 1.3 liststring (Gephi's list syntax, a JSON array); GraphML has no list type: items joined by |
        variants = json.loads(unit['variants']) if reader is nx.read_gexf else split_list(unit['variants'])
        assert variants == graph.G.nodes['u:普宁市教育局']['variants']
        roles = {d['role'] for _, _, d in H.edges(data=True)}
        assert roles == {'lead', 'support', 'mention'}


def test_load_round_trip(built):
    graph, out = built
    g = graphkit.load(out / 'graph.json')
    assert g.unit('市教育局', jurisdiction='普宁市') == graph.unit('市教育局', jurisdiction='普宁市')
    assert nx.utils.graphs_equal(g.G, graph.G)


def test_csv_files_carry_a_bom_for_excel(built):
    _, out = built
    for name in ('units.csv', 'centrality.csv', 'measures.csv', 'projection.csv', 'matrix.csv'):
        data = (out / name).read_bytes()
        assert data.startswith(b'\xef\xbb\xbf') and '普宁市教育局'.encode() in data
    assert (out / 'diagnostics.csv').read_bytes().startswith(b'\xef\xbb\xbf')


def test_report_summarises_the_build(built):
    _, out = built
    report = (out / 'report.md').read_text(encoding='utf-8')
    for part in ('5 documents', '## Top lead units', '普宁市教育局', '## Top brokers',
                 'Measures with no responsible unit', '## Diagnostics'):
        assert part in report


def test_two_builds_are_byte_identical(tmp_path):
    """The same input gives byte-identical files, with one worker or two, the page included."""
    graphkit.build([DATA], out=tmp_path / 'a', jobs=1)
    graphkit.build([DATA], out=tmp_path / 'b', jobs=2)
    for name in OUTPUTS + ['graph.html']:
        assert (tmp_path / 'a' / name).read_bytes() == (tmp_path / 'b' / name).read_bytes(), name


def test_collect_files_folders_and_globs(tmp_path):
    (tmp_path / 'a').mkdir()
    for p in ('a/x.txt', 'a/y.html', 'b.txt', 'a/README.md', 'a/.hidden.txt'):
        (tmp_path / p).write_text('1.任务。', encoding='utf-8')
    files = collect([tmp_path / 'a', str(tmp_path / '*.txt')])
    assert [os.path.relpath(f, tmp_path) for f in files] == ['a/x.txt', 'a/y.html', 'b.txt']
    assert document_names(['a/x.txt', 'b/x.txt', 'c.txt']) == ['a/x.txt', 'b/x.txt', 'c.txt']


def test_cli_build_and_query(tmp_path):
    r = CliRunner().invoke(cli, ['build', str(DATA), '-o', str(tmp_path), '--no-html', '-j', '1'])
    assert r.exit_code == 0, r.output
    assert 'built 5 documents' in r.stderr
    graph = str(tmp_path / 'graph.json')
    r = CliRunner().invoke(cli, ['query', graph, 'unit', '普宁市教育局', '--json'])
    assert json.loads(r.stdout)[0]['lead'] == 40
    r = CliRunner().invoke(cli, ['query', graph, 'partners', '普宁市教育局', '--csv'])
    assert r.stdout.splitlines()[1].startswith('普宁市财政局,')
    r = CliRunner().invoke(cli, ['query', graph, 'top', '--by', 'betweenness', '-n', '3', '--json'])
    assert len(json.loads(r.stdout)) == 3
    r = CliRunner().invoke(cli, ['query', graph, 'unit', '市教育局'])
    assert r.exit_code != 0 and 'ambiguous' in r.output
    r = CliRunner().invoke(cli, ['query', graph, 'measures', '普宁市财政局', '--role', 'lead', '--json'])
    assert [m['title'] for m in json.loads(r.stdout)] == ['加大财政投入']


def test_a_bad_file_does_not_stop_the_batch(tmp_path):
    src = tmp_path / 'docs'
    src.mkdir()
    (src / 'good.txt').write_bytes((DATA / '001_e4a5ec15abd1b800.txt').read_bytes())
    (src / 'gone.txt').symlink_to(tmp_path / 'nowhere.txt')
    graph = graphkit.build([src], jobs=1)
    assert [d['name'] for d in graph.documents] == ['good.txt']
    assert len(graph.errors) == 1 and 'gone.txt' in graph.errors[0]


def test_cli_units_lists_variants_and_review(tmp_path):
    r = CliRunner().invoke(cli, ['units', str(DATA), '--json', '-j', '1'])
    rows = {u['name']: u for u in json.loads(r.stdout)}
    assert set(rows['普宁市人力资源社会保障局']['variants']) >= {'市人力资源社会保障局'}
    assert rows['贵阳市大数据发展管理局']['variants'] == ['市大数据局']
    r = CliRunner().invoke(cli, ['units', str(DATA), '--review', '--json', '-j', '1'])
    review = json.loads(r.stdout)
    pair = next(x for x in review if {x['a'], x['b']} == {'贵阳市科学技术协会', '贵阳市科学技术局'})
    assert pair['kind'] == 'near-miss'


def test_aliases_file_is_honoured_by_build_units_and_query(tmp_path):
    aliases = tmp_path / 'aliases.tsv'
    aliases.write_text('# mine\n市融媒体中心\t市委宣传部\t普宁市\n教育口\t普宁市教育局\n', encoding='utf-8')
    out = tmp_path / 'out'
    r = CliRunner().invoke(cli, ['build', str(DATA), '-o', str(out), '--no-html', '-j', '1',
                                 '--aliases', str(aliases)])
    assert r.exit_code == 0, r.output
    g = graphkit.load(out / 'graph.json', aliases=str(aliases))
    assert '市融媒体中心' in g.unit('普宁市委宣传部')['variants']
    assert g.unit('教育口')['name'] == '普宁市教育局'
    r = CliRunner().invoke(cli, ['query', '--aliases', str(aliases), str(out / 'graph.json'), 'unit', '教育口',
                                 '--json'])
    assert json.loads(r.stdout)[0]['name'] == '普宁市教育局'
    r = CliRunner().invoke(cli, ['units', str(DATA), '--aliases', str(aliases), '--json', '-j', '1'])
    assert not any(u['name'] == '普宁市融媒体中心' for u in json.loads(r.stdout))


def test_forked_writer_gives_the_same_files(tmp_path, monkeypatch):
    """Large graphs have a forked child write half the files: same bytes as one process."""
    from graphkit import export
    graphkit.build([DATA], out=tmp_path / 'one', jobs=1, html=False)
    monkeypatch.setattr(export, 'FORK_MIN_EDGES', 0)
    calls = []
    real = export._in_child
    monkeypatch.setattr(export, '_in_child', lambda *a: calls.append(1) or real(*a))
    graphkit.build([DATA], out=tmp_path / 'forked', jobs=2, html=False)
    assert calls
    for name in OUTPUTS:
        assert (tmp_path / 'one' / name).read_bytes() == (tmp_path / 'forked' / name).read_bytes(), name


def test_outputs_do_not_depend_on_the_hash_seed(tmp_path):
    import subprocess
    import sys
    for seed in ('1', '2'):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, '-m', 'graphkit', 'build', str(DATA), '-o', str(tmp_path / seed),
                        '-j', '1'], check=True, env=env, capture_output=True)
    for name in OUTPUTS + ['graph.html']:
        assert (tmp_path / '1' / name).read_bytes() == (tmp_path / '2' / name).read_bytes(), name


def test_collect_lists_a_file_once_however_it_is_spelled(tmp_path):
    (tmp_path / 'a').mkdir()
    (tmp_path / 'a' / 'x.txt').write_text('1.任务。', encoding='utf-8')
    (tmp_path / 'link.txt').symlink_to(tmp_path / 'a' / 'x.txt')
    files = collect([tmp_path / 'a' / 'x.txt', str(tmp_path / 'a' / '..' / 'a' / 'x.txt'), tmp_path / 'a',
                     tmp_path / 'link.txt'])
    assert len(files) == 1


def test_no_html_removes_a_stale_page(tmp_path):
    graphkit.build([DATA / '001_e4a5ec15abd1b800.txt'], out=tmp_path, jobs=1)
    assert (tmp_path / 'graph.html').exists()
    graphkit.build([DATA / '002_bcc968c15fa4bd2a.txt'], out=tmp_path, jobs=1, html=False)
    assert not (tmp_path / 'graph.html').exists()     # it would show the other document


def test_bad_page_options_fail_before_any_extraction(tmp_path, monkeypatch):
    from graphkit import batch
    monkeypatch.setattr(batch, 'extract_one', lambda *a, **k: pytest.fail('extracted'))
    r = CliRunner().invoke(cli, ['build', str(DATA), '-o', str(tmp_path), '-j', '1', '--size-by', 'bogus'])
    assert r.exit_code == 2 and 'bogus' in r.output
    assert not list(tmp_path.iterdir())
