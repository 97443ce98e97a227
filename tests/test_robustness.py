"""Bad input never breaks a batch; outputs are never half-written."""
import os
import shutil

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graphkit
from graphkit import export
from graphkit.cli import cli

from .conftest import DATA

COMPARED = ['graph.json', 'graph.graphml', 'graph.gexf', 'measures.jsonl', 'units.csv', 'centrality.csv']

BROKEN = {
    'empty.txt': b'',
    'binary.pdf': b'%PDF-1.7\n' + bytes(range(256)) * 20,
    'random.bin.txt': bytes((i * 37 + 11) % 256 for i in range(5000)),
    'legacy.doc': b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\x00' * 600,
    'not-a-plan.txt': '今天天气很好，我们去公园散步。\n晚上吃饺子。\n'.encode('utf-8'),
    'unbalanced.txt': '二、主要任务\n1.建设学校。（牵头单位：市教育局；责任单位：市财政局\n2.保障经费（市财政局'.encode('gbk'),
    'truncated.docx': b'PK\x03\x04' + b'\x00' * 40,
}


@pytest.fixture(scope='module')
def clean_build(tmp_path_factory):
    out = tmp_path_factory.mktemp('clean')
    graphkit.build([DATA], out=out, jobs=1, html=False)
    return out


@pytest.fixture(scope='module')
def mixed_corpus(tmp_path_factory):
    src = tmp_path_factory.mktemp('mixed')
    for p in DATA.glob('*.txt'):
        shutil.copy(p, src / p.name)
    for name, data in BROKEN.items():
        (src / name).write_bytes(data)
    (src / 'unreadable.txt').write_bytes((DATA / '001_e4a5ec15abd1b800.txt').read_bytes())
    os.chmod(src / 'unreadable.txt', 0)
    (src / 'vanished.txt').symlink_to(src / 'no-such-file.txt')
    yield src
    os.chmod(src / 'unreadable.txt', 0o644)


def test_broken_files_are_reported_once_and_good_outputs_are_unchanged(mixed_corpus, clean_build, tmp_path):
    r = CliRunner().invoke(cli, ['build', str(mixed_corpus), '-o', str(tmp_path), '--no-html', '-j', '2'])
    assert r.exit_code == 0, r.output
    errors = [line for line in r.stderr.splitlines() if not line.startswith(('0', 'built'))]
    bad = set(BROKEN) | {'vanished.txt'} | ({'unreadable.txt'} if os.geteuid() != 0 else set())
    bad -= {'unbalanced.txt'}     # damaged but readable: it builds, with a diagnostic
    for name in bad:
        lines = [line for line in errors if name in line]
        assert len(lines) == 1, (name, lines)
        assert 'Traceback' not in lines[0]
    built = [line for line in r.stderr.splitlines() if line.startswith('built')]
    assert built and 'failed' in built[0]
    report = (tmp_path / 'report.md').read_text(encoding='utf-8')
    assert '## Files not read' in report and 'empty.txt' in report
    if os.geteuid() == 0:   # root reads any file: the copy of 001 builds as a sixth document
        return
    for name in COMPARED:
        assert (tmp_path / name).read_bytes() == (clean_build / name).read_bytes(), name


def test_unbalanced_clause_still_gives_its_measures(mixed_corpus):
    doc = graphkit.extract(mixed_corpus / 'unbalanced.txt')
    assert [m.title for m in doc][:2] == ['建设学校', '保障经费']
    assert doc.measures[0].lead == ['市教育局']
    assert any(d.code == 'unbalanced' for d in doc.diagnostics)


def test_exit_status_when_nothing_builds_and_with_strict(tmp_path):
    bad = tmp_path / 'bad'
    bad.mkdir()
    (bad / 'empty.txt').write_bytes(b'')
    r = CliRunner().invoke(cli, ['build', str(bad), '-o', str(tmp_path / 'out'), '--no-html'])
    assert r.exit_code != 0 and 'empty.txt' in r.stderr
    (bad / 'plan.txt').write_bytes((DATA / '001_e4a5ec15abd1b800.txt').read_bytes())
    r = CliRunner().invoke(cli, ['build', str(bad), '-o', str(tmp_path / 'out'), '--no-html', '-j', '1'])
    assert r.exit_code == 0
    r = CliRunner().invoke(cli, ['build', str(bad), '-o', str(tmp_path / 'out'), '--no-html', '-j', '1',
                                 '--strict'])
    assert r.exit_code == 1


def test_an_interrupted_build_leaves_the_previous_outputs(tmp_path, monkeypatch, clean_build):
    out = tmp_path / 'out'
    shutil.copytree(clean_build, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(export, 'report_md', interrupted)
    with pytest.raises(KeyboardInterrupt):
        graphkit.build([DATA / '001_e4a5ec15abd1b800.txt'], out=out, jobs=1, html=False)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before     # no temp file left behind either


SAMPLES = [p.read_bytes() for p in sorted(DATA.glob('*.txt'))]


@given(st.lists(st.one_of(st.binary(max_size=300),
                          st.tuples(st.sampled_from(SAMPLES), st.integers(0, 50000), st.binary(max_size=40))
                          .map(lambda t: t[0][:t[1]] + t[2] + t[0][t[1] + 200:t[1] + 4000])),
                min_size=1, max_size=3))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
def test_build_never_raises_on_random_and_mutated_files(tmp_path_factory, files):
    src = tmp_path_factory.mktemp('fuzz')
    for i, data in enumerate(files):
        (src / f'f{i}.txt').write_bytes(data)
    g = graphkit.build([src], jobs=1)
    assert len(g.errors) + len(g.documents) == len(files)
    # every refusal is a stated problem, never an exception caught by the batch
    assert not [e for e in g.errors if 'cannot extract (' in e], g.errors


def test_a_worker_that_dies_costs_only_its_file(tmp_path, monkeypatch):
    from graphkit import batch
    src = tmp_path / 'src'
    src.mkdir()
    for p in sorted(DATA.glob('*.txt'))[:3]:
        shutil.copy(p, src / p.name)
    (src / 'kills.txt').write_bytes((DATA / '001_e4a5ec15abd1b800.txt').read_bytes())
    real = batch.extract_one

    def extract_one(path, name, with_keywords=True):
        if path.endswith('kills.txt'):
            os._exit(3)     # a crash in a parser library, as the pool sees it
        return real(path, name, with_keywords)
    monkeypatch.setattr(batch, 'extract_one', extract_one)
    g = graphkit.build([src], jobs=2)
    assert len(g.documents) == 3
    assert len(g.errors) == 1 and 'kills.txt' in g.errors[0] and 'died' in g.errors[0]


def test_task_table_rows_of_one_width_stay_rows(tmp_path):
    """Rows of a task table as wide as each other are no hard-wrapped paragraph."""
    rows = ''.join(f'<tr><td>{i}</td><td>推进第{i}项重点工作按期完成</td><td>市教育局</td><td>市财政局</td>'
                   f'<td>2025年底前</td></tr>' for i in range(1, 11))
    page = ('<html><head><meta charset="utf-8"><title>方案</title></head><body><div id="zoom">'
            '<p>某某市教育强市行动方案</p><table><tr><td>序号</td><td>重点任务</td><td>牵头单位</td>'
            f'<td>配合单位</td><td>完成时限</td></tr>{rows}</table></div></body></html>')
    (tmp_path / 'a.html').write_text(page, encoding='utf-8')
    measures = graphkit.extract(tmp_path / 'a.html').measures
    assert len(measures) == 10 and all(m.lead == ['市教育局'] for m in measures)
    text = '序号\t重点任务\t牵头单位\t配合单位\t完成时限\n' + '\n'.join(
        f'{i}\t推进第{i}项重点工作按期完成\t市教育局\t市财政局\t2025年底前' for i in range(1, 11))
    assert len(graphkit.extract_text(text).measures) == 10


def test_a_file_name_that_is_not_utf8_builds(tmp_path):
    name = os.fsdecode('计划'.encode('gbk')) + '.txt'
    shutil.copy(DATA / '001_e4a5ec15abd1b800.txt', tmp_path / name)
    g = graphkit.build([tmp_path], out=tmp_path / 'out', jobs=1)
    assert [d['name'] for d in g.documents] == ['计划.txt']
    assert (tmp_path / 'out' / 'graph.graphml').exists()


def test_paths_are_never_read_as_text_and_outputs_are_checked_first(tmp_path):
    r = CliRunner().invoke(cli, ['build', str(tmp_path / 'nosuchdir'), str(DATA / '001_e4a5ec15abd1b800.txt'),
                                 '-o', str(tmp_path / 'out'), '-j', '1', '--no-html'])
    assert r.exit_code == 0 and 'nosuchdir: file not found' in r.stderr
    (tmp_path / 'file').write_text('x')
    r = CliRunner().invoke(cli, ['build', str(DATA), '-o', str(tmp_path / 'file' / 'out'), '-j', '1'])
    assert r.exit_code == 1 and 'cannot make the output folder' in r.output and 'Traceback' not in r.output


def test_portal_extensions_are_collected(tmp_path):
    for ext in ('shtml', 'xhtml', 'mht', 'mhtml', 'htm'):
        (tmp_path / f'a.{ext}').write_text('<html><body><p>1.任务。</p></body></html>', encoding='utf-8')
    assert len(graphkit.batch.collect([tmp_path])) == 5
