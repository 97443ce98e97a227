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

COMPARED = ['graph.json', 'graph.graphml', 'graph.gexf', 'measures.jsonl', 'units.csv', 'centrality.csv',
            'measures.csv', 'projection.csv', 'projection.gexf', 'matrix.csv']

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
    before = tree(out)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(export, 'report_md', interrupted)
    with pytest.raises(KeyboardInterrupt):
        graphkit.build([DATA / '001_e4a5ec15abd1b800.txt'], out=out, jobs=1, html=False)
    assert tree(out) == before     # no temp file left behind either



def tree(folder):
    """Every file under ``folder`` (the store's tables too), by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob('*')) if p.is_file()}


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
    # a file whose bytes another file has is read once and reported (skipped)
    assert len(g.errors) + len(g.documents) + len(g.skipped) == len(files)
    assert len(g.skipped) <= len(files) - len(set(files))
    # every refusal is a stated problem, never an exception caught by the batch
    assert not [e for e in g.errors if 'cannot extract (' in e], g.errors


def test_a_worker_that_dies_costs_only_its_file(tmp_path, monkeypatch):
    from graphkit import batch
    src = tmp_path / 'src'
    src.mkdir()
    for p in sorted(DATA.glob('*.txt'))[:3]:
        shutil.copy(p, src / p.name)
    # not a byte copy of a sample (a copy would be read once, never handed to a worker)
    (src / 'kills.txt').write_bytes((DATA / '001_e4a5ec15abd1b800.txt').read_bytes() + b'\n')
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


# --- the reliability issue: one regression test per reproduction -------------------------

def _copy_samples(folder):
    folder.mkdir(parents=True, exist_ok=True)
    for p in sorted(DATA.glob('*.txt')):
        shutil.copy(p, folder / p.name)
    return folder


@pytest.mark.parametrize('raw_name', [b'\xbc\xc6\xbb\xae.txt', b'\xff.txt', b'bad\nbuilt 999 documents.txt',
                                      b'esc\x1b[31m.txt'])
def test_1_10_a_failing_file_with_a_hostile_name_costs_only_itself(tmp_path, raw_name):
    src = _copy_samples(tmp_path / 'r')
    with open(os.path.join(os.fsencode(src), raw_name), 'wb'):
        pass                                   # an empty file: it fails
    r = CliRunner().invoke(cli, ['build', str(src), '-o', str(tmp_path / 'out'), '-j', '1', '--no-html'])
    assert r.exit_code == 0, r.output
    failed = [line for line in r.stderr.splitlines() if 'empty file' in line]
    assert len(failed) == 1 and '\x1b' not in failed[0]
    assert not [line for line in r.stderr.splitlines() if line.startswith('built 999')]
    report = (tmp_path / 'out' / 'report.md').read_text(encoding='utf-8')
    assert 'empty file' in report and 'built 5 documents' not in report


def test_2_deep_nesting_in_a_page_loses_no_text(tmp_path):
    items = [f'<p>{i}、推进第{i}项工作。加强落实。(牵头单位:市教育局;责任单位:市财政局)</p>' for i in range(1, 21)]
    deep = '<span>' * 300 + '说明' + '</span>' * 300
    for name, page in (('middle.html', f'<div class="TRS_Editor">{"".join(items[:10])}{deep}{"".join(items[10:])}</div>'),
                       ('before.html', f'{deep}<div class="TRS_Editor">{"".join(items)}</div>')):
        path = tmp_path / name
        path.write_text(f'<html><body>{page}</body></html>', encoding='utf-8')
        doc = graphkit.extract(path)
        assert len(doc.measures) == 20, name
        assert any('nested' in str(d) for d in doc.diagnostics)


@pytest.mark.parametrize('text, message', [
    ('市教育局\t市财政局\n市财政局\t市教育局\n', 'lines 1, 2: a cycle'),
    ('a\tb\nb\tc\nc\ta\n', 'lines 1, 2, 3: a cycle (a → b → c → a)'),
    ('市教育局\t市教育体育局\n!市教育局\t市教育体育局\n', 'lines 1, 2: 市教育局 and 市教育体育局 are both merged'),
    ('a\tb\njust one cell\n', 'line 2: not a rule'),
    ('a\tb\na\tc\n', 'lines 1, 2: a is sent to two units'),
])
def test_3_an_aliases_file_that_contradicts_itself_is_refused_with_its_lines(tmp_path, text, message):
    path = tmp_path / 'aliases.tsv'
    path.write_text(text, encoding='utf-8')
    r = CliRunner().invoke(cli, ['build', str(DATA), '-o', str(tmp_path / 'out'), '-j', '1', '--aliases', str(path)])
    assert r.exit_code == 1 and message in r.output and str(path) in r.output and 'Traceback' not in r.output
    assert not (tmp_path / 'out' / 'graph.json').exists()


def test_3_aliases_in_other_encodings_chains_and_a_large_file(tmp_path):
    from graphkit.resolution import load_aliases, resolve
    for enc in ('gb18030', 'utf-16', 'utf-8-sig'):
        path = tmp_path / f'{enc}.tsv'
        path.write_bytes('市政数局\t市政务服务数据管理局\n'.encode(enc))
        assert load_aliases(path).merges == [('市政数局', '市政务服务数据管理局', None)]
    path = tmp_path / 'chain.tsv'
    path.write_text('市甲局\t市乙局\n市乙局\t市丙局\n', encoding='utf-8')
    got = resolve(['市甲局', '市乙局', '市丙局'], '普宁市', aliases=str(path))
    assert len(set(got.values())) == 1
    big = tmp_path / 'big.tsv'
    big.write_text(''.join(f'市测试{i}局\t市测试单位{i}局\n' for i in range(20000)), encoding='utf-8')
    import time
    start = time.process_time()
    got = resolve([f'市测试{i}局' for i in range(0, 20000, 40)], '普宁市', aliases=str(big))
    assert time.process_time() - start < 10            # linear: was quadratic (73 s for 50,000 lines)
    assert got['市测试40局'] == '普宁市测试单位40局'


def test_4_a_decompression_bomb_is_refused_within_its_budget(tmp_path, monkeypatch):
    import zlib
    from graphkit.ingest import budget
    monkeypatch.setattr(budget, 'MAX_INFLATE', 4 * 1024 * 1024)
    from graphkit.ingest import pdf
    monkeypatch.setattr(pdf, 'MAX_INFLATE', 4 * 1024 * 1024)
    monkeypatch.setattr(pdf, 'pdf_inflate_budget', lambda: budget.pdf_inflate_budget(4 * 1024 * 1024))
    stream = zlib.compress(b'0 0 m\n' * (4 << 20), 9)           # 24 MB of content for 24 KB
    objs = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
            b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
            b'<< /Length %d /Filter /FlateDecode >>\nstream\n' % len(stream) + stream + b'\nendstream']
    out, offsets = b'%PDF-1.4\n', []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b'%d 0 obj\n' % i + o + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 5\n0000000000 65535 f \n' + b''.join(b'%010d 00000 n \n' % o for o in offsets)
    out += b'trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % xref
    (tmp_path / 'bomb.pdf').write_bytes(out)
    with pytest.raises(graphkit.InputError, match='expand beyond 4.0 MB'):
        graphkit.extract(tmp_path / 'bomb.pdf')


def test_4_a_zip_part_beyond_its_limit_is_refused(tmp_path):
    import zipfile
    from graphkit.ingest import budget
    path = tmp_path / 'big.zip'
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('word/document.xml', b' ' * (3 << 20))
    with zipfile.ZipFile(path) as z, pytest.raises(graphkit.InputError, match='expands beyond'):
        budget.read_member(z, 'word/document.xml', 1 << 20, 'big.zip')
    with zipfile.ZipFile(path) as z, pytest.raises(graphkit.InputError, match='expands beyond'):
        budget.check_members(z, 1 << 20, 'big.zip')


def test_5_the_output_folder_inside_the_input_folder_is_never_input(tmp_path):
    src = _copy_samples(tmp_path / 'in')
    first = CliRunner().invoke(cli, ['build', str(src), '-o', str(src / 'out'), '-j', '1'])
    second = CliRunner().invoke(cli, ['build', str(src), '-o', str(src / 'out'), '-j', '1'])
    assert first.exit_code == second.exit_code == 0
    assert (src / 'out' / '.graphkit-output').exists()
    assert 'built 5 documents (0 failed)' in second.stderr
    assert not any('report.md' in f or 'graph.html' in f for f in graphkit.batch.collect([src]))


def test_6_stale_temp_files_of_a_killed_build_are_swept(tmp_path, clean_build):
    import subprocess
    import sys
    out = tmp_path / 'out'
    shutil.copytree(clean_build, out)
    dead = subprocess.run([sys.executable, '-c', 'import os; print(os.getpid())'], capture_output=True, text=True)
    stale = out / f'.graph.json.{dead.stdout.strip()}.abc123.tmp'
    stale.write_bytes(b'x' * 1000)
    stale_folder = out / f'.graph.measures.{dead.stdout.strip()}.abc123.tmp'     # a large build's staged page files
    stale_folder.mkdir()
    (stale_folder / '00000.js').write_bytes(b'x')
    ours = out / f'.graph.json.{os.getpid()}.live99.tmp'       # a running build's: kept
    ours.write_bytes(b'y')
    graphkit.build([DATA / '001_e4a5ec15abd1b800.txt'], out=out, jobs=1, html=False)
    assert not stale.exists() and not stale_folder.exists() and ours.exists()


def test_6_sigterm_mid_write_leaves_no_temp_file_and_the_old_outputs(tmp_path, clean_build):
    import signal
    import subprocess
    import sys
    import time
    out = tmp_path / 'out'
    shutil.copytree(clean_build, out)
    before = tree(out)
    code = ('import time, graphkit.export as e\n'
            'real = e.report_md\n'
            'def slow(*a, **k):\n    open(%r, "w").close(); time.sleep(30); return real(*a, **k)\n'
            'e.report_md = slow\n'
            'from graphkit.cli import main\nmain()\n') % str(tmp_path / 'started')
    proc = subprocess.Popen([sys.executable, '-c', code, 'build', str(DATA), '-o', str(out), '-j', '1', '--no-html'],
                            stderr=subprocess.PIPE)
    for _ in range(600):
        if (tmp_path / 'started').exists():
            break
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    assert tree(out) == before


def test_7_document_names_do_not_depend_on_how_the_paths_were_typed(tmp_path, monkeypatch):
    for folder in ('a', 'b'):
        (tmp_path / 'dup' / folder).mkdir(parents=True)
        shutil.copy(DATA / '001_e4a5ec15abd1b800.txt', tmp_path / 'dup' / folder / 'plan.txt')
    (tmp_path / 'link').symlink_to(tmp_path / 'dup')
    monkeypatch.chdir(tmp_path)
    outputs = []
    for i, spelling in enumerate(['dup', str(tmp_path / 'dup'), './dup/', 'link']):
        graphkit.build([spelling], out=tmp_path / f'o{i}', jobs=1, html=False)
        outputs.append({n: (tmp_path / f'o{i}' / n).read_bytes() for n in COMPARED})
    assert all(o == outputs[0] for o in outputs)
    assert b'a/plan.txt' in outputs[0]['measures.jsonl'] and str(tmp_path).encode() not in outputs[0]['graph.json']


def test_8_bytes_are_read_by_their_format(tmp_path):
    docx = pytest.importorskip('docx')
    d = docx.Document()
    d.add_paragraph('1.扩大学位供给。新建学校。(牵头单位:市教育局;责任单位:市财政局)')
    buf = __import__('io').BytesIO()
    d.save(buf)
    assert [m.lead for m in graphkit.extract(buf.getvalue())] == [['市教育局']]
    mht = ('MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b"\n\n--b\n'
           'Content-Type: text/html; charset="utf-8"\n\n<html><body><p>1.扩大学位供给。(市教育局、市财政局)</p>'
           '</body></html>\n--b--\n').encode('utf-8')
    assert [m.lead for m in graphkit.extract(mht)] == [['市教育局']]
    with pytest.raises(graphkit.InputError, match='PDF'):
        graphkit.extract(b'%PDF-1.4\n' + bytes(range(256)) * 8 + b'\nstartxref\n9\n%%EOF\n')


def test_8_text_that_only_mentions_pdf_nuls_and_mixed_encodings(tmp_path):
    text = '关于%PDF-1.4格式文件的说明\n1.扩大学位供给。新建学校。(牵头单位:市教育局;责任单位:市财政局)\n' * 3
    path = tmp_path / 'mentions.txt'
    path.write_text(text, encoding='utf-8')
    assert graphkit.extract(path).measures[0].lead == ['市教育局']
    data = bytearray((DATA / '001_e4a5ec15abd1b800.txt').read_bytes())
    for i in range(25):
        data[1000 + i * 700] = 0
    (tmp_path / 'nuls.txt').write_bytes(bytes(data))
    doc = graphkit.extract(tmp_path / 'nuls.txt')
    assert len(doc.measures) > 10 and any('NUL' in str(d) for d in doc.diagnostics)
    mixed = ('一、总体要求\n推动教育发展。\n'.encode('utf-8') +
             '二、主要任务\n1.扩大学位供给。(牵头单位:市教育局;责任单位:市财政局)\n'.encode('gbk'))
    (tmp_path / 'mixed.txt').write_bytes(mixed * 2)
    doc = graphkit.extract(tmp_path / 'mixed.txt')
    assert '二、主要任务' in doc.text and '一、总体要求' in doc.text and doc.measures[-1].lead == ['市教育局']


@pytest.mark.parametrize('content, message', [
    (b'', 'empty file'), (b'{"nodes": [', 'truncated JSON'), (b'hello', 'not JSON'),
    (b'{"nodes": []}', 'no "nodes" and "edges" lists'),
    (b'{"nodes": [{"id": "m", "kind": "measure", "doc": "d", "outline": "1", "title": "t"}], '
     b'"edges": [{"source": "m", "target": "u:x", "role": "lead"}]}', 'joins a node that is not in the graph'),
    (b'{"nodes": [{"id": "x", "kind": "thing"}], "edges": []}', "kind 'thing' is neither measure nor unit"),
])
def test_9_a_damaged_graph_file_is_one_line(tmp_path, content, message):
    path = tmp_path / 'graph.json'
    path.write_bytes(content)
    for args in (['query', str(path), 'top'], ['render', str(path), '-o', str(tmp_path / 'g.html')]):
        r = CliRunner().invoke(cli, args)
        assert r.exit_code == 1 and message in r.output and str(path) in r.output, r.output
        assert 'Traceback' not in r.output and 'Usage:' not in r.output


@pytest.mark.parametrize('source, error', [(None, TypeError), (42, TypeError), (b'', graphkit.InputError),
                                           ('data', graphkit.InputError)])
def test_9_extract_says_what_is_wrong_with_its_argument(source, error, monkeypatch):
    monkeypatch.chdir(DATA.parent)
    with pytest.raises(error):
        graphkit.extract(source)


def test_9_a_sentence_ending_like_a_file_name_is_text_and_jobs_must_be_positive(tmp_path):
    doc = graphkit.extract('1.建设学校。(牵头单位:市教育局) 见附件.txt')
    assert doc.measures[0].lead == ['市教育局']
    for jobs in ('0', '-1', '-100'):
        r = CliRunner().invoke(cli, ['build', str(DATA), '-o', str(tmp_path / 'o'), '-j', jobs])
        assert r.exit_code == 2 and 'x>=1' in r.output


def test_10_a_password_protected_pdf_is_said_so(tmp_path):
    pdf = pytest.importorskip('pypdf', reason='pypdf writes the encrypted fixture')
    writer = pdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt('secret')
    path = tmp_path / 'locked.pdf'
    with open(path, 'wb') as f:
        writer.write(f)
    with pytest.raises(graphkit.InputError, match='password-protected'):
        graphkit.extract(path)


def test_10_a_writer_that_fails_is_one_line(tmp_path, monkeypatch):
    def disk_full(*args):
        raise OSError(28, 'No space left on device')
    monkeypatch.setattr(export, 'FORK_MIN_EDGES', 0)
    monkeypatch.setattr(export, '_write_plain', disk_full)
    r = CliRunner().invoke(cli, ['build', str(DATA), '-o', str(tmp_path / 'out'), '-j', '2', '--no-html'])
    assert r.exit_code == 1 and 'a process writing the outputs failed' in r.output
    assert 'Traceback' not in r.output


def test_11_a_page_hidden_until_a_script_shows_it(tmp_path):
    items = ''.join(f'<p>{i}、推进第{i}项工作。(牵头单位:市教育局;责任单位:市财政局)</p>' for i in range(1, 6))
    for style in ('visibility: hidden', 'display:none'):
        page = (f'<html><body style="{style}"><div class="nav" style="display:none"><a>首页</a><a>分享</a></div>'
                f'<div style="{style}"><div class="article">{items}</div></div></body></html>')
        path = tmp_path / 'hidden.html'
        path.write_text(page, encoding='utf-8')
        doc = graphkit.extract(path)
        assert len(doc.measures) == 5 and '分享' not in doc.text
        assert any('hides its text' in str(d) for d in doc.diagnostics)
